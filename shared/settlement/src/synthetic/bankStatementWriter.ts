import * as path from 'node:path';
import { createIdGenerator, processorFee, type ProcessorName } from '@payrail/core';
import { BANK_FILE_COLUMNS, bankFileName, type BankFileRow, type BankRowType } from '../bankFile/bankFile';
import { CsvFileWriter } from '../csv/csvFileWriter';
import { processorReference } from './processorReference';
import { seededFraction, seededIdSource, seededRandom, type SeededRandom } from './seededRandom';

/** The ways the synthetic bank gets a payment's day wrong. */
export const INJECTED_MISMATCHES = ['missing_row', 'amount_off_by_one', 'extra_row', 'currency_mismatch', 'fee_mismatch'] as const;

export type InjectedMismatchKind = (typeof INJECTED_MISMATCHES)[number];

/** One injected mismatch: for `extra_row`, `payment_id` is the made-up payment the bank added. */
export interface InjectedMismatch {
  kind: InjectedMismatchKind;
  payment_id: string;
}

/** A money movement as the bank settles it. */
export interface SettledMovement {
  at_ms: number;
  date: string;
  payment_id: string;
  processor_reference: string;
  type: BankRowType;
  /** Positive; the row's sign follows the type. */
  amount: number;
  currency: string;
  processor: ProcessorName;
}

export interface StatementDay {
  date: string;
  file: string;
  rows: number;
  mismatches: InjectedMismatch[];
}

/** The currency a currency_mismatch row is booked in instead. */
const otherCurrency = (currency: string): string => (currency === 'USD' ? 'EUR' : 'USD');

/**
 * Writes the processors' settlement statements, one CSV per business day in the bank file format
 * (BANK_FILE_COLUMNS), from the money movements in the order they happen. `mismatch_percent` of each
 * day's payments get one injected mismatch, chosen from the seed, the day and the payment id alone:
 * the missing row(s), gross off by one minor unit, an extra row for a payment that does not exist,
 * every row in another currency, or the fee off by one.
 */
export class BankStatementWriter {
  private writer: CsvFileWriter | null = null;
  private day: StatementDay | null = null;
  private readonly done: StatementDay[] = [];
  /** Payments of the current day already given their one-time mismatch. */
  private readonly altered = new Set<string>();
  private readonly extraId: (prefix: 'pi') => string;
  private readonly extraRandom: SeededRandom;
  private clock = 0;

  constructor(
    private readonly dataDir: string,
    private readonly seed: number,
    private readonly mismatchPercent: number,
  ) {
    this.extraId = createIdGenerator(seededIdSource(seededRandom(seed, 'bank-extra'), () => this.clock));
    this.extraRandom = seededRandom(seed, 'bank-extra-rows');
  }

  /** Every day written so far. */
  get days(): readonly StatementDay[] {
    return this.done;
  }

  /** Opens the statement of `date` (closing the one before); days are written in order, each once. */
  async startDay(date: string): Promise<void> {
    await this.endDay();
    const file = bankFileName(date);
    this.writer = await CsvFileWriter.open(path.join(this.dataDir, file), BANK_FILE_COLUMNS);
    this.day = { date, file, rows: 0, mismatches: [] };
    this.altered.clear();
  }

  /** The mismatch the bank makes on this payment's day, if any. */
  private mismatchOf(date: string, paymentId: string): InjectedMismatchKind | null {
    if (this.mismatchPercent <= 0) return null;
    const point = seededFraction(this.seed, `mismatch:${date}:${paymentId}`) * 100;
    if (point >= this.mismatchPercent) return null;
    return INJECTED_MISMATCHES[Math.floor((point / this.mismatchPercent) * INJECTED_MISMATCHES.length)] ?? null;
  }

  async add(movement: SettledMovement): Promise<void> {
    const { writer, day } = this;
    if (writer === null || day === null || movement.date !== day.date) throw new Error(`bank statement: ${movement.date} is not the open day ${day?.date ?? 'none'}`);
    this.clock = movement.at_ms;
    const gross = movement.type === 'capture' ? movement.amount : -movement.amount;
    const fee = movement.type === 'capture' ? processorFee(movement.processor, movement.amount) : 0;
    const row: BankFileRow = { payment_id: movement.payment_id, processor_reference: movement.processor_reference, type: movement.type, gross, fee, net: gross - fee, currency: movement.currency, settled_date: day.date, processor: movement.processor };
    const kind = this.mismatchOf(day.date, movement.payment_id);
    const first = kind !== null && !this.altered.has(movement.payment_id);
    if (first) {
      this.altered.add(movement.payment_id);
      if (kind !== 'extra_row') day.mismatches.push({ kind, payment_id: movement.payment_id });
    }
    if (kind === 'missing_row') return;
    if (kind === 'currency_mismatch') row.currency = otherCurrency(row.currency);
    if (first && kind === 'amount_off_by_one') Object.assign(row, { gross: row.gross + 1, net: row.net + 1 });
    if (first && kind === 'fee_mismatch') Object.assign(row, { fee: row.fee + 1, net: row.net - 1 });
    await this.write(row);
    if (first && kind === 'extra_row') {
      const extraGross = Math.max(1, Math.round(Math.abs(gross) * (0.5 + this.extraRandom())));
      const extraFee = processorFee(movement.processor, extraGross);
      const extra: BankFileRow = {
        payment_id: this.extraId('pi'),
        processor_reference: processorReference(movement.processor, 'charge', this.extraRandom),
        type: 'capture',
        gross: extraGross,
        fee: extraFee,
        net: extraGross - extraFee,
        currency: movement.currency,
        settled_date: day.date,
        processor: movement.processor,
      };
      day.mismatches.push({ kind, payment_id: extra.payment_id });
      await this.write(extra);
    }
  }

  /** Closes the day open now, if any. */
  async endDay(): Promise<void> {
    if (this.writer === null || this.day === null) return;
    await this.writer.commit();
    this.done.push(this.day);
    this.writer = null;
    this.day = null;
  }

  /** Drops the day open now, if any (its file stays as it was): for a run that failed. */
  async abort(): Promise<void> {
    await this.writer?.abort();
    this.writer = null;
    this.day = null;
  }

  private async write(row: BankFileRow): Promise<void> {
    if (this.writer === null || this.day === null) return;
    this.day.rows += 1;
    await this.writer.write(BANK_FILE_COLUMNS.map((column) => row[column] ?? ''));
  }
}
