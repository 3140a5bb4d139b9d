import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { SHARDS_MAX, shardedStream } from '@payrail/journal';
import { LEDGER_LOCK, STREAMS } from '../ledgerState';

/** The kinds of ledger stream: what `ledger/payments` and `ledger/shards/3/payments` both are. */
export type StreamKind = keyof typeof STREAMS;
export const STREAM_KINDS = Object.keys(STREAMS) as StreamKind[];

/** The most shards a ledger can be split in. */
export const LEDGER_SHARDS_MAX = SHARDS_MAX;
/** The file that says how many shards a data folder's ledger has (absent: one, the unsharded layout). */
export const SHARDS_FILE = 'ledger/shards.json';

/** One shard of the ledger: its four streams and the lock every writer of them takes. */
export interface LedgerShard {
  index: number;
  streams: Readonly<Record<StreamKind, string>>;
  lock: string;
}

/**
 * The layout of a ledger in `count` shards. One shard is today's ledger (`ledger/payments`, ... under
 * `ledger/.journal`); more are `ledger/shards/<i>/payments`, ... each under its own lock
 * `ledger/shards/<i>/.journal`, so each shard has its own hash chains, seqs and epochs (the journal's
 * `shardedStream` layout, the one `npm run bench:journal` measures).
 */
export function ledgerShards(count: number): LedgerShard[] {
  checkShardCount(count);
  if (count === 1) return [{ index: 0, streams: STREAMS, lock: LEDGER_LOCK }];
  return Array.from({ length: count }, (_, index) => {
    const streams = Object.fromEntries(STREAM_KINDS.map((kind) => [kind, shardedStream(STREAMS[kind], index, count).stream])) as Record<StreamKind, string>;
    return { index, streams, lock: shardedStream(STREAMS.payments, index, count).lock };
  });
}

/** One ledger stream of a data folder and its file, relative to the folder (`ledger/shards/2/refunds.jsonl`). */
export interface LedgerFile {
  stream: string;
  file: string;
}

/**
 * The files of the `kind` stream of every shard of the ledger in `dataDir` (`ledger/shards.json`), shard
 * by shard: on an unsharded ledger, the one file `ledger/<kind>.jsonl`. A merchant's lines are all in
 * one shard, so a reader that reads the shards one after the other sees each object's lines in order.
 */
export function ledgerFiles(dataDir: string, kind: StreamKind): LedgerFile[] {
  return ledgerShards(readShardCount(dataDir)).map((shard) => ({ stream: shard.streams[kind], file: `${shard.streams[kind]}.jsonl` }));
}

/** Every ledger stream of a layout, shard by shard. */
export function ledgerStreams(count: number): string[] {
  return ledgerShards(count).flatMap((shard) => STREAM_KINDS.map((kind) => shard.streams[kind]));
}

/** The shard of a merchant: the first 32 bits of SHA-256 of its id, modulo the count (stable, even). */
export function shardOf(merchant: string, count: number): number {
  if (count === 1) return 0;
  return createHash('sha256').update(merchant).digest().readUInt32BE(0) % count;
}

/**
 * `shardOf(merchant, count)` remembered per merchant: the hash costs more than routing the command or
 * event it is asked for, and a ledger names a few merchants many times. On an unsharded ledger, always 0.
 */
export function merchantShards(count: number): (merchant: string) => number {
  if (count === 1) return () => 0;
  const shards = new Map<string, number>();
  return (merchant) => {
    let shard = shards.get(merchant);
    if (shard === undefined) {
      shard = shardOf(merchant, count);
      shards.set(merchant, shard);
    }
    return shard;
  };
}

const SHARDED = /^ledger\/shards\/(\d+)\/(payments|refunds|disputes|escrows)$/;

/** What kind of ledger stream `stream` is (`ledger/shards/2/refunds` is a refunds stream), or undefined. */
export function streamKind(stream: string): StreamKind | undefined {
  const sharded = SHARDED.exec(stream);
  if (sharded !== null) return sharded[2] as StreamKind;
  const kind = STREAM_KINDS.find((name) => STREAMS[name] === stream);
  return kind;
}

export function checkShardCount(count: number, name = 'LEDGER_SHARDS'): void {
  if (!Number.isInteger(count) || count < 1 || count > LEDGER_SHARDS_MAX) throw new Error(`${name} must be a whole number from 1 to ${LEDGER_SHARDS_MAX}, not ${count}`);
}

/** The shard count a data folder's ledger has: `ledger/shards.json`, or 1 when it has none. */
export function readShardCount(dataDir: string): number {
  return recordedShardCount(dataDir) ?? 1;
}

/** The count `ledger/shards.json` records, or null when there is no such file. */
function recordedShardCount(dataDir: string): number | null {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, SHARDS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let shards: unknown;
  try {
    shards = (JSON.parse(text) as { shards?: unknown }).shards;
  } catch {
    shards = undefined;
  }
  if (typeof shards !== 'number' || !Number.isInteger(shards) || shards < 1 || shards > LEDGER_SHARDS_MAX) {
    throw new Error(`${SHARDS_FILE} must be {"shards": N} with N a whole number from 1 to ${LEDGER_SHARDS_MAX}; it holds ${JSON.stringify(text.slice(0, 80))}`);
  }
  return shards;
}

/**
 * Writes `ledger/shards.json`: beside, fsynced, then linked in (refused with EEXIST when it exists: two
 * first writers cannot both succeed) or, with `replace` (payrail reshard, under every lock), renamed
 * over it. Never a torn file, and never a moment without one.
 */
export function writeShardCount(dataDir: string, count: number, options: { replace?: boolean } = {}): void {
  checkShardCount(count);
  const file = path.join(dataDir, SHARDS_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(temp, 'wx');
  try {
    writeSync(fd, `${JSON.stringify({ shards: count })}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (options.replace === true) {
    renameSync(temp, file);
    return;
  }
  try {
    linkSync(temp, file);
  } finally {
    unlinkSync(temp);
  }
}

function hasLines(file: string): boolean {
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
}

/**
 * The shard count a writer uses on `dataDir`, checked against the folder so that processes with
 * different counts never share it. `configured` 0 or undefined follows the folder. A count the folder
 * does not have is refused (re-shard it offline with `payrail reshard`); a first start with N > 1 on
 * an empty ledger writes `ledger/shards.json`; one on an unsharded ledger that has lines is refused.
 */
export function openShardCount(dataDir: string, configured?: number): number {
  const recorded = recordedShardCount(dataDir);
  if (configured === undefined || configured === 0) return recorded ?? 1;
  checkShardCount(configured);
  if (recorded !== null && recorded !== configured) {
    throw new Error(`LEDGER_SHARDS=${configured}, but this data folder's ledger has ${recorded} shard${recorded === 1 ? '' : 's'} (${SHARDS_FILE}); run \`payrail reshard --shards ${configured}\` with every service stopped, or set LEDGER_SHARDS=${recorded}`);
  }
  if (recorded !== null || configured === 1) return configured;
  if (STREAM_KINDS.some((kind) => hasLines(path.join(dataDir, `${STREAMS[kind]}.jsonl`)))) {
    throw new Error(`LEDGER_SHARDS=${configured}, but this data folder has an unsharded ledger with events in it; run \`payrail reshard --shards ${configured}\` with every service stopped`);
  }
  try {
    writeShardCount(dataDir, configured);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process wrote it first: its count must be ours.
    return openShardCount(dataDir, configured);
  }
  return configured;
}
