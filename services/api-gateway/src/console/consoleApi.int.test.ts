import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { findPans } from '@payrail/core';
import { ConsoleStack, until } from './testing/consoleStack';

// Given a whole stack (vault, provider-sim, ledger-service, merchant-sim, gateway) on a temporary data
// folder, two merchants paying, a webhook endpoint that works and one nobody listens on, and a bank
// that pays providerB a minor unit short and adds a row of its own after each providerA capture:
// when the console asks its own routes, then each answers the merchant about its own objects only,
// counts what it does not list, and the admin sees every item.

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** A page small enough that the dead-letter queue takes several. */
const PAGE = 2;

interface ReportItem {
  payment_id: string;
  status: string;
  merchant: string | null;
  ledger: { merchant: string } | null;
}

describe('the console API on a whole stack', () => {
  let stack: ConsoleStack;
  let otherKey = '';
  let otherMerchant = '';
  const today = new Date().toISOString().slice(0, 10);
  /** The demo merchant's payments, by role. */
  const mine = { ada: '', grace: '', disputed: '', large: '', refunded: '', refund: '', dispute: '', all: [] as string[] };
  const theirs = { ada: '', large: '', all: [] as string[] };
  let deadEndpoint = { id: '', url: '' };
  let liveEndpoint = '';

  beforeAll(async () => {
    stack = await ConsoleStack.start('console-api', { REFUND_APPROVAL_THRESHOLD: '5000', BREAKER_REQUESTS_MIN: '3', BREAKER_ERROR_RATE_PCT: '40' });
    const merchant = await stack.admin('POST', '/admin/merchants', { name: 'Other shop' });
    expect(merchant.status).toBe(200);
    [otherKey, otherMerchant] = [merchant.body.api_key, merchant.body.id];

    // merchant-sim's receiver as one endpoint (every event, signed with its secret), and one nobody listens on.
    liveEndpoint = await stack.registerEndpoint();
    deadEndpoint = await stack.registerDeadEndpoint(['payment_intent.created']);

    expect((await stack.internal(`${stack.providerSim.url}/admin/faults`, 'PUT', {
      providerB: { settlement_mismatch_percent: 100, settlement_mismatch_mix: { amount_off_by_one: 1 } },
      providerA: { settlement_mismatch_percent: 100, settlement_mismatch_mix: { extra_row: 1 } },
    })).status).toBe(200);

    // Small US amounts go to providerB, large ones (1,000.00 and up) to providerA.
    mine.ada = (await stack.pay('4242424242424242', 2_500, { customer: { email: 'Ada@Example.com' } })).id;
    mine.grace = (await stack.pay('5555555555554444', 2_000, { customer: { email: 'grace@example.com' } })).id;
    mine.disputed = (await stack.pay('4000000000000259', 3_000, { customer: { email: 'linus@example.com' } })).id;
    mine.large = (await stack.pay('4242424242424242', 150_000, { customer: { email: 'big@example.com' } })).id;
    mine.refunded = (await stack.pay('4242424242424242', 4_000)).id;
    const refund = await stack.api('POST', '/v1/refunds', { payment_intent: mine.refunded, amount: 1_000, reason: 'requested_by_customer' });
    expect(refund.status).toBe(200);
    mine.refund = refund.body.id;
    mine.all = [mine.ada, mine.grace, mine.disputed, mine.large, mine.refunded];
    theirs.ada = (await stack.pay('4242424242424242', 2_200, { customer: { email: 'ada@example.com' } }, otherKey)).id;
    theirs.large = (await stack.pay('4242424242424242', 120_000, {}, otherKey)).id;
    theirs.all = [theirs.ada, theirs.large];
    mine.dispute = await until('the dispute to open', async () => (await stack.api('GET', `/v1/payment-intents/${mine.disputed}`)).body.dispute as string | null);
    // Every payment_intent.created dead-letters at the endpoint nobody listens on.
    await until('every creation to be dead-lettered', async () => (await stack.api('GET', '/v1/console/dead-letters?limit=1')).body.total === mine.all.length);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  test('the dead-letter pager walks the whole queue once, newest event first, and says how many there are', async () => {
    const seen: string[] = [];
    const events: string[] = [];
    let after: string | undefined;
    for (let page = 0; page <= mine.all.length; page++) {
      const answer = await stack.api('GET', `/v1/console/dead-letters?limit=${PAGE}${after === undefined ? '' : `&starting_after=${after}`}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ object: 'list', url: '/v1/console/dead-letters', total: mine.all.length });
      expect(answer.body.data.length).toBeLessThanOrEqual(PAGE);
      for (const letter of answer.body.data) {
        expect(letter).toMatchObject({ object: 'dead_letter', event_type: 'payment_intent.created', endpoint: { id: deadEndpoint.id, url: deadEndpoint.url }, attempts: 3 });
        seen.push(letter.delivery_id);
        events.push(letter.event_id);
      }
      if (!answer.body.has_more) break;
      after = answer.body.data[answer.body.data.length - 1].delivery_id;
    }
    expect(seen).toHaveLength(mine.all.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect(events).toEqual([...events].sort().reverse());

    // Another merchant has none; a cursor that is no delivery of the merchant's is refused as every list refuses one.
    expect((await stack.api('GET', '/v1/console/dead-letters', undefined, otherKey)).body).toMatchObject({ data: [], has_more: false, total: 0 });
    const unknown = await stack.api('GET', '/v1/console/dead-letters?starting_after=del_00000000000000000000000000');
    expect({ status: unknown.status, code: unknown.body.error.code, param: unknown.body.error.param }).toEqual({ status: 404, code: 'resource_missing', param: 'starting_after' });
    const theirCursor = await stack.api('GET', `/v1/console/dead-letters?starting_after=${seen[0]}`, undefined, otherKey);
    expect(theirCursor.status).toBe(404);
    expect((await stack.api('GET', '/v1/console/dead-letters?limit=101')).status).toBe(400);
  });

  test("console events: each endpoint's delivery state, the same as the event's deliveries say", async () => {
    const event = await until("an event delivered to merchant-sim and dead-lettered at the other endpoint", async () => {
      const list = await stack.api('GET', `/v1/console/events?type=payment_intent.created&limit=${mine.all.length}`);
      expect(list.status).toBe(200);
      const found = list.body.data.find((item: any) => item.event.data.object.id === mine.ada);
      const states = Object.fromEntries((found?.deliveries ?? []).map((d: any) => [d.endpoint.id, d.state]));
      return states[liveEndpoint] === 'delivered' && states[deadEndpoint.id] === 'dead_lettered' ? found : null;
    });
    expect(event).toMatchObject({ object: 'console_event', event: { object: 'event', type: 'payment_intent.created' } });
    expect(event.deliveries.find((d: any) => d.endpoint.id === deadEndpoint.id)).toEqual({ delivery_id: expect.stringMatching(/^del_/), endpoint: deadEndpoint, attempts: 3, state: 'dead_lettered', next_retry_at: null });
    const deliveries = await stack.api('GET', `/v1/events/${event.event.id}/deliveries`);
    expect(event.deliveries.map((d: any) => [d.delivery_id, d.state, d.attempts])).toEqual(deliveries.body.deliveries.map((d: any) => [d.delivery_id, d.state, d.attempts]));

    // The same page as /v1/events, paged the same way; its filters and its refusals too.
    // (A dispute's later notices may still land between two reads: the pages agree once nothing moves.)
    const samePage = async (query: string): Promise<boolean> => {
      const [events, consoleEvents] = await Promise.all([stack.api('GET', `/v1/events?${query}`), stack.api('GET', `/v1/console/events?${query}`)]);
      return events.body.data.length > 0 && JSON.stringify(consoleEvents.body.data.map((item: any) => item.event)) === JSON.stringify(events.body.data);
    };
    await until('the first page to be /v1/events\'s', () => samePage('limit=3'));
    const third = (await stack.api('GET', '/v1/events?limit=3')).body.data[2].id as string;
    await until('the next page to be /v1/events\'s', () => samePage(`limit=3&starting_after=${third}`));
    const refunds = await stack.api('GET', '/v1/console/events?type=refund.*');
    expect(refunds.body.data.length).toBeGreaterThan(0);
    expect(refunds.body.data.every((item: any) => item.event.type.startsWith('refund.'))).toBe(true);
    const unknown = await stack.api('GET', '/v1/console/events?starting_after=evt_00000000000000000000000000');
    expect({ status: unknown.status, param: unknown.body.error.param }).toEqual({ status: 404, param: 'starting_after' });
    expect((await stack.api('GET', '/v1/console/events', undefined, otherKey)).body.data.every((item: any) => theirs.all.includes(item.event.data.object.id))).toBe(true);
  });

  test('search finds each kind by id, payments by email and last 4, and never another merchant’s', async () => {
    const search = async (q: string, key?: string): Promise<any[]> => {
      const answer = await stack.api('GET', `/v1/console/search?q=${encodeURIComponent(q)}`, undefined, key);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ object: 'list', url: '/v1/console/search' });
      expect(findPans(JSON.stringify(answer.body))).toEqual([]);
      return answer.body.data;
    };
    const ids = (hits: any[]): string[] => hits.map((hit) => hit.id);

    const payment = await search(mine.ada);
    expect(payment).toEqual([{ object: 'search_result', kind: 'payment_intent', id: mine.ada, payment_intent: mine.ada, status: 'captured', amount: 2_500, currency: 'USD', created: expect.any(Number), summary: 'Ada@Example.com · visa ••4242', matched: 'id' }]);
    // Ids sort by time: the first 8 characters name every payment of the last hours, only the merchant's.
    const prefixed = ids(await search(mine.ada.slice(0, 8)));
    expect(prefixed).toContain(mine.ada);
    expect(prefixed.every((id) => mine.all.includes(id))).toBe(true);
    expect(ids(await search(mine.ada.slice(0, 20)))).toContain(mine.ada);
    expect(await search(mine.ada.slice(0, 7))).toEqual([]);
    const refund = await search(mine.refund);
    expect(refund).toEqual([expect.objectContaining({ kind: 'refund', id: mine.refund, payment_intent: mine.refunded, amount: 1_000, matched: 'id' })]);
    expect(refund[0].summary).toBe(`${refund[0].status} · requested_by_customer`);
    expect(await search(mine.dispute)).toEqual([expect.objectContaining({ kind: 'dispute', id: mine.dispute, payment_intent: mine.disputed, matched: 'id' })]);
    const event = (await stack.api('GET', `/v1/events?payment_intent=${mine.grace}&type=payment_intent.created`)).body.data[0].id as string;
    expect(await search(event)).toEqual([expect.objectContaining({ kind: 'event', id: event, payment_intent: mine.grace, summary: 'payment_intent.created', matched: 'id' })]);
    expect(ids(await search(event.slice(0, 12)))).toContain(event);

    // Emails: any part, any case; last 4: the merchant's cards only, newest first.
    expect(ids(await search('ada@EXAMPLE'))).toEqual([mine.ada]);
    expect((await search('@example.com')).every((hit) => hit.matched === 'email' && mine.all.includes(hit.id))).toBe(true);
    expect(ids(await search('4444'))).toEqual([mine.grace]);
    const visas = await search('4242');
    expect(ids(visas)).toEqual([mine.refunded, mine.large, mine.ada]);
    expect(visas.every((hit) => hit.matched === 'last4')).toBe(true);

    // Another merchant's objects: not found by id, email or card; found with its own key.
    expect(await search(theirs.ada)).toEqual([]);
    expect(ids(await search(theirs.ada, otherKey))).toEqual([theirs.ada]);
    expect(ids(await search('4242', otherKey))).toEqual([theirs.large, theirs.ada]);
    expect(await search(mine.refund, otherKey)).toEqual([]);
    expect(await search(mine.dispute, otherKey)).toEqual([]);
    expect(await search(event, otherKey)).toEqual([]);

    const limited = await stack.api('GET', '/v1/console/search?q=%40example.com&limit=2');
    expect({ n: limited.body.data.length, has_more: limited.body.has_more }).toEqual({ n: 2, has_more: true });
    for (const q of ['', '%20%20', 'x'.repeat(201)]) {
      const refused = await stack.api('GET', `/v1/console/search?q=${q}`);
      expect({ q, status: refused.status, param: refused.body.error?.param }).toEqual({ q, status: 400, param: 'q' });
    }
    const missing = await stack.api('GET', '/v1/console/search');
    expect({ status: missing.status, code: missing.body.error.code }).toEqual({ status: 400, code: 'parameter_missing' });
  });

  test('the pulse stays while nothing happens, and moves with a payment and an endpoint change', async () => {
    const pulse = async (): Promise<string> => {
      const answer = await stack.api('GET', '/v1/console/pulse');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ object: 'pulse', cursor: expect.any(String) });
      return answer.body.cursor as string;
    };
    // Whatever is still in flight (the dispute's later notices) settles first.
    let quiet = await pulse();
    await until('a quiet second', async () => {
      await sleep(1_000);
      const now = await pulse();
      const same = now === quiet;
      quiet = now;
      return same;
    });
    for (let read = 0; read < 3; read++) {
      await sleep(300);
      expect(await pulse()).toBe(quiet);
    }
    await stack.pay('4242424242424242', 1_100, { customer: { email: 'pulse@example.com' } });
    const afterPayment = await pulse();
    expect(afterPayment).not.toBe(quiet);

    await until('the new payment’s deliveries to finish', async () => {
      const before = await pulse();
      await sleep(1_000);
      return (await pulse()) === before;
    });
    const beforeChange = await pulse();
    expect((await stack.api('POST', `/v1/webhook-endpoints/${deadEndpoint.id}`, { description: 'nobody listens here' })).status).toBe(200);
    expect(await pulse()).not.toBe(beforeChange);
  });

  test("a day's report: the merchant's items with every other item counted, every item for the admin", async () => {
    const pulse = async (): Promise<string> => (await stack.api('GET', '/v1/console/pulse')).body.cursor as string;
    const beforeFiles = await pulse();
    for (const step of [`/admin/bank-statements/${today}`, `/admin/jobs/settlement/${today}`, `/admin/jobs/reconciliation/${today}`]) {
      const ran = await stack.admin('POST', step);
      expect({ step, status: ran.status }).toEqual({ step, status: step.startsWith('/admin/bank') ? 201 : 200 });
    }
    // The files written move the pulse too (the settlements page follows them).
    expect(await pulse()).not.toBe(beforeFiles);
    const file = JSON.parse(readFileSync(path.join(stack.dataDir, 'reports', `reconciliation_report_${today}.json`), 'utf8')) as { items: ReportItem[]; items_truncated: boolean };
    expect(file.items_truncated).toBe(false);
    const ownerOf = (item: ReportItem): string | null => item.ledger?.merchant ?? (mine.all.includes(item.payment_id) ? 'm_demo' : theirs.all.includes(item.payment_id) ? otherMerchant : null);
    const unexpected = file.items.filter((item) => item.status === 'unexpected_at_bank');
    // The bank's own rows name payments the ledger never saw: nobody's.
    expect(unexpected.length).toBeGreaterThanOrEqual(2);
    expect(unexpected.every((item) => ownerOf(item) === null)).toBe(true);
    const myItems = file.items.filter((item) => ownerOf(item) === 'm_demo');
    expect(myItems.length).toBeGreaterThan(0);
    expect(file.items.some((item) => ownerOf(item) === otherMerchant)).toBe(true);
    const counts: Record<string, number> = {};
    for (const item of file.items) counts[item.status] = (counts[item.status] ?? 0) + 1;

    const day = await stack.api('GET', `/v1/settlements/${today}`);
    expect(day.status).toBe(200);
    const report = day.body.report;
    expect(report).toMatchObject({ scope: 'merchant', report_items: file.items.length, other_items: file.items.length - myItems.length, items_truncated: false });
    expect(report.other_items).toBeGreaterThanOrEqual(unexpected.length + 1);
    expect(report.items.map((item: ReportItem) => item.payment_id).sort()).toEqual(myItems.map((item) => item.payment_id).sort());
    expect(report.items.every((item: ReportItem) => item.merchant === 'm_demo')).toBe(true);
    expect(report.report_mismatches).toEqual({ missing_at_bank: 0, unexpected_at_bank: 0, currency_mismatch: 0, amount_mismatch: 0, fee_mismatch: 0, ...counts });
    expect(report.mismatches.unexpected_at_bank).toBe(0);
    expect(report.mismatches.amount_mismatch).toBe(myItems.filter((item) => item.status === 'amount_mismatch').length);
    expect(day.body.payouts.length).toBeGreaterThan(0);
    expect(day.body.payouts.every((p: { merchant: string }) => p.merchant === 'm_demo')).toBe(true);

    const whole = await stack.admin('GET', `/admin/settlements/${today}`);
    expect(whole.status).toBe(200);
    expect(whole.body.report).toMatchObject({ scope: 'all', report_items: file.items.length, other_items: 0, mismatches: report.report_mismatches, report_mismatches: report.report_mismatches });
    expect(whole.body.report.items.map((item: ReportItem) => [item.payment_id, item.merchant])).toEqual(file.items.map((item) => [item.payment_id, ownerOf(item)]));
    expect(new Set(whole.body.payouts.map((p: { merchant: string }) => p.merchant))).toEqual(new Set(['m_demo', otherMerchant]));
    expect((await stack.api('GET', `/admin/settlements/${today}`)).status).toBe(401);

    const days = await stack.admin('GET', '/admin/settlements');
    const listed = days.body.data.find((d: { date: string }) => d.date === today);
    expect(new Set(listed.payouts.map((p: { merchant: string }) => p.merchant))).toEqual(new Set(['m_demo', otherMerchant]));
    const merchantDays = await stack.api('GET', '/v1/settlements');
    expect(merchantDays.body.data.find((d: { date: string }) => d.date === today).payouts.every((p: { merchant: string }) => p.merchant === 'm_demo')).toBe(true);
  }, 120_000);

  test("the processors' health states the breaker's rule", async () => {
    const health = await stack.api('GET', '/v1/providers/health');
    expect(health.status).toBe(200);
    for (const provider of health.body.data) expect(provider).toMatchObject({ requests_min: 3, error_rate_max: 0.4 });
  });

  // Last: its payments would be in the lists the tests above count.
  test("the escrows' custody balance: what open escrows hold per currency, the merchant's own only; search finds an escrow by its id", async () => {
    const custody = async (key?: string): Promise<any> => {
      const answer = await stack.api('GET', '/v1/console/escrow-custody', undefined, key);
      expect(answer.status).toBe(200);
      return answer.body;
    };
    const none = { object: 'escrow_custody', open_escrows: 0, by_status: { awaiting_payment: 0, in_custody: 0, disputed: 0 }, in_custody: [] };
    expect(await custody()).toEqual(none);
    const brl = await stack.escrow([{ payee: 'seller_1', role: 'seller', amount: 9_000 }, { payee: 'platform', role: 'platform_fee', amount: 1_000 }], '4242424242424242');
    const eur = await stack.escrow([{ payee: 'seller_2', role: 'seller', amount: 5_000 }], '4242424242424242', { currency: 'eur' });
    const disputed = await stack.escrow([{ payee: 'seller_4', role: 'seller', amount: 1_500 }], '4242424242424242');
    await stack.escrow([{ payee: 'seller_3', role: 'seller', amount: 700 }], null);
    const theirs = await stack.escrow([{ payee: 'seller_1', role: 'seller', amount: 2_000 }], '4242424242424242', {}, otherKey);
    expect((await stack.api('POST', `/v1/escrows/${brl.id}/release`, { approver: 'ops', payees: [{ payee: 'seller_1', amount: 3_000 }] })).status).toBe(200);
    expect((await stack.api('POST', `/v1/escrows/${disputed.id}/dispute`, { reason: 'not delivered' })).status).toBe(200);

    // Largest first; a disputed escrow's money is still in custody; an unpaid one is open and holds nothing.
    expect(await custody()).toEqual({ object: 'escrow_custody', open_escrows: 4, by_status: { awaiting_payment: 1, in_custody: 2, disputed: 1 },
      in_custody: [{ currency: 'BRL', amount: 8_500, escrows: 2 }, { currency: 'EUR', amount: 5_000, escrows: 1 }] });
    expect(await custody(otherKey)).toEqual({ ...none, open_escrows: 1, by_status: { awaiting_payment: 0, in_custody: 1, disputed: 0 }, in_custody: [{ currency: 'BRL', amount: 2_000, escrows: 1 }] });
    // A closed escrow holds nothing and is not open.
    expect((await stack.api('POST', `/v1/escrows/${eur.id}/refund`, { approver: 'ops' })).body.status).toBe('refunded');
    expect(await custody()).toMatchObject({ open_escrows: 3, in_custody: [{ currency: 'BRL', amount: 8_500, escrows: 2 }] });

    const search = async (q: string, key?: string): Promise<any[]> => (await stack.api('GET', `/v1/console/search?q=${encodeURIComponent(q)}`, undefined, key)).body.data;
    expect(await search(brl.id)).toEqual([{ object: 'search_result', kind: 'escrow', id: brl.id, payment_intent: brl.payment_intent, status: 'in_custody', amount: 10_000, currency: 'BRL', created: brl.created, summary: '2 payees: seller_1, platform', matched: 'id' }]);
    const prefixed = (await search(brl.id.slice(0, 12))).map((hit) => hit.id);
    expect(prefixed).toContain(brl.id);
    expect(prefixed).not.toContain(theirs.id);
    expect(await search(brl.id, otherKey)).toEqual([]);
    expect((await search(theirs.id, otherKey)).map((hit) => hit.id)).toEqual([theirs.id]);
  });
});
