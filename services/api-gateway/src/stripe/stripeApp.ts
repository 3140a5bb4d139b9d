import { PayrailError, assert, findPans, findPansInKey } from '@payrail/core';
import { STRIPE_API_VERSION, STRIPE_EVENT_TYPES, STRIPE_PAYMENT_INTENT_STATUSES } from '@payrail/ledger';
import { contractCheck, correlation, healthRoutes, inputGate, openApiDocument, openApiTemplate, requestLog, serviceUrls, type OperationDoc } from '@payrail/service-kit';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { GatewayDeps } from '../common/deps';
import { markScopes } from '../docs/openapi';
import { IDEMPOTENCY_KEY_PATTERN } from '../idempotency/idempotency';
import { routeScopeProblem, scopeRefusal } from '../merchants/apiKeyScopes';
import { admitApiKey, callerOf, lookUpApiKey } from '../merchants/keyAuth';
import { rateLimited } from '../merchants/rateLimiter';
import { checkParams, parseForm, stripeBody, stripeErrorHandler, type LogUrl } from './stripeHttp';
import { stripeRoutes, type StripeContext, type StripeRoute } from './stripeRoutes';

const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The Stripe-compatible surface (Stripe's API version 2024-06-20): a router serving `/v1/...` the way
 * Stripe does, mounted by the gateway under `/stripe` and served alone on STRIPE_API_PORT. Every route
 * translates to the native commands (one state machine, one ledger, one set of idempotency records).
 * `prefix` is where it is mounted, for its OpenAPI document (which contractCheck holds it to).
 */
export function stripeRouter(deps: GatewayDeps, prefix: string): { router: Router; openApi: Record<string, unknown>; routes: StripeRoute[] } {
  const consoleBase = `${serviceUrls(deps.config).gateway}/console/`;
  const logUrl: LogUrl = (pi) => (pi === null ? consoleBase : `${consoleBase}#/payments/${encodeURIComponent(pi)}`);
  const routes = stripeRoutes(deps, logUrl);
  for (const route of routes) {
    const problem = routeScopeProblem(route);
    assert(problem === null, `Stripe route scope: ${problem ?? ''}`);
  }
  const openApi = stripeOpenApi(routes, prefix);
  const router = express.Router();
  router.get('/openapi.json', (_req, res) => void res.json(openApi));
  router.use(contractCheck('api-gateway-stripe', openApi));
  router.use((req, res, next) => {
    res.set('Stripe-Version', req.get('stripe-version') ?? STRIPE_API_VERSION);
    next();
  });
  router.use(inputGate(), noCardNumbersInUrl);
  router.use(authenticate(deps));
  router.use(stripeBody(BODY_LIMIT_BYTES));
  for (const route of routes) router[route.method](route.path, handle(route));
  router.use((req: Request, _res: Response, next: NextFunction) => {
    // No route of this surface matched (one that passed the request on may have left req.route behind).
    (req as { route?: unknown }).route = undefined;
    next(new PayrailError('route_not_found', `Unrecognized request URL (${req.method}: ${req.path.slice(0, 200)}). PayRail's Stripe-compatible API serves ${[...new Set(routes.map((r) => r.path.split('/')[2]))].join(', ')}; see the README, "Use your Stripe client".`));
  });
  router.use(stripeErrorHandler(deps.logger, logUrl));
  return { router, openApi, routes };
}

/** The app of STRIPE_API_PORT: the surface at `/v1`, so a Stripe client needs only a host and port. */
export function createStripeApp(deps: GatewayDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const { router } = stripeRouter(deps, '');
  app.use(deps.metrics.httpMiddleware(), correlation(deps.logger), requestLog(deps.logger));
  app.get('/metrics', deps.metrics.handler());
  // The same process as GATEWAY_PORT: up and ready when it is (its own /ready has the journals' checks).
  app.use(healthRoutes({ service: 'api-gateway', ready: async () => ({ ok: deps.ledger.state !== undefined, checks: { gateway: true } }) }));
  app.use(router);
  return app;
}

/** A card number in the URL (logged as the request line) is refused before anything reads it. */
const noCardNumbersInUrl: RequestHandler = (req, _res, next) => {
  let decoded = '';
  try {
    decoded = decodeURIComponent(req.originalUrl);
  } catch {
    decoded = '';
  }
  if (findPans(`${req.originalUrl} ${decoded}`).length > 0) return next(new PayrailError('raw_card_data_not_accepted', 'Card numbers never go in a URL: send them in the body of POST /v1/payment_methods (card[number]).'));
  next();
};

/**
 * A card number goes in `card[number]` (of a PaymentMethod, or of `payment_method_data`) and from there
 * to the vault only; anywhere else (metadata, a description, an Idempotency-Key) it would be stored in
 * the ledger, so the request is refused before anything reads it.
 */
function refuseCardNumbersOutsideCard(input: Record<string, unknown>, key: string | null): void {
  if (findPans(JSON.stringify(input)).length === 0) {
    if (key !== null && findPansInKey(key).length > 0) throw new PayrailError('raw_card_data_not_accepted', 'An Idempotency-Key must not contain a card number: it is stored in the ledger.', { param: 'Idempotency-Key' });
    return;
  }
  const copy = structuredClone(input) as { card?: Record<string, unknown>; payment_method_data?: { card?: Record<string, unknown> } };
  if (typeof copy.card === 'object' && copy.card !== null) delete copy.card['number'];
  if (typeof copy.payment_method_data?.card === 'object' && copy.payment_method_data.card !== null) delete copy.payment_method_data.card['number'];
  const withoutCards = JSON.stringify(copy);
  if (findPans(withoutCards).length > 0) {
    throw new PayrailError('raw_card_data_not_accepted', 'A card number may only be sent as card[number] (POST /v1/payment_methods, or payment_method_data[card][number]): it goes to the vault, never to the ledger.', { param: 'card[number]' });
  }
  if (key !== null && findPansInKey(key).length > 0) throw new PayrailError('raw_card_data_not_accepted', 'An Idempotency-Key must not contain a card number: it is stored in the ledger.', { param: 'Idempotency-Key' });
}

/** Stripe's authentication: `Authorization: Bearer sk_test_...`, or HTTP basic with the key as the user name. */
function authenticate(deps: GatewayDeps): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined) return next(new PayrailError('authentication_required', "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY') or HTTP basic auth with the key as the user name (curl -u sk_test_...:)."));
    let key: string | undefined;
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    if (bearer !== null) key = bearer[1];
    else if (basic !== null) key = Buffer.from(basic[1] as string, 'base64').toString('utf8').split(':')[0];
    const found = key === undefined || key === '' ? null : await lookUpApiKey(deps.merchants, key);
    if (found === null) return next(new PayrailError('api_key_invalid', `Invalid API Key provided: ${key === undefined ? '(none)' : `${key.slice(0, 8)}${'*'.repeat(Math.max(0, Math.min(key.length - 12, 24)))}${key.slice(-4)}`}`));
    const limited = await rateLimited(deps, found.merchant);
    if (limited !== null) return next(limited);
    admitApiKey(deps.merchants, res, found);
    next();
  };
}

function handle(route: StripeRoute): RequestHandler {
  return async (req, res) => {
    // As on the native API: a restricted key outside its scopes is refused before its input is read.
    const { merchant, apiKey } = callerOf(res);
    const refusal = scopeRefusal(apiKey, route.scope, `${route.method.toUpperCase()} ${route.path}`);
    if (refusal !== null) throw refusal;
    const key = req.get('idempotency-key') ?? null;
    if (key !== null && !IDEMPOTENCY_KEY_PATTERN.test(key)) throw new PayrailError('parameter_invalid', 'Idempotency-Key must be 1 to 255 printable characters.', { param: 'Idempotency-Key' });
    const query = req.originalUrl.includes('?') ? parseForm(req.originalUrl.slice(req.originalUrl.indexOf('?') + 1)) : {};
    // GET and DELETE take their parameters in the query string, POST in the body (and, as Stripe allows, the query).
    const input = route.method === 'post' ? { ...query, ...((req.body ?? {}) as Record<string, unknown>) } : query;
    checkParams(input, route.params);
    refuseCardNumbersOutsideCard(input, key);
    const context: StripeContext = {
      req,
      merchant,
      params: req.params as Record<string, string>,
      input,
      idempotencyKey: route.method === 'post' ? key : null,
      correlationId: req.correlationId,
    };
    const answer = await route.handler(context);
    if (answer.headers) res.set(answer.headers);
    res.status(answer.status ?? 200).json(answer.body);
  };
}

// ---- The OpenAPI document of the surface ----

const open = (object: string, properties: Record<string, unknown>, required: string[]): Record<string, unknown> => ({
  type: 'object',
  description: `Stripe's ${object} object (API version ${STRIPE_API_VERSION}); every field a Stripe client reads, in Stripe's names and types. The fields listed here are checked; the others are as Stripe's API reference describes them.`,
  required: ['id', 'object', ...required],
  properties: { id: { type: 'string' }, object: { const: object }, livemode: { const: false }, ...properties },
});
const INT = { type: 'integer' };
const CURRENCY = { type: 'string', pattern: '^[a-z]{3}$', examples: ['usd'] };
const NULLABLE_ID = { type: ['string', 'object', 'null'] };
const list = (item: string, url: string): Record<string, unknown> => ({
  type: 'object', additionalProperties: false, required: ['object', 'data', 'has_more', 'url'],
  properties: { object: { const: 'list' }, data: { type: 'array', items: { $ref: `#/components/schemas/${item}` } }, has_more: { type: 'boolean' }, url: { const: url } },
});

const STRIPE_SCHEMAS: Record<string, unknown> = {
  StripePaymentIntent: open('payment_intent', {
    amount: INT, amount_capturable: INT, amount_received: INT, currency: CURRENCY, status: { enum: [...STRIPE_PAYMENT_INTENT_STATUSES] }, capture_method: { enum: ['automatic', 'automatic_async', 'manual'] },
    client_secret: { type: 'string' }, latest_charge: NULLABLE_ID, last_payment_error: { type: ['object', 'null'] }, metadata: { type: 'object', additionalProperties: { type: 'string' } }, created: INT,
  }, ['amount', 'amount_capturable', 'amount_received', 'currency', 'status', 'capture_method', 'client_secret', 'latest_charge', 'last_payment_error', 'metadata', 'created', 'livemode']),
  StripeCharge: open('charge', { amount: INT, amount_captured: INT, amount_refunded: INT, captured: { type: 'boolean' }, paid: { type: 'boolean' }, refunded: { type: 'boolean' }, disputed: { type: 'boolean' }, currency: CURRENCY, status: { enum: ['succeeded', 'pending', 'failed'] }, payment_intent: { type: ['string', 'object'] }, balance_transaction: NULLABLE_ID }, ['amount', 'amount_captured', 'amount_refunded', 'captured', 'paid', 'refunded', 'currency', 'status', 'payment_intent']),
  StripeRefund: open('refund', { amount: INT, currency: CURRENCY, status: { enum: ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] }, payment_intent: { type: ['string', 'object'] }, charge: { type: ['string', 'object'] } }, ['amount', 'currency', 'status', 'payment_intent', 'charge']),
  StripeDispute: open('dispute', { amount: INT, currency: CURRENCY, status: { enum: ['warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'won', 'lost'] }, reason: { type: 'string' }, evidence: { type: 'object' }, charge: { type: ['string', 'object'] }, payment_intent: { type: ['string', 'object'] } }, ['amount', 'currency', 'status', 'reason', 'evidence', 'charge', 'payment_intent']),
  StripePaymentMethod: open('payment_method', { type: { const: 'card' }, card: { type: 'object', required: ['brand', 'last4'], properties: { brand: { type: 'string' }, last4: { type: 'string', pattern: '^[0-9]{4}$', examples: ['4242'] } } } }, ['type', 'card']),
  StripeCustomer: open('customer', { email: { type: ['string', 'null'], examples: ['ada@example.com'] }, name: { type: ['string', 'null'], examples: ['Ada Lovelace'] }, metadata: { type: 'object' } }, ['email', 'name', 'metadata']),
  StripeBalanceTransaction: open('balance_transaction', { amount: INT, fee: INT, net: INT, currency: CURRENCY, type: { enum: ['charge', 'refund'] }, status: { enum: ['pending', 'available'] } }, ['amount', 'fee', 'net', 'currency', 'type', 'status']),
  StripeEvent: open('event', { type: { enum: [...STRIPE_EVENT_TYPES] }, api_version: { const: STRIPE_API_VERSION }, created: INT, data: { type: 'object', required: ['object'], properties: { object: { type: 'object' }, previous_attributes: { type: 'object' } } }, pending_webhooks: INT, request: { type: 'object', required: ['id', 'idempotency_key'] } }, ['type', 'api_version', 'created', 'data', 'pending_webhooks', 'request']),
  StripeWebhookEndpoint: open('webhook_endpoint', { url: { type: 'string' }, enabled_events: { type: 'array', items: { type: 'string' } }, status: { enum: ['enabled', 'disabled'] }, secret: { type: 'string', pattern: '^whsec_' } }, ['url', 'enabled_events', 'status']),
  StripeDeleted: { type: 'object', additionalProperties: false, required: ['id', 'object', 'deleted'], properties: { id: { type: 'string' }, object: { type: 'string' }, deleted: { const: true } } },
  StripePaymentIntentList: list('StripePaymentIntent', '/v1/payment_intents'),
  StripePaymentIntentSearchResult: {
    type: 'object', additionalProperties: false, required: ['object', 'data', 'has_more', 'next_page', 'url'],
    properties: { object: { const: 'search_result' }, data: { type: 'array', items: { $ref: '#/components/schemas/StripePaymentIntent' } }, has_more: { type: 'boolean' }, next_page: { type: ['string', 'null'], examples: [null] }, url: { const: '/v1/payment_intents/search' }, total_count: INT },
  },
  StripeChargeList: list('StripeCharge', '/v1/charges'),
  StripeRefundList: list('StripeRefund', '/v1/refunds'),
  StripeDisputeList: list('StripeDispute', '/v1/disputes'),
  StripeCustomerList: list('StripeCustomer', '/v1/customers'),
  StripeEventList: list('StripeEvent', '/v1/events'),
  StripeWebhookEndpointList: list('StripeWebhookEndpoint', '/v1/webhook_endpoints'),
  Error: {
    type: 'object', additionalProperties: false, required: ['error'],
    description: "Stripe's error shape: each Stripe client raises its own typed error from it (StripeCardError for a 402, StripeInvalidRequestError, StripeIdempotencyError, StripeAuthenticationError, StripeRateLimitError).",
    properties: {
      error: {
        type: 'object', additionalProperties: false, required: ['type', 'message'],
        properties: {
          type: { enum: ['api_error', 'card_error', 'idempotency_error', 'invalid_request_error'] }, code: { type: 'string' }, decline_code: { type: 'string' }, message: { type: 'string' },
          param: { type: 'string' }, doc_url: { type: 'string' }, request_log_url: { type: 'string' }, payment_intent: { $ref: '#/components/schemas/StripePaymentIntent' }, charge: { type: 'string' },
        },
      },
    },
  },
};

const ERROR_EXAMPLES: Record<string, unknown> = {
  400: { error: { type: 'invalid_request_error', code: 'parameter_unknown', message: 'Received unknown parameter: shipping_rate.', param: 'shipping_rate', doc_url: 'https://docs.stripe.com/error-codes/parameter-unknown' } },
  401: { error: { type: 'invalid_request_error', code: 'api_key_invalid', message: 'Invalid API Key provided: sk_test_****1234', doc_url: 'https://docs.stripe.com/error-codes/api-key-invalid' } },
  402: { error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.', doc_url: 'https://docs.stripe.com/error-codes/card-declined' } },
  403: { error: { type: 'invalid_request_error', message: 'This API key (rk_test_9f2c...) is restricted to read_only; POST /v1/refunds needs refunds:write: call it with a key with the scope refunds:write, or an unrestricted key.' } },
  404: { error: { type: 'invalid_request_error', code: 'resource_missing', message: "No such payment_intent: 'pi_01jd4ex8m3q2w5e7r9t1y3u5i7'.", param: 'id', doc_url: 'https://docs.stripe.com/error-codes/resource-missing' } },
  409: { error: { type: 'idempotency_error', code: 'idempotency_key_in_use', message: 'A request with this Idempotency-Key is still in flight; retry.' } },
  429: { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' } },
};

/** The OpenAPI 3.1 document of the surface at `prefix` (`/stripe` on the gateway port, '' on STRIPE_API_PORT). */
export function stripeOpenApi(routes: StripeRoute[], prefix: string): Record<string, unknown> {
  const operations: OperationDoc[] = routes.map((route) => ({
    method: route.method,
    path: `${prefix}${route.path}`,
    operationId: route.operationId,
    summary: route.summary,
    tag: route.tag,
    security: ['bearer'],
    ...(route.method === 'post' ? { body: route.params } : { query: route.params }),
    headers: route.method === 'post' ? [{ name: 'Idempotency-Key', required: false, schema: { type: 'string', maxLength: 255 }, description: 'replays the first answer for 24 h; another body is a 400 idempotency_error' }] : [],
    responses: { 200: { description: `The ${route.response.replace(/^Stripe/, '')}`, schema: { $ref: `#/components/schemas/${route.response}` } } },
    errors: [400, 401, ...(route.scope === 'read' ? [] : [403]), 404, 409, 429, ...(route.errors ?? []).filter((s) => s < 500)],
  }));
  const document = openApiDocument({
    title: 'PayRail: Stripe-compatible API',
    description: `Stripe's wire protocol (API version ${STRIPE_API_VERSION}) over PayRail's commands: point a Stripe client at it (host 127.0.0.1, port STRIPE_API_PORT, protocol http). Bodies are form-encoded with Stripe's bracket syntax (or JSON).`,
    operations,
    schemas: STRIPE_SCHEMAS,
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'your secret key sk_test_... (or HTTP basic with the key as the user name)' } },
    service: 'api-gateway',
  });
  // Stripe clients send forms: each body is documented in both media types, and the errors in Stripe's shape.
  for (const item of Object.values(document['paths'] as Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>)) {
    for (const op of Object.values(item)) {
      const json = op.requestBody?.content['application/json'];
      if (json !== undefined && op.requestBody !== undefined) op.requestBody.content['application/x-www-form-urlencoded'] = { schema: (json as { schema: unknown }).schema };
    }
  }
  const responses = (document['components'] as { responses: Record<string, { content: Record<string, Record<string, unknown>> }> }).responses;
  for (const [name, response] of Object.entries(responses)) {
    const media = response.content['application/json'];
    if (media === undefined) continue;
    delete media['examples'];
    const status = name.replace('Error', '');
    media['example'] = ERROR_EXAMPLES[status] ?? { error: { type: status.startsWith('5') ? 'api_error' : 'invalid_request_error', message: 'The request failed.' } };
  }
  markScopes(document, routes.map((route) => ({ method: route.method, path: openApiTemplate(`${prefix}${route.path}`), scope: route.scope })));
  return document;
}
