import { RECONCILIATION_STATUSES, textTable, type ReconciliationSummary } from '@payrail/settlement';
import { cliCommand, type OptionValues } from './commandLine';
import { DAY_JOB_OPTIONS, dayJobCommand, money } from './dayJob';

const amounts = (gross: Record<string, number>): string =>
  Object.entries(gross)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, amount]) => `${currency} ${money(amount, currency)}`)
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

const { date, data, timezone, force, json } = DAY_JOB_OPTIONS;
const RECONCILE_OPTIONS = { date, data, timezone, force, 'dry-run': { type: 'boolean', help: 'write the report and record nothing in the ledger' }, json } as const;

/**
 * `payrail reconcile --date D`: compares the day's ledger with the bank's statement, writes the
 * report and records each payment's outcome once; a progress bar on a terminal and a summary table
 * at the end (`--json`: one JSON object on stdout). `--dry-run` writes the report and records nothing.
 */
export function reconcileCommand(values: OptionValues<typeof RECONCILE_OPTIONS>, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  return dayJobCommand({
    name: 'reconcile', done: 'reconciled', values, out, table: reconciliationTable,
    run: (jobs, date, options) => jobs.reconcile(date, options),
  });
}

export const RECONCILE_COMMAND = cliCommand({
  name: 'reconcile',
  synopsis: 'reconcile --date YYYY-MM-DD [--data DIR] [--timezone TZ] [--force] [--dry-run] [--json]',
  summary: "compare the day's ledger with the bank's settlement file; report and flag mismatches",
  options: RECONCILE_OPTIONS,
  run: (values) => reconcileCommand(values),
});
