/**
 * What every benchmark prints: each figure measured over several runs (BENCH_RUNS, default 5), its
 * baseline measured in the same runs, alternated, so that a noisy neighbour on a shared machine hits
 * both; min / median / max of each and the ratio of the medians.
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { REPO_ROOT, testEnv } from '@payrail/testing';

export const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0] ?? 0, median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

/**
 * Runs each measurement once per run, in the order given, RUNS times; answers every value by name.
 * `between` runs after each run (to check data, or print progress).
 */
export async function alternate<K extends string>(measures: Record<K, () => Promise<number>>, between?: (run: number) => Promise<void>): Promise<Record<K, number[]>> {
  const names = Object.keys(measures) as K[];
  const values = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let run = 0; run < RUNS; run++) {
    for (const name of names) values[name].push(await measures[name]());
    await between?.(run);
  }
  return values;
}

const figure = (value: number, digits: number): string => (digits === 0 ? Math.round(value).toLocaleString('en-US') : value.toFixed(digits));

/**
 * One table row: `name   min / median / max unit   x<ratio>` where the ratio is this median over the
 * baseline's median (or `baseline` when this is the baseline).
 */
export function row(name: string, values: readonly number[], unit: string, baseline?: readonly number[] | 'baseline', digits = 0): string {
  const { min, median, max } = spread(values);
  const cells = [min, median, max].map((v) => figure(v, digits).padStart(8)).join(' / ');
  const ratio = baseline === undefined ? '' : baseline === 'baseline' ? '   baseline' : `   x${(median / spread(baseline).median).toFixed(2)}`;
  return `  ${name.padEnd(58)} ${cells} ${unit}${ratio}`;
}

/** The first line of every benchmark's table: what ran, how many runs, on what. */
export function heading(what: string): string {
  return `${what}\n  (${RUNS} runs, min / median / max; ratio of medians to the baseline of the same runs; ${os.cpus().length} cores, node ${process.version})`;
}

/** A target line: met or NOT met, with the figure it was judged on. */
export function target(text: string, met: boolean, figures: string): string {
  return `  target ${text}: ${met ? 'met' : 'NOT met'} (${figures})`;
}

/** The connections every HTTP load of the benchmarks keeps open. */
export const CONNECTIONS = 64;
const DEMO_KEY = testEnv('').DEMO_MERCHANT_API_KEY as string;

/**
 * Requests per second of `POST route` at CONNECTIONS for `seconds`, each with its own Idempotency-Key
 * and the demo merchant's key; warns about any non-2xx answer or error.
 */
export async function postRate(url: string, route: string, contentType: string, body: (n: number) => string, seconds: number): Promise<number> {
  let n = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{
      method: 'POST',
      path: route,
      setupRequest: (request) => ({
        ...request,
        headers: { ...request.headers, 'content-type': contentType, authorization: `Bearer ${DEMO_KEY}`, 'idempotency-key': `bench-${process.pid}-${Date.now()}-${n++}` },
        body: body(n),
      }),
    }],
  });
  if (result.non2xx > 0 || result.errors > 0) console.warn(`  ${url}${route}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

/** `payrail verify` on a data folder after a benchmark: `N streams OK`, or it throws with the report. */
export function verifyData(dir: string): string {
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'shared', 'cli', 'bin', 'payrail.js'), 'verify', '--data', dir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`payrail verify failed on ${dir}:\n${run.stdout}${run.stderr}`);
  return `${run.stdout.split('\n').filter((line) => / OK$/.test(line)).length} streams OK`;
}
