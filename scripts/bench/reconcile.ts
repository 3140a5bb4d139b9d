/**
 * npm run bench:reconcile — for 10k, 100k and 1M payments on one business day (`BENCH_SIZES` to
 * choose others, e.g. `BENCH_SIZES=10000,100000`): generate them with `payrail generate --direct`,
 * then settle the day, reconcile it without recording (`--dry-run`: the streaming comparison alone)
 * and reconcile it for real (the journal replays the ledger and records one event per payment).
 * Each step is its own process, so each peak RSS is that step's. Prints seconds, payments per second,
 * peak RSS and CPU seconds per step and size, and how time grows with size.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../../../shared/cli/bin/payrail.js');
const SIZES = (process.env['BENCH_SIZES'] ?? '10000,100000,1000000').split(',').map(Number);
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
      rows.push({ size, steps });
      console.log(`\n${size.toLocaleString('en-US')} payments`);
      for (const [name, result] of Object.entries(steps)) console.log(`  ${name.padEnd(17)} ${cell(result, size)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('\ngrowth of time with size (x10 payments):');
  for (let i = 1; i < rows.length; i++) {
    const [before, after] = [rows[i - 1], rows[i]];
    if (before === undefined || after === undefined) continue;
    const ratios = Object.keys(after.steps).map((name) => {
      const [a, b] = [before.steps[name], after.steps[name]];
      return a?.ok && b?.ok ? `${name} x${(b.seconds / a.seconds).toFixed(1)}` : `${name} n/a`;
    });
    console.log(`  ${before.size.toLocaleString('en-US')} -> ${after.size.toLocaleString('en-US')}: ${ratios.join(', ')}`);
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exitCode = 1;
});
