import { closeSync, existsSync, fstatSync, openSync } from 'node:fs';
import * as path from 'node:path';
import { readLines, type JournalEvent } from '@payrail/journal';
import { ledgerShards, readShardCount } from '../shards/ledgerShards';
import { CLOSED_ESCROW_STATUSES, custodyAccount } from './escrow';
import { EscrowBook } from './escrowBook';

/** What `payrail verify` says of the escrows' custody accounts. */
export interface CustodyReport {
  ok: boolean;
  escrows: number;
  open: number;
  /** What open escrows hold, per currency (minor units). */
  in_custody: Record<string, number>;
  /** Each escrow whose custody account disagrees with its state, or is overdrawn. */
  problems: Array<{ escrow: string; status: string; balance: number; expected: number; reason: string }>;
}

/**
 * Replays `ledger/escrows.jsonl` (every custody posting is there; on a sharded ledger, each shard's
 * `ledger/shards/<i>/escrows.jsonl` in turn: an escrow's lines are all in its merchant's shard) and
 * checks each escrow's custody account: it holds exactly what the escrow says is in custody (credit
 * balance −amount_in_custody), never more than was paid in (never overdrawn), and zero once the escrow
 * is closed. Run after the streams' own chain checks, which vouch for each line.
 */
export function checkEscrowCustody(dataDir: string): CustodyReport {
  const book = new EscrowBook();
  const balances = new Map<string, number>();
  const overdrawn = new Set<string>();
  for (const shard of ledgerShards(readShardCount(dataDir))) {
    const file = path.join(dataDir, `${shard.streams.escrows}.jsonl`);
    if (!existsSync(file)) continue;
    const fd = openSync(file, 'r');
    try {
      readLines(fd, 0, fstatSync(fd).size, (line) => {
        let event: JournalEvent;
        try {
          event = JSON.parse(line) as JournalEvent;
        } catch {
          return; // the chain check reports it
        }
        book.apply(event);
        for (const leg of event.postings ?? []) {
          if (!leg.account.startsWith('escrow_custody:')) continue;
          const balance = (balances.get(leg.account) ?? 0) + leg.amount;
          balances.set(leg.account, balance);
          if (balance > 0) overdrawn.add(leg.account);
        }
      });
    } finally {
      closeSync(fd);
    }
  }
  const report: CustodyReport = { ok: true, escrows: book.escrows.size, open: 0, in_custody: {}, problems: [] };
  for (const escrow of book.escrows.values()) {
    const account = custodyAccount(escrow.id);
    const balance = balances.get(account) ?? 0;
    const closed = CLOSED_ESCROW_STATUSES.has(escrow.status);
    const expected = closed ? 0 : -escrow.amount_in_custody;
    if (!closed) {
      report.open++;
      report.in_custody[escrow.currency] = (report.in_custody[escrow.currency] ?? 0) + escrow.amount_in_custody;
    }
    const reason = overdrawn.has(account) ? 'custody paid out more than it held' : balance !== expected ? (closed ? `closed (${escrow.status}) with custody not at zero` : 'custody balance is not what the escrow holds') : null;
    if (reason !== null) report.problems.push({ escrow: escrow.id, status: escrow.status, balance, expected, reason });
  }
  report.ok = report.problems.length === 0;
  return report;
}
