import { Journal, type JournalBatchStats, type JournalCorruptError, type JournalEvent, type JournalLogger, type JournalTransaction, type StreamHead } from '@payrail/journal';
import { STREAMS } from '../ledgerState';
import { STREAM_KINDS, ledgerShards, merchantShards, streamKind, type LedgerShard } from './ledgerShards';

export interface ShardedJournalOptions {
  dataDir: string;
  /** How many shards (see openShardCount); 1 is the unsharded ledger, one journal under `ledger/.journal`. */
  shards: number;
  /** Every event of every shard, with the stream it is on (`ledger/payments`, or `ledger/shards/<i>/payments`). */
  onEvent(stream: string, event: JournalEvent): void;
  /** Forget every event: the shards are about to be replayed into the state (one of them failed a write). */
  onReset?(): void;
  logger?: JournalLogger;
  onBatch?(stats: JournalBatchStats): void;
  onCorrupt?(error: JournalCorruptError): void;
}

/**
 * The ledger's journals, one per shard, feeding one state. A command names the merchant it is for and
 * runs under that merchant's shard lock; it appends to the logical streams (`STREAMS.payments`, ...),
 * which are that shard's. A payment, its refunds, disputes and escrows are all its merchant's, so every
 * decision about them is made under one lock. When one shard's journal rebuilds after a failed write,
 * the state is cleared and the other shards replay what they had read into it (synchronously, up to
 * their heads), then that shard replays its files.
 */
export class ShardedJournal {
  /** The shard of a merchant (remembered: the hash is asked once per merchant, not per command). */
  readonly shardOf: (merchant: string) => number;

  private constructor(
    readonly layout: readonly LedgerShard[],
    private readonly journals: Journal[],
  ) {
    this.shardOf = merchantShards(layout.length);
  }

  static async open(options: ShardedJournalOptions): Promise<ShardedJournal> {
    const layout = ledgerShards(options.shards);
    const journals: Journal[] = [];
    for (const shard of layout) {
      journals.push(await Journal.open({
        dataDir: options.dataDir,
        streams: STREAM_KINDS.map((kind) => shard.streams[kind]),
        lockName: shard.lock,
        onEvent: options.onEvent,
        onReset: () => {
          options.onReset?.();
          for (const other of journals) if (other !== journals[shard.index]) other.replayRead(options.onEvent);
        },
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.onBatch ? { onBatch: options.onBatch } : {}),
        ...(options.onCorrupt ? { onCorrupt: options.onCorrupt } : {}),
      }));
    }
    return new ShardedJournal(layout, journals);
  }

  get shards(): number {
    return this.layout.length;
  }

  /**
   * Runs `decide` under the lock of `merchant`'s shard against caught-up state (see Journal.transact);
   * `tx.append(STREAMS.refunds, ...)` appends to that shard's refunds stream.
   */
  transact<R>(merchant: string, decide: (tx: JournalTransaction) => R): Promise<R> {
    if (this.journals.length === 1) return (this.journals[0] as Journal).transact(decide);
    const index = this.shardOf(merchant);
    const shard = this.layout[index] as LedgerShard;
    return (this.journals[index] as Journal).transact((tx) => decide({
      append: (stream, draft) => {
        const kind = streamKind(stream);
        if (kind === undefined || (stream !== shard.streams[kind] && stream !== STREAMS[kind])) {
          throw new Error(`ledger: a command for merchant ${merchant} (shard ${index}) cannot append to '${stream}'`);
        }
        return tx.append(shard.streams[kind], draft);
      },
    }));
  }

  /** Applies what other processes appended to every shard. */
  async catchUp(): Promise<void> {
    await Promise.all(this.journals.map((journal) => journal.catchUp()));
  }

  heads(): Record<string, StreamHead> {
    return Object.assign({}, ...this.journals.map((journal) => journal.heads())) as Record<string, StreamHead>;
  }

  /** Writes on every shard, or the first shard's reason why not. */
  health(): ReturnType<Journal['health']> {
    for (const journal of this.journals) {
      const health = journal.health();
      if (!health.ok) return health;
    }
    return { ok: true };
  }

  async close(): Promise<void> {
    await Promise.all(this.journals.map((journal) => journal.close()));
  }
}
