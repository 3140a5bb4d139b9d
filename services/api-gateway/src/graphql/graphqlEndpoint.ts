import { PayrailError, assert } from '@payrail/core';
import type { JsonSchema } from '@payrail/schemas';
import type { OperationDoc } from '@payrail/service-kit';
import type { Request, RequestHandler } from 'express';
import { getOperationAST, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { createHandler, type RequestParams } from 'graphql-http';
import type { GatewayDeps } from '../common/deps';
import { validateInput, type RouteSpec } from '../http/route';
import { scopeRefusal } from '../merchants/apiKeyScopes';
import { callerOf } from '../merchants/keyAuth';
import { GRAPHQL_ERROR_CODES, asValidationErrors, graphqlErrorFormatter } from './graphqlErrors';
import { GRAPHQL_REST_OPERATIONS, buildGatewaySchema, type GraphqlContext } from './graphqlSchema';
import { GRAPHQL_LIMITS, graphqlRules, parseLimited, type QueryMeasure } from './queryLimits';
import { ReadLoaders } from './readLoaders';
import { RestReads } from './restReads';

export const GRAPHQL_PATH = '/graphql';

/** The media types a GraphQL answer comes in (GraphQL over HTTP): the new one when the client lists it, else JSON. */
export type GraphqlMediaType = 'application/graphql-response+json' | 'application/json';

const OPERATION_NAME: JsonSchema = { type: 'string', maxLength: 256 };
const QUERY_TEXT: JsonSchema = { type: 'string', minLength: 1, maxLength: GRAPHQL_LIMITS.document_chars_max, description: `the GraphQL document, at most ${GRAPHQL_LIMITS.document_chars_max} characters and ${GRAPHQL_LIMITS.document_tokens_max} tokens` };

/** POST /graphql's body (GraphQL over HTTP); an unknown member is refused, as on every route. */
export const GRAPHQL_REQUEST_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['query'],
  properties: {
    query: QUERY_TEXT,
    variables: { anyOf: [{ type: 'object' }, { type: 'null' }], description: 'the values of the operation\'s variables' },
    operationName: { anyOf: [OPERATION_NAME, { type: 'null' }], description: 'which operation of the document to run' },
    extensions: { anyOf: [{ type: 'object' }, { type: 'null' }], description: 'accepted, and read by nothing' },
  },
};

/** POST /graphql takes no query parameters (as a REST route that declares none). */
const NO_QUERY: JsonSchema = { type: 'object', additionalProperties: false, properties: {} };

/** GET /graphql's query string: the same members, variables and extensions as JSON text. */
export const GRAPHQL_REQUEST_QUERY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['query'],
  properties: {
    query: QUERY_TEXT,
    variables: { type: 'string', maxLength: GRAPHQL_LIMITS.document_chars_max, description: 'a JSON object of the variables\' values' },
    operationName: OPERATION_NAME,
    extensions: { type: 'string', maxLength: GRAPHQL_LIMITS.document_chars_max, description: 'a JSON object; accepted, and read by nothing' },
  },
};

/** The media type of the answer, from the Accept header in order (as graphql-http reads it); JSON when it names neither. */
export function graphqlMediaType(accept: string | undefined): GraphqlMediaType {
  for (const part of (accept ?? '').split(',')) {
    const type = (part.split(';', 1)[0] ?? '').trim().toLowerCase();
    if (type === 'application/graphql-response+json') return type;
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return 'application/json';
  }
  // Every route of the gateway answers JSON whatever Accept says; so does this one.
  return 'application/json';
}

/** A JSON object sent as text in the query string (`variables`, `extensions`), or the 400 naming it. */
function jsonObjectParam(text: string | undefined, param: string): Record<string, unknown> | undefined {
  if (text === undefined || text === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PayrailError('parameter_invalid', `${param} must be a JSON object, URL-encoded (${param}=%7B%22first%22%3A5%7D for {"first":5}).`, { param });
  }
  if (value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new PayrailError('parameter_invalid', `${param} must be a JSON object.`, { param });
  return value as Record<string, unknown>;
}

/**
 * The GraphQL request a POST body or a GET query string holds, checked as the REST routes check theirs
 * (the same errors: parameter_missing, parameter_unknown, parameter_invalid), before GraphQL reads it.
 */
export function graphqlRequestParams(req: Request): RequestParams {
  if (req.method === 'POST') {
    if (Object.keys(req.query as object).length > 0) validateInput(req.query, NO_QUERY, 'query');
    const body = (req.body ?? {}) as Record<string, unknown>;
    validateInput(body, GRAPHQL_REQUEST_BODY, 'body');
    return {
      query: body['query'] as string,
      ...(typeof body['operationName'] === 'string' ? { operationName: body['operationName'] } : {}),
      ...(body['variables'] === null || body['variables'] === undefined ? {} : { variables: body['variables'] as Record<string, unknown> }),
    };
  }
  const query = { ...(req.query as Record<string, unknown>) };
  validateInput(query, GRAPHQL_REQUEST_QUERY, 'query');
  const variables = jsonObjectParam(query['variables'] as string | undefined, 'variables');
  jsonObjectParam(query['extensions'] as string | undefined, 'extensions');
  return {
    query: query['query'] as string,
    ...(typeof query['operationName'] === 'string' ? { operationName: query['operationName'] } : {}),
    ...(variables === undefined ? {} : { variables }),
  };
}

/**
 * `GET|POST /graphql` behind the merchant's key (the gateway's own merchant guard runs first): the
 * request read and checked, then graphql-http parses (at most document_tokens_max tokens), validates
 * (the schema's rules, read-only operations, depth and cost), executes through the REST reads and the
 * request's batched loaders, and answers per GraphQL over HTTP: 200 with `data`; with
 * `application/graphql-response+json`, a request that cannot run is 400 with `errors`, with
 * `application/json` it is 200 with `errors`. One log line per request: operation, depth, cost, batches.
 */
export function graphqlHandler(deps: GatewayDeps, routes: readonly RouteSpec[]): RequestHandler {
  const rest = new RestReads(routes, GRAPHQL_REST_OPERATIONS);
  const schema: GraphQLSchema = buildGatewaySchema(rest);
  return async (req, res) => {
    const { merchant, apiKey } = callerOf(res);
    // Every key may read; the check stays so that /graphql follows whatever `read` comes to mean.
    const refusal = scopeRefusal(apiKey, 'read', `${req.method} ${GRAPHQL_PATH}`);
    if (refusal !== null) throw refusal;
    const params = graphqlRequestParams(req);
    const context: GraphqlContext = {
      caller: { req, res, merchant, apiKey },
      loaders: new ReadLoaders(deps.ledger.state, merchant.id, deps.webhooks.deliveries),
      rest,
    };
    let measured: QueryMeasure | null = null;
    let document: DocumentNode | null = null;
    const handler = createHandler<Request, null, GraphqlContext>({
      schema,
      parse: (source) => (document = parseLimited(source)),
      validate: (...args: Parameters<typeof validate>) => asValidationErrors(validate(...args)),
      validationRules: (_req, args, specified) => graphqlRules(specified, args.variableValues, (measure) => (measured = measure)),
      parseRequestParams: () => params,
      context: () => context,
      formatError: graphqlErrorFormatter(req.requestId, req.log),
    });
    const mediaType = graphqlMediaType(req.get('accept'));
    const [body, init] = await handler({ method: req.method, url: req.originalUrl, headers: { accept: mediaType }, body: null, raw: req, context: null });
    // graphql-http answers without a body only what it refuses itself (method, media types), which the request checks above rule out.
    assert(body !== null, `graphql-http refused a checked request: ${init.status} ${init.statusText ?? ''}`);
    const m = measured as QueryMeasure | null;
    const operation = document === null ? null : (getOperationAST(document, params.operationName)?.name?.value ?? null);
    req.log.info({ graphql: { operation, status: init.status, depth: m?.depth ?? null, cost: m?.cost ?? null, batches: context.loaders.batches } }, 'graphql request');
    res.status(init.status ?? 200).set(init.headers as Record<string, string>).send(body);
  };
}

const GRAPHQL_ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['message', 'extensions'],
  properties: {
    message: { type: 'string' },
    locations: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['line', 'column'], properties: { line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 } } } },
    path: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] }, description: 'the field that failed, from the root' },
    extensions: {
      type: 'object',
      additionalProperties: false,
      required: ['code'],
      properties: {
        code: { type: 'string', enum: Object.keys(GRAPHQL_ERROR_CODES), description: Object.entries(GRAPHQL_ERROR_CODES).map(([code, meaning]) => `${code}: ${meaning}`).join(' ') },
        error: { $ref: '#/components/schemas/Error/properties/error', description: 'the REST error this is (its catalogue code, type, message, param)' },
        depth: { type: 'integer', minimum: 0 },
        depth_max: { type: 'integer', minimum: 1 },
        cost: { type: 'integer', minimum: 0 },
        cost_max: { type: 'integer', minimum: 1 },
      },
    },
  },
};

const PAYMENT_INTENTS_QUERY = '{ paymentIntents(first: 2, status: captured) { edges { cursor node { id amount currency status } } pageInfo { hasNextPage endCursor } } }';

/** The OpenAPI components of the GraphQL routes. */
export const GRAPHQL_COMPONENTS: Readonly<Record<string, JsonSchema>> = {
  GraphQLResponse: {
    type: 'object',
    additionalProperties: false,
    properties: {
      data: { anyOf: [{ type: 'object', description: 'shaped as the query asked' }, { type: 'null' }] },
      errors: { type: 'array', minItems: 1, items: GRAPHQL_ERROR_SCHEMA },
    },
    description: 'A GraphQL response: data shaped by the query, and errors, each with extensions.code.',
    examples: [
      { data: { paymentIntents: { edges: [{ cursor: 'pi_01jcy4p8zq3x5v7k9m2n4r6t8w', node: { id: 'pi_01jcy4p8zq3x5v7k9m2n4r6t8w', amount: 2500, currency: 'USD', status: 'captured' } }], pageInfo: { hasNextPage: false, endCursor: 'pi_01jcy4p8zq3x5v7k9m2n4r6t8w' } } } },
      { errors: [{ message: `This query nests fields 12 deep; at most ${GRAPHQL_LIMITS.depth_max} are allowed (a connection spends two: edges and node). Ask for less nesting, or read the nested objects in a second query.`, locations: [{ line: 1, column: 1 }], extensions: { code: 'QUERY_TOO_DEEP', depth: 12, depth_max: GRAPHQL_LIMITS.depth_max } }] },
    ],
  },
};

const RESPONSE = { $ref: '#/components/schemas/GraphQLResponse' };
const ANSWERS = { 'application/json': RESPONSE, 'application/graphql-response+json': RESPONSE };
const REFUSED_400 = {
  description: 'The request is not a GraphQL request (REST\'s Error: parameter_missing, parameter_invalid...); or, asked with Accept: application/graphql-response+json, a document that cannot run (errors with extensions.code)',
  content: { 'application/json': { $ref: '#/components/schemas/Error' }, 'application/graphql-response+json': RESPONSE },
};

/** The GraphQL routes as the OpenAPI document shows them (mounted in app.ts, not as RouteSpecs: GET also serves GraphiQL). */
export function graphqlOperations(graphiqlPage: string): OperationDoc[] {
  const limits = `Documents up to ${GRAPHQL_LIMITS.document_chars_max} characters and ${GRAPHQL_LIMITS.document_tokens_max} tokens, fields nested up to ${GRAPHQL_LIMITS.depth_max} deep, at most ${GRAPHQL_LIMITS.cost_max} fields resolved (estimated from first), queries only.`;
  const answered = 'The answer (GraphQL over HTTP): data, and errors each with extensions.code; with Accept: application/json a document that cannot run is answered here too, with errors only.';
  return [
    {
      method: 'post', path: GRAPHQL_PATH, operationId: 'postGraphql', tag: 'GraphQL', security: ['bearer'],
      summary: `Run a GraphQL query over the merchant's payments, refunds, disputes, escrows, events, deliveries and processors (read-only; the same reads as REST). ${limits}`,
      body: GRAPHQL_REQUEST_BODY, example: { query: PAYMENT_INTENTS_QUERY },
      responses: { 200: { description: answered, content: ANSWERS }, 400: REFUSED_400 },
      errors: [400, 401, 405, 429],
    },
    {
      method: 'get', path: GRAPHQL_PATH, operationId: 'getGraphql', tag: 'GraphQL', security: ['bearer'],
      summary: `Run a GraphQL query given in the URL (query, variables, operationName): queries only, so a GET changes nothing. A browser (Accept: text/html) gets GraphiQL instead, with no key. ${limits}`,
      query: GRAPHQL_REQUEST_QUERY,
      responses: { 200: { description: `${answered} For Accept: text/html, the GraphiQL page.`, content: { ...ANSWERS, 'text/html': { type: 'string', examples: [graphiqlPage.slice(0, 200)] } } }, 400: REFUSED_400 },
      errors: [400, 401, 405, 429],
    },
  ];
}
