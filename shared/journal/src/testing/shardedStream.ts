import * as path from 'node:path';

/**
 * The layout of a stream split in shards by appendWorker and bench:journal (as LEDGER_SHARDS would
 * split the ledger): shard `index` of `ledger/bench` is `ledger/shards/<index>/bench`, under its own
 * lock `ledger/shards/<index>/.journal`. One shard is the stream itself, under `<stream>.journal`.
 */
export function shardedStream(stream: string, index: number, shards: number): { stream: string; lock: string } {
  if (shards === 1) return { stream, lock: `${stream}.journal` };
  const folder = path.posix.join(path.posix.dirname(stream), 'shards', String(index));
  return { stream: path.posix.join(folder, path.posix.basename(stream)), lock: `${folder}/.journal` };
}

/** A shard count from the environment: a whole number from 1 to 64, else an error naming the variable. */
export function shardCount(name: string, text: string | undefined): number {
  if (text === undefined || text === '') return 1;
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new Error(`${name} must be a whole number from 1 to 64, not '${text}'`);
  return count;
}
