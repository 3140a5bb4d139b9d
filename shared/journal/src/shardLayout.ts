import * as path from 'node:path';

/** The most shards a stream can be split in (LEDGER_SHARDS, the journal benchmark). */
export const SHARDS_MAX = 64;

/**
 * The layout of a stream split in shards, the one LEDGER_SHARDS gives the ledger and the journal
 * benchmark measures: shard `index` of `ledger/payments` is `ledger/shards/<index>/payments`, under
 * the shard's lock `ledger/shards/<index>/.journal` (shared by every stream of that shard). One
 * shard is the stream itself, under `<stream>.journal` (the ledger keeps its historical
 * `ledger/.journal` for that case).
 */
export function shardedStream(stream: string, index: number, shards: number): { stream: string; lock: string } {
  if (shards === 1) return { stream, lock: `${stream}.journal` };
  const folder = path.posix.join(path.posix.dirname(stream), 'shards', String(index));
  return { stream: path.posix.join(folder, path.posix.basename(stream)), lock: `${folder}/.journal` };
}

/** A shard count from the environment: a whole number from 1 to SHARDS_MAX, else an error naming the variable. */
export function shardCount(name: string, text: string | undefined): number {
  if (text === undefined || text === '') return 1;
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > SHARDS_MAX) throw new Error(`${name} must be a whole number from 1 to ${SHARDS_MAX}, not '${text}'`);
  return count;
}
