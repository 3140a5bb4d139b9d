import { DECLINE_DIALECTS, processorFee } from '@payrail/core';
import type { SimCharge, SimRefund } from '../books/charge';

/*
 * providerA's objects, shaped like Stripe's API: lower-case currencies, unix-second timestamps,
 * `metadata.payment_intent` carrying PayRail's payment intent id.
 */

const unix = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

export function stripeRefund(charge: SimCharge, refund: SimRefund): Record<string, unknown> {
  return {
    id: refund.reference,
    object: 'refund',
    amount: refund.amount,
    charge: charge.reference,
    currency: charge.currency.toLowerCase(),
    payment_intent: charge.payment_intent,
    metadata: { payment_intent: charge.payment_intent },
    status: 'succeeded',
    created: unix(refund.created_at),
  };
}

export function stripeDispute(charge: SimCharge): Record<string, unknown> | null {
  const dispute = charge.dispute;
  if (dispute === null) return null;
  return {
    id: dispute.id,
    object: 'dispute',
    amount: dispute.amount,
    charge: charge.reference,
    currency: charge.currency.toLowerCase(),
    payment_intent: charge.payment_intent,
    metadata: { payment_intent: charge.payment_intent },
    reason: dispute.reason,
    status: dispute.status,
    created: unix(dispute.opened_at),
  };
}

/**
 * A charge. `status` is `succeeded` once authorized (captured or not) and `failed` when declined; a
 * voided charge is uncaptured with `refunded: true`, as when Stripe releases an authorization.
 * `balance_transaction` holds the processor fee on the captured amount (zeros before capture).
 */
export function stripeCharge(charge: SimCharge): Record<string, unknown> {
  const captured = charge.status === 'captured';
  const voided = charge.status === 'voided';
  const failed = charge.status === 'declined';
  const fee = captured ? processorFee('providerA', charge.amount_captured) : 0;
  const amount_refunded = voided ? charge.amount : charge.amount_refunded;
  return {
    id: charge.reference,
    object: 'charge',
    amount: charge.amount,
    amount_captured: charge.amount_captured,
    amount_refunded,
    captured,
    refunded: voided || (captured && charge.amount_refunded === charge.amount_captured),
    currency: charge.currency.toLowerCase(),
    status: failed ? 'failed' : 'succeeded',
    paid: !failed,
    payment_intent: charge.payment_intent,
    metadata: { payment_intent: charge.payment_intent },
    description: charge.description,
    created: unix(charge.created_at),
    failure_code: failed ? charge.decline_code : null,
    failure_message: failed && charge.decline_code !== null ? DECLINE_DIALECTS[charge.decline_code].stripe.message : null,
    outcome: failed
      ? { type: charge.decline_code === 'fraudulent' ? 'blocked' : 'issuer_declined', network_status: 'declined_by_network', reason: charge.decline_code }
      : { type: 'authorized', network_status: 'approved_by_network', reason: null },
    payment_method_details: { type: 'card', card: { brand: charge.card.brand, last4: charge.card.last4 } },
    balance_transaction: { amount: charge.amount_captured, fee, net: charge.amount_captured - fee },
    refunds: { object: 'list', data: charge.refunds.map((refund) => stripeRefund(charge, refund)), has_more: false, total_count: charge.refunds.length },
    disputed: charge.dispute !== null,
    dispute: charge.dispute?.id ?? null,
    livemode: false,
  };
}

/** The 402 body of a declined charge: `code` as Stripe sets it, `decline_code` always PayRail's code. */
export function stripeDeclineError(charge: SimCharge): Record<string, unknown> {
  const code = charge.decline_code ?? 'card_declined';
  const dialect = DECLINE_DIALECTS[code].stripe;
  return { error: { type: 'card_error', code: dialect.code, decline_code: code, message: dialect.message, charge: charge.reference } };
}
