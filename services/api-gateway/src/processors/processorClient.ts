import { SIMULATE_HEADER, type ProcessorDeclineCode, type ProcessorName, type SimulatedOutcome } from '@payrail/core';
import type { CardData } from './vaultClient';

export type DeclineCode = ProcessorDeclineCode;

export interface CallContext {
  correlationId: string;
  /** Sent to the processor as its Idempotency-Key: a retried call never acts twice. */
  idempotencyKey: string;
}

export interface AuthorizeInput extends CallContext {
  payment_intent: string;
  amount: number;
  currency: string;
  capture: boolean;
  card: CardData;
  /** Test mode: the outcome this attempt is scripted to have, sent in the X-Simulate-Outcome header. */
  simulate?: SimulatedOutcome;
}

/** The header that asks provider-sim for an authorization's scripted outcome; none when it is not scripted. */
export function simulateHeaders(input: AuthorizeInput): Record<string, string> {
  return input.simulate === undefined ? {} : { [SIMULATE_HEADER.toLowerCase()]: input.simulate };
}

export type AuthorizeOutcome =
  | { outcome: 'authorized'; processor_reference: string; captured: boolean; fee?: number }
  | { outcome: 'declined'; decline_code: DeclineCode; message: string; processor_reference: string | null };

/** A Pix charge to create: `amount` centavos, payable until `expires_after_s` from now. */
export interface PixChargeInput extends CallContext {
  payment_intent: string;
  amount: number;
  expires_after_s: number;
}

/** The processor's Pix charge (its reference, txid, BR Code and expiry in unix seconds), or why it refused. */
export type PixChargeOutcome =
  | { ok: true; processor_reference: string; txid: string; data: string; expires_at: number }
  | { ok: false; reason: string };

export type MoneyMoveOutcome = { ok: true; processor_reference: string; fee?: number } | { ok: false; reason: string };

/**
 * What the processor's own books say of a payment (its inquiry API): asked after a timeout before
 * anything else is tried, and after a refused capture or void, to record what really happened.
 */
export type InquiryOutcome =
  | { status: 'authorized' | 'captured' | 'voided'; processor_reference: string; amount_captured: number; amount_refunded: number }
  | { status: 'declined' | 'none' };

/**
 * One processor, as the gateway calls it. Every method throws NoAnswerError when the outcome is
 * unknown (timeout, refused connection, 5xx): the caller must then inquire, never assume a decline.
 */
export interface ProcessorClient {
  readonly name: ProcessorName;
  authorize(input: AuthorizeInput): Promise<AuthorizeOutcome>;
  capture(input: CallContext & { processor_reference: string; amount: number; currency: string }): Promise<MoneyMoveOutcome>;
  void(input: CallContext & { processor_reference: string }): Promise<MoneyMoveOutcome>;
  refund(input: CallContext & { processor_reference: string; amount: number; currency: string }): Promise<MoneyMoveOutcome>;
  inquire(input: { payment_intent: string; correlationId: string }): Promise<InquiryOutcome>;
  /** Creates a Pix charge (only processors that acquire Pix: providerA). */
  createPix?(input: PixChargeInput): Promise<PixChargeOutcome>;
  /** The fee of one of the processor's balance transactions (Stripe's `txn_...`); null when unknown. */
  balanceTransactionFee?(id: string, correlationId: string): Promise<number | null>;
}
