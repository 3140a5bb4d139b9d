import { ERROR_CATALOGUE } from '@payrail/core';
import { createLogger, routeTable } from '@payrail/service-kit';
import { describeHostileInput, inert, startService, testEnv } from '@payrail/testing';
import { createApp } from '../app';

describeHostileInput({
  service: 'provider-sim',
  seed: 8081,
  // Every route provider-sim serves, read from its own app.
  routes: routeTable(
    createApp({ internalToken: 'inert', adminToken: 'inert', timeout_ms: 0, simulated_delay_ms: 0, books: inert(), charges: inert(), faults: inert(), settlement: inert(), logger: createLogger({ service: 'inert', level: 'silent' }), ready: inert() }),
  ),
  expectedRoutes: [{ method: 'post', path: '/providerA/v1/charges' }, { method: 'post', path: '/providerB/v68/payments/:pspReference/refunds' }],
  start: async (dataDir) => {
    const env = testEnv(dataDir);
    const service = await startService('provider-sim', 'PROVIDER_SIM_PORT', env);
    return {
      stop: () => service.stop(),
      target: {
        url: service.url,
        credentials: { 'x-internal-token': env['INTERNAL_TOKEN'] as string, 'x-admin-token': env['ADMIN_TOKEN'] as string },
        params: { id: ['ch_fuzz'], pspReference: ['psp_fuzz'], date: ['2026-12-01', '2026-13-45'], txid: ['PixFuzz0123456789abcdefghijkl'] },
        fields: ['amount', 'currency', 'card', 'number', 'exp_month', 'exp_year', 'cvc', 'capture', 'metadata', 'payment_intent', 'charge', 'reference', 'merchantAccount', 'paymentMethod', 'value', 'provider', 'outage', 'latency_ms', 'reason', 'expires_after_seconds', 'pix_late_confirmation'],
        errorCatalogue: ERROR_CATALOGUE,
      },
    };
  },
});
