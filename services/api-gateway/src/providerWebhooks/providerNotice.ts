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
  fee?: number;
  decline_code?: ProcessorDeclineCode;
  message?: string;
  dispute_id?: string;
  reason?: string;
}

type Json = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const integer = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined);

/** A Stripe-style event from providerA. */
export function noticeFromProviderA(event: Json): ProviderNotice {
  const type = String(event['type'] ?? '');
  const object = ((event['data'] as Json | undefined)?.['object'] ?? {}) as Json;
  const paymentIntent = text(object['payment_intent']) ?? text((object['metadata'] as Json | undefined)?.['payment_intent']);
  const base = { provider: 'providerA' as const, id: String(event['id'] ?? ''), event_type: type, payment_intent: paymentIntent };
  const charge = text(object['object'] === 'charge' ? object['id'] : object['charge']);
  switch (type) {
    case 'charge.succeeded': {
      const fee = integer((object['balance_transaction'] as Json | undefined)?.['fee']);
      return { ...base, kind: 'authorized', processor_reference: charge, captured: object['captured'] === true, ...(fee ? { fee } : {}) };
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
      const fee = integer((object['balance_transaction'] as Json | undefined)?.['fee']);
      return { ...base, kind: 'captured', processor_reference: charge, ...(integer(object['amount_captured']) ? { amount: object['amount_captured'] as number } : {}), ...(fee ? { fee } : {}) };
    }
    case 'charge.refunded':
      return { ...base, kind: object['captured'] === false ? 'voided' : 'refunded', processor_reference: charge };
    case 'charge.dispute.created':
      return { ...base, kind: 'dispute_opened', processor_reference: charge, dispute_id: text(object['id']) ?? '', reason: text(object['reason']) ?? 'general', ...(integer(object['amount']) ? { amount: object['amount'] as number } : {}) };
    case 'charge.dispute.closed':
      return { ...base, kind: object['status'] === 'won' ? 'dispute_won' : object['status'] === 'lost' ? 'dispute_lost' : 'other', processor_reference: charge, dispute_id: text(object['id']) ?? '' };
    default:
      return { ...base, kind: 'other', processor_reference: charge };
  }
}

/** One Adyen-style notification item from providerB. */
export function noticeFromProviderB(item: Json): ProviderNotice {
  const code = String(item['eventCode'] ?? '');
  const success = String(item['success']) === 'true';
  const psp = text(item['pspReference']);
  const original = text(item['originalReference']);
  const amount = integer((item['amount'] as Json | undefined)?.['value']);
  const base = { provider: 'providerB' as const, id: `${psp ?? ''}:${code}`, event_type: code, payment_intent: text(item['merchantReference']) };
  switch (code) {
    case 'AUTHORISATION':
      return success
        ? { ...base, kind: 'authorized', processor_reference: psp, captured: false }
        : { ...base, kind: 'declined', processor_reference: psp, decline_code: declineCodeFromAdyen({ refusalReason: text(item['reason']) }), message: `Refused by providerB: ${text(item['reason']) ?? 'Refused'}.` };
    case 'CAPTURE':
      return { ...base, kind: success ? 'captured' : 'other', processor_reference: original ?? psp, ...(amount ? { amount } : {}) };
    case 'CANCELLATION':
      return { ...base, kind: success ? 'voided' : 'other', processor_reference: original ?? psp };
    case 'REFUND':
      return { ...base, kind: 'refunded', processor_reference: original ?? psp };
    case 'NOTIFICATION_OF_CHARGEBACK':
      return { ...base, kind: 'dispute_opened', processor_reference: original ?? psp, dispute_id: psp ?? '', reason: text(item['reason']) ?? 'chargeback', ...(amount ? { amount } : {}) };
    case 'CHARGEBACK':
      return { ...base, kind: 'dispute_lost', processor_reference: original ?? psp };
    case 'CHARGEBACK_REVERSED':
      return { ...base, kind: 'dispute_won', processor_reference: original ?? psp };
    default:
      return { ...base, kind: 'other', processor_reference: original ?? psp };
  }
}
