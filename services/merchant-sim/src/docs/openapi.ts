import { SUCCEEDING_TEST_CARD } from '@payrail/core';
import { closedObject, componentRef, nullable } from '@payrail/schemas';
import { TOKEN_SECURITY_SCHEMES, openApiDocument, type OperationDoc } from '@payrail/service-kit';
import { readQuery as readEventsQuery } from '../deliveries/eventRoutes';
import { checkApiKeyBody } from '../envs/apiKeyRoutes';
import { MODE_SETTING_SCHEMA } from '../modes/modeSetting';
import { checkDetailQuery, readListQuery as readOrdersQuery } from '../orders/orderRoutes';
import { checkBody as secretsBody } from '../secrets/secretRoutes';
import { ORDER_BODY_SCHEMA } from '../storefront/orderInput';
import { REFUND_BODY_SCHEMA } from '../storefront/storefrontRoutes';
import { WEBHOOK_ENVS } from '../webhooks/webhookEnvs';

/*
 * merchant-sim's document: the webhook receiver a merchant runs, the read API of its dashboard
 * (events with their badges, orders built from webhooks), the storefront (orders placed and paid
 * through the gateway, and their pages) and the admin routes (modes, secrets, API keys).
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
  id: { type: 'string', description: 'ord_... for an order placed here; the payment intent (pi_...) for a payment known only from webhooks' },
  object: { const: 'order' },
  source: { type: 'string', enum: ['storefront', 'webhooks'] },
  env,
  status: { ...nullable(str), description: 'from verified webhooks only: placed, awaiting_payment, then the payment\'s status (or the escrow\'s, for a marketplace order)' },
  amount: nullable(int),
  currency: nullable(str),
  payment_method: nullable({ type: 'string', enum: ['card', 'pix'] }),
  payment_intent: nullable(str),
  escrow: nullable(str),
  last_event_type: nullable(str),
  events: int,
  placed_at: nullable(str),
  first_received_at: nullable(str),
  updated_at: str,
};
const ORDER_PART = closed({ id: str, status: nullable(str), amount: nullable(int), currency: nullable(str), last_event_type: nullable(str) });
const HISTORY_ENTRY = closed({ event_id: str, type: nullable(str), created: nullable(int), received_at: str, status: nullable(str) });
const STATUS_SOURCE = nullable(closed({ event_id: str, type: nullable(str), created: int }));
const GATEWAY_ERROR = closed({ type: str, code: str, message: str, param: str, decline_code: str }, ['type', 'code', 'param', 'decline_code']);
const ESCROW_SEEN = closed({
  id: str,
  status: nullable(str),
  payees: { type: 'array', items: closed({ payee: str, role: nullable(str), amount: nullable(int), released: nullable(int) }) },
  amount_in_custody: nullable(int),
  amount_released: nullable(int),
  amount_refunded: nullable(int),
  release_at: nullable(int),
  refund_deadline: nullable(int),
  dispute: {},
  last_event_type: nullable(str),
});
const GATEWAY_READ = (field: string): Schema => ({
  type: 'object',
  required: ['available', 'fetched_at'],
  properties: { available: bool, fetched_at: str, status_code: int, reason: str, error: {}, [field]: {} },
  additionalProperties: false,
  description: `the gateway's answer now (${field}), or why there is none (reason)`,
});

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
  Order: { ...closed(ORDER_SUMMARY), description: "An order as listed: one placed on the storefront, or a payment known only from webhooks; its status from webhooks only." },
  OrderList: list(ref('Order')),
  OrderDetail: {
    type: 'object',
    additionalProperties: false,
    description: 'A payment known from webhooks (GET /orders/{pi_...}).',
    required: [...Object.keys(ORDER_SUMMARY), 'status_source', 'refunds', 'disputes', 'escrow_detail', 'history'],
    properties: {
      ...ORDER_SUMMARY,
      status_source: STATUS_SOURCE,
      refunds: { type: 'array', items: ORDER_PART },
      disputes: { type: 'array', items: ORDER_PART },
      escrow_detail: nullable(ESCROW_SEEN),
      history: { type: 'array', items: HISTORY_ENTRY },
      ledger_view: GATEWAY_READ('payment_intent'),
      in_sync_with_ledger: nullable(bool),
    },
  },
  StorefrontOrder: {
    type: 'object',
    additionalProperties: false,
    description: 'An order placed on the storefront (GET /orders/{ord_...}, and the answer of POST /orders): as placed, its checkout at the gateway, and what the webhooks said of its payment.',
    required: [...Object.keys(ORDER_SUMMARY), 'items', 'description', 'payment', 'escrow_detail', 'checkout', 'status_source', 'refunds', 'disputes', 'history', 'links'],
    properties: {
      ...ORDER_SUMMARY,
      items: nullable({ type: 'array', items: closed({ name: str, quantity: int, unit_amount: int }) }),
      description: nullable(str),
      payment: closed({
        method: { type: 'string', enum: ['card', 'pix'] },
        payment_intent: nullable(str),
        status: { ...nullable(str), description: "the payment intent's status from its latest verified webhook" },
        card: nullable(closed({ brand: str, last4: str, exp_month: nullable(int), exp_year: nullable(int) })),
        pix: nullable(closed({ data: { type: 'string', description: 'the BR Code copy-and-paste payload' }, txid: nullable(str), expires_at: nullable(int) })),
      }),
      escrow_detail: nullable(closed({
        id: nullable(str),
        status: nullable(str),
        payees: { type: 'array', items: closed({ payee: str, role: str, amount: int, released: nullable(int) }) },
        amount_in_custody: nullable(int),
        amount_released: nullable(int),
        amount_refunded: nullable(int),
        release_at: nullable(int),
        refund_deadline: nullable(int),
        dispute: {},
        last_event_type: nullable(str),
      })),
      checkout: closed({
        state: { type: 'string', enum: ['pending', 'payment_created', 'confirmed', 'declined', 'refused', 'unreachable'], description: 'what the gateway last answered for this order (never its status): unreachable means a retry with the same Idempotency-Key resumes it' },
        step: nullable({ type: 'string', enum: ['create', 'confirm'] }),
        gateway_status: nullable(int),
        error: nullable(GATEWAY_ERROR),
        calls: int,
        updated_at: str,
      }),
      status_source: STATUS_SOURCE,
      refunds: { type: 'array', items: ORDER_PART },
      disputes: { type: 'array', items: ORDER_PART },
      history: { type: 'array', items: HISTORY_ENTRY },
      links: closed({ self: str, page: str, events: nullable(str), payment: nullable(str), ledger: nullable(str) }),
      ledger_view: GATEWAY_READ('payment_intent'),
      in_sync_with_ledger: nullable(bool),
    },
  },
  RefundRequest: closed({
    object: { const: 'refund_request' },
    order: str,
    payment_intent: str,
    refund: closed({ id: str, status: nullable(str), amount: nullable(int), currency: nullable(str) }),
    note: str,
  }),
  OrderLedger: closed({ object: { const: 'order_ledger' }, order: str, payment_intent: nullable(str), ledger_view: GATEWAY_READ('ledger') }),
  ApiKeys: closed({ object: { const: 'api_keys' }, data: { type: 'object', additionalProperties: closed({ source: { type: 'string', enum: ['env', 'default', 'none'] }, prefix: nullable(str) }) } }),
  EnvApiKey: closed({ env, source: { type: 'string', enum: ['env', 'default', 'none'] }, prefix: nullable(str) }),
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
  {
    method: 'post', path: '/orders', operationId: 'placeOrder', tag: 'Storefront',
    summary: "Place an order and pay it through the gateway's public API: a PaymentIntent (or an escrow, with `escrow.payees`) created and confirmed with Idempotency-Keys derived from the order id. A card is tokenized by the gateway first; a Pix order answers the BR Code to pay. The status stays `placed` until the verified webhooks move it. A retry with the same Idempotency-Key and body is the same order (200, Idempotent-Replayed), and resumes a checkout the gateway did not complete.",
    headers: [{ name: 'Idempotency-Key', required: true, schema: { type: 'string', minLength: 1, maxLength: 255 }, description: 'your order reference: the same key and body are the same order, paid once' }],
    body: ORDER_BODY_SCHEMA,
    example: { items: [{ name: 'Mug', quantity: 2, unit_amount: 1250 }], currency: 'usd', payment: { method: 'card', card: { number: SUCCEEDING_TEST_CARD } }, env: 'local' },
    responses: { 201: { description: 'Placed; see checkout for what the gateway answered', schema: ref('StorefrontOrder') }, 200: { description: 'The order this Idempotency-Key placed before (Idempotent-Replayed: true)', schema: ref('StorefrontOrder') } },
    errors: [400, 404, 405, 409, 413, 415, 422, 503],
  },
  { method: 'get', path: '/orders', operationId: 'listOrders', tag: 'Dashboard', summary: 'Every order, newest first: those placed here (ord_...) and payments known only from webhooks (pi_...); filters env and source.', query: readOrdersQuery.schema, responses: { 200: { description: 'The orders', schema: ref('OrderList') } }, errors: [400, 404, 405] },
  {
    method: 'get', path: '/orders/:id', operationId: 'retrieveOrder', tag: 'Dashboard',
    summary: 'One order: ord_... as placed here and joined with its payment (StorefrontOrder), or pi_... as the webhooks described it (OrderDetail); ?refresh=true also reads the payment from the gateway (ledger_view).',
    query: checkDetailQuery.schema,
    responses: { 200: { description: 'The order', content: { 'application/json': { oneOf: [ref('StorefrontOrder'), ref('OrderDetail')] } } } },
    errors: [400, 404, 405],
  },
  {
    method: 'post', path: '/orders/:id/refund', operationId: 'refundOrder', tag: 'Storefront',
    summary: "Ask the gateway to refund an order's payment (all that is left, or `amount`). The order shows the refund when its webhooks arrive. Idempotency-Key required: a retry is the same refund.",
    headers: [{ name: 'Idempotency-Key', required: true, schema: { type: 'string', minLength: 1, maxLength: 255 } }],
    body: REFUND_BODY_SCHEMA, example: { amount: 500, reason: 'requested_by_customer' },
    responses: { 202: { description: 'The gateway took the refund', schema: ref('RefundRequest') } },
    errors: [400, 401, 402, 404, 405, 409, 413, 415, 422, 429, 503],
  },
  { method: 'get', path: '/orders/:id/ledger', operationId: 'retrieveOrderLedger', tag: 'Storefront', summary: "The gateway's ledger of the order's payment (GET /v1/ledger/{payment_intent}, every event with its hash check), read with the env's API key; an unreachable gateway is reported in ledger_view.", responses: { 200: { description: 'The ledger view', schema: ref('OrderLedger') } }, errors: [400, 404, 405] },
  { method: 'get', path: '/shop/orders', operationId: 'showOrdersPage', tag: 'Storefront', summary: 'The orders page (HTML, no script; reloads every 5 s).', responses: { 200: { description: 'The page', contentType: 'text/html', schema: { type: 'string' } } }, errors: [400, 404, 405] },
  { method: 'get', path: '/shop/orders/:id', operationId: 'showOrderPage', tag: 'Storefront', summary: "An order's page (HTML): status, amount, payment (Pix BR Code and expiry), escrow payees, its events with their attempts, links to the ledger view.", responses: { 200: { description: 'The page', contentType: 'text/html', schema: { type: 'string' } } }, errors: [400, 404, 405] },
  { method: 'get', path: '/admin/modes', operationId: 'retrieveModes', tag: 'Admin', security: ['internal'], summary: "Each receiver's behaviour.", responses: { 200: { description: 'The modes', schema: ref('Modes') } }, errors: [401, 405] },
  { method: 'put', path: '/admin/modes/:env', operationId: 'updateMode', tag: 'Admin', security: ['internal'], summary: "Switch a receiver's behaviour at run time.", body: MODE_SETTING_SCHEMA, example: { mode: 'flaky', flaky_pct: 30 }, responses: { 200: { description: 'The mode now', schema: ref('ModeSetting') } }, errors: ENV_PARAM_ERRORS },
  { method: 'get', path: '/admin/secrets', operationId: 'retrieveSecrets', tag: 'Admin', security: ['internal'], summary: 'How many secrets each receiver verifies with, by fingerprint; never a secret.', responses: { 200: { description: 'The secrets', schema: ref('Secrets') } }, errors: [401, 405] },
  { method: 'get', path: '/admin/api-keys', operationId: 'retrieveApiKeys', tag: 'Admin', security: ['internal'], summary: "Which gateway account each env places its orders with: the key's source and prefix, never the key.", responses: { 200: { description: 'The keys', schema: ref('ApiKeys') } }, errors: [401, 405] },
  { method: 'put', path: '/admin/api-keys/:env', operationId: 'replaceApiKey', tag: 'Admin', security: ['internal'], summary: "Set an env's gateway API key: its own merchant account, so its orders' webhooks go to its own endpoint (npm start pushes them).", body: checkApiKeyBody.schema, example: { api_key: 'sk_test_0123456789abcdef0123' }, responses: { 200: { description: 'The key now', schema: ref('EnvApiKey') } }, errors: ENV_PARAM_ERRORS },
  { method: 'put', path: '/admin/secrets/:env', operationId: 'replaceSecrets', tag: 'Admin', security: ['internal'], summary: "Replace a receiver's signing secrets (what the gateway pushes when it registers or rotates an endpoint).", body: secretsBody.schema, responses: { 200: { description: 'The secrets now', schema: ref('EnvSecrets') } }, errors: ENV_PARAM_ERRORS },
];

/** merchant-sim's OpenAPI 3.1 document, served at GET /openapi.json. */
export function merchantSimOpenApi(): Record<string, unknown> {
  return openApiDocument({
    title: 'PayRail merchant-sim',
    description: "A merchant's side: a storefront that places orders through the gateway's public API, a webhook receiver that verifies Standard Webhooks signatures and can misbehave on purpose, and the dashboard API of what it received.",
    operations: OPERATIONS,
    schemas: SCHEMAS,
    securitySchemes: TOKEN_SECURITY_SCHEMES,
  });
}
