/**
 * A journal writer in its own process, for the concurrency and kill -9 tests and the benchmark.
 *
 *   node appendWorker.js <dataDir> <stream> <writer> <events> <concurrency> [lock_stale_ms]
 *
 * Prints `ack <n>` after the append of event n has resolved (it is durable), `done <ms>` at the end, and
 * then `batches <json>`: how many batches, their mean size and mean milliseconds by phase (the lock
 * wait, the time the lock was held, the catch-up under it, and the fdatasync).
 * With APPEND_WORKER_WAIT_GO=1 it prints `ready` once open and starts appending at the first stdin line.
 * With APPEND_WORKER_RETRY=1 an append refused with journal_unavailable (nothing of it was written: a
 * lost lock, for instance) prints `retry <n> <reason>` and goes again, as a gateway's client would.
 * With APPEND_WORKER_SHARDS=N (N > 1) the stream is split in N shards, as LEDGER_SHARDS would split the
 * ledger by merchant: shard i is `<folder of stream>/shards/<i>/<name>` under its own lock
 * `<folder>/shards/<i>/.journal`; appender k (a client, one merchant) writes to shard k mod N, or,
 * with APPEND_WORKER_SHARD=i as well, every appender writes to shard i (a process that only gets the
 * merchants of one shard, as a proxy routing by merchant would arrange).
 */
import { JournalUnavailableError } from '../errors';
import { Journal, type JournalBatchStats } from '../journal';
import { shardCount, shardedStream } from '../shardLayout';

const RETRIES_MAX = 20;

async function main(): Promise<void> {
  const [dataDir, stream, writer, eventsText, concurrencyText, staleText] = process.argv.slice(2);
  if (dataDir === undefined || stream === undefined || writer === undefined) {
    throw new Error('usage: appendWorker <dataDir> <stream> <writer> <events> <concurrency> [lock_stale_ms]');
  }
  const total = Number(eventsText ?? 1000);
  const concurrency = Number(concurrencyText ?? 16);
  const quiet = process.env['APPEND_WORKER_QUIET'] === '1';
  const retry = process.env['APPEND_WORKER_RETRY'] === '1';
  const sums = { batches: 0, commands: 0, lock_wait_ms: 0, lock_ms: 0, catch_up_ms: 0, fsync_ms: 0 };
  const onBatch = (stats: JournalBatchStats): void => {
    sums.batches += 1;
    sums.commands += stats.commands;
    sums.lock_wait_ms += stats.lock_wait_ms;
    sums.lock_ms += stats.lock_ms;
    sums.catch_up_ms += stats.catch_up_ms;
    sums.fsync_ms += stats.fsync_ms;
  };
  const shards = shardCount('APPEND_WORKER_SHARDS', process.env['APPEND_WORKER_SHARDS']);
  const pinnedText = process.env['APPEND_WORKER_SHARD'];
  const pinned = pinnedText === undefined || pinnedText === '' ? null : Number(pinnedText);
  if (pinned !== null && !(Number.isInteger(pinned) && pinned >= 0 && pinned < shards)) throw new Error(`APPEND_WORKER_SHARD must be a shard from 0 to ${shards - 1}, not '${pinnedText}'`);
  const lock = staleText === undefined ? {} : { stale_ms: Number(staleText), update_ms: Math.max(1000, Number(staleText) / 2) };
  const layout = Array.from({ length: shards }, (_, i) => shardedStream(stream, i, shards));
  const shardStreams = layout.map((shard) => shard.stream);
  const journals = await Promise.all(layout.map((shard) => Journal.open({
    dataDir,
    streams: [shard.stream],
    lockName: shard.lock,
    onEvent: () => {},
    onBatch,
    lock,
  })));
  if (process.env['APPEND_WORKER_WAIT_GO'] === '1') {
    // A benchmark starts every worker's appends at once, after their start-up: `ready`, then a line on stdin.
    process.stdout.write('ready\n');
    await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
    process.stdin.pause();
  }
  const started = performance.now();
  let next = 0;
  const out: string[] = [];
  const flushOut = (): void => {
    if (out.length > 0) process.stdout.write(out.splice(0).join(''));
  };
  const lane = async (_: unknown, k: number): Promise<void> => {
    const shard = pinned ?? k % shards;
    const journal = journals[shard] as Journal;
    const name = shardStreams[shard] as string;
    while (next < total) {
      const n = next++;
      for (let attempt = 1; ; attempt++) {
        try {
          await journal.append(name, { type: 'journal.probe', ref: `${writer}-${n}`, data: { n, writer } });
          break;
        } catch (error) {
          if (!retry || !(error instanceof JournalUnavailableError) || attempt >= RETRIES_MAX) throw error;
          out.push(`retry ${n} ${error.message}\n`);
        }
      }
      if (!quiet) out.push(`ack ${n}\n`);
      if (out.length >= 64) flushOut();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  flushOut();
  process.stdout.write(`done ${(performance.now() - started).toFixed(1)}\n`);
  const mean = (sum: number): number => Math.round((sum / Math.max(1, sums.batches)) * 1000) / 1000;
  const batches = { batches: sums.batches, commands: mean(sums.commands), lock_wait_ms: mean(sums.lock_wait_ms), lock_ms: mean(sums.lock_ms), catch_up_ms: mean(sums.catch_up_ms), fsync_ms: mean(sums.fsync_ms) };
  process.stdout.write(`batches ${JSON.stringify(batches)}\n`);
  await Promise.all(journals.map((journal) => journal.close()));
}


main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
