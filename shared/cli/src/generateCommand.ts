import * as path from 'node:path';
import { loadDotEnv } from '@payrail/service-kit';
import {
  INJECTED_MISMATCHES,
  TRAFFIC_DEFAULTS,
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
import { DATA_OPTION, JSON_OPTION, UsageError, cliCommand, type OptionValues } from './commandLine';

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

const mixText = (mix: Readonly<Partial<Record<PlannedOutcome, number>>>): string =>
  Object.entries(mix)
    .filter(([, weight]) => (weight ?? 0) > 0)
    .map(([outcome, weight]) => `${outcome}=${weight}`)
    .join(',');

const GENERATE_OPTIONS = {
  direct: { type: 'boolean', help: 'write the ledger and the bank statements straight into --data (reproducible)' },
  data: DATA_OPTION,
  'via-api': { type: 'string', value: 'URL', help: 'drive the running gateway at URL instead (and its vault)' },
  vault: { type: 'string', value: 'URL', default_text: '$VAULT_URL, else http://127.0.0.1:$VAULT_PORT', help: 'with --via-api: the vault that tokenizes the cards' },
  key: { type: 'string', value: 'KEY', default_text: '$DEMO_MERCHANT_API_KEY', help: "with --via-api: the merchant's API key" },
  concurrency: { type: 'string', value: 'N', default_text: String(CONCURRENCY_DEFAULT), help: 'with --via-api: requests in flight' },
  seed: { type: 'string', value: 'N', default: '1', help: 'the seed: one seed and start date, the same traffic' },
  start: { type: 'string', value: 'YYYY-MM-DD', default_text: 'yesterday, UTC', help: 'the first business day' },
  days: { type: 'string', value: 'N', default_text: String(TRAFFIC_DEFAULTS.days), help: 'business days' },
  timezone: { type: 'string', value: 'TZ', default: 'UTC', env: 'SETTLEMENT_TIMEZONE', help: 'where the days start (IANA)' },
  payments: { type: 'string', value: 'N', default_text: String(TRAFFIC_DEFAULTS.payments), help: 'payments over all days' },
  merchants: { type: 'string', value: 'N', default_text: String(TRAFFIC_DEFAULTS.merchants), help: 'm_demo and N - 1 more' },
  mix: { type: 'string', value: 'outcome=weight,...', default_text: mixText(TRAFFIC_DEFAULTS.outcome_mix), help: 'relative weights of the outcomes (replaces the whole mix)' },
  'refund-percent': { type: 'string', value: 'P', default_text: String(TRAFFIC_DEFAULTS.refund_percent), help: 'percent of captured payments refunded later' },
  'manual-capture-percent': { type: 'string', value: 'P', default_text: String(TRAFFIC_DEFAULTS.manual_capture_percent), help: 'percent of payments captured manually' },
  'dispute-lost-percent': { type: 'string', value: 'P', default_text: String(TRAFFIC_DEFAULTS.dispute_lost_percent), help: 'percent of disputes the merchant loses' },
  'mismatch-percent': { type: 'string', value: 'P', default_text: String(MISMATCH_PERCENT_DEFAULT), help: "with --direct: percent of each day's bank rows made wrong" },
  shards: { type: 'string', value: 'N', env: 'LEDGER_SHARDS', default_text: "$LEDGER_SHARDS, else the data folder's (1 for a new one)", help: 'with --direct: the ledger\'s shards, each merchant\'s events in its own (written to ledger/shards.json)' },
  json: JSON_OPTION,
} as const;

/**
 * `payrail generate`: deterministic synthetic traffic from `--seed`. `--direct --data DIR` writes the
 * ledger straight through the journal and the bank's statements (byte-identical for one seed and
 * start date); `--via-api URL` drives the running gateway and vault instead.
 */
export async function generateCommand(values: OptionValues<typeof GENERATE_OPTIONS>, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const viaApi = values['via-api'];
  if (values.direct === (viaApi !== undefined)) throw new UsageError('generate needs exactly one of --direct (with --data DIR) or --via-api URL', 'generate');
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
  const shards = numberOption('shards', values.shards, true);
  const summary = await writeDirectLedger({ dataDir, plan, mismatchPercent, ...(shards === undefined ? {} : { shards }), onProgress: bar.listener }).finally(() => bar.finish());
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

export const GENERATE_COMMAND = cliCommand({
  name: 'generate',
  synopsis: 'generate (--direct [--data DIR] | --via-api URL) [options]',
  summary: 'deterministic synthetic traffic: straight into the ledger, or through the API',
  options: GENERATE_OPTIONS,
  run: (values) => generateCommand(values),
});
