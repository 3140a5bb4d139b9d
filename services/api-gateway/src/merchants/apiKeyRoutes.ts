import { PayrailError } from '@payrail/core';
import type { JsonSchema } from '@payrail/schemas';
import type { GatewayDeps } from '../common/deps';
import { LIST_QUERY_PROPERTIES, paginate } from '../common/schemas';
import { defineRoute, type RouteSpec } from '../http/route';
import { API_KEY_SCOPES, type ApiKeyScope } from './apiKeyScopes';
import type { MerchantKey, NewKeyOptions } from './merchantStore';

/** The longest life a key may be given (expires_at or expires_in_s): five years. */
export const API_KEY_LIFETIME_S_MAX = 5 * 365 * 86_400;

const CREATE_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100, description: 'a label to tell keys apart', examples: ['reporting job'] },
    scopes: {
      type: 'array', minItems: 1, maxItems: API_KEY_SCOPES.length, uniqueItems: true, items: { type: 'string', enum: [...API_KEY_SCOPES] },
      description: 'a restricted key (rk_test_...): read_only, or any of payments:write, refunds:write, webhooks:write (every key can read). Leave out for an unrestricted key (sk_test_...).',
      examples: [['refunds:write']],
    },
    expires_at: { type: 'integer', minimum: 1, description: 'unix seconds, in the future (at most five years ahead); the key stops working then' },
    expires_in_s: { type: 'integer', minimum: 1, maximum: API_KEY_LIFETIME_S_MAX, description: 'seconds from now; instead of expires_at' },
  },
};

/** A key as its merchant sees it: never the secret nor its hash. */
export function apiKeyView(key: MerchantKey, last_used: string | null): Record<string, unknown> {
  const seconds = (iso: string | null): number | null => (iso === null ? null : Math.floor(Date.parse(iso) / 1000));
  return {
    id: key.id,
    object: 'api_key',
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    created: seconds(key.created),
    expires_at: seconds(key.expires_at),
    last_used: seconds(last_used),
  };
}

/** The key options a create body asks for, checked beyond its schema (one expiry, in the future; read_only alone). */
function newKeyOptions(body: Record<string, unknown>, now_ms: number): NewKeyOptions {
  const scopes = body['scopes'] as ApiKeyScope[] | undefined;
  if (scopes !== undefined && scopes.includes('read_only') && scopes.length > 1) {
    throw new PayrailError('parameter_invalid', 'scopes: read_only cannot be combined with a write scope (every key can read): send ["read_only"], or the write scopes alone.', { param: 'scopes' });
  }
  const at = body['expires_at'] as number | undefined;
  const inSeconds = body['expires_in_s'] as number | undefined;
  if (at !== undefined && inSeconds !== undefined) throw new PayrailError('parameter_invalid', 'Send expires_at or expires_in_s, not both.', { param: 'expires_in_s' });
  let expires: Date | undefined;
  if (inSeconds !== undefined) expires = new Date(now_ms + inSeconds * 1000);
  if (at !== undefined) {
    const now_s = Math.floor(now_ms / 1000);
    if (at <= now_s) throw new PayrailError('parameter_invalid', `expires_at (${at}) is not in the future (now is ${now_s}, unix seconds).`, { param: 'expires_at' });
    if (at > now_s + API_KEY_LIFETIME_S_MAX) throw new PayrailError('parameter_invalid', `expires_at is more than five years ahead (at most ${now_s + API_KEY_LIFETIME_S_MAX}).`, { param: 'expires_at' });
    expires = new Date(at * 1000);
  }
  return {
    ...(typeof body['name'] === 'string' ? { name: body['name'] } : {}),
    ...(scopes === undefined ? {} : { scopes }),
    ...(expires === undefined ? {} : { expires_at: expires }),
  };
}

/**
 * `/v1/merchants/me/api-keys`: a merchant manages its own keys with an unrestricted key. A new key's
 * secret is in the create answer only (it is stored as a keyed hash), so the route takes no
 * Idempotency-Key: a replay could not show the secret again. API_KEYS_PER_MERCHANT_MAX bounds retries.
 */
export function apiKeyRoutes(deps: GatewayDeps): RouteSpec[] {
  const tag = 'API keys';
  return [
    defineRoute({
      method: 'post', path: '/v1/merchants/me/api-keys', operationId: 'createApiKey', tag, auth: 'merchant', scope: 'unrestricted',
      summary: 'Create an API key, unrestricted or restricted to scopes, optionally expiring. The answer holds its secret, shown this once.',
      body: CREATE_BODY, example: { name: 'refunds desk', scopes: ['refunds:write'], expires_in_s: 2_592_000 },
      responses: { 200: { description: 'The key and its secret, shown this once', schema: { $ref: '#/components/schemas/ApiKeyWithSecret' } } },
      errors: [409],
      handler: async (c) => {
        const { key, api_key } = await deps.merchants.addKey(c.merchant.id, newKeyOptions(c.body, Date.now()), deps.config.API_KEYS_PER_MERCHANT_MAX);
        return { body: { ...apiKeyView(key, null), secret: api_key } };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/merchants/me/api-keys', operationId: 'listApiKeys', tag, auth: 'merchant', scope: 'unrestricted',
      summary: "List the merchant's keys that still work, newest first: names, prefixes, scopes, expiry and last use, never a secret.",
      query: { type: 'object', additionalProperties: false, properties: LIST_QUERY_PROPERTIES },
      responses: { 200: { description: 'A list of API keys', schema: { $ref: '#/components/schemas/ApiKeyList' } } },
      handler: async (c) => {
        const views = (await deps.merchants.activeKeysWithUse(c.merchant.id)).map(({ key, last_used }) => apiKeyView(key, last_used) as { id: string });
        return { body: paginate(views, c.query, '/v1/merchants/me/api-keys') };
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/merchants/me/api-keys/:id', operationId: 'deleteApiKey', tag, auth: 'merchant', scope: 'unrestricted',
      summary: "Delete a key: it stops working at once, in every gateway process. The merchant's last unrestricted key without an expiry cannot be deleted (409).",
      responses: { 200: { description: '{id, object, deleted: true}', schema: { $ref: '#/components/schemas/DeletedApiKey' } } },
      errors: [409],
      handler: async (c) => {
        const key = await deps.merchants.revokeKey(c.merchant.id, c.params['id'] ?? '');
        return { body: { id: key.id, object: 'api_key', deleted: true } };
      },
    }),
  ];
}
