import { ledgerShards, readShardCount, type StreamKind } from '@payrail/ledger';

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
