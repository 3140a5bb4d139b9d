import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, SSHFS_COHERENT_OPTIONS, sshfsMissing, startService, startSshServer, type RunningService, type SshServer, type SshfsMount } from '@payrail/testing';
import { DEFAULT_ROUTING } from '../routing/routingRules';
import { call, eventually, ledgerVsBooks, startRaceStack, type Answer, type RaceStack } from '../testing/raceCalls';

// One data folder, two gateway processes: one on the folder itself, one on a second mount of it over a
// real network file system (sshfs, through an sshd of this test's own on loopback). The ledger lock (a
// mkdir), the epoch file, the stream marks and the appends all cross the mount. What must hold there is
// what holds on one disk: each money race decided once, one PaymentIntent per Idempotency-Key, and a
// gateway killed mid-load on the mount leaves a folder that verifies, with every acknowledged create in it.
//
// SSHFS_TEST_OPTIONS overrides the mount's cache options (comma-separated; `default` for sshfs's own
// defaults), to see what breaks without them (README, "Network file systems").

const MISSING = sshfsMissing();
const IN_CI = process.env['CI'] === 'true';
const ROUNDS = Number(process.env['NFS_ROUNDS'] ?? 4);
const OPTIONS = process.env['SSHFS_TEST_OPTIONS'] === undefined ? SSHFS_COHERENT_OPTIONS : process.env['SSHFS_TEST_OPTIONS'] === 'default' ? [] : process.env['SSHFS_TEST_OPTIONS'].split(',').filter(Boolean);
type Processor = 'providerA' | 'providerB';
const CURRENCY: Record<Processor, string> = { providerA: 'usd', providerB: 'eur' };

jest.setTimeout(60_000);

// Locally, without sshd or sshfs, the suite is skipped; in CI (which installs them) it fails, saying so.
(MISSING.length === 0 || IN_CI ? describe : describe.skip)('two gateways on one data folder, one of them over sshfs', () => {
  let ssh: SshServer | null = null;
  let mount: SshfsMount | null = null;
  let stack: RaceStack;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let sim: RunningService;
  /** [on the folder, on the sshfs mount of it] */
  let gateways: [RunningService, RunningService];
  let token: string;
  const payments: string[] = [];
  let sequence = 0;
  const key = (what: string): string => `nfs-${what}-${++sequence}`;

  beforeAll(async () => {
    if (MISSING.length > 0) throw new Error(`sshfs integration test: missing ${MISSING.join(', ')}. CI installs them (.ci/run: apt-get install openssh-server sshfs); locally the suite is skipped without them.`);
    // The first gateway (on the folder) starts alone and creates the demo merchant; the second finds it, over the mount.
    stack = await startRaceStack({
      label: 'nfs-data',
      routing: { ...DEFAULT_ROUTING, rules: [{ name: 'euros to providerB', when: { currency: ['EUR'] }, prefer: ['providerB', 'providerA'] }, { name: 'the rest to providerA', when: {}, prefer: ['providerA', 'providerB'] }] },
      gatewayEnvs: async (folder) => {
        ssh = await startSshServer('nfs-sshd');
        mount = await ssh.mount(folder, OPTIONS);
        return [{}, { DATA_DIR: mount.mountpoint }];
      },
    });
    ({ dir, env, sim, gateways, token } = stack);
  }, 40_000);

  afterAll(async () => {
    // Gateways first (the one on the mount holds files open there), then the mount, then sshd.
    await stack?.close();
    await mount?.unmount();
    await ssh?.stop();
  }, 20_000);

  async function authorized(processor: Processor, amount: number): Promise<string> {
    // Created through one mount, confirmed through the other: each must read what the other wrote.
    const created = await call(gateways[0], 'POST', '/v1/payment-intents', { amount, currency: CURRENCY[processor], capture_method: 'manual', payment_method: token }, key('create'));
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    payments.push(id);
    const confirmed = await call(gateways[1], 'POST', `/v1/payment-intents/${id}/confirm`, {}, key('confirm'));
    expect({ status: confirmed.status, state: confirmed.body.status, processor: confirmed.body.processor }).toEqual({ status: 200, state: 'authorized', processor });
    return id;
  }

  /** Both at once, one to each gateway; which one goes first alternates with the round. */
  async function race(round: number, send: (g: RunningService) => Promise<Answer>): Promise<Answer[]> {
    const order = round % 2 === 0 ? gateways : ([gateways[1], gateways[0]] as const);
    const answers = await Promise.all(order.map((g) => send(g)));
    for (const answer of answers) expect({ status: answer.status < 500, body: answer.body }).toEqual({ status: true, body: answer.body });
    return answers;
  }

  async function ledgerLines(): Promise<Array<{ type: string; ref: string; data: Record<string, unknown>; idempotency?: { key: string } }>> {
    return (await fs.readFile(path.join(dir, 'ledger/payments.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
  }

  for (const processor of ['providerA', 'providerB'] as const) {
    it(`capture vs capture across the mounts (${processor}): one wins, the other is 409`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const id = await authorized(processor, 20_000);
        const answers = await race(round, (g) => call(g, 'POST', `/v1/payment-intents/${id}/capture`, { amount_to_capture: g === gateways[0] ? 19_905 : 19_805 }, key('capture')));
        expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
        expect(answers.find((a) => a.status === 200)?.body).toMatchObject({ status: 'captured' });
        expect(answers.find((a) => a.status === 409)?.body.error).toMatchObject({ code: 'invalid_state_transition' });
      }
    });

    it(`refund vs refund over the captured amount across the mounts (${processor}): one succeeds`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const id = await authorized(processor, 10_000);
        expect((await call(gateways[round % 2] as RunningService, 'POST', `/v1/payment-intents/${id}/capture`, {}, key('capture'))).status).toBe(200);
        const answers = await race(round, (g) => call(g, 'POST', '/v1/refunds', { payment_intent: id, amount: 6_000 }, key('refund')));
        expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
        expect(answers.find((a) => a.status === 200)?.body).toMatchObject({ status: 'succeeded', amount: 6_000 });
        expect(answers.find((a) => a.status === 400)?.body.error).toMatchObject({ code: 'amount_exceeds_refundable' });
      }
    });
  }

  it('one Idempotency-Key sent to both gateways at once: one PaymentIntent, the same bytes from both', async () => {
    for (let round = 0; round < ROUNDS * 2; round++) {
      const shared = key('same-key');
      const body = { amount: 1_000 + round, currency: 'usd', capture_method: 'manual', payment_method: token, metadata: { round: String(round) } };
      const answers = await race(round, (g) => call(g, 'POST', '/v1/payment-intents', body, shared));
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(answers[1]?.text).toBe(answers[0]?.text);
      const created = (await ledgerLines()).filter((line) => line.type === 'payment_intent.created' && line.idempotency?.key === shared);
      expect(created.map((line) => line.ref)).toEqual([answers[0]?.body.id]);
      // Confirmed through the mount it was not necessarily created through: the books below hold it too.
      const confirmed = await call(gateways[(round + 1) % 2] as RunningService, 'POST', `/v1/payment-intents/${answers[0]?.body.id}/confirm`, {}, key('confirm'));
      expect(confirmed.body).toMatchObject({ status: 'authorized', processor: 'providerA' });
      payments.push(answers[0]?.body.id);
    }
  });

  it("the ledger and provider-sim's own books agree on every payment, read through either mount", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the processors' webhooks land first
    const disagreements = await ledgerVsBooks({ sim, env }, gateways, payments);
    expect(disagreements).toEqual([]);
    const lines = await ledgerLines();
    expect(lines.filter((e) => e.type === 'payment_intent.reversed' && e.data['reason'] === 'capture_failed')).toEqual([]);
  });

  it('kill -9 of the gateway on the mount mid-load: payrail verify passes and every acknowledged create is in the ledger', async () => {
    const acknowledged = new Set<string>();
    let stop = false;
    // Eight clients on each gateway, creating as fast as they are answered.
    const clients = Array.from({ length: 16 }, async (_, n) => {
      const gateway = gateways[n % 2] as RunningService;
      while (!stop) {
        try {
          const res = await call(gateway, 'POST', '/v1/payment-intents', { amount: 500 + n, currency: 'usd' }, key('load'));
          if (res.status === 200) acknowledged.add(res.body.id as string);
        } catch {
          if (gateway === gateways[1]) return; // killed: connection refused from now on
        }
      }
    });
    await eventually(async () => acknowledged.size, (count) => count >= 60, 15_000);
    const doomed = gateways[1];
    await doomed.kill();
    const before = acknowledged.size;
    // The local gateway goes on: once the dead holder's lock is stale (LOCK_DEFAULTS.stale_ms) it takes it over.
    await eventually(async () => acknowledged.size, (count) => count >= before + 20, 20_000);
    stop = true;
    await Promise.all(clients);
    expect(acknowledged.size).toBeGreaterThanOrEqual(before + 20);

    const verified = await payrailVerify(dir);
    expect({ code: verified.code, out: verified.out }).toEqual({ code: 0, out: expect.stringMatching(/ledger\/payments\s.*OK/) });
    const created = new Set((await ledgerLines()).filter((line) => line.type === 'payment_intent.created').map((line) => line.ref));
    expect([...acknowledged].filter((id) => !created.has(id))).toEqual([]);

    // A gateway started again on the mount recovers (a torn tail goes to quarantine) and reads every one.
    gateways[1] = await startService('api-gateway', 'GATEWAY_PORT', { ...env, DATA_DIR: (mount as SshfsMount).mountpoint, GATEWAY_PORT: String(doomed.port) });
    const sample = [...acknowledged].filter((_, n) => n % 10 === 0);
    for (const id of sample) expect((await call(gateways[1], 'GET', `/v1/payment-intents/${id}`)).status).toBe(200);
    expect((await payrailVerify((mount as SshfsMount).mountpoint)).code).toBe(0);
  }, 55_000);
});

/** `payrail verify --data DIR`, bounded. */
function payrailVerify(data: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO_ROOT, 'shared/cli/bin/payrail.js'), 'verify', '--data', data], { timeout: 20_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, out: `${stdout}${stderr}` });
    });
  });
}
