import { isPayrailError } from '@payrail/core';
import type { JournalLogger } from '@payrail/journal';
import { addDays, checkBusinessDate, previousBusinessDay } from '../businessDay/businessDay';
import { settleDay, type SettlementSummary } from '../payouts/settleDay';
import type { ProgressListener } from '../progress/progressBar';
import type { OpenLedger } from '../reconciliation/outcomeLedger';
import { reconcileDay } from '../reconciliation/reconcileDay';
import type { ReconciliationReport } from '../reconciliation/reconciliationReport';
import { runDailyJob, type DailyJobResult } from './runDailyJob';

/** A reconciliation report without its item list: what summaries, markers and the CLI show. */
export type ReconciliationSummary = Omit<ReconciliationReport, 'items' | 'bank'> & {
  bank: Omit<ReconciliationReport['bank'], 'invalid'>;
  /** How many items the report file lists. */
  items: number;
};

/** The report without the lists that can be long; the report file has them. */
export function summarizeReport(report: ReconciliationReport): ReconciliationSummary {
  const { invalid: _invalid, ...bank } = report.bank;
  return { ...report, bank, items: report.items.length };
}

/** What one nightly pass did for one day and job. */
export interface NightlyStep {
  date: string;
  kind: 'settlement' | 'reconciliation';
  outcome: 'ran' | 'already_done' | 'running_elsewhere' | 'awaiting_bank_file' | 'failed';
  error?: string;
}

export interface JobRunOptions {
  /** Run even if the day is already done (explicit re-runs: idempotent). */
  force?: boolean;
  onProgress?: ProgressListener;
}

/**
 * Settlement and reconciliation of business days over one data folder, each run at most once at a
 * time across processes (runDailyJob). Used by ledger-service (cron and HTTP) and by the CLI.
 */
export class DailyJobs {
  constructor(
    private readonly options: {
      dataDir: string;
      /** IANA time zone of business days (SETTLEMENT_TIMEZONE). */
      timezone: string;
      /** The process's open ledger, if it has one; otherwise reconciliation opens a journal per run. */
      ledger?: OpenLedger;
      logger?: JournalLogger;
    },
  ) {}

  get timezone(): string {
    return this.options.timezone;
  }

  /** Writes the payouts file of `date`. */
  settle(date: string, run: JobRunOptions = {}): Promise<DailyJobResult<SettlementSummary>> {
    checkBusinessDate(date);
    const { dataDir, timezone } = this.options;
    return runDailyJob({
      dataDir,
      kind: 'settlement',
      date,
      force: run.force === true,
      run: () => settleDay({ dataDir, date, timezone, ...(run.onProgress === undefined ? {} : { onProgress: run.onProgress }) }),
    });
  }

  /** Reconciles `date` against the bank's statement and records each payment's outcome (unless `dryRun`). */
  reconcile(date: string, run: JobRunOptions & { dryRun?: boolean; correlationId?: string } = {}): Promise<DailyJobResult<ReconciliationSummary>> {
    checkBusinessDate(date);
    const { dataDir, timezone, ledger, logger } = this.options;
    const dryRun = run.dryRun === true;
    return runDailyJob({
      dataDir,
      kind: 'reconciliation',
      date,
      // A dry run records nothing, so it neither needs nor writes the done marker.
      force: run.force === true || dryRun,
      run: async () =>
        summarizeReport(
          await reconcileDay({
            dataDir,
            date,
            timezone,
            dryRun,
            ...(ledger === undefined ? {} : { ledger }),
            ...(logger === undefined ? {} : { logger }),
            ...(run.correlationId === undefined ? {} : { correlationId: run.correlationId }),
            ...(run.onProgress === undefined ? {} : { onProgress: run.onProgress }),
          }),
        ),
      completed: (summary) => !dryRun && summary.status !== 'awaiting_bank_file',
    });
  }

  /**
   * The nightly pass at `now`: settles and reconciles the previous business day, and every day of the
   * `catchupDays` before it that is not done yet (a night missed, a bank file that came late). Days
   * already done, or running in another process, are skipped; a failure of one day does not stop the
   * others. Never throws.
   */
  async nightly(now: Date, catchupDays: number): Promise<NightlyStep[]> {
    const last = previousBusinessDay(now, this.options.timezone);
    const steps: NightlyStep[] = [];
    for (let back = catchupDays; back >= 0; back--) {
      const date = addDays(last, -back);
      for (const kind of ['settlement', 'reconciliation'] as const) {
        try {
          const result = kind === 'settlement' ? await this.settle(date) : await this.reconcile(date);
          const awaiting = result.ran && !result.completed;
          steps.push({ date, kind, outcome: !result.ran ? 'already_done' : awaiting ? 'awaiting_bank_file' : 'ran' });
        } catch (error) {
          const busy = isPayrailError(error) && error.code === 'job_already_running';
          steps.push({ date, kind, outcome: busy ? 'running_elsewhere' : 'failed', ...(busy ? {} : { error: (error as Error).message }) });
        }
      }
    }
    return steps;
  }
}
