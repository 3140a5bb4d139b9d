import request from 'supertest';
import { makeTempDataDir } from '@payrail/testing';
import { DEMO_KEY, openGateway, type Harness } from '../testing/gatewayHarness';

describe('the gateway\'s metrics', () => {
  let cleanup: () => void;
  let gw: Harness;
  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = makeTempDataDir('gateway-metrics'));
    gw = await openGateway(dir);
  });
  afterAll(async () => {
    await gw.close();
    cleanup();
  });

  const create = () => request(gw.app).post('/v1/payment-intents').set('Authorization', `Bearer ${DEMO_KEY}`).set('Idempotency-Key', 'metrics-1').send({ amount: 100, currency: 'usd' });

  it('counts idempotent replays, errors per route and the breaker state of each processor', async () => {
    gw.deps.metrics.takeSample(1_000); // start a fresh interval
    expect((await create()).status).toBe(200);
    const replayed = await create();
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect((await request(gw.app).get('/v1/payment-intents/pi_missing').set('Authorization', `Bearer ${DEMO_KEY}`)).status).toBe(404);

    const text = (await request(gw.app).get('/metrics')).text;
    expect(text).toContain('idempotent_replays_total{route="POST /v1/payment-intents",service="api-gateway"} 1');
    expect(text).toContain('http_request_errors_total{method="GET",route="/v1/payment-intents/:id",class="4xx",service="api-gateway"} 1');
    expect(text).toContain('processor_breaker_state{provider="providerA",service="api-gateway"} 0');
    expect(text).toContain('processor_breaker_state{provider="providerB",service="api-gateway"} 0');
    expect(text).toContain('# TYPE processor_retries_total counter');

    const sample = gw.deps.metrics.takeSample(1_000, gw.deps.metrics.takeGatewaySample());
    expect(sample).toMatchObject({ retries: 0, idempotent_replays: 1, error_rate_by_route: { 'POST /v1/payment-intents': 0, 'GET /v1/payment-intents/:id': 0 } });
  });

  it('gives each processor its error rate (calls without an answer) and counts retries in the sample', () => {
    const metrics = gw.deps.metrics;
    metrics.takeGatewaySample();
    metrics.observeProviderCall('providerA', true);
    metrics.observeProviderCall('providerA', false);
    metrics.observeProviderCall('providerB', true);
    metrics.observeProcessorRetry('providerB', 'failover');
    const sample = metrics.takeSample(1_000, metrics.takeGatewaySample());
    expect(sample).toMatchObject({ retries: 1, error_rate_by_provider: { providerA: 0.5, providerB: 0 } });
    expect(metrics.takeGatewaySample()).toEqual({ error_rate_by_provider: {}, idempotent_replays: 0 });
  });

  it('counts declines by processor and decline_code, an odd code as other', async () => {
    const metrics = gw.deps.metrics;
    const declined = (decline_code: unknown) => ({ type: 'payment_intent.declined', data: { decline_code } }) as never;
    metrics.observeLedgerEvent(declined('insufficient_funds'), 'providerA');
    metrics.observeLedgerEvent(declined('Not Enough Balance!'), 'providerB');
    metrics.observeLedgerEvent(declined(undefined), null);
    const text = await metrics.registry.metrics();
    expect(text).toContain('payment_declines_total{provider="providerA",decline_code="insufficient_funds",service="api-gateway"} 1');
    expect(text).toContain('payment_declines_total{provider="providerB",decline_code="other",service="api-gateway"} 1');
    expect(text).toContain('payment_declines_total{provider="none",decline_code="other",service="api-gateway"} 1');
  });
});
