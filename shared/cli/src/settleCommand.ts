import { textTable, type SettlementSummary } from '@payrail/settlement';
import { cliCommand, type OptionValues } from './commandLine';
import { DAY_JOB_OPTIONS, dayJobCommand, money } from './dayJob';

/** The summary a person reads at the end of a settlement. */
export function settlementTable(summary: SettlementSummary): string {
  const rows = summary.payouts.map((payout) => [payout.merchant, payout.currency, payout.payments, money(payout.gross, payout.currency), money(payout.fee, payout.currency), money(payout.net, payout.currency)]);
  return [
    `settlement ${summary.date} (${summary.timezone}): ${summary.payments.toLocaleString('en-US')} payments -> ${summary.file}`,
    textTable(['merchant', 'currency', 'payments', 'gross', 'fee', 'net'], rows, [2, 3, 4, 5]),
    `${(summary.stats.duration_ms / 1000).toFixed(1)} s, peak RSS ${summary.stats.peak_rss_mb} MB`,
  ].join('\n');
}

/**
 * `payrail settle --date D`: the day's payouts file, with a progress bar on a terminal and a summary
 * table at the end (`--json`: one JSON object on stdout). A day already settled is not settled again
 * unless `--force` (which rewrites the same file).
 */
export function settleCommand(values: OptionValues<typeof DAY_JOB_OPTIONS>, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  return dayJobCommand({
    name: 'settle', done: 'settled', values, out, table: settlementTable,
    run: (jobs, date, options) => jobs.settle(date, { force: options.force, onProgress: options.onProgress }),
  });
}

export const SETTLE_COMMAND = cliCommand({
  name: 'settle',
  synopsis: 'settle --date YYYY-MM-DD [--data DIR] [--timezone TZ] [--force] [--json]',
  summary: "write settlement/payouts_DATE.csv (the day's payments per merchant and currency)",
  options: DAY_JOB_OPTIONS,
  run: (values) => settleCommand(values),
});
