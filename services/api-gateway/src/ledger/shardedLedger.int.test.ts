import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { listStreams, verifyStream } from '@payrail/journal';
import { ledgerShards, shardOf } from '@payrail/ledger';
import { REPO_ROOT, changedFiles, digestFolder, startService } from '@payrail/testing';
import { DEFAULT_ROUTING } from '../routing/routingRules';
import { DEMO_KEY } from '../testing/gatewayHarness';
import { call, ledgerVsBooks, startRaceStack, type Answer, type RaceStack } from '../testing/raceCalls';

// LEDGER_SHARDS=4: the ledger split by merchant, every money-moving command raced across two gateway
// processes for several merchants at once (so several shard locks are taken at the same time), then
// the ledger compared with both processors' books, and each shard's files checked on their own.

const SHARDS = 4;
const PAYRAIL = path.join(REPO_ROOT, 'shared', 'cli', 'bin', 'payrail.js');
const ROUNDS = Number(process.env['RACE_ROUNDS'] ?? 3);
const MERCHANTS = 5;
jest.setTimeout(60_000 + ROUNDS * 20_000);

interface Shop {
  id: string;
  key: string;
}

describe('a ledger in shards (LEDGER_SHARDS=4), raced across two gateway processes', () => {
  let stack: RaceStack;
  const shops: Shop[] = [];
  /** The payments whose ledger must agree with the processors' books, by merchant. */
  const owner = new Map<string, Shop>();
  /** Every other object a merchant made (escrows, their payments, disputed payments): theirs in the events API. */
  const belongs = new Map<string, Shop>();
  let sequence = 0;
  const key = (what: string): string => `shard-${what}-${++sequence}`;

  beforeAll(async () => {
    stack = await startRaceStack({
      label: 'sharded-ledger',
      routing: { ...DEFAULT_ROUTING, rules: [{ name: 'euros to providerB', when: { currency: ['EUR'] }, prefer: ['providerB', 'providerA'] }, { name: 'the rest to providerA', when: {}, prefer: ['providerA', 'providerB'] }] },
      // Ten races at once on two cores: a processor call may take longer than the race stack's 800 ms
      // (which its timeout tests want); this suite tests no timeout, so it gives the processors 5 s.
      env: { LEDGER_SHARDS: String(SHARDS), PROCESSOR_TIMEOUT_MS: '5000' },
    });
    shops.push({ id: 'm_demo', key: DEMO_KEY });
    for (let i = 1; i < MERCHANTS; i++) {
      const res = await fetch(`${stack.gateways[i % 2]?.url}/admin/merchants`, {
        method: 'POST',
        headers: { 'x-admin-token': stack.env['ADMIN_TOKEN'] as string, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Shop ${i}`, rate_limit_requests: 100_000 }),
      });
      const body = (await res.json()) as { id: string; api_key: string };
      expect(res.status).toBe(200);
      shops.push({ id: body.id, key: body.api_key });
    }
  });

  afterAll(async () => {
    await stack?.close();
  });

  const as = (shop: Shop, gateway: 0 | 1, method: string, route: string, body?: unknown, idempotencyKey?: string): Promise<Answer> =>
    call(stack.gateways[gateway], method, route, body, idempotencyKey, shop.key);

  function expectNoServerError(answers: Answer[]): void {
    for (const answer of answers) expect({ status: answer.status < 500, body: answer.body }).toEqual({ status: true, body: answer.body });
  }

  /** A manual-capture payment, confirmed twice at once (different keys, one on each process): one authorization. */
  async function authorized(shop: Shop, currency: string, amount: number): Promise<string> {
    const created = await as(shop, 0, 'POST', '/v1/payment-intents', { amount, currency, capture_method: 'manual', payment_method: stack.token }, key('create'));
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    owner.set(id, shop);
    const confirms = await Promise.all([
      as(shop, 1, 'POST', `/v1/payment-intents/${id}/confirm`, {}, key('confirm')),
      as(shop, 0, 'POST', `/v1/payment-intents/${id}/confirm`, {}, key('confirm')),
    ]);
    expectNoServerError(confirms);
    expect(confirms.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(confirms.find((answer) => answer.status === 200)?.body.status).toBe('authorized');
    return id;
  }

  /** One merchant's races: confirm vs confirm, capture vs cancel, then refund vs refund over the captured amount. */
  async function races(shop: Shop, currency: string): Promise<void> {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await authorized(shop, currency, 10_000);
      const [capture, cancel] = await Promise.all([
        as(shop, 0, 'POST', `/v1/payment-intents/${id}/capture`, {}, key('capture')),
        as(shop, 1, 'POST', `/v1/payment-intents/${id}/cancel`, {}, key('cancel')),
      ]);
      expectNoServerError([capture, cancel]);
      expect([capture.status, cancel.status].sort()).toEqual([200, 409]);
      if (capture.status !== 200) continue;
      const refunds = await Promise.all([
        as(shop, 1, 'POST', '/v1/refunds', { payment_intent: id, amount: 6_000 }, key('refund')),
        as(shop, 0, 'POST', '/v1/refunds', { payment_intent: id, amount: 6_000 }, key('refund')),
      ]);
      expectNoServerError(refunds);
      expect(refunds.filter((r) => r.status === 200)).toHaveLength(1);
    }
  }

  it('spreads the merchants over the shards and records the count in ledger/shards.json', () => {
    expect(JSON.parse(readFileSync(path.join(stack.dir, 'ledger', 'shards.json'), 'utf8'))).toEqual({ shards: SHARDS });
    expect(new Set(shops.map((shop) => shardOf(shop.id, SHARDS))).size).toBeGreaterThan(1);
  });

  it('confirm vs confirm, capture vs cancel and refund vs refund, for every merchant at once on both processors: each decided once, and the ledger agrees with the books', async () => {
    await Promise.all(shops.flatMap((shop) => [races(shop, 'usd'), races(shop, 'eur')]));
    const payments = [...owner.keys()];
    expect(payments.length).toBe(shops.length * 2 * ROUNDS);
    expect(await ledgerVsBooks(stack, stack.gateways, payments, (id) => (owner.get(id) as Shop).key)).toEqual([]);
  });

  it('escrows and disputes of every merchant at once: funded, released, disputed and lost on their shards, each payment\'s chain verified', async () => {
    const internal = { 'x-internal-token': stack.env['INTERNAL_TOKEN'] as string, 'content-type': 'application/json' };
    await Promise.all(shops.map(async (shop, n) => {
      const escrow = await as(shop, n % 2 === 0 ? 0 : 1, 'POST', '/v1/escrows', { amount: 10_000, currency: 'brl', payees: [{ payee: 'seller_1', role: 'seller', amount: 9_000 }, { payee: 'platform', role: 'platform_fee', amount: 1_000 }] }, key('escrow'));
      expect(escrow.status).toBe(200);
      belongs.set(escrow.body.id as string, shop).set(escrow.body.payment_intent as string, shop);
      const paid = await as(shop, n % 2 === 0 ? 1 : 0, 'POST', `/v1/payment-intents/${escrow.body.payment_intent as string}/confirm`, { payment_method: stack.token }, key('escrow-confirm'));
      expect(paid.body.status).toBe('captured');
      const released = await as(shop, 0, 'POST', `/v1/escrows/${escrow.body.id as string}/release`, { approver: 'ops', payees: [{ payee: 'seller_1', amount: 4_000 }] });
      expect(released.status).toBe(200);
      // A card dispute on another captured payment of the merchant, opened and lost through the other process.
      const disputed = await authorized(shop, 'usd', 3_000);
      // A lost chargeback is not in the processor's charge books the comparison reads.
      owner.delete(disputed);
      belongs.set(disputed, shop);
      expect((await as(shop, 1, 'POST', `/v1/payment-intents/${disputed}/capture`, {}, key('capture'))).status).toBe(200);
      const opened = await fetch(`${stack.gateways[n % 2]?.url}/internal/disputes`, { method: 'POST', headers: internal, body: JSON.stringify({ payment_intent: disputed, reason: 'fraudulent' }) });
      const dispute = (await opened.json()) as { id: string };
      expect(opened.status).toBe(200);
      const lost = await fetch(`${stack.gateways[(n + 1) % 2]?.url}/internal/disputes/${dispute.id}/close`, { method: 'POST', headers: internal, body: JSON.stringify({ outcome: 'lost' }) });
      expect(((await lost.json()) as { status: string }).status).toBe('lost');
      for (const payment of [escrow.body.payment_intent as string, disputed]) {
        const chain = await as(shop, 1, 'GET', `/v1/ledger/${payment}`);
        expect({ payment, verified: chain.body.chain_verified }).toEqual({ payment, verified: true });
      }
    }));
    for (const shop of shops) {
      const shard = shardOf(shop.id, SHARDS);
      for (const kind of ['escrows', 'disputes'] as const) {
        const lines = readFileSync(path.join(stack.dir, 'ledger', 'shards', String(shard), `${kind}.jsonl`), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { merchant_id: string });
        expect(lines.some((line) => line.merchant_id === shop.id)).toBe(true);
      }
    }
  });

  it('keeps every event in its merchant\'s shard, each shard a valid chain of its own, and nothing in the unsharded files', async () => {
    const layout = ledgerShards(SHARDS);
    for (const file of ['payments', 'refunds', 'disputes', 'escrows']) expect(existsSync(path.join(stack.dir, 'ledger', `${file}.jsonl`)) ? readFileSync(path.join(stack.dir, 'ledger', `${file}.jsonl`), 'utf8') : '').toBe('');
    let events = 0;
    for (const shard of layout) {
      for (const stream of Object.values(shard.streams)) {
        const file = path.join(stack.dir, `${stream}.jsonl`);
        if (!existsSync(file)) continue;
        const report = await verifyStream(file, stream);
        expect({ stream, ok: report.ok }).toEqual({ stream, ok: true });
        for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
          const event = JSON.parse(line) as { merchant_id: string };
          expect({ stream, shard: shardOf(event.merchant_id, SHARDS) }).toEqual({ stream, shard: shard.index });
          events++;
        }
      }
      // Each shard takes its own epochs under its own lock.
      expect(readdirSync(path.join(stack.dir, 'ledger', 'shards', String(shard.index))).some((name) => name.startsWith('.journal'))).toBe(true);
    }
    expect(events).toBeGreaterThan(shops.length * 2 * ROUNDS * 4);
    const streams = await listStreams(stack.dir);
    expect(streams.filter((stream) => stream.startsWith('ledger/shards/')).length).toBeGreaterThanOrEqual(SHARDS * 2);
  });

  it('lists a merchant\'s own events, from its shard, and no other merchant\'s', async () => {
    for (const shop of shops) {
      const listed = await as(shop, 1, 'GET', '/v1/events?limit=100');
      expect(listed.status).toBe(200);
      const mine = new Set([...owner, ...belongs].filter(([, s]) => s === shop).map(([id]) => id));
      const refs = (listed.body.data as Array<{ data: { object: { id: string; payment_intent?: string } } }>).map((event) => event.data.object.payment_intent ?? event.data.object.id);
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) expect(mine.has(ref)).toBe(true);
    }
  });

  it('a restarted gateway rebuilds its state from every shard', async () => {
    await stack.gateways[1].stop();
    stack.gateways[1] = await startService('api-gateway', 'GATEWAY_PORT', { ...stack.env });
    const payments = [...owner.keys()];
    expect(await ledgerVsBooks(stack, [stack.gateways[1]], payments, (id) => (owner.get(id) as Shop).key)).toEqual([]);
  });

  it('refuses to start with a shard count the data folder does not have, naming payrail reshard, and a count that is not one', async () => {
    await expect(startService('api-gateway', 'GATEWAY_PORT', { ...stack.env, LEDGER_SHARDS: '2' })).rejects.toThrow(/payrail reshard --shards 2/);
    await expect(startService('api-gateway', 'GATEWAY_PORT', { ...stack.env, LEDGER_SHARDS: '1' })).rejects.toThrow(/has 4 shards/);
    for (const bad of ['65', '-1', 'four', '2.5']) await expect(startService('api-gateway', 'GATEWAY_PORT', { ...stack.env, LEDGER_SHARDS: bad })).rejects.toThrow(/LEDGER_SHARDS/);
  });

  it('payrail reshard with the gateways left running idle: their next write is refused (nothing lands in the moved files); restarted, they serve the re-sharded ledger', async () => {
    const payments = [...owner.keys()];
    const resharded = spawnSync(process.execPath, [PAYRAIL, 'reshard', '--shards', '2', '--data', stack.dir, '--json'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, DATA_DIR: '', LEDGER_SHARDS: '' } });
    expect({ status: resharded.status, stderr: resharded.stderr }).toEqual({ status: 0, stderr: '' });
    const { backup } = JSON.parse(resharded.stdout) as { backup: string };
    const before = digestFolder(backup);
    for (const gateway of stack.gateways) {
      const refused = await call(gateway, 'POST', '/v1/payment-intents', { amount: 1_000, currency: 'usd' }, key('after-reshard'));
      expect({ status: refused.status, code: refused.body.error?.code }).toEqual({ status: 500, code: 'journal_corrupt' });
      expect(refused.body.error.message).toMatch(/no longer the file this process opened/);
    }
    expect(changedFiles(before, digestFolder(backup))).toEqual([]);
    for (const [i, gateway] of stack.gateways.entries()) {
      await gateway.stop();
      stack.gateways[i] = await startService('api-gateway', 'GATEWAY_PORT', { ...stack.env, GATEWAY_PORT: String(gateway.port), LEDGER_SHARDS: '0' });
    }
    expect(JSON.parse(readFileSync(path.join(stack.dir, 'ledger', 'shards.json'), 'utf8'))).toEqual({ shards: 2 });
    expect(await ledgerVsBooks(stack, stack.gateways, payments, (id) => (owner.get(id) as Shop).key)).toEqual([]);
    const shop = shops[1] as Shop;
    const created = await as(shop, 1, 'POST', '/v1/payment-intents', { amount: 2_000, currency: 'usd' }, key('after-restart'));
    expect(created.status).toBe(200);
    const lines = readFileSync(path.join(stack.dir, 'ledger', 'shards', String(shardOf(shop.id, 2)), 'payments.jsonl'), 'utf8');
    expect(lines).toContain(created.body.id as string);
  });
});
