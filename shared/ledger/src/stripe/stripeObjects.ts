import { createHash } from 'node:crypto';
import type { CardSummary, Dispute, PaymentIntent, PaymentStatus, Refund } from '../model';

/**
 * PayRail's objects as Stripe's API (version 2024-06-20) shows them: the Stripe-compatible surface of
 * the gateway answers with these, and Stripe-format webhooks carry them. Every renderer is a pure
 * function of a PayRail object (a snapshot), so a replayed answer and an event's `data.object` render
 * exactly as the live object did at that moment.
 */
export const STRIPE_API_VERSION = '2024-06-20';

export type StripeObject = Record<string, unknown>;

/** The Stripe PaymentIntent statuses. */
export const STRIPE_PAYMENT_INTENT_STATUSES = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'canceled', 'succeeded'] as const;
export type StripePaymentIntentStatus = (typeof STRIPE_PAYMENT_INTENT_STATUSES)[number];

/** The part of a PaymentIntent its Stripe status depends on. */
export type StatusInput = Pick<PaymentIntent, 'status' | 'processing' | 'payment_method'>;

/**
 * The Stripe status of a PayRail PaymentIntent: exactly one for every state. A decline is Stripe's
 * `requires_payment_method` with `last_payment_error`; a void (or a cancel before confirmation) is
 * `canceled`; captured, settled and charged-back payments are `succeeded` (a dispute does not change a
 * Stripe PaymentIntent's status).
 */
export function stripeStatus(intent: StatusInput): StripePaymentIntentStatus {
  const table: Record<PaymentStatus, StripePaymentIntentStatus> = {
    created: intent.processing ? 'processing' : intent.payment_method === null ? 'requires_payment_method' : 'requires_confirmation',
    authorized: 'requires_capture',
    captured: 'succeeded',
    settled: 'succeeded',
    chargeback: 'succeeded',
    declined: 'requires_payment_method',
    reversed: 'canceled',
  };
  return table[intent.status];
}

// Ids: a Stripe object that is another view of a PayRail one shares its 26-character suffix.
const suffix = (id: string): string => id.slice(id.indexOf('_') + 1);
/** The Charge of a PaymentIntent: `pi_X` → `ch_X`. */
export const chargeIdOf = (paymentIntentId: string): string => `ch_${suffix(paymentIntentId)}`;
/** The PaymentIntent of a Charge: `ch_X` → `pi_X`. */
export const paymentIntentIdOfCharge = (chargeId: string): string => `pi_${suffix(chargeId)}`;
/** The balance transaction of a PaymentIntent's capture: `pi_X` → `txn_X`. */
export const balanceTransactionIdOf = (paymentIntentId: string): string => `txn_${suffix(paymentIntentId)}`;
export const paymentIntentIdOfBalanceTransaction = (id: string): string => `pi_${suffix(id)}`;
/** The balance transaction of a refund: `re_X` → `txn_re_X`... kept apart by its own prefix. */
export const refundBalanceTransactionIdOf = (refundId: string): string => `txn_${refundId}`;
/** A vault token as a Stripe PaymentMethod: `tok_X` ↔ `pm_X`. */
export const paymentMethodIdOf = (token: string | null): string | null => (token === null ? null : `pm_${suffix(token)}`);
export const tokenOfPaymentMethod = (paymentMethodId: string): string => `tok_${suffix(paymentMethodId)}`;

/** The client secret of a PaymentIntent: stable, derived from its id (a sandbox has nothing to hide here). */
export const clientSecretOf = (paymentIntentId: string): string => `${paymentIntentId}_secret_${createHash('sha256').update(`payrail:${paymentIntentId}`).digest('base64url').replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}`;

/** A charge exists once a confirmation reached a processor (or was declined before it). */
const hasCharge = (intent: PaymentIntent): boolean => intent.status !== 'created' || intent.processor !== null;
/** Money was captured: the charge has a balance transaction. */
const isCaptured = (intent: PaymentIntent): boolean => intent.status === 'captured' || intent.status === 'settled' || intent.status === 'chargeback';

/** Stripe's error `code` for a decline code (Stripe keeps a few apart; the rest are `card_declined`). */
export function stripeDeclineErrorCode(declineCode: string): string {
  if (declineCode === 'expired_card' || declineCode === 'incorrect_cvc' || declineCode === 'processing_error') return declineCode;
  if (declineCode === 'processor_unavailable') return 'processing_error';
  return 'card_declined';
}

const DOCS = 'https://docs.stripe.com/error-codes';

/** A card summary as Stripe's `card` hash of a PaymentMethod or a Charge's `payment_method_details`. */
export function stripeCard(card: CardSummary | null): StripeObject | null {
  if (card === null) return null;
  return {
    brand: card.brand,
    checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
    country: card.country ?? null,
    display_brand: card.brand,
    exp_month: card.exp_month ?? null,
    exp_year: card.exp_year ?? null,
    fingerprint: card.fingerprint?.slice(0, 16) ?? null,
    funding: 'credit',
    generated_from: null,
    last4: card.last4,
    networks: { available: [card.brand], preferred: null },
    three_d_secure_usage: { supported: true },
    wallet: null,
  };
}

/** A vault token as a Stripe PaymentMethod of type card. */
export function stripePaymentMethod(token: string, card: CardSummary | null, created: number, customer: string | null = null): StripeObject {
  return {
    id: paymentMethodIdOf(token),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null },
    card: stripeCard(card),
    created,
    customer,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}

const customerIdOf = (intent: PaymentIntent): string | null => {
  const id = intent.customer?.['id'];
  return typeof id === 'string' ? id : null;
};

/** The Stripe `last_payment_error` of a declined PaymentIntent. */
function lastPaymentError(intent: PaymentIntent): StripeObject | null {
  if (intent.status !== 'declined' || intent.last_error === null) return null;
  const declineCode = intent.last_error.decline_code || intent.decline_code || 'card_declined';
  const code = stripeDeclineErrorCode(declineCode);
  return {
    type: 'card_error',
    code,
    decline_code: declineCode,
    message: intent.last_error.message,
    charge: chargeIdOf(intent.id),
    doc_url: `${DOCS}#${code.replace(/_/g, '-')}`,
    payment_method: intent.payment_method === null ? null : stripePaymentMethod(intent.payment_method, intent.card, intent.created),
  };
}

export function stripePaymentIntent(intent: PaymentIntent): StripeObject {
  const status = stripeStatus(intent);
  const canceled = intent.status === 'reversed';
  return {
    id: intent.id,
    object: 'payment_intent',
    amount: intent.amount,
    amount_capturable: intent.amount_capturable,
    amount_details: { tip: {} },
    amount_received: intent.amount_received,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: canceled ? intent.updated : null,
    cancellation_reason: canceled ? 'requested_by_customer' : null,
    capture_method: intent.capture_method,
    client_secret: clientSecretOf(intent.id),
    confirmation_method: 'automatic',
    created: intent.created,
    currency: intent.currency.toLowerCase(),
    customer: customerIdOf(intent),
    description: intent.description,
    invoice: null,
    last_payment_error: lastPaymentError(intent),
    latest_charge: hasCharge(intent) ? chargeIdOf(intent.id) : null,
    livemode: false,
    metadata: intent.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: paymentMethodIdOf(intent.payment_method),
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    processing: status === 'processing' ? { card: {}, type: 'card' } : null,
    receipt_email: typeof intent.customer?.['email'] === 'string' ? intent.customer['email'] : null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status,
    transfer_data: null,
    transfer_group: null,
  };
}

/** The Charge behind a PaymentIntent's confirmation, or null before one. */
export function stripeCharge(intent: PaymentIntent): StripeObject | null {
  if (!hasCharge(intent)) return null;
  const captured = isCaptured(intent);
  const failed = intent.status === 'declined';
  const pending = intent.status === 'created';
  const voided = intent.status === 'reversed';
  const amountRefunded = voided ? intent.amount : intent.amount_refunded;
  const declineCode = intent.last_error?.decline_code || intent.decline_code;
  return {
    id: chargeIdOf(intent.id),
    object: 'charge',
    amount: intent.amount,
    amount_captured: intent.amount_received,
    amount_refunded: amountRefunded,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: captured ? balanceTransactionIdOf(intent.id) : null,
    billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: typeof intent.customer?.['email'] === 'string' ? intent.customer['email'] : null, name: typeof intent.customer?.['name'] === 'string' ? intent.customer['name'] : null, phone: null },
    calculated_statement_descriptor: 'PAYRAIL',
    captured,
    created: intent.created,
    currency: intent.currency.toLowerCase(),
    customer: customerIdOf(intent),
    description: intent.description,
    disputed: intent.dispute !== null,
    failure_balance_transaction: null,
    failure_code: failed ? stripeDeclineErrorCode(declineCode ?? 'card_declined') : null,
    failure_message: failed ? (intent.last_error?.message ?? null) : null,
    fraud_details: {},
    invoice: null,
    livemode: false,
    metadata: intent.metadata,
    on_behalf_of: null,
    outcome: failed
      ? { network_status: declineCode === 'processing_error' || declineCode === 'processor_unavailable' ? 'not_sent_to_network' : 'declined_by_network', reason: declineCode ?? null, risk_level: declineCode === 'fraudulent' ? 'highest' : 'normal', seller_message: intent.last_error?.message ?? 'The bank declined the payment.', type: declineCode === 'fraudulent' ? 'blocked' : 'issuer_declined' }
      : pending ? null : { network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' },
    paid: !failed && !pending,
    payment_intent: intent.id,
    payment_method: paymentMethodIdOf(intent.payment_method),
    payment_method_details: intent.card === null ? null : { card: { ...stripeCard(intent.card), amount_authorized: intent.amount, network: intent.card.brand, network_token: { used: false } }, type: 'card' },
    receipt_email: typeof intent.customer?.['email'] === 'string' ? intent.customer['email'] : null,
    receipt_number: null,
    receipt_url: null,
    refunded: amountRefunded > 0 && amountRefunded >= (voided ? intent.amount : intent.amount_received),
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: failed ? 'failed' : pending ? 'pending' : 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
}

/** PayRail's refund statuses as Stripe's: a refund waiting for approval `requires_action`, an approved one `pending`. */
export const STRIPE_REFUND_STATUS: Readonly<Record<Refund['status'], string>> = { pending_approval: 'requires_action', approved: 'pending', succeeded: 'succeeded', failed: 'failed' };
const STRIPE_REFUND_REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

export function stripeRefund(refund: Refund): StripeObject {
  return {
    id: refund.id,
    object: 'refund',
    amount: refund.amount,
    balance_transaction: refund.status === 'succeeded' ? refundBalanceTransactionIdOf(refund.id) : null,
    charge: chargeIdOf(refund.payment_intent),
    created: refund.created,
    currency: refund.currency.toLowerCase(),
    destination_details: { card: { reference_status: refund.status === 'succeeded' ? 'available' : 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
    ...(refund.status === 'failed' && refund.failure_reason?.startsWith('rejected by ') !== true ? { failure_reason: 'unknown', failure_balance_transaction: null } : {}),
    metadata: refund.metadata,
    payment_intent: refund.payment_intent,
    reason: refund.reason !== null && STRIPE_REFUND_REASONS.has(refund.reason) ? refund.reason : null,
    receipt_number: null,
    source_transfer_reversal: null,
    // A refund rejected in the approval queue (or canceled on this surface) is Stripe's `canceled`.
    status: refund.status === 'failed' && refund.failure_reason?.startsWith('rejected by ') === true ? 'canceled' : STRIPE_REFUND_STATUS[refund.status],
    transfer_reversal: null,
  };
}

const STRIPE_DISPUTE_STATUS: Readonly<Record<Dispute['status'], string>> = { opened: 'needs_response', under_review: 'under_review', won: 'won', lost: 'lost' };
const STRIPE_DISPUTE_REASONS = new Set(['bank_cannot_process', 'check_returned', 'credit_not_processed', 'customer_initiated', 'debit_not_authorized', 'duplicate', 'fraudulent', 'general', 'incorrect_account_details', 'insufficient_funds', 'product_not_received', 'product_unacceptable', 'subscription_canceled', 'unrecognized']);

/** Stripe's dispute evidence fields; PayRail keeps the text (uncategorized_text) and a file name. */
export const STRIPE_EVIDENCE_FIELDS = [
  'access_activity_log', 'billing_address', 'cancellation_policy', 'cancellation_policy_disclosure', 'cancellation_rebuttal', 'customer_communication',
  'customer_email_address', 'customer_name', 'customer_purchase_ip', 'customer_signature', 'duplicate_charge_documentation', 'duplicate_charge_explanation',
  'duplicate_charge_id', 'product_description', 'receipt', 'refund_policy', 'refund_policy_disclosure', 'refund_refusal_explanation', 'service_date',
  'service_documentation', 'shipping_address', 'shipping_carrier', 'shipping_date', 'shipping_documentation', 'shipping_tracking_number', 'uncategorized_file',
  'uncategorized_text',
] as const;

export function stripeDispute(dispute: Dispute): StripeObject {
  const evidence: Record<string, string | null> = Object.fromEntries(STRIPE_EVIDENCE_FIELDS.map((field) => [field, null]));
  if (dispute.evidence !== null) {
    evidence['uncategorized_text'] = dispute.evidence.text;
    evidence['uncategorized_file'] = dispute.evidence.file_name;
  }
  const reason = dispute.reason.toLowerCase().replace(/[^a-z]+/g, '_');
  return {
    id: dispute.id,
    object: 'dispute',
    amount: dispute.amount,
    balance_transactions: [],
    charge: chargeIdOf(dispute.payment_intent),
    created: dispute.created,
    currency: dispute.currency.toLowerCase(),
    evidence,
    evidence_details: { due_by: dispute.created + 7 * 86_400, has_evidence: dispute.evidence !== null, past_due: false, submission_count: dispute.evidence === null ? 0 : 1 },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    network_reason_code: null,
    payment_intent: dispute.payment_intent,
    payment_method_details: { card: { brand: 'visa', case_type: 'chargeback', network_reason_code: null }, type: 'card' },
    reason: STRIPE_DISPUTE_REASONS.has(reason) ? reason : 'general',
    status: STRIPE_DISPUTE_STATUS[dispute.status],
  };
}

/** The balance transaction of a capture: amount, the processor's fee and the net, as the settlement CSV has them. */
export function stripeBalanceTransaction(intent: PaymentIntent, fee: number): StripeObject {
  const settled = intent.status === 'settled' || intent.reconciliation_status === 'matched';
  const currency = intent.currency.toLowerCase();
  return {
    id: balanceTransactionIdOf(intent.id),
    object: 'balance_transaction',
    amount: intent.amount_received,
    available_on: intent.updated + 2 * 86_400,
    created: intent.updated,
    currency,
    description: intent.description,
    exchange_rate: null,
    fee,
    fee_details: fee === 0 ? [] : [{ amount: fee, application: null, currency, description: `${intent.processor ?? 'processor'} processing fees`, type: 'stripe_fee' }],
    net: intent.amount_received - fee,
    reporting_category: 'charge',
    source: chargeIdOf(intent.id),
    status: settled ? 'available' : 'pending',
    type: 'charge',
  };
}

/** The balance transaction of a succeeded refund (negative amount, no fee). */
export function stripeRefundBalanceTransaction(refund: Refund): StripeObject {
  const currency = refund.currency.toLowerCase();
  return {
    id: refundBalanceTransactionIdOf(refund.id),
    object: 'balance_transaction',
    amount: -refund.amount,
    available_on: refund.updated,
    created: refund.updated,
    currency,
    description: 'REFUND FOR CHARGE',
    exchange_rate: null,
    fee: 0,
    fee_details: [],
    net: -refund.amount,
    reporting_category: 'refund',
    source: refund.id,
    status: 'available',
    type: 'refund',
  };
}
