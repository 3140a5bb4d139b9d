import type { JsonSchema } from '../jsonSchema';

const header: JsonSchema = { type: 'string', maxLength: 1024 };
const orderId: JsonSchema = { type: 'string', pattern: '^ord_[0-9a-z]{26}$' };
const env: JsonSchema = { enum: ['local', 'sandbox', 'staging'] };
const minor: JsonSchema = { type: 'integer', minimum: 1, maximum: 99_999_999_999 };
const text = (maxLength: number): JsonSchema => ({ type: 'string', minLength: 1, maxLength });
/** What the gateway answered when it refused or failed a call: its error object, bounded. */
const gatewayError: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['message'],
  properties: { type: text(64), code: text(64), message: { type: 'string', maxLength: 1000 }, param: { type: 'string', maxLength: 200 }, decline_code: text(64) },
};

/**
 * Events of merchant-sim. Stream `merchant-sim/deliveries`: one line per webhook delivery attempt it
 * received, valid or not; events, attempts, badges and the orders' statuses are derived from them.
 * Stream `merchant-sim/orders`: the storefront's orders as placed, and what the gateway answered when
 * merchant-sim created and paid them (never a status: that comes from the webhooks). No card number,
 * CVC or secret is ever in either.
 */
export const MERCHANT_SIM_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  'merchant_sim.delivery_received': {
    type: 'object',
    additionalProperties: false,
    required: ['delivery_id', 'env', 'attempt', 'received_at', 'signature_valid', 'mode', 'status', 'latency_ms', 'duplicate', 'headers', 'body_bytes'],
    properties: {
      delivery_id: { type: 'string', pattern: '^del_[0-9a-z]{26}$' },
      /** The `webhook-id` header: the key deliveries are deduplicated by. Absent when the header was missing or unusable. */
      webhook_id: { type: 'string', minLength: 1, maxLength: 128 },
      env: { enum: ['local', 'sandbox', 'staging'] },
      /** The sender's `webhook-attempt` when it sent one, otherwise this delivery's rank among those with its id. */
      attempt: { type: 'integer', minimum: 1 },
      received_at: { type: 'string', format: 'date-time' },
      signature_valid: { type: 'boolean' },
      signature_reason: {
        enum: ['no_secret_configured', 'missing_headers', 'invalid_timestamp', 'timestamp_too_old', 'timestamp_too_new', 'no_matching_signature', 'body_too_large'],
      },
      mode: { enum: ['normal', 'offline', 'timeout', 'flaky'] },
      flaky_pct: { type: 'integer', minimum: 0, maximum: 100 },
      timeout_ms: { type: 'integer', minimum: 0 },
      /** The HTTP status merchant-sim answered. */
      status: { type: 'integer', minimum: 100, maximum: 599 },
      latency_ms: { type: 'number', minimum: 0 },
      /** Arrival minus the event's `created`, when the body carried one. */
      delta_ms: { type: 'integer' },
      /** True when an earlier delivery with this id was already processed: this one was not applied again. */
      duplicate: { type: 'boolean' },
      /** Timeout mode: the sender hung up before merchant-sim answered. */
      sender_disconnected: { type: 'boolean' },
      headers: {
        type: 'object',
        additionalProperties: false,
        properties: {
          'webhook-id': header,
          'webhook-timestamp': header,
          'webhook-signature': header,
          'webhook-attempt': header,
          'content-type': header,
          'user-agent': header,
        },
      },
      /** The parsed JSON payload, or the raw text when it is not JSON; absent when the body was too large to read. */
      body: {},
      body_bytes: { type: 'integer', minimum: 0 },
      body_truncated: { type: 'boolean' },
      /** Card numbers found in the body were masked before it was stored. */
      body_masked: { type: 'boolean' },
    },
  },
  /** An order placed on the storefront (POST /orders), before anything was asked of the gateway. */
  'merchant_sim.order_placed': {
    type: 'object',
    additionalProperties: false,
    required: ['order_id', 'env', 'idempotency_key', 'request_hash', 'placed_at', 'amount', 'currency', 'payment_method'],
    properties: {
      order_id: orderId,
      env,
      /** The client's Idempotency-Key: a retry with it and the same body is this order again. */
      idempotency_key: text(255),
      /** HMAC-SHA256 (hex) of the request body under a key derived from MERCHANT_SIM_SECRET_KEY: compares retries without keeping the card number. */
      request_hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      placed_at: { type: 'string', format: 'date-time' },
      amount: minor,
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      items: {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        items: { type: 'object', additionalProperties: false, required: ['name', 'quantity', 'unit_amount'], properties: { name: text(200), quantity: { type: 'integer', minimum: 1, maximum: 1000 }, unit_amount: minor } },
      },
      description: text(500),
      payment_method: { enum: ['card', 'pix'] },
      /** The card as the gateway tokenized it: its vault token and what may be shown of it. */
      card: {
        type: 'object',
        additionalProperties: false,
        required: ['token', 'brand', 'last4'],
        properties: { token: { type: 'string', pattern: '^tok_[0-9a-z]{26}$' }, brand: text(32), last4: { type: 'string', pattern: '^[0-9]{4}$' }, exp_month: { type: 'integer', minimum: 1, maximum: 12 }, exp_year: { type: 'integer', minimum: 2000, maximum: 2200 } },
      },
      /** A marketplace order: the split the escrow holds the payment for. */
      escrow: {
        type: 'object',
        additionalProperties: false,
        required: ['payees'],
        properties: {
          payees: {
            type: 'array',
            minItems: 1,
            maxItems: 20,
            items: { type: 'object', additionalProperties: false, required: ['payee', 'role', 'amount'], properties: { payee: text(64), role: { enum: ['seller', 'platform_fee'] }, amount: minor } },
          },
          release_at: { type: 'integer', minimum: 0 },
          refund_deadline: { type: 'integer', minimum: 0 },
        },
      },
    },
  },
  /** The gateway created the order's payment: its PaymentIntent (and escrow, for a marketplace order). */
  'merchant_sim.order_payment_created': {
    type: 'object',
    additionalProperties: false,
    required: ['order_id', 'payment_intent', 'at'],
    properties: {
      order_id: orderId,
      payment_intent: { type: 'string', pattern: '^pi_[0-9a-z]{26}$' },
      escrow: { type: 'string', pattern: '^esc_[0-9a-z]{26}$' },
      at: { type: 'string', format: 'date-time' },
    },
  },
  /**
   * What the gateway answered one checkout step (create or confirm) of an order: `outcome` is how
   * merchant-sim read the answer, never the order's status. A retry of the order adds another line.
   */
  'merchant_sim.order_checkout_updated': {
    type: 'object',
    additionalProperties: false,
    required: ['order_id', 'step', 'outcome', 'at'],
    properties: {
      order_id: orderId,
      step: { enum: ['create', 'confirm'] },
      /** confirmed: answered 200; declined: 402; refused: another 4xx; unreachable: no answer, or a 5xx. */
      outcome: { enum: ['confirmed', 'declined', 'refused', 'unreachable'] },
      gateway_status: { type: 'integer', minimum: 100, maximum: 599 },
      error: gatewayError,
      /** Pix: the QR code the confirmation answered (`pix_display_qr_code`: the BR Code payload, txid, expires_at). */
      next_action: {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: {
          type: text(64),
          pix_display_qr_code: {
            type: 'object',
            additionalProperties: false,
            required: ['data', 'expires_at'],
            properties: { data: { type: 'string', minLength: 1, maxLength: 2048 }, txid: text(64), expires_at: { type: 'integer', minimum: 0 } },
          },
        },
      },
      at: { type: 'string', format: 'date-time' },
    },
  },
};
