import * as path from 'node:path';
import { PayrailError, assert, findPans, findPansInKey } from '@payrail/core';
import { contractCheck, correlation, errorHandler, healthRoutes, inputGate, jsonBody, notFound, readinessProbe, requestLog, requireToken } from '@payrail/service-kit';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { GatewayDeps } from './common/deps';
import { consoleApiRoutes, consoleRoutes } from './console/consoleRoutes';
import { opsRoutes } from './ops/opsRoutes';
import { disputeDraftRoutes } from './disputes/disputeDraftRoutes';
import { disputeRoutes } from './disputes/disputeRoutes';
import { escrowRoutes } from './escrows/escrowRoutes';
import { buildOpenApi } from './docs/openapi';
import { redocRoutes } from './docs/redoc';
import { GRAPHQL_PATH, graphiqlRoutes, graphqlHandler } from './graphql';
import { validateInput, type RouteContext, type RouteResult, type RouteSpec } from './http/route';
import { ledgerRoutes } from './ledger/ledgerRoutes';
import { apiKeyRoutes } from './merchants/apiKeyRoutes';
import { routeScopeProblem, scopeRefusal } from './merchants/apiKeyScopes';
import { admitApiKey, callerOf, lookUpApiKey } from './merchants/keyAuth';
import { merchantRoutes } from './merchants/merchantRoutes';
import { rateLimited } from './merchants/rateLimiter';
import { IDEMPOTENCY_KEY_PATTERN } from './idempotency/idempotency';
import { paymentIntentRoutes } from './paymentIntents/paymentIntentRoutes';
import { providerWebhookRoutes } from './providerWebhooks/providerWebhookRoutes';
import { refundRoutes } from './refunds/refundRoutes';
import { providerRoutes } from './routing/providerRoutes';
import { stripeRouter } from './stripe/stripeApp';

/** Routes without a query schema accept no query parameters (compiled once, like every schema). */
const NO_QUERY = { type: 'object', additionalProperties: false, properties: {} } as const;

/** Every route the gateway serves, in mount order. */
export function gatewayRoutes(deps: GatewayDeps): RouteSpec[] {
  return [...paymentIntentRoutes(deps), ...refundRoutes(deps), ...disputeRoutes(deps), ...escrowRoutes(deps), ...ledgerRoutes(deps), ...providerRoutes(deps), ...providerWebhookRoutes(deps, deps.inbox), ...deps.webhooks.routes(deps), ...apiKeyRoutes(deps), ...merchantRoutes(deps), ...consoleApiRoutes(deps), ...opsRoutes(deps), ...disputeDraftRoutes(deps)];
}

/** The express app of the gateway, for index.ts and for supertest. */
export function createApp(deps: GatewayDeps): { app: Express; routes: RouteSpec[]; openApi: Record<string, unknown> } {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  let openApi: Record<string, unknown> = {};
  // The Stripe-compatible surface under /stripe is held to its own document (stripeRouter).
  const check = contractCheck('api-gateway', () => openApi);
  app.use((req, res, next) => (req.path.startsWith('/stripe/') ? next() : check(req, res, next)));
  app.use(deps.metrics.httpMiddleware(), correlation(logger), requestLog(logger));
  app.use('/stripe', stripeRouter(deps, '/stripe').router);
  app.use(inputGate());
  app.get('/metrics', deps.metrics.handler());

  const folder = (name: string): string => path.join(config.DATA_DIR, name);
  app.use(healthRoutes({
    service: 'api-gateway',
    ready: readinessProbe({
      folders: { data_dir: config.DATA_DIR, ledger: folder('ledger'), gateway: folder('gateway'), providers: folder('providers') },
      journals: { ledger: deps.ledger, provider_webhooks: deps.inbox },
    }),
  }));

  const routes = gatewayRoutes(deps);
  for (const route of routes) {
    const problem = routeScopeProblem(route);
    assert(problem === null, `route scope: ${problem ?? ''}`);
  }
  openApi = buildOpenApi(routes);
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(openApi, { customSiteTitle: 'PayRail API' }));
  app.use(redocRoutes());
  // GraphiQL needs no key (a browser cannot send one): it is mounted before /graphql's merchant guard.
  app.use(graphiqlRoutes());
  app.use('/console', consoleRoutes());

  app.use(jsonBody({ limit: config.BODY_LIMIT }));
  app.use(rejectCardNumbers);

  const guards = {
    merchant: authenticateMerchant(deps),
    admin: requireToken('x-admin-token', config.ADMIN_TOKEN, 'admin_token_invalid'),
    internal: requireToken('x-internal-token', config.INTERNAL_TOKEN, 'internal_token_invalid'),
    none: (_req: Request, _res: Response, next: NextFunction) => next(),
  } satisfies Record<RouteSpec['auth'], RequestHandler>;

  for (const route of routes) app[route.method](route.path, guards[route.auth], handle(route, deps.metrics));
  // GraphQL reads through the routes above (their handlers and schemas), behind the same merchant guard.
  const graphql = graphqlHandler(deps, routes);
  app.get(GRAPHQL_PATH, guards.merchant, graphql);
  app.post(GRAPHQL_PATH, guards.merchant, graphql);

  app.use(notFound());
  app.use(errorHandler(logger));
  return { app, routes, openApi };
}

/**
 * The boundary of the card vault: the gateway accepts tokens only. A body or query string holding a
 * card number is refused before anything reads it, and the number is never logged.
 */
const rejectCardNumbers: RequestHandler = (req, _res, next) => {
  // The URL is searched as sent and decoded, so an escape (`%2F4242...`) cannot hide a number.
  const text = `${req.rawBody?.toString('utf8') ?? ''} ${req.originalUrl} ${decodedOrEmpty(req.originalUrl)}`;
  if (findPans(text).length > 0) {
    next(new PayrailError('raw_card_data_not_accepted', 'Card numbers are never sent to the gateway: tokenize the card with the vault and send payment_method: "tok_...".', { param: 'payment_method' }));
    return;
  }
  if (findPansInKey(req.get('idempotency-key') ?? '').length > 0) {
    next(new PayrailError('raw_card_data_not_accepted', 'An Idempotency-Key must not contain a card number: it is stored in the ledger.', { param: 'Idempotency-Key' }));
    return;
  }
  next();
};

/** The URL with its %-escapes decoded; empty when the query holds a malformed one (the path was checked by the input gate). */
function decodedOrEmpty(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return '';
  }
}

function authenticateMerchant(deps: GatewayDeps): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined) return next(new PayrailError('authentication_required'));
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const found = match?.[1] === undefined ? null : await lookUpApiKey(deps.merchants, match[1]);
    if (found === null) return next(new PayrailError('api_key_invalid'));
    const limited = await rateLimited(deps, found.merchant);
    if (limited !== null) return next(limited);
    admitApiKey(deps.merchants, res, found);
    next();
  };
}


function handle(route: RouteSpec, metrics: GatewayDeps['metrics']): RequestHandler {
  return async (req, res) => {
    // A restricted key outside its scopes is refused before anything reads the request: nothing is written.
    const { merchant, apiKey } = callerOf(res);
    if (route.auth === 'merchant') {
      const refusal = scopeRefusal(apiKey, route.scope, `${route.method.toUpperCase()} ${route.path}`);
      if (refusal !== null) throw refusal;
    }
    const key = req.get('idempotency-key') ?? null;
    if (route.idempotency !== undefined) {
      if (key === null && route.idempotency === 'required') throw new PayrailError('idempotency_key_missing', undefined, { param: 'Idempotency-Key' });
      if (key !== null && !IDEMPOTENCY_KEY_PATTERN.test(key)) throw new PayrailError('parameter_invalid', 'Idempotency-Key must be 1 to 255 printable characters.', { param: 'Idempotency-Key' });
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const query = { ...(req.query as Record<string, unknown>) };
    if (route.body !== undefined) validateInput(body, route.body, 'body');
    validateInput(query, route.query ?? NO_QUERY, 'query');
    const context: RouteContext = {
      req,
      res,
      merchant,
      apiKey,
      params: req.params as Record<string, string>,
      body,
      query,
      idempotencyKey: route.idempotency === undefined ? null : key,
    };
    const result = await route.handler(context);
    if (result.headers?.['Idempotent-Replayed'] === 'true') metrics.observeReplay(`${route.method.toUpperCase()} ${route.path}`);
    send(res, result);
  };
}

function send(res: Response, result: RouteResult): void {
  if (result.headers) res.set(result.headers);
  res.status(result.status ?? 200);
  // A raw body is JSON (a stored response) unless its headers name another type (providerB's `[accepted]`).
  if ('raw' in result) res.type(result.headers?.['content-type'] ?? 'application/json').send(result.raw);
  else res.json(result.body);
}
