import { ERROR_CATALOGUE } from '@payrail/core';
import { describeHostileInput, errorObjectOf, errorShapeProblem, freePort, openApiRoutes, startService, testEnv, type FuzzTarget, type RunningService } from '@payrail/testing';
import { DEMO_KEY } from '../testing/gatewayHarness';

// Issue 14: the Stripe-compatible surface under hostile input, as the native API is (issue 12): no 5xx,
// Stripe's error shape, nothing written for a refusal. CI runs it short with a fixed seed; `npm run fuzz` long.

type Answer = Parameters<NonNullable<FuzzTarget['errorShape']>>[0];
const TYPES = new Set(['api_error', 'card_error', 'idempotency_error', 'invalid_request_error']);
// Refusals before any route (malformed HTTP, oversized headers, a slow sender) come from the server in PayRail's shape.
const SERVER_CODES = new Set(['request_malformed', 'headers_too_large', 'request_timeout', 'expectation_unsupported', 'body_incomplete']);

/** Stripe's error shape: {error: {type, message, code?, param?, ...}} with a Request-Id header. */
function stripeErrorShapeProblem(answer: Answer, method: string): string | null {
  if (answer.status < 400 || method === 'HEAD') return null;
  const error = errorObjectOf(answer);
  if (typeof error === 'string') return error;
  if (SERVER_CODES.has(String(error['code']))) return errorShapeProblem(answer, ERROR_CATALOGUE, method);
  if (!TYPES.has(String(error['type']))) return `type ${JSON.stringify(error['type'])} is not one of Stripe's`;
  if (typeof error['message'] !== 'string' || error['message'] === '') return 'message is not a non-empty string';
  if (error['param'] !== undefined && typeof error['param'] !== 'string') return 'param is not a string';
  if (error['type'] === 'card_error' && answer.status !== 402) return `a card_error answered ${answer.status}`;
  if (answer.headers['request-id'] === undefined) return 'no Request-Id header';
  return null;
}

describeHostileInput({
  service: 'api-gateway-stripe',
  seed: 8085,
  runs: 200,
  expectedRoutes: [{ method: 'post', path: '/v1/payment_intents' }, { method: 'post', path: '/v1/payment_intents/:id/capture' }, { method: 'post', path: '/v1/webhook_endpoints' }],
  start: async (dataDir) => {
    const ports = { VAULT_PORT: await freePort(), PROVIDER_SIM_PORT: await freePort(), GATEWAY_PORT: await freePort(), STRIPE_API_PORT: await freePort() };
    const urls = { VAULT_URL: `http://127.0.0.1:${ports.VAULT_PORT}`, PROVIDER_SIM_URL: `http://127.0.0.1:${ports.PROVIDER_SIM_PORT}`, GATEWAY_URL: `http://127.0.0.1:${ports.GATEWAY_PORT}`, LEDGER_URL: 'http://127.0.0.1:9' };
    const env = testEnv(dataDir, { ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])), ...urls, DEMO_RATE_LIMIT_REQUESTS: '1000000' });
    const services: RunningService[] = [];
    services.push(await startService('vault-service', 'VAULT_PORT', env));
    services.push(await startService('provider-sim', 'PROVIDER_SIM_PORT', env));
    services.push(await startService('api-gateway', 'GATEWAY_PORT', env));
    const stripeUrl = `http://127.0.0.1:${ports.STRIPE_API_PORT}`;
    const merchant = { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/x-www-form-urlencoded' };
    const created = (await (await fetch(`${stripeUrl}/v1/payment_intents`, { method: 'POST', headers: merchant, body: 'amount=1000&currency=usd&payment_method=pm_card_visa&capture_method=manual&confirm=true' })).json()) as { id: string };
    const routes = openApiRoutes(await (await fetch(`${stripeUrl}/openapi.json`)).json());
    return {
      stop: async () => {
        await Promise.all(services.map((service) => service.stop()));
      },
      target: {
        url: stripeUrl,
        routes,
        credentials: { authorization: `Bearer ${DEMO_KEY}` },
        params: { id: [created.id, `ch_${created.id.slice(3)}`, 'pi_missing', 'cus_missing'] },
        fields: ['payment_method', 'amount', 'currency', 'expand', 'metadata', 'customer', 'charge', 'payment_intent', 'query'],
        values: ['pm_card_visa', 'pm_card_chargeDeclined', 'tok_visa', created.id, ['latest_charge'], 'status:\'succeeded\'', '12.5', 'usd'],
        errorCatalogue: ERROR_CATALOGUE,
        errorShape: stripeErrorShapeProblem,
        recordedRefusals: [
          { method: 'post', path: '/v1/payment_intents', codes: ['card_declined'], why: 'a decline (confirm=true) is a result: it is in the ledger and answers the same key again' },
          { method: 'post', path: '/v1/payment_intents/:id/confirm', codes: ['card_declined'], why: 'a decline is a result: it is in the ledger' },
        ],
        lateSnapshots: /^(gateway\/(idempotency_keys|processed_events|webhook_endpoints)\.json|providers\/provider[AB]_state\.json|vault\/(tokens|encrypted_cards)\.json)$/,
      },
    };
  },
});
