import { createIdGenerator, processorFee, type ProcessorName } from '@payrail/core';
import type { SimCharge } from '../books/charge';
import { pspReference, stripeStyleId, type RandomIndex } from '../charges/references';
import type { MismatchKind } from '../faults/faultSettings';
import type { SeededRandom } from '@payrail/core';

/** The columns of `settlement/settlement_YYYY-MM-DD.csv`, in order. Amounts are minor units. */
export const SETTLEMENT_COLUMNS = ['payment_id', 'processor_reference', 'type', 'gross', 'fee', 'net', 'currency', 'settled_date', 'processor'] as const;

export interface SettlementRow {
  /** PayRail's payment intent id (Stripe metadata.payment_intent, Adyen merchantReference). */
  payment_id: string;
  /** The charge id / payment pspReference for captures and chargebacks; the refund's for refunds. */
  processor_reference: string;
  type: 'capture' | 'refund' | 'chargeback' | 'chargeback_reversal';
  /** Positive for captures and chargeback reversals, negative for refunds and chargebacks. */
  gross: number;
  fee: number;
  net: number;
  currency: string;
  settled_date: string;
  processor: ProcessorName;
}

export interface InjectedMismatch {
  kind: MismatchKind;
  processor: ProcessorName;
  payment_id: string;
  processor_reference: string;
}

const onDate = (iso: string | null, date: string): boolean => iso !== null && iso.slice(0, 10) === date;

/**
 * The rows the books owe for one UTC day: captures (fee per PROCESSOR_PRICING), refunds and
 * chargebacks (each withdrawal of a dispute's funds: negative gross, no fee), chargeback reversals
 * (each reinstatement: positive gross, no fee), ordered by when they happened.
 */
export function settlementRows(charges: Iterable<SimCharge>, date: string): SettlementRow[] {
  const dated: Array<{ at: string; row: SettlementRow }> = [];
  const row = (charge: SimCharge, type: SettlementRow['type'], processor_reference: string, gross: number): SettlementRow => {
    const fee = type === 'capture' ? processorFee(charge.provider, gross) : 0;
    return { payment_id: charge.payment_intent, processor_reference, type, gross, fee, net: gross - fee, currency: charge.currency, settled_date: date, processor: charge.provider };
  };
  for (const charge of charges) {
    if (charge.status === 'captured' && onDate(charge.captured_at, date)) {
      dated.push({ at: charge.captured_at as string, row: row(charge, 'capture', charge.reference, charge.amount_captured) });
    }
    for (const refund of charge.refunds) {
      if (onDate(refund.created_at, date)) dated.push({ at: refund.created_at, row: row(charge, 'refund', refund.reference, -refund.amount) });
    }
    for (const movement of charge.dispute?.movements ?? []) {
      if (!onDate(movement.at, date)) continue;
      const withdrawn = movement.direction === 'withdrawn';
      dated.push({ at: movement.at, row: row(charge, withdrawn ? 'chargeback' : 'chargeback_reversal', charge.reference, withdrawn ? -movement.amount : movement.amount) });
    }
  }
  dated.sort((a, b) => a.at.localeCompare(b.at) || a.row.processor_reference.localeCompare(b.row.processor_reference) || a.row.type.localeCompare(b.row.type));
  return dated.map(({ row }) => row);
}

/**
 * Applies the settlement-mismatch fault row by row: `decide` says per row whether it goes missing,
 * is off by one minor unit (gross and net), or is followed by an extra row for a payment PayRail
 * never made (a seeded `pi_` id). Returns the rows as the bank reports them and what was injected.
 */
export function injectMismatches(
  rows: readonly SettlementRow[],
  decide: (processor: ProcessorName) => MismatchKind | null,
  random: SeededRandom,
  date: string,
): { rows: SettlementRow[]; mismatches: InjectedMismatch[] } {
  const index: RandomIndex = (n) => Math.floor(random() * n);
  const fabricatedId = createIdGenerator({
    now: () => Date.parse(`${date}T23:59:59Z`),
    fill: (bytes) => bytes.forEach((_, i) => (bytes[i] = index(256))),
  });
  const fabricate = (row: SettlementRow): SettlementRow => {
    const gross = Math.abs(row.gross);
    const fee = processorFee(row.processor, gross);
    const processor_reference = row.processor === 'providerA' ? stripeStyleId('ch', index) : pspReference(index);
    return { ...row, payment_id: fabricatedId('pi'), processor_reference, type: 'capture', gross, fee, net: gross - fee };
  };
  const describe = (kind: MismatchKind, row: SettlementRow): InjectedMismatch => ({
    kind,
    processor: row.processor,
    payment_id: row.payment_id,
    processor_reference: row.processor_reference,
  });
  const out: SettlementRow[] = [];
  const mismatches: InjectedMismatch[] = [];
  for (const row of rows) {
    const kind = decide(row.processor);
    switch (kind) {
      case null:
        out.push(row);
        break;
      case 'missing_row':
        mismatches.push(describe(kind, row));
        break;
      case 'amount_off_by_one':
        out.push({ ...row, gross: row.gross + 1, net: row.net + 1 });
        mismatches.push(describe(kind, row));
        break;
      case 'extra_row': {
        const extra = fabricate(row);
        out.push(row, extra);
        mismatches.push(describe(kind, extra));
        break;
      }
    }
  }
  return { rows: out, mismatches };
}
