import type { JournalEvent, JournalTransaction } from '@payrail/journal';
import { LEDGER_LOCK, merchantShards, type LedgerState } from '@payrail/ledger';
import { recordedOutcomeOf } from '../ledgerDay/scanLedgerDay';
import type { ReconciliationStatus } from './reconciliationReport';

/** The lock every writer of the unsharded ledger's streams shares (the gateway's too). */
export { LEDGER_LOCK };

/**
 * Where reconciliation outcomes are appended, and what it needs to know to append each one once.
 * `recordedOutcome` is asked inside `transact`, against the ledger as caught up under its lock;
 * `merchantOf` before it, since the merchant picks the shard whose lock the transaction takes (a
 * payment's merchant never changes).
 */
export interface OutcomeLedger {
  /**
   * Runs `decide` under the lock of `merchant`'s shard; `tx.append(STREAMS.payments, ...)` appends to
   * that shard's payments stream, so every outcome `decide` appends must be of a merchant of that shard.
   */
  transact<R>(merchant: string, decide: (tx: JournalTransaction) => R): Promise<R>;
  /** The shard a merchant's payments are in (0 on an unsharded ledger). */
  shardOf(merchant: string): number;
  /** The latest outcome already recorded for the payment on the day reconciled (settled is `matched`), or null. */
  recordedOutcome(paymentId: string): ReconciliationStatus | null;
  /** The merchant of a payment the ledger has, or null when it has no such payment. */
  merchantOf(paymentId: string): string | null;
}


/** The outcome a ledger event records for `date`, if it is one. */
const outcomeOf = (event: JournalEvent, date: string): ReconciliationStatus | null => recordedOutcomeOf(event, date) as ReconciliationStatus | null;

/** What outcomeLedgerOf needs of an open ledger: ledger-service's `Ledger` has it. */
export interface OpenLedger {
  state: LedgerState;
  /** Runs `decide` under the lock of `merchant`'s shard against caught-up state (see ShardedJournal.transact). */
  transact<R>(merchant: string, decide: (tx: JournalTransaction) => R): Promise<R>;
}

/**
 * An OutcomeLedger for `date` over a process's already open ledger (ledger-service's LedgerState and
 * its journals, `shards` of them: the data folder's count, which every writer of it shares): no
 * second replay, the state answers the lookups.
 */
export function outcomeLedgerOf(ledger: OpenLedger, date: string, shards: number): OutcomeLedger {
  return {
    transact: (merchant, decide) => ledger.transact(merchant, decide),
    shardOf: merchantShards(shards),
    recordedOutcome(paymentId) {
      let latest: ReconciliationStatus | null = null;
      for (const { event } of ledger.state.eventsByPayment.get(paymentId) ?? []) latest = outcomeOf(event, date) ?? latest;
      return latest;
    },
    merchantOf: (paymentId) => ledger.state.payments.get(paymentId)?.merchant ?? null,
  };
}
