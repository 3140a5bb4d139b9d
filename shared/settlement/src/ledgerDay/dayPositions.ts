import { processorFee, type ProcessorName } from '@payrail/core';
import { IdIndex } from './idIndex';

const INITIAL_CAPACITY = 1024;

/** What one payment did on one business day, as the ledger says. */
export interface DayPosition {
  payment_id: string;
  merchant: string;
  currency: string;
  processor: ProcessorName;
  /** Captured that day, minus refunds and chargebacks of that day, plus chargebacks reversed that day (minor units; negative on a refund-only day). */
  gross: number;
  /** The processor's fee on the day's capture per PROCESSOR_PRICING; 0 when the payment was captured another day. */
  fee: number;
  /** When the payment was captured (maybe an earlier day, for refunds and chargebacks); null if unknown. */
  captured_ms: number | null;
  /** True when the capture itself happened that day. */
  captured_that_day: boolean;
}

/** A small table of repeated strings (merchants, currencies), so each position stores a number. */
class Interned {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();
  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }
  value(code: number): string {
    return this.values[code] ?? '';
  }
}

const PROCESSOR_CODES: readonly ProcessorName[] = ['providerA', 'providerB'];

/**
 * The ledger's positions of one business day, keyed by payment id, in columns of typed arrays and an
 * IdIndex of the ids' bytes: one million payments take about 90 MB here and no object each. Slots
 * are numbered in the order payments were first seen.
 */
export class DayPositions {
  private readonly ids = new IdIndex();
  private readonly merchants = new Interned();
  private readonly currencies = new Interned();
  private capacity = INITIAL_CAPACITY;
  /** Slots whose columns are set: the index adds ids, `slot` fills their columns. */
  private filled = 0;
  private merchantCodes = new Uint32Array(INITIAL_CAPACITY);
  private currencyCodes = new Uint16Array(INITIAL_CAPACITY);
  private processorCodes = new Uint8Array(INITIAL_CAPACITY);
  private grossColumn = new Float64Array(INITIAL_CAPACITY);
  private feeColumn = new Float64Array(INITIAL_CAPACITY);
  private capturedColumn = new Float64Array(INITIAL_CAPACITY);
  private capturedThatDay = new Uint8Array(INITIAL_CAPACITY);

  get size(): number {
    return this.ids.size;
  }

  /** The slot of a payment, or -1. */
  slotOf(paymentId: string): number {
    return this.ids.slotOf(paymentId);
  }

  /** The slot of the payment whose id is `buffer[start..end)`, or -1. */
  slotOfBytes(buffer: Uint8Array, start: number, end: number): number {
    return this.ids.slotOfBytes(buffer, start, end);
  }

  /** Adds the day's capture of a payment: gross up by the amount, fee per the processor's pricing. */
  addCapture(paymentId: string, merchant: string, currency: string, processor: ProcessorName, amount: number, captured_ms: number): void {
    this.capture(this.slot(this.ids.add(paymentId), merchant, currency, processor), processor, amount, captured_ms);
  }

  /** addCapture for the payment whose id is `buffer[start..end)` (a ledger line's bytes: no string made). */
  addCaptureOf(buffer: Uint8Array, start: number, end: number, merchant: string, currency: string, processor: ProcessorName, amount: number, captured_ms: number): void {
    this.capture(this.slot(this.ids.addBytes(buffer, start, end), merchant, currency, processor), processor, amount, captured_ms);
  }

  private capture(slot: number, processor: ProcessorName, amount: number, captured_ms: number): void {
    this.grossColumn[slot] = (this.grossColumn[slot] ?? 0) + amount;
    this.feeColumn[slot] = (this.feeColumn[slot] ?? 0) + processorFee(processor, amount);
    this.capturedColumn[slot] = captured_ms;
    this.capturedThatDay[slot] = 1;
  }

  /** Subtracts a refund or chargeback of the day (neither carries a fee of its own). */
  addReversal(args: { payment_id: string; merchant: string; currency: string; processor: ProcessorName; amount: number }): void {
    const slot = this.slot(this.ids.add(args.payment_id), args.merchant, args.currency, args.processor);
    this.grossColumn[slot] = (this.grossColumn[slot] ?? 0) - args.amount;
  }

  /** Adds back a chargeback reversed that day (funds reinstated: gross up again, no fee). */
  addReinstatement(args: { payment_id: string; merchant: string; currency: string; processor: ProcessorName; amount: number }): void {
    const slot = this.slot(this.ids.add(args.payment_id), args.merchant, args.currency, args.processor);
    this.grossColumn[slot] = (this.grossColumn[slot] ?? 0) + args.amount;
  }

  /** Records when a payment with a reversal that day was captured (an earlier day). */
  setCapturedAt(paymentId: string, captured_ms: number): void {
    const slot = this.slotOf(paymentId);
    if (slot !== -1 && this.capturedThatDay[slot] === 0) this.capturedColumn[slot] = captured_ms;
  }

  paymentId(slot: number): string {
    return this.ids.id(slot);
  }

  merchant(slot: number): string {
    return this.merchants.value(this.merchantCodes[slot] ?? 0);
  }

  currency(slot: number): string {
    return this.currencies.value(this.currencyCodes[slot] ?? 0);
  }

  /** A number per currency, equal for equal currencies; for cheap comparisons. */
  currencyCode(currency: string): number {
    return this.currencies.code(currency);
  }

  currencyCodeAt(slot: number): number {
    return this.currencyCodes[slot] ?? 0;
  }

  merchantCodeAt(slot: number): number {
    return this.merchantCodes[slot] ?? 0;
  }

  /** Every merchant seen, by code. */
  merchantNames(): readonly string[] {
    return this.merchants.values;
  }

  /** Every currency seen, by code. */
  currencyNames(): readonly string[] {
    return this.currencies.values;
  }

  processor(slot: number): ProcessorName {
    return PROCESSOR_CODES[this.processorCodes[slot] ?? 0] ?? 'providerA';
  }

  gross(slot: number): number {
    return this.grossColumn[slot] ?? 0;
  }

  fee(slot: number): number {
    return this.feeColumn[slot] ?? 0;
  }

  capturedMs(slot: number): number | null {
    const value = this.capturedColumn[slot] ?? Number.NaN;
    return Number.isNaN(value) ? null : value;
  }

  capturedThatDayAt(slot: number): boolean {
    return this.capturedThatDay[slot] === 1;
  }

  /** The whole position of a slot, as an object (for reports and events, not for hot loops). */
  position(slot: number): DayPosition {
    return {
      payment_id: this.paymentId(slot),
      merchant: this.merchant(slot),
      currency: this.currency(slot),
      processor: this.processor(slot),
      gross: this.gross(slot),
      fee: this.fee(slot),
      captured_ms: this.capturedMs(slot),
      captured_that_day: this.capturedThatDayAt(slot),
    };
  }

  /** Fills a new slot's columns (the index numbered it); a known slot is left as it is. */
  private slot(slot: number, merchant: string, currency: string, processor: ProcessorName): number {
    if (slot < this.filled) return slot;
    if (slot === this.capacity) this.grow();
    this.filled = slot + 1;
    this.merchantCodes[slot] = this.merchants.code(merchant);
    this.currencyCodes[slot] = this.currencies.code(currency);
    this.processorCodes[slot] = Math.max(0, PROCESSOR_CODES.indexOf(processor));
    this.capturedColumn[slot] = Number.NaN;
    return slot;
  }

  private grow(): void {
    this.capacity *= 2;
    const grow = <T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(column: T, make: (n: number) => T): T => {
      const next = make(this.capacity);
      next.set(column);
      return next;
    };
    this.merchantCodes = grow(this.merchantCodes, (n) => new Uint32Array(n));
    this.currencyCodes = grow(this.currencyCodes, (n) => new Uint16Array(n));
    this.processorCodes = grow(this.processorCodes, (n) => new Uint8Array(n));
    this.grossColumn = grow(this.grossColumn, (n) => new Float64Array(n));
    this.feeColumn = grow(this.feeColumn, (n) => new Float64Array(n));
    this.capturedColumn = grow(this.capturedColumn, (n) => new Float64Array(n));
    this.capturedThatDay = grow(this.capturedThatDay, (n) => new Uint8Array(n));
  }
}
