import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { PayrailError, type ErrorCode } from '@payrail/core';
import type { JsonSchema } from '@payrail/schemas';
import type { Request, Response } from 'express';
import type { Merchant } from '../merchants/merchantStore';

export type Method = 'get' | 'post' | 'put' | 'delete';
export type Auth = 'merchant' | 'admin' | 'internal' | 'none';

export interface RouteContext {
  req: Request;
  res: Response;
  /** The authenticated merchant (auth: 'merchant'). */
  merchant: Merchant;
  params: Record<string, string>;
  body: Record<string, unknown>;
  query: Record<string, unknown>;
  idempotencyKey: string | null;
}

/** What a handler answers: an object to send as JSON, or an exact body (idempotent replays). */
export type RouteResult = { status?: number; body: unknown; headers?: Record<string, string> } | { status: number; raw: string; headers?: Record<string, string> };

export interface RouteSpec {
  method: Method;
  /** Express-style path: `/v1/payment-intents/:id`. */
  path: string;
  summary: string;
  tag: string;
  auth: Auth;
  /** POST routes of the merchant API honour Idempotency-Key; 'required' refuses requests without one. */
  idempotency?: 'required' | 'optional';
  body?: JsonSchema;
  query?: JsonSchema;
  /** Documented responses besides errors: status → description (and schema). */
  responses?: Record<string, { description: string; schema?: JsonSchema }>;
  handler(context: RouteContext): Promise<RouteResult> | RouteResult;
}

export const defineRoute = (spec: RouteSpec): RouteSpec => spec;

// Bodies are validated as sent (no coercion); query strings are text, so their numbers are coerced.
const bodyAjv = new Ajv2020({ allErrors: false, strict: true });
const queryAjv = new Ajv2020({ allErrors: false, strict: true, coerceTypes: true });
addFormats(bodyAjv);
addFormats(queryAjv);

const compiled = new WeakMap<JsonSchema, ValidateFunction>();

function validatorFor(schema: JsonSchema, ajv: Ajv2020): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Validates `value` against `schema`, or throws the PayrailError a client should see (naming the param). */
export function validateInput(value: unknown, schema: JsonSchema, where: 'body' | 'query'): void {
  const validate = validatorFor(schema, where === 'body' ? bodyAjv : queryAjv);
  if (validate(value)) return;
  throw toParamError(validate.errors?.[0]);
}

function toParamError(error: ErrorObject | undefined): PayrailError {
  if (error === undefined) return new PayrailError('parameter_invalid');
  const path = error.instancePath.split('/').filter(Boolean).join('.');
  const join = (child: string): string => (path === '' ? child : `${path}.${child}`);
  switch (error.keyword) {
    case 'required': {
      const missing = String(error.params['missingProperty']);
      return new PayrailError('parameter_missing', `Missing required parameter: ${join(missing)}.`, { param: join(missing) });
    }
    case 'additionalProperties': {
      const extra = String(error.params['additionalProperty']);
      return new PayrailError('parameter_unknown', `Received unknown parameter: ${join(extra)}.`, { param: join(extra) });
    }
    case 'maxProperties':
    case 'propertyNames':
      if (path.startsWith('metadata')) return new PayrailError('metadata_too_large', undefined, { param: 'metadata' });
      return new PayrailError('parameter_invalid', `Invalid ${path}: ${error.message ?? 'invalid'}.`, { param: path });
    default: {
      if (path.startsWith('metadata') && error.keyword === 'maxLength') return new PayrailError('metadata_too_large', undefined, { param: path });
      return new PayrailError('parameter_invalid', `Invalid ${path || 'body'}: ${error.message ?? 'invalid'}.`, { param: path || 'body' });
    }
  }
}

/** Turns `:id` into `{id}` for OpenAPI. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z_]+)/g, '{$1}');

/** A PayrailError for an unknown object id. */
export const notFound = (what: string, id: string, param = 'id'): PayrailError =>
  new PayrailError('resource_missing', `No such ${what}: '${id}'.`, { param });

/** A 409 carrying the object's current state, for an illegal transition. */
export const illegalTransition = (what: string, id: string, current: string, action: string): PayrailError =>
  new PayrailError('invalid_state_transition', `This ${what} is ${current}; it cannot be ${action}.`, { details: { current_state: current, [what]: id } });

export type { ErrorCode };
