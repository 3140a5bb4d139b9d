import * as path from 'node:path';
import type { ProcessorName } from '@payrail/core';
import type { InvalidBankRow } from '../bankFile/bankFile';
import type { RunStats } from '../progress/runStats';

/** How a payment's day compares with the bank, in the order a report lists them. */
export const MISMATCH_STATUSES = ['missing_at_bank', 'unexpected_at_bank', 'currency_mismatch', 'amount_mismatch', 'fee_mismatch'] as const;

export type MismatchStatus = (typeof MISMATCH_STATUSES)[number];

export type ReconciliationStatus = 'matched' | MismatchStatus;

export const RECONCILIATION_STATUSES: readonly ReconciliationStatus[] = ['matched', ...MISMATCH_STATUSES];

/** The ledger's side of one payment's day. */
export interface LedgerSide {
  gross: number;
  fee: number;
  net: number;
  currency: string;
  merchant: string;
  processor: ProcessorName;
}

/** The bank's side: the sum of the statement's rows for the payment. */
export interface BankSide {
  gross: number;
  fee: number;
  net: number;
  /** The rows' currency; `mixed` when rows of one payment disagree. */
  currency: string;
  rows: number;
  /** The capture row's processor reference (else the first row's). */
  processor_reference: string;
}

export interface ReconciliationItem {
  payment_id: string;
  status: MismatchStatus;
  ledger: LedgerSide | null;
  bank: BankSide | null;
}

/** How many payments had a status, and their gross per currency (the ledger's, or the bank's when unexpected). */
export interface StatusTotal {
  count: number;
  gross: Record<string, number>;
}

/** What the run appended to the ledger (null on a dry run or without a bank file). */
export interface RecordedEvents {
  settled: number;
  flagged: number;
  /** Payments whose outcome for this day was already recorded by an earlier run. */
  unchanged: number;
}

export interface ReconciliationReport {
  object: 'reconciliation_report';
  date: string;
  timezone: string;
  /** `awaiting_bank_file` until the bank's statement exists; then `balanced` when every payment matched. */
  status: 'awaiting_bank_file' | 'balanced' | 'unbalanced';
  run_id: string;
  generated_at: string;
  /** Relative to the data folder. */
  files: { ledger: string[]; bank: string; report: string };
  ledger: { payments: number; events: number };
  bank: { present: boolean; rows: number; payments: number; invalid_rows: number; invalid: InvalidBankRow[] };
  summary: Record<ReconciliationStatus, StatusTotal>;
  /** Every payment that did not match, sorted by status then payment id (at most REPORT_ITEMS_MAX). */
  items: ReconciliationItem[];
  items_truncated: boolean;
  events: RecordedEvents | null;
  stats: RunStats;
}

/** The most items a report lists; the summary still counts them all. */
export const REPORT_ITEMS_MAX = 100_000;

/** `reports/reconciliation_report_YYYY-MM-DD.json`, relative to the data folder. */
export const reportFileName = (date: string): string => path.posix.join('reports', `reconciliation_report_${date}.json`);

/** An empty summary: every status at zero. */
export function emptySummary(): Record<ReconciliationStatus, StatusTotal> {
  return Object.fromEntries(RECONCILIATION_STATUSES.map((status) => [status, { count: 0, gross: {} }])) as Record<ReconciliationStatus, StatusTotal>;
}
