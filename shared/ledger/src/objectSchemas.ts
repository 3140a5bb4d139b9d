import { SIMULATE_SCRIPT_SCHEMA, closedObject, componentRef, nullable, type JsonSchema } from '@payrail/schemas';
import { WEBHOOK_API_VERSION } from './webhookPayload';

/*
 * The JSON Schemas of the objects the API returns, beside the types of model.ts that LedgerState
 * builds: the OpenAPI documents name them as components (`PaymentIntent`, `Refund`, `Dispute`,
 * `Event`), and every response the tests receive is validated against them, so a field added to a
 * type without its schema fails the run. Objects are closed (`additionalProperties: false`) and list
 * every field as required: the API always sends each field, null when it has no value.
 */


const id = (prefix: string): JsonSchema => ({ type: 'string', pattern: `^${prefix}_[0-9a-z]+$` });
const amount: JsonSchema = { type: 'integer', minimum: 0, description: 'minor units' };
const unixTime: JsonSchema = { type: 'integer', minimum: 0, description: 'unix seconds' };
const currency: JsonSchema = { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217, upper case (requests may send lower case)' };
const processor: JsonSchema = { type: 'string', enum: ['providerA', 'providerB'] };
const metadata: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };

const closed = closedObject;

export const CARD_SUMMARY_SCHEMA: JsonSchema = {
  ...closed(
    {
      brand: { type: 'string' },
      bin: { type: 'string', pattern: '^[0-9]{6,8}$' },
      last4: { type: 'string', pattern: '^[0-9]{4}$' },
      exp_month: { type: 'integer', minimum: 1, maximum: 12 },
      exp_year: { type: 'integer' },
      country: { type: 'string' },
      fingerprint: { type: 'string', description: "the vault's keyed hash of the card number: the same card under any token" },
    },
    ['exp_month', 'exp_year', 'country', 'fingerprint'],
  ),
  description: 'What the vault says of the card behind the token; never the number.',
  examples: [{ brand: 'visa', bin: '424242', last4: '4242', exp_month: 12, exp_year: 2030, country: 'US', fingerprint: 'b1946ac92492d2347c6235b4d2611184' }],
};

// The objects of the examples below: one captured payment, partly refunded, then disputed.
const EXAMPLE_TIME = 1_796_212_800;
const EXAMPLE_PI = 'pi_01jcy4p8zq3x5v7k9m2n4r6t8w';
const EXAMPLE_DP = 'dp_01jcy4pbq2w7m3n5r9t1v6x8z0';

export const PAYMENT_INTENT_SCHEMA: JsonSchema = {
  ...closed({
    id: id('pi'),
    object: { const: 'payment_intent' },
    merchant: { type: 'string' },
    amount: { ...amount, minimum: 1 },
    currency,
    status: { type: 'string', enum: ['created', 'authorized', 'captured', 'settled', 'declined', 'reversed', 'chargeback'] },
    capture_method: { type: 'string', enum: ['automatic', 'manual'] },
    amount_capturable: amount,
    amount_received: amount,
    amount_refunded: amount,
    payment_method: nullable({ type: 'string', pattern: '^tok_' }),
    card: nullable(componentRef('CardSummary')),
    customer: nullable({ type: 'object', additionalProperties: false, properties: { id: { type: 'string', pattern: '^cus_[0-9a-z]{26}$', description: 'the customer of the Stripe-compatible API, when the PaymentIntent was created there with one' }, email: { type: 'string' }, name: { type: 'string' }, phone: { type: 'string' }, country: { type: 'string' }, ip: { type: 'string' } } }),
    metadata,
    description: nullable({ type: 'string' }),
    processor: nullable(processor),
    processor_reference: nullable({ type: 'string' }),
    routing_reason: nullable({ type: 'string' }),
    processing: { type: 'boolean', description: 'an authorization, capture or void is at a processor now' },
    decline_code: nullable({ type: 'string' }),
    last_error: nullable(closed({ code: { type: 'string' }, decline_code: { type: 'string' }, message: { type: 'string' } })),
    dispute: nullable(id('dp')),
    reconciliation_status: nullable({ type: 'string' }),
    payment_method_types: { type: 'array', minItems: 1, maxItems: 1, items: { type: 'string', enum: ['card', 'pix'] }, description: "['card'] (a vault token) or ['pix'] (BRL: the customer's bank pays a BR Code)" },
    next_action: nullable({
      ...closed({
        type: { const: 'pix_display_qr_code' },
        pix_display_qr_code: closed({
          data: { type: 'string', minLength: 1, maxLength: 512, description: 'the BR Code "copia e cola" payload (EMV QRCPS-MPM, one-time dynamic): show it as text or a QR code' },
          txid: { type: 'string', pattern: '^[A-Za-z0-9]{26,35}$' },
          expires_at: { ...unixTime, description: 'unpaid by then, the PaymentIntent is reversed with reason expired' },
        }),
      }),
      description: 'a confirmed Pix PaymentIntent waiting for its payment: the BR Code to pay; null otherwise',
    }),
    simulate: { ...nullable(SIMULATE_SCRIPT_SCHEMA), description: "test mode: the scripted outcome of each processor attempt (one for all, or step N for attempt N), from its creation or its confirmation; null when the card decides" },
    created: unixTime,
    updated: unixTime,
  }),
  description: 'A payment: created → authorized → captured → settled, or declined, reversed (voided, expired), chargeback. A Pix payment goes from created (with next_action) to captured when paid.',
  examples: [{
    id: EXAMPLE_PI, object: 'payment_intent', merchant: 'm_demo', amount: 2500, currency: 'USD', status: 'captured', capture_method: 'automatic',
    amount_capturable: 0, amount_received: 2500, amount_refunded: 500, payment_method: 'tok_01jcy4p6a8c0e2g4j6k8m0p2r4',
    card: { brand: 'visa', bin: '424242', last4: '4242', exp_month: 12, exp_year: 2030, country: 'US', fingerprint: 'b1946ac92492d2347c6235b4d2611184' },
    customer: { email: 'ada@example.com' }, metadata: { order: '1001' }, description: null, processor: 'providerA', processor_reference: 'ch_3QxYz8a1b2c3',
    routing_reason: 'cheapest for 2500 USD (providerA fee 103, providerB fee 110)', processing: false, decline_code: null, last_error: null, dispute: EXAMPLE_DP, reconciliation_status: null,
    payment_method_types: ['card'], next_action: null, simulate: null, created: EXAMPLE_TIME, updated: EXAMPLE_TIME + 60,
  }],
};

export const REFUND_SCHEMA: JsonSchema = {
  ...closed({
    id: id('re'),
    object: { const: 'refund' },
    merchant: { type: 'string' },
    payment_intent: id('pi'),
    amount: { ...amount, minimum: 1 },
    currency,
    status: { type: 'string', enum: ['pending_approval', 'approved', 'succeeded', 'failed'] },
    reason: nullable({ type: 'string' }),
    approver: nullable({ type: 'string' }),
    failure_reason: nullable({ type: 'string' }),
    processor_reference: nullable({ type: 'string' }),
    metadata,
    created: unixTime,
    updated: unixTime,
  }),
  description: 'A refund of part or all of a captured payment.',
  examples: [{
    id: 're_01jcy4p9r3t5v7x9z1b3d5f7h9', object: 'refund', merchant: 'm_demo', payment_intent: EXAMPLE_PI, amount: 500, currency: 'USD', status: 'succeeded',
    reason: 'requested_by_customer', approver: null, failure_reason: null, processor_reference: 're_3QxYz8a1b2c3', metadata: {}, created: EXAMPLE_TIME + 30, updated: EXAMPLE_TIME + 31,
  }],
};

export const DISPUTE_SCHEMA: JsonSchema = {
  ...closed({
    id: id('dp'),
    object: { const: 'dispute' },
    merchant: { type: 'string' },
    payment_intent: id('pi'),
    amount: { ...amount, minimum: 1 },
    currency,
    status: { type: 'string', enum: ['opened', 'under_review', 'won', 'lost'] },
    reason: { type: 'string' },
    processor,
    processor_dispute_id: nullable({ type: 'string' }),
    funds_status: { type: 'string', enum: ['not_withdrawn', 'withdrawn', 'reinstated'], description: 'where the disputed money is, as the processor moved it (orthogonal to the verdict)' },
    amount_withdrawn: { ...amount, description: 'what is withdrawn from the merchant now: 0 or the disputed amount' },
    evidence: nullable(closed({ text: { type: 'string' }, file_name: nullable({ type: 'string' }), submitted: unixTime })),
    created: unixTime,
    updated: unixTime,
  }),
  description: "A cardholder's dispute (chargeback) of a payment, as its processor reports it.",
  examples: [{
    id: EXAMPLE_DP, object: 'dispute', merchant: 'm_demo', payment_intent: EXAMPLE_PI, amount: 2000, currency: 'USD', status: 'under_review', reason: 'fraudulent',
    processor: 'providerA', processor_dispute_id: 'dp_3QxYz9d4e5f6', funds_status: 'withdrawn', amount_withdrawn: 2000, evidence: { text: 'Delivered and signed for on 2026-12-03.', file_name: null, submitted: EXAMPLE_TIME + 120 },
    created: EXAMPLE_TIME + 60, updated: EXAMPLE_TIME + 120,
  }],
};

const EXAMPLE_ESC = 'esc_01jcy4pc8d2f4h6k8m0p2r4t6v';

export const ESCROW_SCHEMA: JsonSchema = {
  ...closed({
    id: id('esc'),
    object: { const: 'escrow' },
    merchant: { type: 'string' },
    payment_intent: id('pi'),
    amount: { ...amount, minimum: 1 },
    currency,
    status: { type: 'string', enum: ['awaiting_payment', 'in_custody', 'released', 'refunded', 'disputed', 'canceled'] },
    payees: {
      type: 'array',
      items: closed({
        payee: { type: 'string' },
        role: { type: 'string', enum: ['seller', 'platform_fee'] },
        amount: { ...amount, minimum: 1, description: "the payee's share, minor units" },
        released: { ...amount, description: 'released to the payee so far' },
      }),
    },
    amount_in_custody: { ...amount, description: 'what custody holds now: captured, less released and refunded' },
    amount_released: amount,
    amount_refunded: amount,
    release_at: nullable({ ...unixTime, description: 'released to every payee at this time (unless disputed)' }),
    refund_deadline: { ...unixTime, description: 'what is still in custody then is refunded to the buyer (unless disputed); never paid by then: canceled' },
    dispute: nullable(closed({ reason: { type: 'string' }, source: { type: 'string', enum: ['platform', 'processor'] }, dispute: nullable(id('dp')), opened: unixTime })),
    refund: nullable(id('re')),
    description: nullable({ type: 'string' }),
    metadata,
    created: unixTime,
    updated: unixTime,
  }),
  description: "A buyer's payment held in custody for its payees: awaiting_payment → in_custody → released | refunded | disputed → (released | refunded); canceled when never paid.",
  examples: [{
    id: EXAMPLE_ESC, object: 'escrow', merchant: 'm_demo', payment_intent: EXAMPLE_PI, amount: 10000, currency: 'BRL', status: 'in_custody',
    payees: [{ payee: 'seller_42', role: 'seller', amount: 9000, released: 3000 }, { payee: 'platform', role: 'platform_fee', amount: 1000, released: 0 }],
    amount_in_custody: 7000, amount_released: 3000, amount_refunded: 0, release_at: null, refund_deadline: EXAMPLE_TIME + 30 * 86_400, dispute: null, refund: null,
    description: 'Order 1001', metadata: { order: '1001' }, created: EXAMPLE_TIME, updated: EXAMPLE_TIME + 600,
  }],
};

export const EVENT_SCHEMA: JsonSchema = {
  ...closed({
    id: id('evt'),
    object: { const: 'event' },
    type: { type: 'string', examples: ['payment_intent.captured'] },
    created: unixTime,
    api_version: { const: WEBHOOK_API_VERSION },
    livemode: { const: false },
    data: closed({ object: { oneOf: [componentRef('PaymentIntent'), componentRef('Refund'), componentRef('Dispute'), componentRef('Escrow')] } }),
  }),
  description: 'A ledger event as merchants see it: exactly the body its webhooks carry.',
  examples: [{
    id: 'evt_01jcy4pa1c3e5g7j9k1m3p5r7t', object: 'event', type: 'payment_intent.captured', created: EXAMPLE_TIME + 60, api_version: WEBHOOK_API_VERSION, livemode: false,
    data: { object: (PAYMENT_INTENT_SCHEMA['examples'] as unknown[])[0] },
  }],
};

/** The ledger's object components, by name. */
export const LEDGER_OBJECT_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  CardSummary: CARD_SUMMARY_SCHEMA,
  PaymentIntent: PAYMENT_INTENT_SCHEMA,
  Refund: REFUND_SCHEMA,
  Dispute: DISPUTE_SCHEMA,
  Escrow: ESCROW_SCHEMA,
  Event: EVENT_SCHEMA,
};

/** A page of `item`: `{object: 'list', data, has_more, url}`, as every list route answers. */
export function listSchema(item: JsonSchema, extra: Record<string, JsonSchema> = {}): JsonSchema {
  return closed({ object: { const: 'list' }, data: { type: 'array', items: item }, has_more: { type: 'boolean' }, url: { type: 'string' }, ...extra });
}
