import { randomUUID } from 'node:crypto';
import { parseBrCode } from '@payrail/core';
import { freePort, makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';
import { DEMO_KEY } from '../testing/gatewayHarness';

// Pix on real processes: provider-sim (providerA's Pix), vault-service, and two gateway processes on
// one data folder: `long` confirms with an expiry of a minute, `short` with one of 2 s; both run the
// expiry timer and the resolver. provider-sim's webhooks go to `long`. Every check reads what a
// merchant or the processor's books would show; afterwards the ledger must agree with those books.

const SHORT_EXPIRY_S = 2;
const CALL_TIMEOUT_MS = 20_000;
const STEP_TIMEOUT_MS = 15_000;
const RACE_ROUNDS = Number(process.env['RACE_ROUNDS'] ?? 4);
type Answer = { status: number; body: any; text: string };

jest.setTimeout(90_000 + RACE_ROUNDS * 5_000);

describe('Pix payments end to end', () => {
  let cleanup: () => void;
  let env: NodeJS.ProcessEnv;
  let vault: RunningService;
  let sim: RunningService;
  let long: RunningService;
  let short: RunningService;

  beforeAll(async () => {
    const made = makeTempDataDir('pix-payments');
    cleanup = made.cleanup;
    const [vaultPort, simPort, gatewayPort] = await Promise.all([freePort(), freePort(), freePort()]);
    env = testEnv(made.dir, {
      VAULT_URL: `http://127.0.0.1:${vaultPort}`,
      PROVIDER_SIM_URL: `http://127.0.0.1:${simPort}`,
      GATEWAY_URL: `http://127.0.0.1:${gatewayPort}`,
      PROVIDER_WEBHOOK_RETRY_SCHEDULE_MS: '100,200,400,800',
      PROCESSOR_TIMEOUT_MS: '800',
      RESOLVER_INTERVAL_MS: '200',
      PIX_EXPIRY_INTERVAL_MS: '100',
      DEMO_RATE_LIMIT_REQUESTS: '100000',
    });
    vault = await startService('vault-service', 'VAULT_PORT', { ...env, VAULT_PORT: String(vaultPort) });
    sim = await startService('provider-sim', 'PROVIDER_SIM_PORT', { ...env, PROVIDER_SIM_PORT: String(simPort) });
    // One first, so that the demo merchant is created once.
    long = await startService('api-gateway', 'GATEWAY_PORT', { ...env, GATEWAY_PORT: String(gatewayPort), PIX_EXPIRES_AFTER_S: '60' });
    short = await startService('api-gateway', 'GATEWAY_PORT', { ...env, PIX_EXPIRES_AFTER_S: String(SHORT_EXPIRY_S) });
  });

  afterAll(async () => {
    await Promise.all([long, short, vault, sim].filter(Boolean).map((s) => s.stop()));
    cleanup();
  });

  afterEach(async () => {
    await simAdmin('PUT', '/admin/faults', { providerA: { pix_late_confirmation: false, pix_duplicate_confirmation: false, duplicate_webhook_percent: 0 } });
  });

  async function call(gateway: RunningService, method: string, route: string, body?: unknown, key: string | null = randomUUID()): Promise<Answer> {
    const res = await fetch(`${gateway.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json', ...(key === null ? {} : { 'idempotency-key': key }) },
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : JSON.parse(text), text };
  }

  async function simAdmin(method: string, route: string, body?: unknown): Promise<Answer> {
    const res = await fetch(`${sim.url}${route}`, { method, headers: { 'x-admin-token': env['ADMIN_TOKEN'] as string, 'content-type': 'application/json' }, signal: AbortSignal.timeout(CALL_TIMEOUT_MS), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : JSON.parse(text), text };
  }

  /** providerA's own books of a payment (its status inquiry). */
  async function simCharges(pi: string): Promise<any[]> {
    const res = await fetch(`${sim.url}/providerA/v1/charges?payment_intent=${pi}`, { headers: { 'x-internal-token': env['INTERNAL_TOKEN'] as string }, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
    return ((await res.json()) as { data: any[] }).data;
  }

  /** Polls `read` until `done` holds, for at most STEP_TIMEOUT_MS; fails naming `what` otherwise. */
  async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    let value = await read();
    while (!done(value)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      value = await read();
    }
    return value;
  }

  const payment = (id: string): Promise<any> => call(long, 'GET', `/v1/payment-intents/${id}`).then((a) => a.body);
  const ledgerTypes = async (id: string): Promise<string[]> => (await call(long, 'GET', `/v1/ledger/${id}`)).body.events.map((e: { type: string }) => e.type);

  async function confirmedPix(gateway: RunningService, amount: number): Promise<any> {
    const created = await call(gateway, 'POST', '/v1/payment-intents', { amount, currency: 'brl', payment_method_types: ['pix'], metadata: { order: randomUUID() } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ status: 'created', payment_method_types: ['pix'], next_action: null, payment_method: null, card: null });
    const confirmed = await call(gateway, 'POST', `/v1/payment-intents/${created.body.id}/confirm`, {});
    expect(confirmed.status).toBe(200);
    return confirmed.body;
  }

  it('pay: confirm answers a BR Code to pay; the payment captures it, with no authorization step', async () => {
    const created = await call(long, 'POST', '/v1/payment-intents', { amount: 12_345, currency: 'brl', payment_method_types: ['pix'] });
    const key = randomUUID();
    const confirmed = await call(long, 'POST', `/v1/payment-intents/${created.body.id}/confirm`, {}, key);
    const replayed = await call(short, 'POST', `/v1/payment-intents/${created.body.id}/confirm`, {}, key);
    const again = await call(short, 'POST', `/v1/payment-intents/${created.body.id}/confirm`, {});
    const id = created.body.id as string;

    expect(confirmed.body).toMatchObject({ status: 'created', processing: true, processor: 'providerA', payment_method_types: ['pix'], next_action: { type: 'pix_display_qr_code' } });
    const { data, txid, expires_at } = confirmed.body.next_action.pix_display_qr_code;
    expect(txid).toMatch(/^[A-Za-z0-9]{26,35}$/);
    expect(expires_at - Math.floor(Date.now() / 1000)).toBeGreaterThan(50);
    expect(parseBrCode(data)).toMatchObject({ point_of_initiation: 'dynamic', amount_minor: 12_345, currency: '986', merchant_account: { location: expect.stringContaining(txid) } });
    expect(replayed.text).toBe(confirmed.text);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'invalid_state_transition', current_state: 'processing' });

    // Waiting for its payer is not a stuck authorization: the resolver (stuck after 2.4 s) leaves it alone.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await payment(id)).toMatchObject({ status: 'created', processing: true, next_action: { type: 'pix_display_qr_code' } });

    expect((await simAdmin('POST', `/admin/pix/${txid}/pay`, {})).body).toMatchObject({ status: 'paid', payment_intent: id });
    const paid = await eventually('the capture', () => payment(id), (p) => p.status === 'captured');

    expect(paid).toMatchObject({ processing: false, amount_received: 12_345, amount_capturable: 0, next_action: null, processor_reference: (await simCharges(id))[0].id });
    expect(await ledgerTypes(id)).toEqual(['payment_intent.created', 'payment_intent.authorization_requested', 'payment_intent.pix_qr_code_issued', 'payment_intent.captured']);
  });

  it('refuses what Pix cannot be, with a clear 400 that writes nothing', async () => {
    const before = (await call(long, 'GET', '/v1/payment-intents?limit=100')).body.data.length;
    const card = await call(long, 'POST', '/v1/payment-intents', { amount: 1_000, currency: 'usd' });
    const pix = await call(long, 'POST', '/v1/payment-intents', { amount: 1_000, currency: 'brl', payment_method_types: ['pix'] });
    const cases: Array<[unknown, string]> = [
      [{ amount: 1_000, currency: 'usd', payment_method_types: ['pix'] }, 'currency'],
      [{ amount: 1_000, currency: 'brl', payment_method_types: ['pix'], payment_method: 'tok_01jd4ex8m3q2w5e7r9t1y3u5i7' }, 'payment_method'],
      [{ amount: 1_000, currency: 'brl', payment_method_types: ['pix'], capture_method: 'manual' }, 'capture_method'],
      [{ amount: 1_000, currency: 'brl', payment_method_types: ['boleto'] }, 'payment_method_types.0'],
      [{ amount: 1_000, currency: 'brl', payment_method_types: ['card', 'pix'] }, 'payment_method_types'],
      [{ amount: 1_000, currency: 'brl', payment_method_types: [] }, 'payment_method_types'],
    ];

    for (const [body, param] of cases) {
      const res = await call(long, 'POST', '/v1/payment-intents', body);
      expect({ body, status: res.status, type: res.body.error?.type, param: res.body.error?.param }).toEqual({ body, status: 400, type: 'invalid_request_error', param });
    }
    const withCard = await call(long, 'POST', `/v1/payment-intents/${pix.body.id}/confirm`, { payment_method: 'tok_01jd4ex8m3q2w5e7r9t1y3u5i7' });

    expect(card.body).toMatchObject({ payment_method_types: ['card'], next_action: null });
    expect(withCard.status).toBe(400);
    expect(withCard.body.error).toMatchObject({ code: 'parameter_invalid', param: 'payment_method' });
    expect(await payment(pix.body.id)).toMatchObject({ status: 'created', processing: false });
    expect((await call(long, 'GET', '/v1/payment-intents?limit=100')).body.data.length).toBe(before + 2);
  });

  it('expire: unpaid at its expiry it is reversed (expired); the payer can no longer pay it', async () => {
    const confirmed = await confirmedPix(short, 2_000);
    const { txid, expires_at } = confirmed.next_action.pix_display_qr_code;
    expect(expires_at - Date.now() / 1000).toBeLessThanOrEqual(SHORT_EXPIRY_S + 1);

    const expired = await eventually('the expiry', () => payment(confirmed.id), (p) => p.status !== 'created');
    const refused = await simAdmin('POST', `/admin/pix/${txid}/pay`, {});

    expect(expired).toMatchObject({ status: 'reversed', processing: false, next_action: null, amount_received: 0 });
    expect(Date.now() / 1000).toBeGreaterThanOrEqual(expires_at);
    const events = (await call(long, 'GET', `/v1/ledger/${confirmed.id}`)).body.events;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['payment_intent.created', 'payment_intent.authorization_requested', 'payment_intent.pix_qr_code_issued', 'payment_intent.reversed']);
    expect(events.at(-1).data).toEqual({ reason: 'expired' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ status: 'expired' });
  });

  it('late payment after expiry: the money is recorded, then refunded by the gateway itself (once, even when the notice comes twice)', async () => {
    const confirmed = await confirmedPix(short, 3_000);
    const { txid } = confirmed.next_action.pix_display_qr_code;
    await eventually('the expiry', () => payment(confirmed.id), (p) => p.status === 'reversed');
    await simAdmin('PUT', '/admin/faults', { providerA: { pix_late_confirmation: true, pix_duplicate_confirmation: true, duplicate_webhook_percent: 100 } });

    expect((await simAdmin('POST', `/admin/pix/${txid}/pay`, {})).body).toMatchObject({ status: 'paid', paid_late: true });
    const refunded = await eventually('the refund of the late payment', () => payment(confirmed.id), (p) => p.amount_refunded === 3_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the second notice and the duplicates arrive meanwhile

    expect(refunded).toMatchObject({ status: 'captured', amount_received: 3_000, amount_refunded: 3_000 });
    const refunds = (await call(long, 'GET', `/v1/refunds?payment_intent=${confirmed.id}`)).body.data;
    expect(refunds).toEqual([expect.objectContaining({ amount: 3_000, status: 'succeeded', reason: 'paid_after_expiry', approver: null })]);
    expect(await ledgerTypes(confirmed.id)).toEqual([
      'payment_intent.created', 'payment_intent.authorization_requested', 'payment_intent.pix_qr_code_issued', 'payment_intent.reversed',
      'payment_intent.captured', 'refund.created', 'refund.succeeded',
    ]);
    expect((await simAdmin('GET', `/admin/pix/${txid}`)).body).toMatchObject({ status: 'paid', amount_refunded: 3_000, refunds: [{ amount: 3_000, reference: refunds[0].processor_reference }] });
  });

  it('duplicate confirmation: the same webhook twice and a second notice for the txid are applied once', async () => {
    await simAdmin('PUT', '/admin/faults', { providerA: { pix_duplicate_confirmation: true, duplicate_webhook_percent: 100 } });
    const confirmed = await confirmedPix(long, 4_000);

    await simAdmin('POST', `/admin/pix/${confirmed.next_action.pix_display_qr_code.txid}/pay`, {});
    await eventually('the capture', () => payment(confirmed.id), (p) => p.status === 'captured');
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(await payment(confirmed.id)).toMatchObject({ status: 'captured', amount_received: 4_000, amount_refunded: 0 });
    expect((await ledgerTypes(confirmed.id)).filter((type) => type === 'payment_intent.captured')).toHaveLength(1);
  });

  it('devolução: POST /v1/refunds, partial then the rest, never more than paid; the processor agrees', async () => {
    const confirmed = await confirmedPix(long, 10_000);
    const { txid } = confirmed.next_action.pix_display_qr_code;
    const early = await call(long, 'POST', '/v1/refunds', { payment_intent: confirmed.id, amount: 100 });
    await simAdmin('POST', `/admin/pix/${txid}/pay`, {});
    await eventually('the capture', () => payment(confirmed.id), (p) => p.status === 'captured');

    const partial = await call(long, 'POST', '/v1/refunds', { payment_intent: confirmed.id, amount: 2_500 });
    const over = await call(short, 'POST', '/v1/refunds', { payment_intent: confirmed.id, amount: 7_501 });
    const rest = await call(short, 'POST', '/v1/refunds', { payment_intent: confirmed.id });

    expect(early.status).toBe(409);
    expect(partial.body).toMatchObject({ status: 'succeeded', amount: 2_500, currency: 'BRL', reason: 'requested_by_customer' });
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: 'amount_exceeds_refundable' });
    expect(rest.body).toMatchObject({ status: 'succeeded', amount: 7_500 });
    expect(await payment(confirmed.id)).toMatchObject({ status: 'captured', amount_refunded: 10_000 });
    const [charge] = await simCharges(confirmed.id);
    expect(charge).toMatchObject({ amount_captured: 10_000, amount_refunded: 10_000, refunded: true, payment_method_details: { type: 'pix' } });
    expect(charge.refunds.data.map((r: { id: string }) => r.id).sort()).toEqual([partial.body.processor_reference, rest.body.processor_reference].sort());
  });

  it('payment webhook vs expiry timer, raced across two gateway processes: one outcome each time, and the ledger agrees with the books', async () => {
    // Each payment is paid right around its expiry (the late fault lets the payer pay after it), while
    // the expiry timers of both processes run and the payment's notice reaches one of them. Each ends
    // captured in time, or expired and then captured late and refunded by the gateway: never both, never twice.
    await simAdmin('PUT', '/admin/faults', { providerA: { pix_late_confirmation: true } });
    const rounds = await Promise.all(Array.from({ length: RACE_ROUNDS * 2 }, (_, round) => confirmedPix(short, 1_000 + round)));
    await Promise.all(rounds.map(async (confirmed, round) => {
      const { txid, expires_at } = confirmed.next_action.pix_display_qr_code;
      const payAt = expires_at * 1000 + ((round * 157) % 800) - 400;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, payAt - Date.now())));
      expect((await simAdmin('POST', `/admin/pix/${txid}/pay`, {})).status).toBe(200);
    }));

    const outcomes: string[] = [];
    for (const { id } of rounds) {
      const settled = await eventually(`${id} settled`, () => payment(id), (p) => p.status === 'captured' && !p.processing && (p.amount_refunded === 0 || p.amount_refunded === p.amount));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const types = await ledgerTypes(id);
      const [charge, ...others] = await simCharges(id);
      const late = types.includes('payment_intent.reversed');
      outcomes.push(late ? 'late' : 'in_time');
      expect({ id, others, captured: types.filter((t) => t === 'payment_intent.captured').length, refunds: types.filter((t) => t === 'refund.created').length }).toEqual({ id, others: [], captured: 1, refunds: late ? 1 : 0 });
      const final = await eventually(`${id} refunded at the processor too`, () => payment(id), (p) => p.amount_refunded === (late ? p.amount : 0));
      const [books] = await simCharges(id);
      expect({ id, ledger: [final.amount_received, final.amount_refunded, final.processor_reference], books: [books.amount_captured, books.amount_refunded, books.id] }).toEqual({ id, ledger: [final.amount, late ? final.amount : 0, charge.id], books: [final.amount, late ? final.amount : 0, charge.id] });
    }
    expect(outcomes).toHaveLength(RACE_ROUNDS * 2);
  });
});
