import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseBrCode, verifyStripeSignature } from '@payrail/core';
import Stripe from 'stripe';
import { clearFaults, startSim, typeOf, WEBHOOK_SECRET, type Delivery, type Sim } from '../testing/simHarness';

const pixCharge = (options: { amount?: number; expires_after_seconds?: number; currency?: string } = {}): { body: Record<string, unknown>; pi: string } => {
  const pi = `pi_pix_${Math.random().toString(36).slice(2, 12)}`;
  return { pi, body: { amount: options.amount ?? 12_345, currency: options.currency ?? 'brl', expires_after_seconds: options.expires_after_seconds ?? 600, metadata: { payment_intent: pi } } };
};

describe('Pix through providerA on a real provider-sim process', () => {
  let sim: Sim;
  // Stripe's own library checks the signature and shape of every Pix webhook.
  const stripe = new Stripe('sk_test_provider_sim_oracle');
  const webhooksOf = (pi: string): Delivery[] => sim.receiver.of('providerA').filter((d) => (d.body['data'] as { object: { payment_intent?: string } }).object.payment_intent === pi);

  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.stop();
  });
  afterEach(async () => {
    await clearFaults(sim);
    await sim.admin('PUT', '/admin/faults', { providerA: { pix_late_confirmation: false, pix_duplicate_confirmation: false } });
  });

  /** Creates a charge and answers it with its txid. */
  async function created(options: Parameters<typeof pixCharge>[0] = {}): Promise<{ pi: string; txid: string; charge: Record<string, any> }> {
    const { body, pi } = pixCharge(options);
    const res = await sim.call('POST', '/providerA/v1/pix/charges', body);
    expect(res.status).toBe(200);
    return { pi, txid: (res.body['pix'] as { txid: string }).txid, charge: res.body };
  }

  it('creates a pending charge with a one-time BR Code, pays it once, and tells the gateway with a signed charge.succeeded', async () => {
    const { pi, txid, charge } = await created({ amount: 12_345 });

    const payload = parseBrCode(charge['pix'].data);
    const read = await sim.admin('GET', `/admin/pix/${txid}`);
    const paid = await sim.admin('POST', `/admin/pix/${txid}/pay`, {});
    const again = await sim.admin('POST', `/admin/pix/${txid}/pay`, {});
    await sim.receiver.waitFor(() => webhooksOf(pi).length === 1, 'the payment webhook');

    expect(charge).toMatchObject({ object: 'charge', status: 'pending', paid: false, captured: false, amount: 12_345, currency: 'brl', outcome: null, payment_method_details: { type: 'pix', pix: { bank_transaction_id: null } } });
    expect(charge['pix']).toMatchObject({ txid: expect.stringMatching(/^[A-Za-z0-9]{32}$/), status: 'pending', expires_at: expect.any(Number) });
    expect(charge['pix'].expires_at - Math.floor(Date.now() / 1000)).toBeGreaterThan(590);
    expect(payload).toMatchObject({ point_of_initiation: 'dynamic', amount: '123.45', amount_minor: 12_345, reference_label: '***', merchant_account: { location: `pix.provider-sim.payrail.test/qr/v2/cob/${txid}` } });
    expect(read.body).toMatchObject({ txid, status: 'pending', payment_intent: pi, data: charge['pix'].data, paid_at: null });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ txid, status: 'paid', paid_late: false, end_to_end_id: expect.stringMatching(/^E99999999\d{12}[A-Za-z0-9]{11}$/) });
    expect(again.status).toBe(409);
    expect(again.body['error']).toMatchObject({ code: 'invalid_state_transition', status: 'paid' });
    const [webhook] = webhooksOf(pi) as [Delivery];
    expect(verifyStripeSignature(webhook.raw, webhook.headers['stripe-signature'] as string, WEBHOOK_SECRET)).toEqual({ ok: true });
    const event = stripe.webhooks.constructEvent(webhook.raw, webhook.headers['stripe-signature'] as string, WEBHOOK_SECRET);
    expect(event).toMatchObject({ type: 'charge.succeeded', request: null, data: { object: { id: charge['id'], status: 'succeeded', captured: true, amount_captured: 12_345, payment_method_details: { type: 'pix' }, pix: { txid, status: 'paid' } } } });
    // Its fee is on its balance transaction, as for a card.
    const transaction = await sim.call('GET', `/providerA/v1/balance_transactions/${String((event.data.object as { balance_transaction: string }).balance_transaction)}`);
    expect(transaction.body).toMatchObject({ type: 'charge', amount: 12_345, fee: 388, net: 11_957 });
    // The gateway's status inquiry sees a captured charge.
    expect((await sim.call('GET', `/providerA/v1/charges?payment_intent=${pi}`)).body['data']).toEqual([expect.objectContaining({ status: 'succeeded', captured: true })]);
  });

  it('puts paid Pix charges in the bank settlement file like card captures, and their devoluções as refunds', async () => {
    const { pi, txid, charge } = await created({ amount: 5_000 });
    await sim.admin('POST', `/admin/pix/${txid}/pay`, {});
    await sim.call('POST', '/providerA/v1/refunds', { charge: charge['id'], amount: 1_000 });
    const today = new Date().toISOString().slice(0, 10);

    const written = await sim.admin('POST', `/admin/settlements/${today}`);

    expect(written.status).toBe(201);
    const rows = readFileSync(path.join(sim.dataDir, 'settlement', `settlement_${today}.csv`), 'utf8').split('\n').filter((line) => line.startsWith(`${pi},`));
    expect(rows).toEqual([`${pi},${String(charge['id'])},capture,5000,175,4825,BRL,${today},providerA`, expect.stringMatching(new RegExp(`^${pi},re_[0-9A-Za-z]{24},refund,-1000,0,-1000,BRL,${today},providerA$`))]);
  });

  it('refuses what is not a Pix charge, storing nothing', async () => {
    const usd = pixCharge({ currency: 'usd' });
    const zero = pixCharge({ amount: 0 });
    const noExpiry = { ...pixCharge().body, expires_after_seconds: undefined };
    const tooLong = pixCharge({ expires_after_seconds: 1_209_601 });

    const answers = await Promise.all([usd.body, zero.body, noExpiry, tooLong.body].map((body) => sim.call('POST', '/providerA/v1/pix/charges', body)));

    expect(answers.map((a) => [a.status, (a.body['error'] as { code: string; param: string }).code, (a.body['error'] as { param: string }).param])).toEqual([
      [400, 'currency_unsupported', 'currency'],
      [400, 'amount_must_be_positive', 'amount'],
      [400, 'parameter_missing', 'expires_after_seconds'],
      [400, 'parameter_invalid', 'expires_after_seconds'],
    ]);
    expect((await sim.call('GET', `/providerA/v1/charges?payment_intent=${usd.pi}`)).body['data']).toEqual([]);
    expect((await sim.admin('GET', '/admin/pix/NoSuchTxid0123456789abcdefgh')).status).toBe(404);
    expect((await sim.admin('POST', '/admin/pix/NoSuchTxid0123456789abcdefgh/pay', {})).status).toBe(404);
    expect((await sim.admin('POST', '/admin/pix/NoSuchTxid0123456789abcdefgh/pay', { amount: 1 })).body['error']).toMatchObject({ code: 'parameter_unknown', param: 'amount' });
  });

  it('answers the same Idempotency-Key with the same charge and txid', async () => {
    const { body, pi } = pixCharge();
    const first = await sim.call('POST', '/providerA/v1/pix/charges', body, { idempotencyKey: `${pi}:pix:1` });
    const second = await sim.call('POST', '/providerA/v1/pix/charges', body, { idempotencyKey: `${pi}:pix:1` });

    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect((await sim.call('GET', `/providerA/v1/charges?payment_intent=${pi}`)).body['data']).toHaveLength(1);
  });

  it('expires: an expired charge cannot be paid, unless the late confirmation fault pays it after its expiry', async () => {
    const { pi, txid } = await created({ expires_after_seconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const expired = await sim.admin('GET', `/admin/pix/${txid}`);
    const refused = await sim.admin('POST', `/admin/pix/${txid}/pay`, {});
    await sim.admin('PUT', '/admin/faults', { providerA: { pix_late_confirmation: true } });
    const late = await sim.admin('POST', `/admin/pix/${txid}/pay`, {});
    await sim.receiver.waitFor(() => webhooksOf(pi).length === 1, 'the late payment webhook');

    expect(expired.body).toMatchObject({ status: 'expired' });
    expect(refused.status).toBe(409);
    expect(refused.body['error']).toMatchObject({ code: 'invalid_state_transition', status: 'expired' });
    expect(late.body).toMatchObject({ status: 'paid', paid_late: true });
    expect(webhooksOf(pi).map(typeOf)).toEqual(['charge.succeeded']);
  });

  it('duplicate confirmation: the same webhook twice, and a second notice (another event id) for the same txid', async () => {
    await sim.admin('PUT', '/admin/faults', { providerA: { pix_duplicate_confirmation: true, duplicate_webhook_percent: 100 } });
    const { pi, txid, charge } = await created();

    await sim.admin('POST', `/admin/pix/${txid}/pay`, {});
    await sim.receiver.waitFor(() => webhooksOf(pi).length === 4, 'two notices, each delivered twice');

    const ids = webhooksOf(pi).map((d) => String(d.body['id']));
    expect(new Set(ids).size).toBe(2);
    expect(ids.filter((id) => id === ids[0])).toHaveLength(2);
    for (const delivery of webhooksOf(pi)) expect(delivery.body).toMatchObject({ type: 'charge.succeeded', data: { object: { id: charge['id'], pix: { txid } } } });
  });

  it('devolução: partial, then the rest, never more than paid; each a charge.refunded', async () => {
    const { pi, txid, charge } = await created({ amount: 8_000 });
    const id = String(charge['id']);
    const unpaid = await sim.call('POST', '/providerA/v1/refunds', { charge: id, amount: 100 });
    await sim.admin('POST', `/admin/pix/${txid}/pay`, {});

    const partial = await sim.call('POST', '/providerA/v1/refunds', { charge: id, amount: 3_000 });
    const over = await sim.call('POST', '/providerA/v1/refunds', { charge: id, amount: 5_001 });
    const rest = await sim.call('POST', '/providerA/v1/refunds', { charge: id });
    const after = await sim.call('POST', '/providerA/v1/refunds', { charge: id, amount: 1 });
    await sim.receiver.waitFor(() => webhooksOf(pi).length === 3, 'payment and two refunds');

    expect(unpaid.status).toBe(409);
    expect(partial.body).toMatchObject({ object: 'refund', status: 'succeeded', amount: 3_000, charge: id });
    expect(over.body['error']).toMatchObject({ code: 'amount_exceeds_refundable', amount_refundable: 5_000 });
    expect(rest.body).toMatchObject({ amount: 5_000 });
    expect(after.body['error']).toMatchObject({ code: 'amount_exceeds_refundable', amount_refundable: 0 });
    expect(webhooksOf(pi).map(typeOf)).toEqual(['charge.succeeded', 'charge.refunded', 'charge.refunded']);
    expect((await sim.admin('GET', `/admin/pix/${txid}`)).body).toMatchObject({ status: 'paid', amount_refunded: 8_000, refunds: [{ amount: 3_000 }, { amount: 5_000 }] });
  });

  it('with PIX_AUTO_PAY_MS, a charge pays itself; after a restart, what is overdue pays at once', async () => {
    await sim.restart({ PIX_AUTO_PAY_MS: '300' });
    try {
      const { pi, txid } = await created();
      await sim.receiver.waitFor(() => webhooksOf(pi).length === 1, 'the auto-paid webhook');
      expect((await sim.admin('GET', `/admin/pix/${txid}`)).body).toMatchObject({ status: 'paid' });
      expect(webhooksOf(pi).map(typeOf)).toEqual(['charge.succeeded']);

      await sim.restart({ PIX_AUTO_PAY_MS: '0' });
      const waiting = await created();
      await sim.restart({ PIX_AUTO_PAY_MS: '200' });
      await sim.receiver.waitFor(() => webhooksOf(waiting.pi).length === 1, 'the overdue auto-pay after a restart');
    } finally {
      await sim.restart();
    }
  });
});
