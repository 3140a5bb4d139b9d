import { TOKEN_SECURITY_SCHEMES, errorBodySchema, openApiDocument, type OperationDoc } from '@payrail/service-kit';
import { openApiPath, type RouteSpec } from '../http/route';
import { GATEWAY_COMPONENTS } from './components';
import { redocOperations } from './redoc';
import { GRAPHIQL_PAGE, GRAPHQL_COMPONENTS, GRAPHQL_PATH, graphiqlOperations, graphqlOperations } from '../graphql';

/**
 * The error statuses a route answers: those every route of its kind can, and its own. The server's
 * refusals (408, 417, 431) and jsonBody's (413, 415, on any method) are added by openApiDocument.
 */
export function errorStatuses(route: Pick<RouteSpec, 'auth' | 'scope' | 'idempotency' | 'errors'>): number[] {
  const statuses = new Set<number>([400, 404, 405, ...(route.errors ?? [])]);
  if (route.auth !== 'none') statuses.add(401);
  if (route.auth === 'merchant') statuses.add(429);
  // Every key can read: only a route that needs more refuses a restricted key (api_key_scope_required).
  if (route.auth === 'merchant' && route.scope !== 'read') statuses.add(403);
  if (route.idempotency !== undefined) {
    statuses.add(409);
    statuses.add(422);
  }
  return [...statuses].sort((a, b) => a - b);
}

const IDEMPOTENCY_KEY_DESCRIPTION = 'the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true)';

/** A RouteSpec as the document shows it. */
function operationOf(route: RouteSpec): OperationDoc {
  return {
    method: route.method,
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    tag: route.tag,
    security: route.auth === 'none' ? [] : [route.auth === 'merchant' ? 'bearer' : route.auth],
    ...(route.body === undefined ? {} : { body: route.body }),
    ...(route.example === undefined ? {} : { example: route.example }),
    ...(route.query === undefined ? {} : { query: route.query }),
    ...(route.idempotency === undefined
      ? {}
      : { headers: [{ name: 'Idempotency-Key', required: route.idempotency === 'required', schema: { type: 'string', minLength: 1, maxLength: 255 }, description: IDEMPOTENCY_KEY_DESCRIPTION }] }),
    responses: route.responses,
    errors: errorStatuses(route),
  };
}

/**
 * The OpenAPI 3.1 document of every route the gateway mounts, built from the same specs that mount
 * them: their body and query schemas are what the routes validate with, their response schemas the
 * components every response of the test suite is checked against (contractCheck).
 */
export function buildOpenApi(routes: RouteSpec[]): Record<string, unknown> {
  const document = openApiDocument({
    title: 'PayRail API',
    service: 'api-gateway',
    description: 'A payment gateway sandbox whose whole state is plain files. Amounts are integers in minor units; errors are {"error":{"type","code","message","param"}}.',
    operations: [...routes.map(operationOf), ...redocOperations(), ...graphqlOperations(GRAPHIQL_PAGE), ...graphiqlOperations()],
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer sk_test_...' }, ...TOKEN_SECURITY_SCHEMES },
    schemas: { ...GATEWAY_COMPONENTS, ...GRAPHQL_COMPONENTS, Error: errorBodySchema({ $ref: '#/components/schemas/PaymentIntent' }) },
  });
  const graphql = (['get', 'post'] as const).map((method) => ({ method, path: GRAPHQL_PATH, scope: 'read' }));
  markScopes(document, [...routes.map((route) => ({ method: route.method, path: openApiPath(route.path), scope: route.scope })), ...graphql]);
  return document;
}

const SCOPE_DESCRIPTIONS: Record<string, string> = {
  read: 'API key scope: read (any key, restricted or not).',
  unrestricted: 'API key scope: unrestricted (a key created without scopes); a restricted key gets 403 api_key_scope_required.',
};

/**
 * Says on each operation behind an API key which scope it needs: `x-payrail-scope` for programs, a
 * description line for people (Swagger UI, ReDoc).
 */
export function markScopes(document: Record<string, unknown>, routes: Array<{ method: string; path: string; scope: string | undefined }>): void {
  const paths = document['paths'] as Record<string, Record<string, Record<string, unknown>>>;
  for (const { method, path, scope } of routes) {
    const operation = paths[path]?.[method];
    if (operation === undefined || scope === undefined) continue;
    operation['x-payrail-scope'] = scope;
    operation['description'] = SCOPE_DESCRIPTIONS[scope] ?? `API key scope: ${scope} (or an unrestricted key); a key without it gets 403 api_key_scope_required.`;
  }
}
