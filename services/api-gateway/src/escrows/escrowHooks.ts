import type { JournalTransaction } from '@payrail/journal';
import { CLOSED_ESCROW_STATUSES, STREAMS, custodyRefundPostings, fundingPostings, type LedgerState, type PaymentIntent } from '@payrail/ledger';

/*
 * The escrow's part of the payment commands, staged in their own commits (a capture, a dispute, a
 * chargeback), so an escrow can never disagree with its payment, not even for a moment.
 */

/**
 * The escrow's part of a capture, in the capture's own commit: the payment funds its escrow (custody
 * holds it) when the escrow waits for it. A payment captured after its escrow was canceled (a Pix paid
 * late) funds nothing: it is an ordinary payment, which the Pix rules refund.
 */
export function fundEscrowIn(state: LedgerState, tx: JournalTransaction, intent: PaymentIntent, amount: number, base: { correlation_id: string; causation_id?: string }): void {
  const escrow = state.escrows.ofPayment(intent.id);
  if (escrow === undefined || escrow.status !== 'awaiting_payment' || intent.status === 'reversed' || intent.status === 'declined') return;
  tx.append(STREAMS.escrows, {
    ref: escrow.id, merchant_id: escrow.merchant, ...base,
    type: 'escrow.funded',
    data: { payment_intent: intent.id, amount },
    postings: fundingPostings({ escrow: escrow.id, merchant: escrow.merchant, amount, currency: escrow.currency }),
  });
}

/** A card dispute opened on the escrow's payment freezes release (same commit as dispute.opened). */
export function disputeEscrowIn(state: LedgerState, tx: JournalTransaction, paymentIntent: string, dispute: string, reason: string, base: { correlation_id: string; causation_id?: string }): void {
  const escrow = state.escrows.ofPayment(paymentIntent);
  if (escrow === undefined || escrow.status !== 'in_custody') return;
  tx.append(STREAMS.escrows, { ref: escrow.id, merchant_id: escrow.merchant, ...base, type: 'escrow.disputed', data: { reason: `card dispute: ${reason}`.slice(0, 500), source: 'processor', dispute } });
}

/**
 * The network took the disputed money back from the merchant (same commit as the chargeback): custody
 * pays for it, so the escrow is refunded (the buyer was paid back by the network) and closes.
 */
export function chargebackEscrowIn(state: LedgerState, tx: JournalTransaction, paymentIntent: string, amount: number, base: { correlation_id: string; causation_id?: string }): void {
  const escrow = state.escrows.ofPayment(paymentIntent);
  if (escrow === undefined || escrow.amount_in_custody <= 0 || CLOSED_ESCROW_STATUSES.has(escrow.status) || escrow.status === 'awaiting_payment') return;
  // The escrow closes with the chargeback, whatever its amount: everything custody still holds goes back
  // to the merchant's balance, which the network debits by the disputed amount (the chargeback's own
  // postings). A partial chargeback leaves the rest with the merchant: the platform settles it with the
  // payees outside this escrow. Taking only the disputed amount would close the escrow with money in it.
  const returned = escrow.amount_in_custody;
  const charged = Math.min(amount, returned);
  const reason = charged === returned
    ? 'chargeback: the network returned the money to the buyer'
    : `chargeback of ${charged} of the ${returned} in custody: custody went back to the merchant's balance, which the network debited by ${charged}`;
  tx.append(STREAMS.escrows, {
    ref: escrow.id, merchant_id: escrow.merchant, ...base,
    type: 'escrow.refunded',
    data: { amount: returned, refund: null, approver: 'card network', reason, trigger: 'chargeback' },
    postings: custodyRefundPostings({ escrow: escrow.id, merchant: escrow.merchant, amount: returned, currency: escrow.currency }),
  });
}
