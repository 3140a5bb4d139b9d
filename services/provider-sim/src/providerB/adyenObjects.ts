import { assert, DECLINE_DIALECTS } from '@payrail/core';
import type { CardSummary, SimCharge, SimRefund } from '../books/charge';

/*
 * providerB's objects, shaped like Adyen's Checkout API v68: `pspReference`, `resultCode`,
 * `refusalReason`, amounts as `{value, currency}` with upper-case currencies, and the payment
 * intent id as `merchantReference`.
 */

/** providerB takes cards only: every one of its charges has one. */
export function cardOf(charge: SimCharge): CardSummary {
  assert(charge.card !== null, `providerB charge ${charge.reference} has no card`);
  return charge.card;
}

const money = (value: number, currency: string): { value: number; currency: string } => ({ value, currency });

/** The answer to POST /payments: Authorised, or Refused/Error with Adyen's refusal reason and code. */
export function adyenPaymentResponse(charge: SimCharge): Record<string, unknown> {
  const refusal = charge.decline_code === null ? null : DECLINE_DIALECTS[charge.decline_code].adyen;
  return {
    pspReference: charge.reference,
    resultCode: refusal === null ? 'Authorised' : refusal.resultCode,
    ...(refusal === null ? {} : { refusalReason: refusal.refusalReason, refusalReasonCode: refusal.refusalReasonCode }),
    merchantReference: charge.payment_intent,
    amount: money(charge.amount, charge.currency),
    additionalData: { cardSummary: cardOf(charge).last4, cardBin: cardOf(charge).bin, paymentMethod: cardOf(charge).brand },
  };
}

const STATUS: Readonly<Record<SimCharge['status'], string>> = { pending: 'Pending', authorized: 'Authorised', captured: 'Captured', voided: 'Cancelled', declined: 'Refused' };

/** A payment as the status inquiry (GET /payments?reference=...) shows it, with its modifications. */
export function adyenPayment(charge: SimCharge): Record<string, unknown> {
  return {
    ...adyenPaymentResponse(charge),
    merchantAccount: charge.merchant_account,
    status: STATUS[charge.status],
    creationDate: charge.created_at,
    captureDelayHours: charge.capture_method === 'automatic' ? 0 : null,
    captures: charge.capture_reference === null ? [] : [{ pspReference: charge.capture_reference, amount: money(charge.amount_captured, charge.currency), creationDate: charge.captured_at }],
    cancellation: charge.void_reference === null ? null : { pspReference: charge.void_reference, creationDate: charge.voided_at },
    refunds: charge.refunds.map((refund) => ({ pspReference: refund.reference, amount: money(refund.amount, charge.currency), creationDate: refund.created_at })),
    dispute: charge.dispute === null ? null : { pspReference: charge.dispute.id, status: charge.dispute.status, amount: money(charge.dispute.amount, charge.currency), reason: charge.dispute.reason },
  };
}

/** The answer to a capture or cancel: the modification's own pspReference, then a notification. */
export function adyenModificationResponse(charge: SimCharge, modification: 'capture' | 'cancel', reference: string | undefined): Record<string, unknown> {
  const pspReference = modification === 'capture' ? charge.capture_reference : charge.void_reference;
  return {
    pspReference,
    paymentPspReference: charge.reference,
    merchantAccount: charge.merchant_account,
    ...(reference === undefined ? {} : { reference }),
    status: 'received',
    ...(modification === 'capture' ? { amount: money(charge.amount_captured, charge.currency) } : {}),
  };
}

export function adyenRefundResponse(charge: SimCharge, refund: SimRefund, reference: string | undefined): Record<string, unknown> {
  return {
    pspReference: refund.reference,
    paymentPspReference: charge.reference,
    merchantAccount: charge.merchant_account,
    ...(reference === undefined ? {} : { reference }),
    status: 'received',
    amount: money(refund.amount, charge.currency),
  };
}
