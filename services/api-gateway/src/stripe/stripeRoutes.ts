import { PayrailError, processorFee, type SimulateScript } from '@payrail/core';
import {
  STRIPE_EVENT_TYPES, STRIPE_EVIDENCE_FIELDS, paymentIntentIdOfBalanceTransaction, paymentIntentIdOfCharge, parseStripeEventId,
  stripeBalanceTransaction, stripeCharge, stripeDispute, stripeEventsOf, stripePaymentIntent, stripePaymentMethod, stripeRefund, stripeRefundBalanceTransaction,
  idempotencyIndexKey, stripeStatus, tokenOfPaymentMethod, type PaymentIntent, type ProcessorName, type StripeEvent, type StripeObject,
} from '@payrail/ledger';
import { SIMULATE_SCRIPT_SCHEMA } from '@payrail/schemas';
import type { Request } from 'express';
import { checkAmount, checkCurrency } from '../common/schemas';
import type { GatewayDeps } from '../common/deps';
import { DisputeCommands } from '../disputes/disputeCommands';
import type { RouteResult } from '../http/route';
import { requestHash, type IdempotentRequest } from '../idempotency/idempotency';
import type { RouteScope } from '../merchants/apiKeyScopes';
import type { Merchant } from '../merchants/merchantStore';
import { PaymentIntentCommands } from '../paymentIntents/paymentIntentCommands';
import { RefundCommands } from '../refunds/refundCommands';
import { checkUrl } from '../webhooks/endpointRoutes';
import { findMerchantEvent, merchantEvents } from '../webhooks/merchantEvents';
import { stripeCustomer, type CustomerFields } from './customerStore';
import { StripeParamError, translateNativeError, type LogUrl } from './stripeHttp';
import { searchPaymentIntents } from './stripeSearch';
import { TEST_PAYMENT_METHODS, testCardFor } from './testPaymentMethods';

/** What a Stripe route is given: the merchant, the path's ids, the (coerced) parameters and the key. */
export interface StripeContext {
  req: Request;
  merchant: Merchant;
  params: Record<string, string>;
  input: Record<string, unknown>;
  idempotencyKey: string | null;
  correlationId: string;
}

export interface StripeAnswer {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One operation of the Stripe-compatible surface (documented in its own OpenAPI document). */
export interface StripeRoute {
  method: 'get' | 'post' | 'delete';
  /** Express-style, under `/v1`: `/v1/payment_intents/:id/capture`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** What a restricted API key needs to call it (as the native routes: apiKeyScopes.ts). */
  scope: RouteScope;
  /** The form (or query) parameters, as JSON Schema: unknown ones are `parameter_unknown`. */
  params: Record<string, unknown>;
  /** The component the success answer is. */
  response: string;
  /** Error statuses besides 400, 401, 404, 409 (idempotency), 429 and 5XX. */
  errors?: number[];
  handler(c: StripeContext): Promise<StripeAnswer>;
}

// Parameter schemas.
const str = (maxLength = 5000): Record<string, unknown> => ({ type: 'string', maxLength });
const int = (minimum = 0): Record<string, unknown> => ({ type: 'integer', minimum });
const BOOL = { type: 'boolean' };
const ID = (prefix: string): Record<string, unknown> => ({ type: 'string', pattern: `^${prefix}_[0-9a-z]{26}$` });
const METADATA = { type: 'object', maxProperties: 50, propertyNames: { maxLength: 40 }, additionalProperties: { type: 'string', maxLength: 500 } };
const EXPAND = { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 200 } };
const CREATED = { type: ['object', 'integer'], additionalProperties: false, properties: { gt: int(), gte: int(), lt: int(), lte: int() } };
const LIST = { limit: { type: 'integer', minimum: 1, maximum: 100 }, starting_after: str(255), ending_before: str(255), created: CREATED, expand: EXPAND };
const params = (properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> => ({ type: 'object', additionalProperties: false, properties, ...(required.length === 0 ? {} : { required }) });
const ONLY_EXPAND = params({ expand: EXPAND });

const CARD_PARAMS = params({ number: { type: 'string', minLength: 12, maxLength: 23 }, exp_month: { type: 'integer', minimum: 1, maximum: 12 }, exp_year: { type: 'integer', minimum: 2000, maximum: 2200 }, cvc: { type: 'string', pattern: '^[0-9]{3,4}$' }, token: str(64) });
const BILLING = params({ email: str(254), name: str(200), phone: str(32), address: { type: 'object' } });
const PAYMENT_METHOD_DATA = params({ type: { type: 'string', enum: ['card'] }, card: CARD_PARAMS, billing_details: BILLING, metadata: METADATA }, ['type']);
/** PayRail's own test-mode parameter (no Stripe one scripts outcomes): `simulate=insufficient_funds`, or a chain `simulate[]=network_timeout&simulate[]=success`. */
const SIMULATE = { ...SIMULATE_SCRIPT_SCHEMA, description: "PayRail test mode (not Stripe's): the outcome of each processor attempt, one for all or a chain (simulate[]=...), as the native API's simulate." };
const PI_CREATE = params({
  amount: int(1), currency: { type: 'string', pattern: '^[A-Za-z]{3}$', examples: ['usd'] }, payment_method: str(255), payment_method_data: PAYMENT_METHOD_DATA, customer: str(255),
  capture_method: { type: 'string', enum: ['automatic', 'automatic_async', 'manual'] }, confirm: BOOL, confirmation_method: { type: 'string', enum: ['automatic', 'manual'] },
  description: str(1000), metadata: METADATA, payment_method_types: { type: 'array', maxItems: 1, items: { type: 'string', enum: ['card'] } },
  automatic_payment_methods: params({ enabled: BOOL, allow_redirects: { type: 'string', enum: ['always', 'never'] } }), receipt_email: str(254), return_url: str(2048),
  expand: EXPAND, simulate: SIMULATE,
}, ['amount', 'currency']);
const PI_UPDATE = params({ amount: int(1), currency: { type: 'string', pattern: '^[A-Za-z]{3}$', examples: ['usd'] }, payment_method: str(255), customer: str(255), description: str(1000), metadata: METADATA, receipt_email: str(254), expand: EXPAND });
const PI_CONFIRM = params({ payment_method: str(255), payment_method_data: PAYMENT_METHOD_DATA, return_url: str(2048), capture_method: { type: 'string', enum: ['automatic', 'automatic_async', 'manual'] }, receipt_email: str(254), expand: EXPAND, simulate: SIMULATE });
const PI_CAPTURE = params({ amount_to_capture: int(1), metadata: METADATA, expand: EXPAND });
const PI_CANCEL = params({ cancellation_reason: { type: 'string', enum: ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] }, expand: EXPAND });
const REFUND_CREATE = params({ payment_intent: str(255), charge: str(255), amount: int(1), reason: { type: 'string', enum: ['duplicate', 'fraudulent', 'requested_by_customer'] }, metadata: METADATA, expand: EXPAND });
const CUSTOMER_FIELDS = { email: str(254), name: str(200), phone: str(32), description: str(1000), metadata: METADATA, expand: EXPAND };
const EVIDENCE = params(Object.fromEntries(STRIPE_EVIDENCE_FIELDS.map((field) => [field, str(20_000)])));
const WEBHOOK_EVENTS = { type: 'array', minItems: 1, maxItems: 32, items: { type: 'string', enum: ['*', ...STRIPE_EVENT_TYPES] } };

const LISTS: Record<string, string> = { payment_intent: '/v1/payment_intents', charge: '/v1/charges', refund: '/v1/refunds', dispute: '/v1/disputes', customer: '/v1/customers', event: '/v1/events', webhook_endpoint: '/v1/webhook_endpoints' };

/** A page of `items` (newest first) in Stripe's list shape, after `starting_after` or before `ending_before`. */
export function stripePage<T extends { id: string }>(items: T[], input: Record<string, unknown>, url: string): { object: 'list'; data: T[]; has_more: boolean; url: string } {
  const limit = (input['limit'] as number | undefined) ?? 10;
  const after = input['starting_after'] as string | undefined;
  const before = input['ending_before'] as string | undefined;
  if (before !== undefined) {
    const newer = items.filter((item) => item.id > before);
    return { object: 'list', data: newer.slice(Math.max(0, newer.length - limit)), has_more: newer.length > limit, url };
  }
  const rest = after === undefined ? items : items.filter((item) => item.id < after);
  return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
}

/** True when `created` (unix seconds) passes a Stripe `created` filter (an exact value or gt/gte/lt/lte). */
function createdMatches(created: number, filter: unknown): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'number') return created === filter;
  const f = filter as Record<string, number | undefined>;
  return (f['gt'] === undefined || created > f['gt']) && (f['gte'] === undefined || created >= f['gte']) && (f['lt'] === undefined || created < f['lt']) && (f['lte'] === undefined || created <= f['lte']);
}

const byIdDesc = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** The routes of the Stripe-compatible API: translations over the native commands, never a second state machine. */
export function stripeRoutes(deps: GatewayDeps, logUrl: LogUrl): StripeRoute[] {
  const intents = new PaymentIntentCommands(deps);
  const refunds = new RefundCommands(deps);
  const disputes = new DisputeCommands(deps);
  const { ledger, customers, vault } = deps;
  const state = ledger.state;
  const endpoints = deps.webhooks.store;

  const keyed = (c: StripeContext, suffix = ''): IdempotentRequest => ({
    merchant: c.merchant.id,
    key: c.idempotencyKey === null ? null : `${c.idempotencyKey}${suffix}`,
    request_hash: requestHash(c.req.method, `stripe:${c.req.path}${suffix}`, withoutExpand(c.input)),
  });

  const intentOf = (c: StripeContext, id: string): PaymentIntent => intents.find(c.merchant.id, id);

  /** A native command's answer on this surface: its object rendered by `render`, or its error translated. */
  const translate = async (result: RouteResult, c: StripeContext, render: (native: Record<string, unknown>) => Promise<StripeObject> | StripeObject): Promise<StripeAnswer> => {
    const text = 'raw' in result ? result.raw : JSON.stringify(result.body);
    const status = result.status ?? 200;
    const native = JSON.parse(text) as Record<string, unknown>;
    const headers = result.headers?.['Idempotent-Replayed'] === 'true' ? { 'Idempotent-Replayed': 'true' } : undefined;
    if (status >= 400) {
      const error = translateNativeError(status, native, logUrl);
      return { status: error.status, body: error.body, ...(headers ? { headers } : {}) };
    }
    return { status: 200, body: await render(native), ...(headers ? { headers } : {}) };
  };

  const expander = new Expander();
  const intentAnswer = (c: StripeContext) => (native: Record<string, unknown>) => expander.expand(stripePaymentIntent(native as unknown as PaymentIntent), c, 'payment_intent', [native as unknown as PaymentIntent]);

  /** A Stripe payment method (`pm_card_visa`, `tok_visa`, `pm_...`, a vault `tok_...`) as a vault token. */
  const tokenOf = async (value: string, c: StripeContext, param = 'payment_method'): Promise<string> => {
    const test = TEST_PAYMENT_METHODS[value];
    if (test !== undefined) return vault.tokenize(testCardFor(test), c.correlationId, param);
    if (/^pm_[0-9a-z]{26}$/.test(value)) return tokenOfPaymentMethod(value);
    if (/^tok_[0-9a-z]{26}$/.test(value)) return value;
    throw new StripeParamError('resource_missing', `No such PaymentMethod: '${value.slice(0, 80)}'. Use one of Stripe's test PaymentMethods (${Object.keys(TEST_PAYMENT_METHODS).filter((k) => k.startsWith('pm_')).join(', ')}) or create one with POST /v1/payment_methods.`, { param });
  };

  /** `payment_method_data[card][number]...` (or a test token in `[card][token]`) as a vault token. */
  const tokenOfData = async (data: Record<string, unknown>, c: StripeContext, param: string): Promise<string> => {
    const card = (data['card'] ?? {}) as Record<string, unknown>;
    if (typeof card['token'] === 'string') return tokenOf(card['token'], c, `${param}[card][token]`);
    if (typeof card['number'] !== 'string') throw new PayrailError('parameter_missing', `Missing required param: ${param}[card][number].`, { param: `${param}[card][number]` });
    if (card['exp_month'] === undefined || card['exp_year'] === undefined) throw new PayrailError('parameter_missing', `Missing required param: ${param}[card][${card['exp_month'] === undefined ? 'exp_month' : 'exp_year'}].`, { param: `${param}[card][exp_month]` });
    return vault.tokenize({ pan: card['number'], exp_month: card['exp_month'] as number, exp_year: card['exp_year'] as number, ...(typeof card['cvc'] === 'string' ? { cvv: card['cvc'] } : {}) }, c.correlationId, `${param}[card][number]`);
  };

  const paymentMethodInput = async (c: StripeContext): Promise<string | undefined> => {
    if (typeof c.input['payment_method'] === 'string') return tokenOf(c.input['payment_method'], c);
    if (c.input['payment_method_data'] !== undefined) return tokenOfData(c.input['payment_method_data'] as Record<string, unknown>, c, 'payment_method_data');
    return undefined;
  };

  const customerInput = async (c: StripeContext): Promise<Record<string, unknown> | undefined> => {
    const id = c.input['customer'];
    if (typeof id !== 'string') return typeof c.input['receipt_email'] === 'string' ? { email: c.input['receipt_email'] } : undefined;
    await customers.catchUp();
    const customer = customers.get(c.merchant.id, id, 'customer');
    const email = typeof c.input['receipt_email'] === 'string' ? c.input['receipt_email'] : customer.email;
    return { id: customer.id, ...(email === null ? {} : { email }), ...(customer.name === null ? {} : { name: customer.name }), ...(customer.phone === null ? {} : { phone: customer.phone }) };
  };

  /** The PaymentIntent of the path, which must still be unconfirmed (the command checks again under the lock). */
  const unconfirmed = async (c: StripeContext): Promise<void> => {
    await ledger.catchUp();
    const intent = intentOf(c, c.params['id'] ?? '');
    if (intent.status !== 'created' || intent.processing) throw new PayrailError('invalid_state_transition', `This PaymentIntent's status is ${stripeStatus(intent)}; it cannot be changed or confirmed.`, { details: { current_state: intent.status, payment_intent: intent.id } });
  };

  const confirm = async (c: StripeContext, id: string, token: string | undefined, suffix = '', simulate?: SimulateScript): Promise<StripeAnswer> => {
    const request = keyed(c, suffix);
    const started = performance.now();
    const result = await intents.confirm(request, id, token, c.correlationId, simulate);
    deps.metrics.paymentDuration.observe({ outcome: result.status === 200 ? 'authorized' : 'declined' }, (performance.now() - started) / 1000);
    return translate(result, c, intentAnswer(c));
  };

  const tagPI = 'PaymentIntents';
  const routes: StripeRoute[] = [
    {
      method: 'post', path: '/v1/payment_intents', operationId: 'StripeCreatePaymentIntent', scope: 'payments:write', tag: tagPI, params: PI_CREATE, response: 'StripePaymentIntent', errors: [402, 503],
      summary: 'Create a PaymentIntent; with confirm=true, confirm it at once (a decline is a 402 card_error).',
      handler: async (c) => {
        // What can be refused is checked before a card is tokenized (a refusal writes nothing, not even a vault token).
        checkAmount(c.input['amount'] as number, deps.config.AMOUNT_MAX);
        checkCurrency(c.input['currency'] as string);
        const customer = await customerInput(c);
        const token = await paymentMethodInput(c);
        const manual = c.input['capture_method'] === 'manual';
        const created = await intents.create(keyed(c), {
          amount: c.input['amount'] as number,
          currency: c.input['currency'] as string,
          capture_method: manual ? 'manual' : 'automatic',
          ...(token === undefined ? {} : { payment_method: token }),
          ...(customer === undefined ? {} : { customer }),
          ...(c.input['metadata'] === undefined ? {} : { metadata: c.input['metadata'] as Record<string, string> }),
          ...(typeof c.input['description'] === 'string' ? { description: c.input['description'] } : {}),
          ...(c.input['simulate'] === undefined ? {} : { simulate: c.input['simulate'] as SimulateScript }),
        }, c.correlationId);
        if (c.input['confirm'] !== true || (created.status ?? 200) >= 400) return translate(created, c, intentAnswer(c));
        const native = JSON.parse('raw' in created ? created.raw : JSON.stringify(created.body)) as { id: string };
        return confirm(c, native.id, undefined, ':confirm');
      },
    },
    {
      method: 'get', path: '/v1/payment_intents', operationId: 'StripeListPaymentIntents', scope: 'read', tag: tagPI, response: 'StripePaymentIntentList',
      params: params({ ...LIST, customer: str(255) }), summary: 'List PaymentIntents, newest first.',
      handler: async (c) => {
        await ledger.catchUp();
        const all = [...(state.paymentsByMerchant.get(c.merchant.id) ?? [])].reverse();
        const matching = all.filter((pi) => createdMatches(pi.created, c.input['created']) && (c.input['customer'] === undefined || pi.customer?.['id'] === c.input['customer']));
        return { body: await expander.expandList(stripePage(matching, c.input, LISTS['payment_intent'] as string), c, 'payment_intent', (pi) => stripePaymentIntent(pi), matching) };
      },
    },
    {
      method: 'get', path: '/v1/payment_intents/search', operationId: 'StripeSearchPaymentIntents', scope: 'read', tag: tagPI, response: 'StripePaymentIntentSearchResult',
      params: params({ query: str(1000), limit: { type: 'integer', minimum: 1, maximum: 100 }, page: str(255), expand: EXPAND }, ['query']),
      summary: "Search PaymentIntents with Stripe's query language: status:, currency:, customer:, metadata['key']:, amount and created with : > < >= <=, joined by AND or OR.",
      handler: async (c) => {
        await ledger.catchUp();
        const all = [...(state.paymentsByMerchant.get(c.merchant.id) ?? [])].reverse();
        const page = searchPaymentIntents(all, c.input['query'] as string, (c.input['limit'] as number | undefined) ?? 10, c.input['page'] as string | undefined);
        const data = await Promise.all(page.data.map((pi) => expander.expand(stripePaymentIntent(pi), c, 'payment_intent', [pi], 'data.')));
        return { body: { object: 'search_result', data, has_more: page.next_page !== null, next_page: page.next_page, url: '/v1/payment_intents/search', total_count: page.total_count } };
      },
    },
    {
      method: 'get', path: '/v1/payment_intents/:id', operationId: 'StripeRetrievePaymentIntent', scope: 'read', tag: tagPI, params: params({ expand: EXPAND, client_secret: str(255) }), response: 'StripePaymentIntent',
      summary: 'Retrieve a PaymentIntent.',
      handler: async (c) => {
        await ledger.catchUp();
        const intent = intentOf(c, c.params['id'] ?? '');
        return { body: await intentAnswer(c)(intent as unknown as Record<string, unknown>) };
      },
    },
    {
      method: 'post', path: '/v1/payment_intents/:id', operationId: 'StripeUpdatePaymentIntent', scope: 'payments:write', tag: tagPI, params: PI_UPDATE, response: 'StripePaymentIntent', errors: [503],
      summary: 'Update a PaymentIntent before confirmation: amount, currency, payment_method, customer, description, metadata (merged; an empty value removes a key).',
      handler: async (c) => {
        await unconfirmed(c);
        if (c.input['amount'] !== undefined) checkAmount(c.input['amount'] as number, deps.config.AMOUNT_MAX);
        if (c.input['currency'] !== undefined) checkCurrency(c.input['currency'] as string);
        const customer = await customerInput(c);
        const token = typeof c.input['payment_method'] === 'string' ? await tokenOf(c.input['payment_method'], c) : undefined;
        const result = await intents.update(keyed(c), c.params['id'] ?? '', {
          ...(c.input['amount'] === undefined ? {} : { amount: c.input['amount'] as number }),
          ...(c.input['currency'] === undefined ? {} : { currency: c.input['currency'] as string }),
          ...(token === undefined ? {} : { payment_method: token }),
          ...(customer === undefined ? {} : { customer }),
          ...(c.input['description'] === undefined ? {} : { description: c.input['description'] === '' ? null : (c.input['description'] as string) }),
          ...(c.input['metadata'] === undefined ? {} : { metadata: c.input['metadata'] as Record<string, string> }),
        }, c.correlationId);
        return translate(result, c, intentAnswer(c));
      },
    },
    {
      method: 'post', path: '/v1/payment_intents/:id/confirm', operationId: 'StripeConfirmPaymentIntent', scope: 'payments:write', tag: tagPI, params: PI_CONFIRM, response: 'StripePaymentIntent', errors: [402, 503],
      summary: 'Confirm: authorize through a processor (and capture, unless capture_method is manual). A decline is a 402 card_error with decline_code.',
      handler: async (c) => {
        // A replay (same key) answers what the first request did; otherwise a card is tokenized only for a PaymentIntent that can take it.
        if (c.idempotencyKey === null || state.idempotency.get(idempotencyIndexKey(c.merchant.id, c.idempotencyKey)) === undefined) await unconfirmed(c);
        return confirm(c, c.params['id'] ?? '', await paymentMethodInput(c), '', c.input['simulate'] as SimulateScript | undefined);
      },
    },
    {
      method: 'post', path: '/v1/payment_intents/:id/capture', operationId: 'StripeCapturePaymentIntent', scope: 'payments:write', tag: tagPI, params: PI_CAPTURE, response: 'StripePaymentIntent', errors: [402, 503],
      summary: 'Capture an authorized PaymentIntent, fully or partially (amount_to_capture); the rest is released.',
      handler: async (c) => translate(await intents.capture(keyed(c), c.params['id'] ?? '', c.input['amount_to_capture'] as number | undefined, c.correlationId), c, intentAnswer(c)),
    },
    {
      method: 'post', path: '/v1/payment_intents/:id/cancel', operationId: 'StripeCancelPaymentIntent', scope: 'payments:write', tag: tagPI, params: PI_CANCEL, response: 'StripePaymentIntent', errors: [402, 503],
      summary: 'Cancel a PaymentIntent: before confirmation at once, once authorized by voiding it at the processor.',
      handler: async (c) => {
        await ledger.catchUp();
        const id = c.params['id'] ?? '';
        const intent = intentOf(c, id);
        const result = intent.status === 'created' && !intent.processing
          ? await intents.cancelUnconfirmed(keyed(c), id, c.input['cancellation_reason'] as string | undefined, c.correlationId)
          : await intents.cancel(keyed(c), id, c.correlationId);
        return translate(result, c, intentAnswer(c));
      },
    },
    {
      method: 'post', path: '/v1/payment_methods', operationId: 'StripeCreatePaymentMethod', scope: 'payments:write', tag: 'PaymentMethods', response: 'StripePaymentMethod', errors: [503],
      params: params({ type: { type: 'string', enum: ['card'] }, card: CARD_PARAMS, billing_details: BILLING, metadata: METADATA, expand: EXPAND }, ['type']),
      summary: 'Create a card PaymentMethod: card[number] goes to the vault (never to the gateway\'s logs or files); card[token] takes a test token (tok_visa...).',
      handler: async (c) => {
        const token = await tokenOfData(c.input, c, '');
        const card = await vault.card(token, c.correlationId, 'card[number]');
        return { body: stripePaymentMethod(token, card, Math.floor(Date.now() / 1000)) };
      },
    },
    {
      method: 'get', path: '/v1/payment_methods/:id', operationId: 'StripeRetrievePaymentMethod', scope: 'read', tag: 'PaymentMethods', params: ONLY_EXPAND, response: 'StripePaymentMethod', errors: [503],
      summary: 'Retrieve a PaymentMethod (pm_... of a vault token).',
      handler: async (c) => {
        const id = c.params['id'] ?? '';
        if (!/^pm_[0-9a-z]{26}$/.test(id)) throw new PayrailError('resource_missing', `No such PaymentMethod: '${id.slice(0, 80)}'`, { param: 'id' });
        const token = tokenOfPaymentMethod(id);
        let card;
        try {
          card = await vault.card(token, c.correlationId, 'id');
        } catch (error) {
          if (error instanceof PayrailError && error.code === 'parameter_invalid') throw new PayrailError('resource_missing', `No such PaymentMethod: '${id}'`, { param: 'id' });
          throw error;
        }
        return { body: stripePaymentMethod(token, card, Math.floor(Date.now() / 1000)) };
      },
    },
    {
      method: 'get', path: '/v1/charges', operationId: 'StripeListCharges', scope: 'read', tag: 'Charges', response: 'StripeChargeList',
      params: params({ ...LIST, payment_intent: str(255), customer: str(255) }), summary: 'List Charges (one per confirmed PaymentIntent), newest first.',
      handler: async (c) => {
        await ledger.catchUp();
        const all = [...(state.paymentsByMerchant.get(c.merchant.id) ?? [])].reverse();
        const matching = all.filter((pi) => (c.input['payment_intent'] === undefined || pi.id === c.input['payment_intent']) && (c.input['customer'] === undefined || pi.customer?.['id'] === c.input['customer']) && createdMatches(pi.created, c.input['created']));
        const charges = matching.map((pi) => stripeCharge(pi)).filter((ch): ch is StripeObject => ch !== null) as Array<StripeObject & { id: string }>;
        return { body: await expander.expandList(stripePage(charges, c.input, LISTS['charge'] as string), c, 'charge', (ch) => ch, matching) };
      },
    },
    {
      method: 'get', path: '/v1/charges/:id', operationId: 'StripeRetrieveCharge', scope: 'read', tag: 'Charges', params: ONLY_EXPAND, response: 'StripeCharge',
      summary: 'Retrieve a Charge (what a PaymentIntent\'s latest_charge names).',
      handler: async (c) => {
        await ledger.catchUp();
        const id = c.params['id'] ?? '';
        const charge = chargeOf(c.merchant.id, id);
        return { body: await expander.expand(charge, c, 'charge', []) };
      },
    },
    {
      method: 'post', path: '/v1/refunds', operationId: 'StripeCreateRefund', scope: 'refunds:write', tag: 'Refunds', params: REFUND_CREATE, response: 'StripeRefund', errors: [402, 503],
      summary: 'Refund a captured PaymentIntent (payment_intent or charge), fully or partially. Above REFUND_APPROVAL_THRESHOLD it waits for approval (status requires_action).',
      handler: async (c) => {
        const charge = c.input['charge'] as string | undefined;
        const pi = (c.input['payment_intent'] as string | undefined) ?? (charge === undefined ? undefined : paymentIntentIdOfCharge(charge));
        if (pi === undefined) throw new PayrailError('parameter_missing', 'Missing required param: payment_intent (or charge).', { param: 'payment_intent' });
        const result = await refunds.create(keyed(c), {
          payment_intent: pi,
          ...(c.input['amount'] === undefined ? {} : { amount: c.input['amount'] as number }),
          ...(c.input['reason'] === undefined ? {} : { reason: c.input['reason'] as string }),
          ...(c.input['metadata'] === undefined ? {} : { metadata: c.input['metadata'] as Record<string, string> }),
        }, c.correlationId);
        return translate(result, c, (native) => expander.expand(stripeRefund(native as never), c, 'refund', []));
      },
    },
    {
      method: 'post', path: '/v1/refunds/:id/cancel', operationId: 'StripeCancelRefund', scope: 'refunds:write', tag: 'Refunds', params: ONLY_EXPAND, response: 'StripeRefund',
      summary: 'Cancel a refund waiting for approval (status requires_action): it is rejected in the approval queue, and its amount is refundable again.',
      handler: async (c) => translate(await refunds.reject(keyed(c), c.params['id'] ?? '', 'the Stripe-compatible API', 'canceled', c.correlationId), c, (native) => expander.expand(stripeRefund(native as never), c, 'refund', [])),
    },
    {
      method: 'get', path: '/v1/refunds', operationId: 'StripeListRefunds', scope: 'read', tag: 'Refunds', response: 'StripeRefundList',
      params: params({ ...LIST, payment_intent: str(255), charge: str(255) }), summary: 'List refunds, newest first.',
      handler: async (c) => {
        await ledger.catchUp();
        const pi = (c.input['payment_intent'] as string | undefined) ?? (typeof c.input['charge'] === 'string' ? paymentIntentIdOfCharge(c.input['charge']) : undefined);
        const all = [...state.refunds.values()].filter((r) => r.merchant === c.merchant.id && (pi === undefined || r.payment_intent === pi) && createdMatches(r.created, c.input['created'])).sort(byIdDesc);
        return { body: await expander.expandList(stripePage(all, c.input, LISTS['refund'] as string), c, 'refund', (r) => stripeRefund(r), []) };
      },
    },
    {
      method: 'get', path: '/v1/refunds/:id', operationId: 'StripeRetrieveRefund', scope: 'read', tag: 'Refunds', params: ONLY_EXPAND, response: 'StripeRefund', summary: 'Retrieve a refund.',
      handler: async (c) => {
        await ledger.catchUp();
        return { body: await expander.expand(stripeRefund(refunds.find(c.merchant.id, c.params['id'] ?? '')), c, 'refund', []) };
      },
    },
    {
      method: 'get', path: '/v1/disputes', operationId: 'StripeListDisputes', scope: 'read', tag: 'Disputes', response: 'StripeDisputeList',
      params: params({ ...LIST, payment_intent: str(255), charge: str(255) }), summary: 'List disputes, newest first.',
      handler: async (c) => {
        await ledger.catchUp();
        const pi = (c.input['payment_intent'] as string | undefined) ?? (typeof c.input['charge'] === 'string' ? paymentIntentIdOfCharge(c.input['charge']) : undefined);
        const all = [...(state.disputesByMerchant.get(c.merchant.id) ?? [])].filter((d) => (pi === undefined || d.payment_intent === pi) && createdMatches(d.created, c.input['created'])).sort(byIdDesc);
        return { body: await expander.expandList(stripePage(all, c.input, LISTS['dispute'] as string), c, 'dispute', (d) => stripeDispute(d), []) };
      },
    },
    {
      method: 'get', path: '/v1/disputes/:id', operationId: 'StripeRetrieveDispute', scope: 'read', tag: 'Disputes', params: ONLY_EXPAND, response: 'StripeDispute', summary: 'Retrieve a dispute.',
      handler: async (c) => {
        await ledger.catchUp();
        return { body: await expander.expand(stripeDispute(disputes.find(c.merchant.id, c.params['id'] ?? '')), c, 'dispute', []) };
      },
    },
    {
      method: 'post', path: '/v1/disputes/:id', operationId: 'StripeUpdateDispute', scope: 'payments:write', tag: 'Disputes', response: 'StripeDispute',
      params: params({ evidence: EVIDENCE, submit: BOOL, metadata: METADATA, expand: EXPAND }),
      summary: 'Submit evidence (evidence[...] text fields, joined into the dispute\'s evidence text): the dispute moves to under_review. submit=false is not supported (evidence is always submitted).',
      handler: async (c) => {
        const evidence = (c.input['evidence'] ?? {}) as Record<string, string>;
        if (c.input['submit'] === false) throw new PayrailError('parameter_invalid', 'submit=false (staging evidence without submitting it) is not supported by PayRail: evidence is submitted at once.', { param: 'submit' });
        const text = Object.entries(evidence).filter(([key, value]) => key !== 'uncategorized_file' && value !== '').map(([key, value]) => (key === 'uncategorized_text' ? value : `${key}: ${value}`)).join('\n');
        if (text === '') throw new PayrailError('parameter_missing', 'Give the evidence as evidence[uncategorized_text] (or another evidence[...] text field).', { param: 'evidence' });
        const result = await disputes.submitEvidence(keyed(c), c.params['id'] ?? '', { text: text.slice(0, 20_000), ...(evidence['uncategorized_file'] ? { file_name: evidence['uncategorized_file'].slice(0, 255) } : {}) }, c.correlationId);
        return translate(result, c, (native) => expander.expand(stripeDispute(native as never), c, 'dispute', []));
      },
    },
    {
      method: 'post', path: '/v1/disputes/:id/close', operationId: 'StripeCloseDispute', scope: 'payments:write', tag: 'Disputes', params: ONLY_EXPAND, response: 'StripeDispute',
      summary: 'Accept the dispute: it is lost and the money stays with the cardholder.',
      handler: async (c) => {
        await ledger.catchUp();
        const dispute = disputes.find(c.merchant.id, c.params['id'] ?? '');
        if (dispute.status === 'won' || dispute.status === 'lost') throw new PayrailError('invalid_state_transition', `This dispute is already ${dispute.status}; it cannot be closed.`, { details: { current_state: dispute.status } });
        return { body: await expander.expand(stripeDispute(await disputes.close(dispute.id, 'lost', c.correlationId)), c, 'dispute', []) };
      },
    },
    {
      method: 'get', path: '/v1/balance_transactions/:id', operationId: 'StripeRetrieveBalanceTransaction', scope: 'read', tag: 'Balance transactions', params: ONLY_EXPAND, response: 'StripeBalanceTransaction',
      summary: "Retrieve a balance transaction: a capture's amount, the processor's fee and the net (as the settlement CSV has them), or a refund's.",
      handler: async (c) => {
        await ledger.catchUp();
        return { body: await expander.expand(balanceTransactionOf(c.merchant.id, c.params['id'] ?? ''), c, 'balance_transaction', []) };
      },
    },
    {
      method: 'post', path: '/v1/customers', operationId: 'StripeCreateCustomer', scope: 'payments:write', tag: 'Customers', params: params(CUSTOMER_FIELDS), response: 'StripeCustomer', summary: 'Create a customer.',
      handler: async (c) => ({ body: stripeCustomer(await customers.create(c.merchant.id, customerFields(c.input))) }),
    },
    {
      method: 'get', path: '/v1/customers', operationId: 'StripeListCustomers', scope: 'read', tag: 'Customers', params: params({ ...LIST, email: str(254) }), response: 'StripeCustomerList', summary: 'List customers, newest first.',
      handler: async (c) => {
        await customers.catchUp();
        const all = customers.list(c.merchant.id).filter((cu) => (c.input['email'] === undefined || cu.email === c.input['email']) && createdMatches(cu.created, c.input['created']));
        const page = stripePage(all, c.input, LISTS['customer'] as string);
        return { body: { ...page, data: page.data.map(stripeCustomer) } };
      },
    },
    {
      method: 'get', path: '/v1/customers/:id', operationId: 'StripeRetrieveCustomer', scope: 'read', tag: 'Customers', params: ONLY_EXPAND, response: 'StripeCustomer', summary: 'Retrieve a customer.',
      handler: async (c) => {
        await customers.catchUp();
        return { body: stripeCustomer(customers.get(c.merchant.id, c.params['id'] ?? '')) };
      },
    },
    {
      method: 'post', path: '/v1/customers/:id', operationId: 'StripeUpdateCustomer', scope: 'payments:write', tag: 'Customers', params: params(CUSTOMER_FIELDS), response: 'StripeCustomer', summary: 'Update a customer (metadata merges; an empty value removes a key).',
      handler: async (c) => {
        await customers.catchUp();
        return { body: stripeCustomer(await customers.update(c.merchant.id, c.params['id'] ?? '', customerFields(c.input))) };
      },
    },
    {
      method: 'delete', path: '/v1/customers/:id', operationId: 'StripeDeleteCustomer', scope: 'payments:write', tag: 'Customers', params: params({}), response: 'StripeDeleted', summary: 'Delete a customer (its PaymentIntents keep their customer id).',
      handler: async (c) => {
        await customers.catchUp();
        const id = c.params['id'] ?? '';
        await customers.delete(c.merchant.id, id);
        return { body: { id, object: 'customer', deleted: true } };
      },
    },
    {
      method: 'get', path: '/v1/events', operationId: 'StripeListEvents', scope: 'read', tag: 'Events', response: 'StripeEventList',
      params: params({ ...LIST, type: str(64), types: { type: 'array', maxItems: 20, items: str(64) }, delivery_success: BOOL }),
      summary: "List the merchant's events in Stripe's format, newest first (type, types[], created filters).",
      handler: async (c) => {
        await ledger.catchUp();
        if (c.input['delivery_success'] !== undefined) throw new PayrailError('parameter_invalid', 'delivery_success is not supported by PayRail: see GET /v1/events/{id}/deliveries on the native API.', { param: 'delivery_success' });
        const wanted = (type: string): boolean => {
          const one = c.input['type'] as string | undefined;
          const many = c.input['types'] as string[] | undefined;
          const matches = (pattern: string) => pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1)));
          return (one === undefined || matches(one)) && (many === undefined || many.some(matches));
        };
        const all: StripeEvent[] = [];
        for (const event of merchantEvents(state, c.merchant.id)) for (const stripe of stripeEventsOf(state, event)) if (wanted(stripe.type) && createdMatches(stripe.created, c.input['created'])) all.push(stripe);
        all.sort(byIdDesc);
        return { body: stripePage(all, c.input, LISTS['event'] as string) };
      },
    },
    {
      method: 'get', path: '/v1/events/:id', operationId: 'StripeRetrieveEvent', scope: 'read', tag: 'Events', params: ONLY_EXPAND, response: 'StripeEvent', summary: 'Retrieve an event in Stripe\'s format.',
      handler: async (c) => {
        await ledger.catchUp();
        const id = c.params['id'] ?? '';
        const parsed = parseStripeEventId(id);
        const event = parsed === null ? undefined : findMerchantEvent(state, c.merchant.id, parsed.event_id);
        const found = event === undefined ? undefined : stripeEventsOf(state, event).find((e) => e.id === id);
        if (found === undefined) throw new PayrailError('resource_missing', `No such event: '${id.slice(0, 80)}'`, { param: 'id' });
        return { body: found };
      },
    },
    {
      method: 'post', path: '/v1/webhook_endpoints', operationId: 'StripeCreateWebhookEndpoint', scope: 'webhooks:write', tag: 'Webhook endpoints', response: 'StripeWebhookEndpoint',
      params: params({ url: str(2048), enabled_events: WEBHOOK_EVENTS, description: str(500), metadata: METADATA, api_version: str(32), connect: BOOL, expand: EXPAND }, ['url', 'enabled_events']),
      summary: "Register an endpoint for Stripe-format events, signed with Stripe-Signature (stripe.webhooks.constructEvent verifies them). The answer holds its secret (whsec_...), shown this once.",
      handler: async (c) => {
        if (c.input['connect'] === true) throw new PayrailError('parameter_invalid', 'connect=true (Connect events) is not supported by PayRail.', { param: 'connect' });
        const url = c.input['url'] as string;
        checkUrl(url);
        const answer = await endpoints.create(keyed(c), {
          url, enabled_events: c.input['enabled_events'] as string[], description: (c.input['description'] as string | undefined) ?? null, dialect: 'stripe',
          ...(c.input['metadata'] === undefined ? {} : { metadata: c.input['metadata'] as Record<string, string> }),
        });
        const native = JSON.parse(answer.body) as { id: string; secret: string | null };
        return { body: { ...stripeWebhookEndpoint(endpoints.get(c.merchant.id, native.id)), secret: native.secret }, ...(answer.replayed ? { headers: { 'Idempotent-Replayed': 'true' } } : {}) };
      },
    },
    {
      method: 'get', path: '/v1/webhook_endpoints', operationId: 'StripeListWebhookEndpoints', scope: 'read', tag: 'Webhook endpoints', params: params(LIST), response: 'StripeWebhookEndpointList',
      summary: 'List the Stripe-format webhook endpoints, newest first.',
      handler: async (c) => {
        await endpoints.catchUp();
        const all = endpoints.list(c.merchant.id).filter((e) => e.dialect === 'stripe').map(stripeWebhookEndpoint).sort(byIdDesc) as Array<StripeObject & { id: string }>;
        return { body: stripePage(all, c.input, LISTS['webhook_endpoint'] as string) };
      },
    },
    {
      method: 'get', path: '/v1/webhook_endpoints/:id', operationId: 'StripeRetrieveWebhookEndpoint', scope: 'read', tag: 'Webhook endpoints', params: ONLY_EXPAND, response: 'StripeWebhookEndpoint', summary: 'Retrieve a webhook endpoint.',
      handler: async (c) => {
        await endpoints.catchUp();
        return { body: stripeWebhookEndpoint(stripeEndpoint(c)) };
      },
    },
    {
      method: 'post', path: '/v1/webhook_endpoints/:id', operationId: 'StripeUpdateWebhookEndpoint', scope: 'webhooks:write', tag: 'Webhook endpoints', response: 'StripeWebhookEndpoint',
      params: params({ url: str(2048), enabled_events: WEBHOOK_EVENTS, description: str(500), metadata: METADATA, disabled: BOOL, expand: EXPAND }),
      summary: 'Change the url, enabled_events, description or metadata, or disable/enable deliveries.',
      handler: async (c) => {
        await endpoints.catchUp();
        const endpoint = stripeEndpoint(c);
        const url = c.input['url'] as string | undefined;
        if (url !== undefined) checkUrl(url);
        const updated = await endpoints.update(c.merchant.id, endpoint.id, {
          ...(url === undefined ? {} : { url }),
          ...(c.input['enabled_events'] === undefined ? {} : { enabled_events: c.input['enabled_events'] as string[] }),
          ...(c.input['description'] === undefined ? {} : { description: (c.input['description'] as string) || null }),
          ...(c.input['metadata'] === undefined ? {} : { metadata: c.input['metadata'] as Record<string, string> }),
          ...(c.input['disabled'] === undefined ? {} : { disabled: c.input['disabled'] as boolean }),
        });
        return { body: stripeWebhookEndpoint(updated) };
      },
    },
    {
      method: 'delete', path: '/v1/webhook_endpoints/:id', operationId: 'StripeDeleteWebhookEndpoint', scope: 'webhooks:write', tag: 'Webhook endpoints', params: params({}), response: 'StripeDeleted', summary: 'Delete a webhook endpoint.',
      handler: async (c) => {
        await endpoints.catchUp();
        const endpoint = stripeEndpoint(c);
        await endpoints.delete(c.merchant.id, endpoint.id);
        return { body: { id: endpoint.id, object: 'webhook_endpoint', deleted: true } };
      },
    },
  ];

  function stripeEndpoint(c: StripeContext) {
    const endpoint = endpoints.get(c.merchant.id, c.params['id'] ?? '');
    if (endpoint.dialect !== 'stripe') throw new PayrailError('resource_missing', `No such webhook endpoint: '${endpoint.id}' (it is a PayRail-format endpoint: manage it with /v1/webhook-endpoints on the native API).`, { param: 'id' });
    return endpoint;
  }

  function chargeOf(merchant: string, id: string): StripeObject {
    const pi = /^ch_[0-9a-z]{26}$/.test(id) ? state.payments.get(paymentIntentIdOfCharge(id)) : undefined;
    const charge = pi === undefined || pi.merchant !== merchant ? null : stripeCharge(pi);
    if (charge === null) throw new PayrailError('resource_missing', `No such charge: '${id.slice(0, 80)}'`, { param: 'id' });
    return charge;
  }

  function balanceTransactionOf(merchant: string, id: string): StripeObject {
    const missing = () => new PayrailError('resource_missing', `No such balance transaction: '${id.slice(0, 80)}'`, { param: 'id' });
    if (id.startsWith('txn_re_')) {
      const refund = state.refunds.get(id.slice(4));
      if (refund === undefined || refund.merchant !== merchant || refund.status !== 'succeeded') throw missing();
      return stripeRefundBalanceTransaction(refund);
    }
    const pi = /^txn_[0-9a-z]{26}$/.test(id) ? state.payments.get(paymentIntentIdOfBalanceTransaction(id)) : undefined;
    if (pi === undefined || pi.merchant !== merchant || pi.amount_received === 0) throw missing();
    return stripeBalanceTransaction(pi, captureFee(deps, pi));
  }

  expander.resolvers = {
    charge: (id, snapshots) => {
      const pi = snapshots.find((s) => s.id === paymentIntentIdOfCharge(id)) ?? state.payments.get(paymentIntentIdOfCharge(id));
      return pi === undefined ? null : stripeCharge(pi);
    },
    payment_intent: (id, snapshots) => {
      const pi = snapshots.find((s) => s.id === id) ?? state.payments.get(id);
      return pi === undefined ? null : stripePaymentIntent(pi);
    },
    customer: (id, _snapshots, merchant) => {
      try {
        return stripeCustomer(customers.get(merchant, id, 'customer', true));
      } catch {
        return null;
      }
    },
    balance_transaction: (id, _snapshots, merchant) => {
      try {
        return balanceTransactionOf(merchant, id);
      } catch {
        return null;
      }
    },
    payment_method: (id, snapshots) => {
      const token = tokenOfPaymentMethod(id);
      const pi = snapshots.find((s) => s.payment_method === token) ?? [...state.payments.values()].find((p) => p.payment_method === token);
      return pi === undefined ? null : stripePaymentMethod(token, pi.card, pi.created);
    },
  };
  return routes;
}

/** The processor's fee on a capture: as the processor reported it, or its published pricing. */
function captureFee(deps: GatewayDeps, pi: PaymentIntent): number {
  const captured = (deps.ledger.state.eventsByPayment.get(pi.id) ?? []).find((s) => s.event.type === 'payment_intent.captured');
  const reported = captured?.event.data['fee'];
  return typeof reported === 'number' ? reported : processorFee((pi.processor ?? 'providerA') as ProcessorName, pi.amount_received);
}

const withoutExpand = (input: Record<string, unknown>): Record<string, unknown> => {
  const { expand: _expand, ...rest } = input;
  return rest;
};

function customerFields(input: Record<string, unknown>): CustomerFields {
  const fields: CustomerFields = {};
  for (const key of ['email', 'name', 'phone', 'description'] as const) if (typeof input[key] === 'string') fields[key] = input[key];
  if (input['metadata'] !== undefined) fields.metadata = input['metadata'] as Record<string, string>;
  return fields;
}

/** A Stripe-format webhook endpoint as Stripe shows it (never its secret, except at creation). */
function stripeWebhookEndpoint(endpoint: { id: string; url: string; enabled_events: string[]; description: string | null; status: string; metadata: Record<string, string>; created: string }): StripeObject & { id: string } {
  return {
    id: endpoint.id, object: 'webhook_endpoint', api_version: '2024-06-20', application: null, created: Math.floor(Date.parse(endpoint.created) / 1000),
    description: endpoint.description, enabled_events: endpoint.enabled_events, livemode: false, metadata: endpoint.metadata, status: endpoint.status, url: endpoint.url,
  };
}

type Kind = 'payment_intent' | 'charge' | 'refund' | 'dispute' | 'balance_transaction';
type Resolver = (id: string, snapshots: PaymentIntent[], merchant: string) => StripeObject | null;

/** Which fields of each object `expand[]` can replace, and with what. */
const EXPANDABLE: Record<Kind, Record<string, keyof Expander['resolvers']>> = {
  payment_intent: { latest_charge: 'charge', customer: 'customer', payment_method: 'payment_method' },
  charge: { payment_intent: 'payment_intent', balance_transaction: 'balance_transaction', customer: 'customer' },
  refund: { payment_intent: 'payment_intent', charge: 'charge', balance_transaction: 'balance_transaction' },
  dispute: { payment_intent: 'payment_intent', charge: 'charge' },
  balance_transaction: { source: 'charge' },
};
const KIND_OF: Record<string, Kind> = { charge: 'charge', payment_intent: 'payment_intent' };

/** `expand[]`: ids replaced by their objects, one level per dot (`latest_charge.balance_transaction`, `data.latest_charge` on lists). */
class Expander {
  resolvers: { charge: Resolver; payment_intent: Resolver; customer: Resolver; balance_transaction: Resolver; payment_method: Resolver } = {} as never;

  async expand(object: StripeObject, c: StripeContext, kind: Kind, snapshots: PaymentIntent[], prefix = ''): Promise<StripeObject> {
    const paths = ((c.input['expand'] as string[] | undefined) ?? []).filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
    for (const path of paths) this.expandPath(object, kind, path.split('.'), snapshots, c.merchant.id, `${prefix}${path}`);
    return object;
  }

  async expandList<T extends { id: string }>(page: { object: 'list'; data: T[]; has_more: boolean; url: string }, c: StripeContext, kind: Kind, render: (item: T) => StripeObject, snapshots: PaymentIntent[]): Promise<Record<string, unknown>> {
    const data = await Promise.all(page.data.map((item) => this.expand(render(item), c, kind, snapshots, 'data.')));
    for (const path of (c.input['expand'] as string[] | undefined) ?? []) {
      if (!path.startsWith('data.')) throw new PayrailError('parameter_invalid', `This property cannot be expanded (${path.slice(0, 100)}): on a list, expand data.<field>.`, { param: 'expand' });
    }
    return { ...page, data };
  }

  private expandPath(object: StripeObject, kind: Kind, parts: string[], snapshots: PaymentIntent[], merchant: string, whole: string): void {
    const [field, ...rest] = parts;
    const target = field === undefined ? undefined : EXPANDABLE[kind][field];
    if (field === undefined || target === undefined) throw new PayrailError('parameter_invalid', `This property cannot be expanded (${whole.slice(0, 100)}). PayRail expands ${Object.entries(EXPANDABLE).map(([k, f]) => `${k}: ${Object.keys(f).join(', ')}`).join('; ')}.`, { param: 'expand' });
    const value = object[field];
    let expanded: StripeObject | null = null;
    if (typeof value === 'string') expanded = this.resolvers[target](value, snapshots, merchant);
    else if (value !== null && typeof value === 'object') expanded = value as StripeObject;
    if (expanded === null) return;
    object[field] = expanded;
    if (rest.length > 0) {
      const nextKind = KIND_OF[target] ?? (target === 'balance_transaction' ? 'balance_transaction' : undefined);
      if (nextKind === undefined) throw new PayrailError('parameter_invalid', `This property cannot be expanded (${whole.slice(0, 100)}).`, { param: 'expand' });
      this.expandPath(expanded, nextKind, rest, snapshots, merchant, whole);
    }
  }
}

