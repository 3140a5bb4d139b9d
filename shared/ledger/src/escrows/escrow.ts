import type { Posting } from '@payrail/core';

/**
 * An escrow (the Ventra seed): a buyer's payment held in custody for its payees until it is released
 * to them (on a date, or by an approver), refunded (by an approver, at its deadline, or by a lost
 * chargeback) or frozen by a dispute.
 *
 *   awaiting_payment → in_custody → released | refunded
 *                       in_custody → disputed → released | refunded
 *   awaiting_payment → canceled (never paid)
 *
 * A partial release leaves it in_custody (or disputed, for a processor dispute that came later) with
 * less in custody. Every transition is an event of `ledger/escrows.jsonl` whose postings move money
 * through the escrow's custody account: the buyer's payment into custody when it is captured, from
 * custody to each payee when released, back to the merchant (who refunds the buyer) when refunded.
 */
export type EscrowStatus = 'awaiting_payment' | 'in_custody' | 'released' | 'refunded' | 'disputed' | 'canceled';
export type PayeeRole = 'seller' | 'platform_fee';

export interface EscrowPayee {
  /** The payee's id in the merchant's platform (a seller's account, `platform` for the fee). */
  payee: string;
  role: PayeeRole;
  /** Their share of the escrow, minor units. */
  amount: number;
  /** Released to them so far. */
  released: number;
}

export interface EscrowDispute {
  reason: string;
  /** `platform`: opened through the escrow API (a buyer's claim); `processor`: a card dispute on its payment. */
  source: 'platform' | 'processor';
  dispute: string | null;
  opened: number;
}

export interface Escrow {
  id: string;
  object: 'escrow';
  merchant: string;
  payment_intent: string;
  amount: number;
  currency: string;
  status: EscrowStatus;
  payees: EscrowPayee[];
  amount_in_custody: number;
  amount_released: number;
  amount_refunded: number;
  release_at: number | null;
  refund_deadline: number;
  dispute: EscrowDispute | null;
  /** The refund of the payment that gave the buyer back what custody held. */
  refund: string | null;
  description: string | null;
  metadata: Record<string, string>;
  created: number;
  updated: number;
}

/** Statuses an escrow never leaves. */
export const CLOSED_ESCROW_STATUSES: ReadonlySet<EscrowStatus> = new Set(['released', 'refunded', 'canceled']);

/** One payee's release: how much, and which account it is paid into. */
export interface Release {
  payee: string;
  role: PayeeRole;
  amount: number;
}

export const custodyAccount = (escrow: string): string => `escrow_custody:${escrow}`;
const merchantPayable = (merchant: string): string => `merchant_payable:${merchant}`;
/** Where a payee's released money waits for its payout: the platform's fee is the merchant's own. */
export const payeeAccount = (merchant: string, release: Pick<Release, 'payee' | 'role'>): string =>
  release.role === 'platform_fee' ? `platform_fee:${merchant}` : `payee_payable:${merchant}:${release.payee}`;

/** The captured payment moves from what we owe the merchant into the escrow's custody. */
export function fundingPostings(args: { escrow: string; merchant: string; amount: number; currency: string }): Posting[] {
  return [
    { account: merchantPayable(args.merchant), amount: args.amount, currency: args.currency },
    { account: custodyAccount(args.escrow), amount: -args.amount, currency: args.currency },
  ];
}

/** Custody pays each payee its release. */
export function releasePostings(args: { escrow: string; merchant: string; currency: string; releases: readonly Release[] }): Posting[] {
  const total = args.releases.reduce((sum, release) => sum + release.amount, 0);
  return [
    { account: custodyAccount(args.escrow), amount: total, currency: args.currency },
    ...args.releases.map((release) => ({ account: payeeAccount(args.merchant, release), amount: -release.amount, currency: args.currency })),
  ];
}

/** What custody still holds goes back to the merchant's balance, from which the buyer's refund (or chargeback) is paid. */
export function custodyRefundPostings(args: { escrow: string; merchant: string; amount: number; currency: string }): Posting[] {
  return [
    { account: custodyAccount(args.escrow), amount: args.amount, currency: args.currency },
    { account: merchantPayable(args.merchant), amount: -args.amount, currency: args.currency },
  ];
}

/** What a payee still has in custody. */
export const unreleased = (payee: EscrowPayee): number => payee.amount - payee.released;
