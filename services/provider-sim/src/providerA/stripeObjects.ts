import { DECLINE_DIALECTS, processorFee } from '@payrail/core';
import { pixStatus, type SimCharge, type SimRefund } from '../books/charge';

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

/**
 * A dispute. `balance_transactions` lists the zero, one or two balance transactions that withdrew and
 * reinstated its funds, as Stripe's does (Stripe's $15 dispute fee is left out: PayRail's pricing has
 * no dispute fee).
 */
export function stripeDispute(charge: SimCharge): Record<string, unknown> | null {
  const dispute = charge.dispute;
  if (dispute === null) return null;
  return {
    id: dispute.id,
    object: 'dispute',
    amount: dispute.amount,
    balance_transactions: dispute.movements.flatMap((movement) => {
      const id = movement.balance_transaction;
      return id === null ? [] : [stripeBalanceTransaction(charge, id) as Record<string, unknown>];
    }),
    charge: charge.reference,
    currency: charge.currency.toLowerCase(),
    payment_intent: charge.payment_intent,
    metadata: { payment_intent: charge.payment_intent },
    reason: dispute.reason,
    status: dispute.status,
    is_charge_refundable: false,
    livemode: false,
    created: unix(dispute.opened_at),
  };
}

/**
 * A balance transaction (`GET /v1/balance_transactions/{id}`): a capture (`type: charge`, with the
 * processor fee and net), or a dispute's withdrawal or reinstatement (`type: adjustment`, no fee).
 * Null when the charge has no balance transaction of that id.
 */
export function stripeBalanceTransaction(charge: SimCharge, id: string): Record<string, unknown> | null {
  const base = { id, object: 'balance_transaction', currency: charge.currency.toLowerCase(), exchange_rate: null, status: 'available' };
  if (charge.balance_transaction === id && charge.captured_at !== null) {
    const fee = processorFee('providerA', charge.amount_captured);
    return {
      ...base,
      amount: charge.amount_captured,
      fee,
      fee_details: fee === 0 ? [] : [{ amount: fee, application: null, currency: charge.currency.toLowerCase(), description: 'Stripe processing fees', type: 'stripe_fee' }],
      net: charge.amount_captured - fee,
      type: 'charge',
      reporting_category: 'charge',
      source: charge.reference,
      description: charge.description,
      created: unix(charge.captured_at),
      available_on: unix(charge.captured_at),
    };
  }
  const dispute = charge.dispute;
  const movement = dispute?.movements.find((m) => m.balance_transaction === id);
  if (dispute === null || movement === undefined) return null;
  const amount = movement.direction === 'withdrawn' ? -movement.amount : movement.amount;
  return {
    ...base,
    amount,
    fee: 0,
    fee_details: [],
    net: amount,
    type: 'adjustment',
    reporting_category: movement.direction === 'withdrawn' ? 'dispute' : 'dispute_reversal',
    source: dispute.id,
    description: `${movement.direction === 'withdrawn' ? 'Chargeback withdrawal' : 'Chargeback reversal'} for ${charge.reference}`,
    created: unix(movement.at),
    available_on: unix(movement.at),
  };
}

/**
 * A charge. `status` is `succeeded` once authorized (captured or not) and `failed` when declined; a
 * voided charge is uncaptured with `refunded: true`, as when Stripe releases an authorization.
 * `balance_transaction` is the capture's `txn_...` id (null before capture): the fee and net are on
 * that object, as in Stripe's API.
 */
export function stripeCharge(charge: SimCharge): Record<string, unknown> {
  const captured = charge.status === 'captured';
  const voided = charge.status === 'voided';
  const failed = charge.status === 'declined';
  const pending = charge.status === 'pending';
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
    status: failed ? 'failed' : pending ? 'pending' : 'succeeded',
    paid: !failed && !pending,
    payment_intent: charge.payment_intent,
    metadata: { payment_intent: charge.payment_intent },
    description: charge.description,
    created: unix(charge.created_at),
    failure_code: failed ? charge.decline_code : null,
    failure_message: failed && charge.decline_code !== null ? DECLINE_DIALECTS[charge.decline_code].stripe.message : null,
    outcome: failed
      ? { type: charge.decline_code === 'fraudulent' ? 'blocked' : 'issuer_declined', network_status: 'declined_by_network', reason: charge.decline_code }
      : pending ? null : { type: 'authorized', network_status: 'approved_by_network', reason: null },
    payment_method_details: charge.pix !== null
      ? { type: 'pix', pix: { bank_transaction_id: charge.pix.end_to_end_id } }
      : { type: 'card', card: { brand: charge.card?.brand ?? 'unknown', last4: charge.card?.last4 ?? '0000' } },
    ...(charge.pix === null ? {} : { pix: stripePix(charge) }),
    balance_transaction: charge.balance_transaction,
    refunds: { object: 'list', data: charge.refunds.map((refund) => stripeRefund(charge, refund)), has_more: false, total_count: charge.refunds.length },
    disputed: charge.dispute !== null,
    dispute: charge.dispute?.id ?? null,
    livemode: false,
  };
}

/**
 * What a Pix charge shows the payer and the gateway: the BR Code to display (Stripe's
 * `next_action.pix_display_qr_code.data`), its txid, its expiry (unix seconds) and its state now.
 */
export function stripePix(charge: SimCharge): Record<string, unknown> | null {
  if (charge.pix === null) return null;
  return {
    txid: charge.pix.txid,
    data: charge.pix.payload,
    expires_at: unix(charge.pix.expires_at),
    status: pixStatus(charge),
    end_to_end_id: charge.pix.end_to_end_id,
    paid_late: charge.pix.paid_late,
  };
}

/** The 402 body of a declined charge: `code` as Stripe sets it, `decline_code` always PayRail's code. */
export function stripeDeclineError(charge: SimCharge): Record<string, unknown> {
  const code = charge.decline_code ?? 'card_declined';
  const dialect = DECLINE_DIALECTS[code].stripe;
  return { error: { type: 'card_error', code: dialect.code, decline_code: code, message: dialect.message, charge: charge.reference } };
}
