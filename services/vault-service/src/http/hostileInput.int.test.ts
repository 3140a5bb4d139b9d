import { ERROR_CATALOGUE } from '@payrail/core';
import { createLogger, routeTable } from '@payrail/service-kit';
import { formatReport, fuzzHttp, fuzzOptions, fuzzRawSockets, inert, makeTempDataDir, type FuzzTarget, type RunningService } from '@payrail/testing';
import { createApp } from '../app';
import { ADMIN, startVault, testPan, tokenize } from '../testing/vaultHarness';

// Issue 12: hostile input never reaches a 500. CI runs this short, with a fixed seed; `npm run fuzz` runs it long.
const OPTIONS = fuzzOptions({ runs: 150, rawRuns: 40, seed: 8083 });
const TIMEOUT_MS = 60_000 + OPTIONS.runs * 200;

/** Every route the vault serves, read from its own app. */
const ROUTES = routeTable(
  createApp({ config: { INTERNAL_TOKEN: 'inert', ADMIN_TOKEN: 'inert' }, logger: createLogger({ service: 'inert', level: 'silent' }), tokens: inert(), keys: inert(), ready: inert() }),
);

describe('vault-service under hostile input (fuzz)', () => {
  const data = makeTempDataDir('vault-fuzz');
  let vault: RunningService;
  let target: FuzzTarget;

  beforeAll(async () => {
    // Snapshots follow a new card within 50 ms, so the check for writes sees them settle before the next request.
    vault = await startVault(data.dir, { VAULT_SNAPSHOT_INTERVAL_MS: '50' });
    const token = await tokenize(vault, testPan('4000', 16, 7));
    target = {
      name: 'vault-service',
      url: vault.url,
      dataDir: data.dir,
      routes: ROUTES,
      credentials: { 'x-internal-token': ADMIN['X-Internal-Token'], 'x-admin-token': ADMIN['X-Admin-Token'] },
      params: { token: [token] },
      fields: ['pan', 'exp_month', 'exp_year', 'cvv', 'holder_name', 'purpose', 'requester'],
      errorCatalogue: ERROR_CATALOGUE,
      recordedRefusals: [
        { method: 'post', path: '/tokens/:token/detokenize', codes: ['purpose_not_allowed', 'resource_missing'], why: 'every detokenization attempt with a well-formed body is a line of the access log, refused or not' },
      ],
    };
  });
  afterAll(async () => {
    await vault?.stop();
    data.cleanup();
  });

  it('reads its route table from the app', () => {
    expect(ROUTES).toEqual(expect.arrayContaining([{ method: 'post', path: '/tokens' }, { method: 'post', path: '/tokens/:token/detokenize' }, { method: 'post', path: '/keys/rotate' }, { method: 'get', path: '/health' }]));
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
