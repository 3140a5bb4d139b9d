import { formatMinor, isSupportedCurrency } from '@payrail/core';
import { DailyJobs, ProgressBar } from '@payrail/settlement';
import { DATA_OPTION, JSON_OPTION, UsageError, type OptionValues } from './commandLine';

/** An amount in minor units as a person reads it (raw when the currency is unknown). */
export const money = (amount: number, currency: string): string => (isSupportedCurrency(currency) ? formatMinor(amount, currency) : String(amount));

/** What a day job answers: it ran now, or it had run before (its marker holds the last summary). */
type DayJobResult<S> = { ran: true; summary: S } | { ran: false; marker: { finished_at: string; summary: S } };

/** The options of `payrail settle` and `payrail reconcile` (reconcile adds `--dry-run`). */
export const DAY_JOB_OPTIONS = {
  date: { type: 'string', value: 'YYYY-MM-DD', help: 'the business day (required)' },
  data: DATA_OPTION,
  timezone: { type: 'string', value: 'TZ', default: 'UTC', env: 'SETTLEMENT_TIMEZONE', help: 'the IANA time zone the day is read in' },
  force: { type: 'boolean', help: 'run the day again even when it is done' },
  json: JSON_OPTION,
} as const;

/**
 * The shared shape of `payrail settle` and `payrail reconcile`: `--date D [--data DIR] [--timezone Z]
 * [--force] [--json]` (plus `--dry-run` where the job has one), a progress bar on a terminal while it
 * runs, then a summary table, or one JSON object on stdout with `--json`.
 */
export async function dayJobCommand<S extends object>(spec: {
  name: 'settle' | 'reconcile';
  /** Past tense for the "already done" line: "settled", "reconciled". */
  done: string;
  values: OptionValues<typeof DAY_JOB_OPTIONS> & { 'dry-run'?: boolean };
  out: NodeJS.WritableStream;
  run(jobs: DailyJobs, date: string, options: { force: boolean; dryRun: boolean; onProgress: ProgressBar['listener'] }): Promise<DayJobResult<S>>;
  table(summary: S): string;
}): Promise<number> {
  const { values } = spec;
  if (values.date === undefined) throw new UsageError(`${spec.name} needs --date YYYY-MM-DD`, spec.name);
  const jobs = new DailyJobs({ dataDir: values.data, timezone: values.timezone });
  const bar = new ProgressBar();
  const dryRun = values['dry-run'] === true;
  const result = await spec.run(jobs, values.date, { force: values.force, dryRun, onProgress: bar.listener }).finally(() => bar.finish());
  const summary = result.ran ? result.summary : result.marker.summary;
  if (values.json) {
    spec.out.write(`${JSON.stringify({ ran: result.ran, ...summary })}\n`);
    return 0;
  }
  if (!result.ran) spec.out.write(`already ${spec.done} at ${result.marker.finished_at}; --force runs it again. Last run:\n`);
  spec.out.write(`${spec.table(summary)}\n`);
  return 0;
}
