import { PROCESSOR_DECLINE_CODES, declineCodeFromAdyen, type ProcessorDeclineCode, type ProcessorName } from '@payrail/core';

/** What a processor webhook says, in the gateway's words, whatever the processor's dialect. */
export interface ProviderNotice {
  provider: ProcessorName;
  /** The processor's id of this webhook: the dedupe key (Stripe event id; Adyen `pspReference:eventCode`). */
  id: string;
  event_type: string;
  kind: 'authorized' | 'declined' | 'captured' | 'voided' | 'refunded' | 'dispute_opened' | 'dispute_won' | 'dispute_lost' | 'other';
  payment_intent: string | null;
  processor_reference: string | null;
  captured?: boolean;
  amount?: number;
  /** The amount field was there but is not a positive integer of minor units (never applied). */
  amount_invalid?: boolean;
  /** Upper-case ISO 4217, when the webhook names one. */
  currency?: string;
  /** All refunded so far on the charge, when the processor says (providerA's charge.refunded). */
  amount_refunded?: number;
  fee?: number;
  decline_code?: ProcessorDeclineCode;
  message?: string;
  dispute_id?: string;
  reason?: string;
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
      const fee = integer(record(object['balance_transaction'])['fee']);
      const captured = object['captured'] === true;
      return { ...base, kind: 'authorized', processor_reference: charge, captured, ...(captured ? amountField(object['amount_captured'] ?? object['amount']) : amountField(object['amount'])), ...(fee ? { fee } : {}) };
    }
    case 'charge.failed': {
      const code = String(object['failure_code'] ?? 'card_declined');
      return {
        ...base, kind: 'declined', processor_reference: charge,
        decline_code: (PROCESSOR_DECLINE_CODES as readonly string[]).includes(code) ? (code as ProcessorDeclineCode) : 'card_declined',
        message: text(object['failure_message']) ?? 'The card was declined.',
      };
    }
    case 'charge.captured': {
      const fee = integer(record(object['balance_transaction'])['fee']);
      return { ...base, kind: 'captured', processor_reference: charge, ...amountField(object['amount_captured']), ...(fee !== undefined && fee >= 0 ? { fee } : {}) };
    }
    case 'charge.refunded': {
      if (object['captured'] === false) return { ...base, kind: 'voided', processor_reference: charge };
      const total = amountField(object['amount_refunded']);
      return { ...base, kind: 'refunded', processor_reference: charge, ...(total.amount === undefined ? total : { amount_refunded: total.amount }) };
    }
    case 'charge.dispute.created':
      return { ...base, kind: 'dispute_opened', processor_reference: charge, dispute_id: text(object['id']) ?? '', reason: text(object['reason']) ?? 'general', ...amountField(object['amount']) };
    case 'charge.dispute.closed':
      return { ...base, kind: object['status'] === 'won' ? 'dispute_won' : object['status'] === 'lost' ? 'dispute_lost' : 'other', processor_reference: charge, dispute_id: text(object['id']) ?? '' };
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
        ? { ...base, kind: 'authorized', processor_reference: psp, captured: false, ...amount }
        : { ...base, kind: 'declined', processor_reference: psp, decline_code: declineCodeFromAdyen({ refusalReason: text(item['reason']) }), message: `Refused by providerB: ${text(item['reason']) ?? 'Refused'}.` };
    case 'CAPTURE':
      return { ...base, kind: success ? 'captured' : 'other', processor_reference: original ?? psp, ...amount };
    case 'CANCELLATION':
      return { ...base, kind: success ? 'voided' : 'other', processor_reference: original ?? psp };
    case 'REFUND':
      return { ...base, kind: success ? 'refunded' : 'other', processor_reference: original ?? psp, ...amount };
    case 'NOTIFICATION_OF_CHARGEBACK':
      return { ...base, kind: 'dispute_opened', processor_reference: original ?? psp, dispute_id: psp ?? '', reason: text(item['reason']) ?? 'chargeback', ...amount };
    case 'CHARGEBACK':
      return { ...base, kind: 'dispute_lost', processor_reference: original ?? psp };
    case 'CHARGEBACK_REVERSED':
      return { ...base, kind: 'dispute_won', processor_reference: original ?? psp };
    default:
      return { ...base, kind: 'other', processor_reference: original ?? psp };
  }
}
