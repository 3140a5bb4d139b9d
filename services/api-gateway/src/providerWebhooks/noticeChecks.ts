import type { PaymentIntent } from '@payrail/ledger';
import type { ProviderNotice } from './providerNotice';

/**
 * Why an authentic processor webhook must not be applied to this payment: it names another processor,
 * another processor reference or currency, an amount the payment cannot take, or an event the
 * payment's state cannot follow. Null when it may be applied (or ignored as late, which is harmless).
 * Such a webhook is stored as `rejected` with this reason and acknowledged; it never moves the ledger.
 */
export type RejectionReason =
  | 'processor_mismatch'
  | 'processor_reference_mismatch'
  | 'currency_mismatch'
  | 'amount_invalid'
  | 'amount_exceeds_authorized'
  | 'amount_exceeds_captured'
  | 'amount_mismatch'
  | 'payment_not_authorized'
  | 'payment_already_captured'
  | 'payment_already_reversed';

export const REJECTION_REASONS: readonly RejectionReason[] = [
  'processor_mismatch',
  'processor_reference_mismatch',
  'currency_mismatch',
  'amount_invalid',
  'amount_exceeds_authorized',
  'amount_exceeds_captured',
  'amount_mismatch',
  'payment_not_authorized',
  'payment_already_captured',
  'payment_already_reversed',
];

const CAPTURED_STATES: ReadonlySet<string> = new Set(['captured', 'settled', 'chargeback']);

export function checkNotice(notice: ProviderNotice, intent: PaymentIntent): RejectionReason | null {
  if (notice.kind === 'other') return null;
  if (intent.processor !== null && notice.provider !== intent.processor) return 'processor_mismatch';
  const awaitingResult = intent.processing && intent.status === 'created';
  if (notice.processor_reference !== null && intent.processor_reference !== null && !awaitingResult && notice.processor_reference !== intent.processor_reference) {
    return 'processor_reference_mismatch';
  }
  if (notice.currency !== undefined && notice.currency !== intent.currency) return 'currency_mismatch';
  if (notice.amount_invalid === true) return 'amount_invalid';
  const amount = notice.amount;
  switch (notice.kind) {
    case 'authorized':
      if (amount !== undefined && amount > intent.amount) return 'amount_exceeds_authorized';
      if (notice.captured === true) return checkCapture(intent, amount, awaitingResult);
      return null;
    case 'declined':
      return null;
    case 'captured':
      return checkCapture(intent, amount, awaitingResult);
    case 'voided':
      if (CAPTURED_STATES.has(intent.status)) return 'payment_already_captured';
      if (intent.status === 'created' && !awaitingResult) return 'payment_not_authorized';
      return null;
    case 'refunded': {
      if (!CAPTURED_STATES.has(intent.status)) return intent.status === 'reversed' ? 'payment_already_reversed' : 'payment_not_authorized';
      const refunded = notice.amount_refunded ?? amount;
      if (refunded !== undefined && refunded > intent.amount_received) return 'amount_exceeds_captured';
      return null;
    }
    case 'dispute':
      if (!CAPTURED_STATES.has(intent.status)) return intent.status === 'reversed' ? 'payment_already_reversed' : 'payment_not_authorized';
      if (amount !== undefined && amount > intent.amount_received) return 'amount_exceeds_captured';
      return null;
    default:
      return null;
  }
}

/** A capture: of no more than was authorized, on a payment that can still be captured. */
function checkCapture(intent: PaymentIntent, amount: number | undefined, awaitingResult: boolean): RejectionReason | null {
  if (awaitingResult) return amount !== undefined && amount > intent.amount ? 'amount_exceeds_authorized' : null;
  if (intent.status === 'authorized') return amount !== undefined && amount > intent.amount_capturable ? 'amount_exceeds_authorized' : null;
  if (CAPTURED_STATES.has(intent.status)) return amount !== undefined && amount !== intent.amount_received ? 'amount_mismatch' : null;
  if (intent.status === 'reversed') return 'payment_already_reversed';
  return 'payment_not_authorized';
}
