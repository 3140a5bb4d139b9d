/**
 * npm run bench:journal — durable appends per second through the journal: 1 process and 4 processes
 * (64 concurrent appenders each) on one stream, and 4 processes on the stream split in 2 and 4 shards
 * (each shard its own file, lock and hash chain, as LEDGER_SHARDS would split the ledger by merchant;
 * each appender writes to one shard), against the raw rate of write + fdatasync of the same bytes one
 * event at a time with no lock, each measured in the same runs on the same disk. Every stream written
 * is verified (hash chain, seq, schema) after its run.
 */
import { spawn } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { shardedStream, verifyStream } from '@payrail/journal';
import { alternate, heading, row, spread, target } from './runs';

const WORKER = require.resolve('@payrail/journal/dist/testing/appendWorker.js');
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 40_000);
const APPENDERS = 64;
const STREAM = 'ledger/bench';
const RATE_TARGET = 40_000;
const WORKER_TIMEOUT_MS = 120_000;

interface BatchFigures {
  batches: number;
  commands: number;
  lock_wait_ms: number;
  lock_ms: number;
  catch_up_ms: number;
  fsync_ms: number;
}

/** Starts the workers, waits until each is open, starts them at once; answers the ms until the last is done, and each worker's batch figures. */
async function runWorkers(dir: string, processes: number, events: number, shards = 1, pinned = false): Promise<{ ms: number; batches: BatchFigures[] }> {
  const env = (i: number): NodeJS.ProcessEnv => ({ ...process.env, APPEND_WORKER_QUIET: '1', APPEND_WORKER_WAIT_GO: '1', APPEND_WORKER_SHARDS: String(shards), APPEND_WORKER_SHARD: pinned ? String(i % shards) : '' });
  // PAYRAIL_NODE_ARGS: node flags for the workers, as for every child a benchmark starts (README, Profiling).
  const nodeArgs = (process.env['PAYRAIL_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const children = Array.from({ length: processes }, (_, i) => spawn(process.execPath, [...nodeArgs, WORKER, dir, STREAM, `w${i}`, String(events), String(APPENDERS)], { stdio: ['pipe', 'pipe', 'inherit'], env: env(i) }));
  const outputs = children.map(() => ({ text: '' }));
  children.forEach((child, i) => child.stdout.on('data', (chunk: Buffer) => {
    (outputs[i] as { text: string }).text += chunk.toString();
  }));
  const said = (i: number, word: string): Promise<void> => new Promise((resolve, reject) => {
    const child = children[i] as (typeof children)[number];
    const timer = setTimeout(() => reject(new Error(`a worker did not say ${word} within ${WORKER_TIMEOUT_MS} ms`)), WORKER_TIMEOUT_MS);
    const look = (): void => {
      if ((outputs[i] as { text: string }).text.includes(word)) {
        clearTimeout(timer);
        child.stdout.off('data', look);
        resolve();
      }
    };
    child.stdout.on('data', look);
    look();
    child.on('exit', (code) => code !== 0 && reject(new Error(`worker exited ${code}`)));
  });
  await Promise.all(children.map((_, i) => said(i, 'ready')));
  const started = performance.now();
  const done = Promise.all(children.map((_, i) => said(i, 'done')));
  for (const child of children) child.stdin.end('go\n');
  await done;
  const ms = performance.now() - started;
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode === null ? child.on('exit', resolve) : resolve(null)))));
  const batches = outputs.map(({ text }) => JSON.parse(/^batches (.*)$/m.exec(text)?.[1] ?? 'null') as BatchFigures).filter((figures) => figures !== null);
  return { ms, batches };
}

/** Per layout (`<processes>x<shards>`), per run: the mean batch figures over that run's workers. */
const batchFigures: Record<string, BatchFigures[]> = {};
const LAYOUTS = [{ processes: 1, shards: 1, pinned: false }, { processes: 4, shards: 1, pinned: false }, { processes: 4, shards: 2, pinned: false }, { processes: 4, shards: 4, pinned: false }, { processes: 4, shards: 4, pinned: true }] as const;
const layoutName = (processes: number, shards: number, pinned = false): string => `${processes}x${shards}${pinned ? 'p' : ''}`;

/** The files of a stream split in `shards` (see appendWorker): one, or `ledger/shards/<i>/bench.jsonl`. */
function streamFiles(dir: string, shards: number): string[] {
  return Array.from({ length: shards }, (_, i) => path.join(dir, `${shardedStream(STREAM, i, shards).stream}.jsonl`));
}

async function journalRate(root: string, processes: number, shards: number, pinned = false): Promise<number> {
  const dir = mkdtempSync(path.join(root, `p${processes}s${shards}${pinned ? 'p' : ''}-`));
  const { ms, batches } = await runWorkers(dir, processes, EVENTS / processes, shards, pinned);
  let lines = 0;
  for (const file of streamFiles(dir, shards)) {
    const report = await verifyStream(file);
    if (!report.ok) throw new Error(`${path.relative(dir, file)} does not verify after the run: ${JSON.stringify(report)}`);
    lines += report.lines;
  }
  if (lines !== EVENTS) throw new Error(`the run wrote ${lines} lines across ${shards} shard(s), not ${EVENTS}`);
  rmSync(dir, { recursive: true, force: true });
  const mean = (key: keyof BatchFigures): number => batches.reduce((sum, figures) => sum + figures[key], 0) / Math.max(1, batches.length);
  (batchFigures[layoutName(processes, shards, pinned)] ??= []).push({ batches: batches.reduce((sum, figures) => sum + figures.batches, 0), commands: mean('commands'), lock_wait_ms: mean('lock_wait_ms'), lock_ms: mean('lock_ms'), catch_up_ms: mean('catch_up_ms'), fsync_ms: mean('fsync_ms') });
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
    for (const key of Object.keys(batchFigures)) delete batchFigures[key];
    const lines = readFileSync(path.join(sample, `${STREAM}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => Buffer.from(`${l}\n`));
    const values = await alternate({
      raw: async () => rawRate(lines, root),
      one: () => journalRate(root, 1, 1),
      four: () => journalRate(root, 4, 1),
      fourTwoShards: () => journalRate(root, 4, 2),
      fourFourShards: () => journalRate(root, 4, 4),
      fourPinned: () => journalRate(root, 4, 4, true),
    });
    console.log(heading(`durable appends per second (${EVENTS.toLocaleString('en-US')} events per run, ${lines[0]?.length ?? 0}-byte lines, ${APPENDERS} appenders per process)`));
    console.log(row('raw write + fdatasync per event, no lock', values.raw, 'events/s', 'baseline'));
    console.log(row('journal, 1 process', values.one, 'events/s', values.raw));
    console.log(row('journal, 4 processes', values.four, 'events/s', values.raw));
    console.log(row('journal, 4 processes, 2 shards', values.fourTwoShards, 'events/s', values.raw));
    console.log(row('journal, 4 processes, 4 shards', values.fourFourShards, 'events/s', values.raw));
    console.log(row('journal, 4 processes, 4 shards, one per process', values.fourPinned, 'events/s', values.raw));
    const one = spread(values.one).median;
    const four = spread(values.four).median;
    console.log('  per batch (medians of the runs): batches, events per batch, ms waiting for the lock, ms holding it (catch-up of it), ms of fdatasync (outside the lock)');
    for (const { processes, shards, pinned } of LAYOUTS) {
      const runs = batchFigures[layoutName(processes, shards, pinned)] ?? [];
      const median = (key: keyof BatchFigures): number => spread(runs.map((figures) => figures[key])).median;
      console.log(`    ${processes} process${processes === 1 ? ' ' : 'es'}, ${shards} shard${shards === 1 ? ' ' : 's'}${pinned ? ', pinned' : '        '}  ${String(Math.round(median('batches'))).padStart(6)} batches  ${median('commands').toFixed(1).padStart(6)} events  wait ${median('lock_wait_ms').toFixed(3)}  hold ${median('lock_ms').toFixed(3)} (catch-up ${median('catch_up_ms').toFixed(3)})  fdatasync ${median('fsync_ms').toFixed(3)}`);
    }
    console.log(target(`1 process >= ${RATE_TARGET.toLocaleString('en-US')} events/s`, one >= RATE_TARGET, `median ${Math.round(one)}`));
    console.log(target('4 processes >= 1 process', four >= one, `x${(four / one).toFixed(2)}`));
    for (const [name, values4] of [['2 shards', values.fourTwoShards], ['4 shards', values.fourFourShards], ['4 shards, one per process', values.fourPinned]] as const) {
      const sharded = spread(values4).median;
      console.log(`  4 processes on ${name}: x${(sharded / four).toFixed(2)} of 4 processes on one stream, x${(sharded / one).toFixed(2)} of 1 process`);
    }
    console.log('  every stream verified after its run (hash chain, seq, schema): ok');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
