import { parseArgs } from 'node:util';
import { formatMinor, isSupportedCurrency } from '@payrail/core';
import { DailyJobs, ProgressBar, textTable, type SettlementSummary } from '@payrail/settlement';

const money = (amount: number, currency: string): string => (isSupportedCurrency(currency) ? formatMinor(amount, currency) : String(amount));

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
export async function settleCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      date: { type: 'string' },
      data: { type: 'string', default: process.env['DATA_DIR'] ?? './data' },
      timezone: { type: 'string', default: process.env['SETTLEMENT_TIMEZONE'] ?? 'UTC' },
      force: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (values.date === undefined) throw new Error('settle needs --date YYYY-MM-DD');
  const jobs = new DailyJobs({ dataDir: values.data, timezone: values.timezone });
  const bar = new ProgressBar();
  const result = await jobs.settle(values.date, { force: values.force, onProgress: bar.listener }).finally(() => bar.finish());
  const summary = result.ran ? result.summary : result.marker.summary;
  if (values.json) {
    out.write(`${JSON.stringify({ ran: result.ran, ...summary })}\n`);
    return 0;
  }
  if (!result.ran) out.write(`already settled at ${result.marker.finished_at}; --force settles it again. Last run:\n`);
  out.write(`${settlementTable(summary)}\n`);
  return 0;
}
