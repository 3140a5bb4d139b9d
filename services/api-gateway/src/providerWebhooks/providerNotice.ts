import { PROCESSOR_DECLINE_CODES, declineCodeFromAdyen, type ProcessorDeclineCode, type ProcessorName } from '@payrail/core';
import type { DisputeStep } from '../disputes/disputeCommands';

/** What a processor webhook says, in the gateway's words, whatever the processor's dialect. */
export interface ProviderNotice {
  provider: ProcessorName;
  /** The processor's id of this webhook: the dedupe key (Stripe event id; Adyen `pspReference:eventCode`). */
  id: string;
  event_type: string;
  kind: 'authorized' | 'declined' | 'captured' | 'voided' | 'refunded' | 'dispute' | 'other';
  payment_intent: string | null;
  processor_reference: string | null;
  /**
   * Whether an authorization notice says the money was captured too; absent when its dialect does not
   * say (Adyen's AUTHORISATION): then the capture the gateway asked for with it stands.
   */
  captured?: boolean;
  amount?: number;
  /** The amount field was there but is not a positive integer of minor units (never applied). */
  amount_invalid?: boolean;
  /** Upper-case ISO 4217, when the webhook names one. */
  currency?: string;
  /** All refunded so far on the charge, when the processor says (providerA's charge.refunded). */
  amount_refunded?: number;
  fee?: number;
  /** The processor's balance transaction of a capture (providerA `txn_...`), where its fee is read. */
  balance_transaction?: string;
  decline_code?: ProcessorDeclineCode;
  message?: string;
  /** The processor's id of the dispute (Stripe `dp_...`; Adyen: the dispute's pspReference). */
  dispute_id?: string;
  reason?: string;
  /** Where the dispute stands at the processor after this notice (kind `dispute`). */
  dispute_step?: DisputeStep;
}

type Json = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const integer = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined);
const currencyOf = (value: unknown): { currency?: string } => (typeof value === 'string' && /^[A-Za-z]{3}$/.test(value) ? { currency: value.toUpperCase() } : {});

/** An amount in minor units as the notice carries it: absent, a positive integer, or flagged invalid. */
function amountField(value: unknown): { amount?: number; amount_invalid?: boolean } {
  if (value === undefined || value === null) return {};
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? { amount: value } : { amount_invalid: true };
}

const record = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});

/** A Stripe-style event from providerA. */
export function noticeFromProviderA(event: Json): ProviderNotice {
  const type = text(event['type']) ?? '';
  const object = record(record(event['data'])['object']);
  const paymentIntent = text(object['payment_intent']) ?? text(record(object['metadata'])['payment_intent']);
  const base = { provider: 'providerA' as const, id: text(event['id']) ?? '', event_type: type, payment_intent: paymentIntent, ...currencyOf(object['currency']) };
  const charge = text(object['object'] === 'charge' ? object['id'] : object['charge']);
  switch (type) {
    case 'charge.succeeded': {
      const captured = object['captured'] === true;
      return { ...base, kind: 'authorized', processor_reference: charge, captured, ...(captured ? amountField(object['amount_captured'] ?? object['amount']) : amountField(object['amount'])), ...(captured ? balanceOf(object) : {}) };
    }
    case 'charge.failed': {
      const code = String(object['failure_code'] ?? 'card_declined');
      return {
        ...base, kind: 'declined', processor_reference: charge,
        decline_code: (PROCESSOR_DECLINE_CODES as readonly string[]).includes(code) ? (code as ProcessorDeclineCode) : 'card_declined',
        message: text(object['failure_message']) ?? 'The card was declined.',
      };
    }
    case 'charge.captured':
      return { ...base, kind: 'captured', processor_reference: charge, ...amountField(object['amount_captured']), ...balanceOf(object) };
    case 'charge.refunded': {
      if (object['captured'] === false) return { ...base, kind: 'voided', processor_reference: charge };
      const total = amountField(object['amount_refunded']);
      return { ...base, kind: 'refunded', processor_reference: charge, ...(total.amount === undefined ? total : { amount_refunded: total.amount }) };
    }
    case 'charge.dispute.created':
    case 'charge.dispute.updated':
    case 'charge.dispute.closed':
    case 'charge.dispute.funds_withdrawn':
    case 'charge.dispute.funds_reinstated':
      return { ...base, kind: 'dispute', processor_reference: charge, dispute_id: text(object['id']) ?? '', reason: text(object['reason']) ?? 'general', ...amountField(object['amount']), dispute_step: stripeDisputeStep(type, object) };
    default:
      return { ...base, kind: 'other', processor_reference: charge };
  }
}

/** One Adyen-style notification item from providerB. */
export function noticeFromProviderB(item: Json): ProviderNotice {
  const code = text(item['eventCode']) ?? '';
  const success = String(item['success']) === 'true';
  const psp = text(item['pspReference']);
  const original = text(item['originalReference']);
  const money = record(item['amount']);
  const amount = amountField(money['value']);
  const base = { provider: 'providerB' as const, id: `${psp ?? ''}:${code}`, event_type: code, payment_intent: text(item['merchantReference']), ...currencyOf(money['currency']) };
  switch (code) {
    case 'AUTHORISATION':
      return success
        ? { ...base, kind: 'authorized', processor_reference: psp, ...amount }
        : { ...base, kind: 'declined', processor_reference: psp, decline_code: declineCodeFromAdyen({ refusalReason: text(item['reason']) }), message: `Refused by providerB: ${text(item['reason']) ?? 'Refused'}.` };
    case 'CAPTURE':
      return { ...base, kind: success ? 'captured' : 'other', processor_reference: original ?? psp, ...amount };
    case 'CANCELLATION':
      return { ...base, kind: success ? 'voided' : 'other', processor_reference: original ?? psp };
    case 'REFUND':
      return { ...base, kind: success ? 'refunded' : 'other', processor_reference: original ?? psp, ...amount };
    default: {
      const stage = ADYEN_DISPUTE_STAGES[code];
      if (stage === undefined) break;
      if (!success) return { ...base, kind: 'other', processor_reference: original };
      // A dispute notification: pspReference is the dispute's, originalReference the payment's.
      const disputeStatus = text(record(item['additionalData'])['disputeStatus']);
      const verdict = stage.verdict ?? (disputeStatus === null || stage.stage === 0 ? null : ADYEN_VERDICTS[disputeStatus] ?? null);
      const dispute_step: DisputeStep = { stage: stage.stage, funds: stage.funds, verdict, ...(disputeStatus === null ? {} : { processor_status: disputeStatus.slice(0, 40) }) };
      return { ...base, kind: 'dispute', processor_reference: original, dispute_id: psp ?? '', reason: text(item['reason']) || 'chargeback', ...amount, dispute_step };
    }
  }
  return { ...base, kind: 'other', processor_reference: original ?? psp };
}

/**
 * Adyen's dispute event codes: how far each takes the dispute, where the money is after it, and the
 * verdict the code itself carries (the others take theirs from `additionalData.disputeStatus`).
 * NOTIFICATION_OF_CHARGEBACK and REQUEST_FOR_INFORMATION move no money; CHARGEBACK withdraws it;
 * CHARGEBACK_REVERSED gives it back (not final: a SECOND_CHARGEBACK can follow, at pre-arbitration).
 */
const ADYEN_DISPUTE_STAGES: Readonly<Record<string, { stage: number; funds: DisputeStep['funds']; verdict?: 'won' | 'lost' }>> = {
  REQUEST_FOR_INFORMATION: { stage: 0, funds: 'not_withdrawn' },
  NOTIFICATION_OF_CHARGEBACK: { stage: 0, funds: 'not_withdrawn' },
  DISPUTE_OPENED_WITH_CHARGEBACK: { stage: 0, funds: 'not_withdrawn' },
  CHARGEBACK: { stage: 1, funds: 'withdrawn' },
  CHARGEBACK_REVERSED: { stage: 2, funds: 'reinstated' },
  SECOND_CHARGEBACK: { stage: 3, funds: 'withdrawn', verdict: 'lost' },
  PREARBITRATION_WON: { stage: 4, funds: 'reinstated', verdict: 'won' },
  PREARBITRATION_LOST: { stage: 4, funds: 'withdrawn', verdict: 'lost' },
};

/** Adyen's `disputeStatus` values that are a verdict (Undefended, Pending, Responded, Unresponded are not). */
const ADYEN_VERDICTS: Readonly<Record<string, 'won' | 'lost'>> = { Won: 'won', Lost: 'lost', Accepted: 'lost', Expired: 'lost' };

/**
 * A Stripe dispute's step: Stripe lists on the dispute the zero, one or two balance transactions that
 * withdrew and reinstated its funds, so their number is the stage whichever event carries it (an
 * event's type is the fallback when a sender leaves the list out). `warning_*` statuses are inquiries.
 */
function stripeDisputeStep(type: string, dispute: Json): DisputeStep {
  const listed = Array.isArray(dispute['balance_transactions']) ? Math.min(dispute['balance_transactions'].length, 2) : null;
  const stage = listed ?? (type === 'charge.dispute.funds_reinstated' ? 2 : type === 'charge.dispute.funds_withdrawn' ? 1 : 0);
  const status = text(dispute['status']);
  const verdict = status === 'won' ? 'won' : status === 'lost' ? 'lost' : null;
  return { stage, funds: stage === 0 ? 'not_withdrawn' : stage === 1 ? 'withdrawn' : 'reinstated', verdict, ...(status === null ? {} : { processor_status: status.slice(0, 40) }) };
}

/** A charge's balance transaction: Stripe's `txn_...` id (its fee is read from the API), or an inline object. */
function balanceOf(charge: Json): { fee?: number; balance_transaction?: string } {
  const value = charge['balance_transaction'];
  if (typeof value === 'string' && /^txn_[A-Za-z0-9]{1,64}$/.test(value)) return { balance_transaction: value };
  const fee = integer(record(value)['fee']);
  return fee !== undefined && fee >= 0 ? { fee } : {};
}

