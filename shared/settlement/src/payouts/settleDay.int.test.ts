import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir } from '@payrail/testing';
import { parse } from 'csv-parse/sync';
import { LedgerFixture, type CapturedPayment } from '../testing/ledgerFixture';
import { PAYOUT_COLUMNS, settleDay } from './settleDay';

const DAY = '2026-02-09';

describe('settleDay', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDataDir('settle')));
  afterEach(() => cleanup());

  it('writes one payouts row per payment of the day, net of that day\'s refunds and chargebacks, grouped by merchant and currency', async () => {
    const ledger = await LedgerFixture.open(dir);
    const late = await ledger.capture({ at: `${DAY}T18:00:00.000Z`, amount: 2500, merchant: 'm_demo' });
    const early = await ledger.capture({ at: `${DAY}T08:00:00.000Z`, amount: 1000, merchant: 'm_demo' });
    const euro = await ledger.capture({ at: `${DAY}T09:00:00.000Z`, amount: 4000, currency: 'EUR', processor: 'providerB', merchant: 'm_demo' });
    const other = await ledger.capture({ at: `${DAY}T10:00:00.000Z`, amount: 600, merchant: 'm_acme' });
    const yesterday = await ledger.capture({ at: '2026-02-08T23:00:00.000Z', amount: 900, merchant: 'm_demo' });
    const disputed = await ledger.capture({ at: '2026-02-07T12:00:00.000Z', amount: 300, currency: 'JPY', merchant: 'm_acme' });
    await ledger.capture({ at: '2026-02-10T00:00:00.000Z', amount: 5, merchant: 'm_demo' });
    await ledger.refund(early, { at: `${DAY}T12:00:00.000Z`, amount: 250 });
    await ledger.refund(yesterday, { at: `${DAY}T01:00:00.000Z`, amount: 900 });
    await ledger.refund(yesterday, { at: '2026-02-10T01:00:00.000Z', amount: 1 });
    await ledger.chargeback(disputed, { opened: '2026-02-08T00:00:00.000Z', at: `${DAY}T13:00:00.000Z` });
    await ledger.close();

    const summary = await settleDay({ dataDir: dir, date: DAY, timezone: 'UTC' });
    const text = await fs.readFile(path.join(dir, 'settlement', `payouts_${DAY}.csv`), 'utf8');
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(text.split('\n')[0]).toBe(PAYOUT_COLUMNS.join(','));
    const row = (payment: CapturedPayment, gross: number, fee: number, captured_at: string) => ({
      payment_id: payment.id, merchant: payment.merchant, gross: String(gross), fee: String(fee), net: String(gross - fee), currency: payment.currency, captured_at, held: '0', payee: '', payee_role: '',
    });
    expect(rows).toEqual([
      row(disputed, -300, 0, '2026-02-07T12:00:00.000Z'),
      row(other, 600, other.fee, `${DAY}T10:00:00.000Z`),
      row(euro, 4000, euro.fee, `${DAY}T09:00:00.000Z`),
      row(yesterday, -900, 0, '2026-02-08T23:00:00.000Z'),
      row(early, 750, early.fee, `${DAY}T08:00:00.000Z`),
      row(late, 2500, late.fee, `${DAY}T18:00:00.000Z`),
    ]);
    expect(summary).toMatchObject({ date: DAY, file: `settlement/payouts_${DAY}.csv`, payments: 6 });
    expect(summary.payouts).toEqual([
      { merchant: 'm_acme', currency: 'JPY', payments: 1, gross: -300, fee: 0, held: 0, net: -300 },
      { merchant: 'm_acme', currency: 'USD', payments: 1, gross: 600, fee: other.fee, held: 0, net: 600 - other.fee },
      { merchant: 'm_demo', currency: 'EUR', payments: 1, gross: 4000, fee: euro.fee, held: 0, net: 4000 - euro.fee },
      { merchant: 'm_demo', currency: 'USD', payments: 3, gross: 2350, fee: early.fee + late.fee, held: 0, net: 2350 - early.fee - late.fee },
    ]);

    // Settling the day again writes the same bytes.
    await settleDay({ dataDir: dir, date: DAY, timezone: 'UTC' });
    expect(await fs.readFile(path.join(dir, 'settlement', `payouts_${DAY}.csv`), 'utf8')).toBe(text);
  });

  it('writes a file with only its header for a day without payments', async () => {
    const summary = await settleDay({ dataDir: dir, date: DAY, timezone: 'UTC' });
    expect(summary.payments).toBe(0);
    expect(await fs.readFile(path.join(dir, summary.file), 'utf8')).toBe(`${PAYOUT_COLUMNS.join(',')}\n`);
    expect((await fs.readdir(path.join(dir, 'settlement'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
