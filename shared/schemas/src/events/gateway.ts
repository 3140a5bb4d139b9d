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
