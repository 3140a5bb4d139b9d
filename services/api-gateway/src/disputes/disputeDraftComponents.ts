import { closedObject, nullable, type JsonSchema } from '@payrail/schemas';
import type { ArgumentKind, DisputeDraft, GapCode, ReasonCategory } from './disputeDraft';

/*
 * The dispute response draft's response object (GET /v1/disputes/{id}/draft), closed like every
 * gateway component: a field the draft sends without its schema here fails the contract check.
 */

const closed = closedObject;
const isoTime: JsonSchema = { type: 'string', format: 'date-time' };
const minor: JsonSchema = { type: 'integer', description: 'minor units' };

const CITATION: JsonSchema = {
  ...closed({
    stream: { type: 'string', examples: ['ledger/payments'] },
    seq: { type: 'integer', minimum: 1, description: 'the line number in data/<stream>.jsonl' },
    event_id: { type: 'string', pattern: '^evt_' },
  }),
  description: "The journal line a fact stands on: sed -n '<seq>p' data/<stream>.jsonl | jq -r .event_id prints event_id.",
};

const CITED_FACT: JsonSchema = closed({ field: { type: 'string' }, value: { type: 'string' }, cite: CITATION });

const PROCESSOR_STEP: JsonSchema = closed({
  processor: { type: 'string' },
  processor_reference: nullable({ type: 'string' }),
  amount: minor,
  currency: { type: 'string' },
  at: isoTime,
  cite: CITATION,
});

const REASON_CATEGORIES: ReasonCategory[] = ['fraud', 'not_received', 'duplicate', 'credit_not_processed', 'other'];
const ARGUMENT_KINDS: ArgumentKind[] = ['refund_already_issued', 'no_authorization_on_record', 'product_delivered', 'product_shipped', 'authorized_and_captured'];
const GAP_CODES: GapCode[] = [
  'card_checks_not_recorded', 'no_authorization', 'no_capture', 'no_customer_name', 'no_customer_email', 'no_order_reference',
  'no_shipping_address', 'no_tracking_number', 'no_delivery_confirmation', 'no_webhook_receipt', 'chain_not_verified', 'evidence_not_submittable',
];

const DISPUTE_DRAFT: JsonSchema = closed({
  object: { const: 'dispute_draft' },
  merchant: { type: 'string' },
  generated_at: isoTime,
  chain_verified: { type: 'boolean', description: 'every line of the payment re-hashed and linked to the line before it' },
  dispute: closed({
    id: { type: 'string', pattern: '^dp_' },
    payment_intent: { type: 'string', pattern: '^pi_' },
    status: { type: 'string', enum: ['opened', 'under_review', 'won', 'lost'] },
    reason: { type: 'string' },
    reason_category: { type: 'string', enum: REASON_CATEGORIES },
    amount: minor,
    currency: { type: 'string' },
    processor: { type: 'string' },
    processor_dispute_id: nullable({ type: 'string' }),
    funds_status: { type: 'string', enum: ['not_withdrawn', 'withdrawn', 'reinstated'] },
    opened_at: isoTime,
    cite: CITATION,
    status_cite: CITATION,
  }),
  argument: closed({
    kind: { type: 'string', enum: ARGUMENT_KINDS, description: 'the line of argument the rules chose, first that holds: refund_already_issued, no_authorization_on_record, product_delivered, product_shipped, authorized_and_captured' },
    summary: { type: 'string', description: 'the points in plain language, most telling first for the reason' },
    points: { type: 'array', items: closed({ text: { type: 'string' }, cites: { type: 'array', items: CITATION } }) },
  }),
  authorization: nullable(PROCESSOR_STEP),
  capture: nullable(PROCESSOR_STEP),
  card: { type: 'array', items: CITED_FACT, description: 'brand, bin, last4, expiry, country (never the number)' },
  card_checks: closed({
    avs: { const: 'not recorded' },
    cvc: { const: 'not recorded' },
    explanation: { type: 'string' },
    cite: nullable(CITATION),
  }),
  customer: { type: 'array', items: CITED_FACT, description: "the PaymentIntent's customer, a fact per field" },
  delivery: { type: 'array', items: CITED_FACT, description: 'metadata about the order and its shipping: shipping_*, tracking_*, carrier, order_*, delivery_*...' },
  other_details: { type: 'array', items: CITED_FACT, description: 'the description and every other metadata key' },
  refunds: {
    type: 'array',
    items: closed({
      id: { type: 'string', pattern: '^re_' },
      amount: minor,
      currency: { type: 'string' },
      status: { type: 'string', enum: ['pending_approval', 'approved', 'succeeded', 'failed'] },
      reason: nullable({ type: 'string' }),
      requested_at: isoTime,
      cite: CITATION,
      status_cite: CITATION,
    }),
  },
  timeline: {
    type: 'array',
    description: 'every ledger line of the payment, its refunds and its dispute, in time order',
    items: closed({ at: isoTime, type: { type: 'string' }, ref: { type: 'string' }, amount: nullable(minor), verified: { type: 'boolean' }, cite: CITATION }),
  },
  webhook_receipts: {
    type: 'array',
    description: "every attempt at delivering the payment's events to the merchant's endpoints, oldest first (outbox/deliveries lines)",
    items: closed({
      event_id: { type: 'string', pattern: '^evt_' },
      event_type: { type: 'string' },
      endpoint_id: { type: 'string' },
      endpoint_url: { type: 'string' },
      delivery_id: { type: 'string' },
      attempt: { type: 'integer', minimum: 1 },
      attempted_at: isoTime,
      status_code: nullable({ type: 'integer' }),
      outcome: { type: 'string', enum: ['delivered', 'failed', 'dead_lettered', 'disabled'] },
      cite: CITATION,
    }),
  },
  webhook_receipts_omitted: { type: 'integer', minimum: 0, description: 'attempts past the 500 listed' },
  evidence: {
    ...closed({ text: { type: 'string', minLength: 1, maxLength: 20_000 }, file_name: { type: 'string', maxLength: 255 } }),
    description: 'the body for POST /v1/disputes/{id}/evidence, as it is',
  },
  evidence_submittable: { type: 'boolean', description: 'false once the dispute is past opened (the evidence route answers 409)' },
  gaps: { type: 'array', items: closed({ code: { type: 'string', enum: GAP_CODES }, message: { type: 'string' } }), description: 'what is missing that would strengthen the case' },
});

const cite = (stream: string, seq: number, event_id: string) => ({ stream, seq, event_id });
const CREATED = cite('ledger/payments', 41, 'evt_01jd4f0a1b2c3d4e5f6g7h8j9k');
const REQUESTED = cite('ledger/payments', 42, 'evt_01jd4f0a2b3c4d5e6f7g8h9j0k');
const AUTHORIZED = cite('ledger/payments', 43, 'evt_01jd4f0a3b4c5d6e7f8g9h0j1k');
const CAPTURED = cite('ledger/payments', 44, 'evt_01jd4f0a4b5c6d7e8f9g0h1j2k');
const OPENED = cite('ledger/disputes', 7, 'evt_01jd4f7q5b6c7d8e9f0g1h2j3k');
const DELIVERED = cite('outbox/deliveries', 130, 'evt_01jd4f0a9b8c7d6e5f4g3h2j1k');

const SUMMARY = 'The card (visa ending 4242) was authorized by providerA (reference ch_3QdWq2Lk8vY1aB2c) on 2026-12-01 10:15 UTC and $1,250.00 USD was captured on 2026-12-01 10:15 UTC. '
  + 'Order 1042 was placed by Ada Lovelace <ada@example.com> from IP address 203.0.113.7. '
  + 'The goods were delivered to Ada Lovelace, 221B Baker Street, London, NW1 6XE, GB per tracking number 1Z999AA10123456784 (UPS) on 2026-12-03. '
  + "No refund was issued: none of the payment's 6 ledger lines is a refund.";

/** A draft of a fraud dispute on a delivered order: what GET /v1/disputes/{id}/draft answers. */
const DISPUTE_DRAFT_EXAMPLE: DisputeDraft = {
  object: 'dispute_draft',
  merchant: 'm_demo',
  generated_at: '2026-12-08T09:00:00.000Z',
  chain_verified: true,
  dispute: {
    id: 'dp_01jd4f7q4p6r8t0v2x4z6b8d0f', payment_intent: 'pi_01jd4f09z8y7x6w5v4t3s2r1q0', status: 'opened', reason: 'fraudulent', reason_category: 'fraud',
    amount: 125_000, currency: 'USD', processor: 'providerA', processor_dispute_id: 'du_1QdXr5Lk8vY1aB2c', funds_status: 'withdrawn', opened_at: '2026-12-07T16:20:11.000Z',
    cite: OPENED, status_cite: cite('ledger/disputes', 8, 'evt_01jd4f7q6b7c8d9e0f1g2h3j4k'),
  },
  argument: {
    kind: 'product_delivered',
    summary: SUMMARY,
    points: [
      { text: 'The card (visa ending 4242) was authorized by providerA (reference ch_3QdWq2Lk8vY1aB2c) on 2026-12-01 10:15 UTC and $1,250.00 USD was captured on 2026-12-01 10:15 UTC.', cites: [AUTHORIZED, CAPTURED, REQUESTED] },
      { text: 'Order 1042 was placed by Ada Lovelace <ada@example.com> from IP address 203.0.113.7.', cites: [CREATED] },
      { text: 'The goods were delivered to Ada Lovelace, 221B Baker Street, London, NW1 6XE, GB per tracking number 1Z999AA10123456784 (UPS) on 2026-12-03.', cites: [CREATED] },
      { text: "No refund was issued: none of the payment's 6 ledger lines is a refund.", cites: [cite('ledger/payments', 45, 'evt_01jd4f7q7b8c9d0e1f2g3h4j5k')] },
    ],
  },
  authorization: { processor: 'providerA', processor_reference: 'ch_3QdWq2Lk8vY1aB2c', amount: 125_000, currency: 'USD', at: '2026-12-01T10:15:02.000Z', cite: AUTHORIZED },
  capture: { processor: 'providerA', processor_reference: 'ch_3QdWq2Lk8vY1aB2c', amount: 125_000, currency: 'USD', at: '2026-12-01T10:15:02.000Z', cite: CAPTURED },
  card: [{ field: 'brand', value: 'visa', cite: REQUESTED }, { field: 'last4', value: '4242', cite: REQUESTED }],
  card_checks: { avs: 'not recorded', cvc: 'not recorded', explanation: 'The authorization line records the processor, its reference and the amount only; no AVS or CVC result is kept by the ledger or by the processor simulator.', cite: AUTHORIZED },
  customer: [{ field: 'email', value: 'ada@example.com', cite: CREATED }, { field: 'name', value: 'Ada Lovelace', cite: CREATED }, { field: 'ip', value: '203.0.113.7', cite: CREATED }],
  delivery: [
    { field: 'carrier', value: 'UPS', cite: CREATED }, { field: 'delivered_at', value: '2026-12-03', cite: CREATED }, { field: 'order_id', value: '1042', cite: CREATED },
    { field: 'shipping_line1', value: '221B Baker Street', cite: CREATED }, { field: 'tracking_number', value: '1Z999AA10123456784', cite: CREATED },
  ],
  other_details: [{ field: 'description', value: 'Brass telescope', cite: CREATED }],
  refunds: [],
  timeline: [
    { at: '2026-12-01T10:15:01.000Z', type: 'payment_intent.created', ref: 'pi_01jd4f09z8y7x6w5v4t3s2r1q0', amount: 125_000, verified: true, cite: CREATED },
    { at: '2026-12-01T10:15:02.000Z', type: 'payment_intent.authorized', ref: 'pi_01jd4f09z8y7x6w5v4t3s2r1q0', amount: 125_000, verified: true, cite: AUTHORIZED },
    { at: '2026-12-07T16:20:11.000Z', type: 'dispute.opened', ref: 'dp_01jd4f7q4p6r8t0v2x4z6b8d0f', amount: 125_000, verified: true, cite: OPENED },
  ],
  webhook_receipts: [{
    event_id: 'evt_01jd4f0a4b5c6d7e8f9g0h1j2k', event_type: 'payment_intent.captured', endpoint_id: 'we_01jcy4pc3e5g7j9k1m3p5r7t9v', endpoint_url: 'https://merchant.example/webhooks/payrail',
    delivery_id: 'del_01jd4f0a5b6c7d8e9f0g1h2j3k', attempt: 1, attempted_at: '2026-12-01T10:15:02.120Z', status_code: 200, outcome: 'delivered', cite: DELIVERED,
  }],
  webhook_receipts_omitted: 0,
  evidence: { text: `Response to dispute dp_01jd4f7q4p6r8t0v2x4z6b8d0f (reason: fraudulent) on payment pi_01jd4f09z8y7x6w5v4t3s2r1q0, $1,250.00 USD.\n\n${SUMMARY}`, file_name: 'payrail_dispute_draft_dp_01jd4f7q4p6r8t0v2x4z6b8d0f.pdf' },
  evidence_submittable: true,
  gaps: [{ code: 'card_checks_not_recorded', message: 'AVS and CVC results are not recorded: ask the processor for the authorization response (AVS, CVC, 3-D Secure) and attach it.' }],
};

/** The gateway components of the dispute response draft, for GATEWAY_COMPONENTS. */
export const DISPUTE_DRAFT_COMPONENTS: Record<string, JsonSchema> = {
  DisputeDraft: { ...DISPUTE_DRAFT, examples: [DISPUTE_DRAFT_EXAMPLE] },
};
