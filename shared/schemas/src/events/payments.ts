import type { JsonSchema } from '../jsonSchema';
import { SIMULATE_SCRIPT_SCHEMA, SIMULATE_STEP_SCHEMA } from '../simulate';

const ID = (prefix: string): JsonSchema => ({ type: 'string', pattern: `^${prefix}_[0-9a-z]{26}$` });
const amount: JsonSchema = { type: 'integer', minimum: 1 };
const currency: JsonSchema = { type: 'string', pattern: '^[A-Z]{3}$' };
const processor: JsonSchema = { type: 'string', enum: ['providerA', 'providerB'] };
const reference: JsonSchema = { type: 'string', minLength: 1, maxLength: 128 };
const text = (max: number): JsonSchema => ({ type: 'string', maxLength: max });
const disputeStage: JsonSchema = { type: 'integer', minimum: 0, maximum: 100 };
const card: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['brand', 'bin', 'last4'],
  properties: {
    brand: text(16),
    bin: { type: 'string', pattern: '^[0-9]{6}$' },
    last4: { type: 'string', pattern: '^[0-9]{4}$' },
    exp_month: { type: 'integer', minimum: 1, maximum: 12 },
    exp_year: { type: 'integer', minimum: 2000, maximum: 2200 },
    country: { type: 'string', pattern: '^[A-Z]{2}$' },
    fingerprint: { type: 'string', minLength: 8, maxLength: 128 },
  },
};
const object = (required: string[], properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

export const DECLINE_CODES = ['card_declined', 'insufficient_funds', 'expired_card', 'incorrect_cvc', 'processing_error', 'fraudulent', 'processor_unavailable'] as const;

/** Events of ledger/payments.jsonl, ledger/refunds.jsonl and ledger/disputes.jsonl. */
export const PAYMENT_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  'payment_intent.created': object(['amount', 'currency', 'capture_method'], {
    amount,
    currency,
    capture_method: { type: 'string', enum: ['automatic', 'manual'] },
    payment_method: { anyOf: [ID('tok'), { type: 'null' }] },
    card: { anyOf: [card, { type: 'null' }] },
    customer: { anyOf: [{ type: 'object' }, { type: 'null' }] },
    metadata: { type: 'object', maxProperties: 50, additionalProperties: { type: 'string', maxLength: 500 } },
    description: { anyOf: [text(1000), { type: 'null' }] },
    // Absent: ['card']. A Pix payment (BRL) has no card: its customer pays a BR Code.
    payment_method_types: { type: 'array', minItems: 1, maxItems: 1, items: { type: 'string', enum: ['card', 'pix'] } },
    // A test-mode script of each processor attempt's outcome (absent: the card decides).
    simulate: SIMULATE_SCRIPT_SCHEMA,
  }),
  /** Changed before confirmation (the Stripe-compatible API's update): only the fields given. */
  'payment_intent.updated': object([], {
    amount,
    currency,
    payment_method: ID('tok'),
    card: { anyOf: [card, { type: 'null' }] },
    customer: { anyOf: [{ type: 'object' }, { type: 'null' }] },
    metadata: { type: 'object', maxProperties: 50, additionalProperties: { type: 'string', maxLength: 500 } },
    description: { anyOf: [text(1000), { type: 'null' }] },
  }),
  'payment_intent.authorization_requested': { ...object(['processor', 'routing_reason', 'attempt'], {
    processor,
    routing_reason: text(500),
    attempt: { type: 'integer', minimum: 1, maximum: 10 },
    payment_method: ID('tok'),
    card: { anyOf: [card, { type: 'null' }] },
    // A scripted confirmation: the script in force (the confirm's own, else the creation's) and the
    // step of it this attempt sent to the processor.
    simulate: SIMULATE_SCRIPT_SCHEMA,
    simulate_step: SIMULATE_STEP_SCHEMA,
    // The first attempt of a payment a routing canary matched: which arm it fell in (routing.json's canaries).
    canary: object(['name', 'arm'], { name: text(100), arm: { type: 'string', enum: ['candidate', 'baseline'] } }),
  }), dependentRequired: { simulate: ['simulate_step'], simulate_step: ['simulate'] } },
  'payment_intent.authorized': object(['processor', 'processor_reference', 'amount_capturable'], {
    processor,
    processor_reference: reference,
    amount_capturable: amount,
  }),
  'payment_intent.declined': object(['decline_code', 'message'], {
    decline_code: { type: 'string', enum: [...DECLINE_CODES] },
    message: text(500),
    processor: { anyOf: [processor, { type: 'null' }] },
    processor_reference: { anyOf: [reference, { type: 'null' }] },
  }),
  // A Pix confirmation's answer: providerA's Pix charge, whose BR Code (`data`) the customer pays before
  // `expires_at` (unix seconds). The payment stays `processing` until the payment's notice captures it.
  'payment_intent.pix_qr_code_issued': object(['processor', 'processor_reference', 'txid', 'data', 'expires_at'], {
    processor: { const: 'providerA' },
    processor_reference: reference,
    txid: { type: 'string', pattern: '^[A-Za-z0-9]{26,35}$' },
    data: { type: 'string', minLength: 1, maxLength: 512 },
    expires_at: { type: 'integer', minimum: 0 },
  }),
  // A capture or void sent to the processor: the payment is `processing` until its result is recorded.
  // The processor idempotency key names this attempt, so two attempts can never be taken for one.
  'payment_intent.capture_requested': object(['processor', 'amount', 'processor_idempotency_key'], {
    processor,
    amount,
    processor_idempotency_key: text(200),
  }),
  'payment_intent.cancel_requested': object(['processor', 'processor_idempotency_key'], {
    processor,
    processor_idempotency_key: text(200),
  }),
  // The processor refused a capture or void and still holds the authorization: nothing moved.
  'payment_intent.processor_refused': object(['action', 'reason'], {
    action: { type: 'string', enum: ['capture', 'cancel'] },
    reason: text(500),
    processor_reference: reference,
  }),
  'payment_intent.captured': object(['amount_captured', 'processor'], {
    amount_captured: amount,
    processor,
    processor_reference: reference,
    fee: { type: 'integer', minimum: 0 },
  }),
  'payment_intent.reversed': object(['reason'], {
    // `expired`: a Pix payment's BR Code was not paid before its expiry.
    reason: { type: 'string', enum: ['voided', 'capture_failed', 'authorization_expired', 'canceled', 'expired'] },
    cancellation_reason: { type: 'string', enum: ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] },
    processor_reference: reference,
  }),
  'payment_intent.settled': object(['settlement_date'], {
    settlement_date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    bank_reference: reference,
    fee: { type: 'integer', minimum: 0 },
    net: { type: 'integer' },
  }),
  // The processor withdrew the disputed amount from the merchant (postings reverse it), and gave it back.
  'payment_intent.chargeback': object(['dispute', 'amount'], { dispute: ID('dp'), amount }),
  'payment_intent.chargeback_reversed': object(['dispute', 'amount'], { dispute: ID('dp'), amount }),
  'payment_intent.reconciliation_flagged': object(['status', 'date'], {
    status: { type: 'string', enum: ['missing_at_bank', 'amount_mismatch', 'currency_mismatch', 'fee_mismatch', 'unexpected_at_bank'] },
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    ledger: { type: 'object' },
    bank: { type: 'object' },
  }),

  'refund.created': object(['payment_intent', 'amount', 'currency', 'status'], {
    payment_intent: ID('pi'),
    amount,
    currency,
    // `paid_after_expiry`: the gateway's own refund of a Pix payment reported after its PaymentIntent expired.
    reason: { type: 'string', enum: ['duplicate', 'fraudulent', 'requested_by_customer', 'other', 'paid_after_expiry'] },
    status: { type: 'string', enum: ['pending_approval', 'approved'] },
    metadata: { type: 'object', maxProperties: 50, additionalProperties: { type: 'string', maxLength: 500 } },
  }),
  'refund.approved': object(['approver'], { approver: text(100) }),
  'refund.succeeded': object(['processor', 'processor_reference'], { processor, processor_reference: reference }),
  'refund.failed': object(['failure_reason'], { failure_reason: text(500), approver: text(100) }),

  'dispute.opened': object(['payment_intent', 'amount', 'currency', 'reason', 'processor'], {
    payment_intent: ID('pi'),
    amount,
    currency,
    reason: text(100),
    processor,
    processor_dispute_id: reference,
  }),
  'dispute.evidence_submitted': object(['text'], { text: text(20_000), file_name: text(255) }),
  // `stage` counts the processor's dispute steps (1 withdrawn, 2 reinstated, 3 withdrawn again, ...);
  // `processor_status` is the processor's own word (Stripe `status`, Adyen `disputeStatus`).
  'dispute.funds_withdrawn': object(['amount', 'stage'], { amount, stage: disputeStage, processor_event: reference, processor_status: text(40) }),
  'dispute.funds_reinstated': object(['amount', 'stage'], { amount, stage: disputeStage, processor_event: reference, processor_status: text(40) }),
  'dispute.won': object([], { processor_event: reference, stage: disputeStage, processor_status: text(40) }),
  'dispute.lost': object([], { processor_event: reference, stage: disputeStage, processor_status: text(40) }),
};
