import { OffsetStore, type StreamHead } from '@payrail/journal';

/** A batch of tailed events whose deliveries are not all handed over yet. */
export interface CheckpointTicket {
  stream: string;
  head: StreamHead;
  /** Deliveries of the batch whose first attempt is not recorded yet. */
  open: number;
}

/** How often the checkpoint file is rewritten at most. */
const CHECKPOINT_INTERVAL_MS = 250;

/**
 * The dispatcher's checkpoint, `outbox/offsets.json`: per ledger stream, the head after the last batch
 * of events whose every delivery has its first attempt recorded in `outbox/deliveries.jsonl` (or was
 * dropped because its endpoint went away). A restart resumes the tailers there. Events after it may
 * have been sent already; the recorded attempts say which, so only an attempt in flight at the crash
 * is sent twice (at-least-once; receivers dedupe by `webhook-id`).
 */
export class Checkpoint {
  private readonly pending = new Map<string, CheckpointTicket[]>();
  private readonly safe: Record<string, StreamHead>;
  private dirty = false;
  private saving: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  private constructor(private readonly store: OffsetStore, saved: Record<string, StreamHead>) {
    this.safe = { ...saved };
  }

  static async load(file: string): Promise<Checkpoint> {
    const store = new OffsetStore(file);
    return new Checkpoint(store, await store.load());
  }

  /** Where a stream resumes: the saved head, or undefined for the start. */
  resumeFrom(stream: string): StreamHead | undefined {
    return this.safe[stream];
  }

  /** Forgets a stream's head (it does not match the stream any more): it is read again from the start. */
  reset(stream: string): void {
    delete this.safe[stream];
    this.dirty = true;
  }

  /** Registers a batch read up to `head`; the ticket is settled once each of its `open` deliveries is released. */
  track(stream: string, head: StreamHead, open: number): CheckpointTicket {
    const ticket: CheckpointTicket = { stream, head, open };
    const queue = this.pending.get(stream) ?? [];
    queue.push(ticket);
    this.pending.set(stream, queue);
    this.advance(stream);
    return ticket;
  }

  /** One delivery of the ticket's batch has its first attempt recorded (or needs none). */
  release(ticket: CheckpointTicket): void {
    ticket.open -= 1;
    this.advance(ticket.stream);
  }

  /** The heads saved (or about to be). */
  heads(): Record<string, StreamHead> {
    return { ...this.safe };
  }

  /** Writes the file every CHECKPOINT_INTERVAL_MS while it changes, and while `mayWrite` (the dispatcher lease is held). */
  start(onError: (error: Error) => void, mayWrite: () => boolean = () => true): void {
    this.timer = setInterval(() => {
      if (mayWrite()) this.flush().catch(onError);
    }, CHECKPOINT_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops writing without a last write: another process holds the dispatcher lease and writes the file now. */
  abandon(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Writes the file now if it changed. */
  async flush(): Promise<void> {
    while (this.saving !== null) await this.saving;
    if (!this.dirty) return;
    this.dirty = false;
    this.saving = this.store.save(this.heads()).catch((error: unknown) => {
      this.dirty = true; // written on the next tick
      throw error;
    }).finally(() => {
      this.saving = null;
    });
    await this.saving;
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    await this.flush();
  }

  private advance(stream: string): void {
    const queue = this.pending.get(stream);
    while (queue !== undefined && queue.length > 0 && (queue[0] as CheckpointTicket).open <= 0) {
      this.safe[stream] = (queue.shift() as CheckpointTicket).head;
      this.dirty = true;
    }
  }
}
