import { COMMAND_EVENTS_MAX, type EventDraft } from '@payrail/journal';
import { STREAMS } from '@payrail/ledger';
import type { ProgressListener } from '../progress/progressBar';
import type { OutcomeLedger } from './outcomeLedger';
import type { BankSide, LedgerSide, RecordedEvents, ReconciliationStatus } from './reconciliationReport';

/** Commands queued in the journal at once: with COMMAND_EVENTS_MAX events each, one group commit of up to 32,768 events. */
const COMMANDS_IN_FLIGHT_MAX = 512;

/** One payment's result for the day, as the ledger will record it. */
export interface Outcome {
  payment_id: string;
  status: ReconciliationStatus;
  /** Null for a payment the bank listed without a ledger position that day: looked up, and skipped if unknown. */
  merchant: string | null;
  ledger: LedgerSide | null;
  bank: BankSide | null;
}

type Data = Record<string, unknown>;

function draftOf(outcome: Outcome, merchant: string, date: string, correlationId: string): EventDraft {
  const base = { ref: outcome.payment_id, correlation_id: correlationId, ...(merchant === '' ? {} : { merchant_id: merchant }) };
  if (outcome.status === 'matched' && outcome.bank !== null) {
    const data: Data = { settlement_date: date, fee: outcome.bank.fee, net: outcome.bank.net };
    if (outcome.bank.processor_reference !== '') data['bank_reference'] = outcome.bank.processor_reference;
    return { ...base, type: 'payment_intent.settled', data };
  }
  const data: Data = { status: outcome.status, date };
  if (outcome.ledger !== null) data['ledger'] = outcome.ledger;
  if (outcome.bank !== null) data['bank'] = outcome.bank;
  return { ...base, type: 'payment_intent.reconciliation_flagged', data };
}

/**
 * Appends each payment's outcome for `date` to the ledger: `payment_intent.settled` when it matched
 * the bank, `payment_intent.reconciliation_flagged` with the status and both sides otherwise. A
 * payment whose latest outcome for that day is already the same is skipped, checked inside the
 * transaction against the caught-up ledger: running a day again appends nothing, and a corrected
 * bank file records the new outcome once. Commands of COMMAND_EVENTS_MAX events are queued many at
 * a time, so one lock and one fsync serve thousands of events.
 */
export async function recordOutcomes(options: {
  ledger: OutcomeLedger;
  date: string;
  outcomes: Iterable<Outcome>;
  total: number;
  correlationId: string;
  onProgress?: ProgressListener;
}): Promise<RecordedEvents> {
  const { ledger, date, correlationId, onProgress } = options;
  const totals: RecordedEvents = { settled: 0, flagged: 0, unchanged: 0 };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let done = 0;
  let batch: Outcome[] = [];

  const flush = (): void => {
    const commands = batch;
    batch = [];
    const committed = ledger
      .transact((tx) => {
        const counts: RecordedEvents = { settled: 0, flagged: 0, unchanged: 0 };
        for (const outcome of commands) {
          const merchant = outcome.merchant ?? ledger.merchantOf(outcome.payment_id);
          if (merchant === null) continue; // the bank's payment id is not one of ours: the report lists it
          if (ledger.recordedOutcome(outcome.payment_id) === outcome.status) {
            counts.unchanged += 1;
            continue;
          }
          tx.append(STREAMS.payments, draftOf(outcome, merchant, date, correlationId));
          if (outcome.status === 'matched') counts.settled += 1;
          else counts.flagged += 1;
        }
        return counts;
      })
      .then(
        (counts) => {
          totals.settled += counts.settled;
          totals.flagged += counts.flagged;
          totals.unchanged += counts.unchanged;
          done += commands.length;
          onProgress?.({ phase: 'record', rows: done, fraction: options.total === 0 ? 1 : Math.min(done / options.total, 1) });
        },
        (error: unknown) => {
          failure ??= error;
        },
      )
      .finally(() => inFlight.delete(committed));
    inFlight.add(committed);
  };

  for (const outcome of options.outcomes) {
    if (failure !== null) break;
    batch.push(outcome);
    if (batch.length < COMMAND_EVENTS_MAX) continue;
    flush();
    while (inFlight.size >= COMMANDS_IN_FLIGHT_MAX) await Promise.race(inFlight);
  }
  if (batch.length > 0 && failure === null) flush();
  await Promise.all(inFlight);
  if (failure !== null) throw failure;
  return totals;
}
