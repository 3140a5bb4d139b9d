import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { newId, percentageFee, processorFee } from '@payrail/core';
import { Journal, type JournalEvent } from '@payrail/journal';
import { STREAMS } from '@payrail/ledger';
import { makeTempDataDir } from '@payrail/testing';
import type { BankFileRow } from '../bankFile/bankFile';
import { bankCsv, captureRow, LedgerFixture, type CapturedPayment } from '../testing/ledgerFixture';
import { explainMismatches, explanationsTable, type Citation, type MismatchCause, type MismatchExplanations } from './explainMismatches';
import { LEDGER_LOCK } from './outcomeLedger';
import { reconcileDay } from './reconcileDay';
import type { MismatchStatus } from './reconciliationReport';

const PREV = '2026-02-08';
const DAY = '2026-02-09';
const NEXT = '2026-02-10';
const UNKNOWN = 'pi_01kh00000000000000000000zz';
const PAYMENTS = 'ledger/payments.jsonl';
const REFUNDS = 'ledger/refunds.jsonl';
const statementOf = (date: string): string => `settlement/settlement_${date}.csv`;
/** The most items a fixture day has; loops over a result are bounded by it. */
const ITEMS_MAX = 32;

interface Expected {
  status: MismatchStatus;
  cause: MismatchCause;
  /** What each citation points at: `<file> <event type>` or `<file> <row type>`, sorted. */
  cites: string[];
  says?: RegExp[];
  does?: RegExp;
}

describe('explainMismatches', () => {
  let dir: string;
  let cleanup: () => void;
  const ids: Record<string, string> = {};

  beforeEach(async () => {
    ({ dir, cleanup } = makeTempDataDir('explain'));
    const ledger = await LedgerFixture.open(dir);
    const p: Record<string, CapturedPayment> = {};
    const capture = async (key: string, args: Parameters<LedgerFixture['capture']>[0]): Promise<CapturedPayment> => {
      const payment = await ledger.capture(args);
      p[key] = payment;
      ids[key] = payment.id;
      return payment;
    };
    await capture('matched', { at: `${DAY}T08:00:00.000Z`, amount: 1099 });
    await capture('late', { at: `${DAY}T23:58:00.000Z`, amount: 1234 });
    await capture('missing', { at: `${DAY}T09:01:00.000Z`, amount: 2000, processor: 'providerB', currency: 'EUR' });
    await capture('invalid', { at: `${DAY}T09:02:00.000Z`, amount: 1500 });
    await capture('feeOnce', { at: `${DAY}T09:04:00.000Z`, amount: 5000 });
    await capture('feeAgain0', { at: `${DAY}T18:00:00.000Z`, amount: 7000 });
    await capture('feeAgain1', { at: `${DAY}T18:30:00.000Z`, amount: 1200 });
    for (const [i, amount] of [1000, 2000, 5000, 8000].entries()) await capture(`pricing${i}`, { at: `${DAY}T09:1${i}:00.000Z`, amount, processor: 'providerB' });
    await capture('partial', { at: `${DAY}T09:30:00.000Z`, amount: 5000, captured: 4000 });
    const refundedAfterCutoff = await capture('refundAfterCutoff', { at: `${DAY}T10:00:00.000Z`, amount: 1000 });
    const refundedLate = await capture('refundBookedLate', { at: `${DAY}T11:00:00.000Z`, amount: 2000 });
    await capture('duplicate', { at: `${DAY}T12:00:00.000Z`, amount: 1099 });
    await capture('currency', { at: `${DAY}T13:00:00.000Z`, amount: 4000, currency: 'GBP' });
    await capture('capturedYesterday', { at: `${PREV}T23:59:00.000Z`, amount: 800 });
    await capture('offByOne', { at: `${DAY}T14:00:00.000Z`, amount: 3000 });
    const chargedBack = await capture('chargebackAfterCutoff', { at: `${PREV}T10:00:00.000Z`, amount: 700 });
    const refundOffByOne = await capture('refundOffByOne', { at: `${PREV}T11:00:00.000Z`, amount: 900 });
    const refundMissing = await capture('refundMissing', { at: `${PREV}T12:00:00.000Z`, amount: 600 });
    const lateRefundRef = await ledger.refund(refundedAfterCutoff, { at: `${NEXT}T00:00:05.000Z`, amount: 300 });
    const bookedLateRef = await ledger.refund(refundedLate, { at: `${DAY}T23:59:30.000Z`, amount: 500 });
    const offByOneRef = await ledger.refund(refundOffByOne, { at: `${DAY}T16:00:00.000Z`, amount: 400 });
    await ledger.refund(refundMissing, { at: `${DAY}T17:00:00.000Z`, amount: 200 });
    await ledger.chargeback(chargedBack, { opened: `${PREV}T20:00:00.000Z`, at: `${NEXT}T00:00:10.000Z` });
    await ledger.close();

    // A payment the gateway authorized and asked to capture, whose capture result never came back.
    ids['uncaptured'] = newId('pi');
    const journal = await Journal.open({ dataDir: dir, streams: Object.values(STREAMS), lockName: LEDGER_LOCK, onEvent: () => {} });
    const base = { ref: ids['uncaptured'], merchant_id: 'm_demo', correlation_id: newId('corr'), timestamp: `${DAY}T15:00:00.000Z` };
    await journal.append(STREAMS.payments, [
      { ...base, type: 'payment_intent.created', data: { amount: 2500, currency: 'USD', capture_method: 'manual', payment_method: newId('tok'), card: { brand: 'visa', bin: '424242', last4: '4242' }, customer: null, metadata: {}, description: null } },
      { ...base, type: 'payment_intent.authorization_requested', data: { processor: 'providerA', routing_reason: 'test', attempt: 1 } },
      { ...base, type: 'payment_intent.authorized', data: { processor: 'providerA', processor_reference: 'ch_uncaptured', amount_capturable: 2500 } },
      { ...base, type: 'payment_intent.capture_requested', data: { processor: 'providerA', amount: 2500, processor_idempotency_key: `${ids['uncaptured']}:capture:1` } },
    ]);
    await journal.close();
    ids['unknown'] = UNKNOWN;

    const row = (key: string, date = DAY): BankFileRow => captureRow(p[key] as CapturedPayment, date);
    const withFee = (base: BankFileRow, fee: number): BankFileRow => ({ ...base, fee, net: base.gross - fee });
    const refundRow = (key: string, reference: string, amount: number, date: string): BankFileRow => ({ ...row(key, date), processor_reference: reference, type: 'refund', gross: -amount, fee: 0, net: -amount });
    const dayRows: BankFileRow[] = [
      row('matched'),
      { ...row('invalid'), net: 1 },
      withFee(row('feeOnce'), (p['feeOnce']?.fee ?? 0) + 1),
      ...[0, 1, 2, 3].map((i) => withFee(row(`pricing${i}`), percentageFee(p[`pricing${i}`]?.amount ?? 0, 300, 25))),
      withFee({ ...row('partial'), gross: 5000 }, processorFee('providerA', 5000)),
      row('refundAfterCutoff'),
      refundRow('refundAfterCutoff', lateRefundRef, 300, DAY),
      row('refundBookedLate'),
      row('duplicate'),
      { ...row('currency'), currency: 'EUR' },
      row('duplicate'),
      { ...row('matched'), payment_id: UNKNOWN, processor_reference: 'ch_unknown' },
      row('capturedYesterday'),
      { ...row('offByOne'), gross: 3001, net: 3001 - (p['offByOne']?.fee ?? 0) },
      { payment_id: ids['uncaptured'], processor_reference: 'ch_uncaptured', type: 'capture', gross: 2500, fee: processorFee('providerA', 2500), net: 2500 - processorFee('providerA', 2500), currency: 'USD', settled_date: DAY, processor: 'providerA' },
      { ...row('chargebackAfterCutoff'), type: 'chargeback', gross: -700, fee: 0, net: -700 },
      refundRow('refundOffByOne', offByOneRef, 399, DAY),
      withFee(row('feeAgain0'), (p['feeAgain0']?.fee ?? 0) + 1),
      withFee(row('feeAgain1'), (p['feeAgain1']?.fee ?? 0) + 1),
    ];
    await fs.mkdir(path.join(dir, 'settlement'), { recursive: true });
    await fs.writeFile(path.join(dir, statementOf(PREV)), bankCsv([row('chargebackAfterCutoff', PREV)]));
    await fs.writeFile(path.join(dir, statementOf(DAY)), bankCsv(dayRows));
    await fs.writeFile(path.join(dir, statementOf(NEXT)), bankCsv([row('late', NEXT), refundRow('refundBookedLate', bookedLateRef, 500, NEXT), refundRow('missing', 're_other_day', 500, NEXT)]));
  });
  afterEach(() => cleanup());

  /** Reads the line a citation names and checks it is about `paymentId`; says what it is. */
  async function checkCitation(citation: Citation, paymentId: string, refundsOf: ReadonlyMap<string, string>): Promise<string> {
    const fileLines = (await fs.readFile(path.join(dir, citation.file), 'utf8')).split('\n');
    if ('seq' in citation) {
      const event = JSON.parse(fileLines[citation.seq - 1] ?? 'null') as JournalEvent;
      expect(event).toMatchObject({ seq: citation.seq, event_id: citation.event_id });
      const about = event.ref === paymentId || (event.data as Record<string, unknown>)['payment_intent'] === paymentId || refundsOf.get(event.ref) === paymentId;
      expect({ citation, about }).toEqual({ citation, about: true });
      return `${citation.file} ${event.type}`;
    }
    expect(citation.line).toBeGreaterThan(1);
    const [id, , type] = (fileLines[citation.line - 1] ?? '').split(',');
    expect({ citation, id }).toEqual({ citation, id: paymentId });
    return `${citation.file} ${type}`;
  }

  async function refundsByPayment(): Promise<Map<string, string>> {
    const refunds = new Map<string, string>();
    const lines = (await fs.readFile(path.join(dir, REFUNDS), 'utf8')).split('\n').filter((line) => line !== '');
    expect(lines.length).toBeLessThan(ITEMS_MAX);
    for (const line of lines) {
      const event = JSON.parse(line) as JournalEvent;
      if (event.type === 'refund.created') refunds.set(event.ref, String((event.data as Record<string, unknown>)['payment_intent']));
    }
    return refunds;
  }

  const captured = `${PAYMENTS} payment_intent.captured`;
  const refunded = [`${REFUNDS} refund.created`, `${REFUNDS} refund.succeeded`];
  const dayRow = (type = 'capture'): string => `${statementOf(DAY)} ${type}`;
  const EXPECTED: Record<string, Expected> = {
    late: { status: 'missing_at_bank', cause: 'bank_file_late', cites: [captured, `${statementOf(NEXT)} capture`], says: [/statement of 2026-02-10 has it \(line 2\), the same USD 12\.34: the bank booked it a day late/, /2 min before the day ended/] },
    missing: { status: 'missing_at_bank', cause: 'bank_row_missing', cites: [captured], says: [/Neither the bank's statement of 2026-02-09 \(22 rows\) nor that of 2026-02-10 \(3 rows\) has a row for it/] },
    invalid: { status: 'missing_at_bank', cause: 'bank_row_invalid', cites: [captured, dayRow()], says: [/line 3: net 1 is not gross 1500 minus fee/] },
    feeOnce: {
      status: 'fee_mismatch',
      cause: 'fee_changed',
      cites: [captured, dayRow()],
      says: [/USD 1\.76 \(line 4\), the ledger expects USD 1\.75 .*: \+USD 0\.01/, /3 of providerA's 3 fee mismatches on 2026-02-09 are off the same way \(they fit 290 bp \+ 31\), but \d+ of its captures between and after them are still at PROCESSOR_PRICING's price: not a pricing change/],
      does: /^Ask providerA to correct the fee on line 4 \(\+USD 0\.01\)/,
    },
    feeAgain0: { status: 'fee_mismatch', cause: 'fee_changed', cites: [captured, dayRow()], says: [/not a pricing change/] },
    feeAgain1: { status: 'fee_mismatch', cause: 'fee_changed', cites: [captured, dayRow()], says: [/not a pricing change/] },
    pricing0: { status: 'fee_mismatch', cause: 'fee_changed', cites: [captured, dayRow()], says: [/4 of the 4 fee mismatches of providerB on 2026-02-09 fit 300 bp \+ 25 exactly, and so do 4 of its 4 captures in the statement from the first of them on: it looks like a pricing change/], does: /^Confirm providerB's new price \(300 bp \+ 25\), update PROCESSOR_PRICING/ },
    pricing1: { status: 'fee_mismatch', cause: 'fee_changed', cites: [captured, dayRow()], says: [/pricing change/] },
    pricing2: { status: 'fee_mismatch', cause: 'fee_changed', cites: [captured, dayRow()], says: [/pricing change/] },
    pricing3: { status: 'fee_mismatch', cause: 'fee_changed', cites: [captured, dayRow()], says: [/USD 2\.65 .* the ledger expects USD 2\.25 .*250 bp \+ 25/] },
    partial: { status: 'amount_mismatch', cause: 'partial_capture', cites: [`${PAYMENTS} payment_intent.authorized`, captured, `${PAYMENTS} payment_intent.created`, dayRow()], says: [/captured USD 40\.00 of the USD 50\.00 authorized/, /settled the full USD 50\.00 authorized/] },
    refundAfterCutoff: { status: 'amount_mismatch', cause: 'refund_after_cutoff', cites: [captured, `${REFUNDS} refund.created`, `${REFUNDS} refund.succeeded`, dayRow('refund')], says: [/succeeded at 2026-02-10T00:00:05\.000Z .*after 2026-02-09 ended/] },
    refundBookedLate: { status: 'amount_mismatch', cause: 'refund_after_cutoff', cites: [captured, `${REFUNDS} refund.created`, `${REFUNDS} refund.succeeded`, dayRow(), `${statementOf(NEXT)} refund`], says: [/its statement of 2026-02-10 has it \(line 3\): the bank booked it a day late/] },
    duplicate: { status: 'amount_mismatch', cause: 'duplicate_bank_row', cites: [captured, dayRow(), dayRow()], says: [/2 capture rows for it \(lines 13, 15/, /USD 10\.99 too much/] },
    currency: { status: 'currency_mismatch', cause: 'currency_mismatch', cites: [captured, dayRow()], says: [/same 4000 minor units in EUR/] },
    unknown: { status: 'unexpected_at_bank', cause: 'unknown_payment', cites: [dayRow()], says: [/no payment_intent\.created for pi_01kh00000000000000000000zz/] },
    capturedYesterday: { status: 'unexpected_at_bank', cause: 'bank_file_late', cites: [captured, dayRow()], says: [/on 2026-02-08.*booked it late\. Its statement of 2026-02-08 has no row for it/] },
    offByOne: { status: 'amount_mismatch', cause: 'amount_off_by_one', cites: [captured, dayRow()], says: [/says USD 30\.01 \(line 18\), \+USD 0\.01/] },
    uncaptured: {
      status: 'unexpected_at_bank',
      cause: 'capture_not_in_ledger',
      cites: [`${PAYMENTS} payment_intent.authorized`, `${PAYMENTS} payment_intent.capture_requested`, `${PAYMENTS} payment_intent.created`, dayRow()],
      says: [/capture requested at 2026-02-09T15:00:00\.000Z \(seq \d+\) with no result/],
    },
    refundOffByOne: { status: 'amount_mismatch', cause: 'amount_off_by_one', cites: [...refunded, dayRow('refund')], says: [/refunded USD 4\.00 .*the bank's refund row says USD -3\.99 \(line 21\), \+USD 0\.01/] },
    refundMissing: { status: 'missing_at_bank', cause: 'bank_row_missing', cites: refunded, says: [/The ledger refunded USD 2\.00 .*Neither the bank's statement/] },
    chargebackAfterCutoff: { status: 'unexpected_at_bank', cause: 'chargeback_after_cutoff', cites: [`${PAYMENTS} payment_intent.chargeback`, dayRow('chargeback')], says: [/recorded it at 2026-02-10T00:00:10\.000Z .*on 2026-02-10/] },
  };

  async function expectExplained(result: MismatchExplanations, expected: Record<string, Expected>): Promise<void> {
    const refundsOf = await refundsByPayment();
    const keyOf = new Map(Object.entries(ids).map(([key, id]) => [id, key]));
    expect(result.items.length).toBe(Object.keys(expected).length);
    expect(result.items.length).toBeLessThan(ITEMS_MAX);
    for (const item of result.items) {
      const key = keyOf.get(item.payment_id) ?? item.payment_id;
      const want = expected[key];
      const cites: string[] = [];
      for (const citation of item.evidence) cites.push(await checkCitation(citation, item.payment_id, refundsOf));
      expect({ key, status: item.status, cause: item.cause, cites: cites.sort() }).toEqual({ key, status: want?.status, cause: want?.cause, cites: [...(want?.cites ?? [])].sort() });
      for (const pattern of want?.says ?? []) expect({ key, explanation: item.explanation }).toEqual({ key, explanation: expect.stringMatching(pattern) });
      expect({ key, action: item.action }).toEqual({ key, action: want?.does === undefined ? expect.any(String) : expect.stringMatching(want.does) });
      expect(item.action).not.toBe('');
    }
  }

  it('names the cause of each injected defect and cites the journal lines and statement rows it stands on', async () => {
    const report = await reconcileDay({ dataDir: dir, date: DAY, timezone: 'UTC' });
    expect(report.summary.matched.count).toBe(1);
    const result = await explainMismatches({ dataDir: dir, date: DAY });
    expect(result).toMatchObject({ object: 'reconciliation_explanations', date: DAY, timezone: 'UTC', report: `reports/reconciliation_report_${DAY}.json`, status: 'unbalanced', notes: [] });
    await expectExplained(result, EXPECTED);
    expect(result.explained).toBe(report.items.length);
    expect(result.by_cause).toMatchObject({ bank_file_late: 2, bank_row_missing: 2, bank_row_invalid: 1, fee_changed: 7, partial_capture: 1, refund_after_cutoff: 2, duplicate_bank_row: 1, currency_mismatch: 1, unknown_payment: 1, amount_off_by_one: 2, capture_not_in_ledger: 1, chargeback_after_cutoff: 1, report_outdated: 0, unexplained: 0 });
    expect(result.items.map((item) => item.payment_id)).toEqual(report.items.map((item) => item.payment_id));
    // The same files give the same explanations.
    expect(await explainMismatches({ dataDir: dir, date: DAY })).toEqual(result);
  });

  it('renders a table with the count per cause and, per item, what happened, what to do and where to look', async () => {
    await reconcileDay({ dataDir: dir, date: DAY, timezone: 'UTC', dryRun: true });
    const result = await explainMismatches({ dataDir: dir, date: DAY });
    const table = explanationsTable(result);
    const lines = table.split('\n');
    expect(lines[0]).toBe(`explanations ${DAY} (UTC): unbalanced, 22 items, 22 explained`);
    expect(lines).toContainEqual(expect.stringMatching(/^fee_changed +7$/));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${ids['duplicate']} +amount_mismatch +duplicate_bank_row +The bank's statement`)));
    expect(lines).toContainEqual(expect.stringMatching(/^ +do: Ask providerA to reverse the extra row/));
    expect(lines).toContainEqual(expect.stringMatching(/^ +see: ledger\/payments\.jsonl seq \d+, settlement\/settlement_2026-02-09\.csv line 13, settlement\/settlement_2026-02-09\.csv line 15$/));
    expect(lines[lines.length - 1]).toBe(`report: reports/reconciliation_report_${DAY}.json`);
  });

  it('says the report is outdated when the statement changed after it was written', async () => {
    await reconcileDay({ dataDir: dir, date: DAY, timezone: 'UTC', dryRun: true });
    const file = path.join(dir, statementOf(DAY));
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    expect(lines[17]).toContain(',3001,');
    lines[17] = (lines[17] ?? '').replace(',3001,', ',3000,').replace(/,(\d+),USD,/, (_, net: string) => `,${Number(net) - 1},USD,`);
    await fs.writeFile(file, lines.join('\n'));
    const result = await explainMismatches({ dataDir: dir, date: DAY });
    const offByOne = result.items.find((item) => item.payment_id === ids['offByOne']);
    expect(offByOne).toMatchObject({ cause: 'report_outdated', explanation: expect.stringContaining('the statement changed after the report was written'), action: expect.stringContaining(`npx payrail reconcile --date ${DAY} --force`) });
    expect(offByOne?.evidence).toEqual([{ file: statementOf(DAY), line: 18 }]);
  });

  it('explains a day without a bank statement as the bank file being late, and says when it has come', async () => {
    const file = path.join(dir, statementOf(DAY));
    const statement = await fs.readFile(file);
    await fs.rm(file);
    expect((await reconcileDay({ dataDir: dir, date: DAY, timezone: 'UTC', dryRun: true })).status).toBe('awaiting_bank_file');
    const waiting = await explainMismatches({ dataDir: dir, date: DAY });
    expect(waiting).toMatchObject({ status: 'awaiting_bank_file', explained: 0, items: [], notes: [expect.stringMatching(/^bank_file_late: the bank's statement settlement\/settlement_2026-02-09\.csv was not there .* It is still not there/)] });
    expect(explanationsTable(waiting)).toContain('note: bank_file_late:');
    await fs.writeFile(file, statement);
    expect((await explainMismatches({ dataDir: dir, date: DAY })).notes).toEqual([expect.stringContaining(`It is there now: reconcile ${DAY} again`)]);
  });

  it('refuses a day that has no report yet, saying how to make one', async () => {
    await expect(explainMismatches({ dataDir: dir, date: DAY })).rejects.toThrow(`reports/reconciliation_report_${DAY}.json does not exist: run \`npx payrail reconcile --date ${DAY}\` first`);
    await expect(explainMismatches({ dataDir: dir, date: '2026-02-30' })).rejects.toMatchObject({ code: 'parameter_invalid' });
  });
});
