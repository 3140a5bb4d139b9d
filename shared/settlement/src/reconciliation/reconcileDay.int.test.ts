import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { processorFee } from '@payrail/core';
import { Journal } from '@payrail/journal';
import { LedgerState, STREAMS } from '@payrail/ledger';
import { makeTempDataDir } from '@payrail/testing';
import { bankCsv, captureRow, LedgerFixture, type CapturedPayment } from '../testing/ledgerFixture';
import { LEDGER_LOCK } from './outcomeLedger';
import { reconcileDay } from './reconcileDay';
import type { ReconciliationReport } from './reconciliationReport';

const DAY = '2026-02-09';
const UNKNOWN = 'pi_01kh00000000000000000000zz';

async function ledgerState(dir: string): Promise<LedgerState> {
  const state = new LedgerState();
  const journal = await Journal.open({ dataDir: dir, streams: Object.values(STREAMS), lockName: LEDGER_LOCK, onEvent: (stream, event) => state.apply(stream, event) });
  await journal.close();
  return state;
}

const ledgerBytes = async (dir: string): Promise<string> => (await Promise.all(Object.values(STREAMS).map((s) => fs.readFile(path.join(dir, `${s}.jsonl`), 'utf8')))).join('\n');

describe('reconcileDay', () => {
  let dir: string;
  let cleanup: () => void;
  let p: Record<string, CapturedPayment>;
  const bankFile = (): string => path.join(dir, 'settlement', `settlement_${DAY}.csv`);

  beforeEach(async () => {
    ({ dir, cleanup } = makeTempDataDir('reconcile'));
    const ledger = await LedgerFixture.open(dir);
    p = {};
    p['matched'] = await ledger.capture({ at: `${DAY}T09:00:00.000Z`, amount: 1099 });
    p['missing'] = await ledger.capture({ at: `${DAY}T09:01:00.000Z`, amount: 2000, processor: 'providerB', currency: 'EUR' });
    p['amount'] = await ledger.capture({ at: `${DAY}T09:02:00.000Z`, amount: 3000 });
    p['currency'] = await ledger.capture({ at: `${DAY}T09:03:00.000Z`, amount: 4000, currency: 'GBP' });
    p['fee'] = await ledger.capture({ at: `${DAY}T09:04:00.000Z`, amount: 5000, processor: 'providerB' });
    p['refundedLater'] = await ledger.capture({ at: '2026-02-08T12:00:00.000Z', amount: 1000 });
    p['chargedBackLater'] = await ledger.capture({ at: '2026-02-08T13:00:00.000Z', amount: 700, currency: 'JPY' });
    p['capturedYesterday'] = await ledger.capture({ at: '2026-02-08T14:00:00.000Z', amount: 800 });
    p['refundedSameDay'] = await ledger.capture({ at: `${DAY}T10:00:00.000Z`, amount: 1000, merchant: 'm_other' });
    p['lastMillisecond'] = await ledger.capture({ at: `${DAY}T23:59:59.999Z`, amount: 123 });
    p['nextDay'] = await ledger.capture({ at: '2026-02-10T00:00:00.000Z', amount: 456 });
    const refundRef = await ledger.refund(p['refundedLater'] as CapturedPayment, { at: `${DAY}T11:00:00.000Z`, amount: 300 });
    await ledger.chargeback(p['chargedBackLater'] as CapturedPayment, { opened: '2026-02-08T20:00:00.000Z', at: `${DAY}T12:00:00.000Z` });
    const sameDayRef = await ledger.refund(p['refundedSameDay'] as CapturedPayment, { at: `${DAY}T15:00:00.000Z`, amount: 400 });
    await ledger.close();

    const row = (key: string) => captureRow(p[key] as CapturedPayment, DAY);
    const rows = [
      row('matched'),
      { ...row('amount'), gross: 3001, net: 3001 - (p['amount']?.fee ?? 0) },
      { ...row('currency'), currency: 'EUR' },
      { ...row('fee'), fee: (p['fee']?.fee ?? 0) + 1, net: 5000 - (p['fee']?.fee ?? 0) - 1 },
      { ...row('matched'), payment_id: UNKNOWN, processor_reference: 'ch_unknown' },
      { ...row('refundedLater'), processor_reference: refundRef, type: 'refund' as const, gross: -300, fee: 0, net: -300 },
      { ...row('chargedBackLater'), type: 'chargeback' as const, gross: -700, fee: 0, net: -700 },
      row('capturedYesterday'),
      row('refundedSameDay'),
      { ...row('refundedSameDay'), processor_reference: sameDayRef, type: 'refund' as const, gross: -400, fee: 0, net: -400 },
      row('lastMillisecond'),
      { ...row('matched'), payment_id: 'pi_01kh00000000000000000000yy', net: 1 },
    ];
    await fs.mkdir(path.dirname(bankFile()), { recursive: true });
    await fs.writeFile(bankFile(), bankCsv(rows));
  });
  afterEach(() => cleanup());

  const side = (payment: CapturedPayment | undefined, change: Partial<{ gross: number; fee: number; currency: string }> = {}) => {
    const gross = change.gross ?? payment?.amount ?? 0;
    const fee = change.fee ?? payment?.fee ?? 0;
    return { gross, fee, net: gross - fee, currency: change.currency ?? payment?.currency };
  };

  it('reports every kind of mismatch exactly, with both sides, and records each outcome on its payment', async () => {
    const report = await reconcileDay({ dataDir: dir, date: DAY, timezone: 'UTC' });
    const counts = Object.fromEntries(Object.entries(report.summary).map(([status, total]) => [status, total.count]));
    expect(counts).toEqual({ matched: 5, missing_at_bank: 1, unexpected_at_bank: 2, currency_mismatch: 1, amount_mismatch: 1, fee_mismatch: 1 });
    expect(report.status).toBe('unbalanced');
    expect(report.summary.matched.gross).toEqual({ USD: 1099 - 300 + 600 + 123, JPY: -700 });
    expect(report.summary.missing_at_bank.gross).toEqual({ EUR: 2000 });
    expect(report.ledger.payments).toBe(9);
    expect(report.bank).toMatchObject({ present: true, rows: 12, payments: 10, invalid_rows: 1, invalid: [{ row: 12, reason: expect.stringContaining('net 1 is not gross 1099 minus fee') }] });

    const ledgerOf = (key: string, change = {}) => ({ ...side(p[key], change), merchant: p[key]?.merchant, processor: p[key]?.processor });
    const bankOf = (key: string, change = {}) => ({ ...side(p[key], change), rows: 1, processor_reference: p[key]?.reference });
    expect(report.items).toEqual(
      [
        { payment_id: p['missing']?.id, status: 'missing_at_bank', ledger: ledgerOf('missing'), bank: null },
        { payment_id: p['capturedYesterday']?.id, status: 'unexpected_at_bank', ledger: null, bank: bankOf('capturedYesterday') },
        { payment_id: UNKNOWN, status: 'unexpected_at_bank', ledger: null, bank: { ...bankOf('matched'), processor_reference: 'ch_unknown' } },
        { payment_id: p['currency']?.id, status: 'currency_mismatch', ledger: ledgerOf('currency'), bank: bankOf('currency', { currency: 'EUR' }) },
        { payment_id: p['amount']?.id, status: 'amount_mismatch', ledger: ledgerOf('amount'), bank: bankOf('amount', { gross: 3001 }) },
        { payment_id: p['fee']?.id, status: 'fee_mismatch', ledger: ledgerOf('fee'), bank: bankOf('fee', { fee: processorFee('providerB', 5000) + 1 }) },
      ].sort((a, b) => (a.status === b.status ? ((a.payment_id ?? '') < (b.payment_id ?? '') ? -1 : 1) : 0)),
    );
    expect(report.events).toEqual({ settled: 5, flagged: 5, unchanged: 0 });

    const onDisk = JSON.parse(await fs.readFile(path.join(dir, 'reports', `reconciliation_report_${DAY}.json`), 'utf8')) as ReconciliationReport;
    expect(onDisk.items).toEqual(report.items);

    // What the gateway shows: its LedgerState, replayed from the same files.
    const state = await ledgerState(dir);
    const status = (key: string) => ({ status: state.payments.get(p[key]?.id ?? '')?.status, reconciliation_status: state.payments.get(p[key]?.id ?? '')?.reconciliation_status });
    expect(status('matched')).toEqual({ status: 'settled', reconciliation_status: 'matched' });
    expect(status('amount')).toEqual({ status: 'captured', reconciliation_status: 'amount_mismatch' });
    expect(status('missing')).toEqual({ status: 'captured', reconciliation_status: 'missing_at_bank' });
    expect(status('capturedYesterday')).toEqual({ status: 'captured', reconciliation_status: 'unexpected_at_bank' });
    expect(status('chargedBackLater')).toEqual({ status: 'chargeback', reconciliation_status: 'matched' });
    expect(status('nextDay')).toEqual({ status: 'captured', reconciliation_status: null });
    const settled = state.eventsByPayment.get(p['matched']?.id ?? '')?.find(({ event }) => event.type === 'payment_intent.settled')?.event;
    expect(settled?.data).toEqual({ settlement_date: DAY, bank_reference: p['matched']?.reference, fee: p['matched']?.fee, net: 1099 - (p['matched']?.fee ?? 0) });
  });

  it('changes nothing when the same day is reconciled again, and records a corrected bank file once', async () => {
    await reconcileDay({ dataDir: dir, date: DAY, timezone: 'UTC' });
    const before = await ledgerBytes(dir);
    const again = await reconcileDay({ dataDir: dir, date: DAY, timezone: 'UTC' });
    expect(again.events).toEqual({ settled: 0, flagged: 0, unchanged: 10 });
    expect(await ledgerBytes(dir)).toBe(before);

    const fee = p['amount']?.fee ?? 0;
    const fixed = (await fs.readFile(bankFile(), 'utf8')).replace(`,3001,${fee},${3001 - fee},`, `,3000,${fee},${3000 - fee},`);
    await fs.writeFile(bankFile(), fixed);
    const corrected = await reconcileDay({ dataDir: dir, date: DAY, timezone: 'UTC' });
    expect(corrected.summary.amount_mismatch.count).toBe(0);
    expect(corrected.events).toEqual({ settled: 1, flagged: 0, unchanged: 9 });
    expect((await ledgerState(dir)).payments.get(p['amount']?.id ?? '')).toMatchObject({ status: 'settled', reconciliation_status: 'matched' });
    expect((await reconcileDay({ dataDir: dir, date: DAY, timezone: 'UTC' })).events).toEqual({ settled: 0, flagged: 0, unchanged: 10 });
  });

  it('reports a day whose bank file has not come as awaiting_bank_file, not as all missing, and records nothing', async () => {
    await fs.rm(bankFile());
    const before = await ledgerBytes(dir);
    const report = await reconcileDay({ dataDir: dir, date: DAY, timezone: 'UTC' });
    expect(report).toMatchObject({ status: 'awaiting_bank_file', ledger: { payments: 9 }, bank: { present: false, rows: 0 }, items: [], events: null });
    expect(report.summary.missing_at_bank.count).toBe(0);
    expect(await ledgerBytes(dir)).toBe(before);
  });

  it('writes the report but records nothing on a dry run', async () => {
    const before = await ledgerBytes(dir);
    const report = await reconcileDay({ dataDir: dir, date: DAY, timezone: 'UTC', dryRun: true });
    expect(report.summary.matched.count).toBe(5);
    expect(report.events).toBeNull();
    expect(await ledgerBytes(dir)).toBe(before);
  });

  it('puts payments on the business day of the settlement time zone', async () => {
    // 2026-02-10T00:00Z is still the evening of the 9th in New York; 09:00Z on the 9th is the 9th there too.
    const report = await reconcileDay({ dataDir: dir, date: DAY, timezone: 'America/New_York', dryRun: true });
    expect(report.ledger.payments).toBe(10);
    expect(report.items.map((item) => item.payment_id)).toContain(p['nextDay']?.id);
  });

  it('refuses a file that is not a bank statement', async () => {
    await fs.writeFile(bankFile(), 'id,amount\npi_1,100\n');
    await expect(reconcileDay({ dataDir: dir, date: DAY, timezone: 'UTC' })).rejects.toThrow(/header lacks payment_id, processor_reference, type, gross, fee, net, currency, settled_date/);
  });
});
