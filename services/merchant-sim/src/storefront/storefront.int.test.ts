import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { REPO_ROOT } from '@payrail/testing';
import { Webhook } from 'standardwebhooks';
import { StorefrontStack, until, type Answer } from '../testing/storefrontStack';
import type { WebhookEnv } from '../webhooks/webhookEnvs';


/** The order of a payment's statuses: the view may only move forward along it. */
const STATUS_STEP: Record<string, number> = { placed: 0, awaiting_payment: 1, authorized: 2, captured: 3, declined: 3, reversed: 4, settled: 4, chargeback: 5 };

const cardOrder = (env: WebhookEnv, extra: Record<string, unknown> = {}) => ({
  env,
  items: [{ name: 'Mug', quantity: 2, unit_amount: 1250 }],
  currency: 'usd',
  payment: { method: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvc: '123' } },
  ...extra,
});

describe('merchant-sim storefront: orders placed through the gateway, their status from verified webhooks only (real processes)', () => {
  let stack: StorefrontStack;

  beforeAll(async () => {
    stack = await StorefrontStack.start('merchant-sim-storefront');
    await stack.connect('local');
    await stack.connect('sandbox');
    // staging has an account and a secret, but no gateway endpoint: the tests deliver its webhooks themselves.
    await stack.connect('staging', { endpoint: false });
  }, 120_000);

  afterAll(async () => {
    if (stack !== undefined) {
      // Every line merchant-sim wrote (deliveries and orders) passes `payrail verify`: schema and hash chain.
      const verify = spawnSync(process.execPath, [path.join(REPO_ROOT, 'shared', 'cli', 'bin', 'payrail.js'), 'verify', '--data', stack.dataDir, '--json'], { encoding: 'utf8', timeout: 60_000 });
      const report = JSON.parse(verify.stdout) as { ok: boolean; streams: Array<{ stream: string; ok: boolean; lines: number }> };
      await stack.close();
      expect(report.streams.filter((stream) => stream.stream.startsWith('merchant-sim/')).map(({ stream, ok }) => [stream, ok])).toEqual([['merchant-sim/deliveries', true], ['merchant-sim/orders', true]]);
    }
  }, 90_000);

  /** The gateway's events of a payment intent, oldest first, as the env's account sees them. */
  const gatewayEvents = async (env: WebhookEnv, paymentIntent: string): Promise<Array<{ id: string; type: string; created: number }>> => {
    const answer = await stack.api(env, 'GET', `/v1/events?payment_intent=${paymentIntent}&limit=100`);
    expect(answer.status).toBe(200);
    return [...answer.body.data].reverse();
  };

  it('given a card order, answers it placed, and moves it to captured only when the verified webhook arrives', async () => {
    await stack.sim('PUT', '/admin/modes/sandbox', { mode: 'offline' });
    const placed = await stack.order(cardOrder('sandbox', { description: 'two mugs' }));
    expect(placed.status).toBe(201);
    const order = placed.body;
    expect(order).toMatchObject({
      id: expect.stringMatching(/^ord_[0-9a-z]{26}$/), source: 'storefront', env: 'sandbox', status: 'placed', amount: 2500, currency: 'USD', payment_method: 'card',
      payment: { method: 'card', card: { brand: 'visa', last4: '4242' }, pix: null },
      checkout: { state: 'confirmed', step: 'confirm', gateway_status: 200 },
      links: { page: `/shop/orders/${order.id}`, ledger: `/orders/${order.id}/ledger` },
    });
    const pi = order.payment_intent as string;
    expect(pi).toMatch(/^pi_/);

    // The gateway says captured; the receiver is offline, so the merchant's order has not moved.
    await until('the offline receiver to refuse the captured event', async () => {
      const events = await stack.sim('GET', `/events?order_id=${pi}`);
      return events.body.data.some((event: { type: string; last_status: number }) => event.type === 'payment_intent.captured' && event.last_status === 503);
    });
    const refreshed = await stack.sim('GET', `/orders/${order.id}?refresh=true`);
    expect(refreshed.body).toMatchObject({ status: 'placed', payment: { status: null }, ledger_view: { available: true, payment_intent: { status: 'captured' } }, in_sync_with_ledger: false });

    await stack.sim('PUT', '/admin/modes/sandbox', { mode: 'normal' });
    for (const event of await gatewayEvents('sandbox', pi)) expect((await stack.api('sandbox', 'POST', `/v1/events/${event.id}/retry`, {})).status).toBe(200);
    const captured = await stack.waitForStatus(order.id, 'captured');
    expect(captured).toMatchObject({ payment: { status: 'captured' }, status_source: { type: 'payment_intent.captured' } });
    expect(captured.history.map((entry: { type: string }) => entry.type)).toEqual(expect.arrayContaining(['payment_intent.created', 'payment_intent.captured']));

    // Its webhooks came to /webhooks/sandbox (its own account's endpoint), verified with sandbox's secret, and nowhere else.
    const received = (await stack.sim('GET', `/events?order_id=${pi}&limit=100`)).body.data as Array<{ env: string; processed: boolean; badges: { signature: string } }>;
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((event) => event.env === 'sandbox' && event.processed && event.badges.signature === 'SIG OK')).toBe(true);
    expect((await stack.sim('GET', `/events?order_id=${pi}&env=local`)).body.data).toEqual([]);

    // The ledger view, through merchant-sim with the env's key.
    const ledger = await stack.sim('GET', `/orders/${order.id}/ledger`);
    expect(ledger.body).toMatchObject({ object: 'order_ledger', order: order.id, payment_intent: pi, ledger_view: { available: true, ledger: { chain_verified: true } } });

    // The pages show it.
    const page = await stack.sim('GET', `/shop/orders/${order.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src|default-src 'none'/);
    expect(page.body).toContain('<strong>captured</strong>');
    expect(page.body).toContain(`/orders/${order.id}/ledger`);
    expect(page.body).toContain('payment_intent.captured');
    const list = await stack.sim('GET', '/shop/orders');
    expect(list.body).toContain(`/shop/orders/${order.id}`);
  });

  it('refunds an order through the gateway; the refund shows once its webhooks arrive', async () => {
    const order = (await stack.order(cardOrder('local'))).body;
    await stack.waitForStatus(order.id, 'captured');
    const key = randomUUID();
    const refund = await stack.sim('POST', `/orders/${order.id}/refund`, { amount: 500 }, { 'idempotency-key': key });
    expect(refund.status).toBe(202);
    expect(refund.body).toMatchObject({ object: 'refund_request', order: order.id, refund: { id: expect.stringMatching(/^re_/), amount: 500 } });
    const again = await stack.sim('POST', `/orders/${order.id}/refund`, { amount: 500 }, { 'idempotency-key': key });
    expect(again.body.refund.id).toBe(refund.body.refund.id);
    const refunded = await until('the refund to succeed on the order', async () => {
      const view = (await stack.sim('GET', `/orders/${order.id}`)).body;
      return view.refunds.some((r: { status: string }) => r.status === 'succeeded') ? view : null;
    });
    expect(refunded.refunds).toEqual([expect.objectContaining({ id: refund.body.refund.id, status: 'succeeded', amount: 500 })]);
    expect(refunded.status).toBe('captured');
    const tooMuch = await stack.sim('POST', `/orders/${order.id}/refund`, { amount: 1_000_000 }, { 'idempotency-key': randomUUID() });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error).toMatchObject({ code: 'amount_exceeds_refundable' });
  });

  it('given the same order retried (in a row and at once), places one order and creates one PaymentIntent', async () => {
    const key = `order-${randomUUID()}`;
    const body = cardOrder('local', { amount: 2500 });
    const answers = await Promise.all([stack.order(body, key), stack.order(body, key), stack.order(body, key)]);
    const later = await stack.order(body, key);
    const all = [...answers, later];
    const ids = new Set(all.map((answer) => answer.body.id));
    expect(ids.size).toBe(1);
    expect(all.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(later.status).toBe(200);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    const [id] = [...ids] as string[];
    const payments = await stack.api('local', 'GET', `/v1/payment-intents?metadata[order_id]=${id}&limit=100`);
    expect(payments.body.data).toHaveLength(1);
    expect(payments.body.data[0].id).toBe(later.body.payment_intent);

    const changed = await stack.order({ ...body, amount: 2600, items: undefined }, key);
    expect(changed.status).toBe(422);
    expect(changed.body.error).toMatchObject({ code: 'idempotency_key_reused', param: 'Idempotency-Key' });

    // No card number anywhere merchant-sim writes.
    const folder = path.join(stack.dataDir, 'merchant-sim');
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.jsonl') || name.endsWith('.json'))) {
      expect([file, readFileSync(path.join(folder, file), 'utf8').includes('4242424242424242')]).toEqual([file, false]);
    }
  });

  it('given the gateway down while an order is placed, answers it placed with checkout unreachable; the retry resumes it and pays once', async () => {
    const key = `order-${randomUUID()}`;
    const body = { env: 'local', amount: 1990, currency: 'brl', payment: { method: 'pix' } };
    const down = await stack.withGatewayDown(() => stack.order(body, key));
    expect(down.status).toBe(201);
    expect(down.body).toMatchObject({ status: 'placed', payment_intent: null, checkout: { state: 'unreachable', step: 'create', error: { message: expect.stringMatching(/unreachable/) } } });
    const retried = await stack.order(body, key);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: down.body.id, payment_intent: expect.stringMatching(/^pi_/), checkout: { state: 'confirmed', calls: 3 } });
    const again = await stack.order(body, key);
    expect(again.body).toMatchObject({ payment_intent: retried.body.payment_intent, checkout: { calls: 3 } });
    const payments = await stack.api('local', 'GET', `/v1/payment-intents?metadata[order_id]=${down.body.id}&limit=100`);
    expect(payments.body.data.map((pi: { id: string }) => pi.id)).toEqual([retried.body.payment_intent]);
  }, 60_000);

  it('refuses bad orders with a clear 4xx and writes nothing', async () => {
    const stream = path.join(stack.dataDir, 'merchant-sim', 'orders.jsonl');
    const before = existsSync(stream) ? readFileSync(stream, 'utf8') : '';
    const cases: Array<[unknown, string, string, Record<string, string>?]> = [
      [cardOrder('local'), 'idempotency_key_missing', 'Idempotency-Key', {}],
      [{ ...cardOrder('local'), payment: { method: 'card', card: { number: '4242424242424241' } } }, 'card_invalid', 'payment'],
      [{ ...cardOrder('local'), payment: { method: 'card', card: { number: '4242424242424242', exp_month: 1, exp_year: 2020 } } }, 'card_expired', 'payment'],
      [{ ...cardOrder('local'), payment: { method: 'pix' } }, 'parameter_invalid', 'currency'],
      [{ ...cardOrder('local'), amount: 1 }, 'parameter_invalid', 'amount'],
      [{ currency: 'usd', payment: { method: 'pix' } }, 'parameter_missing', 'amount'],
      [{ ...cardOrder('local'), escrow: { payees: [{ payee: 'seller_1', role: 'seller', amount: 100 }] } }, 'escrow_split_invalid', 'escrow'],
      [{ ...cardOrder('local'), env: 'prod' }, 'parameter_invalid', 'env'],
      [{ ...cardOrder('local'), colour: 'red' }, 'parameter_unknown', 'colour'],
      [{ ...cardOrder('local'), currency: 'XYZ' }, 'parameter_invalid', 'currency'],
    ];
    for (const [body, code, param, headers] of cases) {
      const answer: Answer = headers === undefined ? await stack.order(body) : await stack.sim('POST', '/orders', body, headers);
      expect([code, answer.status]).toEqual([code, 400]);
      expect(answer.body.error).toMatchObject({ code, param });
      expect(JSON.stringify(answer.body)).not.toContain('424242424242424');
    }
    expect((await stack.sim('GET', '/orders/ord_00000000000000000000000000')).status).toBe(404);
    expect((await stack.sim('POST', '/orders/ord_00000000000000000000000000/refund', {}, { 'idempotency-key': 'x' })).status).toBe(404);
    expect((await stack.sim('GET', '/shop/orders/ord_nope')).status).toBe(404);
    expect(existsSync(stream) ? readFileSync(stream, 'utf8') : '').toBe(before);
  });

  it('given webhooks delayed, duplicated and out of order (signed with standardwebhooks), the view never goes backwards and duplicates only add attempts', async () => {
    const secret = stack.accounts.staging?.secret as string;
    const signer = new Webhook(secret);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { minLength: 16, maxLength: 16 }), fc.array(fc.nat(), { maxLength: 4 }), fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), async (sortKeys, duplicates, delays) => {
        const placed = (await stack.order(cardOrder('staging'))).body;
        expect(placed.status).toBe('placed');
        const events = await gatewayEvents('staging', placed.payment_intent);
        const bodies = await Promise.all(events.map(async (event) => JSON.stringify((await stack.api('staging', 'GET', `/v1/events/${event.id}`)).body)));
        // Every event once, some twice, in an arbitrary order (sorted by generated keys); some after a pause.
        const deliveries = [...bodies.keys(), ...duplicates.map((pick) => pick % bodies.length)]
          .map((index, i) => ({ index, key: sortKeys[i % sortKeys.length] as number }))
          .sort((a, b) => a.key - b.key);
        let step = 0;
        for (const [i, { index }] of deliveries.entries()) {
          if (delays[i % delays.length] === true) await new Promise((resolve) => setTimeout(resolve, 30));
          const body = bodies[index] as string;
          const id = (events[index] as { id: string }).id;
          const now = new Date();
          const response = await fetch(`${stack.merchantSim.url}/webhooks/staging`, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signer.sign(id, now, body) }, body });
          expect(response.status).toBe(200);
          const status = (await stack.sim('GET', `/orders/${placed.id}`)).body.status as string;
          expect(STATUS_STEP[status]).toBeGreaterThanOrEqual(step);
          step = STATUS_STEP[status] as number;
        }
        const view = (await stack.sim('GET', `/orders/${placed.id}`)).body;
        expect(view.status).toBe('captured');
        expect(view.history.map((entry: { event_id: string }) => entry.event_id).sort()).toEqual(events.map((event) => event.id).sort());
        for (const [index, event] of events.entries()) {
          const received = (await stack.sim('GET', `/events/${event.id}`)).body;
          expect(received.attempts).toBe(deliveries.filter((d) => d.index === index).length);
          expect(received.timeline.filter((attempt: { processed: boolean }) => attempt.processed)).toHaveLength(1);
        }
      }),
      { numRuns: 4, seed: 16 },
    );
  }, 120_000);

  it('places Pix orders in BRL: shows the BR Code and its expiry, and is captured when the payment is confirmed', async () => {
    const placed = await stack.order({ env: 'local', amount: 4990, currency: 'brl', payment: { method: 'pix' } });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ payment_method: 'pix', checkout: { state: 'confirmed' }, payment: { method: 'pix', card: null, pix: { data: expect.stringMatching(/^000201/), expires_at: expect.any(Number) } } });
    expect(['placed', 'awaiting_payment']).toContain(placed.body.status);
    const txid = placed.body.payment.pix.txid as string;
    expect((await stack.simAdmin('POST', `/admin/pix/${txid}/pay`, {})).status).toBe(200);
    const captured = await stack.waitForStatus(placed.body.id, 'captured');
    expect(captured.payment.pix.data).toBe(placed.body.payment.pix.data);
    const page = await stack.sim('GET', `/shop/orders/${placed.body.id}`);
    expect(page.body).toContain('Pay with Pix');
    expect(page.body).toContain(placed.body.payment.pix.data.slice(0, 20));
  });

  it('places marketplace orders into escrow: payees shown, custody and release from the escrow webhooks', async () => {
    const payees = [{ payee: 'seller_42', role: 'seller', amount: 9000 }, { payee: 'platform', role: 'platform_fee', amount: 1000 }];
    const placed = await stack.order({ ...cardOrder('local'), items: undefined, amount: 10000, currency: 'brl', escrow: { payees } });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ escrow: expect.stringMatching(/^esc_/), payment_intent: expect.stringMatching(/^pi_/), checkout: { state: 'confirmed' } });
    const custody = await stack.waitForStatus(placed.body.id, 'in_custody');
    expect(custody.escrow_detail).toMatchObject({ id: placed.body.escrow, status: 'in_custody', payees: [expect.objectContaining({ payee: 'seller_42', amount: 9000 }), expect.objectContaining({ payee: 'platform', amount: 1000 })] });
    const release = await stack.api('local', 'POST', `/v1/escrows/${placed.body.escrow}/release`, { approver: 'ops@example.com', payees: [{ payee: 'seller_42', amount: 3000 }] });
    expect(release.status).toBe(200);
    const partial = await until('the partial release on the order', async () => {
      const view = (await stack.sim('GET', `/orders/${placed.body.id}`)).body;
      return view.escrow_detail.payees.find((p: { payee: string }) => p.payee === 'seller_42')?.released === 3000 ? view : null;
    });
    expect(partial.escrow_detail.last_event_type).toBe('escrow.partially_released');
    const page = await stack.sim('GET', `/shop/orders/${placed.body.id}`);
    expect(page.body).toContain('seller_42');
  });
});
