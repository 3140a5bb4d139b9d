import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { makeTempDataDir, testEnv } from '@payrail/testing';
import { DEMO_KEY, openGateway, type Harness } from '../testing/gatewayHarness';

const ADMIN = { 'X-Admin-Token': testEnv('').ADMIN_TOKEN as string };

describe('merchants and API keys', () => {
  let dir: string;
  let cleanup: () => void;
  let gw: Harness;
  beforeEach(async () => {
    ({ dir, cleanup } = makeTempDataDir('merchants'));
    gw = await openGateway(dir);
  });
  afterEach(async () => {
    await gw.close();
    cleanup();
  });

  it('admin routes need the admin token', async () => {
    const res = await request(gw.app).post('/admin/merchants').send({ name: 'Shop' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('admin_token_invalid');
  });

  it('creates a merchant whose key works, is stored only as a keyed hash, and sees only its own payments', async () => {
    const created = await request(gw.app).post('/admin/merchants').set(ADMIN).send({ name: 'Shop' });
    expect(created.status).toBe(200);
    const key = created.body.api_key as string;
    expect(key).toMatch(/^sk_test_[0-9a-f]{40}$/);
    const files = (await fs.readFile(path.join(dir, 'gateway/merchants.jsonl'), 'utf8')) + (await fs.readFile(path.join(dir, 'gateway/merchants.json'), 'utf8'));
    expect(files).not.toContain(key);
    expect(files).not.toContain(DEMO_KEY);
    expect(files).toContain('hmac-sha256:');

    const mine = await request(gw.app).post('/v1/payment-intents').set('Authorization', `Bearer ${key}`).set('Idempotency-Key', 'a').send({ amount: 100, currency: 'usd' });
    expect(mine.status).toBe(200);
    expect(mine.body.merchant).toBe(created.body.id);
    const demoView = await request(gw.app).get(`/v1/payment-intents/${mine.body.id}`).set('Authorization', `Bearer ${DEMO_KEY}`);
    expect(demoView.status).toBe(404);
  });

  it('rotates a key: the old one works during the grace period, then stops', async () => {
    const created = await request(gw.app).post('/admin/merchants').set(ADMIN).send({ name: 'Shop' });
    const oldKey = created.body.api_key as string;
    const rotated = await request(gw.app).post(`/admin/merchants/${created.body.id}/rotate-key`).set(ADMIN).send({ grace_ms: 60_000 });
    expect(rotated.status).toBe(200);
    const newKey = rotated.body.api_key as string;
    for (const key of [oldKey, newKey]) expect((await request(gw.app).get('/v1/payment-intents').set('Authorization', `Bearer ${key}`)).status).toBe(200);

    await request(gw.app).post(`/admin/merchants/${created.body.id}/rotate-key`).set(ADMIN).send({ grace_ms: 0 });
    for (const key of [oldKey, newKey]) expect((await request(gw.app).get('/v1/payment-intents').set('Authorization', `Bearer ${key}`)).status).toBe(401);
  });

  it('refuses bad admin input and unknown merchants', async () => {
    expect((await request(gw.app).post('/admin/merchants').set(ADMIN).send({})).body.error).toMatchObject({ code: 'parameter_missing', param: 'name' });
    expect((await request(gw.app).post('/admin/merchants/m_00000000000000000000000000/rotate-key').set(ADMIN).send({})).status).toBe(404);
  });
});
