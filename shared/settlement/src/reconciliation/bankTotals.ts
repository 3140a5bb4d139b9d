import type { BankFileRow, BankRowType } from '../bankFile/bankFile';
import { rowTypeAt, type BankRowColumns } from '../bankFile/bankFileColumns';
import type { DayPositions } from '../ledgerDay/dayPositions';
import type { BankSide, LedgerSide, ReconciliationStatus } from './reconciliationReport';

const NO_CURRENCY = 0xffff;
const MIXED_CURRENCIES = 0xfffe;

/** The bank's rows for a payment PayRail did not move money for that day. */
interface UnexpectedPayment {
  gross: number;
  fee: number;
  currency: string;
  rows: number;
  processor_reference: string;
}

/**
 * The bank's statement summed per payment, beside the ledger's positions: columns indexed by the
 * ledger's slots, so streaming a million bank rows adds numbers, not objects. Rows for payments the
 * ledger has no position for that day are kept apart (they are few unless the file is wrong).
 */
export class BankTotals {
  private readonly gross: Float64Array;
  private readonly fee: Float64Array;
  private readonly rows: Uint32Array;
  private readonly currency: Uint16Array;
  private readonly reference: Array<string | undefined>;
  readonly unexpected = new Map<string, UnexpectedPayment>();
  /** Payments with at least one valid row. */
  payments = 0;

  constructor(private readonly positions: DayPositions) {
    const size = positions.size;
    this.gross = new Float64Array(size);
    this.fee = new Float64Array(size);
    this.rows = new Uint32Array(size);
    this.currency = new Uint16Array(size).fill(NO_CURRENCY);
    this.reference = new Array<string | undefined>(size);
  }

  add(row: BankFileRow): void {
    const slot = this.positions.slotOf(row.payment_id);
    if (slot === -1) {
      let entry = this.unexpected.get(row.payment_id);
      if (entry === undefined) {
        entry = { gross: 0, fee: 0, currency: row.currency, rows: 0, processor_reference: row.processor_reference };
        this.unexpected.set(row.payment_id, entry);
        this.payments += 1;
      }
      entry.gross += row.gross;
      entry.fee += row.fee;
      entry.rows += 1;
      if (entry.currency !== row.currency) entry.currency = 'mixed';
      if (row.type === 'capture') entry.processor_reference = row.processor_reference;
      return;
    }
    this.addToSlot(slot, row.gross, row.fee, this.positions.currencyCode(row.currency), row.type, () => row.processor_reference);
  }

  /** One bank row of the payment in `slot`: its reference (read only when kept) is the capture's, else the first. */
  private addToSlot(slot: number, gross: number, fee: number, currencyCode: number, type: BankRowType, reference: () => string): void {
    if (this.rows[slot] === 0) this.payments += 1;
    this.gross[slot] = (this.gross[slot] ?? 0) + gross;
    this.fee[slot] = (this.fee[slot] ?? 0) + fee;
    this.rows[slot] = (this.rows[slot] ?? 0) + 1;
    const seen = this.currency[slot];
    this.currency[slot] = seen === NO_CURRENCY || seen === currencyCode ? currencyCode : MIXED_CURRENCIES;
    if (type === 'capture' || this.reference[slot] === undefined) this.reference[slot] = reference();
  }

  /** Adds a chunk of rows read on the bank file's thread, in order: as add() of each row, without an object per row. */
  addColumns(chunk: BankRowColumns): void {
    const ids = Buffer.from(chunk.ids.buffer, chunk.ids.byteOffset, chunk.ids.byteLength);
    const references = Buffer.from(chunk.references.buffer, chunk.references.byteOffset, chunk.references.byteLength);
    const codes = chunk.currencies.map((currency) => this.positions.currencyCode(currency));
    for (let i = 0; i < chunk.count; i++) {
      const idStart = i === 0 ? 0 : (chunk.idEnds[i - 1] ?? 0);
      const idEnd = chunk.idEnds[i] ?? 0;
      const slot = this.positions.slotOfBytes(ids, idStart, idEnd);
      const referenceStart = i === 0 ? 0 : (chunk.referenceEnds[i - 1] ?? 0);
      const reference = (): string => references.toString('utf8', referenceStart, chunk.referenceEnds[i] ?? 0);
      const type = rowTypeAt(chunk, i);
      const currency = chunk.currencyCodes[i] ?? 0;
      if (slot === -1) {
        this.add({ payment_id: ids.toString('utf8', idStart, idEnd), processor_reference: reference(), type, gross: chunk.gross[i] ?? 0, fee: chunk.fee[i] ?? 0, net: (chunk.gross[i] ?? 0) - (chunk.fee[i] ?? 0), currency: chunk.currencies[currency] ?? '', settled_date: '', processor: null });
        continue;
      }
      this.addToSlot(slot, chunk.gross[i] ?? 0, chunk.fee[i] ?? 0, codes[currency] ?? 0, type, reference);
    }
  }

  /** How the ledger's position in `slot` compares with the bank's rows. */
  status(slot: number): ReconciliationStatus {
    if (this.rows[slot] === 0) return 'missing_at_bank';
    if (this.currency[slot] !== this.positions.currencyCodeAt(slot)) return 'currency_mismatch';
    if (this.gross[slot] !== this.positions.gross(slot)) return 'amount_mismatch';
    if (this.fee[slot] !== this.positions.fee(slot)) return 'fee_mismatch';
    return 'matched';
  }

  ledgerSide(slot: number): LedgerSide {
    const gross = this.positions.gross(slot);
    const fee = this.positions.fee(slot);
    return { gross, fee, net: gross - fee, currency: this.positions.currency(slot), merchant: this.positions.merchant(slot), processor: this.positions.processor(slot) };
  }

  /** The bank's side of a slot, or null when the bank has no row for it. */
  bankSide(slot: number): BankSide | null {
    const rows = this.rows[slot] ?? 0;
    if (rows === 0) return null;
    const gross = this.gross[slot] ?? 0;
    const fee = this.fee[slot] ?? 0;
    const code = this.currency[slot] ?? NO_CURRENCY;
    const currency = code === MIXED_CURRENCIES ? 'mixed' : (this.positions.currencyNames()[code] ?? '');
    return { gross, fee, net: gross - fee, currency, rows, processor_reference: this.reference[slot] ?? '' };
  }

  /** The bank's side of a payment the ledger did not expect. */
  unexpectedSide(paymentId: string): BankSide | null {
    const entry = this.unexpected.get(paymentId);
    if (entry === undefined) return null;
    return { gross: entry.gross, fee: entry.fee, net: entry.gross - entry.fee, currency: entry.currency, rows: entry.rows, processor_reference: entry.processor_reference };
  }
}
