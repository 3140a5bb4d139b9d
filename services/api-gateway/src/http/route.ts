import type { ErrorObject } from 'ajv';
import { checkInput, openApiTemplate, type ResponseDoc } from '@payrail/service-kit';
import { PayrailError, simulateInvalid, type ErrorCode } from '@payrail/core';
import type { JsonSchema } from '@payrail/schemas';
import type { Request, Response } from 'express';
import type { RouteScope } from '../merchants/apiKeyScopes';
import type { Merchant, MerchantKey } from '../merchants/merchantStore';

export type Method = 'get' | 'post' | 'put' | 'delete';
export type Auth = 'merchant' | 'admin' | 'internal' | 'none';

export interface RouteContext {
  req: Request;
  res: Response;
  /** The authenticated merchant (auth: 'merchant'). */
  merchant: Merchant;
  /** The API key it called with (auth: 'merchant'). */
  apiKey: MerchantKey;
  params: Record<string, string>;
  body: Record<string, unknown>;
  query: Record<string, unknown>;
  idempotencyKey: string | null;
}

/** What a handler answers: an object to send as JSON, or an exact body (idempotent replays). */
export type RouteResult = { status?: number; body: unknown; headers?: Record<string, string> } | { status: number; raw: string; headers?: Record<string, string> };

interface RouteSpecFields {
  method: Method;
  /** Express-style path: `/v1/payment-intents/:id`. */
  path: string;
  /** The OpenAPI operationId, camelCase and unique: `capturePaymentIntent`. */
  operationId: string;
  summary: string;
  tag: string;
  /** POST routes of the merchant API honour Idempotency-Key; 'required' refuses requests without one. */
  idempotency?: 'required' | 'optional';
  body?: JsonSchema;
  query?: JsonSchema;
  /** Documented responses besides errors: status → description, schema (JSON unless `contentType`) and example. */
  responses: Record<string, RouteResponse>;
  /**
   * The error statuses this route raises besides those every route of its kind can (400, 404, 405,
   * 413, 415, 401 and 429 behind auth, 409 and 422 with an Idempotency-Key, the server's 408, 417,
   * 431, and 5XX): 402 declines, 409 state, 503 upstream...
   */
  errors?: number[];
  /** An example request body. */
  example?: Record<string, unknown>;
  handler(context: RouteContext): Promise<RouteResult> | RouteResult;
}

/**
 * A route of the gateway. One behind a merchant's API key declares the scope it needs (apiKeyScopes.ts):
 * `read` for a GET, the write scope of what it changes, or `unrestricted` (API key management), so that
 * no route can be added without saying what a restricted key may do with it.
 */
export type RouteSpec = RouteSpecFields & ({ auth: 'merchant'; scope: RouteScope } | { auth: Exclude<Auth, 'merchant'>; scope?: undefined });

/** A documented response: JSON of `schema` unless `contentType` or `content` say otherwise. */
export type RouteResponse = ResponseDoc;

export const defineRoute = (spec: RouteSpec): RouteSpec => spec;

/** Validates `value` against `schema`, or throws the PayrailError a client should see (naming the param). */
export function validateInput(value: unknown, schema: JsonSchema, where: 'body' | 'query'): void {
  checkInput(value, schema, { where, refine: (error, path) => metadataError(error, path) ?? simulateError(path) });
}

/** Any fault in a `simulate` (an unknown outcome, an empty or too long chain) is one error naming it, with what it may be. */
function simulateError(path: string): PayrailError | null {
  return path === 'simulate' || path.startsWith('simulate.') ? simulateInvalid() : null;
}

/** Metadata over its limits (keys, key length, value length) has its own error code. */
function metadataError(error: ErrorObject, path: string): PayrailError | null {
  if (!path.startsWith('metadata')) return null;
  if (error.keyword === 'maxProperties' || error.keyword === 'propertyNames') return new PayrailError('metadata_too_large', undefined, { param: 'metadata' });
  if (error.keyword === 'maxLength') return new PayrailError('metadata_too_large', undefined, { param: path });
  return null;
}

/** Turns `:id` into `{id}` for OpenAPI. */
export const openApiPath = openApiTemplate;

/** A PayrailError for an unknown object id. */
export const notFound = (what: string, id: string, param = 'id'): PayrailError =>
  new PayrailError('resource_missing', `No such ${what}: '${id}'.`, { param });

/** A 409 carrying the object's current state, for an illegal transition. */
export const illegalTransition = (what: string, id: string, current: string, action: string): PayrailError =>
  new PayrailError('invalid_state_transition', `This ${what} is ${current}; it cannot be ${action}.`, { details: { current_state: current, [what]: id } });

export type { ErrorCode };
