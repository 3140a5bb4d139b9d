import type { Posting } from '@payrail/core';

/**
 * Double-entry legs (debits positive, credits negative; each set sums to zero per currency).
 * A capture makes the processor owe us the gross and us owe the merchant; refunds and chargebacks
 * reverse that; a processor fee reduces both sides.
 */
const receivable = (processor: string): string => `processor_receivable:${processor}`;
const payable = (merchant: string): string => `merchant_payable:${merchant}`;

export function capturePostings(args: { processor: string; merchant: string; amount: number; currency: string; fee?: number }): Posting[] {
  const { processor, merchant, amount, currency, fee } = args;
  const legs: Posting[] = [
    { account: receivable(processor), amount, currency },
    { account: payable(merchant), amount: -amount, currency },
  ];
  if (fee !== undefined && fee > 0) {
    legs.push({ account: payable(merchant), amount: fee, currency }, { account: receivable(processor), amount: -fee, currency });
  }
  return legs;
}

/** A refund or a chargeback: money goes back from the merchant's balance through the processor. */
export function reversalPostings(args: { processor: string; merchant: string; amount: number; currency: string }): Posting[] {
  const { processor, merchant, amount, currency } = args;
  return [
    { account: payable(merchant), amount, currency },
    { account: receivable(processor), amount: -amount, currency },
  ];
}

/** A chargeback reversed (funds reinstated): the processor owes the merchant the amount again, with no fee. */
export function reinstatementPostings(args: { processor: string; merchant: string; amount: number; currency: string }): Posting[] {
  const { processor, merchant, amount, currency } = args;
  return [
    { account: receivable(processor), amount, currency },
    { account: payable(merchant), amount: -amount, currency },
  ];
}
