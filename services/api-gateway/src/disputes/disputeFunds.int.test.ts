import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { adyenHmacSignature, processorFee, stripeSignatureHeader, type AdyenSignedFields } from '@payrail/core';
import { settleDay } from '@payrail/settlement';
import { freePort, makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';
import { DEMO_KEY } from '../testing/gatewayHarness';

type Line = { type: string; ref: string; data: Record<string, any>; postings?: Array<{ account: string; amount: number; currency: string }>; causation_id?: string };

// Given vault, provider-sim and the gateway on loopback sharing one data folder, when the processors run
// a dispute, then the money moves when they say so, the payout follows it, and every webhook is a line.
describe('disputes move money as the processor does', () => {
  let dir: string;
  let cleanup: () => void;
  let env: NodeJS.ProcessEnv;
  let vault: RunningService;
  let sim: RunningService;
  let gateway: RunningService;
  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('dispute-funds'));
    const [vaultPort, simPort, gatewayPort] = await Promise.all([freePort(), freePort(), freePort()]);
    env = testEnv(dir, {
      VAULT_URL: `http://127.0.0.1:${vaultPort}`, PROVIDER_SIM_URL: `http://127.0.0.1:${simPort}`, GATEWAY_URL: `http://127.0.0.1:${gatewayPort}`,
      PROVIDER_WEBHOOK_RETRY_SCHEDULE_MS: '100,200,400,800', PROVIDER_DISPUTE_DELAY_MS: '300', VELOCITY_MAX_PAYMENTS: '1000',
    });
    vault = await startService('vault-service', 'VAULT_PORT', { ...env, VAULT_PORT: String(vaultPort) });
    sim = await startService('provider-sim', 'PROVIDER_SIM_PORT', { ...env, PROVIDER_SIM_PORT: String(simPort) });
    gateway = await startService('api-gateway', 'GATEWAY_PORT', { ...env, GATEWAY_PORT: String(gatewayPort) });
  }, 60_000);
  afterAll(async () => {
    await Promise.all([gateway, vault, sim].map((s) => s.stop()));
    cleanup();
  });

  const api = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${gateway.url}${url}`, { method, headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const admin = (url: string, body: unknown) =>
    fetch(`${sim.url}${url}`, { method: 'POST', headers: { 'x-admin-token': env.ADMIN_TOKEN as string, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  const lines = async (stream: string): Promise<Line[]> => (await fs.readFile(path.join(dir, `${stream}.jsonl`), 'utf8')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  const inboxOf = async (pi: string) => (await lines('gateway/provider_webhooks')).filter((l) => l.data['payment_intent'] === pi).map((l) => l.data);

  async function capturedPayment(amount: number, pan = '4242424242424242'): Promise<{ id: string; reference: string }> {
    const token = await fetch(`${vault.url}/tokens`, { method: 'POST', headers: { 'x-internal-token': env.INTERNAL_TOKEN as string, 'content-type': 'application/json' }, body: JSON.stringify({ pan, exp_month: 12, exp_year: 2031 }) }).then((r) => r.json() as Promise<{ token: string }>);
    const created = await api('POST', '/v1/payment-intents', { amount, currency: 'usd', payment_method: token.token }, { 'idempotency-key': `d-${randomUUID()}` });
    const confirmed = await api('POST', `/v1/payment-intents/${created.body.id}/confirm`, {});
    expect(confirmed.body.status).toBe('captured');
    return { id: created.body.id, reference: confirmed.body.processor_reference };
  }

  /** Waits until the inbox holds a line of each of `types` for the payment (in any outcome). */
  async function webhooksArrived(pi: string, types: string[]): Promise<Array<Record<string, any>>> {
    for (let i = 0; i < 150; i++) {
      const inbox = await inboxOf(pi);
      if (types.every((type) => inbox.some((l) => l['event_type'] === type))) return inbox;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`webhooks ${types.join(', ')} did not all arrive for ${pi}: ${JSON.stringify((await inboxOf(pi)).map((l) => [l['event_type'], l['outcome']]))}`);
  }

  /** The balance of each account over the payment's postings (capture, chargebacks, reversals). */
  async function balances(pi: string): Promise<Record<string, number>> {
    const totals: Record<string, number> = {};
    for (const line of await lines('ledger/payments')) {
      if (line.ref !== pi) continue;
      for (const posting of line.postings ?? []) totals[posting.account] = (totals[posting.account] ?? 0) + posting.amount;
    }
    return totals;
  }

  async function payoutRow(pi: string): Promise<Record<string, string> | undefined> {
    const date = new Date().toISOString().slice(0, 10);
    const summary = await settleDay({ dataDir: dir, date, timezone: 'UTC' });
    const [header, ...rows] = (await fs.readFile(path.join(dir, summary.file), 'utf8')).trim().split('\n').map((l) => l.split(','));
    return rows.map((row) => Object.fromEntries((header ?? []).map((column, i) => [column, row[i] ?? '']))).find((row) => row['payment_id'] === pi);
  }

  /** The fee the capture recorded (providerA reports one; providerB's API reports none, so 0). */
  const ledgerFee = async (pi: string): Promise<number> => (await lines('ledger/payments')).find((l) => l.ref === pi && l.type === 'payment_intent.captured')?.data['fee'] ?? 0;

  const paymentEvents = async (pi: string) => (await lines('ledger/payments')).filter((l) => l.ref === pi).map((l) => l.type);

  it('Adyen (dispute card): NOTIFICATION_OF_CHARGEBACK moves nothing, CHARGEBACK withdraws, CHARGEBACK_REVERSED pays back; the payout is the capture', async () => {
    const { id } = await capturedPayment(2_500, '4000000000000259'); // small USD: providerB
    const opened = await webhooksArrived(id, ['NOTIFICATION_OF_CHARGEBACK']);
    expect(opened.find((l) => l['event_type'] === 'NOTIFICATION_OF_CHARGEBACK')).toMatchObject({ outcome: 'applied', signature_valid: true });
    const dispute = (await api('GET', '/v1/disputes?limit=100')).body.data.find((d: any) => d.payment_intent === id);
    expect(dispute).toMatchObject({ status: 'opened', funds_status: 'not_withdrawn', amount_withdrawn: 0, amount: 2_500, processor: 'providerB' });
    expect((await api('GET', `/v1/payment-intents/${id}`)).body.status).toBe('captured');

    expect((await admin(`/admin/disputes/${dispute.processor_dispute_id}/resolve`, { outcome: 'won' })).status).toBe(200);
    const inbox = await webhooksArrived(id, ['CHARGEBACK', 'CHARGEBACK_REVERSED']);

    expect(inbox.filter((l) => l['event_type'].includes('CHARGEBACK')).map((l) => [l['event_type'], l['outcome']])).toEqual([
      ['NOTIFICATION_OF_CHARGEBACK', 'applied'],
      ['CHARGEBACK', 'applied'],
      ['CHARGEBACK_REVERSED', 'applied'],
    ]);
    expect((await api('GET', `/v1/disputes/${dispute.id}`)).body).toMatchObject({ status: 'won', funds_status: 'reinstated', amount_withdrawn: 0 });
    expect((await api('GET', `/v1/payment-intents/${id}`)).body.status).toBe('captured');
    expect(await paymentEvents(id)).toEqual(expect.arrayContaining(['payment_intent.chargeback', 'payment_intent.chargeback_reversed']));
    const disputeEvents = (await lines('ledger/disputes')).filter((l) => l.ref === dispute.id).map((l) => l.type);
    expect(disputeEvents).toEqual(['dispute.opened', 'dispute.funds_withdrawn', 'dispute.funds_reinstated', 'dispute.won']);
    // The merchant holds what the capture credited (providerB's API reports no fee: the payout takes PROCESSOR_PRICING's).
    const recorded = await ledgerFee(id);
    expect(await balances(id)).toEqual({ 'processor_receivable:providerB': 2_500 - recorded, 'merchant_payable:m_demo': -(2_500 - recorded) });
    const fee = processorFee('providerB', 2_500);
    expect(await payoutRow(id)).toMatchObject({ gross: '2500', fee: String(fee), net: String(2_500 - fee), currency: 'USD' });
  });

  it('Stripe: created, funds_withdrawn, closed won, funds_reinstated; the fee comes from the balance transaction', async () => {
    const { id, reference } = await capturedPayment(123_000); // >= 100000 USD: providerA
    const captured = (await lines('ledger/payments')).find((l) => l.ref === id && l.type === 'payment_intent.captured');
    expect(captured?.data['fee']).toBe(processorFee('providerA', 123_000));

    expect((await admin('/admin/disputes', { provider: 'providerA', reference: id })).status).toBe(201);
    await webhooksArrived(id, ['charge.dispute.created', 'charge.dispute.funds_withdrawn']);
    expect((await api('GET', `/v1/payment-intents/${id}`)).body.status).toBe('chargeback');
    expect((await admin(`/admin/disputes/${reference}/resolve`, { outcome: 'won' })).status).toBe(200);
    const inbox = await webhooksArrived(id, ['charge.dispute.closed', 'charge.dispute.funds_reinstated']);

    expect(Object.fromEntries(inbox.filter((l) => l['event_type'].startsWith('charge.dispute.')).map((l) => [l['event_type'], l['outcome']]))).toEqual({
      'charge.dispute.created': 'applied',
      'charge.dispute.funds_withdrawn': 'applied',
      'charge.dispute.closed': 'applied',
      'charge.dispute.funds_reinstated': 'applied',
    });
    const dispute = (await api('GET', '/v1/disputes?limit=100')).body.data.find((d: any) => d.payment_intent === id);
    expect(dispute).toMatchObject({ status: 'won', funds_status: 'reinstated', processor_dispute_id: expect.stringMatching(/^dp_/) });
    expect((await api('GET', `/v1/payment-intents/${id}`)).body.status).toBe('captured');
    const fee = processorFee('providerA', 123_000);
    expect(await balances(id)).toEqual({ 'processor_receivable:providerA': 123_000 - fee, 'merchant_payable:m_demo': -(123_000 - fee) });

    // An old step arriving now (a funds_withdrawn of one balance transaction) is stored, acknowledged and not applied.
    const before = await lines('ledger/payments');
    const late = JSON.stringify({ id: `evt_late_${randomUUID().slice(0, 8)}`, object: 'event', type: 'charge.dispute.funds_withdrawn', created: Math.floor(Date.now() / 1000), request: null, data: { object: { id: dispute.processor_dispute_id, object: 'dispute', amount: 123_000, currency: 'usd', charge: reference, payment_intent: id, status: 'needs_response', balance_transactions: [{ id: 'txn_x', amount: -123_000 }] } } });
    const res = await fetch(`${gateway.url}/v1/webhooks/provider/providerA`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(late, env.PROVIDER_A_WEBHOOK_SECRET as string, Math.floor(Date.now() / 1000)) }, body: late });
    expect(res.status).toBe(200);
    expect((await inboxOf(id)).at(-1)).toMatchObject({ event_type: 'charge.dispute.funds_withdrawn', outcome: 'out_of_order', signature_valid: true });
    expect(await lines('ledger/payments')).toHaveLength(before.length);
  });

  it('lost (Stripe): the funds stay withdrawn, the payment is a chargeback, the payout row takes the amount back', async () => {
    const { id, reference } = await capturedPayment(150_000);
    await admin('/admin/disputes', { provider: 'providerA', reference: id });
    await webhooksArrived(id, ['charge.dispute.funds_withdrawn']);
    await admin(`/admin/disputes/${reference}/resolve`, { outcome: 'lost' });
    await webhooksArrived(id, ['charge.dispute.closed']);

    expect((await api('GET', `/v1/payment-intents/${id}`)).body.status).toBe('chargeback');
    const dispute = (await api('GET', '/v1/disputes?limit=100')).body.data.find((d: any) => d.payment_intent === id);
    expect(dispute).toMatchObject({ status: 'lost', funds_status: 'withdrawn', amount_withdrawn: 150_000 });
    const fee = processorFee('providerA', 150_000);
    expect(await balances(id)).toEqual({ 'processor_receivable:providerA': -fee, 'merchant_payable:m_demo': fee });
    expect(await payoutRow(id)).toMatchObject({ gross: '0', fee: String(fee), net: String(-fee) });
  });

  it('Adyen SECOND_CHARGEBACK: won, then lost at pre-arbitration; the money goes out a second time', async () => {
    const { id } = await capturedPayment(4_000);
    await admin('/admin/disputes', { provider: 'providerB', reference: id });
    await webhooksArrived(id, ['NOTIFICATION_OF_CHARGEBACK']);
    const dispute = (await api('GET', '/v1/disputes?limit=100')).body.data.find((d: any) => d.payment_intent === id);
    await admin(`/admin/disputes/${dispute.processor_dispute_id}/resolve`, { outcome: 'won' });
    await webhooksArrived(id, ['CHARGEBACK_REVERSED']);
    await admin(`/admin/disputes/${dispute.processor_dispute_id}/resolve`, { outcome: 'lost' });
    const inbox = await webhooksArrived(id, ['SECOND_CHARGEBACK']);

    expect(inbox.find((l) => l['event_type'] === 'SECOND_CHARGEBACK')).toMatchObject({ outcome: 'applied' });
    expect((await api('GET', `/v1/disputes/${dispute.id}`)).body).toMatchObject({ status: 'lost', funds_status: 'withdrawn', amount_withdrawn: 4_000 });
    expect((await api('GET', `/v1/payment-intents/${id}`)).body.status).toBe('chargeback');
    expect((await paymentEvents(id)).filter((t) => t.startsWith('payment_intent.chargeback'))).toEqual(['payment_intent.chargeback', 'payment_intent.chargeback_reversed', 'payment_intent.chargeback']);
    const recorded = await ledgerFee(id);
    expect(await balances(id)).toEqual({ 'processor_receivable:providerB': 0 - recorded, 'merchant_payable:m_demo': recorded });
    expect(await payoutRow(id)).toMatchObject({ gross: '0', fee: String(processorFee('providerB', 4_000)) });
  });

  it('every notification is a line: duplicates, inapplicable ones (acknowledged with [accepted] as text/plain) and bad signatures (400, not applied)', async () => {
    const { id, reference } = await capturedPayment(3_000);
    const signed = (fields: AdyenSignedFields, status: string) => ({ ...fields, reason: 'Fraudulent', eventDate: new Date().toISOString(), additionalData: { disputeStatus: status, hmacSignature: adyenHmacSignature(fields, env.PROVIDER_B_HMAC_KEY as string) } });
    const send = (item: unknown) => fetch(`${gateway.url}/v1/webhooks/provider/providerB`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: item }] }) });
    const fields = (eventCode: string, pi = id): AdyenSignedFields => ({ pspReference: 'DISPUTE000000001', originalReference: reference, merchantAccountCode: 'PayRailECOM', merchantReference: pi, amount: { value: 3_000, currency: 'USD' }, eventCode, success: 'true' });

    const chargeback = signed(fields('CHARGEBACK'), 'Lost');
    const first = await send(chargeback);
    const again = await send(chargeback);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(first.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await first.text()).toBe('[accepted]');

    // A chargeback of a payment that was never captured: authentic, inapplicable, acknowledged.
    const token = await fetch(`${vault.url}/tokens`, { method: 'POST', headers: { 'x-internal-token': env.INTERNAL_TOKEN as string, 'content-type': 'application/json' }, body: JSON.stringify({ pan: '4242424242424242', exp_month: 12, exp_year: 2031 }) }).then((r) => r.json() as Promise<{ token: string }>);
    const manual = await api('POST', '/v1/payment-intents', { amount: 3_000, currency: 'usd', payment_method: token.token, capture_method: 'manual' }, { 'idempotency-key': `d-${randomUUID()}` });
    await api('POST', `/v1/payment-intents/${manual.body.id}/confirm`, {});
    const uncaptured = await send(signed({ ...fields('CHARGEBACK', manual.body.id), pspReference: 'DISPUTE000000002', originalReference: '' }, 'Undefended'));
    expect(uncaptured.status).toBe(200);
    expect(await uncaptured.text()).toBe('[accepted]');

    const forged = await send({ ...chargeback, eventCode: 'CHARGEBACK_REVERSED' });
    expect(forged.status).toBe(400);

    expect((await inboxOf(id)).filter((l) => String(l['provider_event_id']).startsWith('DISPUTE000000001')).map((l) => [l['event_type'], l['outcome'], l['signature_valid']])).toEqual([
      ['CHARGEBACK', 'applied', true],
      ['CHARGEBACK', 'duplicate', true],
      ['CHARGEBACK_REVERSED', 'rejected', false],
    ]);
    // (providerA's own notices of that authorization may land after it: the chargeback's line is the one checked.)
    expect((await inboxOf(manual.body.id)).find((l) => l['event_type'] === 'CHARGEBACK')).toMatchObject({ outcome: 'rejected', rejection_reason: 'payment_not_authorized' });
    // The chargeback that arrived without its NOTIFICATION_OF_CHARGEBACK opened the dispute and withdrew once.
    expect((await paymentEvents(id)).filter((t) => t === 'payment_intent.chargeback')).toHaveLength(1);
    expect((await api('GET', `/v1/payment-intents/${id}`)).body.status).toBe('chargeback');
    expect((await api('GET', `/v1/payment-intents/${manual.body.id}`)).body.status).toBe('authorized');
  });
});
