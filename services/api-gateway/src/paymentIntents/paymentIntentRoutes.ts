import type { SimulateScript } from '@payrail/core';
import { SIMULATE_SCRIPT_SCHEMA, type JsonSchema } from '@payrail/schemas';
import type { GatewayDeps } from '../common/deps';
import { AMOUNT_SCHEMA, CURRENCY_SCHEMA, LIST_QUERY_PROPERTIES, METADATA_SCHEMA, TOKEN_SCHEMA, paginate } from '../common/schemas';
import { defineRoute, type RouteContext, type RouteSpec } from '../http/route';
import { requestHash, type IdempotentRequest } from '../idempotency/idempotency';
import type { PaymentIntent } from '@payrail/ledger';
import { PaymentIntentCommands, type CreateInput } from './paymentIntentCommands';

const CREATE_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['amount', 'currency'],
  properties: {
    amount: AMOUNT_SCHEMA,
    currency: CURRENCY_SCHEMA,
    payment_method_types: {
      type: 'array', minItems: 1, maxItems: 1, items: { type: 'string', enum: ['card', 'pix'] },
      description: "['card'] (the default: confirm with a payment_method) or ['pix'] (currency brl, no payment_method, capture_method automatic: confirm answers the BR Code in next_action)",
    },
    payment_method: TOKEN_SCHEMA,
    capture_method: { type: 'string', enum: ['automatic', 'manual'] },
    customer: {
      type: 'object',
      additionalProperties: false,
      properties: {
        email: { type: 'string', format: 'email', maxLength: 254 },
        name: { type: 'string', maxLength: 200 },
        phone: { type: 'string', maxLength: 32 },
        country: { type: 'string', pattern: '^[A-Z]{2}$' },
        ip: { type: 'string', maxLength: 45 },
      },
    },
    metadata: METADATA_SCHEMA,
    description: { type: 'string', maxLength: 1000 },
    simulate: {
      ...SIMULATE_SCRIPT_SCHEMA,
      description: "Test mode: the outcome of each processor attempt of the confirmation, instead of the card's: one outcome for every attempt, or a chain (step N for attempt N, the last repeating), e.g. ['network_timeout', 'network_timeout', 'success']. Card payments only.",
    },
  },
};

const CONFIRM_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    payment_method: TOKEN_SCHEMA,
    simulate: { ...SIMULATE_SCRIPT_SCHEMA, description: "Test mode: as on creation; given here, it replaces the creation's script for this confirmation." },
  },
};

const STATUSES = ['created', 'authorized', 'captured', 'settled', 'declined', 'reversed', 'chargeback'];

const LIST_QUERY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...LIST_QUERY_PROPERTIES,
    status: { type: 'string', enum: STATUSES },
    'created[gte]': { type: 'integer' },
    'created[lte]': { type: 'integer' },
    'created[gt]': { type: 'integer' },
    'created[lt]': { type: 'integer' },
    'amount[gte]': { type: 'integer' },
    'amount[lte]': { type: 'integer' },
    'customer[email]': { type: 'string', maxLength: 254 },
    reconciliation_status: { type: 'string', maxLength: 32 },
  },
  patternProperties: { '^metadata\\[[^\\]]{1,40}\\]$': { type: 'string', maxLength: 500 } },
};

const EMPTY_BODY: JsonSchema = { type: 'object', additionalProperties: false, properties: {} };

/** The idempotency identity of a request: merchant, key, and a fingerprint of method, path and body. */
export function idempotentRequest(context: RouteContext): IdempotentRequest {
  return { merchant: context.merchant.id, key: context.idempotencyKey, request_hash: requestHash(context.req.method, context.req.path, context.body) };
}

export function paymentIntentRoutes(deps: GatewayDeps): RouteSpec[] {
  const commands = new PaymentIntentCommands(deps);
  const tag = 'PaymentIntents';
  return [
    defineRoute({
      method: 'post', path: '/v1/payment-intents', operationId: 'createPaymentIntent', tag, auth: 'merchant', scope: 'payments:write', idempotency: 'required',
      summary: 'Create a PaymentIntent (status created). Idempotency-Key is required.',
      body: CREATE_BODY, example: { amount: 2500, currency: 'usd', payment_method: 'tok_01jd4ex8m3q2w5e7r9t1y3u5i7', customer: { email: 'ada@example.com' }, metadata: { order: '1001' } },
      responses: { 200: { description: 'The PaymentIntent', schema: { $ref: '#/components/schemas/PaymentIntent' } } }, errors: [503],
      handler: (c) => commands.create(idempotentRequest(c), c.body as unknown as CreateInput, c.req.correlationId),
    }),
    defineRoute({
      method: 'get', path: '/v1/payment-intents', operationId: 'listPaymentIntents', tag, auth: 'merchant', scope: 'read',
      summary: 'List PaymentIntents, newest first, with filters and cursor pagination.',
      query: LIST_QUERY, responses: { 200: { description: 'A list of PaymentIntents', schema: { $ref: '#/components/schemas/PaymentIntentList' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        const all = deps.ledger.state.paymentsByMerchant.get(c.merchant.id) ?? [];
        const matches: PaymentIntent[] = [];
        for (let i = all.length - 1; i >= 0; i--) {
          const intent = all[i] as PaymentIntent;
          if (matchesFilters(intent, c.query)) matches.push(intent);
        }
        return { body: paginate(matches, c.query, '/v1/payment-intents') };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/payment-intents/:id', operationId: 'retrievePaymentIntent', tag, auth: 'merchant', scope: 'read',
      summary: 'Retrieve a PaymentIntent.', responses: { 200: { description: 'The PaymentIntent', schema: { $ref: '#/components/schemas/PaymentIntent' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        return { body: commands.find(c.merchant.id, c.params['id'] ?? '') };
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/payment-intents/:id/confirm', operationId: 'confirmPaymentIntent', tag, auth: 'merchant', scope: 'payments:write', idempotency: 'optional',
      summary: 'Authorize through a processor (and capture, with capture_method automatic). A decline answers 402 with decline_code. A Pix PaymentIntent is confirmed without payment_method: it stays created (processing) with its BR Code in next_action until paid (captured) or expired (reversed).',
      body: CONFIRM_BODY, example: {},
      responses: { 200: { description: 'The PaymentIntent, authorized (or captured); a decline is a 402 card_declined whose error.payment_intent is the PaymentIntent', schema: { $ref: '#/components/schemas/PaymentIntent' } } }, errors: [402, 409, 503],
      handler: async (c) => {
        const started = performance.now();
        const result = await commands.confirm(idempotentRequest(c), c.params['id'] ?? '', c.body['payment_method'] as string | undefined, c.req.correlationId, c.body['simulate'] as SimulateScript | undefined);
        deps.metrics.paymentDuration.observe({ outcome: result.status === 200 ? 'authorized' : 'declined' }, (performance.now() - started) / 1000);
        return result;
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/payment-intents/:id/capture', operationId: 'capturePaymentIntent', tag, auth: 'merchant', scope: 'payments:write', idempotency: 'optional',
      summary: 'Capture an authorized PaymentIntent, fully or partially (amount_to_capture ≤ authorized).',
      body: { type: 'object', additionalProperties: false, properties: { amount_to_capture: AMOUNT_SCHEMA } }, example: { amount_to_capture: 5000 },
      responses: { 200: { description: 'The PaymentIntent', schema: { $ref: '#/components/schemas/PaymentIntent' } } }, errors: [402, 409, 503],
      handler: (c) => commands.capture(idempotentRequest(c), c.params['id'] ?? '', c.body['amount_to_capture'] as number | undefined, c.req.correlationId),
    }),
    defineRoute({
      method: 'post', path: '/v1/payment-intents/:id/cancel', operationId: 'cancelPaymentIntent', tag, auth: 'merchant', scope: 'payments:write', idempotency: 'optional',
      summary: 'Void an authorized PaymentIntent (status reversed).',
      body: EMPTY_BODY, responses: { 200: { description: 'The PaymentIntent', schema: { $ref: '#/components/schemas/PaymentIntent' } } }, errors: [402, 409, 503],
      handler: (c) => commands.cancel(idempotentRequest(c), c.params['id'] ?? '', c.req.correlationId),
    }),
  ];
}

function matchesFilters(intent: PaymentIntent, query: Record<string, unknown>): boolean {
  const number = (key: string): number | undefined => query[key] as number | undefined;
  if (query['status'] !== undefined && intent.status !== query['status']) return false;
  if (query['reconciliation_status'] !== undefined && intent.reconciliation_status !== query['reconciliation_status']) return false;
  const gte = number('created[gte]');
  const lte = number('created[lte]');
  const gt = number('created[gt]');
  const lt = number('created[lt]');
  if ((gte !== undefined && intent.created < gte) || (lte !== undefined && intent.created > lte)) return false;
  if ((gt !== undefined && intent.created <= gt) || (lt !== undefined && intent.created >= lt)) return false;
  const minAmount = number('amount[gte]');
  const maxAmount = number('amount[lte]');
  if ((minAmount !== undefined && intent.amount < minAmount) || (maxAmount !== undefined && intent.amount > maxAmount)) return false;
  const email = query['customer[email]'];
  if (email !== undefined && String(intent.customer?.['email'] ?? '').toLowerCase() !== String(email).toLowerCase()) return false;
  for (const [key, value] of Object.entries(query)) {
    const match = /^metadata\[(.+)\]$/.exec(key);
    if (match !== null && intent.metadata[match[1] ?? ''] !== value) return false;
  }
  return true;
}
