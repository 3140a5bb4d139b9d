import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isProcessorName, type ProcessorName } from '@payrail/core';
import { parse } from 'csv-parse';
import { pipeline } from 'node:stream/promises';

/**
 * The bank's settlement statement of one business day, `settlement/settlement_YYYY-MM-DD.csv`, as
 * provider-sim writes it for both processors (and `payrail generate --direct` for synthetic data):
 * one row per capture (positive gross, the processor's fee), refund and chargeback (negative gross,
 * fee 0), and chargeback reversal (a dispute's funds reinstated: positive gross, fee 0). Amounts are
 * integers in minor units; `net = gross - fee`.
 */
export const BANK_FILE_COLUMNS = ['payment_id', 'processor_reference', 'type', 'gross', 'fee', 'net', 'currency', 'settled_date', 'processor'] as const;

/** The columns a bank file must have; `processor` may be absent. */
const REQUIRED_COLUMNS = BANK_FILE_COLUMNS.filter((column) => column !== 'processor');

export const BANK_ROW_TYPES = ['capture', 'refund', 'chargeback', 'chargeback_reversal'] as const;

export type BankRowType = (typeof BANK_ROW_TYPES)[number];

export interface BankFileRow {
  /** PayRail's payment intent id. */
  payment_id: string;
  /** The processor's charge (or refund) reference. */
  processor_reference: string;
  type: BankRowType;
  /** Positive for captures and chargeback reversals, negative for refunds and chargebacks. */
  gross: number;
  fee: number;
  net: number;
  currency: string;
  settled_date: string;
  processor: ProcessorName | null;
}

/** A row the reader could not use, kept in the report with the reason. */
export interface InvalidBankRow {
  /** 1 for the first row after the header. */
  row: number;
  reason: string;
  values: Record<string, string>;
}

export interface BankFileSummary {
  rows: number;
  invalid_rows: number;
  /** The first INVALID_ROWS_LISTED_MAX invalid rows. */
  invalid: InvalidBankRow[];
  bytes: number;
}

/** How many invalid rows a report lists (all are counted). */
export const INVALID_ROWS_LISTED_MAX = 100;

const FIELD_CHARS_MAX = 128;
const INTEGER = /^-?\d{1,15}$/;
const CURRENCY = /^[A-Z]{3}$/;

/** `settlement/settlement_YYYY-MM-DD.csv`, relative to the data folder. */
export const bankFileName = (date: string): string => path.posix.join('settlement', `settlement_${date}.csv`);

/** True when the bank's statement of `date` exists in `dataDir`. */
export async function bankFileExists(dataDir: string, date: string): Promise<boolean> {
  try {
    await fs.access(path.join(dataDir, bankFileName(date)));
    return true;
  } catch {
    return false;
  }
}

type ColumnIndex = Record<(typeof BANK_FILE_COLUMNS)[number], number>;

/** Checks one record, read through the header's column positions; a reason when it cannot be used. */
function toRow(record: readonly string[], at: ColumnIndex, date: string): BankFileRow | string {
  const field = (column: keyof ColumnIndex): string => record[at[column]] ?? '';
  for (const column of REQUIRED_COLUMNS) {
    const value = field(column);
    if (value === '') return `${column} is empty`;
    if (value.length > FIELD_CHARS_MAX) return `${column} is longer than ${FIELD_CHARS_MAX} characters`;
  }
  const type = field('type') as BankRowType;
  if (!BANK_ROW_TYPES.includes(type)) return `type must be one of ${BANK_ROW_TYPES.join(', ')}`;
  const grossText = field('gross');
  const feeText = field('fee');
  const netText = field('net');
  if (!INTEGER.test(grossText) || !INTEGER.test(feeText) || !INTEGER.test(netText)) return 'gross, fee and net must be integer numbers of minor units';
  const gross = Number(grossText);
  const fee = Number(feeText);
  const net = Number(netText);
  if (net !== gross - fee) return `net ${net} is not gross ${gross} minus fee ${fee}`;
  const currency = field('currency');
  if (!CURRENCY.test(currency)) return 'currency must be an ISO 4217 code';
  const settled = field('settled_date');
  if (settled !== date) return `settled_date ${settled} is not the statement's day ${date}`;
  const processor = at.processor === -1 ? '' : field('processor');
  if (processor !== '' && !isProcessorName(processor)) return `processor ${processor} is not a known processor`;
  return {
    payment_id: field('payment_id'),
    processor_reference: field('processor_reference'),
    type,
    gross,
    fee,
    net,
    currency,
    settled_date: date,
    processor: isProcessorName(processor) ? processor : null,
  };
}

/**
 * Streams the bank's statement of `date` through csv-parse and calls `onRow` for each valid row, in
 * file order; invalid rows are counted and the first ones kept with the reason. A header without the
 * required columns throws (the file is not a bank statement).
 */
export async function readBankFile(
  file: string,
  date: string,
  onRow: (row: BankFileRow) => void,
): Promise<BankFileSummary> {
  const bytesTotal = (await fs.stat(file)).size;
  const summary: BankFileSummary = { rows: 0, invalid_rows: 0, invalid: [], bytes: bytesTotal };
  let header: string[] | null = null;
  let at: ColumnIndex | null = null;
  const input = createReadStream(file, { highWaterMark: 1024 * 1024 });
  let refusal: Error | null = null;
  /** One record, as csv-parse hands it over: the header, or a row checked and handed to onRow. */
  const take = (record: string[]): void => {
    if (header === null) {
      const names = record.map((name) => name.trim());
      header = names;
      at = Object.fromEntries(BANK_FILE_COLUMNS.map((column) => [column, names.indexOf(column)])) as ColumnIndex;
      const missing = REQUIRED_COLUMNS.filter((column) => !names.includes(column));
      if (missing.length > 0) throw new Error(`${file} is not a bank statement: its header lacks ${missing.join(', ')} (expected ${BANK_FILE_COLUMNS.join(',')})`);
      return;
    }
    summary.rows += 1;
    const row = record.length === header.length && at !== null ? toRow(record, at, date) : `has ${record.length} fields, the header has ${header.length}`;
    if (typeof row === 'string') {
      summary.invalid_rows += 1;
      if (summary.invalid.length < INVALID_ROWS_LISTED_MAX) {
        const names = header;
        summary.invalid.push({ row: summary.rows, reason: row, values: Object.fromEntries(record.map((value, i) => [names[i] ?? `column_${i + 1}`, value])) });
      }
      return;
    }
    onRow(row);
  };
  // Records as arrays, mapped through the header here (twice as fast as csv-parse's `columns`), taken
  // with read() as they become readable: no promise per record (`for await` over the parser: 4.5 s for
  // a 1M-payment bank file). (csv-parse's on_record hook builds an info object per record: slower still.)
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true });
  parser.on('readable', () => {
    for (let record = parser.read() as string[] | null; record !== null && refusal === null; record = parser.read() as string[] | null) {
      try {
        take(record);
      } catch (error) {
        refusal = error as Error;
        input.destroy();
      }
    }
  });
  await pipeline(input, parser).catch((error: Error) => {
    if (refusal === null) throw error;
  });
  if (refusal !== null) throw refusal;
  if (header === null) throw new Error(`${file} is empty: a bank statement has at least its header line`);
  return summary;
}
