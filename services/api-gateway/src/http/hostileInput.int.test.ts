import { ERROR_CATALOGUE, adyenHmacSignature, stripeSignatureHeader, type AdyenSignedFields } from '@payrail/core';
import { describeHostileInput, freePort, openApiRoutes, startService, testEnv, type HostileRequest, type RunningService } from '@payrail/testing';
import { DEMO_KEY } from '../testing/gatewayHarness';
import { GATEWAY_LATE_WRITES } from '../testing/lateWrites';

// Issue 12: hostile input never reaches a 500. CI runs this short, with a fixed seed; `npm run fuzz` runs it long.

/**
 * Signs a generated processor webhook as provider-sim would (Stripe-Signature over the raw body for
 * providerA; each item's additionalData.hmacSignature for providerB), so hostile bodies reach the
 * code behind the signature check. Bodies that cannot be signed are sent as they are.
 */
function signProcessorWebhook(env: NodeJS.ProcessEnv): (request: HostileRequest) => HostileRequest {
  return (request) => {
    const provider = /^\/v1\/webhooks\/provider\/(providerA|providerB)$/.exec(request.path.split('?', 1)[0] ?? '')?.[1];
    if (provider === undefined || request.body === null || request.headers['content-encoding'] !== undefined) return request;
    if (provider === 'providerA') {
      const signature = stripeSignatureHeader(request.body, env['PROVIDER_A_WEBHOOK_SECRET'] as string, Math.floor(Date.now() / 1000));
      return { ...request, headers: { ...request.headers, 'stripe-signature': signature } };
    }
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch {
      return request;
    }
    const items = (body as { notificationItems?: unknown } | null)?.notificationItems;
    if (!Array.isArray(items)) return request;
    for (const wrapper of items) {
      const item = (wrapper as { NotificationRequestItem?: Record<string, unknown> } | null)?.NotificationRequestItem;
      if (typeof item !== 'object' || item === null) continue;
      try {
        const hmacSignature = adyenHmacSignature(item as unknown as AdyenSignedFields, env['PROVIDER_B_HMAC_KEY'] as string);
        item['additionalData'] = { ...(typeof item['additionalData'] === 'object' ? (item['additionalData'] as object) : {}), hmacSignature };
      } catch {
        // lacks a signed field (amount): sent unsigned
      }
    }
    return { ...request, body: Buffer.from(JSON.stringify(body)) };
  };
}

/** GraphQL documents for /graphql's query (and any other field): valid, refused, deep, costly, introspective. */
const GRAPHQL_DOCUMENTS = [
  '{ paymentIntents(first: 2, status: captured) { edges { node { id refunds { edges { node { id paymentIntent { id } } } } disputeObject { id } escrow { id } } } pageInfo { endCursor } } }',
  '{ events(first: 100) { edges { node { id data { object { __typename } } deliveries { data { attempt } } } } } }',
  'mutation { refunds { edges { node { id } } } }',
  '{ __schema { types { name fields { name type { name fields { name } } } } } }',
  `{ paymentIntent(id: "pi_missing") { ${'refunds { edges { node { paymentIntent { '.repeat(12)}id${' } } } }'.repeat(12)} } }`,
  '{ paymentIntents(first: 100) { edges { node { refunds(first: 100) { edges { node { id } } } } } } }',
];

/** Processor notices shaped like the real ones, for the fuzzer to mutate. */
function processorSamples(paymentIntent: string): unknown[] {
  const adyenItem = (eventCode: string, value: number) => ({
    NotificationRequestItem: { pspReference: 'psp_fuzz', originalReference: 'psp_fuzz', merchantAccountCode: 'PayRailSandbox', merchantReference: paymentIntent, amount: { value, currency: 'USD' }, eventCode, success: 'true' },
  });
  return [
    [adyenItem('CAPTURE', 1000)],
    [adyenItem('REFUND', -5)],
    [adyenItem('CHARGEBACK', 1000), null],
    [null],
    [],
    { object: { id: 'ch_fuzz', object: 'charge', payment_intent: paymentIntent, amount: -1, captured: true } },
    { object: { id: 'du_fuzz', object: 'dispute', charge: 'ch_fuzz', amount: 1000 } },
    'charge.succeeded',
    'charge.refunded',
    'charge.dispute.funds_withdrawn',
    'AUTHORISATION',
    paymentIntent,
  ];
}

describeHostileInput({
  service: 'api-gateway',
  seed: 8080,
  runs: 250,
  expectedRoutes: [{ method: 'post', path: '/v1/payment-intents' }, { method: 'post', path: '/v1/payment-intents/:id/capture' }, { method: 'post', path: '/v1/webhooks/provider/:provider' }],
  start: async (dataDir) => {
    // The gateway with every service its routes call (the console relays to merchant-sim), all real processes on one data folder.
    const ports = { VAULT_PORT: await freePort(), PROVIDER_SIM_PORT: await freePort(), LEDGER_PORT: await freePort(), MERCHANT_SIM_PORT: await freePort(), GATEWAY_PORT: await freePort() };
    const urls = Object.fromEntries(Object.entries(ports).map(([name, port]) => [name.replace('_PORT', '_URL'), `http://127.0.0.1:${port}`]));
    const env = testEnv(dataDir, { ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])), ...urls, DEMO_RATE_LIMIT_REQUESTS: '1000000', VAULT_SNAPSHOT_INTERVAL_MS: '50' });
    const services: RunningService[] = [];
    services.push(await startService('vault-service', 'VAULT_PORT', env));
    services.push(await startService('provider-sim', 'PROVIDER_SIM_PORT', env));
    services.push(await startService('ledger-service', 'LEDGER_PORT', env));
    services.push(await startService('merchant-sim', 'MERCHANT_SIM_PORT', env));
    const gateway = await startService('api-gateway', 'GATEWAY_PORT', env);
    services.push(gateway);

    const vault = services[0] as RunningService;
    const internal = { 'x-internal-token': env['INTERNAL_TOKEN'] as string, 'content-type': 'application/json' };
    const tokenized = (await (await fetch(`${vault.url}/tokens`, { method: 'POST', headers: internal, body: JSON.stringify({ pan: '4242424242424242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 3 }) })).json()) as { token: string };
    const merchant = { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json' };
    const created = (await (await fetch(`${gateway.url}/v1/payment-intents`, { method: 'POST', headers: { ...merchant, 'idempotency-key': 'fuzz-seed-pi' }, body: JSON.stringify({ amount: 1000, currency: 'usd', payment_method: tokenized.token }) })).json()) as { id: string };
    const pix = (await (await fetch(`${gateway.url}/v1/payment-intents`, { method: 'POST', headers: { ...merchant, 'idempotency-key': 'fuzz-seed-pix' }, body: JSON.stringify({ amount: 1000, currency: 'brl', payment_method_types: ['pix'] }) })).json()) as { id: string };
    const openApi = await (await fetch(`${gateway.url}/openapi.json`)).json();

    return {
      stop: async () => {
        await Promise.all(services.map((service) => service.stop()));
      },
      target: {
        url: gateway.url,
        routes: openApiRoutes(openApi),
        credentials: { authorization: `Bearer ${DEMO_KEY}`, 'x-admin-token': env['ADMIN_TOKEN'] as string, 'x-internal-token': env['INTERNAL_TOKEN'] as string },
        params: { id: [created.id, pix.id, 'pi_missing'], provider: ['providerA', 'providerB'] },
        fields: ['payment_method', 'payment_method_types', 'notificationItems', 'type', 'data', 'id', 'live', 'created'],
        values: [tokenized.token, 'pix', ['pix'], ...processorSamples(created.id), ...GRAPHQL_DOCUMENTS, { first: 1 }],
        sign: signProcessorWebhook(env),
        errorCatalogue: ERROR_CATALOGUE,
        recordedRefusals: [
          { method: 'post', path: '/v1/webhooks/provider/:provider', codes: ['webhook_signature_invalid', 'parameter_invalid'], why: 'an invalid or unreadable processor webhook is stored and flagged, then answered 400 (DESIGN §6: every webhook is a line)' },
          { method: 'post', path: '/v1/payment-intents/:id/confirm', codes: ['card_declined'], why: 'a decline is a result: it is in the ledger and answers the same key again' },
        ],
        lateSnapshots: GATEWAY_LATE_WRITES,
      },
    };
  },
});
