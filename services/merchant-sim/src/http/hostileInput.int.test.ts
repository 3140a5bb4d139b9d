import { ERROR_CATALOGUE } from '@payrail/core';
import { createLogger, routeTable } from '@payrail/service-kit';
import { describeHostileInput, inert, startService, testEnv } from '@payrail/testing';
import { createApp } from '../app';

describeHostileInput({
  service: 'merchant-sim',
  seed: 8084,
  // Every route merchant-sim serves, read from its own app.
  routes: routeTable(
    createApp({ internalToken: 'inert', logger: createLogger({ service: 'inert', level: 'silent' }), view: inert(), deliveries: inert(), secrets: inert(), modes: inert(), gateway: inert(), gatewayApi: inert(), checkout: inert(), apiKeys: inert(), secretKey: 'inert', ready: inert() }),
  ),
  expectedRoutes: [
    { method: 'post', path: '/webhooks/:env' },
    { method: 'put', path: '/admin/modes/:env' },
    { method: 'get', path: '/orders/:id' },
    { method: 'post', path: '/orders' },
    { method: 'post', path: '/orders/:id/refund' },
    { method: 'get', path: '/orders/:id/ledger' },
    { method: 'get', path: '/shop/orders/:id' },
    { method: 'put', path: '/admin/api-keys/:env' },
  ],
  start: async (dataDir) => {
    const env = testEnv(dataDir);
    const service = await startService('merchant-sim', 'MERCHANT_SIM_PORT', env);
    return {
      stop: () => service.stop(),
      target: {
        url: service.url,
        // The storefront's routes need an Idempotency-Key: one fixed key, so a second valid order body is a 422 replay refusal.
        credentials: { 'x-internal-token': env['INTERNAL_TOKEN'] as string, 'idempotency-key': 'order-fuzz-1', 'webhook-id': 'msg_fuzz', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,c2lnbmF0dXJl' },
        params: { env: ['local', 'sandbox', 'staging'], id: ['evt_fuzz', 'pi_fuzz', 'ord_00000000000000000000000000'] },
        fields: ['id', 'type', 'created', 'data', 'object', 'secrets', 'flaky_pct', 'timeout_ms', 'api_key', 'env', 'items', 'amount', 'currency', 'description', 'payment', 'escrow', 'reason'],
        // Plausible values, so that some bodies get past the schema to the checks behind it (sums, currency, Pix in BRL). No card:
        // with no gateway running, tokenizing it is a 503 (nothing placed), which is right but not what this suite looks for.
        values: ['brl', 'usd', 'local', { method: 'pix' }, [{ name: 'Mug', quantity: 2, unit_amount: 1250 }], { payees: [{ payee: 'seller_1', role: 'seller', amount: 100 }] }, 2500, 'sk_test_fuzz_0123456789'],
        errorCatalogue: ERROR_CATALOGUE,
        recordedRefusals: [
          { method: 'post', path: '/webhooks/:env', codes: ['webhook_signature_invalid', 'body_too_large'], why: 'the receiver stores every delivery, valid or not, with its attempt and signature result' },
        ],
        lateSnapshots: /^merchant-sim\/(events|orders)\.json$/,
      },
    };
  },
});
