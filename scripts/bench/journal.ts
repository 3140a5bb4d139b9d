/**
 * npm run bench:journal — durable appends per second through the journal (1 process and 4 processes,
 * 64 concurrent appenders each), against the raw rate of write+fdatasync of the same bytes with no
 * lock, measured in the same run on the same disk.
 */
import { spawn } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const WORKER = require.resolve('@payrail/journal/dist/testing/appendWorker.js');
const EVENTS_PER_PROCESS = Number(process.env['BENCH_EVENTS'] ?? 40_000);
const APPENDERS = 64;
const STREAM = 'ledger/bench';

function runWorkers(dir: string, processes: number, events: number): Promise<number> {
  const started = performance.now();
  return Promise.all(Array.from({ length: processes }, (_, i) => new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, dir, STREAM, `w${i}`, String(events), String(APPENDERS)], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, APPEND_WORKER_QUIET: '1' } });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}`))));
  }))).then(() => performance.now() - started);
}

/** The same lines, each written and fdatasynced on its own: what a lock-free, batch-free writer pays per event. */
function rawWriteSync(lines: Buffer[], dir: string): number {
  const fd = openSync(path.join(dir, 'raw.jsonl'), 'a');
  const started = performance.now();
  for (const line of lines) {
    writeSync(fd, line);
    fdatasyncSync(fd);
  }
  closeSync(fd);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bench-journal-'));
  try {
    const one = path.join(root, 'one');
    const oneMs = await runWorkers(one, 1, EVENTS_PER_PROCESS);
    const four = path.join(root, 'four');
    const fourMs = await runWorkers(four, 4, EVENTS_PER_PROCESS / 4);
    const lines = readFileSync(path.join(one, `${STREAM}.jsonl`), 'utf8').split('\n').filter(Boolean).slice(0, 5_000).map((l) => Buffer.from(`${l}\n`));
    const rawMs = rawWriteSync(lines, root);

    const rate = (events: number, ms: number) => Math.round(events / (ms / 1000));
    const raw = rate(lines.length, rawMs);
    const rows = [
      ['raw write+fdatasync per event, no lock (baseline)', raw, 1],
      [`journal, 1 process x ${APPENDERS} appenders`, rate(EVENTS_PER_PROCESS, oneMs), rate(EVENTS_PER_PROCESS, oneMs) / raw],
      [`journal, 4 processes x ${APPENDERS} appenders`, rate(EVENTS_PER_PROCESS, fourMs), rate(EVENTS_PER_PROCESS, fourMs) / raw],
    ] as const;
    console.log(`durable appends per second (${EVENTS_PER_PROCESS} events per run, ${lines[0]?.length ?? 0}-byte lines, ${os.cpus().length} cores)`);
    for (const [name, value, ratio] of rows) console.log(`  ${name.padEnd(52)} ${String(value).padStart(8)} /s   x${ratio.toFixed(2)}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
