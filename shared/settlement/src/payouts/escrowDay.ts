import { closeSync, existsSync, fstatSync, openSync } from 'node:fs';
import * as path from 'node:path';
import { readLines, type JournalEvent } from '@payrail/journal';
import type { PayeeRole, Release } from '@payrail/ledger';
import type { DayBounds } from '../businessDay/businessDay';
import { ledgerFiles } from '@payrail/ledger';

/** What custody did to one payment's money during the day: paid in (+, funded) and out (−, released or refunded). */
export interface HeldChange {
  merchant: string;
  currency: string;
  held: number;
  at_ms: number;
}

/** One release of the day to one payee: a payouts row of its own. */
export interface PayeeRelease {
  payment_intent: string;
  merchant: string;
  payee: string;
  role: PayeeRole;
  currency: string;
  amount: number;
  at_ms: number;
}

export interface EscrowDay {
  /** By payment: what custody took in (funded) less what it gave back to the buyer (refunded) that day. */
  held: Map<string, HeldChange>;
  releases: PayeeRelease[];
}

/**
 * The escrow movements of one business day, from `ledger/escrows.jsonl` (every shard's, one after the
 * other, on a sharded ledger; escrows are few beside payments: the stream is read whole, lines parsed
 * as JSON). Funding keeps a payment's captured money from its merchant's payout (held); a release pays
 * it to a payee; a refund gives it back to the buyer out of custody, not out of the merchant's money.
 */
export function escrowDay(dataDir: string, bounds: DayBounds): EscrowDay {
  const day: EscrowDay = { held: new Map(), releases: [] };
  const paymentOf = new Map<string, string>();
  for (const { file } of ledgerFiles(dataDir, 'escrows')) {
    forEachEscrowEvent(path.join(dataDir, file), (event) => {
      const data = event.data as Record<string, unknown>;
      if (event.type === 'escrow.created') paymentOf.set(event.ref, data['payment_intent'] as string);
      const at = Date.parse(event.timestamp);
      if (at < bounds.start_ms || at >= bounds.end_ms) return;
      const payment = paymentOf.get(event.ref);
      const merchant = event.merchant_id ?? '';
      const currency = event.postings?.[0]?.currency ?? '';
      if (payment === undefined) return;
      const hold = (amount: number): void => {
        const change = day.held.get(payment) ?? { merchant, currency, held: 0, at_ms: at };
        change.held += amount;
        day.held.set(payment, change);
      };
      if (event.type === 'escrow.funded') hold(data['amount'] as number);
      else if (event.type === 'escrow.refunded') hold(-(data['amount'] as number));
      else if (event.type === 'escrow.released' || event.type === 'escrow.partially_released') {
        // A release is its own row (its held is −amount there): the payment's row is not touched.
        for (const release of data['releases'] as Release[]) {
          day.releases.push({ payment_intent: payment, merchant, payee: release.payee, role: release.role, currency, amount: release.amount, at_ms: at });
        }
      }
    });
  }
  return day;
}

/** Calls `onEvent` for every line of an escrows file, in order; a missing file has none. */
function forEachEscrowEvent(file: string, onEvent: (event: JournalEvent) => void): void {
  if (!existsSync(file)) return;
  const fd = openSync(file, 'r');
  try {
    readLines(fd, 0, fstatSync(fd).size, (line) => onEvent(JSON.parse(line) as JournalEvent));
  } finally {
    closeSync(fd);
  }
}
