import { TOKEN_SECURITY_SCHEMES, errorBodySchema, openApiDocument, type OperationDoc } from '@payrail/service-kit';
import type { RouteSpec } from '../http/route';
import { GATEWAY_COMPONENTS } from './components';

/**
 * The error statuses a route answers: those every route of its kind can, and its own. The server's
 * refusals (408, 417, 431) and jsonBody's (413, 415, on any method) are added by openApiDocument.
 */
export function errorStatuses(route: Pick<RouteSpec, 'auth' | 'idempotency' | 'errors'>): number[] {
  const statuses = new Set<number>([400, 404, 405, ...(route.errors ?? [])]);
  if (route.auth !== 'none') statuses.add(401);
  if (route.auth === 'merchant') statuses.add(429);
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
  return openApiDocument({
    title: 'PayRail API',
    service: 'api-gateway',
    description: 'A payment gateway sandbox whose whole state is plain files. Amounts are integers in minor units; errors are {"error":{"type","code","message","param"}}.',
    operations: routes.map(operationOf),
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer sk_test_...' }, ...TOKEN_SECURITY_SCHEMES },
    schemas: { ...GATEWAY_COMPONENTS, Error: errorBodySchema({ $ref: '#/components/schemas/PaymentIntent' }) },
  });
}
