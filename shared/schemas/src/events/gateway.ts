import type { JsonSchema } from '../jsonSchema';

const hash: JsonSchema = { type: 'string', pattern: '^hmac-sha256:[0-9a-f]{64}$' };
const keyId: JsonSchema = { type: 'string', pattern: '^key_[0-9a-z]{26}$' };

/** What a restricted API key may do besides reading (every key can read); a key without scopes may do everything. */
export const API_KEY_SCOPES = ['read_only', 'payments:write', 'refunds:write', 'webhooks:write'] as const;

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
      key_id: keyId,
      key_hash: hash,
      /** The first characters of the key, so a person can tell keys apart: `sk_test_4eC3`. */
      key_prefix: { type: 'string', maxLength: 16 },
      /** Self-service keys (POST /v1/merchants/me/api-keys) may carry a name, scopes and an expiry. */
      name: { type: 'string', minLength: 1, maxLength: 100 },
      /** Absent: an unrestricted key. */
      scopes: { type: 'array', minItems: 1, maxItems: API_KEY_SCOPES.length, uniqueItems: true, items: { type: 'string', enum: [...API_KEY_SCOPES] } },
      expires_at: { type: 'string', format: 'date-time' },
    },
  },
  'merchant.key_expiring': {
    type: 'object',
    additionalProperties: false,
    required: ['key_id', 'expires_at'],
    properties: {
      key_id: keyId,
      expires_at: { type: 'string', format: 'date-time' },
    },
  },
  /** A key deleted by its merchant: it stops working in every gateway process at once. */
  'merchant.key_revoked': {
    type: 'object',
    additionalProperties: false,
    required: ['key_id'],
    properties: { key_id: keyId },
  },
  /**
   * gateway/api_key_uses.jsonl: a key answered a request without an error (recorded at most once an
   * hour per key and gateway process); the line's timestamp is when.
   */
  'merchant.key_used': {
    type: 'object',
    additionalProperties: false,
    required: ['key_id'],
    properties: { key_id: keyId },
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
