import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Stripe from 'stripe';
import { freePort, startService, type RunningService } from '@payrail/testing';
import { DEFAULT_ROUTING } from '../routing/routingRules';
import { DEMO_KEY } from '../testing/gatewayHarness';
import { call, eventually, ledgerVsBooks, startRaceStack, type Answer, type RaceStack } from '../testing/raceCalls';

// Every money-moving command raced across two real gateway processes on one data folder, with the
// processors' webhooks arriving at one of them meanwhile. Afterwards the ledger is compared with both
// processors' own books (their inquiry APIs): they must agree on every payment.

// CI runs a few rounds of each race; `npm run races` runs many (RACE_ROUNDS).
const ROUNDS = Number(process.env['RACE_ROUNDS'] ?? 6);
const RACE_TIMEOUT_MS = 30_000 + ROUNDS * 5_000;
type Processor = 'providerA' | 'providerB';
const CURRENCY: Record<Processor, string> = { providerA: 'usd', providerB: 'eur' };

jest.setTimeout(RACE_TIMEOUT_MS);

describe('money-moving commands raced across two gateway processes', () => {
  let stack: RaceStack;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let sim: RunningService;
  let gateways: [RunningService, RunningService];
  let token: string;
  let stripePorts: [number, number];
  const payments: string[] = [];
  let sequence = 0;

  beforeAll(async () => {
    // Euros go to providerB, dollars to providerA, whatever the card: each race runs on both dialects.
    // Each gateway with its Stripe-compatible port too, for the races through that surface.
    stripePorts = [await freePort(), await freePort()];
    stack = await startRaceStack({
      label: 'money-races',
      routing: { ...DEFAULT_ROUTING, rules: [{ name: 'euros to providerB', when: { currency: ['EUR'] }, prefer: ['providerB', 'providerA'] }, { name: 'the rest to providerA', when: {}, prefer: ['providerA', 'providerB'] }] },
      env: { REFUND_APPROVAL_THRESHOLD: '7000' },
      gatewayEnvs: [{ STRIPE_API_PORT: String(stripePorts[0]) }, { STRIPE_API_PORT: String(stripePorts[1]) }],
    });
    ({ dir, env, sim, gateways, token } = stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  function faults(processor: Processor, settings: Record<string, number>): Promise<Response> {
    return fetch(`${sim.url}/admin/faults`, { method: 'PUT', headers: { 'x-admin-token': env.ADMIN_TOKEN as string, 'content-type': 'application/json' }, body: JSON.stringify({ [processor]: settings }) });
  }

  const key = (what: string): string => `race-${what}-${++sequence}`;

  async function created(processor: Processor, amount: number): Promise<string> {
    const res = await call(gateways[0], 'POST', '/v1/payment-intents', { amount, currency: CURRENCY[processor], capture_method: 'manual', payment_method: token }, key('create'));
    expect(res.status).toBe(200);
    payments.push(res.body.id);
    return res.body.id as string;
  }

  async function authorized(processor: Processor, amount: number): Promise<string> {
    const id = await created(processor, amount);
    const res = await call(gateways[1], 'POST', `/v1/payment-intents/${id}/confirm`, {}, key('confirm'));
    expect({ status: res.status, state: res.body.status, processor: res.body.processor }).toEqual({ status: 200, state: 'authorized', processor });
    return id;
  }

  /** Sends both requests at the same moment, one to each gateway process. */
  function race(first: (g: RunningService) => Promise<Answer>, second: (g: RunningService) => Promise<Answer>): Promise<[Answer, Answer]> {
    return Promise.all([first(gateways[0]), second(gateways[1])]);
  }

  function expectNoServerError(answers: Answer[]): void {
    for (const answer of answers) expect({ status: answer.status < 500, body: answer.body }).toEqual({ status: true, body: answer.body });
  }

  for (const processor of ['providerA', 'providerB'] as const) {
    it(`capture vs capture with different amounts (${processor}): one wins, the other is 409, never a reversal`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const id = await authorized(processor, 20_000);
        const answers = await race(
          (g) => call(g, 'POST', `/v1/payment-intents/${id}/capture`, { amount_to_capture: 19_905 }, key('capture')),
          (g) => call(g, 'POST', `/v1/payment-intents/${id}/capture`, { amount_to_capture: 19_805 }, key('capture')),
        );
        expectNoServerError(answers);
        const winners = answers.filter((a) => a.status === 200);
        expect(winners).toHaveLength(1);
        expect(winners[0]?.body).toMatchObject({ status: 'captured' });
        const loser = answers.find((a) => a.status !== 200) as Answer;
        expect(loser.status).toBe(409);
        expect(loser.body.error).toMatchObject({ code: 'invalid_state_transition' });
      }
    });

    it(`capture vs cancel (${processor}): exactly one of them happens, and the loser is a 409`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const id = await authorized(processor, 15_000);
        const answers = await race(
          (g) => call(g, 'POST', `/v1/payment-intents/${id}/capture`, {}, key('capture')),
          (g) => call(g, 'POST', `/v1/payment-intents/${id}/cancel`, {}, key('cancel')),
        );
        expectNoServerError(answers);
        const [capture, cancel] = answers;
        expect([capture.status, cancel.status].sort()).toEqual([200, 409]);
        if (capture.status === 200) expect(capture.body.status).toBe('captured');
        else expect(cancel.body.status).toBe('reversed');
      }
    });

    it(`refund vs refund over the captured amount (${processor}): one succeeds, never more than captured`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const id = await authorized(processor, 10_000);
        expect((await call(gateways[0], 'POST', `/v1/payment-intents/${id}/capture`, {}, key('capture'))).status).toBe(200);
        const answers = await race(
          (g) => call(g, 'POST', '/v1/refunds', { payment_intent: id, amount: 6_000 }, key('refund')),
          (g) => call(g, 'POST', '/v1/refunds', { payment_intent: id, amount: 6_000 }, key('refund')),
        );
        expectNoServerError(answers);
        expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
        expect(answers.find((a) => a.status === 200)?.body).toMatchObject({ status: 'succeeded', amount: 6_000 });
        expect(answers.find((a) => a.status === 400)?.body.error).toMatchObject({ code: 'amount_exceeds_refundable' });
      }
    });

    it(`approve vs approve, and approve vs reject, of one refund waiting for approval (${processor}): it is decided once`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const id = await authorized(processor, 20_000);
        expect((await call(gateways[0], 'POST', `/v1/payment-intents/${id}/capture`, {}, key('capture'))).status).toBe(200);
        const pending = await call(gateways[0], 'POST', '/v1/refunds', { payment_intent: id, amount: 15_000 }, key('refund'));
        expect(pending.body).toMatchObject({ status: 'pending_approval' });
        const refund = pending.body.id as string;
        const rejecting = round % 2 === 1;
        const answers = await race(
          (g) => call(g, 'POST', `/v1/refunds/${refund}/approve`, { approver: 'ops-a' }, key('approve')),
          (g) => call(g, 'POST', `/v1/refunds/${refund}/${rejecting ? 'reject' : 'approve'}`, { approver: 'ops-b' }, key('decide')),
        );
        expectNoServerError(answers);
        expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
        const final = (await call(gateways[1], 'GET', `/v1/refunds/${refund}`)).body;
        expect(['succeeded', 'failed']).toContain(final.status);
        expect(answers.find((a) => a.status === 200)?.body.status).toBe(final.status);
      }
    });

    it(`confirm vs confirm with different keys (${processor}): one authorization at the processor`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const id = await created(processor, 5_000);
        const answers = await race(
          (g) => call(g, 'POST', `/v1/payment-intents/${id}/confirm`, {}, key('confirm')),
          (g) => call(g, 'POST', `/v1/payment-intents/${id}/confirm`, {}, key('confirm')),
        );
        expectNoServerError(answers);
        expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
        expect(answers.find((a) => a.status === 200)?.body).toMatchObject({ status: 'authorized', processor });
      }
    });
  }

  for (const processor of ['providerA', 'providerB'] as const) {
    it(`through the Stripe-compatible API (${processor}): capture vs capture, capture vs cancel and refund vs refund are each decided once, the loser a 4xx`, async () => {
      // The official client, one per gateway process, without its own retries (a 409 would be retried).
      const clients = stripePorts.map((port) => new Stripe(DEMO_KEY, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 })) as [Stripe, Stripe];
      const once = (results: Array<PromiseSettledResult<Stripe.PaymentIntent | Stripe.Refund>>) => {
        const won = results.filter((r): r is PromiseFulfilledResult<Stripe.PaymentIntent | Stripe.Refund> => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Stripe.errors.StripeError);
        expect(won).toHaveLength(1);
        for (const error of lost) expect({ type: error.type, status: (error.statusCode ?? 0) < 500 }).toEqual({ type: 'StripeInvalidRequestError', status: true });
        return { won: won[0]?.value as { status: string; amount: number }, lost: lost[0] as Stripe.errors.StripeError };
      };
      for (let round = 0; round < ROUNDS; round++) {
        const captured = await authorized(processor, 20_000);
        const capture = once(await Promise.allSettled([clients[0].paymentIntents.capture(captured, { amount_to_capture: 19_905 }), clients[1].paymentIntents.capture(captured, { amount_to_capture: 19_805 })]));
        expect(capture.won.status).toBe('succeeded');
        expect(capture.lost.code).toBe('payment_intent_unexpected_state');

        const contested = await authorized(processor, 15_000);
        const decided = once(await Promise.allSettled([clients[0].paymentIntents.capture(contested), clients[1].paymentIntents.cancel(contested)]));
        expect(['succeeded', 'canceled']).toContain(decided.won.status);

        const refunded = await authorized(processor, 10_000);
        await clients[0].paymentIntents.capture(refunded);
        const refund = once(await Promise.allSettled([clients[0].refunds.create({ payment_intent: refunded, amount: 6_000 }), clients[1].refunds.create({ payment_intent: refunded, amount: 6_000 })]));
        expect(refund.won).toMatchObject({ status: 'succeeded', amount: 6_000 });
        expect(refund.lost.code).toBe('amount_too_large');

        // Update (the amount) vs confirm: the processor authorizes the amount the ledger holds, whichever came first.
        const paymentMethod = `pm_${token.slice(4)}`;
        const updating = await clients[0].paymentIntents.create({ amount: 5_000, currency: CURRENCY[processor], capture_method: 'manual', payment_method: paymentMethod });
        const [update, confirm] = await Promise.allSettled([clients[0].paymentIntents.update(updating.id, { amount: 7_000 }), clients[1].paymentIntents.confirm(updating.id)]);
        expect(confirm.status).toBe('fulfilled');
        if (update.status === 'rejected') expect((update.reason as Stripe.errors.StripeError).code).toBe('payment_intent_unexpected_state');
        const expected = update.status === 'fulfilled' ? 7_000 : 5_000;
        expect((await clients[0].paymentIntents.capture(updating.id)).amount_received).toBe(expected);
        payments.push(updating.id); // the books below must show the same capture

        // Cancel before confirmation vs confirm: one of them; a canceled one never reached a processor.
        const racing = await clients[0].paymentIntents.create({ amount: 4_000, currency: CURRENCY[processor], payment_method: paymentMethod });
        const cancelOrConfirm = once(await Promise.allSettled([clients[0].paymentIntents.cancel(racing.id), clients[1].paymentIntents.confirm(racing.id)]));
        if (cancelOrConfirm.won.status === 'canceled') {
          const lines = (await fs.readFile(path.join(dir, 'ledger/payments.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
          expect(lines.filter((e) => e.ref === racing.id).map((e) => e.type)).toEqual(['payment_intent.created', 'payment_intent.reversed']);
        } else {
          expect(cancelOrConfirm.won.status).toBe('succeeded');
          payments.push(racing.id);
        }
      }
    });
  }

  it('a capture the processor does not answer stays in flight, is resent with the same key, and its replay answers captured', async () => {
    const id = await authorized('providerA', 7_000);
    expect((await faults('providerA', { timeout_percent: 100 })).status).toBe(200);
    const captureKey = key('capture-timeout');
    const first = await call(gateways[0], 'POST', `/v1/payment-intents/${id}/capture`, { amount_to_capture: 6_500 }, captureKey).finally(() => faults('providerA', { timeout_percent: 0 }));
    expect(first.status).toBe(503);
    expect(first.body.error).toMatchObject({ code: 'upstream_unavailable' });
    // Meanwhile, another capture (other process, other key) is refused: one is already in flight.
    const meanwhile = await call(gateways[1], 'POST', `/v1/payment-intents/${id}/capture`, {}, key('capture'));
    expect([409]).toContain(meanwhile.status);
    const replayed = await eventually(() => call(gateways[1], 'POST', `/v1/payment-intents/${id}/capture`, { amount_to_capture: 6_500 }, captureKey), (a) => a.status === 200);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ status: 'captured', amount_received: 6_500 });
    const again = await call(gateways[0], 'POST', `/v1/payment-intents/${id}/capture`, { amount_to_capture: 6_500 }, captureKey);
    expect(again.text).toBe(replayed.text);
  });

  it('a refund the processor does not answer stays approved, is resent with the same key, and its replay answers succeeded', async () => {
    const id = await authorized('providerB', 8_000);
    expect((await call(gateways[0], 'POST', `/v1/payment-intents/${id}/capture`, {}, key('capture'))).status).toBe(200);
    expect((await faults('providerB', { timeout_percent: 100 })).status).toBe(200);
    const refundKey = key('refund-timeout');
    const first = await call(gateways[1], 'POST', '/v1/refunds', { payment_intent: id, amount: 3_000 }, refundKey).finally(() => faults('providerB', { timeout_percent: 0 }));
    expect(first.status).toBe(503);
    let replayed = await eventually(() => call(gateways[0], 'POST', '/v1/refunds', { payment_intent: id, amount: 3_000 }, refundKey), (a) => a.status === 200);
    expect(replayed.body).toMatchObject({ status: 'succeeded', amount: 3_000 });
    replayed = await call(gateways[1], 'POST', '/v1/refunds', { payment_intent: id, amount: 3_000 }, refundKey);
    expect(replayed.body).toMatchObject({ status: 'succeeded' });
  });

  it('a gateway killed (kill -9) while its capture is at the processor: the other process finishes it, once', async () => {
    const id = await authorized('providerA', 9_000);
    expect((await faults('providerA', { latency_ms: 1_500 })).status).toBe(200);
    const port = gateways[1].port;
    const doomed = call(gateways[1], 'POST', `/v1/payment-intents/${id}/capture`, { amount_to_capture: 8_000 }, key('capture-killed')).catch(() => null);
    await eventually(async () => (await call(gateways[0], 'GET', `/v1/payment-intents/${id}`)).body, (intent) => intent.processing === true);
    await gateways[1].kill();
    await doomed;
    await faults('providerA', { latency_ms: 0 });
    const intent = await eventually(async () => (await call(gateways[0], 'GET', `/v1/payment-intents/${id}`)).body, (p) => p.status !== 'authorized');
    expect(intent).toMatchObject({ status: 'captured', amount_received: 8_000, processing: false });
    gateways[1] = await startService('api-gateway', 'GATEWAY_PORT', { ...env, GATEWAY_PORT: String(port) });
  });

  it('replays are byte for byte: on the other process, and after a restart', async () => {
    // Metadata and customer keys out of order, and the vault's card summary: the first answer and
    // the answer rebuilt from the file must be the same bytes.
    const replayKey = key('replay');
    const body = { amount: 4_200, currency: 'usd', capture_method: 'manual', payment_method: token, metadata: { zeta: '1', alpha: '2', mid: '3' }, customer: { phone: '+15550100', name: 'Ada', email: 'ada@example.com', country: 'US' } };
    const first = await call(gateways[0], 'POST', '/v1/payment-intents', body, replayKey);
    expect(first.status).toBe(200);
    payments.push(first.body.id);
    const elsewhere = await call(gateways[1], 'POST', '/v1/payment-intents', body, replayKey);
    expect(elsewhere.text).toBe(first.text);
    const confirmKey = key('replay-confirm');
    const confirmed = await call(gateways[0], 'POST', `/v1/payment-intents/${first.body.id}/confirm`, {}, confirmKey);
    expect(confirmed.status).toBe(200);
    const port = gateways[0].port;
    await gateways[0].stop();
    gateways[0] = await startService('api-gateway', 'GATEWAY_PORT', { ...env, GATEWAY_PORT: String(port) });
    expect((await call(gateways[0], 'POST', '/v1/payment-intents', body, replayKey)).text).toBe(first.text);
    expect((await call(gateways[0], 'POST', `/v1/payment-intents/${first.body.id}/confirm`, {}, confirmKey)).text).toBe(confirmed.text);
    expect((await call(gateways[1], 'POST', `/v1/payment-intents/${first.body.id}/confirm`, {}, confirmKey)).text).toBe(confirmed.text);
  });

  it('afterwards, the ledger and both processors’ books agree on every payment', async () => {
    // Let the processors' webhooks (and their retries) land first; then read through the other process.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const disagreements = await ledgerVsBooks(stack, gateways[1], payments);
    expect(disagreements).toEqual([]);
    const lines = (await fs.readFile(path.join(dir, 'ledger/payments.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.filter((e) => e.type === 'payment_intent.reversed' && e.data.reason === 'capture_failed')).toEqual([]);
    expect(lines.filter((e) => e.type === 'payment_intent.processor_refused')).toEqual([]);
    expect(payments.length).toBeGreaterThanOrEqual(ROUNDS * 16);
  });
});
