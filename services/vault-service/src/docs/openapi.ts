import { TEST_CARDS } from '@payrail/core';
import { closedObject, componentRef, nullable } from '@payrail/schemas';
import { TOKEN_SECURITY_SCHEMES, openApiDocument, type OperationDoc } from '@payrail/service-kit';
import { ROTATE_BODY } from '../keys/keyRoutes';
import { DETOKENIZE_BODY, TOKENIZE_BODY } from '../tokens/tokenRoutes';

const ref = componentRef;
/** The test card that succeeds, from the one table of test cards. */
const SUCCEEDS = TEST_CARDS[0]?.number ?? '';
const isoTime = { type: 'string', format: 'date-time' };
const closed = closedObject;

const CARD_METADATA = {
  token: { type: 'string', pattern: '^tok_[0-9a-z]{26}$' },
  brand: { type: 'string', examples: ['visa', 'mastercard', 'amex'] },
  last4: { type: 'string', pattern: '^[0-9]{4}$' },
  bin: { type: 'string', pattern: '^[0-9]{6,8}$' },
  exp_month: { type: 'integer', minimum: 1, maximum: 12 },
  exp_year: { type: 'integer' },
  fingerprint: { type: 'string', description: 'keyed hash of the card number: the same card under any token' },
  created: isoTime,
  key_id: { type: 'string', description: 'the key its ciphertext is under' },
};

const SCHEMAS = {
  Token: { ...closed(CARD_METADATA), description: 'What the vault says of a card: never its number.', example: { token: 'tok_01jd4ex8m3q2w5e7r9t1y3u5i7', brand: 'visa', last4: '4242', bin: '424242', exp_month: 12, exp_year: 2030, fingerprint: 'fp_3b1c…', created: '2026-12-02T10:00:00.000Z', key_id: 'key_01jd4ex8m3q2w5e7r9t1y3u5i7' } },
  DetokenizedCard: {
    ...closed({ token: CARD_METADATA.token, pan: { type: 'string', pattern: '^[0-9]{12,19}$', examples: [SUCCEEDS] }, exp_month: CARD_METADATA.exp_month, exp_year: CARD_METADATA.exp_year, holder_name: { type: 'string' } }, ['holder_name']),
    description: 'The card number, for a processor call only (Cache-Control: no-store). Every call is a line of vault/access_log.jsonl.',
  },
  KeysStatus: closed({
    active_key_id: { type: 'string' },
    keys: { type: 'array', items: closed({ id: { type: 'string' }, created_at: isoTime, status: { type: 'string', enum: ['active', 'retiring', 'retired'] }, retired_at: isoTime, ciphertexts: { type: 'integer', minimum: 0 } }, ['retired_at']) },
    reencryption: closed({
      state: { type: 'string', enum: ['idle', 'running', 'done', 'failed'] },
      target_key_id: nullable({ type: 'string' }),
      total: { type: 'integer', minimum: 0 },
      reencrypted: { type: 'integer', minimum: 0 },
      remaining: { type: 'integer', minimum: 0 },
      batches: { type: 'integer', minimum: 0 },
      started_at: nullable(isoTime),
      finished_at: nullable(isoTime),
      last_error: nullable({ type: 'string' }),
    }),
  }),
};

const OPERATIONS: OperationDoc[] = [
  {
    method: 'post', path: '/tokens', operationId: 'tokenizeCard', tag: 'Tokens', security: ['internal'],
    summary: 'Tokenize a card: the number is checked (Luhn, brand, expiry, CVC format) and encrypted; the CVC is never stored.',
    body: TOKENIZE_BODY, example: { pan: SUCCEEDS, exp_month: 12, exp_year: 2030, cvv: '123' },
    responses: { 201: { description: 'The token and the card metadata', schema: ref('Token') } }, errors: [400, 401, 405, 413, 415],
  },
  {
    method: 'get', path: '/tokens/:token', operationId: 'retrieveToken', tag: 'Tokens', security: ['internal'],
    summary: 'The metadata of a token (brand, BIN, last 4, expiry, fingerprint).',
    responses: { 200: { description: 'The token', schema: ref('Token') } }, errors: [400, 401, 404, 405],
  },
  {
    method: 'post', path: '/tokens/:token/detokenize', operationId: 'detokenizeCard', tag: 'Tokens', security: ['internal'],
    summary: 'The card number of a token, for a purpose on the allow-list; every attempt is logged before the answer.',
    body: DETOKENIZE_BODY, example: { purpose: 'authorization', requester: 'api-gateway' },
    responses: { 200: { description: 'The card', schema: ref('DetokenizedCard') } }, errors: [400, 401, 403, 404, 405, 413, 415],
  },
  {
    method: 'get', path: '/keys', operationId: 'retrieveKeys', tag: 'Keys', security: ['internal', 'admin'],
    summary: 'The encryption keys, how many ciphertexts each holds, and the re-encryption progress.',
    responses: { 200: { description: 'The keys', schema: ref('KeysStatus') } }, errors: [401, 405],
  },
  {
    method: 'post', path: '/keys/rotate', operationId: 'rotateKeys', tag: 'Keys', security: ['internal', 'admin'],
    summary: 'Add a new active key; cards move to it in the background and the old key retires when none is left under it.',
    body: ROTATE_BODY, responses: { 201: { description: 'The keys after the rotation', schema: ref('KeysStatus') } }, errors: [400, 401, 405, 413, 415],
  },
];

/** vault-service's OpenAPI 3.1 document, served at GET /openapi.json. */
export function vaultOpenApi(): Record<string, unknown> {
  return openApiDocument({
    title: 'PayRail vault-service',
    description: 'The card vault: tokenization, detokenization for processor calls only, and key rotation. Internal: every route but the operations ones needs X-Internal-Token.',
    operations: OPERATIONS,
    schemas: SCHEMAS,
    securitySchemes: TOKEN_SECURITY_SCHEMES,
  });
}
