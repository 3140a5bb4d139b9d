import { PayrailError } from '@payrail/core';
import type { Logger } from '@payrail/service-kit';
import { GraphQLError } from 'graphql';

/**
 * Every `extensions.code` a GraphQL error carries, and when. GraphQL's convention names them in capitals;
 * an error that comes from the REST layer also carries that error's own object as `extensions.error`
 * (`{type, code, message, param}`, REST's catalogue code), so a client reads one catalogue either way.
 */
export const GRAPHQL_ERROR_CODES = {
  GRAPHQL_PARSE_FAILED: 'The document is not GraphQL: a syntax error, at the location given.',
  QUERY_TOO_LARGE: 'The document has more tokens than the parser reads (GRAPHQL_LIMITS.document_tokens_max).',
  GRAPHQL_VALIDATION_FAILED: 'The document does not fit the schema: an unknown field or argument, a wrong type, a missing variable.',
  OPERATION_NOT_SUPPORTED: 'A mutation or a subscription: this API only reads (the REST API changes things).',
  QUERY_TOO_DEEP: 'The query nests fields deeper than GRAPHQL_LIMITS.depth_max (extensions.depth, depth_max).',
  QUERY_TOO_COSTLY: 'The query could resolve more fields than GRAPHQL_LIMITS.cost_max, or its introspection walks the type graph.',
  BAD_REQUEST: 'The request names no operation it can run (operationName missing or unknown).',
  BAD_USER_INPUT: 'A value the API refuses (a variable of the wrong type, a filter out of range): extensions.error says which, as REST would.',
  NOT_FOUND: "No such object among the merchant's (REST's 404 resource_missing, in extensions.error).",
  SERVICE_UNAVAILABLE: 'Something this field needs is unavailable right now (REST would answer 503); retry.',
  INTERNAL_SERVER_ERROR: 'A fault of ours, logged with the request id; the field is null.',
} as const;

export type GraphqlErrorCode = keyof typeof GRAPHQL_ERROR_CODES;

const isCode = (value: unknown): value is GraphqlErrorCode => typeof value === 'string' && value in GRAPHQL_ERROR_CODES;

/** The GraphQL code of a REST error, by its HTTP status. */
function codeOfStatus(status: number): GraphqlErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 503) return 'SERVICE_UNAVAILABLE';
  return status < 500 ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR';
}

/** Tags errors that validation produced without a code of their own. */
export function asValidationErrors(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map((error) => (isCode(error.extensions['code']) ? error : withExtensions(error, { code: 'GRAPHQL_VALIDATION_FAILED' })));
}

function withExtensions(error: GraphQLError, extensions: Record<string, unknown>, message = error.message): GraphQLError {
  return new GraphQLError(message, {
    ...(error.nodes === undefined ? {} : { nodes: error.nodes }),
    ...(error.source === undefined ? {} : { source: error.source }),
    ...(error.positions === undefined ? {} : { positions: error.positions }),
    ...(error.path === undefined ? {} : { path: error.path }),
    ...(error.originalError === undefined || error.originalError === null ? {} : { originalError: error.originalError }),
    extensions: { ...error.extensions, ...extensions },
  });
}

/**
 * The formatError of one request: every error leaves with an `extensions.code`. A PayrailError (a
 * refusal of the REST layer) keeps its message and adds its REST body as `extensions.error`; an error
 * of ours is logged with its stack and leaves as INTERNAL_SERVER_ERROR with the request id, never its
 * message; GraphQL's own (variables, operation name) get BAD_USER_INPUT or BAD_REQUEST.
 */
export function graphqlErrorFormatter(requestId: string, logger: Logger): (error: Readonly<GraphQLError | Error>) => GraphQLError {
  return (error) => {
    if (!(error instanceof GraphQLError)) {
      // graphql-http's own request errors; app.ts has read the request before, so none is expected.
      return new GraphQLError(error.message, { extensions: { code: 'BAD_REQUEST' } });
    }
    const original = error.originalError;
    if (original instanceof PayrailError) {
      const body = original.toBody(requestId).error;
      return withExtensions(error, { code: codeOfStatus(original.statusCode), error: body });
    }
    if (isCode(error.extensions['code'])) return error;
    // A field that failed (it has a path) with no code: our fault, whatever threw (a value our own type refused included).
    if (error.path !== undefined) {
      logger.error({ err: original ?? error, request_id: requestId, path: error.path }, 'graphql field failed');
      return withExtensions(error, { code: 'INTERNAL_SERVER_ERROR' }, `Internal error resolving this field; the request id ${requestId} helps us find it.`);
    }
    // Without a path: variable coercion and operation selection (execute), or an argument a scalar refused.
    const code: GraphqlErrorCode = /operation/i.test(error.message) && !/variable/i.test(error.message) ? 'BAD_REQUEST' : 'BAD_USER_INPUT';
    return withExtensions(error, { code });
  };
}
