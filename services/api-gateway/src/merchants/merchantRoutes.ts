import type { GatewayDeps } from '../common/deps';
import { defineRoute, type RouteSpec } from '../http/route';
import { MerchantStore } from './merchantStore';

/** Admin routes (X-Admin-Token): create merchants and rotate their keys. Keys are shown once. */
export function merchantRoutes(deps: GatewayDeps): RouteSpec[] {
  const tag = 'Admin';
  return [
    defineRoute({
      method: 'post', path: '/admin/merchants', operationId: 'createMerchant', tag, auth: 'admin',
      summary: 'Create a merchant; the answer holds its API key, shown this once.',
      body: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, rate_limit_requests: { type: 'integer', minimum: 1, maximum: 1_000_000 } } },
      responses: { 200: { description: 'The merchant and its API key', schema: { $ref: '#/components/schemas/MerchantWithKey' } } },
      handler: async (c) => {
        const { merchant, api_key } = await deps.merchants.create(c.body['name'] as string, c.body['rate_limit_requests'] as number | undefined);
        return { body: { ...MerchantStore.view(merchant), api_key } };
      },
    }),
    defineRoute({
      method: 'get', path: '/admin/merchants', operationId: 'listMerchants', tag, auth: 'admin', summary: 'List merchants (key ids and prefixes only).',
      responses: { 200: { description: 'The merchants', schema: { $ref: '#/components/schemas/MerchantList' } } },
      handler: () => ({ body: { object: 'list', data: deps.merchants.list().map(MerchantStore.view), has_more: false } }),
    }),
    defineRoute({
      method: 'post', path: '/admin/merchants/:id/rotate-key', operationId: 'rotateMerchantKey', tag, auth: 'admin',
      summary: 'Issue a new API key; older keys keep working for KEY_ROTATION_GRACE_MS (or grace_ms).',
      body: { type: 'object', additionalProperties: false, properties: { grace_ms: { type: 'integer', minimum: 0, maximum: 30 * 86_400_000 } } },
      responses: { 200: { description: 'The merchant and its new API key', schema: { $ref: '#/components/schemas/MerchantWithKey' } } },
      handler: async (c) => {
        const grace = (c.body['grace_ms'] as number | undefined) ?? deps.config.KEY_ROTATION_GRACE_MS;
        const { merchant, api_key } = await deps.merchants.rotateKey(c.params['id'] ?? '', grace);
        return { body: { ...MerchantStore.view(merchant), api_key } };
      },
    }),
  ];
}
