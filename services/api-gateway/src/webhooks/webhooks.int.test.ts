import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { filesUnder, makeTempDataDir, testEnv } from '@payrail/testing';
import { DEMO_KEY, openGateway, type Harness } from '../testing/gatewayHarness';
import { ENDPOINTS_PER_MERCHANT_MAX } from './endpointStore';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
const ADMIN = { 'X-Admin-Token': testEnv('').ADMIN_TOKEN as string };
const INTERNAL = { 'X-Internal-Token': testEnv('').INTERNAL_TOKEN as string };
const valid = { url: 'https://shop.example/hooks/payrail', enabled_events: ['payment_intent.*', 'refund.succeeded'], description: 'orders' };


describe('webhook endpoints API', () => {
  let dir: string;
  let cleanup: () => void;
  let gw: Harness;
  beforeEach(async () => {
    ({ dir, cleanup } = makeTempDataDir('gateway-webhooks'));
    gw = await openGateway(dir, { env: { LEDGER_URL: 'http://127.0.0.1:9' } });
  });
  afterEach(async () => {
    await gw.close();
    cleanup();
  });

  const create = (body: unknown, key = DEMO_KEY) => request(gw.app).post('/v1/webhook-endpoints').set(auth(key)).send(body as object);

  it('creates an endpoint and shows its whsec_ secret once; no file holds the secret', async () => {
    const res = await create(valid);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'webhook_endpoint', url: valid.url, enabled_events: valid.enabled_events, description: 'orders', status: 'enabled', secrets: [{ id: 'sec_1', status: 'active', expires_at: null }] });
    expect(res.body.id).toMatch(/^we_[0-9a-z]{26}$/);
    const secret = res.body.secret as string;
    expect(Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).toHaveLength(32);

    const read = await request(gw.app).get(`/v1/webhook-endpoints/${res.body.id}`).set(auth(DEMO_KEY));
    expect(read.body.secret).toBeUndefined();
    const listed = await request(gw.app).get('/v1/webhook-endpoints').set(auth(DEMO_KEY));
    expect(listed.body).toMatchObject({ object: 'list', data: [{ id: res.body.id }], has_more: false });
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');

    const snapshot = JSON.parse(readFileSync(path.join(dir, 'gateway/webhook_endpoints.json'), 'utf8'));
    expect(snapshot[res.body.id]).toMatchObject({ url: valid.url, merchant: 'm_demo', deleted: false });
    const body = secret.slice('whsec_'.length);
    for (const file of filesUnder(dir)) expect({ file, leaks: readFileSync(file, 'utf8').includes(body) }).toEqual({ file, leaks: false });
    expect(gw.logLines.join('')).not.toContain(body);
  });

  it.each([
    ['no url', { enabled_events: ['*'] }, 'parameter_missing', 'url'],
    ['an ftp url', { ...valid, url: 'ftp://shop.example/hooks' }, 'parameter_invalid', 'url'],
    ['a relative url', { ...valid, url: '/hooks/payrail' }, 'parameter_invalid', 'url'],
    ['a url with credentials', { ...valid, url: 'https://user:pass@shop.example/hooks' }, 'parameter_invalid', 'url'],
    ['no events', { ...valid, enabled_events: [] }, 'parameter_invalid', 'enabled_events'],
    ['an unknown event type', { ...valid, enabled_events: ['payment_intent.exploded'] }, 'parameter_invalid', 'enabled_events'],
    ['an unknown domain', { ...valid, enabled_events: ['charge.*'] }, 'parameter_invalid', 'enabled_events'],
    ['an unknown field', { ...valid, secret: 'whsec_mine' }, 'parameter_unknown', 'secret'],
  ])('refuses %s with a 400 naming the param, and writes nothing', async (_name, body, code, param) => {
    const before = readFileSync(path.join(dir, 'gateway/webhook_endpoints.jsonl'), 'utf8');
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code, param });
    expect(readFileSync(path.join(dir, 'gateway/webhook_endpoints.jsonl'), 'utf8')).toBe(before);
  });

  it(`limits a merchant to ${ENDPOINTS_PER_MERCHANT_MAX} endpoints`, async () => {
    for (let i = 0; i < ENDPOINTS_PER_MERCHANT_MAX; i++) expect((await create({ ...valid, url: `https://shop.example/${i}` })).status).toBe(200);
    const res = await create(valid);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'parameter_invalid', param: 'url' });
  });

  it('replays a creation with the same Idempotency-Key (same secret), refuses the key with another body', async () => {
    const first = await create(valid).set('Idempotency-Key', 'endpoint-1');
    const again = await create(valid).set('Idempotency-Key', 'endpoint-1');
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.text).toBe(first.text);
    const other = await create({ ...valid, url: 'https://other.example/hooks' }).set('Idempotency-Key', 'endpoint-1');
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ code: 'idempotency_key_reused', param: 'Idempotency-Key' });
    expect((await request(gw.app).get('/v1/webhook-endpoints').set(auth(DEMO_KEY))).body.data).toHaveLength(1);
  });

  it('rotates the secret: the new one is shown once, the old one expires after the grace period', async () => {
    const created = await create(valid);
    const before = Date.now();
    const rotated = await request(gw.app).post(`/v1/webhook-endpoints/${created.body.id}/rotate-secret`).set(auth(DEMO_KEY)).send({ expires_in_ms: 3_600_000 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const [old, current] = rotated.body.secrets;
    expect(old).toMatchObject({ id: 'sec_1', status: 'expiring' });
    expect(old.expires_at).toBeGreaterThanOrEqual(Math.floor((before + 3_600_000) / 1000) - 1);
    expect(current).toMatchObject({ id: 'sec_2', status: 'active', expires_at: null });
    const now = await request(gw.app).post(`/v1/webhook-endpoints/${created.body.id}/rotate-secret`).set(auth(DEMO_KEY)).send({ expires_in_ms: 0 });
    expect(now.body.secrets.map((s: { status: string }) => s.status)).toEqual(['expired', 'expired', 'active']);
    const tooLong = await request(gw.app).post(`/v1/webhook-endpoints/${created.body.id}/rotate-secret`).set(auth(DEMO_KEY)).send({ expires_in_ms: 31 * 86_400_000 });
    expect(tooLong.body.error).toMatchObject({ code: 'parameter_invalid', param: 'expires_in_ms' });
  });

  it('updates, disables and re-enables an endpoint; the dispatcher can disable it (410) through the internal route', async () => {
    const { body: endpoint } = await create(valid);
    const path_ = `/v1/webhook-endpoints/${endpoint.id}`;
    const updated = await request(gw.app).post(path_).set(auth(DEMO_KEY)).send({ url: 'http://127.0.0.1:8084/webhooks/local', enabled_events: ['*'], disabled: true });
    expect(updated.body).toMatchObject({ url: 'http://127.0.0.1:8084/webhooks/local', enabled_events: ['*'], status: 'disabled', disabled_reason: 'requested' });
    expect((await request(gw.app).post(path_).set(auth(DEMO_KEY)).send({ disabled: false })).body).toMatchObject({ status: 'enabled', disabled_reason: null });

    expect((await request(gw.app).post(`/internal/webhook-endpoints/${endpoint.id}/disable`).send({ reason: 'gone' })).status).toBe(401);
    const gone = await request(gw.app).post(`/internal/webhook-endpoints/${endpoint.id}/disable`).set(INTERNAL).send({ reason: 'gone', status_code: 410 });
    expect(gone.body).toMatchObject({ status: 'disabled', disabled_reason: 'gone' });
    const lines = readFileSync(path.join(dir, 'gateway/webhook_endpoints.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).type);
    expect(lines).toEqual(['webhook_endpoint.created', 'webhook_endpoint.updated', 'webhook_endpoint.disabled', 'webhook_endpoint.enabled', 'webhook_endpoint.disabled']);
  });

  it('deletes an endpoint: it disappears from the API, the journal keeps its history', async () => {
    const { body: endpoint } = await create(valid);
    const deleted = await request(gw.app).delete(`/v1/webhook-endpoints/${endpoint.id}`).set(auth(DEMO_KEY));
    expect(deleted.body).toEqual({ id: endpoint.id, object: 'webhook_endpoint', deleted: true });
    expect((await request(gw.app).get(`/v1/webhook-endpoints/${endpoint.id}`).set(auth(DEMO_KEY))).status).toBe(404);
    expect((await request(gw.app).delete(`/v1/webhook-endpoints/${endpoint.id}`).set(auth(DEMO_KEY))).status).toBe(404);
    expect(readFileSync(path.join(dir, 'gateway/webhook_endpoints.jsonl'), 'utf8')).toContain('webhook_endpoint.deleted');
  });

  it('one merchant never sees or changes another merchant’s endpoints or events', async () => {
    const other = (await request(gw.app).post('/admin/merchants').set(ADMIN).send({ name: 'Other shop' })).body.api_key as string;
    const { body: mine } = await create(valid);
    const pi = await request(gw.app).post('/v1/payment-intents').set(auth(DEMO_KEY)).set('Idempotency-Key', 'order-1').send({ amount: 500, currency: 'eur' });
    const events = await request(gw.app).get('/v1/events').set(auth(DEMO_KEY));
    const eventId = events.body.data[0].id;

    expect((await request(gw.app).get('/v1/webhook-endpoints').set(auth(other))).body.data).toEqual([]);
    for (const [method, url] of [['get', `/v1/webhook-endpoints/${mine.id}`], ['delete', `/v1/webhook-endpoints/${mine.id}`], ['post', `/v1/webhook-endpoints/${mine.id}/rotate-secret`], ['get', `/v1/events/${eventId}`], ['get', `/v1/events/${eventId}/deliveries`], ['post', `/v1/events/${eventId}/retry`]] as const) {
      const res = await request(gw.app)[method](url).set(auth(other)).send({});
      expect({ url, status: res.status, code: res.body.error?.code }).toEqual({ url, status: 404, code: 'resource_missing' });
    }
    expect((await request(gw.app).get('/v1/events').set(auth(other))).body.data).toEqual([]);
    expect((await request(gw.app).get(`/v1/events?payment_intent=${pi.body.id}`).set(auth(other))).body.data).toEqual([]);
  });
});

describe('events API', () => {
  let dir: string;
  let cleanup: () => void;
  let gw: Harness;
  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('gateway-events'));
    gw = await openGateway(dir, { env: { LEDGER_URL: 'http://127.0.0.1:9' } });
  });
  afterAll(async () => {
    await gw.close();
    cleanup();
  });

  const pay = async (amount: number) => (await request(gw.app).post('/v1/payment-intents').set(auth(DEMO_KEY)).set('Idempotency-Key', `order-${amount}`).send({ amount, currency: 'usd', metadata: { n: String(amount) } })).body;

  it('lists the merchant’s events newest first as their webhook bodies, with filters and cursor pagination', async () => {
    const intents = [];
    for (const amount of [100, 200, 300]) intents.push(await pay(amount));
    const all = await request(gw.app).get('/v1/events').set(auth(DEMO_KEY));
    expect(all.status).toBe(200);
    expect(all.body.data.map((e: { data: { object: { amount: number } } }) => e.data.object.amount)).toEqual([300, 200, 100]);
    const first = all.body.data[2];
    expect(first).toEqual({
      id: expect.stringMatching(/^evt_[0-9a-z]{26}$/),
      object: 'event',
      type: 'payment_intent.created',
      created: expect.any(Number),
      api_version: '2026-11-01',
      livemode: false,
      data: { object: expect.objectContaining({ id: intents[0].id, object: 'payment_intent', status: 'created', amount: 100, metadata: { n: '100' } }) },
    });
    // The id is the journal's event_id: stable across reads.
    const line = JSON.parse(readFileSync(path.join(dir, 'ledger/payments.jsonl'), 'utf8').split('\n')[0] as string);
    expect(first.id).toBe(line.event_id);
    expect((await request(gw.app).get(`/v1/events/${first.id}`).set(auth(DEMO_KEY))).body).toEqual(first);

    const page1 = await request(gw.app).get('/v1/events?limit=2').set(auth(DEMO_KEY));
    expect(page1.body).toMatchObject({ has_more: true });
    const page2 = await request(gw.app).get(`/v1/events?limit=2&starting_after=${page1.body.data[1].id}`).set(auth(DEMO_KEY));
    expect(page2.body).toMatchObject({ has_more: false, data: [{ id: first.id }] });

    const byPayment = await request(gw.app).get(`/v1/events?payment_intent=${intents[1].id}`).set(auth(DEMO_KEY));
    expect(byPayment.body.data.map((e: { data: { object: { id: string } } }) => e.data.object.id)).toEqual([intents[1].id]);
    expect((await request(gw.app).get('/v1/events?type=payment_intent.*').set(auth(DEMO_KEY))).body.data).toHaveLength(3);
    expect((await request(gw.app).get('/v1/events?type=refund.*').set(auth(DEMO_KEY))).body.data).toEqual([]);
    expect((await request(gw.app).get(`/v1/events?created[gte]=${first.created + 3600}`).set(auth(DEMO_KEY))).body.data).toEqual([]);
    expect((await request(gw.app).get(`/v1/events?created[lte]=${first.created + 3600}&created[gte]=${first.created - 5}`).set(auth(DEMO_KEY))).body.data).toHaveLength(3);
    expect((await request(gw.app).get('/v1/events?created[gte]=yesterday').set(auth(DEMO_KEY))).body.error).toMatchObject({ code: 'parameter_invalid', param: 'created[gte]' });
  });

  it('an event has no deliveries before the dispatcher tried it; a retry needs the dispatcher (503 when it is down)', async () => {
    await pay(400);
    const event = (await request(gw.app).get('/v1/events?limit=1').set(auth(DEMO_KEY))).body.data[0];
    const deliveries = await request(gw.app).get(`/v1/events/${event.id}/deliveries`).set(auth(DEMO_KEY));
    expect(deliveries.body).toMatchObject({ object: 'list', data: [], deliveries: [] });
    const retry = await request(gw.app).post(`/v1/events/${event.id}/retry`).set(auth(DEMO_KEY)).send({});
    expect(retry.status).toBe(503);
    expect(retry.body.error).toMatchObject({ type: 'service_unavailable_error', code: 'upstream_unavailable' });
    const unknownEndpoint = await request(gw.app).post(`/v1/events/${event.id}/retry`).set(auth(DEMO_KEY)).send({ endpoint: 'we_00000000000000000000000000' });
    expect(unknownEndpoint.body.error).toMatchObject({ code: 'resource_missing', param: 'endpoint' });
    expect((await request(gw.app).get('/v1/events/evt_00000000000000000000000000').set(auth(DEMO_KEY))).status).toBe(404);
  });
});
