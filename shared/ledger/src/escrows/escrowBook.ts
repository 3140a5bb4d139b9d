import type { JournalEvent } from '@payrail/journal';
import { unixSeconds } from '../model';
import { CLOSED_ESCROW_STATUSES, type Escrow, type EscrowPayee, type Release } from './escrow';

type Data = Record<string, unknown>;

/** The event types of `ledger/escrows.jsonl` (schemas in shared/schemas/src/events/escrows.ts). */
export const ESCROW_EVENT_TYPES = [
  'escrow.created',
  'escrow.funded',
  'escrow.partially_released',
  'escrow.released',
  'escrow.refunded',
  'escrow.disputed',
  'escrow.canceled',
] as const;

/**
 * The escrows as their events build them: applied in commit order by LedgerState, so the gateway's
 * commands decide against the same state in every process.
 */
export class EscrowBook {
  readonly escrows = new Map<string, Escrow>();
  readonly byMerchant = new Map<string, Escrow[]>();
  /** The escrow a payment funds. */
  readonly byPayment = new Map<string, string>();
  /** Escrows not closed yet (awaiting payment, in custody, disputed): what the scheduler looks at. */
  readonly open = new Set<string>();

  clear(): void {
    this.escrows.clear();
    this.open.clear();
    this.byMerchant.clear();
    this.byPayment.clear();
  }

  /** The escrow of a payment, if the payment funds one. */
  ofPayment(paymentIntent: string): Escrow | undefined {
    const id = this.byPayment.get(paymentIntent);
    return id === undefined ? undefined : this.escrows.get(id);
  }

  /** Applies one escrow event; returns the escrow it changed (null for an event of another kind). */
  apply(event: JournalEvent): Escrow | null {
    const data = event.data as Data;
    const at = unixSeconds(event.timestamp);
    if (event.type === 'escrow.created') {
      const payees = (data['payees'] as Array<Omit<EscrowPayee, 'released'>>).map((payee) => ({ amount: payee.amount, payee: payee.payee, released: 0, role: payee.role }));
      const escrow: Escrow = {
        id: event.ref,
        object: 'escrow',
        merchant: event.merchant_id ?? '',
        payment_intent: data['payment_intent'] as string,
        amount: data['amount'] as number,
        currency: data['currency'] as string,
        status: 'awaiting_payment',
        payees,
        amount_in_custody: 0,
        amount_released: 0,
        amount_refunded: 0,
        release_at: (data['release_at'] as number | null | undefined) ?? null,
        refund_deadline: data['refund_deadline'] as number,
        dispute: null,
        refund: null,
        description: (data['description'] as string | null | undefined) ?? null,
        metadata: sortedMetadata((data['metadata'] as Record<string, string> | undefined) ?? {}),
        created: at,
        updated: at,
      };
      this.escrows.set(escrow.id, escrow);
      this.open.add(escrow.id);
      this.byPayment.set(escrow.payment_intent, escrow.id);
      const list = this.byMerchant.get(escrow.merchant);
      if (list === undefined) this.byMerchant.set(escrow.merchant, [escrow]);
      else list.push(escrow);
      return escrow;
    }
    const escrow = this.escrows.get(event.ref);
    if (escrow === undefined) return null;
    switch (event.type) {
      case 'escrow.funded':
        escrow.status = 'in_custody';
        escrow.amount_in_custody = data['amount'] as number;
        break;
      case 'escrow.partially_released':
      case 'escrow.released':
        for (const release of data['releases'] as Release[]) {
          const payee = escrow.payees.find((candidate) => candidate.payee === release.payee);
          if (payee !== undefined) payee.released += release.amount;
          escrow.amount_released += release.amount;
          escrow.amount_in_custody -= release.amount;
        }
        if (event.type === 'escrow.released') {
          escrow.status = 'released';
        }
        break;
      case 'escrow.refunded':
        escrow.status = 'refunded';
        escrow.amount_refunded += data['amount'] as number;
        escrow.amount_in_custody -= data['amount'] as number;
        escrow.refund = (data['refund'] as string | null | undefined) ?? null;
        break;
      case 'escrow.disputed':
        escrow.status = 'disputed';
        escrow.dispute = { dispute: (data['dispute'] as string | null | undefined) ?? null, opened: at, reason: data['reason'] as string, source: data['source'] as 'platform' | 'processor' };
        break;
      case 'escrow.canceled':
        escrow.status = 'canceled';
        break;
      default:
        return null;
    }
    if (CLOSED_ESCROW_STATUSES.has(escrow.status)) this.open.delete(escrow.id);
    escrow.updated = at;
    return escrow;
  }
}

/** Metadata with its keys in canonical order, as a line read back has them (the same answer bytes after a restart). */
function sortedMetadata(metadata: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(metadata).sort()) out[key] = metadata[key] as string;
  return out;
}
