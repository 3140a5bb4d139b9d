import { ERROR_CATALOGUE } from '@payrail/core';
import { createLogger, routeTable } from '@payrail/service-kit';
import { formatReport, fuzzHttp, fuzzOptions, fuzzRawSockets, inert, makeTempDataDir, startService, testEnv, type FuzzTarget, type RunningService } from '@payrail/testing';
import { createApp } from '../app';

// Issue 12: hostile input never reaches a 500. CI runs this short, with a fixed seed; `npm run fuzz` runs it long.
const OPTIONS = fuzzOptions({ runs: 150, rawRuns: 40, seed: 8081 });
const TIMEOUT_MS = 60_000 + OPTIONS.runs * 200;

/** Every route provider-sim serves, read from its own app. */
const ROUTES = routeTable(
  createApp({ internalToken: 'inert', adminToken: 'inert', timeout_ms: 0, books: inert(), charges: inert(), faults: inert(), settlement: inert(), logger: createLogger({ service: 'inert', level: 'silent' }), ready: inert() }),
);

describe('provider-sim under hostile input (fuzz)', () => {
  const data = makeTempDataDir('provider-sim-fuzz');
  let service: RunningService;
  let target: FuzzTarget;

  beforeAll(async () => {
    const env = testEnv(data.dir);
    service = await startService('provider-sim', 'PROVIDER_SIM_PORT', env);
    target = {
      name: 'provider-sim',
      url: service.url,
      dataDir: data.dir,
      routes: ROUTES,
      credentials: { 'x-internal-token': env['INTERNAL_TOKEN'] as string, 'x-admin-token': env['ADMIN_TOKEN'] as string },
      params: { id: ['ch_fuzz'], pspReference: ['psp_fuzz'], date: ['2026-12-01', '2026-13-45'] },
      fields: ['amount', 'currency', 'card', 'number', 'exp_month', 'exp_year', 'cvc', 'capture', 'metadata', 'payment_intent', 'charge', 'reference', 'merchantAccount', 'paymentMethod', 'value', 'provider', 'outage', 'latency_ms', 'reason'],
      errorCatalogue: ERROR_CATALOGUE,
    };
  });
  afterAll(async () => {
    await service?.stop();
    data.cleanup();
  });

  it('reads its route table from the app', () => {
    expect(ROUTES).toEqual(expect.arrayContaining([{ method: 'post', path: '/providerA/v1/charges' }, { method: 'post', path: '/providerB/v68/payments/:pspReference/refunds' }]));
  });

  it('answers generated requests to every route with no 5xx, errors in the documented shape, and no write when it refuses', async () => {
    const report = await fuzzHttp(target, OPTIONS);
    process.stdout.write(`${formatReport(target.name, report)}\n`);
    expect(report.requests).toBe(OPTIONS.runs);
  }, TIMEOUT_MS);

  it('answers malformed requests on raw sockets in the documented shape, or closes, and writes nothing', async () => {
    const report = await fuzzRawSockets(target, OPTIONS);
    process.stdout.write(`${formatReport(`${target.name} raw`, report)}\n`);
    expect(report.requests).toBe(OPTIONS.rawRuns);
  }, TIMEOUT_MS);
});
