import { ERROR_CATALOGUE } from '@payrail/core';
import { schemaExample } from './schemaExample';

/*
 * The error body every PayRail service answers (`PayrailError.toBody`), as the `Error` component of
 * each service's OpenAPI document. `details` of a PayrailError are spread into `error`, so every field
 * any service puts there is listed; the object is closed, so a new detail without its line here fails
 * the contract check of the test suite.
 */

const STATES = 'the state the object is in';

/**
 * `{"error": {...}}`: `type`, `code` (from ERROR_CATALOGUE), `message`, and what the error adds.
 * `paymentIntent` is the schema of the PaymentIntent a decline carries (the gateway's component).
 */
export const errorBodySchema = (paymentIntent: Record<string, unknown> = { type: 'object' }): Record<string, unknown> => ({
  type: 'object',
  additionalProperties: false,
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'code', 'message'],
      properties: {
        type: { type: 'string', enum: [...new Set(Object.values(ERROR_CATALOGUE).map((entry) => entry.type))] },
        code: { type: 'string', enum: Object.keys(ERROR_CATALOGUE) },
        message: { type: 'string' },
        param: { type: 'string', description: 'the parameter (or header) at fault' },
        request_id: { type: 'string', pattern: '^req_' },
        decline_code: { type: 'string', description: 'card_declined: why (insufficient_funds, do_not_honor, ...)' },
        current_state: { type: 'string', description: STATES },
        status: { type: 'string', description: STATES },
        dispute_status: { type: 'string', description: "the dispute's state" },
        in_flight: { type: 'string', enum: ['capture', 'cancel'], description: 'a capture or void of this payment is at the processor now' },
        payment_intent: { anyOf: [{ type: 'string' }, paymentIntent], description: 'the payment id (state errors), or the PaymentIntent (card_declined, processor_refused)' },
        refund: { type: 'string' },
        dispute: { type: 'string' },
        escrow: { type: 'string', description: 'the escrow a state error is about (or that a payment funds)' },
        unreleased: { type: 'integer', description: "amount_exceeds_custody: what that payee still has in custody" },
        webhook_endpoint: { type: 'string' },
        refundable: { type: 'integer', description: 'amount_exceeds_refundable: what can still be refunded' },
        amount_capturable: { type: 'integer' },
        amount_refundable: { type: 'integer' },
        retry_after_s: { type: 'number', description: 'also sent as the Retry-After header' },
        required_scope: { type: 'string', description: 'api_key_scope_required: the scope the route needs (payments:write, refunds:write, webhooks:write, or unrestricted)' },
        signature_reason: { type: 'string' },
        stream: { type: 'string', description: 'journal_corrupt: the stream, line and byte where verification failed' },
        line: { type: 'integer' },
        byte: { type: 'integer' },
      },
    },
  },
});

export const ERROR_BODY_SCHEMA = errorBodySchema();

/** OpenAPI `examples` of the error body for `status` (`'409'`), one per catalogue code answering it. */
export function errorExamples(status: string): Record<string, { value: unknown }> {
  const examples: Record<string, { value: unknown }> = {};
  for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
    const matches = status.endsWith('XX') ? String(entry.status)[0] === status[0] : String(entry.status) === status;
    if (matches) examples[code] = { value: { error: { type: entry.type, code, message: entry.message, request_id: 'req_0123456789abcdefghijklmnop' } } };
  }
  return examples;
}

/** `GET /health` of every service (`healthRoutes`). */
export const HEALTH_SCHEMA: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'service', 'uptime_s', 'pid'],
  properties: { status: { const: 'ok' }, service: { type: 'string' }, uptime_s: { type: 'integer', minimum: 0 }, pid: { type: 'integer', minimum: 1, description: 'the process that answered (one of the GATEWAY_WORKERS behind a shared port)' } },
};

/** `GET /ready` of every service: 200 `ready` or 503 `not_ready`, each check true or the reason it failed. */
export const READY_SCHEMA: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'service', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not_ready'] },
    service: { type: 'string' },
    checks: { type: 'object', additionalProperties: { anyOf: [{ const: true }, { type: 'string' }, { const: false }] } },
  },
};

/**
 * What every service's HTTP server answers before its app reads the request (server.ts): a request it
 * cannot parse or that lacks a Host header (400 `request_malformed`), one not received in time (408),
 * an `Expect` other than 100-continue (417), a request line and headers over the limit (431). Any
 * operation can get these, so each documents them.
 */
export const SERVER_ERROR_STATUSES: readonly number[] = [400, 408, 417, 431];

/**
 * What jsonBody answers on any route mounted after it, whatever the method, when the request carries a
 * body: too large (413), not JSON (415). Every operation documents them.
 */
export const BODY_ERROR_STATUSES: readonly number[] = [413, 415];

/** The error statuses of the operations routes: the server's, and 405 for another method on their path. */
const OPERATIONS_ERROR_STATUSES: readonly number[] = [...new Set([...SERVER_ERROR_STATUSES, 405])].sort((a, b) => a - b);

/**
 * The operations routes every service serves (`/health`, `/ready` and its alias `/readiness`, `/metrics`, `/openapi.json`) as
 * OpenAPI path items, with their responses: besides the server's refusals, another method on their
 * path is a 405. Error statuses refer to `#/components/responses/Error<status>`, which
 * openApiDocument defines.
 */
export function operationsPaths(service = 'payrail-service'): Record<string, Record<string, unknown>> {
  const errors = Object.fromEntries([...OPERATIONS_ERROR_STATUSES, '5XX'].map((status) => [String(status), { $ref: `#/components/responses/Error${status}` }]));
  const op = (operationId: string, summary: string, responses: Record<string, unknown>) => ({ get: { operationId, summary, tags: ['Operations'], security: [], responses: { ...responses, ...errors } } });
  const json = (description: string, schema: Record<string, unknown>, example: unknown) => ({ description, content: { 'application/json': { schema, example } } });
  const ready = {
    200: json('Ready', READY_SCHEMA, { status: 'ready', service, checks: { data_dir: true, ledger: true } }),
    503: json('Not ready: the failing checks say why', READY_SCHEMA, { status: 'not_ready', service, checks: { data_dir: true, ledger: 'journal is not open' } }),
  };
  return {
    '/health': op('getHealth', 'The process is up.', { 200: json('Up', HEALTH_SCHEMA, { status: 'ok', service, uptime_s: 42, pid: 4242 }) }),
    '/ready': op('getReadiness', 'The data folder is writable and every journal is open and verified.', ready),
    '/readiness': op('getReadinessAlias', 'The same probe as /ready, for load balancers and orchestrators configured with this name.', ready),
    '/metrics': op('getMetrics', 'Prometheus metrics in the text exposition format.', {
      200: { description: 'The metrics', content: { 'text/plain': { schema: { type: 'string' }, example: `# HELP http_request_duration_seconds HTTP request latency by route\n# TYPE http_request_duration_seconds histogram\nhttp_request_duration_seconds_count{method="GET",route="/health",status="200",service="${service}"} 1\n` } } },
    }),
    '/openapi.json': op('getOpenApiDocument', 'This document.', {
      200: json('The OpenAPI 3.1 document', { type: 'object', required: ['openapi', 'info', 'paths'], properties: { openapi: { const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' }, components: { type: 'object' } } }, { openapi: '3.1.0', info: { title: 'PayRail API', version: '1.0.0' }, paths: {} }),
    }),
  };
}

/** A response of an operation: JSON of `schema` unless `contentType` or `content` (type → schema) say otherwise. */
export interface ResponseDoc {
  description: string;
  schema?: Record<string, unknown>;
  contentType?: string;
  content?: Record<string, Record<string, unknown>>;
  example?: unknown;
}

/** One operation of a service, as its OpenAPI document shows it. */
export interface OperationDoc {
  method: 'get' | 'post' | 'put' | 'delete' | 'patch';
  /** Express-style path: `/tokens/:token`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** Names of security schemes, all needed (`['internal', 'admin']`); none for an open route. */
  security?: string[];
  /** The JSON Schema the route validates its body with. */
  body?: Record<string, unknown>;
  example?: unknown;
  query?: Record<string, unknown>;
  headers?: Array<{ name: string; required: boolean; schema: Record<string, unknown>; description?: string }>;
  /** Success (and other non-error) responses by status. */
  responses: Record<string, ResponseDoc>;
  /** The 4xx statuses its app answers in the Error shape (SERVER_ERROR_STATUSES, BODY_ERROR_STATUSES and 5XX are always documented). */
  errors: number[];
}

const STATUS_DESCRIPTIONS: Readonly<Record<string, string>> = {
  400: 'Bad input: error.param names the parameter',
  401: 'Missing or wrong credentials',
  402: 'Declined (error.decline_code), or the processor refused the capture or void',
  403: 'Not allowed for this caller or purpose',
  404: 'No such object (or route)',
  405: 'The path exists with other methods: see the Allow header',
  408: 'The request was not received in time (the connection is then closed)',
  409: "The object's state does not allow this (error.current_state), or its Idempotency-Key is still in flight",
  413: 'The body is larger than the limit',
  415: 'The body is not JSON: send Content-Type: application/json',
  417: 'An Expect header other than 100-continue',
  422: 'The Idempotency-Key was used with another request',
  429: 'Rate limited: retry after Retry-After seconds',
  431: 'The request line and headers are larger than the limit (the connection is then closed)',
  503: 'A service or processor this request needs did not answer; retry',
  '5XX': 'Our fault, or the data folder cannot be written: retry',
};

/** `:id` → `{id}` */
export const openApiTemplate = (path: string): string => path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

function errorResponseDoc(status: string, errorRef: string): Record<string, unknown> {
  const examples = errorExamples(status);
  return {
    description: STATUS_DESCRIPTIONS[status] ?? 'Error',
    ...(status === '405' ? { headers: { Allow: { description: 'the methods the path answers', schema: { type: 'string' } } } } : {}),
    content: { 'application/json': { schema: { $ref: errorRef }, ...(Object.keys(examples).length === 0 ? {} : { examples }) } },
  };
}

/** A documented response; a JSON one without its own example gets one from its schema (schemaExample). */
function responseDoc(response: ResponseDoc, schemas: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const media = (type: string, schema: Record<string, unknown>, example: unknown): Record<string, unknown> => {
    const made = example === undefined ? schemaExample(schema, schemas) : undefined;
    const value = example ?? (/json$/.test(type) || typeof made === 'string' ? made : undefined);
    return { schema, ...(value === undefined ? {} : { example: value }) };
  };
  const content = response.content !== undefined
    ? Object.fromEntries(Object.entries(response.content).map(([type, schema]) => [type, media(type, schema, undefined)]))
    : response.schema === undefined && response.contentType === undefined
      ? undefined
      : { [response.contentType ?? 'application/json']: media(response.contentType ?? 'application/json', response.schema ?? { type: 'string' }, response.example) };
  return { description: response.description, ...(content === undefined ? {} : { content }) };
}

/**
 * A service's OpenAPI 3.1 document from its operations: path and query parameters, the request body
 * schema the route validates with, each success response, an example of each (its own, or one made
 * from its schema), each error status in the `Error` shape
 * (with one example per catalogue code), `5XX`, and the operations routes every service serves.
 */
export function openApiDocument(options: {
  title: string;
  description: string;
  operations: OperationDoc[];
  schemas: Record<string, unknown>;
  securitySchemes?: Record<string, unknown>;
  /** The service's name as `/health` answers it, for the examples. */
  service?: string;
}): Record<string, unknown> {
  const errorRef = '#/components/schemas/Error';
  const paths: Record<string, Record<string, unknown>> = {};
  // Each error status is described once, in components.responses, and referenced by the operations.
  const errorStatuses = new Set<string>(['5XX']);
  for (const op of options.operations) {
    const path = openApiTemplate(op.path);
    const parameters: unknown[] = [...op.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string', maxLength: 255 } }));
    const queryProperties = (op.query?.['properties'] ?? {}) as Record<string, unknown>;
    const queryRequired = (op.query?.['required'] ?? []) as string[];
    for (const [name, schema] of Object.entries(queryProperties)) parameters.push({ name, in: 'query', required: queryRequired.includes(name), schema });
    // `metadata[key]=value` filters (a pattern property `^metadata\[...\]$`) are one deepObject parameter.
    for (const [pattern, schema] of Object.entries((op.query?.['patternProperties'] ?? {}) as Record<string, unknown>)) {
      const name = /^\^([a-z_]+)\\\[/.exec(pattern)?.[1];
      if (name !== undefined) parameters.push({ name, in: 'query', required: false, style: 'deepObject', explode: true, schema: { type: 'object', additionalProperties: schema }, description: `${name}[key]=value filters` });
    }
    for (const header of op.headers ?? []) parameters.push({ ...header, in: 'header' });
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(op.responses)) responses[status] = responseDoc(response, options.schemas);
    for (const status of [...new Set([...op.errors, ...SERVER_ERROR_STATUSES, ...BODY_ERROR_STATUSES])].sort((a, b) => a - b)) {
      responses[String(status)] ??= { $ref: `#/components/responses/Error${status}` };
      errorStatuses.add(String(status));
    }
    responses['5XX'] = { $ref: '#/components/responses/Error5XX' };
    const bodyRequired = Array.isArray(op.body?.['required']) && (op.body['required'] as unknown[]).length > 0;
    paths[path] = {
      ...(paths[path] ?? {}),
      [op.method]: {
        operationId: op.operationId,
        summary: op.summary,
        tags: [op.tag],
        security: op.security === undefined || op.security.length === 0 ? [] : [Object.fromEntries(op.security.map((name) => [name, []]))],
        ...(parameters.length === 0 ? {} : { parameters }),
        ...(op.body === undefined ? {} : { requestBody: { required: bodyRequired, content: { 'application/json': { schema: op.body, example: op.example ?? schemaExample(op.body, options.schemas) } } } }),
        responses,
      },
    };
  }
  Object.assign(paths, operationsPaths(options.service));
  for (const status of OPERATIONS_ERROR_STATUSES) errorStatuses.add(String(status));
  const tags = [...new Set([...options.operations.map((op) => op.tag), 'Operations'])].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: '1.0.0', description: options.description },
    servers: [{ url: '/' }],
    tags,
    components: {
      ...(options.securitySchemes === undefined ? {} : { securitySchemes: options.securitySchemes }),
      schemas: { ...options.schemas, Error: options.schemas['Error'] ?? ERROR_BODY_SCHEMA },
      responses: Object.fromEntries([...errorStatuses].sort().map((status) => [`Error${status}`, errorResponseDoc(status, errorRef)])),
    },
    paths,
  };
}

/** The security schemes of PayRail's shared tokens. */
export const TOKEN_SECURITY_SCHEMES: Readonly<Record<string, unknown>> = {
  internal: { type: 'apiKey', in: 'header', name: 'X-Internal-Token', description: 'INTERNAL_TOKEN: service-to-service calls' },
  admin: { type: 'apiKey', in: 'header', name: 'X-Admin-Token', description: 'ADMIN_TOKEN: operators' },
};
