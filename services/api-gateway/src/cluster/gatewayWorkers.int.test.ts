import { promises as fs } from 'node:fs';
import { request } from 'node:http';
import * as path from 'node:path';
import { DEFAULT_ROUTING } from '../routing/routingRules';
import { call, eventually, ledgerVsBooks, startRaceStack, type Answer, type RaceStack } from '../testing/raceCalls';

// GATEWAY_WORKERS=3: one gateway port served by three cluster workers, each a journal writer on the data
// folder. The money races of moneyRaces.int.test.ts, sent three at a time to that one port (each on its own
// connection, so the primary hands them to different workers), keep the same invariants; the ledger
// agrees with the processors' books afterwards; a worker killed with kill -9 is replaced.

const ROUNDS = Number(process.env['RACE_ROUNDS'] ?? 6);
const WORKERS = 3;
jest.setTimeout(60_000 + ROUNDS * 6_000);

/** GET on a connection of its own (no keep-alive): the cluster's primary picks a worker per connection. */
function freshGet(url: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close' }, timeout: 5_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** The pids that answer /health on fresh connections, over `tries` connections. */
async function answeringPids(url: string, tries = 30): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < tries; i++) {
    const health = await freshGet(`${url}/health`).catch(() => null);
    if (health?.status === 200) pids.add(health.body.pid as number);
  }
  return pids;
}

describe(`GATEWAY_WORKERS=${WORKERS}: one port, ${WORKERS} gateway processes, the invariants of one`, () => {
  let stack: RaceStack;
  const payments: string[] = [];
  let sequence = 0;
  const key = (what: string): string => `workers-${what}-${++sequence}`;

  beforeAll(async () => {
    stack = await startRaceStack({ label: 'gateway-workers', routing: DEFAULT_ROUTING, gatewayEnvs: [{ GATEWAY_WORKERS: String(WORKERS) }, {}] });
    // /ready answered once the first worker listened; the others follow.
    const pids = await eventually(() => answeringPids(stack.gateways[0].url, 12), (found) => found.size === WORKERS, 20_000);
    expect(pids.size).toBe(WORKERS);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const gateway = () => stack.gateways[0];

  async function authorized(amount: number): Promise<string> {
    const created = await call(gateway(), 'POST', '/v1/payment-intents', { amount, currency: 'usd', capture_method: 'manual', payment_method: stack.token }, key('create'));
    expect(created.status).toBe(200);
    payments.push(created.body.id);
    const confirmed = await call(gateway(), 'POST', `/v1/payment-intents/${created.body.id}/confirm`, {}, key('confirm'));
    expect(confirmed.body.status).toBe('authorized');
    return created.body.id as string;
  }

  /** Three calls at once to the one port, each on its own connection. */
  const three = (send: (n: number) => Promise<Answer>): Promise<Answer[]> => Promise.all([0, 1, 2].map(send));
  const statuses = (answers: Answer[]): number[] => answers.map((a) => a.status).sort();

  it('answers from every worker, each its own process', async () => {
    const pids = await answeringPids(gateway().url);
    expect(pids.size).toBe(WORKERS);
    expect(pids.has(gateway().child.pid as number)).toBe(false); // the primary serves nothing itself
  });

  it('capture vs capture vs capture with different amounts: one wins, two are 409', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await authorized(9_000);
      const answers = await three((n) => call(gateway(), 'POST', `/v1/payment-intents/${id}/capture`, { amount_to_capture: 3_000 + n * 1_000 }, key('capture')));
      expect(statuses(answers)).toEqual([200, 409, 409]);
    }
  });

  it('confirm three times with different keys: one authorization at the processor', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const created = await call(gateway(), 'POST', '/v1/payment-intents', { amount: 4_000, currency: 'usd', capture_method: 'manual', payment_method: stack.token }, key('create'));
      payments.push(created.body.id);
      const answers = await three(() => call(gateway(), 'POST', `/v1/payment-intents/${created.body.id}/confirm`, {}, key('confirm')));
      expect(statuses(answers)).toEqual([200, 409, 409]);
    }
  });

  it('refund the whole amount three times at once: one refund, never more than captured', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await authorized(5_000);
      expect((await call(gateway(), 'POST', `/v1/payment-intents/${id}/capture`, {}, key('capture'))).status).toBe(200);
      const answers = await three(() => call(gateway(), 'POST', '/v1/refunds', { payment_intent: id, amount: 5_000 }, key('refund')));
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      expect(answers.every((a) => a.status < 500)).toBe(true);
    }
  });

  it('one Idempotency-Key sent to three workers at once makes one PaymentIntent, and all three answers are the same bytes', async () => {
    const body = { amount: 2_500, currency: 'usd', capture_method: 'manual', payment_method: stack.token };
    const shared = key('same');
    const answers = await three(() => call(gateway(), 'POST', '/v1/payment-intents', body, shared));
    const done = answers.filter((a) => a.status === 200);
    // A request that found the key in flight waits for it (IDEMPOTENCY_WAIT_MS) and replays the answer.
    expect(done.length).toBe(3);
    expect(new Set(done.map((a) => a.text)).size).toBe(1);
    const id = done[0]?.body.id as string;
    expect((await call(gateway(), 'POST', `/v1/payment-intents/${id}/confirm`, {}, key('confirm'))).body.status).toBe('authorized');
    payments.push(id);
  });

  it('a worker killed with kill -9 is replaced, and the port keeps answering meanwhile', async () => {
    const before = await answeringPids(gateway().url);
    const victim = [...before][0] as number;
    process.kill(victim, 'SIGKILL');
    const after = await eventually(() => answeringPids(gateway().url, 12), (found) => found.size === WORKERS && !found.has(victim), 15_000);
    expect(after.size).toBe(WORKERS);
    expect(after.has(victim)).toBe(false);
    expect((await freshGet(`${gateway().url}/ready`)).status).toBe(200);
  });

  it('afterwards, the ledger (read through another gateway) and the processor books agree on every payment, and each PaymentIntent was created once', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await ledgerVsBooks(stack, stack.gateways[1], payments)).toEqual([]);
    const lines = (await fs.readFile(path.join(stack.dir, 'ledger/payments.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    const creations = lines.filter((e) => e.type === 'payment_intent.created').map((e) => e.ref as string);
    expect(creations.length).toBe(new Set(creations).size);
    expect(lines.filter((e) => e.type === 'payment_intent.reversed' && e.data.reason === 'capture_failed')).toEqual([]);
    // Several writer processes took the ledger's lock in turn: the epochs on its lines show it.
    expect(new Set(lines.map((e) => e.epoch)).size).toBeGreaterThan(WORKERS);
  });
});

describe('a merchant rate limit shared by every gateway process on the data folder', () => {
  const LIMIT = 60;
  let stack: RaceStack;

  beforeAll(async () => {
    // Three workers behind one port plus a fourth gateway process: four processes, one bucket.
    stack = await startRaceStack({ label: 'shared-rate-limit', routing: DEFAULT_ROUTING, env: { DEMO_RATE_LIMIT_REQUESTS: String(LIMIT), RATE_LIMIT_WINDOW_MS: '60000' }, gatewayEnvs: [{ GATEWAY_WORKERS: String(WORKERS) }, {}] });
    await eventually(() => answeringPids(stack.gateways[0].url, 12), (found) => found.size === WORKERS, 20_000);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it(`lets ${LIMIT} requests a minute through across four processes, not ${LIMIT} each`, async () => {
    const started = Date.now();
    const answers: Answer[] = [];
    // 240 requests, eight at a time, alternating between the two ports (so across all four processes).
    for (let round = 0; round < 30; round++) {
      answers.push(...(await Promise.all(Array.from({ length: 8 }, (_, i) => call(stack.gateways[i % 2] as RaceStack['gateways'][0], 'GET', '/v1/payment-intents?limit=1')))));
    }
    const seconds = (Date.now() - started) / 1000;
    const allowed = answers.filter((a) => a.status === 200).length;
    const limited = answers.filter((a) => a.status === 429);
    expect(allowed + limited.length).toBe(answers.length);
    // The bucket refills at LIMIT per minute while the test runs; a process may hold a leased slice
    // (LIMIT / 50, rounded up: 2) it has not spent: at most one slice more per process in a burst.
    const refill = Math.ceil((seconds * LIMIT) / 60);
    expect(allowed).toBeGreaterThanOrEqual(LIMIT - 4 * 2);
    expect(allowed).toBeLessThanOrEqual(LIMIT + refill + 4 * 2);
    expect(limited[0]?.body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
    const file = JSON.parse(await fs.readFile(path.join(stack.dir, 'gateway', 'rate_limits.json'), 'utf8'));
    expect(file.merchants[Object.keys(file.merchants)[0] as string]).toMatchObject({ capacity: LIMIT });
  });
});
