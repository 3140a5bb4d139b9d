import { closeSync, fstatSync, openSync } from 'node:fs';
import * as path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { readJsonFile, writeJsonAtomic } from './atomicFile';
import { checkLine } from './eventLine';
import { readLines } from './lineReader';
import { EMPTY_HEAD } from './stream';
import type { JournalEvent, StreamHead } from './types';

/** The most events handed to `onEvents` in one call. */
export const TAIL_BATCH_EVENTS_MAX = 1_000;

export interface TailerOptions {
  /** `${dataDir}/${stream}.jsonl` is tailed. */
  dataDir: string;
  stream: string;
  /** Where to start: a checkpointed head, or the start of the stream. */
  from?: StreamHead;
  /** Receives complete, verified lines in order. The head moves past them only after it resolves. */
  onEvents(events: JournalEvent[], head: StreamHead): Promise<void>;
  /** The safety-net poll, for when a file-system event is missed. */
  poll_ms?: number;
  /** Called when a line fails verification; the tailer stops there and retries on the next wake-up. */
  onError?(error: Error): void;
}

/**
 * Follows one stream from a byte offset. chokidar change events only wake the reader; the data always
 * comes from a read up to the last complete newline, so a line written in two pieces is delivered once,
 * whole. A periodic poll is the safety net.
 */
export class StreamTailer {
  private head: StreamHead;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private fd: number | null = null;
  private readonly file: string;

  constructor(private readonly options: TailerOptions) {
    this.head = options.from ?? EMPTY_HEAD;
    this.file = path.join(options.dataDir, `${options.stream}.jsonl`);
  }

  get position(): StreamHead {
    return { ...this.head };
  }

  /** Starts watching and reads what is already there. */
  start(): void {
    this.watcher = watch(this.file, { ignoreInitial: false, persistent: true });
    this.watcher.on('add', () => this.wake()).on('change', () => this.wake()).on('error', (error) => this.options.onError?.(error as Error));
    this.timer = setInterval(() => this.wake(), this.options.poll_ms ?? 1_000);
    this.timer.unref();
    this.wake();
  }

  /** Reads whatever is new now; resolves when caught up. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.wake();
      }
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    await this.watcher?.close();
    await this.running;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private async drain(): Promise<void> {
    try {
      if (this.fd === null) {
        try {
          this.fd = openSync(this.file, 'r');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw error;
        }
      }
      for (;;) {
        const size = fstatSync(this.fd).size;
        if (size <= this.head.offset) return;
        const events: JournalEvent[] = [];
        let head = this.head;
        let failure: Error | null = null;
        readLines(this.fd, head.offset, size, (line, offset) => {
          const checked = checkLine(line, { seq: head.seq + 1, prevHash: head.hash });
          if (!checked.ok) {
            failure = new Error(`${this.options.stream}: line ${head.seq + 1} at byte ${offset}: ${checked.reason}`);
            return false;
          }
          events.push(checked.event);
          head = { offset: offset + Buffer.byteLength(line) + 1, seq: checked.event.seq, hash: checked.event.hash };
          return events.length < TAIL_BATCH_EVENTS_MAX;
        });
        if (events.length > 0) {
          await this.options.onEvents(events, head);
          this.head = head;
        }
        if (failure !== null) throw failure;
        if (events.length < TAIL_BATCH_EVENTS_MAX) return; // only a partial line (or nothing) is left
      }
    } catch (error) {
      this.options.onError?.(error as Error);
    }
  }
}

/** A file of checkpointed heads, one per stream, written atomically (temp, fsync, rename). */
export class OffsetStore {
  constructor(private readonly file: string) {}

  async load(): Promise<Record<string, StreamHead>> {
    const saved = await readJsonFile<{ streams?: Record<string, StreamHead> }>(this.file, {});
    return saved.streams ?? {};
  }

  async save(heads: Record<string, StreamHead>): Promise<void> {
    await writeJsonAtomic(this.file, { updated_at: new Date().toISOString(), streams: heads });
  }
}
