/**
 * A journal writer in its own process, for the concurrency and kill -9 tests and the benchmark.
 *
 *   node appendWorker.js <dataDir> <stream> <writer> <events> <concurrency> [lock_stale_ms]
 *
 * Prints `ack <n>` after the append of event n has resolved (it is durable), and `done <ms>` at the end.
 * With APPEND_WORKER_WAIT_GO=1 it prints `ready` once open and starts appending at the first stdin line.
 */
import { Journal } from '../journal';

async function main(): Promise<void> {
  const [dataDir, stream, writer, eventsText, concurrencyText, staleText] = process.argv.slice(2);
  if (dataDir === undefined || stream === undefined || writer === undefined) {
    throw new Error('usage: appendWorker <dataDir> <stream> <writer> <events> <concurrency> [lock_stale_ms]');
  }
  const total = Number(eventsText ?? 1000);
  const concurrency = Number(concurrencyText ?? 16);
  const quiet = process.env['APPEND_WORKER_QUIET'] === '1';
  const journal = await Journal.open({
    dataDir,
    streams: [stream],
    lockName: `${stream}.journal`,
    onEvent: () => {},
    lock: staleText === undefined ? {} : { stale_ms: Number(staleText), update_ms: Math.max(1000, Number(staleText) / 2) },
  });
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
  const lane = async (): Promise<void> => {
    while (next < total) {
      const n = next++;
      await journal.append(stream, { type: 'journal.probe', ref: `${writer}-${n}`, data: { n, writer } });
      if (!quiet) out.push(`ack ${n}\n`);
      if (out.length >= 64) flushOut();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  flushOut();
  process.stdout.write(`done ${(performance.now() - started).toFixed(1)}\n`);
  await journal.close();
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
