import { ERROR_CATALOGUE } from '@payrail/core';
import { createLogger, routeTable } from '@payrail/service-kit';
import { describeHostileInput, inert, startService, testEnv } from '@payrail/testing';
import { createApp, type LedgerServiceDeps } from '../app';
import { jobRoutes } from '../jobs/jobRoutes';
import { LEASE_FILE } from '../lease';

describeHostileInput({
  service: 'ledger-service',
  seed: 8082,
  // Every route ledger-service serves, read from its own app (the jobs router as createJobs mounts it).
  routes: routeTable(
    createApp({ config: { INTERNAL_TOKEN: 'inert' } as LedgerServiceDeps['config'], logger: createLogger({ service: 'inert', level: 'silent' }), dataDir: 'inert', ledger: inert(), dispatcher: inert(), jobs: { router: jobRoutes(inert()), start: inert(), stop: inert() } }),
  ),
  expectedRoutes: [{ method: 'post', path: '/internal/events/:id/retry' }, { method: 'post', path: '/jobs/settlement/:date' }, { method: 'get', path: '/health' }],
  start: async (dataDir) => {
    const env = testEnv(dataDir);
    const service = await startService('ledger-service', 'LEDGER_PORT', env);
    return {
      stop: () => service.stop(),
      target: {
        url: service.url,
        credentials: { 'x-internal-token': env['INTERNAL_TOKEN'] as string },
        params: { id: ['evt_fuzz'], date: ['2026-12-01', '2026-02-30', 'today'] },
        fields: ['endpoint', 'endpoint_id', 'reason'],
        errorCatalogue: ERROR_CATALOGUE,
        // Renewed on a timer (every LEDGER_LEASE_RENEW_MS) whatever the requests are.
        lateSnapshots: new RegExp(`^${LEASE_FILE.replace(/\./g, '\\.')}$`),
      },
    };
  },
});
