import { exampleProblems, routeTable } from '@payrail/service-kit';
import request from 'supertest';
import { NO_OPENAPI_PROBLEMS, makeTempDataDir, openApiProblems, validateOpenApiDocument } from '@payrail/testing';
import { DEMO_KEY, openGateway, type Harness } from '../testing/gatewayHarness';
import { createStripeApp } from './stripeApp';

describe("the Stripe-compatible API's OpenAPI document", () => {
  let cleanup: () => void;
  let gw: Harness;
  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = makeTempDataDir('stripe-openapi'));
    gw = await openGateway(dir);
  });
  afterAll(async () => {
    await gw.close();
    cleanup();
  });

  it('is valid OpenAPI 3.1, documents exactly what STRIPE_API_PORT mounts, and every example passes its schema', async () => {
    const app = createStripeApp(gw.deps);
    const document = (await request(app).get('/openapi.json')).body as Record<string, unknown>;
    expect(validateOpenApiDocument(document)).toEqual({ valid: true, errors: [] });
    const routes = routeTable(app).filter((r) => r.path !== '/openapi.json' || r.method !== 'get');
    expect(openApiProblems(routes, document)).toEqual(NO_OPENAPI_PROBLEMS);
    expect(exampleProblems(document)).toEqual([]);
  });

  it('is served under /stripe on the gateway port with the /stripe paths, and answers in Stripe\'s shape there', async () => {
    const document = (await request(gw.app).get('/stripe/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toContain('/stripe/v1/payment_intents');
    expect(validateOpenApiDocument(document)).toEqual({ valid: true, errors: [] });
    const missing = await request(gw.app).get('/stripe/v1/payment_intents/pi_01jd4ex8m3q2w5e7r9t1y3u5i7').set('Authorization', `Bearer ${DEMO_KEY}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: expect.objectContaining({ type: 'invalid_request_error', code: 'resource_missing', param: 'id' }) });
    expect(missing.headers['request-id']).toMatch(/^req_/);
    expect(missing.headers['stripe-version']).toBe('2024-06-20');
    const unknownRoute = await request(gw.app).get('/stripe/v1/subscriptions').set('Authorization', `Bearer ${DEMO_KEY}`).set('Stripe-Version', '2025-01-27.acacia');
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.body.error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/subscriptions\)/);
    expect(unknownRoute.headers['stripe-version']).toBe('2025-01-27.acacia');
    const noKey = await request(gw.app).get('/stripe/v1/payment_intents');
    expect(noKey.status).toBe(401);
    expect(noKey.body.error.type).toBe('invalid_request_error');
  });
});
