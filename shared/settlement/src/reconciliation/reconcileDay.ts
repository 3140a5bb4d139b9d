import * as path from 'node:path';
import { newId } from '@payrail/core';
import { writeJsonAtomic, type JournalLogger } from '@payrail/journal';
import { ledgerFiles, readShardCount } from '@payrail/ledger';
import { bankFileExists, bankFileName, type BankFileSummary } from '../bankFile/bankFile';
import { readBankFileInWorker } from '../bankFile/bankFileColumns';
import { dayBounds } from '../businessDay/businessDay';
import type { DayPositions } from '../ledgerDay/dayPositions';
import { merchantsOf, scanLedgerDay } from '../ledgerDay/scanLedgerDay';
import type { ProgressListener } from '../progress/progressBar';
import { runStats } from '../progress/runStats';
import { BankTotals } from './bankTotals';
import { outcomeLedgerOf, type OpenLedger } from './outcomeLedger';
import { recordOutcomes, recordOutcomesInBulk, type Outcome } from './recordOutcomes';
import {
  MISMATCH_STATUSES,
  REPORT_ITEMS_MAX,
  emptySummary,
  reportFileName,
  type MismatchStatus,
  type RecordedEvents,
  type ReconciliationItem,
  type ReconciliationReport,
  type StatusTotal,
} from './reconciliationReport';

export interface ReconcileOptions {
  dataDir: string;
  date: string;
  timezone: string;
  /** Compute and write the report, but append no events to the ledger. */
  dryRun?: boolean;
  /** Stamped on the events appended; a fresh one by default. */
  correlationId?: string;
  /** The process's open ledger to append through (ledger-service); otherwise a journal is opened for the run. */
  ledger?: OpenLedger;
  logger?: JournalLogger;
  onProgress?: ProgressListener;
}

function addTo(total: StatusTotal, currency: string, gross: number): void {
  total.count += 1;
  total.gross[currency] = (total.gross[currency] ?? 0) + gross;
}

/**
 * Reconciles one business day: the ledger's position of every payment that day (captures minus
 * refunds and chargebacks, with the fee PROCESSOR_PRICING expects) against the sum of the bank's rows
 * for it in `settlement/settlement_YYYY-MM-DD.csv`, by payment id. Writes
 * `reports/reconciliation_report_YYYY-MM-DD.json` and, unless `dryRun`, records each payment's outcome
 * in the ledger once (`payment_intent.settled` or `payment_intent.reconciliation_flagged`).
 *
 * The ledger side is indexed (compact columns keyed by payment id); the bank file is parsed on a worker
 * thread meanwhile and its rows, moved over as columns, are added to it.
 * Without a bank file yet, the report says `awaiting_bank_file` and nothing is recorded.
 */
export async function reconcileDay(options: ReconcileOptions): Promise<ReconciliationReport> {
  const started = performance.now();
  const { dataDir, date, timezone, onProgress } = options;
  // Recording through its own journal (the CLI), the scan also notes what a re-run must not record
  // twice and where it stopped, so that the journal does not read the whole ledger a second time.
  const ownJournal = options.dryRun !== true && options.ledger === undefined;
  const bankFile = bankFileName(date);
  const present = await bankFileExists(dataDir, date);
  // The bank's statement is parsed on a worker thread while this one reads the ledger (each about a
  // third of a 1M-payment reconciliation's time, and the machine has a second core).
  const bankRead = present ? readBankFileInWorker(path.join(dataDir, bankFile), date) : null;
  bankRead?.catch(() => undefined); // observed after the scan
  const scan = await scanLedgerDay(dataDir, dayBounds(date, timezone), (progress) =>
    onProgress?.({ phase: 'ledger', rows: progress.events, fraction: progress.bytes_total === 0 ? 1 : progress.bytes_read / progress.bytes_total }),
  ownJournal ? date : undefined);
  const { positions } = scan;
  const bank = new BankTotals(positions);
  let bankSummary: BankFileSummary = { rows: 0, invalid_rows: 0, invalid: [], bytes: 0 };
  if (bankRead !== null) {
    const { summary: read, chunks } = await bankRead;
    bankSummary = read;
    for (const chunk of chunks.splice(0)) bank.addColumns(chunk);
    onProgress?.({ phase: 'bank', rows: read.rows, fraction: 1 });
  }

  const summary = emptySummary();
  const items: ReconciliationItem[] = [];
  let itemsTruncated = false;
  const listItem = (item: ReconciliationItem): void => {
    if (items.length < REPORT_ITEMS_MAX) items.push(item);
    else itemsTruncated = true;
  };
  if (present) {
    for (let slot = 0; slot < positions.size; slot++) {
      const status = bank.status(slot);
      addTo(summary[status], positions.currency(slot), positions.gross(slot));
      if (status !== 'matched') listItem({ payment_id: positions.paymentId(slot), status, ledger: bank.ledgerSide(slot), bank: bank.bankSide(slot) });
    }
    for (const [paymentId, entry] of bank.unexpected) {
      addTo(summary.unexpected_at_bank, entry.currency, entry.gross);
      listItem({ payment_id: paymentId, status: 'unexpected_at_bank', ledger: null, bank: bank.unexpectedSide(paymentId) });
    }
  }
  for (const total of Object.values(summary)) total.gross = Object.fromEntries(Object.entries(total.gross).sort(([a], [b]) => (a < b ? -1 : 1)));
  const order = new Map<MismatchStatus, number>(MISMATCH_STATUSES.map((status, i) => [status, i]));
  items.sort((a, b) => (order.get(a.status) ?? 0) - (order.get(b.status) ?? 0) || (a.payment_id < b.payment_id ? -1 : a.payment_id > b.payment_id ? 1 : 0));

  let events: RecordedEvents | null = null;
  if (present && options.dryRun !== true) {
    const outcomes = (inShard?: (merchant: string) => boolean): Iterable<Outcome> => outcomesOf(positions, bank, inShard);
    const total = positions.size + bank.unexpected.size;
    const correlationId = options.correlationId ?? newId('corr');
    if (options.ledger === undefined) {
      // The bulk path starts where the scan stopped: it reads only what was appended since.
      const lookups = new Set(bank.unexpected.keys());
      const start = { heads: scan.heads, outcomes: scan.outcomes, merchants: await merchantsOf(dataDir, lookups), lookups };
      events = await recordOutcomesInBulk({ dataDir, date, outcomes, total, correlationId, start, ...(onProgress === undefined ? {} : { onProgress }) });
    } else {
      events = await recordOutcomes({ ledger: outcomeLedgerOf(options.ledger, date, readShardCount(dataDir)), date, outcomes: outcomes(), total, correlationId, ...(onProgress === undefined ? {} : { onProgress }) });
    }
  }
  const mismatches = MISMATCH_STATUSES.reduce((sum, status) => sum + summary[status].count, 0);
  const report: ReconciliationReport = {
    object: 'reconciliation_report',
    date,
    timezone,
    status: !present ? 'awaiting_bank_file' : mismatches === 0 && bankSummary.invalid_rows === 0 ? 'balanced' : 'unbalanced',
    run_id: newId('stl'),
    generated_at: new Date().toISOString(),
    files: { ledger: (['payments', 'refunds', 'disputes'] as const).flatMap((kind) => ledgerFiles(dataDir, kind).map(({ file }) => file)), bank: bankFile, report: reportFileName(date) },
    ledger: { payments: positions.size, events: scan.events },
    bank: { present, rows: bankSummary.rows, payments: bank.payments, invalid_rows: bankSummary.invalid_rows, invalid: bankSummary.invalid },
    summary,
    items,
    items_truncated: itemsTruncated,
    events,
    stats: runStats(started, { ledger_events: scan.events, ledger_bytes: scan.bytes, bank_rows: bankSummary.rows, bank_bytes: bankSummary.bytes }),
  };
  await writeJsonAtomic(path.join(dataDir, report.files.report), report);
  return report;
}

/**
 * Each payment's outcome, made one at a time from the columns (with `inShard`, of the merchants it
 * accepts only); then the bank's unexpected payments, whose merchant the recorder looks up.
 */
function* outcomesOf(positions: DayPositions, bank: BankTotals, inShard?: (merchant: string) => boolean): Generator<Outcome> {
  const kept = inShard === undefined ? null : positions.merchantNames().map(inShard);
  for (let slot = 0; slot < positions.size; slot++) {
    if (kept !== null && kept[positions.merchantCodeAt(slot)] !== true) continue;
    yield { payment_id: positions.paymentId(slot), status: bank.status(slot), merchant: positions.merchant(slot), ledger: bank.ledgerSide(slot), bank: bank.bankSide(slot) };
  }
  for (const paymentId of bank.unexpected.keys()) {
    yield { payment_id: paymentId, status: 'unexpected_at_bank', merchant: null, ledger: null, bank: bank.unexpectedSide(paymentId) };
  }
}
