/**
 * npm run bench:reconcile [-- --payments 100000,1000000,3000000] — the night at several ledger sizes
 * (default 100k, 1M and 3M payments on one business day; BENCH_SIZES works too): generate them with
 * `payrail generate --direct`, then settle the day, reconcile it without recording (`--dry-run`: the
 * streaming comparison alone) and reconcile it for real (recording one outcome per payment). Each step
 * is its own process, so each peak RSS is that step's; `payrail verify` runs after the night.
 *
 * Prints seconds, payments per second, peak RSS and CPU seconds per step and size; then the night
 * (settle + reconcile with recording) side by side for every size, its time per payment, and whether
 * it grows linearly (time per payment within 20 % of the smallest size's). One run per size: a night
 * changes its data (a second run of a day records nothing), and generating the data again per run
 * would take longer than the runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { verifyData } from './runs';

const CLI = path.resolve(__dirname, '../../../shared/cli/bin/payrail.js');
const argument = process.argv.indexOf('--payments');
const SIZES = ((argument === -1 ? undefined : process.argv[argument + 1]) ?? process.env['BENCH_SIZES'] ?? '100000,1000000,3000000').split(',').map(Number);
const NIGHT_TARGET_S = 15;
const NIGHT_RSS_TARGET_MB = 400;
const DATE = '2026-02-09';
/** The longest a step may take before the bench gives up on it. */
const STEP_TIMEOUT_MS = 30 * 60_000;

interface StepResult {
  ok: boolean;
  seconds: number;
  peak_rss_mb: number;
  cpu_s: number;
  error?: string;
}

/** Runs one CLI step; its `--json` summary carries its own duration, CPU time and peak RSS. */
function step(args: string[]): Promise<StepResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), STEP_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const wall = (performance.now() - started) / 1000;
      if (code !== 0) {
        const reason = /heap out of memory/i.test(stderr) ? 'JavaScript heap out of memory' : (stderr.trim().split('\n').pop() ?? '');
        resolve({ ok: false, seconds: wall, peak_rss_mb: 0, cpu_s: 0, error: `exit ${code ?? signal}: ${reason}` });
        return;
      }
      const stats = (JSON.parse(stdout) as { stats: { duration_ms: number; cpu_ms: number; peak_rss_mb: number } }).stats;
      resolve({ ok: true, seconds: stats.duration_ms / 1000, peak_rss_mb: stats.peak_rss_mb, cpu_s: stats.cpu_ms / 1000 });
    });
  });
}

const cell = (result: StepResult, payments: number): string =>
  result.ok
    ? `${result.seconds.toFixed(1)} s, ${Math.round(payments / result.seconds).toLocaleString('en-US')}/s, ${result.peak_rss_mb} MB, cpu ${result.cpu_s.toFixed(1)} s`
    : `failed after ${result.seconds.toFixed(0)} s (${result.error})`;

async function main(): Promise<void> {
  const rows: Array<{ size: number; steps: Record<string, StepResult> }> = [];
  console.log(`payments on one day; each step a separate process; ${os.cpus().length} cores, node ${process.version}`);
  for (const size of SIZES) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-reconcile-'));
    try {
      const steps: Record<string, StepResult> = {};
      steps['generate'] = await step(['generate', '--direct', '--data', dir, '--seed', '1', '--start', DATE, '--days', '1', '--payments', String(size), '--mismatch-percent', '1']);
      steps['settle'] = await step(['settle', '--data', dir, '--date', DATE]);
      steps['reconcile'] = await step(['reconcile', '--data', dir, '--date', DATE, '--dry-run']);
      steps['reconcile+record'] = await step(['reconcile', '--data', dir, '--date', DATE]);
      verifyData(dir); // throws, with the report, unless every stream verifies
      rows.push({ size, steps });
      console.log(`\n${size.toLocaleString('en-US')} payments`);
      for (const [name, result] of Object.entries(steps)) console.log(`  ${name.padEnd(17)} ${cell(result, size)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('\nthe night (settle + reconcile with recording), one run per size; payrail verify passed after each');
  const nights = rows.flatMap(({ size, steps }) => {
    const settle = steps['settle'];
    const record = steps['reconcile+record'];
    if (settle?.ok !== true || record?.ok !== true) return [];
    return [{ size, seconds: settle.seconds + record.seconds, rss: Math.max(settle.peak_rss_mb, record.peak_rss_mb), us: ((settle.seconds + record.seconds) / size) * 1e6 }];
  });
  for (const night of nights) console.log(`  ${night.size.toLocaleString('en-US').padStart(10)} payments   ${night.seconds.toFixed(1).padStart(6)} s   ${night.us.toFixed(1).padStart(6)} us/payment   peak RSS ${night.rss} MB`);
  const first = nights[0];
  if (first !== undefined && nights.length > 1) {
    const linear = nights.every((n) => Math.abs(n.us - first.us) / first.us <= 0.2);
    console.log(`  target linear (time per payment within 20 %): ${linear ? 'met' : 'NOT met'} (${nights.map((n) => `${n.us.toFixed(1)}`).join(' / ')} us)`);
  }
  const million = nights.find((n) => n.size === 1_000_000);
  if (million !== undefined) console.log(`  target 1M night < ${NIGHT_TARGET_S} s and < ${NIGHT_RSS_TARGET_MB} MB: ${million.seconds < NIGHT_TARGET_S && million.rss < NIGHT_RSS_TARGET_MB ? 'met' : 'NOT met'} (${million.seconds.toFixed(1)} s, ${million.rss} MB)`);
  console.log('\ngrowth of time with size:');
  for (let i = 1; i < rows.length; i++) {
    const [before, after] = [rows[i - 1], rows[i]];
    if (before === undefined || after === undefined) continue;
    const ratios = Object.keys(after.steps).map((name) => {
      const [a, b] = [before.steps[name], after.steps[name]];
      return a?.ok && b?.ok ? `${name} x${(b.seconds / a.seconds).toFixed(1)}` : `${name} n/a`;
    });
    console.log(`  ${before.size.toLocaleString('en-US')} -> ${after.size.toLocaleString('en-US')} (x${(after.size / before.size).toFixed(0)}): ${ratios.join(', ')}`);
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exitCode = 1;
});
