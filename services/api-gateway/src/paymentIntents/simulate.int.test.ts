import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import request from 'supertest';
import { SIMULATE_CHAIN_MAX, type SimulateScript } from '@payrail/core';
import { freePort, makeTempDataDir, startService, waitFor, type RunningService } from '@payrail/testing';
import { DEMO_KEY } from '../testing/gatewayHarness';
import { startStack, type Stack } from '../testing/stack';

// Issue 17, scripted outcomes: `simulate` names what each processor attempt of a confirmation does.
// Real provider-sim, vault-service and ledger-service processes; after every test the ledger, each
// attempt included, agrees with both processors' own books.

jest.setTimeout(60_000);

const auth = { Authorization: `Bearer ${DEMO_KEY}` };
/** Routing: USD amounts of 100000 or more go to providerA first (a rule), smaller ones to providerB (cheaper). */
const AMOUNT = { providerA: 150_000, providerB: 2_000 } as const;
type Processor = keyof typeof AMOUNT;
const PROCESSOR_TIMEOUT_MS = 700;
const SIMULATED_DELAY_MS = 400;

type Line = { type: string; ref: string; data: Record<string, any>; idempotency?: { key: string } };

/** A webhook receiver on loopback: the events ledger-service's dispatcher delivers, by payment. */
async function receiver(): Promise<{ url: string; events: Array<{ type: string; object: Record<string, any> }>; close(): Promise<void> }> {
  const events: Array<{ type: string; object: Record<string, any> }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; data: { object: Record<string, any> } };
      events.push({ type: body.type, object: body.data.object });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hooks`, events, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('simulate: scripted outcomes of each processor attempt, produced by the processor itself', () => {
  let dir: string;
  let cleanup: () => void;
  let stack: Stack;
  let ledgerService: RunningService;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  let token: string;
  /** The payments of the running test: their ledger and the processors' books are compared after it. */
  let payments: string[] = [];

  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('simulate'));
    const ledgerPort = await freePort();
    stack = await startStack(dir, {
      // Breakers never open here: every timeout below is scripted, and each test needs every processor.
      gatewayEnv: { LEDGER_URL: `http://127.0.0.1:${ledgerPort}`, PROCESSOR_TIMEOUT_MS: String(PROCESSOR_TIMEOUT_MS), VELOCITY_MAX_PAYMENTS: '1000', BREAKER_REQUESTS_MIN: '1000' },
      simEnv: { PROVIDER_TIMEOUT_MS: '3000', PROVIDER_SIMULATED_DELAY_MS: String(SIMULATED_DELAY_MS) },
    });
    ledgerService = await startService('ledger-service', 'LEDGER_PORT', { ...stack.env, LEDGER_PORT: String(ledgerPort), GATEWAY_URL: stack.gatewayUrl, WEBHOOK_RETRY_SCHEDULE: '0,200ms,400ms' });
    hooks = await receiver();
    const endpoint = await request(stack.gw.app).post('/v1/webhook-endpoints').set(auth).send({ url: hooks.url, enabled_events: ['*'] });
    expect(endpoint.status).toBe(200);
    token = await stack.tokenize('4242424242424242');
  });
  afterAll(async () => {
    await hooks?.close();
    await ledgerService?.stop();
    await stack?.close();
    cleanup?.();
  });
  beforeEach(() => {
    payments = [];
  });
  afterEach(async () => {
    const disagreements = [];
    for (const id of payments) disagreements.push(...(await disagreementsOf(id)));
    expect(disagreements).toEqual([]);
  });

  const create = async (body: Record<string, unknown>, key = `create-${randomUUID()}`) => {
    const res = await request(stack.gw.app).post('/v1/payment-intents').set(auth).set('Idempotency-Key', key).send({ currency: 'usd', payment_method: token, ...body });
    if (res.status === 200) payments.push(res.body.id);
    return res;
  };
  const confirm = (id: string, body: Record<string, unknown> = {}, key = `confirm-${randomUUID()}`) =>
    request(stack.gw.app).post(`/v1/payment-intents/${id}/confirm`).set(auth).set('Idempotency-Key', key).send(body);
  /** Creates a payment routed to `processor` with `simulate`, and confirms it. */
  const pay = async (processor: Processor, simulate: SimulateScript, extra: Record<string, unknown> = {}) => {
    const created = await create({ amount: AMOUNT[processor], simulate, ...extra });
    expect(created.status).toBe(200);
    expect(created.body.simulate).toEqual(simulate);
    return { id: created.body.id as string, confirmed: await confirm(created.body.id) };
  };

  const jsonl = async (file: string): Promise<Line[]> =>
    (await fs.readFile(path.join(dir, file), 'utf8').catch(() => '')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Line);
  const ledgerOf = async (id: string): Promise<Line[]> => (await jsonl('ledger/payments.jsonl')).filter((line) => line.ref === id);
  const attemptsOf = async (id: string) =>
    (await ledgerOf(id)).filter((line) => line.type === 'payment_intent.authorization_requested').map((line) => ({ attempt: line.data['attempt'], processor: line.data['processor'], step: line.data['simulate_step'] }));

  /**
   * What a processor's books hold of each authorization attempt of `id`, by its processor idempotency
   * key (`pi_…:authorize:N`): a call it dropped (a scripted network_timeout), or the charge it made,
   * with the outcome the books say was scripted.
   */
  async function booksOf(processor: Processor, id: string): Promise<Map<string, { kind: string; simulated: unknown }>> {
    const lines = await jsonl(`providers/sim/${processor}.jsonl`);
    const charges = new Map(lines.filter((l) => (l.type === 'provider_sim.charge_authorized' || l.type === 'provider_sim.charge_declined') && l.data['payment_intent'] === id).map((l) => [l.ref, l]));
    const byKey = new Map<string, { kind: string; simulated: unknown }>();
    for (const line of lines) {
      const key = line.data['idempotency_key'] as string | undefined;
      if (key === undefined || !key.startsWith(`${id}:authorize:`)) continue;
      if (line.type === 'provider_sim.call_dropped') byKey.set(key, { kind: 'dropped', simulated: line.data['simulated'] });
      const charge = charges.get(line.ref);
      if (line.type === 'provider_sim.response_recorded' && charge !== undefined) byKey.set(key, { kind: charge.type.replace('provider_sim.charge_', ''), simulated: charge.data['simulated'] });
    }
    return byKey;
  }

  /**
   * Where the ledger and the processors' books disagree on a payment: its state and amounts against the
   * one successful charge (none, when it is declined: at no processor), and each attempt the ledger
   * recorded against what the books of that attempt's processor hold under its key, scripted alike.
   */
  async function disagreementsOf(id: string): Promise<unknown[]> {
    const internal = { 'x-internal-token': stack.env.INTERNAL_TOKEN as string };
    const intent = (await request(stack.gw.app).get(`/v1/payment-intents/${id}`).set(auth)).body;
    const a = ((await (await fetch(`${stack.sim.url}/providerA/v1/charges?payment_intent=${id}`, { headers: internal })).json()) as { data: any[] }).data.filter((c) => c.status === 'succeeded');
    const b = ((await (await fetch(`${stack.sim.url}/providerB/v68/payments?reference=${id}`, { headers: internal })).json()) as { data: any[] }).data.filter((p) => p.resultCode === 'Authorised');
    const problems: unknown[] = [];
    const ledger = { status: intent.status, captured: intent.amount_received, refunded: intent.amount_refunded };
    let books: unknown = { status: 'declined', captured: 0, refunded: 0 };
    if (a.length + b.length > 1) problems.push({ id, two_successful_charges: { providerA: a.length, providerB: b.length } });
    const charge = a[0];
    const payment = b[0];
    if (charge !== undefined) books = { status: charge.disputed ? 'chargeback' : charge.captured ? 'captured' : 'authorized', captured: charge.amount_captured, refunded: charge.amount_refunded };
    if (payment !== undefined) {
      const sum = (list: Array<{ amount: { value: number } }>): number => list.reduce((total, m) => total + m.amount.value, 0);
      books = { status: ({ Authorised: 'authorized', Captured: 'captured', Cancelled: 'reversed' } as Record<string, string>)[payment.status], captured: sum(payment.captures), refunded: sum(payment.refunds) };
    }
    if (JSON.stringify(ledger) !== JSON.stringify(books)) problems.push({ id, ledger, books });
    if ((charge !== undefined && intent.processor !== 'providerA') || (payment !== undefined && intent.processor !== 'providerB')) problems.push({ id, processor: intent.processor, charged_at: charge ? 'providerA' : 'providerB' });
    const held = { providerA: await booksOf('providerA', id), providerB: await booksOf('providerB', id) };
    const attempts = await attemptsOf(id);
    for (const { attempt, processor, step } of attempts) {
      const key = `${id}:authorize:${attempt}`;
      const entry = held[processor as Processor].get(key);
      const elsewhere = held[processor === 'providerA' ? 'providerB' : 'providerA'].get(key);
      if (entry === undefined || elsewhere !== undefined || entry.simulated !== step?.outcome) problems.push({ id, attempt, processor, ledger_step: step, books: entry ?? null, other_processor: elsewhere ?? null });
    }
    if (held.providerA.size + held.providerB.size !== attempts.length) problems.push({ id, attempts: attempts.length, books_attempts: held.providerA.size + held.providerB.size });
    return problems;
  }

  /** The types of the merchant events of `id` its webhook endpoint received (sorted), once `expected` have all arrived. */
  async function webhooksOf(id: string, expected: string[]): Promise<string[]> {
    const received = () => hooks.events.filter((e) => (e.object['object'] === 'payment_intent' ? e.object['id'] : e.object['payment_intent']) === id).map((e) => e.type);
    await waitFor(() => expected.every((type) => received().includes(type)), 15_000, `webhooks ${expected.join(', ')} of ${id}`);
    return received().sort();
  }

  describe('each single outcome', () => {
    it.each([
      ['insufficient_funds', 'insufficient_funds', 'providerB'],
      ['insufficient_funds', 'insufficient_funds', 'providerA'],
      ['card_declined', 'card_declined', 'providerB'],
      ['card_declined', 'card_declined', 'providerA'],
      ['fraud_detected', 'fraudulent', 'providerB'],
      ['fraud_detected', 'fraudulent', 'providerA'],
      ['bank_error', 'processing_error', 'providerB'],
      ['bank_error', 'processing_error', 'providerA'],
    ] as const)('%s: a decline with decline_code %s at %s, in its books and the ledger; payment_intent.declined is delivered', async (outcome, declineCode, processor) => {
      const { id, confirmed } = await pay(processor, outcome);
      expect(confirmed.status).toBe(402);
      expect(confirmed.body.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: declineCode });
      expect(confirmed.body.error.payment_intent).toMatchObject({ id, status: 'declined', processor, decline_code: declineCode, simulate: outcome });
      const events = await ledgerOf(id);
      expect(events.map((e) => e.type)).toEqual(['payment_intent.created', 'payment_intent.authorization_requested', 'payment_intent.declined']);
      expect(events[0]?.data['simulate']).toBe(outcome);
      expect(events[1]?.data).toMatchObject({ attempt: 1, processor, simulate: outcome, simulate_step: { step: 1, outcome } });
      expect(events[2]?.data).toMatchObject({ decline_code: declineCode, processor });
      expect(await webhooksOf(id, ['payment_intent.created', 'payment_intent.declined'])).toEqual(['payment_intent.created', 'payment_intent.declined']);
    });

    it('success: captured at once, whatever the card; payment_intent.captured is delivered', async () => {
      const declining = await stack.tokenize('4000000000000002');
      const { id, confirmed } = await pay('providerB', 'success', { payment_method: declining });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ status: 'captured', processor: 'providerB', amount_received: AMOUNT.providerB, simulate: 'success' });
      expect((await ledgerOf(id)).map((e) => e.type)).toEqual(['payment_intent.created', 'payment_intent.authorization_requested', 'payment_intent.authorized', 'payment_intent.captured']);
      expect(await webhooksOf(id, ['payment_intent.created', 'payment_intent.authorized', 'payment_intent.captured'])).toEqual(['payment_intent.authorized', 'payment_intent.captured', 'payment_intent.created']);
    });

    it('processing_delay: a slow answer (under the gateway timeout) that succeeds: authorized, with manual capture', async () => {
      const started = Date.now();
      const { id, confirmed } = await pay('providerA', 'processing_delay', { capture_method: 'manual' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(SIMULATED_DELAY_MS);
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ status: 'authorized', processor: 'providerA', amount_capturable: AMOUNT.providerA });
      expect(await attemptsOf(id)).toEqual([{ attempt: 1, processor: 'providerA', step: { step: 1, outcome: 'processing_delay' } }]);
      expect(await webhooksOf(id, ['payment_intent.created', 'payment_intent.authorized'])).toEqual(['payment_intent.authorized', 'payment_intent.created']);
    });

    it('dispute_after_capture: captured, then the processor opens a dispute and withdraws the funds (as the dispute card)', async () => {
      const { id, confirmed } = await pay('providerA', 'dispute_after_capture');
      expect(confirmed.body).toMatchObject({ status: 'captured', processor: 'providerA' });
      await waitFor(() => stack.gw.deps.ledger.state.payments.get(id)?.status === 'chargeback', 15_000, 'the dispute and its withdrawal');
      const types = (await ledgerOf(id)).map((e) => e.type);
      expect(types).toEqual(['payment_intent.created', 'payment_intent.authorization_requested', 'payment_intent.authorized', 'payment_intent.captured', 'payment_intent.chargeback']);
      const expected = ['payment_intent.created', 'payment_intent.authorized', 'payment_intent.captured', 'dispute.opened', 'dispute.funds_withdrawn', 'payment_intent.chargeback'];
      expect(await webhooksOf(id, expected)).toEqual(expected.sort());
    });

    it('network_timeout: every attempt times out at the processor, which charges nothing; after the last attempt, declined processing_error', async () => {
      const { id, confirmed } = await pay('providerB', 'network_timeout');
      expect(confirmed.status).toBe(402);
      expect(confirmed.body.error).toMatchObject({ decline_code: 'processing_error' });
      expect(confirmed.body.error.message).toMatch(/providerB did not answer \(timeout\); that was attempt 3, the most one confirmation makes\. Nothing was charged\./);
      // B, failover to A, back to B: each asked (nothing there) before the next attempt.
      expect(await attemptsOf(id)).toEqual([
        { attempt: 1, processor: 'providerB', step: { step: 1, outcome: 'network_timeout' } },
        { attempt: 2, processor: 'providerA', step: { step: 1, outcome: 'network_timeout' } },
        { attempt: 3, processor: 'providerB', step: { step: 1, outcome: 'network_timeout' } },
      ]);
      expect(await booksOf('providerB', id)).toEqual(new Map([[`${id}:authorize:1`, { kind: 'dropped', simulated: 'network_timeout' }], [`${id}:authorize:3`, { kind: 'dropped', simulated: 'network_timeout' }]]));
      expect(await webhooksOf(id, ['payment_intent.created', 'payment_intent.declined'])).toEqual(['payment_intent.created', 'payment_intent.declined']);
    });
  });

  describe('chains: step N is attempt N', () => {
    it('["network_timeout", "network_timeout", "success"]: two timeouts (failover to providerA, back to providerB), then captured at attempt 3', async () => {
      const { id, confirmed } = await pay('providerB', ['network_timeout', 'network_timeout', 'success']);
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ status: 'captured', processor: 'providerB', amount_received: AMOUNT.providerB, simulate: ['network_timeout', 'network_timeout', 'success'] });
      expect(confirmed.body.routing_reason).toBe('failover: providerA did not answer (timeout, confirmed nothing authorized)');
      expect(await attemptsOf(id)).toEqual([
        { attempt: 1, processor: 'providerB', step: { step: 1, outcome: 'network_timeout' } },
        { attempt: 2, processor: 'providerA', step: { step: 2, outcome: 'network_timeout' } },
        { attempt: 3, processor: 'providerB', step: { step: 3, outcome: 'success' } },
      ]);
      expect(await booksOf('providerA', id)).toEqual(new Map([[`${id}:authorize:2`, { kind: 'dropped', simulated: 'network_timeout' }]]));
      expect(await booksOf('providerB', id)).toEqual(new Map([[`${id}:authorize:1`, { kind: 'dropped', simulated: 'network_timeout' }], [`${id}:authorize:3`, { kind: 'authorized', simulated: 'success' }]]));
      // The attempts are the gateway's own bookkeeping: merchants see the payment's result.
      expect(await webhooksOf(id, ['payment_intent.created', 'payment_intent.authorized', 'payment_intent.captured'])).toEqual(['payment_intent.authorized', 'payment_intent.captured', 'payment_intent.created']);
    });

    it('a decline ends the chain: ["network_timeout", "insufficient_funds", "success"] is declined at attempt 2 by providerA', async () => {
      const { id, confirmed } = await pay('providerB', ['network_timeout', 'insufficient_funds', 'success']);
      expect(confirmed.status).toBe(402);
      expect(confirmed.body.error).toMatchObject({ decline_code: 'insufficient_funds', payment_intent: { processor: 'providerA', status: 'declined' } });
      expect((await attemptsOf(id)).map((a) => a.step)).toEqual([{ step: 1, outcome: 'network_timeout' }, { step: 2, outcome: 'insufficient_funds' }]);
    });

    it('simulate on confirm replaces the creation\'s: created card_declined, confirmed ["network_timeout", "success"] on providerA', async () => {
      const created = await create({ amount: AMOUNT.providerA, simulate: 'card_declined' });
      const confirmed = await confirm(created.body.id, { simulate: ['network_timeout', 'success'] });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ status: 'captured', processor: 'providerB', simulate: ['network_timeout', 'success'] });
      const requested = (await ledgerOf(created.body.id)).filter((e) => e.type === 'payment_intent.authorization_requested');
      expect(requested.map((e) => [e.data['processor'], e.data['simulate'], e.data['simulate_step']])).toEqual([
        ['providerA', ['network_timeout', 'success'], { step: 1, outcome: 'network_timeout' }],
        ['providerB', ['network_timeout', 'success'], { step: 2, outcome: 'success' }],
      ]);
    });
  });

  describe('idempotency', () => {
    it('a replay answers the stored bytes and makes no attempt; the same key with another simulate is 422', async () => {
      const key = `create-${randomUUID()}`;
      const created = await create({ amount: AMOUNT.providerB, simulate: ['network_timeout', 'success'] }, key);
      const again = await create({ amount: AMOUNT.providerB, simulate: ['network_timeout', 'success'] }, key);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.text).toBe(created.text);
      const other = await create({ amount: AMOUNT.providerB, simulate: ['network_timeout', 'card_declined'] }, key);
      expect(other.status).toBe(422);
      const confirmKey = `confirm-${randomUUID()}`;
      const confirmed = await confirm(created.body.id, {}, confirmKey);
      expect(confirmed.body).toMatchObject({ status: 'captured' });
      const replayed = await confirm(created.body.id, {}, confirmKey);
      expect(replayed.text).toBe(confirmed.text);
      expect(await attemptsOf(created.body.id)).toHaveLength(2);
      expect(await confirm(created.body.id, { simulate: 'success' })).toMatchObject({ status: 409 });
    });
  });

  describe('refusals: 400 naming simulate, nothing written', () => {
    const files = async (): Promise<string> =>
      (await Promise.all(['ledger/payments.jsonl', 'providers/sim/providerA.jsonl', 'providers/sim/providerB.jsonl'].map((f) => fs.readFile(path.join(dir, f), 'utf8').catch(() => '')))).join('\u0000');

    it.each([
      ['an unknown outcome', 'explode'],
      ['an unknown step', ['network_timeout', 'explode']],
      ['an empty chain', []],
      [`a chain longer than ${SIMULATE_CHAIN_MAX}`, Array.from({ length: SIMULATE_CHAIN_MAX + 1 }, () => 'network_timeout')],
      ['another type', { outcome: 'success' }],
      ['null', null],
    ])('%s', async (_what, simulate) => {
      const before = await files();
      const created = await create({ amount: AMOUNT.providerB, simulate });
      expect(created.status).toBe(400);
      expect(created.body.error).toMatchObject({ code: 'parameter_invalid', param: 'simulate' });
      expect(created.body.error.message).toMatch(/^simulate must be one of success, insufficient_funds, .*, or an array of 1 to 10 of them/);
      const plain = await create({ amount: AMOUNT.providerB });
      const before2 = await files();
      const confirmed = await confirm(plain.body.id, { simulate });
      expect(confirmed.status).toBe(400);
      expect(confirmed.body.error).toMatchObject({ code: 'parameter_invalid', param: 'simulate' });
      expect(await files()).toBe(before2);
      expect(before2.length).toBeGreaterThan(before.length); // only the plain payment's creation was written
      payments = payments.filter((id) => id !== plain.body.id);
    });

    it('a Pix payment has no processor attempt to script', async () => {
      const before = await files();
      const pix = await request(stack.gw.app).post('/v1/payment-intents').set(auth).set('Idempotency-Key', `pix-${randomUUID()}`).send({ amount: 1_000, currency: 'brl', payment_method_types: ['pix'], simulate: 'success' });
      expect(pix.status).toBe(400);
      expect(pix.body.error).toMatchObject({ code: 'parameter_invalid', param: 'simulate' });
      expect(await files()).toBe(before);
    });

    it('PayRail has test keys only: a live key (sk_live_...) is refused before simulate is read (401)', async () => {
      const before = await files();
      const res = await request(stack.gw.app).post('/v1/payment-intents').set('Authorization', 'Bearer sk_live_0123456789abcdefghij').set('Idempotency-Key', `live-${randomUUID()}`)
        .send({ amount: AMOUNT.providerB, currency: 'usd', payment_method: token, simulate: 'success' });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('api_key_invalid');
      expect(await files()).toBe(before);
    });
  });

  describe('the Stripe-compatible surface takes simulate too (a form parameter)', () => {
    const stripe = (route: string, form: string) => request(stack.gw.app).post(`/stripe/v1${route}`).set(auth).set('Idempotency-Key', `stripe-${randomUUID()}`).type('form').send(form);

    it('create with confirm=true and simulate=insufficient_funds: a StripeCardError with decline_code insufficient_funds', async () => {
      const res = await stripe('/payment_intents', 'amount=2000&currency=usd&payment_method=pm_card_visa&confirm=true&simulate=insufficient_funds');
      expect(res.status).toBe(402);
      expect(res.body.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' });
      payments.push(res.body.error.payment_intent.id);
    });

    it('confirm with a chain simulate[]=network_timeout&simulate[]=success: succeeded after a failover', async () => {
      const created = await stripe('/payment_intents', 'amount=2000&currency=usd&payment_method=pm_card_visa');
      payments.push(created.body.id);
      const res = await stripe(`/payment_intents/${created.body.id}/confirm`, 'simulate[]=network_timeout&simulate[]=success');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('succeeded');
      expect((await attemptsOf(created.body.id)).map((a) => [a.processor, a.step])).toEqual([['providerB', { step: 1, outcome: 'network_timeout' }], ['providerA', { step: 2, outcome: 'success' }]]);
    });

    it('a bad value is a 400 naming simulate', async () => {
      const res = await stripe('/payment_intents', 'amount=2000&currency=usd&simulate=explode');
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param: 'simulate' });
    });
  });
});
