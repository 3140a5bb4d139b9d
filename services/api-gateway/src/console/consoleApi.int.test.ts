import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir, testEnv } from '@payrail/testing';
import request from 'supertest';
import { DEMO_KEY, openGateway, type Harness } from '../testing/gatewayHarness';

// Given a gateway on real files with two merchants' payments, the console's own routes answer each
// merchant only about its own objects: the search box, the pulse that drives live updates, and a day's
// reconciliation report scoped to the merchant (with the others counted) or whole for the admin.

const DATE = '2026-11-30';

describe('the console API', () => {
  let gw: Harness;
  let cleanup: () => void;
  let dir: string;
  const auth = { authorization: `Bearer ${DEMO_KEY}` };
  const admin = { 'x-admin-token': testEnv('').ADMIN_TOKEN as string };
  let other: { authorization: string };
  const mine: string[] = [];
  let theirs = '';

  const pay = async (headers: Record<string, string>, email: string, key: string): Promise<string> => {
    const created = await request(gw.app).post('/v1/payment-intents').set(headers).set('idempotency-key', key).send({ amount: 1_000, currency: 'usd', customer: { email } });
    expect(created.status).toBe(200);
    return created.body.id as string;
  };

  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('console-api'));
    gw = await openGateway(dir);
    const merchant = await request(gw.app).post('/admin/merchants').set(admin).set('idempotency-key', 'm-2').send({ name: 'Other shop' });
    expect(merchant.status).toBe(200);
    other = { authorization: `Bearer ${merchant.body.api_key as string}` };
    mine.push(await pay(auth, 'ada@example.com', 'p-1'), await pay(auth, 'Grace.Hopper@Example.com', 'p-2'));
    theirs = await pay(other, 'ada@example.com', 'p-3');
  });

  afterAll(async () => {
    await gw.close();
    cleanup();
  });

  const search = (q: string, headers = auth) => request(gw.app).get('/v1/console/search').query({ q }).set(headers);

  test('search: an id, its first 8+ characters, any part of an email; never another merchant’s', async () => {
    const [ada, grace] = mine as [string, string];
    expect((await search(ada)).body.data.map((hit: { id: string; matched: string }) => [hit.id, hit.matched])).toEqual([[ada, 'id']]);
    const prefix = await search(ada.slice(0, 12));
    expect(prefix.body.data.map((hit: { id: string }) => hit.id)).toContain(ada);
    expect((await search('pi_1')).body.data).toEqual([]);
    expect((await search('grace.hopper@')).body.data.map((hit: { id: string }) => hit.id)).toEqual([grace]);
    const adas = await search('ADA@example.com');
    expect(adas.body.data.map((hit: { id: string }) => hit.id)).toEqual([ada]);
    expect(adas.body.data[0]).toMatchObject({ object: 'search_result', kind: 'payment_intent', amount: 1_000, currency: 'USD', summary: 'ada@example.com', matched: 'email' });
    expect((await search(theirs)).body.data).toEqual([]);
    expect((await search(theirs, other)).body.data.map((hit: { id: string }) => hit.id)).toEqual([theirs]);
    const events = await request(gw.app).get('/v1/events').query({ payment_intent: ada }).set(auth);
    const event = events.body.data[0].id as string;
    expect((await search(event)).body.data).toEqual([expect.objectContaining({ kind: 'event', id: event, payment_intent: ada, matched: 'id' })]);
    for (const q of ['', '   ', 'x'.repeat(201)]) {
      const refused = await search(q);
      expect({ q, status: refused.status, param: refused.body.error?.param }).toEqual({ q, status: 400, param: 'q' });
    }
  });

  test('the pulse stays while nothing happens and moves with the ledger', async () => {
    const pulse = async (): Promise<string> => (await request(gw.app).get('/v1/console/pulse').set(auth).expect(200)).body.cursor as string;
    const before = await pulse();
    expect(await pulse()).toBe(before);
    await pay(auth, 'live@example.com', 'p-4');
    expect(await pulse()).not.toBe(before);
  });

  test('the dead-letter queue counts its total, and refuses a cursor it does not hold', async () => {
    const empty = await request(gw.app).get('/v1/console/dead-letters').set(auth).expect(200);
    expect(empty.body).toMatchObject({ object: 'list', data: [], has_more: false, total: 0 });
    const refused = await request(gw.app).get('/v1/console/dead-letters').query({ starting_after: 'del_00000000000000000000000000' }).set(auth);
    expect(refused.status).toBe(404);
    expect(refused.body.error.param).toBe('starting_after');
  });

  test("a day's report: the merchant's items with the others counted, every item for the admin", async () => {
    const [ada] = mine as [string];
    const ledgerSide = (id: string, merchant: string) => ({ payment_id: id, merchant, currency: 'usd', gross: 1_000, fee: 59, net: 941 });
    const bankSide = (id: string, gross: number) => ({ payment_id: id, currency: 'usd', gross, fee: 59, net: gross - 59 });
    const report = {
      status: 'unbalanced', generated_at: `${DATE}T23:59:00.000Z`, run_id: 'run_1', bank: { present: true, rows: 4 },
      items: [
        { payment_id: ada, status: 'amount_mismatch', ledger: ledgerSide(ada, 'm_demo'), bank: bankSide(ada, 999) },
        { payment_id: theirs, status: 'amount_mismatch', ledger: ledgerSide(theirs, 'other'), bank: bankSide(theirs, 999) },
        { payment_id: 'pi_nobodyknowsthis000000000', status: 'unexpected_at_bank', ledger: null, bank: bankSide('pi_nobodyknowsthis000000000', 500) },
      ],
      items_truncated: false,
    };
    mkdirSync(path.join(dir, 'reports'), { recursive: true });
    writeFileSync(path.join(dir, 'reports', `reconciliation_report_${DATE}.json`), JSON.stringify(report));

    const merchant = (await request(gw.app).get(`/v1/settlements/${DATE}`).set(auth).expect(200)).body.report;
    expect(merchant).toMatchObject({ scope: 'merchant', report_items: 3, other_items: 2 });
    expect(merchant.items.map((item: { payment_id: string; merchant: string }) => [item.payment_id, item.merchant])).toEqual([[ada, 'm_demo']]);
    expect(merchant.mismatches).toMatchObject({ amount_mismatch: 1, unexpected_at_bank: 0 });
    expect(merchant.report_mismatches).toMatchObject({ amount_mismatch: 2, unexpected_at_bank: 1 });

    const all = (await request(gw.app).get(`/admin/settlements/${DATE}`).set(admin).expect(200)).body.report;
    expect(all).toMatchObject({ scope: 'all', report_items: 3, other_items: 0, mismatches: { amount_mismatch: 2, unexpected_at_bank: 1 } });
    expect(all.items.map((item: { merchant: string | null }) => item.merchant)).toEqual(['m_demo', 'other', null]);
    expect((await request(gw.app).get(`/admin/settlements/${DATE}`).set(auth)).status).toBe(401);
    const days = await request(gw.app).get('/admin/settlements').set(admin).expect(200);
    expect(days.body.data.map((day: { date: string }) => day.date)).toEqual([DATE]);
  });
});
