import { ERROR_CATALOGUE } from '@payrail/core';
import { createLogger, routeTable } from '@payrail/service-kit';
import { describeHostileInput, inert, startService, testEnv } from '@payrail/testing';
import { createApp } from '../app';

describeHostileInput({
  service: 'merchant-sim',
  seed: 8084,
  // Every route merchant-sim serves, read from its own app.
  routes: routeTable(
    createApp({ internalToken: 'inert', logger: createLogger({ service: 'inert', level: 'silent' }), view: inert(), deliveries: inert(), secrets: inert(), modes: inert(), gateway: inert(), ready: inert() }),
  ),
  expectedRoutes: [{ method: 'post', path: '/webhooks/:env' }, { method: 'put', path: '/admin/modes/:env' }, { method: 'get', path: '/orders/:id' }],
  start: async (dataDir) => {
    const env = testEnv(dataDir);
    const service = await startService('merchant-sim', 'MERCHANT_SIM_PORT', env);
    return {
      stop: () => service.stop(),
      target: {
        url: service.url,
        credentials: { 'x-internal-token': env['INTERNAL_TOKEN'] as string, 'webhook-id': 'msg_fuzz', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,c2lnbmF0dXJl' },
        params: { env: ['local', 'sandbox', 'staging'], id: ['evt_fuzz', 'pi_fuzz'] },
        fields: ['id', 'type', 'created', 'data', 'object', 'secrets', 'flaky_pct', 'timeout_ms'],
        errorCatalogue: ERROR_CATALOGUE,
        recordedRefusals: [
          { method: 'post', path: '/webhooks/:env', codes: ['webhook_signature_invalid', 'body_too_large'], why: 'the receiver stores every delivery, valid or not, with its attempt and signature result' },
        ],
        lateSnapshots: /^merchant-sim\/(events|orders)\.json$/,
      },
    };
  },
});
