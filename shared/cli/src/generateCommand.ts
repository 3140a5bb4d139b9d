import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDotEnv } from '@payrail/service-kit';
import {
  INJECTED_MISMATCHES,
  ProgressBar,
  TrafficPlan,
  driveApiTraffic,
  runStats,
  textTable,
  trafficOptions,
  writeDirectLedger,
  type PlannedOutcome,
  type TrafficOptions,
} from '@payrail/settlement';

/** Share of each day's payments the synthetic bank gets wrong, by default (--mismatch-percent). */
const MISMATCH_PERCENT_DEFAULT = 1;
const CONCURRENCY_DEFAULT = 8;
const REQUEST_TIMEOUT_MS = 30_000;

function numberOption(name: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isSafeInteger(value))) throw new Error(`--${name} must be ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(text)}`);
  return value;
}

/** `--mix succeeds=90,insufficient_funds=5,disputed=5` → weights. */
function parseMix(text: string): Partial<Record<PlannedOutcome, number>> {
  const mix: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [outcome = '', weight] = part.split('=');
    const value = numberOption(`mix ${outcome}`, weight, false);
    if (value === undefined) throw new Error(`--mix takes outcome=weight pairs separated by commas, got ${JSON.stringify(part)}`);
    mix[outcome.trim()] = value;
  }
  return mix as Partial<Record<PlannedOutcome, number>>;
}

const yesterdayUtc = (): string => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/**
 * `payrail generate`: deterministic synthetic traffic from `--seed`. `--direct --data DIR` writes the
 * ledger straight through the journal and the bank's statements (byte-identical for one seed and
 * start date); `--via-api URL` drives the running gateway and vault instead.
 */
export async function generateCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      seed: { type: 'string', default: '1' },
      start: { type: 'string' },
      days: { type: 'string' },
      payments: { type: 'string' },
      merchants: { type: 'string' },
      timezone: { type: 'string', default: process.env['SETTLEMENT_TIMEZONE'] ?? 'UTC' },
      mix: { type: 'string' },
      'refund-percent': { type: 'string' },
      'manual-capture-percent': { type: 'string' },
      'dispute-lost-percent': { type: 'string' },
      'mismatch-percent': { type: 'string' },
      direct: { type: 'boolean', default: false },
      data: { type: 'string', default: process.env['DATA_DIR'] ?? './data' },
      'via-api': { type: 'string' },
      vault: { type: 'string' },
      key: { type: 'string' },
      concurrency: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const viaApi = values['via-api'];
  if (values.direct === (viaApi !== undefined)) throw new Error('generate needs exactly one of --direct (with --data DIR) or --via-api URL');
  const given: Partial<TrafficOptions> = {};
  const set = <K extends keyof TrafficOptions>(key: K, value: TrafficOptions[K] | undefined): void => {
    if (value !== undefined) given[key] = value;
  };
  set('days', numberOption('days', values.days, true));
  set('payments', numberOption('payments', values.payments, true));
  set('merchants', numberOption('merchants', values.merchants, true));
  set('refund_percent', numberOption('refund-percent', values['refund-percent'], false));
  set('manual_capture_percent', numberOption('manual-capture-percent', values['manual-capture-percent'], false));
  set('dispute_lost_percent', numberOption('dispute-lost-percent', values['dispute-lost-percent'], false));
  if (values.mix !== undefined) given.outcome_mix = parseMix(values.mix);
  const options = trafficOptions({ ...given, seed: numberOption('seed', values.seed, true) ?? 1, start: values.start ?? yesterdayUtc(), timezone: values.timezone });
  const plan = new TrafficPlan(options);
  const started = performance.now();
  const bar = new ProgressBar();

  if (viaApi !== undefined) {
    const env = loadDotEnv(path.resolve('.env'));
    const apiKey = values.key ?? env['DEMO_MERCHANT_API_KEY'];
    const internalToken = env['INTERNAL_TOKEN'];
    if (apiKey === undefined || internalToken === undefined) throw new Error('--via-api needs the merchant key (--key or DEMO_MERCHANT_API_KEY) and INTERNAL_TOKEN, from .env or the environment');
    const vaultUrl = values.vault ?? (env['VAULT_URL'] || `http://127.0.0.1:${env['VAULT_PORT'] ?? '8083'}`);
    const summary = await driveApiTraffic({
      plan,
      gatewayUrl: viaApi,
      vaultUrl,
      apiKey,
      internalToken,
      concurrency: numberOption('concurrency', values.concurrency, true) ?? CONCURRENCY_DEFAULT,
      request_timeout_ms: REQUEST_TIMEOUT_MS,
      onProgress: bar.listener,
    }).finally(() => bar.finish());
    const result = { object: 'synthetic_traffic', mode: 'via_api', gateway: viaApi, vault: vaultUrl, options, ...summary, stats: runStats(started, {}) };
    if (values.json) {
      out.write(`${JSON.stringify(result)}\n`);
    } else {
      out.write(`${summary.payments} payments through ${viaApi} (seed ${options.seed}), ${summary.refunds} refunds\n`);
      out.write(`${textTable(['final status', 'payments'], Object.entries(summary.statuses).sort())}\n`);
      if (Object.keys(summary.errors).length > 0) out.write(`${textTable(['failed call', 'count'], Object.entries(summary.errors).sort())}\n`);
      out.write(`${(result.stats.duration_ms / 1000).toFixed(1)} s\n`);
    }
    return summary.statuses['failed'] === undefined ? 0 : 1;
  }

  const dataDir = values.data;
  const mismatchPercent = numberOption('mismatch-percent', values['mismatch-percent'], false) ?? MISMATCH_PERCENT_DEFAULT;
  if (mismatchPercent < 0 || mismatchPercent > 100) throw new Error(`--mismatch-percent must be from 0 to 100, got ${mismatchPercent}`);
  const summary = await writeDirectLedger({ dataDir, plan, mismatchPercent, onProgress: bar.listener }).finally(() => bar.finish());
  const result = { object: 'synthetic_data', mode: 'direct', data: path.resolve(dataDir), options, mismatch_percent: mismatchPercent, ...summary, stats: runStats(started, {}) };
  if (values.json) {
    out.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const kinds = (mismatches: ReadonlyArray<{ kind: string }>): string =>
    INJECTED_MISMATCHES.map((kind) => [kind, mismatches.filter((m) => m.kind === kind).length] as const)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ') || 'none';
  out.write(`synthetic data, seed ${options.seed}, from ${options.start} (${options.timezone}) into ${path.resolve(dataDir)}\n`);
  out.write(
    `${textTable(
      ['day', 'payments', 'captures', 'refunds', 'chargebacks', 'bank rows', 'bank file', 'injected mismatches'],
      summary.days.map((day) => [day.date, day.payments_started, day.captures, day.refunds, day.chargebacks, day.rows, day.file, kinds(day.mismatches)]),
    )}\n`,
  );
  out.write(`ledger events: ${Object.entries(summary.events).map(([stream, count]) => `${stream} ${count}`).join(', ')}\n`);
  out.write(`${(result.stats.duration_ms / 1000).toFixed(1)} s, peak RSS ${result.stats.peak_rss_mb} MB\n`);
  return 0;
}
