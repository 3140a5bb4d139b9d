import { parseArgs } from 'node:util';
import { formatMinor, isSupportedCurrency } from '@payrail/core';
import { DailyJobs, ProgressBar, RECONCILIATION_STATUSES, textTable, type ReconciliationSummary } from '@payrail/settlement';

const amounts = (gross: Record<string, number>): string =>
  Object.entries(gross)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, amount]) => `${currency} ${isSupportedCurrency(currency) ? formatMinor(amount, currency) : amount}`)
    .join(', ');

/** The summary a person reads at the end of a reconciliation. */
export function reconciliationTable(summary: ReconciliationSummary): string {
  const lines = [`reconciliation ${summary.date} (${summary.timezone}): ${summary.status}`];
  if (summary.status === 'awaiting_bank_file') {
    lines.push(`no bank statement ${summary.files.bank} yet; ${summary.ledger.payments.toLocaleString('en-US')} payments wait for it`);
  } else {
    const rows = RECONCILIATION_STATUSES.map((status) => [status, summary.summary[status].count, amounts(summary.summary[status].gross)]);
    lines.push(textTable(['status', 'payments', 'gross'], rows));
    lines.push(`ledger: ${summary.ledger.payments.toLocaleString('en-US')} payments (${summary.ledger.events.toLocaleString('en-US')} events read); bank: ${summary.bank.rows.toLocaleString('en-US')} rows for ${summary.bank.payments.toLocaleString('en-US')} payments, ${summary.bank.invalid_rows} invalid`);
    lines.push(summary.events === null ? 'events: none recorded (dry run)' : `events: ${summary.events.settled} settled, ${summary.events.flagged} flagged, ${summary.events.unchanged} already recorded`);
  }
  lines.push(`report: ${summary.files.report} (${summary.items} items)`);
  lines.push(`${(summary.stats.duration_ms / 1000).toFixed(1)} s, peak RSS ${summary.stats.peak_rss_mb} MB`);
  return lines.join('\n');
}

/**
 * `payrail reconcile --date D`: compares the day's ledger with the bank's statement, writes the
 * report and records each payment's outcome once; a progress bar on a terminal and a summary table
 * at the end (`--json`: one JSON object on stdout). `--dry-run` writes the report and records nothing.
 */
export async function reconcileCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      date: { type: 'string' },
      data: { type: 'string', default: process.env['DATA_DIR'] ?? './data' },
      timezone: { type: 'string', default: process.env['SETTLEMENT_TIMEZONE'] ?? 'UTC' },
      force: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (values.date === undefined) throw new Error('reconcile needs --date YYYY-MM-DD');
  const jobs = new DailyJobs({ dataDir: values.data, timezone: values.timezone });
  const bar = new ProgressBar();
  const result = await jobs.reconcile(values.date, { force: values.force, dryRun: values['dry-run'], onProgress: bar.listener }).finally(() => bar.finish());
  const summary = result.ran ? result.summary : result.marker.summary;
  if (values.json) {
    out.write(`${JSON.stringify({ ran: result.ran, ...summary })}\n`);
    return 0;
  }
  if (!result.ran) out.write(`already reconciled at ${result.marker.finished_at}; --force reconciles it again. Last run:\n`);
  out.write(`${reconciliationTable(summary)}\n`);
  return 0;
}
