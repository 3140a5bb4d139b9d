import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { dayBounds, explainMismatches, nextDate, payoutsFileName, reportFileName, type ReconciliationReport } from '@payrail/settlement';
import type { Counts } from './burnRate';

/** One business day as the reconciliation SLO judges it. */
export interface ReconciliationDay {
  date: string;
  /** When the day had to be reconciled by: `deadline` (HH:MM) the next day, in the SLO's time zone. */
  deadline: string;
  good: boolean;
  /** What made it good or bad, in words. */
  reason: string;
  /** The report it stands on, relative to the data folder (null when there is none). */
  report: string | null;
  generated_at: string | null;
}

const REPORT_FILE = /^reconciliation_report_(\d{4}-\d{2}-\d{2})\.json$/;
const PAYOUTS_FILE = /^payouts_(\d{4}-\d{2}-\d{2})\.csv$/;

async function datesIn(folder: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await fs.readdir(folder)).flatMap((name) => pattern.exec(name)?.[1] ?? []);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** `06:00` the day after `date` in `timezone`, as epoch ms (hours after local midnight). */
export function deadlineOf(date: string, deadline: string, timezone: string): number {
  const [hours = 0, minutes = 0] = deadline.split(':').map(Number);
  return dayBounds(nextDate(date), timezone).start_ms + hours * 3_600_000 + minutes * 60_000;
}

type ReportHead = Pick<ReconciliationReport, 'status' | 'generated_at' | 'summary'> & {
  /** Of an unbalanced report: its mismatches the explainer gave no cause (explainMismatches), counted once per report. */
  unexplained?: number;
};
/** What each report said, by file, while its size and mtime stay: a big day's report is parsed once, not at every evaluation. */
const reportHeads = new Map<string, { size: number; mtime_ms: number; head: ReportHead }>();

async function readReport(dataDir: string, date: string): Promise<ReportHead | null> {
  // The file's size and mtime name its version: the explainer (which streams the ledger) runs once per version.
  const file = path.join(dataDir, reportFileName(date));
  try {
    const stat = await fs.stat(file);
    const known = reportHeads.get(file);
    if (known !== undefined && known.size === stat.size && known.mtime_ms === stat.mtimeMs) return known.head;
    const report = JSON.parse(await fs.readFile(file, 'utf8')) as ReconciliationReport;
    const head: ReportHead = { status: report.status, generated_at: report.generated_at, summary: report.summary };
    if (report.status === 'unbalanced') {
      const explained = await explainMismatches({ dataDir, date }).catch(() => null);
      if (explained !== null) head.unexplained = explained.items.length - explained.explained;
    }
    reportHeads.set(file, { size: stat.size, mtime_ms: stat.mtimeMs, head });
    return head;
  } catch {
    return null;
  }
}

/**
 * The days the reconciliation SLO counts over the last `period_ms`: every day with a settlement or a
 * reconciliation report whose deadline has passed (or that is already good). A day is good when its
 * report was written by the deadline and is `balanced`, or unbalanced with every mismatch explained
 * (explainMismatches found each one a cause: a bank row a day late, a new fee...); it is bad when the
 * report is late, has an unexplained mismatch, is still waiting for the bank's file, or is missing. The report's
 * `generated_at` is its last run's: a day reconciled on time and run again later counts as late.
 */
export async function reconciliationDays(dataDir: string, sli: { deadline: string; timezone: string }, now_ms: number, period_ms: number): Promise<ReconciliationDay[]> {
  const dates = new Set([...(await datesIn(path.join(dataDir, 'reports'), REPORT_FILE)), ...(await datesIn(path.join(dataDir, path.dirname(payoutsFileName('2000-01-01'))), PAYOUTS_FILE))]);
  const days: ReconciliationDay[] = [];
  for (const date of [...dates].sort()) {
    const due = deadlineOf(date, sli.deadline, sli.timezone);
    if (due < now_ms - period_ms) continue;
    const report = await readReport(dataDir, date);
    const generated = report === null ? NaN : Date.parse(report.generated_at);
    const onTime = !Number.isNaN(generated) && generated <= due;
    let good = false;
    let reason: string;
    if (report === null) reason = 'no reconciliation report';
    else if (report.status === 'awaiting_bank_file') reason = "the bank's statement had not arrived";
    else if (!onTime) reason = `${report.status}, but written at ${report.generated_at}, after the deadline`;
    else if (report.status === 'unbalanced') {
      const mismatches = Object.entries(report.summary).filter(([status]) => status !== 'matched').reduce((sum, [, total]) => sum + total.count, 0);
      const unexplained = report.unexplained ?? mismatches;
      good = unexplained === 0;
      reason = good
        ? `${mismatches} mismatch${mismatches === 1 ? '' : 'es'} with the bank, each explained (payrail explain --date ${date})`
        : `${unexplained} of ${mismatches} mismatch${mismatches === 1 ? '' : 'es'} with the bank unexplained${report.unexplained === undefined ? ' (not explained yet)' : ''}`;
    } else {
      good = true;
      reason = `balanced at ${report.generated_at}`;
    }
    if (due > now_ms && !good) continue; // not due yet
    days.push({ date, deadline: new Date(due).toISOString(), good, reason, report: report === null ? null : reportFileName(date), generated_at: report?.generated_at ?? null });
  }
  return days;
}

export const dayCounts = (days: readonly ReconciliationDay[]): Counts => ({ good: days.filter((day) => day.good).length, total: days.length });
