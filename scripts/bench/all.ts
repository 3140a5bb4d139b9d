/**
 * npm run bench — every benchmark of issue 20's table, one after another (they would measure each
 * other if run together), each printing its own table; then writes docs/benchmarks.md with the
 * machine, Node version, date and those tables as printed.
 *
 * BENCH_ONLY=gateway,journal runs some of them; the other BENCH_* variables pass through to each.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');
const BENCHES = [
  { name: 'gateway', what: 'PaymentIntent creates: the gateway alone, and the whole stack under npm start' },
  { name: 'journal', what: 'the journal: 1 and 4 processes, and 4 processes on 2 and 4 shards, against raw fsync' },
  { name: 'webhooks', what: 'webhook lag at 500 payments/s: merchant-sim, and a bare receiver' },
  { name: 'reconcile', what: 'the night: settle and reconcile (with recording) by ledger size' },
] as const;
const only = process.env['BENCH_ONLY']?.split(',');

/** How fast this machine runs plain JavaScript now: a fixed loop, so figures from different days can be compared. */
function calibration(): string {
  const started = performance.now();
  let x = 0;
  for (let i = 0; i < 100_000_000; i++) x = (x + i) % 1_000_003;
  return `${(performance.now() - started).toFixed(0)} ms for a fixed 10^8-step integer loop (checksum ${x})`;
}

function main(): void {
  const sections: string[] = [];
  const before = calibration();
  for (const bench of BENCHES) {
    if (only !== undefined && !only.includes(bench.name)) continue;
    process.stdout.write(`\n== bench:${bench.name}: ${bench.what}\n`);
    const run = spawnSync(process.execPath, [path.join(__dirname, `${bench.name}.js`)], { cwd: REPO, env: process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
    process.stdout.write(run.stdout);
    sections.push(`## bench:${bench.name}: ${bench.what}\n\n${run.status === 0 ? '' : `**exited with ${run.status ?? run.signal}**\n\n`}\`\`\`\n${run.stdout.trimEnd()}\n\`\`\`\n`);
  }
  const after = calibration();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const doc = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString()}: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, node ${process.version}.`,
    `Machine speed: ${before} before the runs, ${after} after (lower is faster; a shared machine varies from hour to hour, so compare ratios, which are measured against a baseline in the same runs).`,
    '',
    'Each figure is min / median / max over the runs, alternated with its baseline; targets are judged on the medians. How to read and rerun each one: the README\'s Benchmarks section.',
    '',
    ...sections,
  ].join('\n');
  writeFileSync(path.join(REPO, 'docs', 'benchmarks.md'), `${doc}\n`);
  process.stdout.write(`\nwrote docs/benchmarks.md\n`);
}

main();
