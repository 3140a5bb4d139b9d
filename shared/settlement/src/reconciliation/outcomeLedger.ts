import type { JournalEvent, JournalTransaction } from '@payrail/journal';
import type { LedgerState } from '@payrail/ledger';
import { recordedOutcomeOf } from '../ledgerDay/scanLedgerDay';
import type { ReconciliationStatus } from './reconciliationReport';

/** The lock every writer of the three ledger streams shares (the gateway's too). */
import { LEDGER_LOCK } from '@payrail/ledger';

export { LEDGER_LOCK };

/**
 * Where reconciliation outcomes are appended, and what it needs to know to append each one once.
 * Both lookups are made inside `transact`, against the ledger as caught up under its lock.
 */
export interface OutcomeLedger {
  transact<R>(decide: (tx: JournalTransaction) => R): Promise<R>;
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
  transact<R>(decide: (tx: JournalTransaction) => R): Promise<R>;
}

/**
 * An OutcomeLedger for `date` over a process's already open ledger (ledger-service's LedgerState and
 * its journal): no second replay, the state answers the lookups.
 */
export function outcomeLedgerOf(ledger: OpenLedger, date: string): OutcomeLedger {
  return {
    transact: (decide) => ledger.transact(decide),
    recordedOutcome(paymentId) {
      let latest: ReconciliationStatus | null = null;
      for (const { event } of ledger.state.eventsByPayment.get(paymentId) ?? []) latest = outcomeOf(event, date) ?? latest;
      return latest;
    },
    merchantOf: (paymentId) => ledger.state.payments.get(paymentId)?.merchant ?? null,
  };
}
