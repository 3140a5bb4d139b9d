import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DECLINE_DIALECTS, TEST_CARDS, TIMEOUT_TEST_CARD, verifyStripeSignature } from '@payrail/core';
import Stripe from 'stripe';
import { startSim, stripeCharge, typeOf, WEBHOOK_SECRET, type Delivery, type Sim } from '../testing/simHarness';

const paymentIntentOf = (delivery: Delivery): unknown =>
  ((delivery.body['data'] as { object: { metadata?: { payment_intent?: string } } }).object.metadata ?? {}).payment_intent;

describe('providerA (Stripe-like) on a real provider-sim process', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.stop();
  });

  const webhooksOf = (payment_intent: string): Delivery[] => sim.receiver.of('providerA').filter((delivery) => paymentIntentOf(delivery) === payment_intent);

  describe('test cards', () => {
    const immediate = TEST_CARDS.filter((card) => card.behaviour.kind !== 'times_out');

    it.each(immediate.map((card) => [card.number, card.behaviour] as const))('%s behaves as the table says, with a signed webhook', async (number, behaviour) => {
      const body = stripeCharge(number);
      const pi = (body['metadata'] as { payment_intent: string }).payment_intent;

      const res = await sim.call('POST', '/providerA/v1/charges', body);

      if (behaviour.kind === 'declines') {
        const { code } = DECLINE_DIALECTS[behaviour.decline_code].stripe;
        expect(res.status).toBe(402);
        expect(res.body['error']).toMatchObject({ type: 'card_error', code, decline_code: behaviour.decline_code, charge: expect.stringMatching(/^ch_/) });
      } else {
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ object: 'charge', status: 'succeeded', captured: true, amount: 1099, amount_captured: 1099, currency: 'usd', payment_intent: pi });
        expect(res.body['balance_transaction']).toMatch(/^txn_[0-9A-Za-z]{24}$/);
        const transaction = await sim.call('GET', `/providerA/v1/balance_transactions/${String(res.body['balance_transaction'])}`);
        expect(transaction.body).toMatchObject({ object: 'balance_transaction', type: 'charge', source: res.body['id'], amount: 1099, fee: 62, net: 1037, currency: 'usd' });
      }
      await sim.receiver.waitFor(() => webhooksOf(pi).length === 1, `the webhook of ${number}`);
      const [webhook] = webhooksOf(pi) as [Delivery];
      expect(typeOf(webhook)).toBe(behaviour.kind === 'declines' ? 'charge.failed' : 'charge.succeeded');
      expect(webhook.body).toMatchObject({ id: expect.stringMatching(/^evt_/), object: 'event', data: { object: { id: (res.body['id'] ?? (res.body['error'] as { charge: string }).charge) } } });
      expect(verifyStripeSignature(webhook.raw, webhook.headers['stripe-signature'] as string, WEBHOOK_SECRET)).toEqual({ ok: true });
    });

    it('the timeout card authorizes but answers only after PROVIDER_TIMEOUT_MS, so an inquiry finds the charge', async () => {
      const body = stripeCharge(TIMEOUT_TEST_CARD, { capture: false });
      const pi = (body['metadata'] as { payment_intent: string }).payment_intent;

      await expect(sim.call('POST', '/providerA/v1/charges', body, { timeout_ms: 400 })).rejects.toThrow(/timeout|aborted/i);
      const inquiry = await sim.call('GET', `/providerA/v1/charges?payment_intent=${pi}`);
      const late = await sim.call('POST', '/providerA/v1/charges', stripeCharge(TIMEOUT_TEST_CARD));

      expect(inquiry.body['data']).toEqual([expect.objectContaining({ status: 'succeeded', captured: false, payment_intent: pi })]);
      expect(late.status).toBe(200);
      expect(late.ms).toBeGreaterThanOrEqual(1_400);
    });

    it('refuses a number that is not a card without storing anything', async () => {
      const res = await sim.call('POST', '/providerA/v1/charges', stripeCharge('4242424242424241', { payment_intent: 'pi_bad_luhn' }));

      expect(res.status).toBe(400);
      expect(res.body['error']).toMatchObject({ code: 'card_invalid', param: 'card[number]' });
      expect((await sim.call('GET', '/providerA/v1/charges?payment_intent=pi_bad_luhn')).body['data']).toEqual([]);
    });

    it('declines an expired card as expired_card', async () => {
      const body = { ...stripeCharge('4242424242424242'), card: { number: '4242424242424242', exp_month: 1, exp_year: 2020 } };

      const res = await sim.call('POST', '/providerA/v1/charges', body);

      expect(res.status).toBe(402);
      expect(res.body['error']).toMatchObject({ code: 'expired_card', decline_code: 'expired_card' });
    });
  });

  describe('the charge lifecycle', () => {
    it('authorizes, captures part, refunds in two steps, and tells the gateway each time', async () => {
      const body = stripeCharge('4242424242424242', { amount: 5000, capture: false });
      const pi = (body['metadata'] as { payment_intent: string }).payment_intent;

      const auth = await sim.call('POST', '/providerA/v1/charges', body);
      const id = String(auth.body['id']);
      const over = await sim.call('POST', `/providerA/v1/charges/${id}/capture`, { amount: 5001 });
      const capture = await sim.call('POST', `/providerA/v1/charges/${id}/capture`, { amount: 4000 });
      const again = await sim.call('POST', `/providerA/v1/charges/${id}/capture`, {});
      const refund1 = await sim.call('POST', '/providerA/v1/refunds', { charge: id, amount: 1500 });
      const tooMuch = await sim.call('POST', '/providerA/v1/refunds', { charge: id, amount: 2501 });
      const refund2 = await sim.call('POST', '/providerA/v1/refunds', { charge: id });

      expect(auth.body).toMatchObject({ captured: false, amount_captured: 0 });
      expect(over.status).toBe(400);
      expect(over.body['error']).toMatchObject({ code: 'amount_exceeds_capturable', param: 'amount' });
      expect(auth.body['balance_transaction']).toBeNull();
      expect(capture.body).toMatchObject({ captured: true, amount: 5000, amount_captured: 4000, balance_transaction: expect.stringMatching(/^txn_/) });
      expect((await sim.call('GET', `/providerA/v1/balance_transactions/${String(capture.body['balance_transaction'])}`)).body).toMatchObject({ fee: 146, net: 3854, amount: 4000 });
      expect((await sim.call('GET', '/providerA/v1/balance_transactions/txn_nope')).status).toBe(404);
      expect(again.status).toBe(409);
      expect(again.body['error']).toMatchObject({ code: 'invalid_state_transition', status: 'captured' });
      expect(refund1.body).toMatchObject({ id: expect.stringMatching(/^re_/), object: 'refund', status: 'succeeded', amount: 1500, charge: id });
      expect(tooMuch.body['error']).toMatchObject({ code: 'amount_exceeds_refundable', amount_refundable: 2500 });
      expect(refund2.body).toMatchObject({ amount: 2500 });
      await sim.receiver.waitFor(() => webhooksOf(pi).length === 4, 'four webhooks');
      expect(webhooksOf(pi).map(typeOf)).toEqual(['charge.succeeded', 'charge.captured', 'charge.refunded', 'charge.refunded']);
      expect((webhooksOf(pi).at(-1)?.body['data'] as { object: unknown }).object).toMatchObject({ amount_refunded: 4000, refunded: true });
    });

    it('voids an uncaptured charge, which then cannot be captured', async () => {
      const auth = await sim.call('POST', '/providerA/v1/charges', stripeCharge('4242424242424242', { capture: false }));
      const id = String(auth.body['id']);

      const voided = await sim.call('POST', `/providerA/v1/charges/${id}/cancel`);
      const capture = await sim.call('POST', `/providerA/v1/charges/${id}/capture`, {});
      const fetched = await sim.call('GET', `/providerA/v1/charges/${id}`);

      expect(voided.body).toMatchObject({ captured: false, refunded: true, amount_refunded: 1099 });
      expect(capture.status).toBe(409);
      expect(fetched.body).toMatchObject({ id, captured: false, refunded: true });
    });

    it('answers 404 for a charge it does not know', async () => {
      const res = await sim.call('POST', '/providerA/v1/charges/ch_nope/capture', {});
      expect(res.status).toBe(404);
      expect(res.body['error']).toMatchObject({ code: 'resource_missing', param: 'id' });
    });
  });

  describe('idempotency', () => {
    it('answers the same key with the stored response and makes no second charge', async () => {
      const body = stripeCharge('4242424242424242');
      const pi = (body['metadata'] as { payment_intent: string }).payment_intent;

      const first = await sim.call('POST', '/providerA/v1/charges', body, { idempotencyKey: `key-${pi}` });
      const second = await sim.call('POST', '/providerA/v1/charges', body, { idempotencyKey: `key-${pi}` });
      const changed = await sim.call('POST', '/providerA/v1/charges', { ...body, amount: 1 }, { idempotencyKey: `key-${pi}` });
      const list = await sim.call('GET', `/providerA/v1/charges?payment_intent=${pi}`);

      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(changed.status).toBe(422);
      expect(changed.body['error']).toMatchObject({ code: 'idempotency_key_reused' });
      expect(list.body['data']).toHaveLength(1);
    });

    it('replays a decline as a decline', async () => {
      const body = stripeCharge('4000000000000002');
      const first = await sim.call('POST', '/providerA/v1/charges', body, { idempotencyKey: 'decline-once' });
      const second = await sim.call('POST', '/providerA/v1/charges', body, { idempotencyKey: 'decline-once' });
      expect([first.status, second.status]).toEqual([402, 402]);
      expect(second.body).toEqual(first.body);
    });
  });

  describe('disputes', () => {
    // Stripe's own library is the oracle of the webhook signatures and event shape.
    const stripe = new Stripe('sk_test_provider_sim_oracle');
    const constructed = (delivery: Delivery): Stripe.Event => stripe.webhooks.constructEvent(delivery.raw, delivery.headers['stripe-signature'] as string, WEBHOOK_SECRET);
    const disputeEvents = (pi: string): Delivery[] => webhooksOf(pi).filter((d) => typeOf(d).startsWith('charge.dispute.'));

    it('the dispute card: created and funds_withdrawn after the delay; lost: closed, and won after that is refused', async () => {
      const body = stripeCharge('4000000000000259', { amount: 3000 });
      const pi = (body['metadata'] as { payment_intent: string }).payment_intent;

      const charge = await sim.call('POST', '/providerA/v1/charges', body);
      await sim.receiver.waitFor(() => webhooksOf(pi).some((d) => typeOf(d) === 'charge.dispute.funds_withdrawn'), 'charge.dispute.funds_withdrawn');
      const resolved = await sim.admin('POST', `/admin/disputes/${String(charge.body['id'])}/resolve`, { outcome: 'lost' });
      const twice = await sim.admin('POST', `/admin/disputes/${String(charge.body['id'])}/resolve`, { outcome: 'won' });
      await sim.receiver.waitFor(() => webhooksOf(pi).some((d) => typeOf(d) === 'charge.dispute.closed'), 'charge.dispute.closed');

      const [created, withdrawn, closed] = disputeEvents(pi) as [Delivery, Delivery, Delivery];
      expect(disputeEvents(pi).map(typeOf)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.closed']);
      expect(created.at - (webhooksOf(pi)[0]?.at ?? 0)).toBeGreaterThanOrEqual(250);
      expect(created.body['data']).toMatchObject({ object: { object: 'dispute', id: expect.stringMatching(/^dp_/), amount: 3000, charge: charge.body['id'], status: 'needs_response', balance_transactions: [], metadata: { payment_intent: pi } } });
      expect(withdrawn.body['data']).toMatchObject({ object: { balance_transactions: [{ object: 'balance_transaction', id: expect.stringMatching(/^txn_/), amount: -3000, fee: 0, net: -3000, type: 'adjustment', reporting_category: 'dispute' }] } });
      expect(resolved.body).toMatchObject({ dispute: { status: 'lost' } });
      expect(twice.status).toBe(409);
      expect(closed.body['data']).toMatchObject({ object: { status: 'lost', payment_intent: pi } });
      // Disputes are the processor's own doing: no API request caused them.
      for (const delivery of [created, withdrawn, closed]) expect(constructed(delivery)).toMatchObject({ type: typeOf(delivery), request: null });
      const balance = (withdrawn.body['data'] as { object: { balance_transactions: Array<{ id: string }> } }).object.balance_transactions[0];
      expect((await sim.call('GET', `/providerA/v1/balance_transactions/${String(balance?.id)}`)).body).toMatchObject({ amount: -3000, source: expect.stringMatching(/^dp_/) });
    });

    it('won: closed won, then funds_reinstated with both balance transactions; reversed_after_loss: closed lost, then funds_reinstated', async () => {
      const open = async (): Promise<{ pi: string; id: string }> => {
        const body = stripeCharge('4242424242424242', { amount: 2000 });
        const pi = (body['metadata'] as { payment_intent: string }).payment_intent;
        const charge = await sim.call('POST', '/providerA/v1/charges', body);
        await sim.admin('POST', '/admin/disputes', { provider: 'providerA', reference: pi });
        return { pi, id: String(charge.body['id']) };
      };
      const won = await open();
      const reversed = await open();
      await sim.admin('POST', `/admin/disputes/${won.id}/resolve`, { outcome: 'won' });
      await sim.admin('POST', `/admin/disputes/${reversed.id}/resolve`, { outcome: 'reversed_after_loss' });
      const second = await sim.admin('POST', `/admin/disputes/${won.id}/resolve`, { outcome: 'lost' });
      await sim.receiver.waitFor(() => [won, reversed].every(({ pi }) => webhooksOf(pi).some((d) => typeOf(d) === 'charge.dispute.funds_reinstated')), 'funds_reinstated');

      expect(disputeEvents(won.pi).map(typeOf)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.closed', 'charge.dispute.funds_reinstated']);
      expect(disputeEvents(reversed.pi).map(typeOf)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.closed', 'charge.dispute.funds_reinstated']);
      expect((disputeEvents(reversed.pi)[2]?.body['data'] as { object: unknown }).object).toMatchObject({ status: 'lost' });
      const reinstated = constructed(disputeEvents(won.pi).at(-1) as Delivery);
      expect(reinstated.data.object).toMatchObject({ status: 'won', balance_transactions: [{ amount: -2000 }, { amount: 2000, reporting_category: 'dispute_reversal' }] });
      expect(constructed(disputeEvents(reversed.pi).at(-1) as Delivery).data.object).toMatchObject({ status: 'won' });
      expect(second.status).toBe(409); // Stripe has no second chargeback
    });

    it('events caused by an API call carry its request id and idempotency key', async () => {
      const body = stripeCharge('4242424242424242');
      const pi = (body['metadata'] as { payment_intent: string }).payment_intent;
      await sim.call('POST', '/providerA/v1/charges', body, { idempotencyKey: `req-${pi}` });
      await sim.receiver.waitFor(() => webhooksOf(pi).length === 1, 'charge.succeeded');
      expect(constructed(webhooksOf(pi)[0] as Delivery).request).toEqual({ id: expect.stringMatching(/^req_/), idempotency_key: `req-${pi}` });
    });

    it('the admin opens a dispute on any captured payment, by payment intent id', async () => {
      const body = stripeCharge('4242424242424242');
      const pi = (body['metadata'] as { payment_intent: string }).payment_intent;
      await sim.call('POST', '/providerA/v1/charges', body);

      const opened = await sim.admin('POST', '/admin/disputes', { provider: 'providerA', reference: pi });
      const refund = await sim.call('POST', '/providerA/v1/refunds', { charge: opened.body['charge'] });

      expect(opened.status).toBe(201);
      expect(opened.body).toMatchObject({ payment_intent: pi, dispute: { status: 'needs_response', amount: 1099 } });
      expect(refund.status).toBe(409);
    });
  });

  describe('access and privacy', () => {
    it('requires the internal token on processor routes and the admin token on admin routes', async () => {
      const noToken = await fetch(`${sim.service.url}/providerA/v1/charges?payment_intent=x`);
      const internalOnAdmin = await sim.call('GET', '/admin/faults');
      expect(noToken.status).toBe(401);
      expect(internalOnAdmin.status).toBe(401);
    });

    it('never writes a card number to its books or its log', async () => {
      const books = ['providerA', 'providerB'].map((name) => readFileSync(path.join(sim.dataDir, 'providers', 'sim', `${name}.jsonl`), 'utf8')).join('');
      const everything = books + sim.service.lines.join('\n') + sim.service.stderr();
      expect(books).toContain('"last4":"4242"');
      for (const card of TEST_CARDS) expect(everything).not.toContain(card.number);
    });
  });
});
