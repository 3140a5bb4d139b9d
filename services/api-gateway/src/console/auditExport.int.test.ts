import { isPayrailError } from '@payrail/core';
import { makeTempDataDir } from '@payrail/testing';
import request from 'supertest';
import { DEMO_KEY, openGateway, type Harness } from '../testing/gatewayHarness';
import { auditExport } from './auditExport';
import { auditReportPdf } from './auditReportPdf';
import { pdfPageTexts } from './pdfPageTexts';

// Given payments on the ledger, the audit export lists their events with hashes and says whether the
// chain holds; the PDF report a person reads says the same, with the payment id on its pages.

describe('audit export', () => {
  let gw: Harness;
  let cleanup: () => void;
  let payment: string;
  const merchant = 'm_demo';
  const auth = { authorization: `Bearer ${DEMO_KEY}` };

  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = makeTempDataDir('audit-export'));
    gw = await openGateway(dir);
    const created = await request(gw.app).post('/v1/payment-intents').set(auth).set('idempotency-key', 'audit-1')
      .send({ amount: 4_200, currency: 'eur', customer: { email: 'ada@example.com' } });
    expect(created.status).toBe(200);
    payment = created.body.id;
  });

  afterAll(async () => {
    await gw.close();
    cleanup();
  });

  test('a payment: its events in order, each re-hashed and linked, and the chain verified', () => {
    const exported = auditExport(gw.deps.ledger.state, merchant, { payment_intent: payment });
    expect(exported.chain_verified).toBe(true);
    expect(exported.first_failure).toBeNull();
    expect(exported.payments.map((p) => p.id)).toEqual([payment]);
    expect(exported.events[0]).toMatchObject({ stream: 'ledger/payments', seq: 1, type: 'payment_intent.created', verification: { hash_valid: true, linked_to_previous: true } });
    for (const event of exported.events) expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test("another merchant's payment is not found, and a reversed range is refused", () => {
    const refused = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return isPayrailError(error) ? `${error.code}:${error.param}` : 'not a PayrailError';
      }
      return 'no error';
    };
    expect(refused(() => auditExport(gw.deps.ledger.state, 'm_other', { payment_intent: payment }))).toBe('resource_missing:payment_intent');
    expect(refused(() => auditExport(gw.deps.ledger.state, merchant, { created_gte: 2_000, created_lte: 1_000 }))).toBe('parameter_invalid:created[gte]');
  });

  test('a date range holds the events of that range only', () => {
    const now = Math.floor(Date.now() / 1000);
    expect(auditExport(gw.deps.ledger.state, merchant, { created_gte: now - 600, created_lte: now + 600 }).events.length).toBeGreaterThan(0);
    expect(auditExport(gw.deps.ledger.state, merchant, { created_gte: 0, created_lte: 1_000 }).events).toEqual([]);
  });

  test('the PDF report names the payment on its pages and says the chain is verified', async () => {
    const pdf = await auditReportPdf(auditExport(gw.deps.ledger.state, merchant, { payment_intent: payment }));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdfPageTexts(pdf);
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) expect(page).toContain(payment);
    expect(pages[0]).toContain('Hash chain verified');
    expect(pages[0]).toContain('42.00 EUR');
  });

  test('a line altered after it was written fails verification, and the PDF says so', async () => {
    const stored = gw.deps.ledger.state.eventsByPayment.get(payment)?.[0];
    if (stored === undefined) throw new Error('no event');
    const original = stored.event.data['amount'];
    stored.event.data['amount'] = 1;
    try {
      const exported = auditExport(gw.deps.ledger.state, merchant, { payment_intent: payment });
      expect(exported.chain_verified).toBe(false);
      expect(exported.first_failure).toEqual({ stream: 'ledger/payments', seq: stored.event.seq, event_id: stored.event.event_id });
      const text = pdfPageTexts(await auditReportPdf(exported)).join('\n');
      expect(text).toContain('Hash chain verification FAILED');
      expect(text).toContain(stored.event.event_id);
    } finally {
      stored.event.data['amount'] = original;
    }
  });
});
