import { adyenHmacSignature, DECLINE_DIALECTS, type AdyenSignedFields } from '@payrail/core';
import type { SimCharge } from '../books/charge';
import type { ChargeChange, ProcessorDialect, WebhookDraft } from '../charges/processorDialect';
import { pspReference } from '../charges/references';
import { cardOf } from './adyenObjects';

interface NotificationFacts {
  eventCode: string;
  success: boolean;
  pspReference: string;
  originalReference: string | null;
  value: number;
  reason: string;
  extra?: Record<string, string>;
}

/** Visa's reason code for "fraud, card-absent environment": what the dispute test card claims. */
const CHARGEBACK_REASON_CODE = '10.4';

/** The notification a change causes, or null when it causes none. */
function facts(change: ChargeChange, charge: SimCharge): NotificationFacts | null {
  const base = { pspReference: charge.reference, originalReference: null, success: true, reason: '' };
  switch (change) {
    case 'pix_created':
      return null; // Pix is providerA's only
    case 'authorized':
      return { ...base, eventCode: 'AUTHORISATION', value: charge.amount };
    case 'declined': {
      const refusal = DECLINE_DIALECTS[charge.decline_code ?? 'card_declined'].adyen;
      return { ...base, eventCode: 'AUTHORISATION', success: false, value: charge.amount, reason: refusal.refusalReason };
    }
    case 'captured':
      return { ...base, eventCode: 'CAPTURE', pspReference: charge.capture_reference ?? charge.reference, originalReference: charge.reference, value: charge.amount_captured };
    case 'voided':
      return { ...base, eventCode: 'CANCELLATION', pspReference: charge.void_reference ?? charge.reference, originalReference: charge.reference, value: charge.amount };
    case 'refunded': {
      const refund = charge.refunds.at(-1);
      if (refund === undefined) return null;
      return { ...base, eventCode: 'REFUND', pspReference: refund.reference, originalReference: charge.reference, value: refund.amount };
    }
    case 'dispute_opened':
    case 'dispute_funds_withdrawn':
    case 'dispute_funds_reinstated': {
      const dispute = charge.dispute;
      if (dispute === null) return null;
      const eventCode = disputeEventCode(change, dispute.movements.length);
      // Dispute notifications: pspReference is the dispute's, originalReference the payment's.
      return {
        ...base,
        eventCode,
        pspReference: dispute.id,
        originalReference: charge.reference,
        value: dispute.amount,
        reason: 'Fraudulent',
        extra: { chargebackReasonCode: CHARGEBACK_REASON_CODE, chargebackSchemeCode: 'visa', disputeStatus: disputeStatus(eventCode, dispute.status) },
      };
    }
    case 'dispute_closed':
      return null; // Adyen sends no notification of its own for a verdict: the next one's disputeStatus says it
  }
}

/** The event code of a dispute step: the first withdrawal is the CHARGEBACK, the second the SECOND_CHARGEBACK. */
function disputeEventCode(change: 'dispute_opened' | 'dispute_funds_withdrawn' | 'dispute_funds_reinstated', movements: number): string {
  if (change === 'dispute_opened') return 'NOTIFICATION_OF_CHARGEBACK';
  if (change === 'dispute_funds_withdrawn') return movements <= 1 ? 'CHARGEBACK' : 'SECOND_CHARGEBACK';
  return movements <= 2 ? 'CHARGEBACK_REVERSED' : 'PREARBITRATION_WON';
}

/**
 * Adyen's `additionalData.disputeStatus`: Undefended when it is announced, Pending while the defence is
 * with the issuer, Won or Lost once decided (the values Adyen documents per event code).
 */
function disputeStatus(eventCode: string, status: 'needs_response' | 'won' | 'lost'): string {
  if (eventCode === 'NOTIFICATION_OF_CHARGEBACK') return 'Undefended';
  if (eventCode === 'SECOND_CHARGEBACK') return 'Lost';
  return status === 'won' ? 'Won' : status === 'lost' ? 'Lost' : 'Pending';
}

/**
 * providerB speaks Adyen: 16-character pspReferences (captures, cancels and refunds get their own),
 * notifications `{live:"false", notificationItems:[{NotificationRequestItem}]}` with one item each,
 * signed in `additionalData.hmacSignature` with the hex key; acknowledged by a 2xx whose body
 * contains `[accepted]`. The webhook id is `pspReference:eventCode`, Adyen's own dedupe key.
 * Automatic captures are notified too (CAPTURE), as when that option is on in Adyen's Customer Area.
 */
export function adyenDialect(hmacKey: string): ProcessorDialect {
  return {
    provider: 'providerB',
    chargeReference: () => pspReference(),
    refundReference: () => pspReference(),
    disputeReference: () => pspReference(),
    modificationReference: () => pspReference(),
    balanceTransactionReference: () => null,
    webhooks(change, charge, at): WebhookDraft[] {
      const fact = facts(change, charge);
      if (fact === null) return [];
      const signed: AdyenSignedFields = {
        pspReference: fact.pspReference,
        ...(fact.originalReference === null ? {} : { originalReference: fact.originalReference }),
        merchantAccountCode: charge.merchant_account ?? '',
        merchantReference: charge.payment_intent,
        amount: { value: fact.value, currency: charge.currency },
        eventCode: fact.eventCode,
        success: String(fact.success),
      };
      const item = {
        ...signed,
        eventDate: at,
        reason: fact.reason,
        paymentMethod: cardOf(charge).brand,
        additionalData: { ...fact.extra, hmacSignature: adyenHmacSignature(signed, hmacKey) },
      };
      return [
        {
          id: `${fact.pspReference}:${fact.eventCode}`,
          event_type: fact.eventCode,
          payload: { live: 'false', notificationItems: [{ NotificationRequestItem: item }] },
        },
      ];
    },
    deliveryHeaders: () => ({ 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'Adyen HttpClient 1.0 PayRail provider-sim' }),
    acknowledged: (status, text) => status >= 200 && status < 300 && text.includes('[accepted]'),
  };
}
