import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { freePort, makeTempDataDir, startService, type RunningService } from '@payrail/testing';
import { pdfPageTexts } from '../console/pdfPageTexts';
import { GATEWAY_COMPONENTS } from '../docs/components';
import type { Merchant } from '../merchants/merchantStore';
import { DEMO_KEY } from '../testing/gatewayHarness';
import { startStack, type Stack } from '../testing/stack';
import { DeliveryReceipts, disputeDraft, type Citation, type CitedFact, type DisputeDraft } from './disputeDraft';
import { DISPUTE_DRAFT_COMPONENTS } from './disputeDraftComponents';

// Given vault, provider-sim, ledger-service (the webhook dispatcher) and the gateway on one data folder,
// and a merchant endpoint that receives every event, when a payment is disputed, then its draft names
// the argument the facts support, every fact cites a real journal line, the evidence route takes the
// suggested body, and the PDF says the same.

jest.setTimeout(90_000);

const auth = { Authorization: `Bearer ${DEMO_KEY}` };
/** USD amounts of 100000 or more route to providerA (Stripe), which withdraws the funds when a dispute opens. */
const AMOUNT = 123_000;
const WAIT_MS = 20_000;
const POLL_MS = 100;

type Line = { seq: number; event_id: string; type: string; ref: string; data: Record<string, unknown> };

/** A merchant's webhook endpoint on loopback: answers 200 to everything. */
async function receiver(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hooks`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Polls `probe` until it answers something, at most WAIT_MS. */
async function until<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Every Citation in a value ({stream, seq, event_id}), wherever it sits. */
function citationsIn(value: unknown, found: Citation[] = []): Citation[] {
  if (Array.isArray(value)) value.forEach((item) => citationsIn(item, found));
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record['stream'] === 'string' && typeof record['seq'] === 'number' && typeof record['event_id'] === 'string') found.push(record as unknown as Citation);
    else Object.values(record).forEach((inner) => citationsIn(inner, found));
  }
  return found;
}

/** The validator of a component of GATEWAY_COMPONENTS with the draft's (as the OpenAPI document will hold them). */
function componentValidator(name: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ components: { schemas: { ...GATEWAY_COMPONENTS, ...DISPUTE_DRAFT_COMPONENTS } } }, 'doc');
  return ajv.compile({ $ref: `doc#/components/schemas/${name}` });
}

describe('dispute response draft', () => {
  let dir: string;
  let cleanup: () => void;
  let stack: Stack;
  let ledgerService: RunningService;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  let receipts: DeliveryReceipts;
  let merchant: Merchant;

  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('dispute-draft'));
    const ledgerPort = await freePort();
    stack = await startStack(dir, { gatewayEnv: { LEDGER_URL: `http://127.0.0.1:${ledgerPort}`, VELOCITY_MAX_PAYMENTS: '1000' } });
    ledgerService = await startService('ledger-service', 'LEDGER_PORT', { ...stack.env, LEDGER_PORT: String(ledgerPort), GATEWAY_URL: stack.gatewayUrl, WEBHOOK_RETRY_SCHEDULE: '0,200ms,400ms' });
    hooks = await receiver();
    const endpoint = await request(stack.gw.app).post('/v1/webhook-endpoints').set(auth).send({ url: hooks.url, enabled_events: ['*'] });
    expect(endpoint.status).toBe(200);
    receipts = new DeliveryReceipts(dir, stack.gw.deps.logger);
    merchant = stack.gw.deps.merchants.get('m_demo') as Merchant;
  });
  afterAll(async () => {
    await receipts?.close();
    await hooks?.close();
    await ledgerService?.stop();
    await stack?.close();
    cleanup?.();
  });

  const lines = async (stream: string): Promise<Line[]> =>
    (await fs.readFile(path.join(dir, `${stream}.jsonl`), 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Line);

  /** A route of disputeDraftRoutes through the gateway's app, as the merchant (its answer held to the OpenAPI document). */
  const call = async (routePath: string, id: string): Promise<any> => {
    const res = await request(stack.gw.app).get(routePath.replace(':id', encodeURIComponent(id))).set(auth);
    if (res.status !== 200) throw new Error(`${routePath} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  /** A captured payment of AMOUNT (providerA) with `extra` (customer, metadata, description). */
  async function capturedPayment(extra: Record<string, unknown>): Promise<string> {
    const token = await stack.tokenize('4242424242424242');
    const created = await request(stack.gw.app).post('/v1/payment-intents').set(auth).set('Idempotency-Key', `draft-${randomUUID()}`).send({ amount: AMOUNT, currency: 'usd', payment_method: token, ...extra });
    expect(created.status).toBe(200);
    const confirmed = await request(stack.gw.app).post(`/v1/payment-intents/${created.body.id}/confirm`).set(auth).send({});
    expect(confirmed.body.status).toBe('captured');
    return created.body.id as string;
  }

  /** The payment's dispute once `ready` holds for it (the ledger caught up). */
  async function disputeOf(id: string, ready: (status: string) => boolean): Promise<string> {
    return until(`the dispute of ${id}`, async () => {
      await stack.gw.deps.ledger.catchUp();
      const intent = stack.gw.deps.ledger.state.payments.get(id);
      return intent?.dispute !== null && intent !== undefined && ready(intent.status) ? intent.dispute : null;
    });
  }

  /** The draft once every merchant event of the payment has a delivered webhook receipt. */
  async function draftWithReceipts(disputeId: string): Promise<DisputeDraft> {
    return until(`webhook receipts of ${disputeId}`, async () => {
      await Promise.all([stack.gw.deps.ledger.catchUp(), receipts.refresh()]);
      const draft = disputeDraft(stack.gw.deps.ledger.state, merchant.id, disputeId, receipts);
      const delivered = new Set(draft.webhook_receipts.filter((r) => r.outcome === 'delivered').map((r) => r.event_type));
      return ['payment_intent.captured', 'dispute.opened', 'dispute.funds_withdrawn'].every((type) => delivered.has(type)) ? draft : null;
    });
  }

  /** Each citation's line: line `seq` of `data/<stream>.jsonl`, which must be that seq and that event_id. */
  async function expectCitationsReal(draft: DisputeDraft): Promise<Map<string, Line>> {
    const cites = citationsIn(draft);
    const byStream = new Map<string, Line[]>();
    const cited = new Map<string, Line>();
    for (const cite of cites) {
      if (!byStream.has(cite.stream)) byStream.set(cite.stream, await lines(cite.stream));
      const line = byStream.get(cite.stream)?.[cite.seq - 1];
      expect({ cite, line: line === undefined ? null : { seq: line.seq, event_id: line.event_id } }).toEqual({ cite, line: { seq: cite.seq, event_id: cite.event_id } });
      cited.set(cite.event_id, line as Line);
    }
    return cited;
  }

  /** A customer, card or metadata fact says what its line holds. */
  const expectFactOnItsLine = (fact: CitedFact, cited: Map<string, Line>) => {
    const data = JSON.stringify(cited.get(fact.cite.event_id)?.data);
    expect({ fact: fact.field, found: data.includes(JSON.stringify(fact.value)) || data.includes(fact.value) }).toEqual({ fact: fact.field, found: true });
  };

  it('a fraud dispute of a delivered order: argued on authorization and delivery, every fact cited, the evidence accepted, the PDF the same', async () => {
    const metadata = {
      order_id: '1042', shipping_name: 'Ada Lovelace', shipping_line1: '221B Baker Street', shipping_city: 'London', shipping_postal_code: 'NW1 6XE', shipping_country: 'GB',
      carrier: 'UPS', tracking_number: '1Z999AA10123456784', delivery_status: 'delivered', delivered_at: '2026-12-03', gift_wrap: 'no',
    };
    const id = await capturedPayment({ customer: { email: 'ada@example.com', name: 'Ada Lovelace', country: 'GB', ip: '203.0.113.7' }, metadata, description: 'Brass telescope' });
    const opened = await stack.simAdmin('POST', '/admin/disputes', { provider: 'providerA', reference: id });
    expect(opened.status).toBe(201);
    const disputeId = await disputeOf(id, (status) => status === 'chargeback');
    await draftWithReceipts(disputeId);

    // When: the draft route answers.
    const draft = (await call('/v1/disputes/:id/draft', disputeId)) as DisputeDraft;
    const problems = componentValidator('DisputeDraft');
    expect({ valid: problems(draft), errors: problems.errors ?? null }).toEqual({ valid: true, errors: null });

    // Then: the dispute, the argument and its reason.
    expect(draft).toMatchObject({ object: 'dispute_draft', merchant: 'm_demo', chain_verified: true, evidence_submittable: true });
    expect(draft.dispute).toMatchObject({ id: disputeId, payment_intent: id, status: 'opened', reason: 'fraudulent', reason_category: 'fraud', amount: AMOUNT, currency: 'USD', processor: 'providerA', funds_status: 'withdrawn' });
    expect(draft.argument.kind).toBe('product_delivered');
    expect(draft.argument.summary).toContain('was authorized by providerA');
    expect(draft.argument.summary).toContain('per tracking number 1Z999AA10123456784 (UPS) on 2026-12-03');
    expect(draft.argument.summary).toContain('delivered to Ada Lovelace, 221B Baker Street, London, NW1 6XE, GB');
    expect(draft.argument.summary).toContain('Order 1042 was placed by Ada Lovelace <ada@example.com> from IP address 203.0.113.7');
    expect(draft.argument.summary).toContain('No refund was issued');
    // Fraud: the authorization comes first.
    expect(draft.argument.points[0]?.text).toMatch(/^The card \(visa ending 4242\) was authorized by providerA/);
    expect(draft.argument.points.every((p) => p.cites.length > 0)).toBe(true);

    // The packet: processor references, checks not recorded, customer and delivery from the payment.
    const intent = stack.gw.deps.ledger.state.payments.get(id);
    expect(draft.authorization).toMatchObject({ processor: 'providerA', processor_reference: intent?.processor_reference, amount: AMOUNT });
    expect(draft.capture).toMatchObject({ processor: 'providerA', amount: AMOUNT });
    expect(draft.card_checks).toMatchObject({ avs: 'not recorded', cvc: 'not recorded', cite: draft.authorization?.cite });
    expect(Object.fromEntries(draft.customer.map((f) => [f.field, f.value]))).toEqual({ email: 'ada@example.com', name: 'Ada Lovelace', country: 'GB', ip: '203.0.113.7' });
    const { gift_wrap: _other, ...delivery } = metadata;
    expect(Object.fromEntries(draft.delivery.map((f) => [f.field, f.value]))).toEqual(delivery);
    expect(draft.other_details.map((f) => [f.field, f.value])).toEqual([['description', 'Brass telescope'], ['gift_wrap', 'no']]);
    expect(draft.refunds).toEqual([]);
    expect(draft.gaps.map((g) => g.code)).toEqual(['card_checks_not_recorded']);
    expect(draft.evidence).toEqual({ text: expect.stringContaining(draft.argument.summary), file_name: `payrail_dispute_draft_${disputeId}.pdf` });

    // The timeline is every ledger line of the payment and its dispute, in time order.
    const own = [...(await lines('ledger/payments')).filter((l) => l.ref === id), ...(await lines('ledger/disputes')).filter((l) => l.ref === disputeId)];
    expect(draft.timeline.map((t) => t.cite.event_id).sort()).toEqual(own.map((l) => l.event_id).sort());
    expect(draft.timeline.map((t) => t.at)).toEqual([...draft.timeline.map((t) => t.at)].sort());
    expect(draft.timeline.map((t) => t.type)).toEqual(expect.arrayContaining(['payment_intent.created', 'payment_intent.authorized', 'payment_intent.captured', 'dispute.opened', 'payment_intent.chargeback', 'dispute.funds_withdrawn']));
    expect(draft.webhook_receipts.every((r) => r.endpoint_url === hooks.url && r.cite.stream === 'outbox/deliveries')).toBe(true);

    // Every citation is a real line, and every fact says what its line holds.
    const cited = await expectCitationsReal(draft);
    expect(new Set(citationsIn(draft).map((c) => c.stream))).toEqual(new Set(['ledger/payments', 'ledger/disputes', 'outbox/deliveries']));
    // (The card's expiry is written from exp_month and exp_year: its line holds the two numbers.)
    for (const fact of [...draft.customer, ...draft.delivery, ...draft.other_details, ...draft.card.filter((f) => f.field !== 'expiry')]) expectFactOnItsLine(fact, cited);
    for (const receipt of draft.webhook_receipts) expect(cited.get(receipt.cite.event_id)?.data).toMatchObject({ event_id: receipt.event_id, delivery_id: receipt.delivery_id, outcome: receipt.outcome });
    expect(cited.get(draft.authorization?.cite.event_id ?? '')).toMatchObject({ type: 'payment_intent.authorized', data: { processor_reference: draft.authorization?.processor_reference } });

    // The PDF reads the same: the dispute id and the summary.
    const file = await call('/v1/disputes/:id/draft.pdf', disputeId);
    const fileProblems = componentValidator('File');
    expect({ valid: fileProblems(file), errors: fileProblems.errors ?? null }).toEqual({ valid: true, errors: null });
    expect(file).toMatchObject({ object: 'file', file_name: draft.evidence.file_name, content_type: 'application/pdf', chain_verified: true });
    const pdf = Buffer.from(file.content_base64 as string, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.size).toBe(pdf.length);
    const text = pdfPageTexts(pdf).join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('PayRail dispute response draft');
    expect(text).toContain(disputeId);
    expect(text).toContain(draft.argument.summary);
    expect(text).toContain(`ledger/payments line ${draft.authorization?.cite.seq}, ${draft.authorization?.cite.event_id}`);

    // The suggested evidence is what the real evidence route takes.
    const submitted = await request(stack.gw.app).post(`/v1/disputes/${disputeId}/evidence`).set(auth).send(draft.evidence);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ id: disputeId, status: 'under_review', evidence: { text: draft.evidence.text, file_name: draft.evidence.file_name } });
    const after = (await call('/v1/disputes/:id/draft', disputeId)) as DisputeDraft;
    expect(after.evidence_submittable).toBe(false);
    expect(after.gaps.map((g) => g.code)).toContain('evidence_not_submittable');
    expect(after.timeline.at(-1)?.type).toBe('dispute.evidence_submitted');
  });

  it('a credit-not-processed dispute of a partly refunded payment without shipping details: refunds first, gaps named', async () => {
    const id = await capturedPayment({});
    const refund = await request(stack.gw.app).post('/v1/refunds').set(auth).send({ payment_intent: id, amount: 20_000, reason: 'requested_by_customer' });
    expect(refund.status).toBe(200);
    await until('the refund to succeed', async () => {
      await stack.gw.deps.ledger.catchUp();
      return stack.gw.deps.ledger.state.refunds.get(refund.body.id)?.status === 'succeeded';
    });
    const opened = await request(stack.gw.app).post('/internal/disputes').set('X-Internal-Token', stack.env['INTERNAL_TOKEN'] as string).send({ payment_intent: id, reason: 'credit_not_processed', amount: AMOUNT - 20_000 });
    expect(opened.status).toBe(200);

    const draft = (await call('/v1/disputes/:id/draft', opened.body.id)) as DisputeDraft;
    expect(draft.dispute).toMatchObject({ reason_category: 'credit_not_processed', amount: AMOUNT - 20_000 });
    expect(draft.argument.kind).toBe('authorized_and_captured');
    expect(draft.argument.points[0]?.text).toMatch(/^A refund of \$200\.00 USD was issued on .* \(re_[0-9a-z]{26}\)\.$/);
    expect(draft.refunds).toEqual([expect.objectContaining({ id: refund.body.id, amount: 20_000, status: 'succeeded', reason: 'requested_by_customer' })]);
    expect(draft.refunds[0]?.cite.stream).toBe('ledger/refunds');
    expect(draft.customer).toEqual([]);
    expect(draft.delivery).toEqual([]);
    expect(draft.gaps.map((g) => g.code)).toEqual(expect.arrayContaining(['card_checks_not_recorded', 'no_customer_name', 'no_customer_email', 'no_order_reference', 'no_shipping_address', 'no_tracking_number']));
    expect(draft.timeline.map((t) => t.type)).toEqual(expect.arrayContaining(['refund.created', 'refund.succeeded', 'dispute.opened']));
    await expectCitationsReal(draft);
  });

  it('another merchant, or an unknown dispute: resource_missing', async () => {
    const id = await capturedPayment({});
    const opened = await request(stack.gw.app).post('/internal/disputes').set('X-Internal-Token', stack.env['INTERNAL_TOKEN'] as string).send({ payment_intent: id, reason: 'general' });
    expect(opened.status).toBe(200);
    const other = await stack.gw.deps.merchants.create('Another shop');
    const statusOf = async (routePath: string, id: string, key = DEMO_KEY): Promise<string> => {
      const res = await request(stack.gw.app).get(routePath.replace(':id', id)).set({ Authorization: `Bearer ${key}` });
      return res.status === 200 ? 'answered' : `${String(res.body.error?.code)} ${res.status}`;
    };
    expect(await statusOf('/v1/disputes/:id/draft', opened.body.id, other.api_key)).toBe('resource_missing 404');
    expect(await statusOf('/v1/disputes/:id/draft.pdf', opened.body.id, other.api_key)).toBe('resource_missing 404');
    expect(await statusOf('/v1/disputes/:id/draft', 'dp_00000000000000000000000000')).toBe('resource_missing 404');
    expect(await statusOf('/v1/disputes/:id/draft', opened.body.id)).toBe('answered');
  });

  it('the DisputeDraft example validates against its schema', () => {
    const validate = componentValidator('DisputeDraft');
    const [example] = (DISPUTE_DRAFT_COMPONENTS['DisputeDraft'] as { examples: unknown[] }).examples;
    expect({ valid: validate(example), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
  });
});
