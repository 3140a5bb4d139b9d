import type { JournalEvent, JournalLogger, JournalTransaction, StreamHead } from '@payrail/journal';
import { LedgerState, MERCHANT_EVENT_TYPES, ShardedJournal, ledgerStreams } from '@payrail/ledger';

/**
 * ledger-service's handle on the ledger: the money streams of every shard, each shard under its lock
 * (`ledger/.journal` when unsharded), replayed from byte 0 into one LedgerState. The dispatcher reads object snapshots
 * from it; the settlement jobs append through `transact` (ledger-service writes `settled` events).
 */
export class Ledger {
  private readonly merchantEvents = new Map<string, { stream: string; event: JournalEvent }>();

  private constructor(
    readonly state: LedgerState,
    private journal: ShardedJournal | null,
  ) {}

  static async open(options: { dataDir: string; shards?: number; logger?: JournalLogger }): Promise<Ledger> {
    const ledger = new Ledger(new LedgerState(), null);
    ledger.journal = await ShardedJournal.open({
      dataDir: options.dataDir,
      shards: options.shards ?? 1,
      onEvent: (stream, event) => {
        ledger.state.apply(stream, event);
        if (MERCHANT_EVENT_TYPES.has(event.type)) ledger.merchantEvents.set(event.event_id, { stream, event });
      },
      onReset: () => {
        ledger.state.clear();
        ledger.merchantEvents.clear();
      },
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return ledger;
  }

  /** A merchant-visible event by its `evt_` id, once read. */
  merchantEvent(id: string): { stream: string; event: JournalEvent } | undefined {
    return this.merchantEvents.get(id);
  }

  /** Reads what the gateway (and others) appended since the last read. */
  catchUp(): Promise<void> {
    return this.open().catchUp();
  }

  /** Runs `decide` under the lock of `merchant`'s shard against caught-up state; see ShardedJournal.transact. */
  transact<R>(merchant: string, decide: (tx: JournalTransaction) => R): Promise<R> {
    return this.open().transact(merchant, decide);
  }

  /** Every ledger stream, shard by shard (the dispatcher tails each). */
  streams(): string[] {
    return ledgerStreams(this.open().shards);
  }

  /** Whether the ledger journal writes (see Journal.health). */
  health(): ReturnType<ShardedJournal['health']> {
    return this.journal === null ? { ok: false, reason: 'the ledger is closed' } : this.journal.health();
  }

  heads(): Record<string, StreamHead> {
    return this.open().heads();
  }

  async close(): Promise<void> {
    await this.journal?.close();
    this.journal = null;
  }

  private open(): ShardedJournal {
    if (this.journal === null) throw new Error('the ledger is closed');
    return this.journal;
  }
}
