import { Journal, type JournalEvent, type JournalLogger, type JournalTransaction, type StreamHead } from '@payrail/journal';
import { LEDGER_LOCK, LedgerState, MERCHANT_EVENT_TYPES, STREAMS } from '@payrail/ledger';

/**
 * ledger-service's handle on the ledger: the three money streams under their one lock
 * (`ledger/.journal`), replayed from byte 0 into a LedgerState. The dispatcher reads object snapshots
 * from it; the settlement jobs append through `transact` (ledger-service writes `settled` events).
 */
export class Ledger {
  private readonly merchantEvents = new Map<string, { stream: string; event: JournalEvent }>();

  private constructor(
    readonly state: LedgerState,
    private journal: Journal | null,
  ) {}

  static async open(options: { dataDir: string; logger?: JournalLogger }): Promise<Ledger> {
    const ledger = new Ledger(new LedgerState(), null);
    ledger.journal = await Journal.open({
      dataDir: options.dataDir,
      streams: Object.values(STREAMS),
      lockName: LEDGER_LOCK,
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

  /** Runs `decide` under the ledger lock against caught-up state; see Journal.transact. */
  transact<R>(decide: (tx: JournalTransaction) => R): Promise<R> {
    return this.open().transact(decide);
  }

  /** Whether the ledger journal writes (see Journal.health). */
  health(): ReturnType<Journal['health']> {
    return this.journal === null ? { ok: false, reason: 'the ledger is closed' } : this.journal.health();
  }

  heads(): Record<string, StreamHead> {
    return this.open().heads();
  }

  async close(): Promise<void> {
    await this.journal?.close();
    this.journal = null;
  }

  private open(): Journal {
    if (this.journal === null) throw new Error('the ledger is closed');
    return this.journal;
  }
}
