import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { emptySummary } from '@payrail/settlement';
import { makeTempDataDir } from '@payrail/testing';
import { dayCounts, deadlineOf, reconciliationDays } from './reconciliationDays';

const SLI = { deadline: '06:00', timezone: 'Europe/Paris' };
const DAY_MS = 86_400_000;

describe('the reconciliation SLO: days reconciled by 06:00 with no mismatch', () => {
  let dir: string;
  let cleanup: () => void;
  const report = (date: string, status: string, generated_at: string, mismatches = 0): void => {
    const summary = emptySummary();
    summary.amount_mismatch.count = mismatches;
    writeFileSync(path.join(dir, 'reports', `reconciliation_report_${date}.json`), JSON.stringify({ object: 'reconciliation_report', date, status, generated_at, summary }));
  };
  beforeAll(() => {
    ({ dir, cleanup } = makeTempDataDir('recon-slo'));
    mkdirSync(path.join(dir, 'reports'), { recursive: true });
    mkdirSync(path.join(dir, 'settlement'), { recursive: true });
    report('2026-12-01', 'balanced', '2026-12-02T03:10:00Z'); // 04:10 in Paris: on time
    report('2026-12-02', 'unbalanced', '2026-12-03T02:00:00Z', 3);
    report('2026-12-03', 'balanced', '2026-12-04T05:30:00Z'); // 06:30 in Paris: late
    report('2026-12-04', 'awaiting_bank_file', '2026-12-05T02:00:00Z');
    writeFileSync(path.join(dir, 'settlement', 'payouts_2026-12-05.csv'), 'payment_id\n'); // settled, never reconciled
    writeFileSync(path.join(dir, 'settlement', 'payouts_2026-12-07.csv'), 'payment_id\n'); // not due yet
    report('2026-11-01', 'balanced', '2026-11-02T01:00:00Z'); // outside a 30-day period
  });
  afterAll(() => cleanup());

  it('says of each due day whether it was good, and why, in the time zone of the SLO', async () => {
    expect(new Date(deadlineOf('2026-12-01', '06:00', 'Europe/Paris')).toISOString()).toBe('2026-12-02T05:00:00.000Z');
    const now = Date.parse('2026-12-07T12:00:00Z');
    const days = await reconciliationDays(dir, SLI, now, 30 * DAY_MS);
    expect(days.map((day) => [day.date, day.good, day.reason])).toEqual([
      ['2026-12-01', true, 'balanced at 2026-12-02T03:10:00Z'],
      ['2026-12-02', false, '3 of 3 mismatches with the bank unexplained (not explained yet)'],
      ['2026-12-03', false, 'balanced, but written at 2026-12-04T05:30:00Z, after the deadline'],
      ['2026-12-04', false, "the bank's statement had not arrived"],
      ['2026-12-05', false, 'no reconciliation report'],
    ]);
    expect(dayCounts(days)).toEqual({ good: 1, total: 5 });
    expect(days[0]?.report).toBe('reports/reconciliation_report_2026-12-01.json');
  });
});
