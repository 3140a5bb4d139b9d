import request from 'supertest';
import { makeTempDataDir } from '@payrail/testing';
import { gatewayRoutes } from '../app';
import { openApiPath } from '../http/route';
import { DEMO_KEY, openGateway, type Harness } from '../testing/gatewayHarness';

describe('OpenAPI document', () => {
  let cleanup: () => void;
  let gw: Harness;
  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = makeTempDataDir('openapi'));
    gw = await openGateway(dir);
  });
  afterAll(async () => {
    await gw.close();
    cleanup();
  });

  it('is OpenAPI 3.1 and documents every mounted route', async () => {
    const res = await request(gw.app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const mounted = gatewayRoutes(gw.deps).map((r) => `${r.method} ${openApiPath(r.path)}`);
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    for (const route of mounted) expect(documented).toContain(route);
    for (const plain of ['get /health', 'get /ready', 'get /openapi.json']) expect(documented).toContain(plain);
  });

  it('every documented route answers (never route_not_found nor method_not_allowed)', async () => {
    const doc = (await request(gw.app).get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const url = path.replace(/\{[^}]+\}/g, 'pi_00000000000000000000000000');
        const res = await (request(gw.app) as unknown as Record<string, (u: string) => request.Test>)[method]!(url)
          .set('Authorization', `Bearer ${DEMO_KEY}`)
          .send({});
        expect({ route: `${method} ${path}`, code: res.body?.error?.code }).not.toEqual({ route: `${method} ${path}`, code: 'route_not_found' });
        expect({ route: `${method} ${path}`, status: res.status }).not.toEqual({ route: `${method} ${path}`, status: 405 });
      }
    }
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await request(gw.app).get('/docs/').redirects(1);
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger-ui');
  });
});

describe('GET /metrics', () => {
  it('serves the gateway instruments in the Prometheus text format', async () => {
    const { dir, cleanup } = makeTempDataDir('metrics');
    const gw = await openGateway(dir);
    try {
      await request(gw.app).post('/v1/payment-intents').set('Authorization', `Bearer ${DEMO_KEY}`).set('Idempotency-Key', 'm1').send({ amount: 100, currency: 'usd' });
      const res = await request(gw.app).get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/plain/);
      for (const name of ['payments_total{status="created",provider="none",service="api-gateway"} 1', 'payment_duration_seconds', 'provider_requests_total', 'journal_append_seconds_count', 'journal_batch_size_bucket', 'http_request_duration_seconds_bucket']) {
        expect(res.text).toContain(name);
      }
    } finally {
      await gw.close();
      cleanup();
    }
  });
});
