import type { JsonSchema } from '../jsonSchema';

const header: JsonSchema = { type: 'string', maxLength: 1024 };

/**
 * Events of merchant-sim (stream `merchant-sim/deliveries`): one line per webhook delivery attempt it
 * received, valid or not. Events, attempts, badges and the merchant's orders are derived from them.
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
};
