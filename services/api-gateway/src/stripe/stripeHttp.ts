import { ERROR_CATALOGUE, PayrailError, simulateInvalid } from '@payrail/core';
import { stripeDeclineErrorCode, stripePaymentIntent, type PaymentIntent } from '@payrail/ledger';
import { inputDecodeError } from '@payrail/service-kit';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import * as qs from 'qs';
import { keepingContext } from '@payrail/tracing';

/** qs limits: Stripe's bracket syntax, bounded so a hostile body cannot build a huge object. */
const QS_OPTIONS: qs.IParseOptions = { depth: 5, arrayLimit: 100, parameterLimit: 1000, allowPrototypes: false, allowDots: false, strictDepth: true, throwOnLimitExceeded: true };

/** A parameter error with Stripe's own code (`parameter_invalid_integer`...), answered as a 400. */
export class StripeParamError extends PayrailError {
  constructor(readonly stripeCode: string, message: string, options: { param?: string } = {}) {
    super('parameter_invalid', message, options);
  }
}

/** Parses a form (or query) string with Stripe's bracket syntax; a string over qs's limits is a 400. */
export function parseForm(text: string): Record<string, unknown> {
  try {
    return qs.parse(text, QS_OPTIONS) as Record<string, unknown>;
  } catch (error) {
    throw new PayrailError('parameter_invalid', `The parameters could not be read: ${(error as Error).message}`);
  }
}

/**
 * Reads the body of a Stripe-style request: `application/x-www-form-urlencoded` (what every Stripe
 * client sends) with qs, or JSON. No body is `{}`; another media type is a 415.
 */
export function stripeBody(limitBytes: number): RequestHandler {
  // keepingContext: the body's events are called back outside the request's trace context.
  return keepingContext<Request, Response>((req, _res, next) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes && !failed) {
        failed = true;
        next(new PayrailError('body_too_large', `The body is larger than ${limitBytes} bytes.`));
        return;
      }
      if (!failed) chunks.push(chunk);
    });
    req.on('error', (error) => {
      if (failed) return;
      failed = true;
      next(inputDecodeError(error) ?? error);
    });
    req.on('end', () => {
      if (failed) return;
      const raw = Buffer.concat(chunks);
      req.rawBody = raw;
      try {
        req.body = bodyOf(raw, req.get('content-type'));
        next();
      } catch (error) {
        next(error);
      }
    });
  });
}

function bodyOf(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  if (raw.length === 0) return {};
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = raw.toString('utf8');
  if (type === 'application/x-www-form-urlencoded') return parseForm(text);
  if (type === 'application/json' || type.endsWith('+json')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new PayrailError('parameter_invalid', 'The body is not valid JSON.');
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new PayrailError('parameter_invalid', 'The body must be an object of parameters.');
    return value as Record<string, unknown>;
  }
  throw new PayrailError('unsupported_media_type', 'Send the parameters as application/x-www-form-urlencoded (as Stripe clients do) or application/json.');
}

// One compiler for every route's parameters: Stripe's form values arrive as strings, coerced where
// Stripe coerces them (integers, booleans) and refused otherwise.
const ajv = new Ajv({ allErrors: false, coerceTypes: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** `/card/number` → `card[number]`, the way Stripe names a nested parameter. */
const paramName = (instancePath: string, extra?: string): string => {
  const parts = instancePath.split('/').filter((part) => part !== '');
  if (extra !== undefined) parts.push(extra);
  return parts.map((part, i) => (i === 0 ? part : `[${part}]`)).join('');
};

/** Checks (and coerces, in place) a route's parameters; the first problem is a Stripe-style 400 naming the parameter. */
export function checkParams(params: Record<string, unknown>, schema: Record<string, unknown>): void {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(params)) return;
  const error = (validate.errors ?? [])[0] as ErrorObject;
  throw paramError(error, params);
}

function paramError(error: ErrorObject, params: Record<string, unknown>): PayrailError {
  if (error.instancePath === '/simulate' || error.instancePath.startsWith('/simulate/')) return simulateInvalid();
  const p = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const name = paramName(error.instancePath, String(p['additionalProperty']));
    return new PayrailError('parameter_unknown', `Received unknown parameter: ${name}. PayRail's Stripe-compatible API does not support it (see the README, "Use your Stripe client").`, { param: name });
  }
  if (error.keyword === 'required') {
    const name = paramName(error.instancePath, String(p['missingProperty']));
    return new PayrailError('parameter_missing', `Missing required param: ${name}.`, { param: name });
  }
  const name = paramName(error.instancePath) || 'body';
  const value = error.instancePath.split('/').filter(Boolean).reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], params);
  if (error.keyword === 'type' && (p['type'] === 'integer' || p['type'] === 'number')) return new StripeParamError('parameter_invalid_integer', `Invalid integer: ${String(value).slice(0, 40)}`, { param: name });
  if (error.keyword === 'type' && p['type'] === 'boolean') return new PayrailError('parameter_invalid', `Invalid boolean: ${String(value).slice(0, 40)}`, { param: name });
  if (error.keyword === 'type' && p['type'] === 'object') return new PayrailError('parameter_invalid', `Invalid object: ${name} must be a hash (${name}[key]=value).`, { param: name });
  if (error.keyword === 'type' && p['type'] === 'array') return new PayrailError('parameter_invalid', `Invalid array: ${name} must be a list (${name}[]=value).`, { param: name });
  if (error.keyword === 'enum') return new PayrailError('parameter_invalid', `Invalid ${name}: must be one of ${(p['allowedValues'] as unknown[]).join(', ')}.`, { param: name });
  if (error.keyword === 'minLength' && value === '') return new StripeParamError('parameter_invalid_empty', `You passed an empty string for '${name}'. We assume empty values are an attempt to unset a parameter; however '${name}' cannot be unset.`, { param: name });
  return new PayrailError('parameter_invalid', `Invalid ${name}: ${error.message ?? 'not accepted'}.`, { param: name });
}

/** A Stripe error body. */
export interface StripeErrorBody {
  error: {
    type: string;
    code?: string;
    decline_code?: string;
    message: string;
    param?: string;
    doc_url?: string;
    request_log_url?: string;
    payment_intent?: Record<string, unknown>;
    charge?: string;
  };
}

/** How a PayrailError code is answered on this surface: Stripe's status, type and code. */
const STRIPE_ERRORS: Readonly<Record<string, { status: number; type: string; code?: string }>> = {
  card_declined: { status: 402, type: 'card_error' },
  processor_refused: { status: 402, type: 'card_error', code: 'processing_error' },
  authentication_required: { status: 401, type: 'invalid_request_error' },
  api_key_invalid: { status: 401, type: 'invalid_request_error', code: 'api_key_invalid' },
  // Stripe answers a restricted key without the permission 403, with no code (stripe-node: StripePermissionError).
  api_key_scope_required: { status: 403, type: 'invalid_request_error' },
  rate_limited: { status: 429, type: 'invalid_request_error', code: 'rate_limit' },
  idempotency_key_reused: { status: 400, type: 'idempotency_error', code: 'idempotency_key_in_use' },
  idempotency_key_in_use: { status: 409, type: 'idempotency_error', code: 'idempotency_key_in_use' },
  invalid_state_transition: { status: 400, type: 'invalid_request_error', code: 'payment_intent_unexpected_state' },
  amount_exceeds_capturable: { status: 400, type: 'invalid_request_error', code: 'amount_too_large' },
  amount_exceeds_refundable: { status: 400, type: 'invalid_request_error', code: 'amount_too_large' },
  route_not_found: { status: 404, type: 'invalid_request_error' },
  method_not_allowed: { status: 404, type: 'invalid_request_error' },
  resource_missing: { status: 404, type: 'invalid_request_error', code: 'resource_missing' },
  upstream_unavailable: { status: 503, type: 'api_error' },
};

/** The console page of a payment, for `request_log_url`. */
export type LogUrl = (paymentIntent: string | null) => string;

/** A Stripe error answer of a PayrailError (or a native error body with its status). */
export function stripeError(code: string, message: string, options: { status?: number; param?: string; decline_code?: string; payment_intent?: PaymentIntent; logUrl?: LogUrl; details?: Record<string, unknown> }): { status: number; body: StripeErrorBody } {
  const known = STRIPE_ERRORS[code];
  const catalogued = (ERROR_CATALOGUE as Record<string, { status: number } | undefined>)[code];
  const status = known?.status ?? options.status ?? catalogued?.status ?? 400;
  const type = known?.type ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  const stripeCode = code === 'card_declined' ? stripeDeclineErrorCode(options.decline_code ?? 'card_declined') : known?.code ?? (known === undefined ? code : undefined);
  const intent = options.payment_intent;
  const paymentIntentId = intent?.id ?? (typeof options.details?.['payment_intent'] === 'string' ? options.details['payment_intent'] : null);
  return {
    status,
    body: {
      error: {
        type,
        ...(stripeCode === undefined ? {} : { code: stripeCode }),
        ...(options.decline_code === undefined ? {} : { decline_code: options.decline_code }),
        message,
        ...(options.param === undefined ? {} : { param: options.param }),
        ...(stripeCode === undefined ? {} : { doc_url: `https://docs.stripe.com/error-codes/${stripeCode.replace(/_/g, '-')}` }),
        ...(options.logUrl === undefined ? {} : { request_log_url: options.logUrl(paymentIntentId) }),
        ...(intent === undefined ? {} : { payment_intent: stripePaymentIntent(intent), charge: `ch_${intent.id.slice(3)}` }),
      },
    },
  };
}

/** The Stripe answer of an error a native command answered (`{error: {...}}` with its status). */
export function translateNativeError(status: number, body: Record<string, unknown>, logUrl: LogUrl): { status: number; body: StripeErrorBody } {
  const error = (body['error'] ?? {}) as Record<string, unknown>;
  const intent = error['payment_intent'] as PaymentIntent | undefined;
  return stripeError(String(error['code'] ?? 'api_error'), String(error['message'] ?? 'The request failed.'), {
    status,
    ...(typeof error['param'] === 'string' ? { param: error['param'] } : {}),
    ...(typeof error['decline_code'] === 'string' && error['decline_code'] !== '' ? { decline_code: error['decline_code'] } : {}),
    ...(intent !== undefined && typeof intent === 'object' && typeof intent.id === 'string' ? { payment_intent: intent } : {}),
    ...(typeof error['details'] === 'object' && error['details'] !== null ? { details: error['details'] as Record<string, unknown> } : {}),
    logUrl,
  });
}

/** Every error on this surface in Stripe's shape: thrown PayrailErrors, body and input refusals, and our own faults. */
export function stripeErrorHandler(logger: { error: (obj: object, msg: string) => void }, logUrl: LogUrl): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = error instanceof PayrailError ? error : inputDecodeError(error);
    let answer: { status: number; body: StripeErrorBody };
    if (known !== null) {
      answer = stripeError(known instanceof StripeParamError ? known.stripeCode : known.code, known.message, {
        status: known.statusCode,
        ...(known.param === undefined ? {} : { param: known.param }),
        ...(typeof known.details?.['decline_code'] === 'string' ? { decline_code: known.details['decline_code'] } : {}),
        ...(known.details === undefined ? {} : { details: known.details }),
        logUrl,
      });
      if (known.code === 'rate_limited' && typeof known.details?.['retry_after_s'] === 'number') res.set('Retry-After', String(known.details['retry_after_s']));
    } else {
      logger.error({ err: error, path: req.path, correlation_id: req.correlationId }, 'stripe-compatible API: unexpected error');
      answer = stripeError('api_error', 'An error occurred with our API; retry the request (with the same Idempotency-Key).', { status: 500, logUrl });
    }
    if (res.headersSent) return;
    res.status(answer.status).json(answer.body);
  };
}

