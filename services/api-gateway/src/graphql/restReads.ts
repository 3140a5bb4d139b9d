import { PayrailError, assert } from '@payrail/core';
import type { JsonSchema } from '@payrail/schemas';
import { validateInput, type RouteContext, type RouteSpec } from '../http/route';

/** What a REST read is called with: the request's context (merchant, key, req, res) and the operation's own input. */
export type Caller = Omit<RouteContext, 'params' | 'query' | 'body' | 'idempotencyKey'>;

/** The query schema of a route that declares none (as app.ts validates it): no parameters. */
const NO_QUERY: JsonSchema = { type: 'object', additionalProperties: false, properties: {} };

/**
 * The gateway's REST read operations (its GET routes behind a merchant's key), called by operationId
 * as the REST API calls them: the query validated with the route's own schema, then the route's own
 * handler, whose JSON body is the answer. GraphQL's top-level fields are these calls, so a GraphQL
 * list or object is the REST answer for the same input, by construction: one source of truth.
 */
export class RestReads {
  private readonly byOperation = new Map<string, RouteSpec>();

  constructor(routes: readonly RouteSpec[], operationIds: readonly string[]) {
    for (const route of routes) if (route.method === 'get' && route.auth === 'merchant') this.byOperation.set(route.operationId, route);
    for (const id of operationIds) assert(this.byOperation.has(id), `GraphQL reads the REST operation ${id}, which no GET route behind a merchant key declares`);
  }

  /** The route of an operation, for its query and response schemas. */
  route(operationId: string): RouteSpec {
    const route = this.byOperation.get(operationId);
    assert(route !== undefined, `no REST read ${operationId}`);
    return route;
  }

  /**
   * The JSON body the REST route answers for `params` and `query` (query values typed as the schema
   * says: the checker coerces strings as a query string has them). A refusal is the route's PayrailError
   * with `param` (and its mention in the message) renamed by `names` to what the GraphQL caller wrote.
   */
  async call(operationId: string, caller: Caller, input: { params?: Record<string, string>; query?: Record<string, unknown> }, names: (restParam: string) => string = (name) => name): Promise<unknown> {
    const route = this.route(operationId);
    const query = { ...(input.query ?? {}) };
    try {
      validateInput(query, route.query ?? NO_QUERY, 'query');
      const result = await route.handler({ ...caller, params: input.params ?? {}, query, body: {}, idempotencyKey: null });
      assert('body' in result, `${operationId} answered raw bytes; GraphQL reads JSON bodies`);
      return result.body;
    } catch (error) {
      throw error instanceof PayrailError ? renamed(error, names) : error;
    }
  }
}

/** The same error naming the parameter as the GraphQL caller wrote it (`first` for REST's `limit`). */
export function renamed(error: PayrailError, names: (restParam: string) => string): PayrailError {
  if (error.param === undefined) return error;
  const param = names(error.param);
  if (param === error.param) return error;
  return new PayrailError(error.code, error.message.replace(error.param, param), { param, details: { ...error.details } });
}
