import { ERROR_CATALOGUE } from '@payrail/core';
import { openApiPath, type RouteSpec } from '../http/route';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['type', 'code', 'message'],
      properties: {
        type: { type: 'string' },
        code: { type: 'string', enum: Object.keys(ERROR_CATALOGUE) },
        message: { type: 'string' },
        param: { type: 'string' },
        request_id: { type: 'string' },
        decline_code: { type: 'string' },
        current_state: { type: 'string' },
        in_flight: { type: 'string', enum: ['capture', 'cancel'], description: 'a capture or void of this payment is at the processor now' },
        payment_intent: { description: 'the payment id (state errors) or the PaymentIntent (card and processor errors)' },
        refund: { type: 'string' },
      },
    },
  },
};

/** The OpenAPI 3.1 document of every route the gateway mounts, built from the same specs that mount them. */
export function buildOpenApi(routes: RouteSpec[], extra: Array<{ method: string; path: string; summary: string; tag: string }>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    const parameters: unknown[] = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const queryProperties = (route.query?.['properties'] ?? {}) as Record<string, unknown>;
    for (const [name, schema] of Object.entries(queryProperties)) parameters.push({ name, in: 'query', required: false, schema });
    if (route.idempotency !== undefined) {
      parameters.push({ name: 'Idempotency-Key', in: 'header', required: route.idempotency === 'required', schema: { type: 'string', maxLength: 255 } });
    }
    const security = route.auth === 'merchant' ? [{ bearer: [] }] : route.auth === 'admin' ? [{ admin: [] }] : route.auth === 'internal' ? [{ internal: [] }] : [];
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(route.responses ?? { 200: { description: 'OK' } })) {
      responses[status] = { description: response.description, content: { 'application/json': { schema: response.schema ?? { type: 'object' } } } };
    }
    responses['4XX'] = { description: 'Bad input, auth, state or idempotency error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    paths[path] = {
      ...(paths[path] ?? {}),
      [route.method]: {
        summary: route.summary,
        tags: [route.tag],
        security,
        parameters,
        ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
        responses,
      },
    };
  }
  for (const route of extra) {
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method]: { summary: route.summary, tags: [route.tag], responses: { 200: { description: 'OK' } } } };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'PayRail API',
      version: '1.0.0',
      description: 'A payment gateway sandbox whose whole state is plain files. Amounts are integers in minor units; errors are {"error":{"type","code","message","param"}}.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer sk_test_...' },
        admin: { type: 'apiKey', in: 'header', name: 'X-Admin-Token' },
        internal: { type: 'apiKey', in: 'header', name: 'X-Internal-Token' },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
    paths,
  };
}
