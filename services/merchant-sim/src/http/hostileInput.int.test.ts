import { ERROR_CATALOGUE } from '@payrail/core';
import { createLogger, routeTable } from '@payrail/service-kit';
import { formatReport, fuzzHttp, fuzzOptions, fuzzRawSockets, inert, makeTempDataDir, startService, testEnv, type FuzzTarget, type RunningService } from '@payrail/testing';
import { createApp } from '../app';

// Issue 12: hostile input never reaches a 500. CI runs this short, with a fixed seed; `npm run fuzz` runs it long.
const OPTIONS = fuzzOptions({ runs: 150, rawRuns: 40, seed: 8084 });
const TIMEOUT_MS = 60_000 + OPTIONS.runs * 200;

/** Every route merchant-sim serves, read from its own app. */
const ROUTES = routeTable(
  createApp({ internalToken: 'inert', logger: createLogger({ service: 'inert', level: 'silent' }), view: inert(), deliveries: inert(), secrets: inert(), modes: inert(), gateway: inert(), ready: inert() }),
);

describe('merchant-sim under hostile input (fuzz)', () => {
  const data = makeTempDataDir('merchant-sim-fuzz');
  let service: RunningService;
  let target: FuzzTarget;

  beforeAll(async () => {
    const env = testEnv(data.dir);
    service = await startService('merchant-sim', 'MERCHANT_SIM_PORT', env);
    target = {
      name: 'merchant-sim',
      url: service.url,
      dataDir: data.dir,
      routes: ROUTES,
      credentials: { 'x-internal-token': env['INTERNAL_TOKEN'] as string, 'webhook-id': 'msg_fuzz', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,c2lnbmF0dXJl' },
      params: { env: ['local', 'sandbox', 'staging'], id: ['evt_fuzz', 'pi_fuzz'] },
      fields: ['id', 'type', 'created', 'data', 'object', 'secrets', 'flaky_pct', 'timeout_ms'],
      errorCatalogue: ERROR_CATALOGUE,
      recordedRefusals: [
        { method: 'post', path: '/webhooks/:env', codes: ['webhook_signature_invalid', 'body_too_large'], why: 'the receiver stores every delivery, valid or not, with its attempt and signature result' },
      ],
      lateSnapshots: /^merchant-sim\/(events|orders)\.json$/,
    };
  });
  afterAll(async () => {
    await service?.stop();
    data.cleanup();
  });

  it('reads its route table from the app', () => {
    expect(ROUTES).toEqual(expect.arrayContaining([{ method: 'post', path: '/webhooks/:env' }, { method: 'put', path: '/admin/modes/:env' }, { method: 'get', path: '/orders/:id' }]));
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
