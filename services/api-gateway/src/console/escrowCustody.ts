import { CLOSED_ESCROW_STATUSES, type EscrowStatus, type LedgerState } from '@payrail/ledger';

/** The open statuses, each counted (closed escrows hold nothing: released, refunded or canceled). */
const OPEN_STATUSES = ['awaiting_payment', 'in_custody', 'disputed'] as const satisfies readonly EscrowStatus[];

/** `GET /v1/console/escrow-custody`: what the merchant's escrows hold right now. */
export interface EscrowCustody {
  object: 'escrow_custody';
  /** Escrows not closed yet, in all and by status. */
  open_escrows: number;
  by_status: Record<(typeof OPEN_STATUSES)[number], number>;
  /** What custody holds per currency (minor units), largest first, and how many escrows hold it; currencies holding nothing are left out. */
  in_custody: Array<{ currency: string; amount: number; escrows: number }>;
}

/**
 * The merchant's custody balance: the sum of every open escrow's `amount_in_custody` per currency.
 * One pass over the merchant's escrows, which the ledger keeps in memory already.
 */
export function escrowCustodyOf(state: LedgerState, merchant: string): EscrowCustody {
  const byStatus = { awaiting_payment: 0, in_custody: 0, disputed: 0 };
  const held = new Map<string, { currency: string; amount: number; escrows: number }>();
  for (const escrow of state.escrows.byMerchant.get(merchant) ?? []) {
    if (CLOSED_ESCROW_STATUSES.has(escrow.status)) continue;
    byStatus[escrow.status as keyof typeof byStatus] += 1;
    if (escrow.amount_in_custody <= 0) continue;
    const entry = held.get(escrow.currency) ?? { currency: escrow.currency, amount: 0, escrows: 0 };
    entry.amount += escrow.amount_in_custody;
    entry.escrows += 1;
    held.set(escrow.currency, entry);
  }
  return {
    object: 'escrow_custody',
    open_escrows: byStatus.awaiting_payment + byStatus.in_custody + byStatus.disputed,
    by_status: byStatus,
    in_custody: [...held.values()].sort((a, b) => b.amount - a.amount || (a.currency < b.currency ? -1 : 1)),
  };
}
