import * as path from 'node:path';
import { writeJsonAtomic, type JournalBatchStats, type JournalCorruptError, type JournalEvent, type JournalLogger, type JournalTransaction, type StreamHead } from '@payrail/journal';
import { LedgerState, ShardedJournal } from '@payrail/ledger';

/** How often the derived snapshot `gateway/idempotency_keys.json` is rewritten when it changed. */
export const SNAPSHOT_INTERVAL_MS = 5_000;

/**
 * The gateway's ledger: the money streams of each shard under the shard's lock (so a refund and a
 * chargeback of one payment, which are its merchant's and so in one shard, are decided against the
 * same state), their in-memory state, and the derived snapshot. One shard is the unsharded ledger.
 */
export class Ledger {
  private snapshotTimer: NodeJS.Timeout | null = null;
  private dirty = false;
  private closed = false;

  private constructor(
    readonly state: LedgerState,
    private readonly journal: ShardedJournal,
    private readonly dataDir: string,
    private readonly idempotencyTtlMs: number,
  ) {}

  static async open(options: {
    dataDir: string;
    /** How many shards the ledger has (see openShardCount); 1 is the unsharded ledger. */
    shards?: number;
    logger?: JournalLogger;
    idempotencyTtlMs: number;
    onBatch?: (stats: JournalBatchStats) => void;
    /** Called once when a ledger stream fails verification and writes stop (for the alert metric). */
    onCorrupt?: (error: JournalCorruptError) => void;
    /** Called after each event is applied (for metrics). */
    onApplied?: (event: JournalEvent, state: LedgerState) => void;
  }): Promise<Ledger> {
    const state = new LedgerState();
    let ledger: Ledger | null = null;
    const journal = await ShardedJournal.open({
      dataDir: options.dataDir,
      shards: options.shards ?? 1,
      onEvent: (stream, event) => {
        state.apply(stream, event);
        options.onApplied?.(event, state);
        if (ledger !== null) ledger.dirty = true;
      },
      onReset: () => state.clear(),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
      ...(options.onCorrupt ? { onCorrupt: options.onCorrupt } : {}),
    });
    ledger = new Ledger(state, journal, options.dataDir, options.idempotencyTtlMs);
    await ledger.writeSnapshot();
    ledger.scheduleSnapshot(SNAPSHOT_INTERVAL_MS);
    return ledger;
  }

  /**
   * The snapshot holds every unexpired key, so it grows with traffic (a day of 500/s is 40M keys): the
   * next write waits at least 20 times as long as the last one took, so it never costs more than 5% of
   * the process, whatever its size.
   */
  private scheduleSnapshot(delay_ms: number): void {
    if (this.closed) return;
    this.snapshotTimer = setTimeout(() => {
      if (!this.dirty) return this.scheduleSnapshot(SNAPSHOT_INTERVAL_MS);
      const started = performance.now();
      void this.writeSnapshot().catch(() => undefined).finally(() => this.scheduleSnapshot(Math.max(SNAPSHOT_INTERVAL_MS, 20 * (performance.now() - started))));
    }, delay_ms);
    this.snapshotTimer.unref();
  }

  /** Whether the ledger journal writes (see Journal.health). */
  health(): ReturnType<ShardedJournal['health']> {
    return this.journal.health();
  }

  /** Runs `decide` under the lock of `merchant`'s shard against caught-up state; see ShardedJournal.transact. */
  transact<R>(merchant: string, decide: (tx: JournalTransaction) => R): Promise<R> {
    return this.journal.transact(merchant, decide);
  }

  /**
   * The merchant whose shard holds `id` (a payment, refund, dispute or escrow), for a command that
   * starts from the object rather than from a merchant's request (a processor webhook, the resolver,
   * a clock). Read after a catch-up of every shard when this process has not seen it yet; '' when no
   * shard has it (the command, under any shard's lock, then finds nothing). Unsharded: always ''.
   */
  async ownerOf(id: string): Promise<string> {
    if (this.journal.shards === 1) return '';
    const known = this.merchantOf(id);
    if (known !== undefined) return known;
    await this.catchUp();
    return this.merchantOf(id) ?? '';
  }

  private merchantOf(id: string): string | undefined {
    const { state } = this;
    return state.payments.get(id)?.merchant ?? state.refunds.get(id)?.merchant ?? state.disputes.get(id)?.merchant ?? state.escrows.escrows.get(id)?.merchant;
  }

  /** Applies what other processes appended, so a read sees every acknowledged write. */
  catchUp(): Promise<void> {
    return this.journal.catchUp();
  }

  heads(): Record<string, StreamHead> {
    return this.journal.heads();
  }

  /** `gateway/idempotency_keys.json`: key → request hash and the event that answered it (unexpired only). */
  async writeSnapshot(): Promise<void> {
    this.dirty = false;
    const cutoff = Date.now() - this.idempotencyTtlMs;
    const snapshot: Record<string, unknown> = {};
    for (const record of this.state.idempotency.values()) {
      if (record.created_ms < cutoff) continue;
      snapshot[`${record.merchant}:${record.key}`] = {
        request_hash: record.request_hash,
        stream: record.stream,
        event_id: record.event_id,
        pending: record.pending,
        expires_at: new Date(record.created_ms + this.idempotencyTtlMs).toISOString(),
      };
    }
    await writeJsonAtomic(path.join(this.dataDir, 'gateway', 'idempotency_keys.json'), snapshot);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.snapshotTimer !== null) clearTimeout(this.snapshotTimer);
    await this.journal.close();
    await this.writeSnapshot();
  }
}
