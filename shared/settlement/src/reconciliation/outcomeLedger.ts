import { Journal, type JournalEvent, type JournalLogger, type JournalTransaction, type StreamHead } from '@payrail/journal';
import { STREAMS, type LedgerState } from '@payrail/ledger';
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

/**
 * An OutcomeLedger with its own journal on the three ledger streams, for a process that has none
 * open (the CLI). Given `start` (the heads a scan of the ledger stopped at, with the outcomes and
 * merchants it found), the journal reads only what was appended after the scan; otherwise opening
 * replays every stream. Either way `onEvent` keeps only the outcomes of `date` and the merchants of the
 * payments in `lookups`, so what it holds follows the day, not the ledger.
 */
export async function openOutcomeJournal(options: {
  dataDir: string;
  date: string;
  lookups: ReadonlySet<string>;
  start?: { heads: Readonly<Record<string, StreamHead>>; outcomes: ReadonlyMap<string, string>; merchants: ReadonlyMap<string, string> };
  logger?: JournalLogger;
}): Promise<OutcomeLedger & { close(): Promise<void> }> {
  const { date, lookups, start } = options;
  const recorded = new Map<string, ReconciliationStatus>((start?.outcomes ?? new Map<string, string>()) as ReadonlyMap<string, ReconciliationStatus>);
  const merchants = new Map<string, string>(start?.merchants ?? []);
  const journal = await Journal.open({
    dataDir: options.dataDir,
    streams: [STREAMS.payments, STREAMS.refunds, STREAMS.disputes],
    lockName: LEDGER_LOCK,
    ...(start === undefined ? {} : { startAt: start.heads }),
    onEvent: (stream, event) => {
      if (stream !== STREAMS.payments) return;
      if (event.type === 'payment_intent.created') {
        if (lookups.has(event.ref)) merchants.set(event.ref, event.merchant_id ?? '');
        return;
      }
      const outcome = outcomeOf(event, date);
      if (outcome !== null) recorded.set(event.ref, outcome);
    },
    onReset: () => {
      recorded.clear();
      merchants.clear();
    },
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  return {
    transact: (decide) => journal.transact(decide),
    recordedOutcome: (paymentId) => recorded.get(paymentId) ?? null,
    merchantOf: (paymentId) => merchants.get(paymentId) ?? null,
    close: () => journal.close(),
  };
}
