import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LedgerState } from '@payrail/ledger';
import {
  MISMATCH_STATUSES,
  bankFileName,
  checkBusinessDate,
  payoutsFileName,
  readDoneMarker,
  reportFileName,
  type MismatchStatus,
  type PayoutTotal,
  type ReconciliationItem,
  type ReconciliationReport,
  type ReconciliationSummary,
  type SettlementSummary,
} from '@payrail/settlement';

/** The most days the settlements list shows, newest first. */
export const SETTLEMENT_DAYS_LISTED_MAX = 90;
/** The largest report file the console reads whole; a bigger one is summarized without its items. */
export const REPORT_BYTES_MAX = 64 * 1024 * 1024;
/** The most items a day's view lists (a merchant's, or every merchant's for the admin). */
export const DAY_ITEMS_MAX = 1_000;

const DATED_FILE = /_(\d{4}-\d{2}-\d{2})\.(csv|json)$/;

interface FileInfo {
  file: string;
  bytes: number;
  modified: string;
}

/** One business day as the settlements list shows it to a merchant. */
export interface SettlementDay {
  object: 'settlement_day';
  date: string;
  bank_file: FileInfo | null;
  payouts_file: FileInfo | null;
  report_file: FileInfo | null;
  /** The merchant's payouts of the day per currency (every merchant's on the admin routes), once settlement ran. */
  payouts: PayoutTotal[] | null;
  settled_at: string | null;
  reconciliation: { status: ReconciliationSummary['status']; finished_at: string } | null;
}

/** Whose report a view is: one merchant's items, or every item (the admin's); null stands for all. */
export type ReportScope = string | null;

/** A line of the report with the merchant it belongs to (null: a payment the ledger does not know). */
export type DayReportItem = ReconciliationItem & { merchant: string | null };

/** A day's reconciliation report as one merchant (scope `merchant`) or the admin (scope `all`) sees it. */
export interface DayReport {
  status: ReconciliationReport['status'];
  generated_at: string;
  run_id: string;
  bank: { present: boolean; rows: number };
  scope: 'merchant' | 'all';
  /** The listed scope's mismatches by status. */
  mismatches: Record<MismatchStatus, number>;
  /** The whole report's, every merchant's (from its summary, which counts even items it does not list). */
  report_mismatches: Record<MismatchStatus, number>;
  /** Items of the whole report: the sum of report_mismatches. */
  report_items: number;
  /** Items that are not the merchant's (other merchants', unknown payments); 0 for the admin. */
  other_items: number;
  items: DayReportItem[];
  items_truncated: boolean;
  /** Set when the report file was too large to read here. */
  items_unavailable: string | null;
}

async function fileInfo(dataDir: string, relative: string): Promise<FileInfo | null> {
  try {
    const stat = await fs.stat(path.join(dataDir, relative));
    return { file: relative, bytes: stat.size, modified: stat.mtime.toISOString() };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function datesIn(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return names.map((name) => DATED_FILE.exec(name)?.[1]).filter((date): date is string => date !== undefined);
}

/** Business days that have a bank statement, a payouts file or a reconciliation report, newest first (merchant null: every merchant's payouts). */
export async function listSettlementDays(dataDir: string, merchant: ReportScope): Promise<SettlementDay[]> {
  const dates = new Set([...(await datesIn(path.join(dataDir, 'settlement'))), ...(await datesIn(path.join(dataDir, 'reports')))]);
  const newest = [...dates].sort().reverse().slice(0, SETTLEMENT_DAYS_LISTED_MAX);
  return Promise.all(newest.map((date) => settlementDay(dataDir, merchant, date)));
}

/** One day: its files, the merchant's payouts (every merchant's when null; from the settlement's done marker), the reconciliation outcome. */
export async function settlementDay(dataDir: string, merchant: ReportScope, date: string): Promise<SettlementDay> {
  checkBusinessDate(date);
  const [bank, payouts, report, settled, reconciled] = await Promise.all([
    fileInfo(dataDir, bankFileName(date)),
    fileInfo(dataDir, payoutsFileName(date)),
    fileInfo(dataDir, reportFileName(date)),
    readDoneMarker<SettlementSummary>(dataDir, 'settlement', date),
    readDoneMarker<ReconciliationSummary>(dataDir, 'reconciliation', date),
  ]);
  return {
    object: 'settlement_day',
    date,
    bank_file: bank,
    payouts_file: payouts,
    report_file: report,
    payouts: settled === null ? null : settled.summary.payouts.filter((p) => merchant === null || p.merchant === merchant),
    settled_at: settled?.finished_at ?? null,
    reconciliation: reconciled === null ? null : { status: reconciled.summary.status, finished_at: reconciled.finished_at },
  };
}

const zeroCounts = (): Record<MismatchStatus, number> => Object.fromEntries(MISMATCH_STATUSES.map((status) => [status, 0])) as Record<MismatchStatus, number>;

/** The whole report's mismatches by status, from its summary (which counts every item, listed or not). */
function countsOf(summary: ReconciliationReport['summary'] | undefined): Record<MismatchStatus, number> {
  const counts = zeroCounts();
  for (const status of MISMATCH_STATUSES) counts[status] = summary?.[status]?.count ?? 0;
  return counts;
}

const sum = (counts: Record<MismatchStatus, number>): number => MISMATCH_STATUSES.reduce((total, status) => total + counts[status], 0);

/**
 * The day's reconciliation report for one merchant (its items, and how many are not its own) or,
 * merchant null, every item; null when there is none yet. An item's merchant is its ledger side's,
 * else the payment's in the ledger (a bank row of a payment captured another day), else null: the
 * bank's rows carry no merchant, so an unexpected_at_bank row of a payment the ledger does not know
 * belongs to nobody, and a merchant sees it counted in `other_items`, the admin listed.
 */
export async function dayReport(dataDir: string, state: LedgerState, merchant: ReportScope, date: string): Promise<DayReport | null> {
  const file = path.join(dataDir, reportFileName(checkBusinessDate(date)));
  const info = await fileInfo(dataDir, reportFileName(date));
  if (info === null) return null;
  const scope = merchant === null ? 'all' : 'merchant';
  if (info.bytes > REPORT_BYTES_MAX) {
    // Reading it whole would hold the gateway's memory: show what the run's done marker says. Which
    // merchant an item is of only the items say, so a merchant's own counts are not known here.
    const marker = await readDoneMarker<ReconciliationSummary>(dataDir, 'reconciliation', date);
    const whole = countsOf(marker?.summary.summary);
    return {
      status: marker?.summary.status ?? 'unbalanced',
      generated_at: marker?.summary.generated_at ?? info.modified,
      run_id: marker?.summary.run_id ?? '',
      bank: { present: marker?.summary.bank.present ?? true, rows: marker?.summary.bank.rows ?? 0 },
      scope,
      mismatches: merchant === null ? whole : zeroCounts(),
      report_mismatches: whole,
      report_items: sum(whole),
      other_items: 0,
      items: [],
      items_truncated: true,
      items_unavailable: `The report is ${info.bytes} bytes, more than the console reads (${REPORT_BYTES_MAX}); open ${info.file} in the data folder.${merchant === null ? '' : ' Your own counts are in it.'}`,
    };
  }
  const report = JSON.parse(await fs.readFile(file, 'utf8')) as ReconciliationReport;
  const all: DayReportItem[] = report.items.map((item) => ({
    payment_id: item.payment_id,
    status: item.status,
    merchant: item.ledger?.merchant ?? state.payments.get(item.payment_id)?.merchant ?? null,
    ledger: item.ledger,
    bank: item.bank,
  }));
  const listed = merchant === null ? all : all.filter((item) => item.merchant === merchant);
  const whole = countsOf(report.summary);
  const mismatches = zeroCounts();
  for (const item of listed) mismatches[item.status] += 1;
  return {
    status: report.status,
    generated_at: report.generated_at,
    run_id: report.run_id,
    bank: { present: report.bank.present, rows: report.bank.rows },
    scope,
    mismatches: merchant === null ? whole : mismatches,
    report_mismatches: whole,
    report_items: sum(whole),
    // Of the items the file lists (every one unless it says items_truncated).
    other_items: all.length - listed.length,
    items: listed.slice(0, DAY_ITEMS_MAX),
    items_truncated: listed.length > DAY_ITEMS_MAX || report.items_truncated,
    items_unavailable: null,
  };
}
