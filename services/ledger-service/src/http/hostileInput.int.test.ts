import { ERROR_CATALOGUE } from '@payrail/core';
import { createLogger, routeTable } from '@payrail/service-kit';
import { formatReport, fuzzHttp, fuzzOptions, fuzzRawSockets, inert, makeTempDataDir, startService, testEnv, type FuzzTarget, type RunningService } from '@payrail/testing';
import { createApp, type LedgerServiceDeps } from '../app';
import { jobRoutes } from '../jobs/jobRoutes';

// Issue 12: hostile input never reaches a 500. CI runs this short, with a fixed seed; `npm run fuzz` runs it long.
const OPTIONS = fuzzOptions({ runs: 150, rawRuns: 40, seed: 8082 });
const TIMEOUT_MS = 60_000 + OPTIONS.runs * 200;

/** Every route ledger-service serves, read from its own app (the jobs router as createJobs mounts it). */
const ROUTES = routeTable(
  createApp({ config: { INTERNAL_TOKEN: 'inert' } as LedgerServiceDeps['config'], logger: createLogger({ service: 'inert', level: 'silent' }), dataDir: 'inert', ledger: inert(), dispatcher: inert(), jobs: { router: jobRoutes(inert()), start: inert(), stop: inert() } }),
);

describe('ledger-service under hostile input (fuzz)', () => {
  const data = makeTempDataDir('ledger-service-fuzz');
  let service: RunningService;
  let target: FuzzTarget;

  beforeAll(async () => {
    const env = testEnv(data.dir);
    service = await startService('ledger-service', 'LEDGER_PORT', env);
    target = {
      name: 'ledger-service',
      url: service.url,
      dataDir: data.dir,
      routes: ROUTES,
      credentials: { 'x-internal-token': env['INTERNAL_TOKEN'] as string },
      params: { id: ['evt_fuzz'], date: ['2026-12-01', '2026-02-30', 'today'] },
      fields: ['endpoint', 'endpoint_id', 'reason'],
      errorCatalogue: ERROR_CATALOGUE,
    };
  });
  afterAll(async () => {
    await service?.stop();
    data.cleanup();
  });

  it('reads its route table from the app', () => {
    expect(ROUTES).toEqual(expect.arrayContaining([{ method: 'post', path: '/internal/events/:id/retry' }, { method: 'post', path: '/jobs/settlement/:date' }, { method: 'get', path: '/health' }]));
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
