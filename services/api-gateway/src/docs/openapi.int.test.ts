import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { exampleProblems } from '@payrail/service-kit';
import request from 'supertest';
import { REPO_ROOT, makeTempDataDir, validateOpenApiDocument } from '@payrail/testing';
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
    for (const plain of ['get /health', 'get /ready', 'get /readiness', 'get /openapi.json', 'get /redoc', 'get /redoc/redoc.standalone.js']) expect(documented).toContain(plain);
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

  it('is a valid OpenAPI 3.1 document (an independent validator), with a unique operationId on every operation', async () => {
    const doc = (await request(gw.app).get('/openapi.json')).body;
    const result = validateOpenApiDocument(doc);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every operation a named success schema and its error statuses, each in the Error shape', async () => {
    const doc = (await request(gw.app).get('/openapi.json')).body as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }> }>>; components: { schemas: Record<string, unknown>; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> } };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const statuses = Object.keys(op.responses);
        const success = statuses.filter((status) => /^2/.test(status));
        expect({ route: `${method} ${path}`, success: success.length > 0, server: statuses.includes('5XX') }).toEqual({ route: `${method} ${path}`, success: true, server: true });
        for (const status of success) {
          for (const media of Object.values(op.responses[status]?.content ?? {})) {
            expect({ route: `${method} ${path}`, schema: media.schema }).not.toEqual({ route: `${method} ${path}`, schema: { type: 'object' } });
          }
        }
        for (const status of statuses.filter((s) => /^[45]/.test(s) && !(['/ready', '/readiness'].includes(path) && s === '503'))) {
          const response = op.responses[status] as { $ref?: string; content?: Record<string, { schema?: unknown }> };
          const resolved = response.$ref === undefined ? response : doc.components.responses[response.$ref.replace('#/components/responses/', '')];
          expect({ route: `${method} ${path}`, status, schema: resolved?.content?.['application/json']?.schema }).toEqual({ route: `${method} ${path}`, status, schema: { $ref: '#/components/schemas/Error' } });
        }
        for (const status of ['400', '405', '408', '413', '415', '431']) {
          if (status.startsWith('41') && ['/health', '/ready', '/readiness', '/metrics', '/openapi.json'].includes(path)) continue;
          expect({ route: `${method} ${path}`, status, documented: statuses.includes(status) }).toEqual({ route: `${method} ${path}`, status, documented: true });
        }
      }
    }
    for (const name of ['PaymentIntent', 'Refund', 'Dispute', 'Event', 'WebhookEndpoint', 'DeliveryAttempt', 'PaymentIntentList', 'Error']) expect(doc.components.schemas[name]).toBeDefined();
  });

  it('documents every field the API puts in an error (the catalogue and each detail)', async () => {
    const doc = (await request(gw.app).get('/openapi.json')).body;
    const fields = Object.keys(doc.components.schemas.Error.properties.error.properties);
    for (const field of ['type', 'code', 'message', 'param', 'request_id', 'decline_code', 'current_state', 'in_flight', 'payment_intent', 'refund', 'dispute', 'refundable', 'retry_after_s']) expect(fields).toContain(field);
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toEqual(expect.arrayContaining(['unsupported_media_type', 'method_not_allowed', 'processor_refused']));
  });

  it('gives every operation an example of its request body and of each success body, each valid against its schema', async () => {
    const doc = (await request(gw.app).get('/openapi.json')).body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { example?: unknown }> }; responses: Record<string, { content?: Record<string, { example?: unknown }> }> }>> };
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) if (media.example === undefined) missing.push(`${method} ${path} request ${type}`);
        for (const [status, response] of Object.entries(op.responses).filter(([status]) => /^2/.test(status))) {
          for (const [type, media] of Object.entries(response.content ?? {})) if (media.example === undefined) missing.push(`${method} ${path} ${status} ${type}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(exampleProblems(doc)).toEqual([]);
  });

  it('is what @payrail/client was generated from (run npm run generate:client after changing a route)', async () => {
    // openapi-typescript loads ES modules jest cannot: the generator runs as node runs it (the built dist).
    const check = spawnSync(process.execPath, [path.join(REPO_ROOT, 'services/api-gateway/dist/docs/generateClient.js'), '--check'], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: check.status, out: check.stdout.trim(), err: check.stderr.trim() }).toEqual({ status: 0, out: 'up to date', err: '' });
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
