import type { ProcessorName } from '@payrail/core';
import type { SimCharge } from '../books/charge';

/**
 * What happened to a charge, for the webhooks it causes (`pix_created`: a Pix charge awaits its payment,
 * which is `captured`; `refunded`: its latest refund;
 * `dispute_funds_*`: the dispute's latest movement; `dispute_closed`: its latest verdict).
 */
export type ChargeChange = 'pix_created' | 'authorized' | 'declined' | 'captured' | 'voided' | 'refunded' | 'dispute_opened' | 'dispute_closed' | 'dispute_funds_withdrawn' | 'dispute_funds_reinstated';

/** The API request that caused a change (Stripe's event `request`); null for the processor's own doing. */
export type CausingRequest = { id: string; idempotency_key: string | null } | null;

/** A webhook to queue: its stable id (the receiver dedupes on it), its type and its body. */
export interface WebhookDraft {
  id: string;
  event_type: string;
  payload: Record<string, unknown>;
}

/**
 * How one processor names things and talks back: its references, the webhooks a change causes,
 * and how a webhook delivery is signed and acknowledged.
 */
export interface ProcessorDialect {
  readonly provider: ProcessorName;
  chargeReference(): string;
  refundReference(): string;
  disputeReference(): string;
  /** A reference for a capture or cancellation (Adyen gives each modification one); null when the processor has none. */
  modificationReference(): string | null;
  /** The id of a balance transaction (Stripe's `txn_...`) for a movement of money; null when the processor has none. */
  balanceTransactionReference(): string | null;
  /** The webhooks `change` causes, built from the charge after the change; `at` is the event time. */
  webhooks(change: ChargeChange, charge: SimCharge, at: string, request: CausingRequest): WebhookDraft[];
  /** The headers of one delivery attempt of `body` (Stripe signs each attempt anew). */
  deliveryHeaders(body: string, now_s: number): Record<string, string>;
  /** Whether the receiver's answer acknowledges the webhook. */
  acknowledged(status: number, text: string): boolean;
}
