import { CARD_BRANDS } from '@payrail/core';
import type { JsonSchema } from '../jsonSchema';

const id = (prefix: string): JsonSchema => ({ type: 'string', pattern: `^${prefix}_[0-9a-z]{26}$` });
const token = id('tok');
const keyId = id('key');
const correlationId: JsonSchema = { type: 'string', minLength: 1, maxLength: 128 };
/** A Fernet token (base64url with padding): the only form a card number takes in a file. */
const ciphertext: JsonSchema = { type: 'string', pattern: '^[A-Za-z0-9_-]+={0,2}$', minLength: 100, maxLength: 4096 };
const object = (required: string[], properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

/**
 * Events of vault/cards.jsonl (tokens, ciphertexts, key lifecycle; never key material, never a PAN in
 * clear, never a CVV) and vault/access_log.jsonl (one line per detokenization attempt).
 */
export const VAULT_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  'vault.token_created': object(['token', 'brand', 'bin', 'last4', 'exp_month', 'exp_year', 'fingerprint', 'key_id', 'ciphertext'], {
    token,
    brand: { type: 'string', enum: Object.keys(CARD_BRANDS) },
    bin: { type: 'string', pattern: '^[0-9]{6}$' },
    last4: { type: 'string', pattern: '^[0-9]{4}$' },
    exp_month: { type: 'integer', minimum: 1, maximum: 12 },
    exp_year: { type: 'integer', minimum: 2000, maximum: 9999 },
    /** HMAC-SHA256 of the PAN under the vault's fingerprint key, base64url: equal for equal PANs. */
    fingerprint: { type: 'string', pattern: '^[A-Za-z0-9_-]{22}$' },
    key_id: keyId,
    ciphertext,
  }),
  'vault.card_reencrypted': object(['token', 'key_id', 'previous_key_id', 'ciphertext'], {
    token,
    key_id: keyId,
    previous_key_id: keyId,
    ciphertext,
  }),
  'vault.key_added': object(['key_id', 'created_at'], {
    key_id: keyId,
    created_at: { type: 'string', format: 'date-time' },
    /** The key new tokens used until now; it is retiring from this event on. */
    previous_key_id: keyId,
  }),
  'vault.key_retired': object(['key_id'], { key_id: keyId }),
  'vault.detokenize_attempted': object(['purpose', 'requester', 'correlation_id', 'outcome'], {
    /** Absent only when the path named no well-formed token (reason `token_malformed`). */
    token,
    purpose: { type: 'string', pattern: '^[a-z_]{1,64}$' },
    requester: { type: 'string', minLength: 1, maxLength: 64 },
    correlation_id: correlationId,
    outcome: { type: 'string', enum: ['allowed', 'refused', 'not_found'] },
    reason: { type: 'string', enum: ['purpose_not_allowed', 'token_unknown', 'token_malformed'] },
  }),
};
