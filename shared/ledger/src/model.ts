import type { SimulateScript } from '@payrail/core';
import type { Escrow } from './escrows/escrow';

/** The objects the public API returns, as the ledger's events build them. */

export type PaymentStatus = 'created' | 'authorized' | 'captured' | 'settled' | 'declined' | 'reversed' | 'chargeback';
export type RefundStatus = 'pending_approval' | 'approved' | 'succeeded' | 'failed';
export type DisputeStatus = 'opened' | 'under_review' | 'won' | 'lost';
/**
 * Where the disputed money is, as the processor moved it (orthogonal to the verdict): still with the
 * merchant, withdrawn from the merchant's balance, or given back after a withdrawal.
 */
export type DisputeFundsStatus = 'not_withdrawn' | 'withdrawn' | 'reinstated';
export type ProcessorName = 'providerA' | 'providerB';

export interface CardSummary {
  brand: string;
  bin: string;
  last4: string;
  exp_month?: number;
  exp_year?: number;
  country?: string;
  /** The vault's keyed hash of the card number: the same card under any token. */
  fingerprint?: string;
}

/** How a PaymentIntent is paid: by card (a vault token), or by Pix (BRL; the customer's bank pays a BR Code). */
export type PaymentMethodType = 'card' | 'pix';

/** What the customer must do to pay a confirmed Pix PaymentIntent: pay this BR Code before `expires_at`. */
export interface NextAction {
  type: 'pix_display_qr_code';
  pix_display_qr_code: {
    /** The BR Code "copia e cola" payload (EMV QRCPS-MPM, one-time dynamic), to show as text or a QR code. */
    data: string;
    /** The Pix charge's txid (26 to 35 letters and digits). */
    txid: string;
    /** Unix seconds; unpaid by then, the PaymentIntent is reversed with reason `expired`. */
    expires_at: number;
  };
}

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  merchant: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
  capture_method: 'automatic' | 'manual';
  amount_capturable: number;
  amount_received: number;
  amount_refunded: number;
  payment_method: string | null;
  card: CardSummary | null;
  customer: Record<string, unknown> | null;
  metadata: Record<string, string>;
  description: string | null;
  processor: ProcessorName | null;
  processor_reference: string | null;
  routing_reason: string | null;
  /** True while an authorization, a capture or a void is in flight at a processor. */
  processing: boolean;
  decline_code: string | null;
  last_error: { code: string; decline_code: string; message: string } | null;
  dispute: string | null;
  reconciliation_status: string | null;
  /** `['card']` or `['pix']`. */
  payment_method_types: PaymentMethodType[];
  /** A Pix PaymentIntent waiting for its payment shows its BR Code here; null otherwise. */
  next_action: NextAction | null;
  /** The scripted outcome of each processor attempt (test mode), from creation or confirmation; null: the card decides. */
  simulate: SimulateScript | null;
  created: number;
  updated: number;
}

export interface Refund {
  id: string;
  object: 'refund';
  merchant: string;
  payment_intent: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  reason: string | null;
  approver: string | null;
  failure_reason: string | null;
  processor_reference: string | null;
  metadata: Record<string, string>;
  created: number;
  updated: number;
}

export interface Dispute {
  id: string;
  object: 'dispute';
  merchant: string;
  payment_intent: string;
  amount: number;
  currency: string;
  status: DisputeStatus;
  reason: string;
  processor: ProcessorName;
  processor_dispute_id: string | null;
  funds_status: DisputeFundsStatus;
  /** What is withdrawn from the merchant right now: 0, or the disputed amount. */
  amount_withdrawn: number;
  evidence: { text: string; file_name: string | null; submitted: number } | null;
  created: number;
  updated: number;
}

export type LedgerObject = PaymentIntent | Refund | Dispute | Escrow;

/** Unix seconds of an ISO timestamp, as the API shows times (Stripe-style). */
export const unixSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** What a refund can still take: captured minus refunds that are not failed. */
export function refundableAmount(intent: PaymentIntent, refunds: Iterable<Refund>): number {
  let reserved = 0;
  for (const refund of refunds) if (refund.status !== 'failed') reserved += refund.amount;
  return intent.amount_received - reserved;
}
