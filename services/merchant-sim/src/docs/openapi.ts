import { closedObject, componentRef, nullable } from '@payrail/schemas';
import { TOKEN_SECURITY_SCHEMES, openApiDocument, type OperationDoc } from '@payrail/service-kit';
import { readQuery as readEventsQuery } from '../deliveries/eventRoutes';
import { MODE_SETTING_SCHEMA } from '../modes/modeSetting';
import { checkDetailQuery, readListQuery as readOrdersQuery } from '../orders/orderRoutes';
import { checkBody as secretsBody } from '../secrets/secretRoutes';
import { WEBHOOK_ENVS } from '../webhooks/webhookEnvs';

/*
 * merchant-sim's document: the webhook receiver a merchant runs, the read API of its dashboard
 * (events with their badges, orders built from webhooks) and the admin routes (modes, secrets).
 * Query and body schemas are those the routes check with; responses are written beside the views of
 * deliveries/eventViews.ts and orders/orderViews.ts and checked against every response of the tests.
 */

type Schema = Record<string, unknown>;
const ref = componentRef;
const closed = closedObject;
const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const num: Schema = { type: 'number' };
const bool: Schema = { type: 'boolean' };
const env: Schema = { type: 'string', enum: [...WEBHOOK_ENVS] };
const list = (item: Schema): Schema => closed({ object: { const: 'list' }, url: str, data: { type: 'array', items: item }, has_more: bool });
const ENV_PARAM_ERRORS = [400, 401, 404, 405, 413, 415];

const EVENT_SUMMARY: Record<string, Schema> = {
  id: str,
  object: { const: 'event' },
  type: nullable(str),
  env,
  order_id: nullable(str),
  created: nullable(int),
  first_received_at: { type: 'string', format: 'date-time' },
  last_received_at: { type: 'string', format: 'date-time' },
  processed: bool,
  attempts: int,
  last_status: int,
  badges: closed({ signature: { type: 'string', enum: ['SIG OK', 'SIG FAIL'] }, retries: int, delta_s: nullable(num) }),
  labels: { type: 'array', items: str, description: "the console's badges: SIG OK / SIG FAIL, RETRY n, Δ +s" },
};

const ORDER_SUMMARY: Record<string, Schema> = {
  id: str,
  object: { const: 'order' },
  env,
  status: str,
  amount: nullable(int),
  currency: nullable(str),
  last_event_type: nullable(str),
  events: int,
  first_received_at: str,
  updated_at: str,
};

const MODE_SETTING = closed({ mode: str, flaky_pct: int, timeout_ms: int }, ['flaky_pct', 'timeout_ms']);
const SECRETS_SUMMARY = closed({ count: int, fingerprints: { type: 'array', items: str } });

const SCHEMAS: Record<string, Schema> = {
  WebhookReceipt: closed({ received: { const: true }, id: nullable(str), delivery_id: str, attempt: int, duplicate: bool }),
  ReceivedEvent: { ...closed(EVENT_SUMMARY), description: 'An event as received: badges of its latest attempt.' },
  ReceivedEventList: list(ref('ReceivedEvent')),
  ReceivedEventDetail: {
    type: 'object',
    additionalProperties: false,
    required: [...Object.keys(EVENT_SUMMARY), 'payload', 'timeline'],
    properties: {
      ...EVENT_SUMMARY,
      payload: { description: 'the verified event body (null when no delivery verified)' },
      timeline: { type: 'array', items: { type: 'object', required: ['attempt', 'delivery_id', 'received_at', 'status', 'signature', 'headers'], description: 'one attempt: mode, status, latency, Δ, signature check, the headers received, and the body when it differed from the payload' } },
    },
  },
  Order: { ...closed(ORDER_SUMMARY), description: "The merchant's order, from webhooks only." },
  OrderList: list(ref('Order')),
  OrderDetail: {
    type: 'object',
    additionalProperties: false,
    required: [...Object.keys(ORDER_SUMMARY), 'status_source', 'refunds', 'disputes', 'history'],
    properties: {
      ...ORDER_SUMMARY,
      status_source: nullable(closed({ event_id: str, type: str, created: int })),
      refunds: { type: 'array', items: { type: 'object' } },
      disputes: { type: 'array', items: { type: 'object' } },
      history: { type: 'array', items: { type: 'object' } },
      ledger_view: { type: 'object', required: ['available'], properties: { available: bool }, description: '?refresh=true: the PaymentIntent as the gateway shows it now' },
      in_sync_with_ledger: nullable(bool),
    },
  },
  Modes: closed({ object: { const: 'modes' }, data: { type: 'object', additionalProperties: MODE_SETTING } }),
  ModeSetting: { ...MODE_SETTING, required: ['mode'], properties: { env, ...(MODE_SETTING['properties'] as object) } },
  Secrets: closed({ object: { const: 'secrets' }, data: { type: 'object', additionalProperties: SECRETS_SUMMARY } }),
  EnvSecrets: closed({ env, count: int, fingerprints: { type: 'array', items: str } }),
};

const OPERATIONS: OperationDoc[] = [
  {
    method: 'post', path: '/webhooks/:env', operationId: 'receiveWebhook', tag: 'Receiver',
    summary: "The merchant's webhook endpoint: verifies the Standard Webhooks signature, records the attempt, answers as the env's mode says (ok, flaky, down, timeout...).",
    body: { description: 'the event body, any content type, read raw (at most 256 KiB)' },
    responses: { 200: { description: 'Processed (or a duplicate)', schema: ref('WebhookReceipt') } },
    errors: [400, 404, 405, 410, 413, 429, 503],
  },
  { method: 'get', path: '/events', operationId: 'listReceivedEvents', tag: 'Dashboard', summary: 'Received events, newest first, with badges; filters env and signature=ok|fail.', query: readEventsQuery.schema, responses: { 200: { description: 'The events', schema: ref('ReceivedEventList') } }, errors: [400, 404, 405] },
  { method: 'get', path: '/events/:id', operationId: 'retrieveReceivedEvent', tag: 'Dashboard', summary: 'One event: its payload and the timeline of every attempt with the headers it got.', responses: { 200: { description: 'The event', schema: ref('ReceivedEventDetail') } }, errors: [400, 404, 405] },
  { method: 'get', path: '/orders', operationId: 'listOrders', tag: 'Dashboard', summary: "The merchant's orders built from the webhooks it processed.", query: readOrdersQuery.schema, responses: { 200: { description: 'The orders', schema: ref('OrderList') } }, errors: [400, 404, 405] },
  { method: 'get', path: '/orders/:id', operationId: 'retrieveOrder', tag: 'Dashboard', summary: 'One order; ?refresh=true also reads the payment from the gateway (ledger_view).', query: checkDetailQuery.schema, responses: { 200: { description: 'The order', schema: ref('OrderDetail') } }, errors: [400, 404, 405] },
  { method: 'get', path: '/admin/modes', operationId: 'retrieveModes', tag: 'Admin', security: ['internal'], summary: "Each receiver's behaviour.", responses: { 200: { description: 'The modes', schema: ref('Modes') } }, errors: [401, 405] },
  { method: 'put', path: '/admin/modes/:env', operationId: 'updateMode', tag: 'Admin', security: ['internal'], summary: "Switch a receiver's behaviour at run time.", body: MODE_SETTING_SCHEMA, example: { mode: 'flaky', flaky_pct: 30 }, responses: { 200: { description: 'The mode now', schema: ref('ModeSetting') } }, errors: ENV_PARAM_ERRORS },
  { method: 'get', path: '/admin/secrets', operationId: 'retrieveSecrets', tag: 'Admin', security: ['internal'], summary: 'How many secrets each receiver verifies with, by fingerprint; never a secret.', responses: { 200: { description: 'The secrets', schema: ref('Secrets') } }, errors: [401, 405] },
  { method: 'put', path: '/admin/secrets/:env', operationId: 'replaceSecrets', tag: 'Admin', security: ['internal'], summary: "Replace a receiver's signing secrets (what the gateway pushes when it registers or rotates an endpoint).", body: secretsBody.schema, responses: { 200: { description: 'The secrets now', schema: ref('EnvSecrets') } }, errors: ENV_PARAM_ERRORS },
];

/** merchant-sim's OpenAPI 3.1 document, served at GET /openapi.json. */
export function merchantSimOpenApi(): Record<string, unknown> {
  return openApiDocument({
    title: 'PayRail merchant-sim',
    description: "A merchant's side: a webhook receiver that verifies Standard Webhooks signatures and can misbehave on purpose, and the dashboard API of what it received.",
    operations: OPERATIONS,
    schemas: SCHEMAS,
    securitySchemes: TOKEN_SECURITY_SCHEMES,
  });
}
