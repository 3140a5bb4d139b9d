import type { JsonSchema } from '../jsonSchema';
import { SIMULATED_OUTCOME_SCHEMA } from '../simulate';

/*
 * Events of provider-sim's books (`providers/sim/providerA`, `providers/sim/providerB`,
 * `providers/sim/settlements`): what each simulated processor accepted, the webhooks it owes the
 * gateway, the responses it keeps for idempotent retries, and the settlement files it wrote.
 * The books never hold a card number: only its brand, first six and last four digits.
 */

const provider: JsonSchema = { type: 'string', enum: ['providerA', 'providerB'] };
const reference: JsonSchema = { type: 'string', minLength: 1, maxLength: 64 };
const paymentIntent: JsonSchema = { type: 'string', minLength: 1, maxLength: 128 };
const amount: JsonSchema = { type: 'integer', minimum: 1 };
const pixTxid: JsonSchema = { type: 'string', pattern: '^[A-Za-z0-9]{26,35}$' };
const currency: JsonSchema = { type: 'string', pattern: '^[A-Z]{3}$' };
const declineCode: JsonSchema = {
  type: 'string',
  enum: ['card_declined', 'insufficient_funds', 'expired_card', 'incorrect_cvc', 'processing_error', 'fraudulent'],
};
const card: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['brand', 'bin', 'last4'],
  properties: {
    brand: { type: 'string', maxLength: 16 },
    bin: { type: 'string', pattern: '^[0-9]{6}$' },
    last4: { type: 'string', pattern: '^[0-9]{4}$' },
  },
};
/** What the caller sent along that the processor echoes back; never card data. */
const chargeExtras: Record<string, JsonSchema> = {
  description: { type: 'string', maxLength: 1000 },
  merchant_account: { type: 'string', maxLength: 128 },
};

export const PROVIDER_SIM_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  'provider_sim.charge_authorized': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'payment_intent', 'amount', 'currency', 'card', 'capture_method', 'card_behaviour', 'injected_fault'],
    properties: {
      provider,
      payment_intent: paymentIntent,
      amount,
      currency,
      card,
      capture_method: { type: 'string', enum: ['automatic', 'manual'] },
      card_behaviour: { type: 'string', enum: ['succeeds', 'succeeds_then_disputed', 'times_out'] },
      injected_fault: { enum: ['timeout', null] },
      // The gateway's scripted outcome (X-Simulate-Outcome) that decided this charge instead of the card.
      simulated: SIMULATED_OUTCOME_SCHEMA,
      ...chargeExtras,
    },
  },
  'provider_sim.charge_declined': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'payment_intent', 'amount', 'currency', 'card', 'decline_code', 'injected_fault'],
    properties: {
      provider,
      payment_intent: paymentIntent,
      amount,
      currency,
      card,
      decline_code: declineCode,
      injected_fault: { enum: ['decline', null] },
      simulated: SIMULATED_OUTCOME_SCHEMA,
      ...chargeExtras,
    },
  },
  // An authorization the processor never acted on: a scripted network_timeout. No charge exists; the
  // call was held unanswered until its caller gave up (or PROVIDER_TIMEOUT_MS), then dropped.
  'provider_sim.call_dropped': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'payment_intent', 'amount', 'currency', 'simulated'],
    properties: {
      provider,
      payment_intent: paymentIntent,
      amount,
      currency,
      simulated: { const: 'network_timeout' },
      idempotency_key: { type: 'string', minLength: 1, maxLength: 255 },
    },
  },
  'provider_sim.charge_captured': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'amount', 'currency'],
    properties: { provider, amount, currency, capture_reference: reference, balance_transaction: reference },
  },
  'provider_sim.charge_voided': {
    type: 'object',
    additionalProperties: false,
    required: ['provider'],
    properties: { provider, void_reference: reference },
  },
  // A Pix charge (cobrança imediata) through providerA: a one-time dynamic BR Code the payer pays before
  // `expires_at`. `txid` is the charge's Pix id (26 to 35 letters and digits, as Bacen's API has it).
  'provider_sim.pix_charge_created': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'payment_intent', 'amount', 'currency', 'txid', 'payload', 'expires_at'],
    properties: {
      provider: { const: 'providerA' },
      payment_intent: paymentIntent,
      amount,
      currency: { const: 'BRL' },
      txid: pixTxid,
      payload: { type: 'string', minLength: 1, maxLength: 512 },
      expires_at: { type: 'string', format: 'date-time' },
      ...chargeExtras,
    },
  },
  // The payer paid it: the money is captured. `late` when it came after `expires_at` (the late
  // confirmation fault); `end_to_end_id` is the payment's id in Pix (E + ISPB + time + 11 characters).
  'provider_sim.pix_charge_paid': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'amount', 'end_to_end_id', 'late', 'trigger'],
    properties: {
      provider: { const: 'providerA' },
      amount,
      end_to_end_id: { type: 'string', pattern: '^E[0-9]{8}[0-9]{12}[A-Za-z0-9]{11}$' },
      late: { type: 'boolean' },
      trigger: { type: 'string', enum: ['admin', 'auto'] },
      balance_transaction: reference,
    },
  },
  'provider_sim.refund_succeeded': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'charge', 'amount', 'currency'],
    properties: { provider, charge: reference, amount, currency, reason: { type: 'string', maxLength: 64 } },
  },
  'provider_sim.dispute_opened': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'charge', 'amount', 'currency', 'reason', 'trigger'],
    properties: {
      provider,
      charge: reference,
      amount,
      currency,
      reason: { type: 'string', maxLength: 64 },
      trigger: { type: 'string', enum: ['test_card', 'admin'] },
    },
  },
  'provider_sim.dispute_closed': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'charge', 'outcome', 'trigger'],
    properties: {
      provider,
      charge: reference,
      outcome: { type: 'string', enum: ['won', 'lost'] },
      trigger: { type: 'string', enum: ['auto', 'admin'] },
    },
  },
  // The processor withdrew the disputed amount from the merchant, or gave it back.
  'provider_sim.dispute_funds_moved': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'charge', 'direction', 'amount'],
    properties: { provider, charge: reference, direction: { type: 'string', enum: ['withdrawn', 'reinstated'] }, amount, balance_transaction: reference },
  },
  'provider_sim.webhook_queued': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'event_type', 'payment_intent', 'payload', 'deliveries'],
    properties: {
      provider,
      event_type: { type: 'string', minLength: 1, maxLength: 64 },
      payment_intent: paymentIntent,
      /** The body sent, unsigned for providerA (signed per attempt), signed in-body for providerB. */
      payload: { type: 'object' },
      /** 2 when the duplicate-webhook fault decided to deliver it twice. */
      deliveries: { type: 'integer', minimum: 1, maximum: 2 },
    },
  },
  'provider_sim.webhook_sent': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'attempts', 'status_code', 'deliveries'],
    properties: {
      provider,
      attempts: { type: 'integer', minimum: 1 },
      status_code: { type: 'integer', minimum: 100, maximum: 599 },
      deliveries: { type: 'integer', minimum: 1, maximum: 2 },
    },
  },
  'provider_sim.webhook_abandoned': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'attempts', 'last_status_code', 'last_error'],
    properties: {
      provider,
      attempts: { type: 'integer', minimum: 1 },
      last_status_code: { type: ['integer', 'null'], minimum: 100, maximum: 599 },
      last_error: { type: ['string', 'null'], maxLength: 500 },
    },
  },
  'provider_sim.response_recorded': {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'idempotency_key', 'request_hash', 'status', 'body'],
    properties: {
      provider,
      idempotency_key: { type: 'string', minLength: 1, maxLength: 255 },
      request_hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      status: { type: 'integer', minimum: 200, maximum: 599 },
      body: { type: 'object' },
    },
  },
  'provider_sim.settlement_written': {
    type: 'object',
    additionalProperties: false,
    required: ['date', 'file', 'rows', 'mismatches'],
    properties: {
      date: { type: 'string', format: 'date' },
      file: { type: 'string', maxLength: 256 },
      rows: { type: 'integer', minimum: 0 },
      mismatches: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'processor', 'payment_id', 'processor_reference'],
          properties: {
            kind: { type: 'string', enum: ['missing_row', 'amount_off_by_one', 'extra_row'] },
            processor: provider,
            payment_id: paymentIntent,
            processor_reference: reference,
          },
        },
      },
    },
  },
};
