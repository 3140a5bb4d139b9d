import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { readFileSync } from 'node:fs';
import { filesUnder, freePort, makeTempDataDir, startService, type RunningService } from '@payrail/testing';
import { listen, type RunningServer } from '@payrail/service-kit';
import { DEMO_KEY } from '../testing/gatewayHarness';
import { startStack, type Stack } from '../testing/stack';
import { createStripeApp } from './stripeApp';

jest.setTimeout(120_000);

/** A webhook receiver on loopback that keeps each delivery's raw body and Stripe-Signature header. */
async function receiver(): Promise<{ url: string; deliveries: Array<{ body: string; signature: string }>; close(): Promise<void> }> {
  const deliveries: Array<{ body: string; signature: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['stripe-signature'] ?? '') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/stripe-hooks`, deliveries, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeout_ms = 20_000): Promise<T> {
  const deadline = Date.now() + timeout_ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the official stripe client against the Stripe-compatible API (real stack on loopback)', () => {
  let cleanup: () => void;
  let stack: Stack;
  let stripeServer: RunningServer;
  let ledgerService: RunningService;
  let stripe: Stripe;
  let dataDir: string;

  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = makeTempDataDir('stripe-client'));
    dataDir = dir;
    const ledgerPort = await freePort();
    stack = await startStack(dir, { gatewayEnv: { LEDGER_URL: `http://127.0.0.1:${ledgerPort}`, REFUND_APPROVAL_THRESHOLD: '1000000' } });
    ledgerService = await startService('ledger-service', 'LEDGER_PORT', { ...stack.env, LEDGER_PORT: String(ledgerPort), GATEWAY_URL: stack.gatewayUrl, WEBHOOK_RETRY_SCHEDULE: '0,200ms,400ms' });
    stripeServer = await listen(createStripeApp(stack.gw.deps), { port: 0, host: '127.0.0.1' });
    const port = Number(new URL(stripeServer.url).port);
    // The three lines of the README: only the host changes.
    stripe = new Stripe(DEMO_KEY, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
  });
  afterAll(async () => {
    await stripeServer?.close();
    await ledgerService?.stop();
    await stack?.close();
    cleanup?.();
  });

  it('create + confirm with pm_card_visa succeeds; latest_charge expands to a captured Charge with a balance transaction', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, metadata: { order: '1001' } });
    expect(pi).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount: 2000, amount_received: 2000, currency: 'usd', livemode: false, metadata: { order: '1001' } });
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
    expect(pi.payment_method).toMatch(/^pm_/);
    expect(pi.lastResponse.requestId).toMatch(/^req_/);
    const expanded = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge.balance_transaction'] });
    const charge = expanded.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({ object: 'charge', captured: true, paid: true, status: 'succeeded', amount_captured: 2000, payment_intent: pi.id });
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'visa', last4: '4242' });
    const txn = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(txn).toMatchObject({ object: 'balance_transaction', amount: 2000, type: 'charge' });
    expect(txn.fee).toBeGreaterThan(0);
    expect(txn.net).toBe(2000 - txn.fee);
    expect(await stripe.balanceTransactions.retrieve(txn.id)).toMatchObject({ id: txn.id, fee: txn.fee });
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ id: charge.id, amount: 2000 });
  });

  it('manual capture, partial: requires_capture, then succeeded with the rest released', async () => {
    const created = await stripe.paymentIntents.create({ amount: 5000, currency: 'eur', capture_method: 'manual', payment_method: 'pm_card_mastercard' });
    expect(created.status).toBe('requires_confirmation');
    const confirmed = await stripe.paymentIntents.confirm(created.id);
    expect(confirmed).toMatchObject({ status: 'requires_capture', amount_capturable: 5000 });
    const captured = await stripe.paymentIntents.capture(created.id, { amount_to_capture: 3000 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 3000, amount_capturable: 0 });
  });

  it('a decline with pm_card_chargeDeclinedInsufficientFunds is a StripeCardError with decline_code', async () => {
    const error = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    const card = error as Stripe.errors.StripeCardError;
    expect(card).toMatchObject({ type: 'StripeCardError', code: 'card_declined', decline_code: 'insufficient_funds', statusCode: 402 });
    expect(card.payment_intent).toMatchObject({ status: 'requires_payment_method', last_payment_error: { decline_code: 'insufficient_funds' } });
    expect(card.raw).toMatchObject({ request_log_url: expect.stringContaining('/console/#/payments/pi_') });
    const plain = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true }).catch((e: unknown) => e);
    expect(plain).toMatchObject({ type: 'StripeCardError', code: 'card_declined', decline_code: 'card_declined' });
  });

  it('cancel before confirmation, and after authorization (a void); a canceled PaymentIntent cannot be captured', async () => {
    const early = await stripe.paymentIntents.create({ amount: 700, currency: 'usd' });
    expect(early.status).toBe('requires_payment_method');
    expect(await stripe.paymentIntents.cancel(early.id, { cancellation_reason: 'abandoned' })).toMatchObject({ status: 'canceled' });
    const held = await stripe.paymentIntents.create({ amount: 800, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    expect(held.status).toBe('requires_capture');
    expect(await stripe.paymentIntents.cancel(held.id)).toMatchObject({ status: 'canceled', amount_capturable: 0 });
    const refused = await stripe.paymentIntents.capture(held.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused).toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('update before confirmation; refunds partial and full; an over-refund is refused', async () => {
    const created = await stripe.paymentIntents.create({ amount: 4000, currency: 'usd', metadata: { a: '1', b: '2' } });
    const updated = await stripe.paymentIntents.update(created.id, { amount: 4500, description: 'two mugs', metadata: { b: '', c: '3' }, payment_method: 'pm_card_visa' });
    expect(updated).toMatchObject({ amount: 4500, description: 'two mugs', metadata: { a: '1', c: '3' }, status: 'requires_confirmation' });
    const paid = await stripe.paymentIntents.confirm(created.id);
    expect(paid.status).toBe('succeeded');
    const partial = await stripe.refunds.create({ payment_intent: paid.id, amount: 1000 });
    expect(partial).toMatchObject({ object: 'refund', amount: 1000, status: 'succeeded', payment_intent: paid.id, charge: paid.latest_charge });
    const over = await stripe.refunds.create({ payment_intent: paid.id, amount: 4000 }).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(over).toMatchObject({ code: 'amount_too_large', param: 'amount' });
    const rest = await stripe.refunds.create({ charge: paid.latest_charge as string });
    expect(rest).toMatchObject({ amount: 3500, status: 'succeeded' });
    const charge = await stripe.charges.retrieve(paid.latest_charge as string);
    expect(charge).toMatchObject({ refunded: true, amount_refunded: 4500 });
    // Above REFUND_APPROVAL_THRESHOLD a refund waits for approval (requires_action); cancel rejects it in the queue.
    const big = await stripe.paymentIntents.create({ amount: 2_000_000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const waiting = await stripe.refunds.create({ payment_intent: big.id });
    expect(waiting).toMatchObject({ status: 'requires_action', amount: 2_000_000 });
    expect(await stripe.refunds.cancel(waiting.id)).toMatchObject({ id: waiting.id, status: 'canceled' });
    expect(await stripe.refunds.create({ payment_intent: big.id, amount: 500 })).toMatchObject({ status: 'succeeded' });
    const listed = await stripe.refunds.list({ payment_intent: paid.id });
    expect(listed.data.map((r) => r.id).sort()).toEqual([partial.id, rest.id].sort());
  });

  it('the same Idempotency-Key twice replays the answer; with other parameters it is a StripeIdempotencyError', async () => {
    const key = `order-${Date.now()}`;
    const first = await stripe.paymentIntents.create({ amount: 1200, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: key });
    const again = await stripe.paymentIntents.create({ amount: 1200, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: key });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    const other = await stripe.paymentIntents.create({ amount: 1300, currency: 'usd' }, { idempotencyKey: key }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('auto-pagination walks every page of 250 PaymentIntents; search finds by status, metadata and amount', async () => {
    const customer = await stripe.customers.create({ email: 'pager@example.com', name: 'Pager' });
    const ids = new Set<string>();
    for (let batch = 0; batch < 25; batch++) {
      const made = await Promise.all(Array.from({ length: 10 }, (_, i) => stripe.paymentIntents.create({ amount: 100 + batch * 10 + i, currency: 'usd', customer: customer.id, metadata: { batch: String(batch) } })));
      for (const pi of made) ids.add(pi.id);
    }
    const seen: string[] = [];
    for await (const pi of stripe.paymentIntents.list({ customer: customer.id, limit: 100 })) seen.push(pi.id);
    expect(seen).toHaveLength(250);
    expect(new Set(seen)).toEqual(ids);
    const found = await stripe.paymentIntents.search({ query: `status:'requires_payment_method' AND metadata['batch']:'7' AND amount>173` });
    expect(found.data.map((pi) => pi.amount).sort()).toEqual([174, 175, 176, 177, 178, 179]);
    const all: string[] = [];
    for await (const pi of stripe.paymentIntents.search({ query: `customer:'${customer.id}'`, limit: 100 })) all.push(pi.id);
    expect(all).toHaveLength(250);
    const onlyCustomer = await stripe.customers.retrieve(customer.id);
    expect(onlyCustomer).toMatchObject({ email: 'pager@example.com', name: 'Pager' });
  });

  it('form-encoded and JSON bodies give the same result; an unknown parameter is 400 parameter_unknown naming it', async () => {
    const base = stripeServer.url;
    const headers = { authorization: `Bearer ${DEMO_KEY}` };
    const form = await fetch(`${base}/v1/payment_intents`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: 'amount=990&currency=usd&metadata[order]=7&payment_method_types[]=card' });
    const json = await fetch(`${base}/v1/payment_intents`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ amount: 990, currency: 'usd', metadata: { order: '7' }, payment_method_types: ['card'] }) });
    const [a, b] = [await form.json(), await json.json()] as Array<Record<string, unknown>>;
    const comparable = (o: Record<string, unknown>) => ({ ...o, id: undefined, client_secret: undefined, created: undefined });
    expect(comparable(a as Record<string, unknown>)).toEqual(comparable(b as Record<string, unknown>));
    const basic = await fetch(`${base}/v1/payment_intents/${String(a?.['id'])}`, { headers: { authorization: `Basic ${Buffer.from(`${DEMO_KEY}:`).toString('base64')}` } });
    expect(basic.status).toBe(200);
    const unknown = await stripe.paymentIntents.create({ amount: 100, currency: 'usd', shipping_rate: 'x' } as never).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(unknown).toMatchObject({ code: 'parameter_unknown', param: 'shipping_rate' });
    const nested = await fetch(`${base}/v1/payment_intents`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: 'amount=12.5&currency=usd' });
    expect(await nested.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'amount' } });
    const pan = await stripe.paymentIntents.create({ amount: 100, currency: 'usd', metadata: { note: '4242 4242 4242 4242' } }).catch((e: unknown) => e);
    expect(pan).toMatchObject({ type: 'StripeInvalidRequestError', code: 'raw_card_data_not_accepted' });
    const method = await stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000009995', exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvc: '123' } });
    expect(method).toMatchObject({ object: 'payment_method', type: 'card', card: { last4: '9995' } });
    const declined = await stripe.paymentIntents.create({ amount: 100, currency: 'usd', payment_method: method.id, confirm: true }).catch((e: unknown) => e);
    expect(declined).toMatchObject({ type: 'StripeCardError', decline_code: 'insufficient_funds' });
    for (const file of filesUnder(dataDir)) expect({ file, pan: readFileSync(file, 'utf8').includes('4000000000009995') }).toEqual({ file, pan: false });
    expect(stack.gw.logLines.join('')).not.toContain('4000000000009995');
    const bad = await new Stripe('sk_test_not_a_real_key_000000', { host: '127.0.0.1', port: Number(new URL(base).port), protocol: 'http' }).paymentIntents.list().catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('a webhook endpoint created with the client gets Stripe-format events whose every delivery passes constructEvent; a dispute is charge.dispute.created', async () => {
    const hooks = await receiver();
    try {
      const endpoint = await stripe.webhookEndpoints.create({ url: hooks.url, enabled_events: ['payment_intent.succeeded', 'charge.succeeded', 'charge.dispute.created', 'refund.created'] });
      expect(endpoint.secret).toMatch(/^whsec_/);
      const disputed = await stripe.paymentIntents.create({ amount: 6000, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true });
      expect(disputed.status).toBe('succeeded');
      await stripe.refunds.create({ payment_intent: disputed.id, amount: 100 });
      const events = await until('the dispute webhook', () => {
        const parsed = hooks.deliveries.map((d) => stripe.webhooks.constructEvent(d.body, d.signature, endpoint.secret as string));
        return parsed.some((e) => e.type === 'charge.dispute.created') ? parsed : undefined;
      });
      const types = events.filter((e) => ((e.data.object as { payment_intent?: string; id: string }).payment_intent ?? (e.data.object as { id: string }).id) === disputed.id).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['payment_intent.succeeded', 'charge.succeeded', 'refund.created', 'charge.dispute.created']));
      const dispute = events.find((e) => e.type === 'charge.dispute.created')?.data.object as Stripe.Dispute;
      expect(dispute).toMatchObject({ object: 'dispute', status: 'needs_response', payment_intent: disputed.id });
      for (const event of events) expect(event).toMatchObject({ object: 'event', api_version: '2024-06-20', livemode: false });
      const listed = await stripe.events.list({ type: 'charge.dispute.created' });
      expect(listed.data.map((e) => e.id)).toContain(events.find((e) => e.type === 'charge.dispute.created')?.id);
      const updated = await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'Delivered and signed for.' } });
      expect(updated.status).toBe('under_review');
      const tampered = hooks.deliveries[0] as { body: string; signature: string };
      expect(() => stripe.webhooks.constructEvent(`${tampered.body} `, tampered.signature, endpoint.secret as string)).toThrow();
    } finally {
      await hooks.close();
    }
  });

  it('a providerA outage: paymentIntents.confirm still succeeds through providerB', async () => {
    expect((await stack.simAdmin('PUT', '/admin/faults', { providerA: { outage: '503' } })).status).toBe(200);
    try {
      const pi = await stripe.paymentIntents.create({ amount: 3100, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
      expect(pi.status).toBe('succeeded');
      expect(stack.gw.deps.ledger.state.payments.get(pi.id)?.processor).toBe('providerB');
    } finally {
      await stack.simAdmin('PUT', '/admin/faults', { providerA: { outage: 'none' } });
    }
  });
});
