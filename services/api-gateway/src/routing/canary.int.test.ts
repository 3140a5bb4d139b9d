import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { makeTempDataDir } from '@payrail/testing';
import { DEMO_KEY } from '../testing/gatewayHarness';
import { startStack, type Stack } from '../testing/stack';
import { DEFAULT_ROUTING, type RoutingConfig } from './routingRules';

const auth = { Authorization: `Bearer ${DEMO_KEY}` };
const margin = { decline_rate: 0.1, error_rate: 0.05, latency_p99_ratio: 20 };

/** Every USD payment goes to providerA, except what the canaries send to providerB (split by amount, so each test has its own). */
const ROUTING: RoutingConfig = {
  ...DEFAULT_ROUTING,
  rules: [{ name: 'USD to providerA', when: { currency: ['USD'] }, prefer: ['providerA', 'providerB'] }],
  canaries: [
    { name: 'worse-b', when: { currency: ['USD'], amount_lt: 5_000 }, candidate: { processor: 'providerB' }, steps_percent: [50, 100], sticky_by: 'customer', window_ms: 5_000, min_payments: 8, margin },
    { name: 'better-b', when: { currency: ['USD'], amount_gte: 5_000 }, candidate: { processor: 'providerB' }, steps_percent: [30, 60, 100], sticky_by: 'customer', window_ms: 5_000, min_payments: 6, margin },
  ],
};

interface Decision {
  seq: number;
  type: string;
  ref: string;
  data: { step: number; split_percent: number; reason: string; manual: boolean; comparison?: { candidate: { payments: number; decline_rate: number }; baseline: { payments: number; decline_rate: number } } };
}

describe('routing canaries: a share of payments to a candidate, compared, promoted in steps or rolled back', () => {
  let dir: string;
  let cleanup: () => void;
  let stack: Stack;
  let token: string;
  const paid: Array<{ id: string; status: string; reason: string }> = [];
  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('canary'));
    mkdirSync(path.join(dir, 'gateway'), { recursive: true });
    writeFileSync(path.join(dir, 'gateway', 'routing.json'), JSON.stringify(ROUTING));
    stack = await startStack(dir, { gatewayEnv: { VELOCITY_MAX_PAYMENTS: '100000', CANARY_EVALUATION_INTERVAL_MS: '200' } });
    token = await stack.tokenize('4242424242424242');
  }, 60_000);
  afterAll(async () => {
    await stack.close();
    cleanup();
  });

  const decisions = (name: string): Decision[] =>
    readFileSync(path.join(dir, 'ops', 'routing_decisions.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Decision).filter((line) => line.ref === name);

  /**
   * What a client does with a 503 (the ledger or a service it needs was busy, on a loaded CI machine):
   * the same request again with the same Idempotency-Key, a bounded number of times.
   */
  async function retried(send: () => request.Test): Promise<request.Response> {
    let response = await send();
    for (let attempt = 1; response.status === 503 && attempt < 5; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      response = await send();
    }
    return response;
  }

  async function pay(amount: number, customer = `buyer-${randomUUID()}@example.com`): Promise<{ id: string; status: string; reason: string }> {
    const createKey = randomUUID();
    const created = await retried(() => request(stack.gw.app).post('/v1/payment-intents').set(auth).set('Idempotency-Key', createKey).send({ amount, currency: 'usd', payment_method: token, customer: { email: customer } }));
    const confirmKey = randomUUID();
    const confirmed = await retried(() => request(stack.gw.app).post(`/v1/payment-intents/${created.body.id as string}/confirm`).set(auth).set('Idempotency-Key', confirmKey).send({}));
    if (confirmed.status !== 200 && confirmed.status !== 402) throw new Error(`confirm of ${created.body.id as string} answered ${confirmed.status}: ${JSON.stringify(confirmed.body)}`);
    const intent = confirmed.status === 402 ? confirmed.body.error.payment_intent : confirmed.body;
    const result = { id: intent.id as string, status: intent.status as string, reason: intent.routing_reason as string };
    paid.push(result);
    return result;
  }

  /** Pays until `done()` or the bound, then says how many it paid. */
  async function payUntil(amount: () => number, done: () => boolean, max: number): Promise<number> {
    let count = 0;
    while (!done() && count < max) {
      await pay(amount());
      count++;
    }
    return count;
  }

  it('keeps a customer on one arm, and says which in the routing reason', async () => {
    const first = await pay(1_000, 'sticky@example.com');
    const again = await pay(1_100, 'sticky@example.com');
    const arm = (reason: string): string | undefined => /canary 'worse-b' (candidate|baseline)/.exec(reason)?.[1];
    expect(arm(first.reason)).toBeDefined();
    expect(arm(again.reason)).toBe(arm(first.reason));
    expect(first.reason).toContain('sticky by customer');
  });

  it('rolls back a candidate that declines more than the baseline by more than its margin', async () => {
    expect((await stack.simAdmin('PUT', '/admin/faults', { providerB: { decline_percent: 70 } })).status).toBe(200);
    await payUntil(() => 1_000 + Math.floor(Math.random() * 3_000), () => decisions('worse-b').some((line) => line.type === 'routing.canary_rolled_back'), 400);
    const lines = decisions('worse-b');
    expect(lines.map((line) => line.type)).toEqual(['routing.canary_started', 'routing.canary_rolled_back']);
    const rolledBack = lines[1] as Decision;
    expect(rolledBack.data).toMatchObject({ split_percent: 0, manual: false });
    expect(rolledBack.data.reason).toMatch(/^the candidate breached its margin: declines/);
    const { candidate, baseline } = rolledBack.data.comparison ?? { candidate: { payments: 0, decline_rate: 0 }, baseline: { payments: 0, decline_rate: 0 } };
    expect(candidate.payments).toBeGreaterThanOrEqual(8);
    expect(baseline.payments).toBeGreaterThanOrEqual(8);
    expect(candidate.decline_rate - baseline.decline_rate).toBeGreaterThan(0.1);
    // From now on every matching payment takes the usual routing.
    await stack.gw.deps.processors.canaries?.evaluate();
    for (let i = 0; i < 5; i++) expect((await pay(2_000)).reason).not.toContain("canary 'worse-b'");
  }, 60_000);

  it('promotes a candidate that does better, step by step, until it takes every matching payment', async () => {
    expect((await stack.simAdmin('PUT', '/admin/faults', { providerB: { decline_percent: 0 }, providerA: { decline_percent: 40 } })).status).toBe(200);
    await payUntil(() => 5_000 + Math.floor(Math.random() * 3_000), () => decisions('better-b').some((line) => line.type === 'routing.canary_promoted'), 600);
    await stack.simAdmin('PUT', '/admin/faults', { providerA: { decline_percent: 0 } });
    const lines = decisions('better-b');
    expect(lines.map((line) => [line.type, line.data.split_percent])).toEqual([
      ['routing.canary_started', 30], ['routing.canary_stepped', 60], ['routing.canary_promoted', 100],
    ]);
    for (let i = 0; i < 5; i++) expect((await pay(6_000)).reason).toMatch(/^canary 'better-b' candidate providerB \(promoted/);
    const listed = await request(stack.gw.app).get('/admin/canaries').set('x-admin-token', stack.env.ADMIN_TOKEN as string);
    expect(listed.body.data.map((canary: { name: string; status: string }) => [canary.name, canary.status])).toEqual([['worse-b', 'rolled_back'], ['better-b', 'promoted']]);
    const refused = await request(stack.gw.app).post('/admin/canaries/better-b/rollback').set('x-admin-token', stack.env.ADMIN_TOKEN as string);
    expect(refused.status).toBe(409);
    expect((await request(stack.gw.app).post('/admin/canaries/nope/promote').set('x-admin-token', stack.env.ADMIN_TOKEN as string)).status).toBe(404);
  }, 90_000);

  it('never charged a payment twice: each one holds at most one authorization across both processors, and the approved ones exactly one', async () => {
    const internal = { 'x-internal-token': stack.env.INTERNAL_TOKEN as string };
    for (const payment of paid) {
      const a = (await (await fetch(`${stack.sim.url}/providerA/v1/charges?payment_intent=${payment.id}`, { headers: internal })).json()) as { data: Array<{ status: string }> };
      const b = (await (await fetch(`${stack.sim.url}/providerB/v68/payments?reference=${payment.id}`, { headers: internal })).json()) as { data: Array<{ resultCode: string }> };
      const charges = a.data.filter((charge) => charge.status === 'succeeded').length + b.data.filter((p) => p.resultCode === 'Authorised').length;
      expect({ id: payment.id, charges }).toEqual({ id: payment.id, charges: payment.status === 'declined' ? 0 : 1 });
    }
    expect(paid.length).toBeGreaterThan(30);
  }, 120_000);
});
