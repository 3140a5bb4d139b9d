import { ERROR_CATALOGUE } from '@payrail/core';
import { createLogger, routeTable } from '@payrail/service-kit';
import { describeHostileInput, inert } from '@payrail/testing';
import { createApp } from '../app';
import { ADMIN, startVault, testPan, tokenize } from '../testing/vaultHarness';

describeHostileInput({
  service: 'vault-service',
  seed: 8083,
  // Every route the vault serves, read from its own app.
  routes: routeTable(
    createApp({ config: { INTERNAL_TOKEN: 'inert', ADMIN_TOKEN: 'inert' }, logger: createLogger({ service: 'inert', level: 'silent' }), tokens: inert(), keys: inert(), ready: inert() }),
  ),
  expectedRoutes: [{ method: 'post', path: '/tokens' }, { method: 'post', path: '/tokens/:token/detokenize' }, { method: 'post', path: '/keys/rotate' }, { method: 'get', path: '/health' }],
  start: async (dataDir) => {
    // Snapshots follow a new card within 50 ms, so the check for writes sees them settle before the next request.
    const vault = await startVault(dataDir, { VAULT_SNAPSHOT_INTERVAL_MS: '50' });
    const token = await tokenize(vault, testPan('4000', 16, 7));
    return {
      stop: () => vault.stop(),
      target: {
        url: vault.url,
        credentials: { 'x-internal-token': ADMIN['X-Internal-Token'], 'x-admin-token': ADMIN['X-Admin-Token'] },
        params: { token: [token] },
        fields: ['pan', 'exp_month', 'exp_year', 'cvv', 'holder_name', 'purpose', 'requester'],
        errorCatalogue: ERROR_CATALOGUE,
        recordedRefusals: [
          { method: 'post', path: '/tokens/:token/detokenize', codes: ['purpose_not_allowed', 'resource_missing'], why: 'every detokenization attempt with a well-formed body is a line of the access log, refused or not' },
        ],
      },
    };
  },
});
