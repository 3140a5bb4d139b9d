/**
 * npm run bench:journal — durable appends per second through the journal: 1 process and 4 processes
 * (64 concurrent appenders each) on one stream, against the raw rate of write + fdatasync of the same
 * bytes one event at a time with no lock, each measured in the same runs on the same disk. Every
 * stream written is verified (hash chain, seq, schema) after its run.
 */
import { spawn } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { verifyStream } from '@payrail/journal';
import { alternate, heading, row, spread, target } from './runs';

const WORKER = require.resolve('@payrail/journal/dist/testing/appendWorker.js');
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 40_000);
const APPENDERS = 64;
const STREAM = 'ledger/bench';
const RATE_TARGET = 40_000;
const WORKER_TIMEOUT_MS = 120_000;

/** Starts the workers, waits until each is open, starts them at once; answers the ms until the last is done. */
async function runWorkers(dir: string, processes: number, events: number): Promise<number> {
  const children = Array.from({ length: processes }, (_, i) => spawn(process.execPath, [WORKER, dir, STREAM, `w${i}`, String(events), String(APPENDERS)], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, APPEND_WORKER_QUIET: '1', APPEND_WORKER_WAIT_GO: '1' } }));
  const said = (child: (typeof children)[number], word: string): Promise<void> => new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`a worker did not say ${word} within ${WORKER_TIMEOUT_MS} ms`)), WORKER_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(`${word}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => code !== 0 && reject(new Error(`worker exited ${code}`)));
  });
  await Promise.all(children.map((child) => said(child, 'ready')));
  const started = performance.now();
  const done = Promise.all(children.map((child) => said(child, 'done')));
  for (const child of children) child.stdin.end('go\n');
  await done;
  const ms = performance.now() - started;
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode === null ? child.on('exit', resolve) : resolve(null)))));
  return ms;
}

async function journalRate(root: string, processes: number): Promise<number> {
  const dir = mkdtempSync(path.join(root, `p${processes}-`));
  const ms = await runWorkers(dir, processes, EVENTS / processes);
  const report = await verifyStream(path.join(dir, `${STREAM}.jsonl`));
  if (!report.ok || report.lines !== EVENTS) throw new Error(`the stream does not verify after the run: ${JSON.stringify(report)}`);
  rmSync(dir, { recursive: true, force: true });
  return EVENTS / (ms / 1000);
}

/** The same lines, each written and fdatasynced on its own: what a lock-free, batch-free writer pays per event. */
function rawRate(lines: Buffer[], root: string): number {
  const file = path.join(root, 'raw.jsonl');
  const fd = openSync(file, 'a');
  const started = performance.now();
  for (const line of lines) {
    writeSync(fd, line);
    fdatasyncSync(fd);
  }
  closeSync(fd);
  rmSync(file);
  return lines.length / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bench-journal-'));
  try {
    const sample = path.join(root, 'sample');
    await runWorkers(sample, 1, 2_000);
    const lines = readFileSync(path.join(sample, `${STREAM}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => Buffer.from(`${l}\n`));
    const values = await alternate({
      raw: async () => rawRate(lines, root),
      one: () => journalRate(root, 1),
      four: () => journalRate(root, 4),
    });
    console.log(heading(`durable appends per second (${EVENTS.toLocaleString('en-US')} events per run, ${lines[0]?.length ?? 0}-byte lines, ${APPENDERS} appenders per process)`));
    console.log(row('raw write + fdatasync per event, no lock', values.raw, 'events/s', 'baseline'));
    console.log(row('journal, 1 process', values.one, 'events/s', values.raw));
    console.log(row('journal, 4 processes', values.four, 'events/s', values.raw));
    const one = spread(values.one).median;
    const four = spread(values.four).median;
    console.log(target(`1 process >= ${RATE_TARGET.toLocaleString('en-US')} events/s`, one >= RATE_TARGET, `median ${Math.round(one)}`));
    console.log(target('4 processes >= 1 process', four >= one, `x${(four / one).toFixed(2)}`));
    console.log('  every stream verified after its run (hash chain, seq, schema): ok');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
