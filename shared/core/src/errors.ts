/**
 * The one error shape clients ever see, and the one catalogue of its codes.
 *
 * Every failure a client can cause is a `PayrailError` whose `code` is in `ERROR_CATALOGUE`; anything
 * else is a programmer error and becomes a 500 `api_error` (logged with its stack, never sent).
 */

/** The closed set of error types, as in Stripe's API. */
export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'rate_limit_error'
  | 'idempotency_error'
  | 'card_error'
  | 'state_error'
  | 'api_error'
  | 'service_unavailable_error';

export interface ErrorEntry {
  readonly type: ErrorType;
  readonly status: number;
  /** What it means, and how to fix it: shown in the docs and used when no message is given. */
  readonly message: string;
}

const entry = (type: ErrorType, status: number, message: string): ErrorEntry => ({ type, status, message });

/** Every error code PayRail answers with. The README's error table is checked against it by a test. */
export const ERROR_CATALOGUE = {
  // Request shape
  invalid_json: entry('invalid_request_error', 400, 'The request body is not valid JSON.'),
  body_too_large: entry('invalid_request_error', 413, 'The request body is larger than the limit.'),
  nesting_too_deep: entry('invalid_request_error', 400, 'The JSON body nests objects and arrays deeper than the limit.'),
  invalid_path_encoding: entry('invalid_request_error', 400, 'The request path holds a malformed %-escape or bytes that are not UTF-8: percent-encode each byte of UTF-8 as %XX.'),
  unsupported_media_type: entry('invalid_request_error', 415, 'This route reads JSON: send the body with Content-Type: application/json.'),
  unsupported_charset: entry('invalid_request_error', 400, 'JSON bodies are UTF-8: send Content-Type: application/json or application/json; charset=utf-8.'),
  unsupported_content_encoding: entry('invalid_request_error', 400, 'Content-Encoding must be identity, gzip, deflate or br (one coding).'),
  invalid_content_encoding: entry('invalid_request_error', 400, 'The body does not decode with its Content-Encoding (a truncated or corrupt compressed stream).'),
  body_incomplete: entry('invalid_request_error', 400, 'The body ended before the length its Content-Length header announced.'),
  request_malformed: entry('invalid_request_error', 400, 'The HTTP request could not be parsed: check the method, the request line, header syntax and framing.'),
  headers_too_large: entry('invalid_request_error', 431, 'The request line and headers are larger than the limit.'),
  request_timeout: entry('invalid_request_error', 408, 'The request was not received in time; send it again.'),
  expectation_unsupported: entry('invalid_request_error', 417, 'The only Expect header PayRail honours is Expect: 100-continue.'),
  parameter_invalid: entry('invalid_request_error', 400, 'A parameter has the wrong type or format.'),
  parameter_missing: entry('invalid_request_error', 400, 'A required parameter is missing.'),
  parameter_unknown: entry('invalid_request_error', 400, 'The request has a parameter this route does not accept.'),
  amount_must_be_positive: entry('invalid_request_error', 400, 'Amounts are integers in minor units, greater than zero.'),
  amount_too_large: entry('invalid_request_error', 400, 'The amount is above the configured maximum.'),
  currency_unsupported: entry('invalid_request_error', 400, 'The currency is not an ISO 4217 code PayRail supports.'),
  metadata_too_large: entry('invalid_request_error', 400, 'Metadata allows at most 50 keys of 40 characters and values of 500 characters.'),
  raw_card_data_not_accepted: entry('invalid_request_error', 400, 'Send a vault token (tok_...), never a card number.'),
  resource_missing: entry('invalid_request_error', 404, 'No such object.'),
  route_not_found: entry('invalid_request_error', 404, 'No such route.'),
  method_not_allowed: entry('invalid_request_error', 405, 'This route does not accept that method.'),
  card_invalid: entry('invalid_request_error', 400, 'The card number fails the Luhn check or matches no known brand.'),
  card_expired: entry('invalid_request_error', 400, 'The card expiry is in the past.'),
  cvc_invalid: entry('invalid_request_error', 400, 'The CVC must be 3 digits (4 for Amex).'),
  purpose_not_allowed: entry('invalid_request_error', 403, 'Detokenization needs a purpose from the allow-list.'),
  // Auth and limits
  authentication_required: entry('authentication_error', 401, 'Send Authorization: Bearer <key>.'),
  api_key_invalid: entry('authentication_error', 401, 'The API key is not valid: unknown, deleted, or past its expiry (a rotated key expires after its grace period).'),
  internal_token_invalid: entry('authentication_error', 401, 'Internal routes need the INTERNAL_TOKEN.'),
  admin_token_invalid: entry('authentication_error', 401, 'Admin routes need the ADMIN_TOKEN.'),
  rate_limited: entry('rate_limit_error', 429, 'Too many requests; retry after the Retry-After seconds.'),
  api_key_scope_required: entry('invalid_request_error', 403, "This restricted API key lacks the scope this route needs (error.required_scope): use a key with that scope, or an unrestricted key."),
  api_key_limit_reached: entry('state_error', 409, 'The merchant already has API_KEYS_PER_MERCHANT_MAX active API keys: delete one first.'),
  api_key_last_unrestricted: entry('state_error', 409, "This is the merchant's last unrestricted API key without an expiry: create another before deleting it."),
  // Idempotency
  idempotency_key_missing: entry('invalid_request_error', 400, 'This route requires an Idempotency-Key header.'),
  idempotency_key_reused: entry('idempotency_error', 422, 'This Idempotency-Key was used with a different request body.'),
  idempotency_key_in_use: entry('idempotency_error', 409, 'A request with this Idempotency-Key is still in progress; retry shortly with the same key.'),
  // State machines
  invalid_state_transition: entry('state_error', 409, 'The object is not in a state that allows this action.'),
  amount_exceeds_capturable: entry('invalid_request_error', 400, 'The amount to capture is above the authorized amount.'),
  amount_exceeds_refundable: entry('invalid_request_error', 400, 'Refunds would exceed the captured amount.'),
  escrow_split_invalid: entry('invalid_request_error', 400, "An escrow's payees must be distinct and their amounts (integers, minor units) must sum to the escrow's amount."),
  amount_exceeds_custody: entry('invalid_request_error', 400, 'A release would exceed what a payee still has in custody.'),
  card_declined: entry('card_error', 402, 'The card was declined; see decline_code.'),
  processor_refused: entry('invalid_request_error', 402, 'The processor refused the capture or void and still holds the authorization; nothing moved.'),
  // Storage
  journal_unavailable: entry('service_unavailable_error', 503, 'The ledger cannot be written right now; retry with the same Idempotency-Key.'),
  journal_corrupt: entry('api_error', 500, 'The ledger failed verification; run payrail verify.'),
  upstream_unavailable: entry('service_unavailable_error', 503, 'A service this request needs is unavailable; retry later.'),
  internal_error: entry('api_error', 500, 'Something went wrong on our side; the request id helps us find it.'),
  webhook_signature_invalid: entry('invalid_request_error', 400, 'The webhook signature does not verify: sign the raw body with the endpoint secret, per Standard Webhooks.'),
  job_already_running: entry('state_error', 409, 'This settlement or reconciliation job is already running for that day (maybe in another process); retry when it ends.'),
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface ErrorBody {
  error: {
    type: ErrorType;
    code: ErrorCode;
    message: string;
    param?: string;
    request_id?: string;
    [extra: string]: unknown;
  };
}

/** An operating error a client caused or can retry; the only error whose details leave the process. */
export class PayrailError extends Error {
  readonly code: ErrorCode;
  readonly type: ErrorType;
  readonly statusCode: number;
  readonly param: string | undefined;
  /** Extra fields for the body, such as the current state on a 409 or the decline_code. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message?: string, options: { param?: string; details?: Record<string, unknown> } = {}) {
    const known = ERROR_CATALOGUE[code];
    super(message ?? known.message);
    this.name = 'PayrailError';
    this.code = code;
    this.type = known.type;
    this.statusCode = known.status;
    this.param = options.param;
    this.details = options.details ?? {};
  }

  toBody(requestId?: string): ErrorBody {
    return {
      error: {
        ...this.details,
        type: this.type,
        code: this.code,
        message: this.message,
        ...(this.param === undefined ? {} : { param: this.param }),
        ...(requestId === undefined ? {} : { request_id: requestId }),
      },
    };
  }
}

export const isPayrailError = (value: unknown): value is PayrailError => value instanceof PayrailError;

/** Programmer errors crash loudly; use for invariants that no input can break. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
