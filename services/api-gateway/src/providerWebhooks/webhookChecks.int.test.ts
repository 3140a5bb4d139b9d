import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { adyenHmacSignature, stripeSignatureHeader, TIMEOUT_TEST_CARD } from '@payrail/core';
import { freePort, makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';
import { DEFAULT_ROUTING } from '../routing/routingRules';
import { DEMO_KEY } from '../testing/gatewayHarness';

// Authentic (correctly signed) processor webhooks that disagree with the payment: stored as rejected
// with a reason, acknowledged, counted in a metric, and never applied. Real vault, provider-sim and
// gateway processes; euros go to providerB, the rest to providerA.
describe('processor webhooks are checked against the payment before they are applied', () => {
  let dir: string;
  let cleanup: () => void;
  let env: NodeJS.ProcessEnv;
  let vault: RunningService;
  let sim: RunningService;
  let gateway: RunningService;
  let token: string;

  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('webhook-checks'));
    await fs.mkdir(path.join(dir, 'gateway'), { recursive: true });
    const rules = [{ name: 'euros to providerB', when: { currency: ['EUR'] }, prefer: ['providerB', 'providerA'] }, { name: 'the rest to providerA', when: {}, prefer: ['providerA', 'providerB'] }];
    await fs.writeFile(path.join(dir, 'gateway', 'routing.json'), JSON.stringify({ ...DEFAULT_ROUTING, rules }));
    const [vaultPort, simPort] = await Promise.all([freePort(), freePort()]);
    // provider-sim's own webhooks go nowhere: every webhook the gateway sees is one of this test's.
    env = testEnv(dir, { VAULT_URL: `http://127.0.0.1:${vaultPort}`, PROVIDER_SIM_URL: `http://127.0.0.1:${simPort}`, GATEWAY_URL: 'http://127.0.0.1:9', VELOCITY_MAX_PAYMENTS: '100000', PROCESSOR_TIMEOUT_MS: '3000', PROVIDER_TIMEOUT_MS: '6000' });
    vault = await startService('vault-service', 'VAULT_PORT', { ...env, VAULT_PORT: String(vaultPort) });
    sim = await startService('provider-sim', 'PROVIDER_SIM_PORT', { ...env, PROVIDER_SIM_PORT: String(simPort) });
    gateway = await startService('api-gateway', 'GATEWAY_PORT', env);
    const res = await fetch(`${vault.url}/tokens`, { method: 'POST', headers: { 'x-internal-token': env.INTERNAL_TOKEN as string, 'content-type': 'application/json' }, body: JSON.stringify({ pan: '4242424242424242', exp_month: 12, exp_year: 2031 }) });
    token = ((await res.json()) as { token: string }).token;
  }, 60_000);

  afterAll(async () => {
    await Promise.all([gateway, vault, sim].filter(Boolean).map((s) => s.stop()));
    cleanup();
  });

  const api = async (method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${gateway.url}${url}`, { method, headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(15_000) });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const ledgerBytes = (): Promise<string> => fs.readFile(path.join(dir, 'ledger/payments.jsonl'), 'utf8').catch(() => '');
  const inbox = async (): Promise<any[]> => (await fs.readFile(path.join(dir, 'gateway/provider_webhooks.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));

  async function payment(currency: 'usd' | 'eur', amount: number, step: 'created' | 'authorized' | 'captured'): Promise<{ id: string; reference: string }> {
    const created = await api('POST', '/v1/payment-intents', { amount, currency, payment_method: token, capture_method: 'manual' });
    if (step === 'created') return { id: created.body.id, reference: '' };
    const confirmed = await api('POST', `/v1/payment-intents/${created.body.id}/confirm`, {});
    expect(confirmed.body.status).toBe('authorized');
    if (step === 'captured') expect((await api('POST', `/v1/payment-intents/${created.body.id}/capture`, {})).body.status).toBe('captured');
    return { id: created.body.id, reference: confirmed.body.processor_reference };
  }

  function sendStripe(event: unknown): Promise<Response> {
    const body = JSON.stringify(event);
    const signature = stripeSignatureHeader(body, env.PROVIDER_A_WEBHOOK_SECRET as string, Math.floor(Date.now() / 1000));
    return fetch(`${gateway.url}/v1/webhooks/provider/providerA`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body, signal: AbortSignal.timeout(15_000) });
  }

  const stripeEvent = (type: string, object: Record<string, unknown>, id = `evt_${randomUUID().replaceAll('-', '')}`) => ({ id, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } });

  function sendAdyen(item: Record<string, unknown>): Promise<Response> {
    const signed = { ...item, additionalData: { hmacSignature: adyenHmacSignature(item as never, env.PROVIDER_B_HMAC_KEY as string) } };
    return fetch(`${gateway.url}/v1/webhooks/provider/providerB`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: signed }] }), signal: AbortSignal.timeout(15_000) });
  }

  const adyenItem = (eventCode: string, id: string, originalReference: string, value: number, currency: string) => ({
    eventCode, success: 'true', pspReference: randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase(), originalReference, merchantAccountCode: 'PayRailSandbox', merchantReference: id, amount: { value, currency }, eventDate: new Date().toISOString(), reason: '',
  });

  /** Sends a webhook and checks it was acknowledged, stored rejected with `reason`, and moved nothing. */
  async function expectRejected(send: () => Promise<Response>, reason: string, acknowledgement: number | string = 200): Promise<void> {
    const before = await ledgerBytes();
    const lines = (await inbox().catch(() => [])).length;
    const res = await send();
    if (typeof acknowledgement === 'string') expect(await res.text()).toBe(acknowledgement);
    else expect(res.status).toBe(acknowledgement);
    expect(await ledgerBytes()).toBe(before);
    const stored = (await inbox()).slice(lines);
    expect(stored.map((l) => ({ outcome: l.data.outcome, reason: l.data.rejection_reason, signature_valid: l.data.signature_valid }))).toEqual([{ outcome: 'rejected', reason, signature_valid: true }]);
  }

  it('a signed charge.captured of 99,999,999 on a 150,000 authorization: acknowledged, stored rejected, ledger untouched, alert counted', async () => {
    const { id, reference } = await payment('usd', 150_000, 'authorized');
    await expectRejected(() => sendStripe(stripeEvent('charge.captured', { id: reference, object: 'charge', amount: 150_000, amount_captured: 99_999_999, captured: true, currency: 'usd', payment_intent: id })), 'amount_exceeds_authorized');
    expect((await api('GET', `/v1/payment-intents/${id}`)).body).toMatchObject({ status: 'authorized', amount_received: 0 });
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/provider_webhooks_rejected_total\{[^}]*provider="providerA"[^}]*reason="amount_exceeds_authorized"[^}]*\} 1|provider_webhooks_rejected_total\{[^}]*reason="amount_exceeds_authorized"[^}]*provider="providerA"[^}]*\} 1/);
  });

  it('a capture naming another charge, a negative amount, or a payment never authorized is rejected', async () => {
    const { id, reference } = await payment('usd', 4_000, 'authorized');
    await expectRejected(() => sendStripe(stripeEvent('charge.captured', { id: 'ch_someone_else', object: 'charge', amount_captured: 4_000, captured: true, payment_intent: id })), 'processor_reference_mismatch');
    await expectRejected(() => sendStripe(stripeEvent('charge.captured', { id: reference, object: 'charge', amount_captured: -5, captured: true, payment_intent: id })), 'amount_invalid');
    await expectRejected(() => sendStripe(stripeEvent('charge.captured', { id: reference, object: 'charge', amount_captured: 40.5, captured: true, payment_intent: id })), 'amount_invalid');
    const fresh = await payment('usd', 4_000, 'created');
    await expectRejected(() => sendStripe(stripeEvent('charge.captured', { id: 'ch_unknown', object: 'charge', amount_captured: 4_000, captured: true, payment_intent: fresh.id })), 'payment_not_authorized');
    // The right one still applies.
    expect((await sendStripe(stripeEvent('charge.captured', { id: reference, object: 'charge', amount_captured: 3_000, captured: true, currency: 'usd', payment_intent: id }))).status).toBe(200);
    expect((await api('GET', `/v1/payment-intents/${id}`)).body).toMatchObject({ status: 'captured', amount_received: 3_000 });
  });

  it('providerB: a capture in another currency and a refund over the captured amount are rejected, and answered [accepted]', async () => {
    const authorized = await payment('eur', 6_000, 'authorized');
    await expectRejected(() => sendAdyen(adyenItem('CAPTURE', authorized.id, authorized.reference, 6_000, 'USD')), 'currency_mismatch', '[accepted]');
    await expectRejected(() => sendAdyen(adyenItem('CAPTURE', authorized.id, authorized.reference, 6_001, 'EUR')), 'amount_exceeds_authorized', '[accepted]');
    const captured = await payment('eur', 5_000, 'captured');
    await expectRejected(() => sendAdyen(adyenItem('REFUND', captured.id, captured.reference, 9_000, 'EUR')), 'amount_exceeds_captured', '[accepted]');
    await expectRejected(() => sendAdyen(adyenItem('CANCELLATION', captured.id, captured.reference, 5_000, 'EUR')), 'payment_already_captured', '[accepted]');
  });

  it("providerB: an AUTHORISATION that comes before the confirmation's answer records the capture an automatic payment asked for", async () => {
    // The timeout card: providerB books the charge (authorised, captured at once: captureDelayHours 0)
    // but answers only after the gateway gave up waiting; the AUTHORISATION arrives meanwhile.
    const res = await fetch(`${vault.url}/tokens`, { method: 'POST', headers: { 'x-internal-token': env.INTERNAL_TOKEN as string, 'content-type': 'application/json' }, body: JSON.stringify({ pan: TIMEOUT_TEST_CARD, exp_month: 12, exp_year: 2031 }) });
    const slowCard = ((await res.json()) as { token: string }).token;
    const created = await api('POST', '/v1/payment-intents', { amount: 7_100, currency: 'eur', payment_method: slowCard });
    expect(created.body.capture_method).toBe('automatic');
    const confirming = api('POST', `/v1/payment-intents/${created.body.id}/confirm`, {});
    let reference: string | undefined;
    for (let i = 0; i < 100 && reference === undefined; i++) {
      const books = await fs.readFile(path.join(dir, 'providers/sim/providerB.jsonl'), 'utf8').catch(() => '');
      reference = books.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((l) => l.data?.payment_intent === created.body.id)?.ref;
      if (reference === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(reference).toBeDefined();
    const notice = await sendAdyen({ ...adyenItem('AUTHORISATION', created.body.id, '', 7_100, 'EUR'), pspReference: reference });
    expect(await notice.text()).toBe('[accepted]');
    const events = (await ledgerBytes()).trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.ref === created.body.id);
    expect(events.filter((l) => l.causation_id === `providerB:${reference}:AUTHORISATION`).map((l) => l.type)).toEqual(['payment_intent.authorized', 'payment_intent.captured']);
    // The confirmation, answered from what the webhook recorded: captured, as it would have been.
    expect((await confirming).body).toMatchObject({ status: 'captured', amount_received: 7_100, processor: 'providerB' });
  });

  it('signed but unreadable bodies are stored and acknowledged (providerA) or refused as unsigned (providerB), never a 500', async () => {
    const before = await ledgerBytes();
    for (const body of ['text', 7]) {
      // Not a JSON object or array: refused by the JSON reader before any route (express's strict mode).
      const raw = JSON.stringify(body);
      const res = await fetch(`${gateway.url}/v1/webhooks/provider/providerA`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(raw, env.PROVIDER_A_WEBHOOK_SECRET as string, Math.floor(Date.now() / 1000)) }, body: raw });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(((await res.json()) as any).error).toMatchObject({ type: 'invalid_request_error', message: expect.any(String) });
    }
    for (const body of [[], [null], { id: 'evt_x' }, { id: 'evt_y', type: 'charge.captured', data: [] }, { id: 'evt_z', type: 'charge.captured', data: { object: null } }]) {
      const raw = JSON.stringify(body);
      const res = await fetch(`${gateway.url}/v1/webhooks/provider/providerA`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(raw, env.PROVIDER_A_WEBHOOK_SECRET as string, Math.floor(Date.now() / 1000)) }, body: raw });
      // Authentic but not an event: acknowledged, or Stripe would retry it for days; kept as rejected.
      expect({ body, status: res.status }).toEqual({ body, status: 200 });
      expect((await inbox()).at(-1)?.data).toMatchObject({ signature_valid: true, outcome: 'rejected', rejection_reason: 'malformed_notification' });
    }
    for (const body of [[], {}, { notificationItems: [] }, { notificationItems: [null] }, { notificationItems: [{ NotificationRequestItem: null }] }, { notificationItems: 'x' }]) {
      const res = await fetch(`${gateway.url}/v1/webhooks/provider/providerB`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(((await res.json()) as any).error).toMatchObject({ type: 'invalid_request_error' });
    }
    expect(await ledgerBytes()).toBe(before);
  });

  it('generated hostile but signed webhooks never reach a 5xx, every one is a line, and the ledger never takes more than was authorized', async () => {
    const { id, reference } = await payment('usd', 10_000, 'authorized');
    const eur = await payment('eur', 10_000, 'authorized');
    const amount = fc.oneof(fc.integer({ min: -1_000, max: 30_000 }), fc.constantFrom(0, 99_999_999, Number.MAX_SAFE_INTEGER, 1.5, -0), fc.string({ maxLength: 5 }), fc.constant(null));
    const stripe = fc.record({
      type: fc.constantFrom('charge.succeeded', 'charge.captured', 'charge.refunded', 'charge.failed', 'charge.dispute.created', 'charge.dispute.closed', 'x.y'),
      charge: fc.constantFrom(reference, 'ch_other', ''),
      amount_captured: amount,
      amount_refunded: amount,
      amount,
      captured: fc.boolean(),
      currency: fc.constantFrom('usd', 'eur', 'USD', '', 'usdx'),
      status: fc.constantFrom('won', 'lost', 'needs_response'),
    });
    const adyen = fc.record({
      eventCode: fc.constantFrom('AUTHORISATION', 'CAPTURE', 'CANCELLATION', 'REFUND', 'NOTIFICATION_OF_CHARGEBACK', 'CHARGEBACK', 'CHARGEBACK_REVERSED', 'REPORT_AVAILABLE'),
      original: fc.constantFrom(eur.reference, 'OTHER0000000000', ''),
      value: fc.integer({ min: -100, max: 30_000 }),
      currency: fc.constantFrom('EUR', 'USD', 'eur'),
      success: fc.constantFrom('true', 'false'),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(stripe.map((s) => ({ kind: 'A' as const, s })), adyen.map((a) => ({ kind: 'B' as const, a }))), async (input) => {
        const lines = (await inbox()).length;
        const res = input.kind === 'A'
          ? await sendStripe(stripeEvent(input.s.type, { id: input.s.charge, object: input.s.type.startsWith('charge.dispute') ? 'dispute' : 'charge', charge: input.s.charge, amount: input.s.amount, amount_captured: input.s.amount_captured, amount_refunded: input.s.amount_refunded, captured: input.s.captured, currency: input.s.currency, status: input.s.status, payment_intent: id }))
          : await sendAdyen(adyenItem(input.a.eventCode, eur.id, input.a.original, input.a.value, input.a.currency));
        expect(res.status).toBeLessThan(500);
        expect((await inbox()).length).toBe(lines + 1);
        for (const paymentId of [id, eur.id]) {
          const intent = (await api('GET', `/v1/payment-intents/${paymentId}`)).body;
          expect(intent.amount_received).toBeLessThanOrEqual(intent.amount);
          expect(intent.amount_refunded).toBeLessThanOrEqual(intent.amount_received);
        }
      }),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 60), seed: Number(process.env['FUZZ_SEED'] ?? 1212), endOnFailure: true },
    );
  }, 120_000);
});
