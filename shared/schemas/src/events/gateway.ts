import type { JsonSchema } from '../jsonSchema';

const hash: JsonSchema = { type: 'string', pattern: '^hmac-sha256:[0-9a-f]{64}$' };

/** Events of gateway/merchants.jsonl: merchants and their API keys (stored as keyed hashes only). */
export const GATEWAY_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  'merchant.created': {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 100 },
      rate_limit_requests: { type: 'integer', minimum: 1 },
    },
  },
  'merchant.key_added': {
    type: 'object',
    additionalProperties: false,
    required: ['key_id', 'key_hash', 'key_prefix'],
    properties: {
      key_id: { type: 'string', pattern: '^key_[0-9a-z]{26}$' },
      key_hash: hash,
      /** The first characters of the key, so a person can tell keys apart: `sk_test_4eC3`. */
      key_prefix: { type: 'string', maxLength: 16 },
    },
  },
  'merchant.key_expiring': {
    type: 'object',
    additionalProperties: false,
    required: ['key_id', 'expires_at'],
    properties: {
      key_id: { type: 'string', pattern: '^key_[0-9a-z]{26}$' },
      expires_at: { type: 'string', format: 'date-time' },
    },
  },
};

const customerFields = {
  type: 'object',
  additionalProperties: false,
  properties: {
    email: { type: 'string', maxLength: 254 },
    name: { type: 'string', maxLength: 200 },
    phone: { type: 'string', maxLength: 32 },
    description: { type: 'string', maxLength: 1000 },
    metadata: { type: 'object', maxProperties: 50, additionalProperties: { type: 'string', maxLength: 500 } },
  },
} as const satisfies JsonSchema;

/** Events of gateway/customers.jsonl: the customers of the Stripe-compatible API. */
export const CUSTOMER_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  'customer.created': customerFields,
  'customer.updated': customerFields,
  'customer.deleted': { type: 'object', additionalProperties: false, properties: {} },
};

/** Events of gateway/provider_webhooks.jsonl: every processor webhook received, valid or not. */
export const PROVIDER_WEBHOOK_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  'provider_webhook.received': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'signature_valid', 'outcome'],
    properties: {
      provider: { type: 'string', maxLength: 32 },
      provider_event_id: { anyOf: [{ type: 'string', maxLength: 200 }, { type: 'null' }] },
      event_type: { anyOf: [{ type: 'string', maxLength: 100 }, { type: 'null' }] },
      signature_valid: { type: 'boolean' },
      signature_reason: { type: 'string', maxLength: 500 },
      outcome: { type: 'string', enum: ['applied', 'ignored', 'duplicate', 'out_of_order', 'rejected'] },
      rejection_reason: { type: 'string', maxLength: 64 },
      payment_intent: { anyOf: [{ type: 'string', maxLength: 64 }, { type: 'null' }] },
      ledger_event_ids: { type: 'array', maxItems: 16, items: { type: 'string' } },
      body: { anyOf: [{ type: 'object' }, { type: 'string' }] },
    },
  },
};
