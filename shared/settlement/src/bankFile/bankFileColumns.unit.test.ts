import fc from 'fast-check';
import { DayPositions } from '../ledgerDay/dayPositions';
import { BankTotals } from '../reconciliation/bankTotals';
import { BANK_ROW_TYPES, type BankFileRow } from './bankFile';
import { BankColumnsPacker, type BankRowColumns } from './bankFileColumns';

describe('bank rows as columns: the same totals as row by row', () => {
  const positionsOf = (ids: string[]): DayPositions => {
    const positions = new DayPositions();
    ids.forEach((id, i) => positions.addCapture(id, `m_${i % 3}`, i % 4 === 0 ? 'EUR' : 'USD', 'providerA', 1_000 + i, 1_770_595_200_000 + i));
    return positions;
  };
  const row = fc.record({
    known: fc.boolean(),
    n: fc.integer({ min: 0, max: 40 }),
    reference: fc.string({ maxLength: 20 }),
    type: fc.constantFrom(...BANK_ROW_TYPES),
    gross: fc.integer({ min: -100_000, max: 100_000 }),
    fee: fc.integer({ min: -500, max: 500 }),
    currency: fc.constantFrom('USD', 'EUR', 'JPY', 'BRL'),
  });

  it('addColumns of packed chunks equals add of each row, in order (statuses, both sides, unexpected payments)', () => {
    fc.assert(fc.property(fc.array(row, { maxLength: 40_000 / 100 }), fc.integer({ min: 1, max: 50 }), (given, idCount) => {
      const ids = Array.from({ length: idCount }, (_, i) => `pi_${String(i).padStart(26, '0')}`);
      const rows: BankFileRow[] = given.map((r) => ({ payment_id: r.known ? (ids[r.n % idCount] as string) : `pi_unknown_${r.n}é`, processor_reference: r.reference, type: r.type, gross: r.gross, fee: r.fee, net: r.gross - r.fee, currency: r.currency, settled_date: '2026-02-09', processor: null }));
      const byRow = new BankTotals(positionsOf(ids));
      rows.forEach((r) => byRow.add(r));
      const columns = new BankTotals(positionsOf(ids));
      const chunks: BankRowColumns[] = [];
      const packer = new BankColumnsPacker((chunk) => chunks.push(chunk));
      rows.forEach((r) => packer.add(r));
      packer.flush();
      chunks.forEach((chunk) => columns.addColumns(chunk));
      for (let slot = 0; slot < ids.length; slot++) {
        expect(columns.status(slot)).toBe(byRow.status(slot));
        expect(columns.bankSide(slot)).toEqual(byRow.bankSide(slot));
      }
      expect(columns.payments).toBe(byRow.payments);
      expect([...columns.unexpected.keys()]).toEqual([...byRow.unexpected.keys()]);
      for (const id of byRow.unexpected.keys()) expect(columns.unexpectedSide(id)).toEqual(byRow.unexpectedSide(id));
    }), { numRuns: 200, seed: 20261208 });
  });

  it('packs more rows than one chunk holds into several, in order', () => {
    const chunks: BankRowColumns[] = [];
    const packer = new BankColumnsPacker((chunk) => chunks.push(chunk));
    for (let i = 0; i < 40_000; i++) packer.add({ payment_id: `pi_${i}`, processor_reference: `ch_${i}`, type: 'capture', gross: i, fee: 1, net: i - 1, currency: 'USD', settled_date: '2026-02-09', processor: null });
    packer.flush();
    expect(chunks.map((chunk) => chunk.count)).toEqual([16_384, 16_384, 40_000 - 2 * 16_384]);
    const last = chunks[2] as BankRowColumns;
    expect(Buffer.from(last.ids).toString('utf8', (last.idEnds[last.count - 2] ?? 0), last.idEnds[last.count - 1])).toBe('pi_39999');
  });
});
