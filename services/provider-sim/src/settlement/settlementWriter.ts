import * as path from 'node:path';
import { PayrailError } from '@payrail/core';
import { writeFileAtomic, type Journal } from '@payrail/journal';
import { stringify } from 'csv-stringify/sync';
import { BOOK_EVENTS, SETTLEMENT_STREAM } from '../books/bookStreams';
import type { SimBooks } from '../books/simBooks';
import { journalCall } from '../charges/chargeService';
import type { FaultInjector } from '../faults/faultInjector';
import { injectMismatches, SETTLEMENT_COLUMNS, settlementRows, type InjectedMismatch } from './settlementStatement';

export interface SettlementSummary {
  date: string;
  /** Relative to the data folder: `settlement/settlement_YYYY-MM-DD.csv`. */
  file: string;
  rows: number;
  mismatches: InjectedMismatch[];
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isBusinessDate(text: string): boolean {
  return DATE_PATTERN.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

/** The UTC day before `now`, YYYY-MM-DD: the business day the nightly run settles. */
export const previousUtcDay = (now: Date): string => new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);

/**
 * Writes the bank's settlement statement of one UTC day for both processors, with the injected
 * mismatches, atomically (a reader sees the old file or the new one), and records it in the books.
 * Writing a day again replaces its file; with the same seed and books the file is the same.
 */
export class SettlementWriter {
  constructor(private readonly deps: { dataDir: string; books: SimBooks; journal: Journal; faults: FaultInjector }) {}

  async write(date: string, correlation_id?: string): Promise<SettlementSummary> {
    if (!isBusinessDate(date)) throw new PayrailError('parameter_invalid', 'The date must be a calendar day written YYYY-MM-DD.', { param: 'date' });
    const { books, journal, faults, dataDir } = this.deps;
    await journalCall(() => journal.catchUp());
    const bookRows = settlementRows(books.allCharges(), date);
    const { rows, mismatches } = injectMismatches(bookRows, faults.settlementMismatches(date), faults.settlementFabrication(date), date);
    const file = path.posix.join('settlement', `settlement_${date}.csv`);
    await writeFileAtomic(path.join(dataDir, file), stringify(rows, { header: true, columns: [...SETTLEMENT_COLUMNS] }));
    await journalCall(() =>
      journal.append(SETTLEMENT_STREAM, {
        type: BOOK_EVENTS.settlementWritten,
        ref: date,
        ...(correlation_id === undefined ? {} : { correlation_id }),
        data: { date, file, rows: rows.length, mismatches },
      }),
    );
    return { date, file, rows: rows.length, mismatches };
  }
}
