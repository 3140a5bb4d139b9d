import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { makeTempDataDir, testEnv } from '@payrail/testing';
import { DEMO_KEY, openGateway, type Harness } from '../testing/gatewayHarness';

const auth = { Authorization: `Bearer ${DEMO_KEY}` };
const valid = { amount: 1099, currency: 'usd', customer: { email: 'ada@example.com' }, metadata: { order: '42' } };

describe('PaymentIntents API', () => {
  let dir: string;
  let cleanup: () => void;
  let gw: Harness;
  beforeEach(async () => {
    ({ dir, cleanup } = makeTempDataDir('gateway'));
    gw = await openGateway(dir);
  });
  afterEach(async () => {
    await gw.close();
    cleanup();
  });

  const ledgerBytes = async (): Promise<number> => (await fs.stat(path.join(dir, 'ledger/payments.jsonl'))).size;
  const create = (body: unknown, key: string | null = `k-${randomUUID()}`) => {
    const req = request(gw.app).post('/v1/payment-intents').set(auth);
    return key === null ? req.send(body as object) : req.set('Idempotency-Key', key).send(body as object);
  };

  it('given a valid body and a key, when created, then it is status created and a ledger line exists', async () => {
    const res = await create(valid, 'order-42');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'payment_intent', amount: 1099, currency: 'USD', status: 'created', metadata: { order: '42' } });
    expect(res.body.id).toMatch(/^pi_[0-9a-z]{26}$/);
    const lines = (await fs.readFile(path.join(dir, 'ledger/payments.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ type: 'payment_intent.created', ref: res.body.id, merchant_id: 'm_demo', idempotency: expect.objectContaining({ key: 'order-42' }) })]);
  });

  it('replays the same key and body byte for byte, refuses the same key with another body, and needs a key', async () => {
    const first = await create(valid, 'same');
    const again = await create(valid, 'same');
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.text).toBe(first.text);
    const other = await create({ ...valid, amount: 1 }, 'same');
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_reused', param: 'Idempotency-Key' });
    const missing = await create(valid, null);
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('idempotency_key_missing');
    expect((await fs.readFile(path.join(dir, 'ledger/payments.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('50 simultaneous identical requests with one key create exactly one PaymentIntent and get the same answer', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => create(valid, 'burst')));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
    expect((await fs.readFile(path.join(dir, 'ledger/payments.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['a float amount', { ...valid, amount: 10.5 }, 400, 'parameter_invalid', 'amount'],
    ['a string amount', { ...valid, amount: '1099' }, 400, 'parameter_invalid', 'amount'],
    ['a zero amount', { ...valid, amount: 0 }, 400, 'amount_must_be_positive', 'amount'],
    ['a negative amount', { ...valid, amount: -100 }, 400, 'amount_must_be_positive', 'amount'],
    ['a huge amount', { ...valid, amount: 1e12 }, 400, 'amount_too_large', 'amount'],
    ['an unknown currency', { ...valid, currency: 'XYZ' }, 400, 'currency_unsupported', 'currency'],
    ['a bad currency', { ...valid, currency: 'dollars' }, 400, 'parameter_invalid', 'currency'],
    ['no amount', { currency: 'usd' }, 400, 'parameter_missing', 'amount'],
    ['an unknown field', { ...valid, color: 'red' }, 400, 'parameter_unknown', 'color'],
    ['an unknown nested field', { ...valid, customer: { shoe_size: 9 } }, 400, 'parameter_unknown', 'customer.shoe_size'],
    ['a bad email', { ...valid, customer: { email: 'not-an-email' } }, 400, 'parameter_invalid', 'customer.email'],
    ['too many metadata keys', { ...valid, metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, 400, 'metadata_too_large', 'metadata'],
    ['a metadata value too long', { ...valid, metadata: { note: 'x'.repeat(501) } }, 400, 'metadata_too_large', 'metadata.note'],
    ['a non-string metadata value', { ...valid, metadata: { n: 5 } }, 400, 'parameter_invalid', 'metadata.n'],
    ['a malformed token', { ...valid, payment_method: 'card_123' }, 400, 'parameter_invalid', 'payment_method'],
    ['a card number', { ...valid, description: 'pay with 4242 4242 4242 4242' }, 400, 'raw_card_data_not_accepted', 'payment_method'],
    ['an array body', [1, 2], 400, 'parameter_invalid', 'body'],
  ])('refuses %s with a clear error naming the param, and writes nothing', async (_name, body, status, code, param) => {
    const res = await create(body);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, param, request_id: expect.stringMatching(/^req_/) });
    expect(await ledgerBytes()).toBe(0);
  });

  it('refuses malformed JSON and oversized bodies in the error shape', async () => {
    const malformed = await request(gw.app).post('/v1/payment-intents').set(auth).set('Idempotency-Key', 'm').set('content-type', 'application/json').send('{"amount": 10,');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');
    const big = await create({ ...valid, description: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('body_too_large');
    expect(await ledgerBytes()).toBe(0);
  });

  it('refuses a card number in the Idempotency-Key, which would be stored in the ledger', async () => {
    const res = await create(valid, 'order-4242424242424242');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'raw_card_data_not_accepted', param: 'Idempotency-Key' });
    expect(await ledgerBytes()).toBe(0);
  });

  it('never logs a card number sent by mistake', async () => {
    await create({ ...valid, description: '4000000000000002' });
    expect(gw.logLines.join('')).not.toContain('4000000000000002');
  });

  it('needs a valid API key', async () => {
    const none = await request(gw.app).get('/v1/payment-intents');
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ type: 'authentication_error', code: 'authentication_required' });
    const wrong = await request(gw.app).get('/v1/payment-intents').set('Authorization', 'Bearer sk_test_nope');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('api_key_invalid');
  });

  it('answers 404 for unknown ids and 409 with the current state for illegal transitions, writing nothing', async () => {
    const missing = await request(gw.app).get('/v1/payment-intents/pi_00000000000000000000000000').set(auth);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'resource_missing', param: 'id' });
    const created = await create(valid);
    const before = await ledgerBytes();
    for (const action of ['capture', 'cancel']) {
      const res = await request(gw.app).post(`/v1/payment-intents/${created.body.id}/${action}`).set(auth).send({});
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ type: 'state_error', code: 'invalid_state_transition', current_state: 'created' });
    }
    const noMethod = await request(gw.app).post(`/v1/payment-intents/${created.body.id}/confirm`).set(auth).send({});
    expect(noMethod.status).toBe(400);
    expect(noMethod.body.error).toMatchObject({ code: 'parameter_missing', param: 'payment_method' });
    expect(await ledgerBytes()).toBe(before);
  });

  it('lists newest first with filters and cursor pagination', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await create({ amount: 100 * (i + 1), currency: 'eur', customer: { email: i % 2 === 0 ? 'even@example.com' : 'odd@example.com' }, metadata: { batch: i < 3 ? 'a' : 'b' } });
      ids.push(res.body.id);
    }
    const list = (query: string) => request(gw.app).get(`/v1/payment-intents?${query}`).set(auth);
    const page1 = await list('limit=2');
    expect(page1.body.data.map((p: { id: string }) => p.id)).toEqual([ids[4], ids[3]]);
    expect(page1.body.has_more).toBe(true);
    const page2 = await list(`limit=2&starting_after=${ids[3]}`);
    expect(page2.body.data.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
    expect((await list('customer[email]=odd@example.com')).body.data).toHaveLength(2);
    expect((await list('amount[gte]=200&amount[lte]=400')).body.data).toHaveLength(3);
    expect((await list('metadata[batch]=b')).body.data.map((p: { id: string }) => p.id)).toEqual([ids[4], ids[3]]);
    expect((await list('status=created')).body.data).toHaveLength(5);
    expect((await list('status=captured')).body.data).toHaveLength(0);
    const now = Math.floor(Date.now() / 1000);
    expect((await list(`created[gte]=${now - 60}&created[lte]=${now + 60}`)).body.data).toHaveLength(5);
    expect((await list(`created[gt]=${now + 60}`)).body.data).toHaveLength(0);
    const bad = await list('limit=1000');
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('limit');
    const unknown = await list('colour=red');
    expect(unknown.body.error).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
  });

  it('after a restart, the state is what it was (full list compared)', async () => {
    for (let i = 0; i < 7; i++) await create({ amount: 500 + i, currency: 'gbp', metadata: { i: String(i) } });
    const before = (await request(gw.app).get('/v1/payment-intents?limit=100').set(auth)).text;
    await gw.close();
    await fs.rm(path.join(dir, 'gateway/idempotency_keys.json'));
    gw = await openGateway(dir);
    const after = (await request(gw.app).get('/v1/payment-intents?limit=100').set(auth)).text;
    expect(after).toBe(before);
    const snapshot = JSON.parse(await fs.readFile(path.join(dir, 'gateway/idempotency_keys.json'), 'utf8'));
    expect(Object.keys(snapshot)).toHaveLength(7);
  });

  it('rate-limits a merchant with 429 and Retry-After', async () => {
    await gw.close();
    gw = await openGateway(dir, { env: { ...testEnv(dir), DEMO_RATE_LIMIT_REQUESTS: '3' } });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await request(gw.app).get('/v1/payment-intents').set(auth);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers['retry-after'];
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
