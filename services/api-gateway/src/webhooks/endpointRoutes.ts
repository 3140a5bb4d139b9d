import { PayrailError } from '@payrail/core';
import { MERCHANT_EVENT_TYPES, eventTypeMatches } from '@payrail/ledger';
import type { JsonSchema } from '@payrail/schemas';
import { LIST_QUERY_PROPERTIES, paginate } from '../common/schemas';
import { defineRoute, type RouteSpec } from '../http/route';
import { idempotentRequest } from '../paymentIntents/paymentIntentRoutes';
import { EndpointStore, type EndpointChange, type SecretResponse } from './endpointStore';

/** The longest grace a rotation may give the previous secret. */
const ROTATION_GRACE_MS_MAX = 30 * 86_400_000;
const URL_PATTERN = /^https?:\/\/[^\s/?#]+[^\s]*$/;

const FIELDS: Record<string, JsonSchema> = {
  url: { type: 'string', minLength: 8, maxLength: 2048, description: 'where events are POSTed: an absolute http(s) URL', examples: ['https://merchant.example/webhooks/payrail'] },
  enabled_events: {
    type: 'array', minItems: 1, maxItems: 32, uniqueItems: true,
    items: { type: 'string', maxLength: 64 },
    description: "event types to send: '*', a domain such as 'refund.*', or exact types such as 'payment_intent.captured'",
    examples: [['payment_intent.captured', 'refund.*']],
  },
  description: { anyOf: [{ type: 'string', maxLength: 500 }, { type: 'null' }] },
};

const CREATE_BODY: JsonSchema = { type: 'object', additionalProperties: false, required: ['url', 'enabled_events'], properties: FIELDS };
const UPDATE_BODY: JsonSchema = {
  type: 'object', additionalProperties: false,
  properties: { ...FIELDS, disabled: { type: 'boolean', description: 'true stops deliveries; false resumes them (also after a 410 Gone)' } },
};
const ROTATE_BODY: JsonSchema = {
  type: 'object', additionalProperties: false,
  properties: { expires_in_ms: { type: 'integer', minimum: 0, maximum: ROTATION_GRACE_MS_MAX, description: 'how long the previous secret keeps signing; default WEBHOOK_ROTATION_GRACE_MS (24 h)' } },
};
const DISABLE_BODY: JsonSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    reason: { type: 'string', enum: ['gone'] },
    status_code: { type: 'integer', minimum: 100, maximum: 599 },
    event_id: { type: 'string', pattern: '^evt_[0-9a-z]{26}$' },
  },
};

/** Refuses a URL that is not absolute http(s), or that carries credentials (they would be stored in clear). */
/** An endpoint URL must be absolute http(s), without credentials: a 400 naming `url` otherwise. */
export function checkUrl(url: string): void {
  const parsed = URL_PATTERN.test(url) && URL.canParse(url) ? new URL(url) : null;
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new PayrailError('parameter_invalid', `Invalid url: '${url.slice(0, 100)}' is not an absolute http:// or https:// URL.`, { param: 'url' });
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new PayrailError('parameter_invalid', 'Invalid url: remove the user name and password; authenticate deliveries by their signature.', { param: 'url' });
  }
}

/** Refuses a subscription that matches no event type merchants receive. */
function checkEnabledEvents(patterns: string[]): void {
  for (const [index, pattern] of patterns.entries()) {
    if (![...MERCHANT_EVENT_TYPES].some((type) => eventTypeMatches(pattern, type))) {
      throw new PayrailError('parameter_invalid', `Invalid enabled_events[${index}]: '${pattern.slice(0, 64)}' matches no event type; use '*', a domain such as 'refund.*', or one of ${[...MERCHANT_EVENT_TYPES].join(', ')}.`, { param: 'enabled_events' });
    }
  }
}

const secretAnswer = (response: SecretResponse) => ({ status: 200, raw: response.body, ...(response.replayed ? { headers: { 'Idempotent-Replayed': 'true' } } : {}) });

/** `/v1/webhook-endpoints`: a merchant's endpoints, their subscriptions and signing secrets. */
export function endpointRoutes(store: EndpointStore, grace_ms_default: number): RouteSpec[] {
  const tag = 'Webhook endpoints';
  return [
    defineRoute({
      method: 'post', path: '/v1/webhook-endpoints', operationId: 'createWebhookEndpoint', tag, auth: 'merchant', scope: 'webhooks:write', idempotency: 'optional',
      summary: 'Register an endpoint. The answer holds its signing secret (whsec_...), shown this once.',
      body: CREATE_BODY, example: { url: 'https://shop.example/hooks/payrail', enabled_events: ['payment_intent.*', 'refund.succeeded'], description: 'orders' },
      responses: { 200: { description: 'The webhook endpoint and its signing secret, shown this once', schema: { $ref: '#/components/schemas/WebhookEndpointWithSecret' } } },
      handler: async (c) => {
        checkUrl(c.body['url'] as string);
        checkEnabledEvents(c.body['enabled_events'] as string[]);
        const input = { url: c.body['url'] as string, enabled_events: c.body['enabled_events'] as string[], description: (c.body['description'] as string | null | undefined) ?? null };
        return secretAnswer(await store.create(idempotentRequest(c), input));
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/webhook-endpoints', operationId: 'listWebhookEndpoints', tag, auth: 'merchant', scope: 'read',
      summary: 'List endpoints, newest first.',
      query: { type: 'object', additionalProperties: false, properties: LIST_QUERY_PROPERTIES },
      responses: { 200: { description: 'A list of webhook endpoints', schema: { $ref: '#/components/schemas/WebhookEndpointList' } } },
      handler: async (c) => {
        await store.catchUp();
        const views = store.list(c.merchant.id).map((e) => EndpointStore.view(e) as { id: string });
        return { body: paginate(views, c.query, '/v1/webhook-endpoints') };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/webhook-endpoints/:id', operationId: 'retrieveWebhookEndpoint', tag, auth: 'merchant', scope: 'read',
      summary: 'Retrieve an endpoint.', responses: { 200: { description: 'The WebhookEndpoint', schema: { $ref: '#/components/schemas/WebhookEndpoint' } } },
      handler: async (c) => {
        await store.catchUp();
        return { body: EndpointStore.view(store.get(c.merchant.id, c.params['id'] ?? '')) };
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/webhook-endpoints/:id', operationId: 'updateWebhookEndpoint', tag, auth: 'merchant', scope: 'webhooks:write', idempotency: 'optional',
      summary: 'Change the url, enabled_events or description, or disable/enable deliveries.',
      body: UPDATE_BODY, responses: { 200: { description: 'The WebhookEndpoint', schema: { $ref: '#/components/schemas/WebhookEndpoint' } } },
      handler: async (c) => {
        const change = c.body as EndpointChange;
        if (change.url !== undefined) checkUrl(change.url);
        if (change.enabled_events !== undefined) checkEnabledEvents(change.enabled_events);
        return { body: EndpointStore.view(await store.update(c.merchant.id, c.params['id'] ?? '', change)) };
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/webhook-endpoints/:id', operationId: 'deleteWebhookEndpoint', tag, auth: 'merchant', scope: 'webhooks:write',
      summary: 'Delete an endpoint: nothing more is sent to it (its history stays in the journal).',
      responses: { 200: { description: '{id, object, deleted: true}', schema: { $ref: '#/components/schemas/DeletedWebhookEndpoint' } } },
      handler: async (c) => {
        const id = c.params['id'] ?? '';
        await store.delete(c.merchant.id, id);
        return { body: { id, object: 'webhook_endpoint', deleted: true } };
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/webhook-endpoints/:id/rotate-secret', operationId: 'rotateWebhookEndpointSecret', tag, auth: 'merchant', scope: 'webhooks:write', idempotency: 'optional',
      summary: 'Issue a new signing secret (shown this once). The previous one keeps signing for expires_in_ms (default 24 h): deliveries carry both signatures meanwhile.',
      body: ROTATE_BODY, responses: { 200: { description: 'The WebhookEndpointWithSecret', schema: { $ref: '#/components/schemas/WebhookEndpointWithSecret' } } }, errors: [409],
      handler: async (c) => {
        const grace = (c.body['expires_in_ms'] as number | undefined) ?? grace_ms_default;
        return secretAnswer(await store.rotateSecret(idempotentRequest(c), c.params['id'] ?? '', grace));
      },
    }),
    defineRoute({
      method: 'post', path: '/internal/webhook-endpoints/:id/disable', operationId: 'disableWebhookEndpoint', tag: 'Internal', auth: 'internal',
      summary: 'The dispatcher reports a 410 Gone: the endpoint is disabled (the gateway stays the only writer of endpoints).',
      body: DISABLE_BODY, responses: { 200: { description: 'The WebhookEndpoint', schema: { $ref: '#/components/schemas/WebhookEndpoint' } } },
      handler: async (c) => {
        const evidence = {
          ...(c.body['status_code'] === undefined ? {} : { status_code: c.body['status_code'] as number }),
          ...(c.body['event_id'] === undefined ? {} : { event_id: c.body['event_id'] as string }),
        };
        return { body: EndpointStore.view(await store.disableGone(c.params['id'] ?? '', evidence)) };
      },
    }),
  ];
}
