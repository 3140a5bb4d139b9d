import * as path from 'node:path';
import { newId } from '@payrail/core';
import { ROOT_CONTEXT, SpanKind, activeSpan, markFailed, trace, traceparentOf, tracer, type HrTime, type Span } from '@payrail/tracing';
import { JournalCorruptError, JournalUnavailableError } from './errors';
import { sealEvent, unsealedOf } from './eventLine';
import { JournalLock, type LockOptions } from './lock';
import { quarantineTail } from './quarantine';
import { EMPTY_HEAD, Stream } from './stream';
import type { EventDraft, JournalEvent, StreamHead } from './types';

/** The most commands one lock acquisition and one fsync serve. */
export const BATCH_COMMANDS_MAX = 512;
/**
 * A writer with commands waiting keeps the lock for its next batch instead of releasing and taking it
 * again (a mkdir, a utimes and an rmdir: about half a millisecond here), but, when another process
 * waits for it (JournalLock.contended), for at most this many batches and milliseconds in a row.
 */
export const LOCK_HOLD_BATCHES_MAX = 16;
export const LOCK_HOLD_MS_MAX = 25;
/** The most events one command may append. */
export const COMMAND_EVENTS_MAX = 64;
/** The shortest queue that an idle journal splits in two batches (see Journal.batchSize). */
const PIPELINE_SPLIT_MIN = 16;
/** The most command spans one batch span links to (a batch serves up to BATCH_COMMANDS_MAX commands). */
export const BATCH_LINKS_MAX = 128;
const REFUSAL_CHARS_MAX = 200;

/** What one committed batch cost (for metrics): commands, events, and milliseconds by phase. */
export interface JournalBatchStats {
  commands: number;
  events: number;
  /** Waiting for the lock (0 when it was still held from the batch before). */
  lock_wait_ms: number;
  /** Under the lock: check before write and reading what others appended. */
  catch_up_ms: number;
  /** The write(2) calls, and the fdatasync that makes them durable. */
  write_ms: number;
  fsync_ms: number;
  /** From taking the lock to the end of the batch. */
  lock_ms: number;
  total_ms: number;
}

export interface JournalLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface JournalOptions {
  /** The data folder; stream names are paths inside it without `.jsonl`. */
  dataDir: string;
  /** The streams this journal writes and reads, e.g. `['ledger/payments', 'ledger/refunds']`. */
  streams: readonly string[];
  /** The lock, relative to dataDir: every writer of these streams must name the same one. */
  lockName: string;
  /** Called for every event in stream order: at open, on catch-up, and for this process's own commits. */
  onEvent(stream: string, event: JournalEvent): void;
  /** Forget every event: the journal is about to replay all streams from the start (after a failed write). */
  onReset?(): void;
  /** Called once when a stream fails verification and the journal starts refusing to write (metrics). */
  onCorrupt?(error: JournalCorruptError): void;
  /** Measures each committed batch (for metrics): commands, events, milliseconds by phase. */
  onBatch?(stats: JournalBatchStats): void;
  /**
   * Where reading starts, per stream, when the caller has already read the streams up to these heads
   * itself (a reconciliation's scan): `onEvent` then sees only what follows. Nothing is taken on trust
   * for writing: new lines must chain to the head, and before the first write the line ending at the
   * head must hash to it and the file must be the one the last writer marked (or it is verified whole).
   */
  startAt?: Readonly<Record<string, StreamHead>>;
  lock?: Partial<LockOptions>;
  logger?: JournalLogger;
  /** Where torn tails go; defaults to `${dataDir}/quarantine`. */
  quarantineDir?: string;
  now?: () => Date;
}

/** The handle a command gets inside the lock: it stages events, which commit when the command returns. */
export interface JournalTransaction {
  /** Stages an event on `stream` and returns it sealed (seq, hash, timestamp known). */
  append(stream: string, draft: EventDraft): JournalEvent;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface StagedWrite {
  lines: string[];
  /** The head after the staged lines. */
  head: StreamHead;
  /** The head before the batch: where a failed write is cut back to. */
  before: StreamHead;
}

interface PendingCommand {
  decide(tx: JournalTransaction): unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** The command's journal.commit span, when it was submitted inside a recording span. */
  span: Span | null;
  /** That span's traceparent, stamped on the lines the command appends. */
  traceparent: string | undefined;
}

const silentLogger: JournalLogger = { info() {}, warn() {}, error() {} };

/**
 * An append-only, hash-chained set of JSONL streams shared by several processes (DESIGN §3).
 *
 * A commit takes the lock, catches up on what other processes appended, runs each pending command
 * against the caught-up state and appends the accepted events in one write per stream; the fdatasync
 * then runs on the thread pool, outside the lock, and only when it ends are the callers answered (in
 * batch order). Commands arriving while a batch is in flight wait for the next one, so one lock and
 * one fsync serve many requests (group commit), and the next batch (this process's or another's) is
 * decided and written while the disk syncs the one before. The lock is released when no command
 * is waiting, or, when another process marked that it waits, after LOCK_HOLD_BATCHES_MAX batches or
 * LOCK_HOLD_MS_MAX milliseconds in a row.
 */
export class Journal {
  private readonly streams = new Map<string, Stream>();
  private readonly lock: JournalLock;
  private readonly logger: JournalLogger;
  private readonly quarantineDir: string;
  private readonly now: () => Date;
  private queue: PendingCommand[] = [];
  private flushing: Promise<void> | null = null;
  private broken: Error | null = null;
  private closed = false;
  private catchingUp: Promise<void> | null = null;
  /** Reads and batches run one at a time: both move the stream heads. */
  private exclusiveTail: Promise<unknown> = Promise.resolve();
  /** Since when, and for how many batches, the lock has been held without a release. */
  private holdStarted = 0;
  private heldBatches = 0;
  /** Whether this hold began after waiting for another process: only then is each batch's end a moment to look for waiters. */
  private holdAfterWait = false;
  private releaseScheduled = false;
  /** Until when the next batch waits after a release forced by the hold budget (others' turn). */
  private yieldUntil = 0;
  /** Batches written whose fdatasync has not ended yet, and the promise of the last one (see awaitDurable). */
  private syncing = 0;
  private durableTail: Promise<void> = Promise.resolve();
  /** Whether the first read, which verifies every line in full, is done (see Stream.scan's trustMarked). */
  private opened = false;
  /** The highest lock epoch on any line read: the next epoch is above it even if the epoch file was lost. */
  private epochSeen = 0;

  private constructor(private readonly options: JournalOptions) {
    this.logger = options.logger ?? silentLogger;
    this.quarantineDir = options.quarantineDir ?? path.join(options.dataDir, 'quarantine');
    this.now = options.now ?? (() => new Date());
    this.lock = new JournalLock(path.join(options.dataDir, options.lockName), options.lock, (error) =>
      this.logger.error({ err: error.message, lock: options.lockName }, 'journal lock compromised: the batch in flight is aborted'),
    );
  }

  /**
   * Opens every stream, recovers under the lock (a torn or bad final line goes to quarantine), and
   * replays every event through `onEvent`. A bad line anywhere else throws JournalCorruptError.
   */
  static async open(options: JournalOptions): Promise<Journal> {
    const journal = new Journal(options);
    for (const name of options.streams) {
      const stream = Stream.open(options.dataDir, name);
      const start = options.startAt?.[name];
      if (start !== undefined) stream.head = { ...start };
      journal.streams.set(name, stream);
    }
    try {
      await journal.lock.acquire(undefined, journal.epochSeen);
    } catch (error) {
      journal.closeStreams();
      throw new JournalUnavailableError(`cannot take the journal lock ${options.lockName}: ${(error as Error).message}`, error);
    }
    try {
      await journal.catchUpLocked();
      journal.opened = true;
    } catch (error) {
      journal.closeStreams();
      throw error;
    } finally {
      journal.lock.releaseQuietly();
    }
    return journal;
  }

  /** The head (offset, seq, hash) this process has read each stream to. */
  heads(): Record<string, StreamHead> {
    return Object.fromEntries([...this.streams].map(([name, stream]) => [name, { ...stream.head }]));
  }

  /**
   * Runs `decide` under the lock, after catching up, and commits the events it staged. Resolves with
   * what `decide` returned once those events are durable; rejects with what it threw (nothing of that
   * command is written), or with JournalUnavailableError when the batch could not be made durable.
   */
  transact<R>(decide: (tx: JournalTransaction) => R): Promise<R> {
    if (this.closed) return Promise.reject(new JournalUnavailableError('the journal is closed'));
    if (this.broken !== null) return Promise.reject(this.broken);
    // Traced only inside a recording span (a request's): background commits (metrics samples) make no traces.
    const span = activeSpan()?.isRecording() === true ? tracer().startSpan('journal.commit', { kind: SpanKind.INTERNAL, attributes: { 'journal.lock': this.options.lockName } }) : null;
    return new Promise<R>((resolve, reject) => {
      this.queue.push({
        decide,
        span,
        traceparent: span === null ? undefined : traceparentOf(span),
        resolve: (value) => {
          span?.end();
          resolve(value as R);
        },
        reject: (error) => {
          if (span !== null) endRefused(span, error);
          reject(error);
        },
      });
      this.kick();
    });
  }

  /** Appends drafts to one stream as one command. */
  append(stream: string, drafts: EventDraft | EventDraft[]): Promise<JournalEvent[]> {
    const list = Array.isArray(drafts) ? drafts : [drafts];
    return this.transact((tx) => list.map((draft) => tx.append(stream, draft)));
  }

  /**
   * Reads what other processes appended since the last read, without the lock (for fresh reads).
   * A bad or partial last line is left for the next writer to handle.
   */
  catchUp(): Promise<void> {
    if (this.catchingUp === null) {
      this.catchingUp = this.exclusive(async () => this.catchUpUnlocked()).finally(() => {
        this.catchingUp = null;
      });
    }
    return this.catchingUp;
  }

  /** Waits for the batch in flight, then closes the files. Commands queued after close are refused. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing !== null) await this.flushing;
    for (const pending of this.queue.splice(0)) pending.reject(new JournalUnavailableError('the journal is closed'));
    await this.durableTail.catch(() => undefined);
    this.releaseLock();
    this.closeStreams();
  }

  private closeStreams(): void {
    for (const stream of this.streams.values()) stream.close();
    this.streams.clear();
  }

  private kick(): void {
    if (this.flushing !== null || this.queue.length === 0) return;
    // Start the batch after the I/O callbacks of this turn of the event loop (setImmediate), so that
    // requests that arrived together, on other sockets, join it: the flush itself does not yield.
    const yieldMs = this.yieldUntil - performance.now();
    this.flushing = new Promise<void>((resolve) => (yieldMs > 0 ? setTimeout(resolve, yieldMs) : setImmediate(resolve)))
      .then(() => this.exclusive(() => this.flush()))
      .finally(() => {
        this.flushing = null;
        if (this.queue.length > 0) this.kick();
        else this.releaseWhenIdle();
      });
  }

  /**
   * How many queued commands the next batch takes. While an fdatasync runs, all of them (up to
   * BATCH_COMMANDS_MAX): they are decided and written while the disk works. With none running and a
   * long queue, half: the other half then goes while the first half's fdatasync runs, so that deciding
   * and syncing overlap from then on (callers that wait for their answer before their next command
   * would otherwise arrive together and pay the CPU and the disk one after the other). After waiting
   * for another process's lock, all of them: the lock goes back to the others after this batch, and
   * what stays queued would wait a whole round.
   */
  private batchSize(waited: boolean): number {
    if (waited || this.syncing > 0 || this.queue.length < PIPELINE_SPLIT_MIN) return BATCH_COMMANDS_MAX;
    return Math.min(BATCH_COMMANDS_MAX, Math.ceil(this.queue.length / 2));
  }

  /**
   * Releases a held lock once this turn's I/O has been looked at and no new command came: requests
   * that arrive together with the answers of the last batch reuse the lock it took.
   */
  private releaseWhenIdle(): void {
    if (!this.lock.held || this.releaseScheduled) return;
    this.releaseScheduled = true;
    setImmediate(() => {
      this.releaseScheduled = false;
      // While a batch syncs, its callers' next commands are about to come: the lock stays, unless
      // another process waits for it (then it can write while this one's fdatasync runs).
      if (this.flushing === null && this.queue.length === 0 && (this.syncing === 0 || this.lock.contended)) this.releaseLock();
    });
  }

  private releaseLock(): void {
    try {
      this.lock.releaseQuietly();
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'journal lock release failed');
    }
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.exclusiveTail.then(work, work);
    this.exclusiveTail = run.catch(() => undefined);
    return run;
  }

  private stream(name: string): Stream {
    const stream = this.streams.get(name);
    if (stream === undefined) throw new Error(`journal: unknown stream '${name}' (open it with streams: [...])`);
    return stream;
  }

  /**
   * Writes the next batch. Its commands are taken from the queue once the lock is held, so that those
   * that came while another process held it join the batch.
   */
  private async flush(): Promise<void> {
    if (this.queue.length === 0) return;
    const started = performance.now();
    let waited = false;
    if (!this.lock.held) {
      try {
        // While another process holds the lock, check what it and others already appended, so that under
        // the lock only the last batch remains to be read: the checking work of processes overlaps.
        await this.lock.acquire(() => {
          waited = true;
          this.catchUpUnlocked();
        }, this.epochSeen);
      } catch (error) {
        const failure = error instanceof JournalCorruptError
          ? error
          : new JournalUnavailableError(`journal lock busy or unavailable: ${(error as Error).message}`, error);
        for (const pending of this.queue.splice(0, BATCH_COMMANDS_MAX)) pending.reject(failure);
        return;
      }
      this.holdStarted = performance.now();
      this.heldBatches = 0;
      this.holdAfterWait = waited;
    }
    const batch = this.queue.splice(0, this.batchSize(waited));
    const locked = performance.now();
    let failed = false;
    const outcomes: Outcome[] = [];
    let events = 0;
    let caughtUp = locked;
    let decided = locked;
    let written: { streams: Stream[]; write_ms: number } = { streams: [], write_ms: 0 };
    try {
      for (const stream of this.streams.values()) stream.checkBeforeWrite();
      await this.catchUpLocked();
      caughtUp = performance.now();
      const staged = this.runCommands(batch, outcomes);
      decided = performance.now();
      events = [...staged.values()].reduce((sum, s) => sum + s.lines.length, 0);
      written = this.writeStaged(staged);
    } catch (error) {
      failed = true;
      const failure = error instanceof JournalCorruptError || error instanceof JournalUnavailableError
        ? error
        : new JournalUnavailableError(`journal write failed: ${(error as Error).message}`, error);
      for (let i = 0; i < batch.length; i++) outcomes[i] = { ok: false, error: failure };
      if (error instanceof JournalCorruptError) this.refuseWrites(error);
    }
    this.heldBatches += 1;
    // Kept for the next batch while all is well; at the end of each hold budget (see LOCK_HOLD_*) it
    // is given up if another process said it waits, or else a new budget starts.
    let release = failed || this.closed;
    if (!release && (this.heldBatches >= LOCK_HOLD_BATCHES_MAX || performance.now() - this.holdStarted >= LOCK_HOLD_MS_MAX)) {
      release = this.lock.contended;
      if (release) this.lock.clearWaiting();
      this.heldBatches = 0;
      this.holdStarted = performance.now();
    }
    if (release) {
      this.releaseLock();
    } else if (this.holdAfterWait && this.queue.length === 0 && this.lock.contended) {
      // Nothing more to write and another process waits: its turn now, not after this turn's I/O.
      // (A lone writer skips the look, a stat per batch; others waiting then get the lock at its idle
      // release or at the end of its hold budget.)
      this.releaseLock();
    }
    if (release) {
      // Then it waits longer than a waiter's longest pause between attempts, so every waiter in any
      // process tries at least once while the lock is free (mkdir locks keep no queue).
      if (!failed && !this.closed) this.yieldUntil = performance.now() + this.lock.retryPauseMaxMs + 1;
    }
    const unlocked = performance.now();
    this.awaitDurable(batch, outcomes, written.streams, failed, (fsync: { started: number; ended: number }) => {
      const stats: JournalBatchStats = {
        commands: batch.length,
        events,
        lock_wait_ms: locked - started,
        catch_up_ms: caughtUp - locked,
        write_ms: written.write_ms,
        fsync_ms: fsync.ended - fsync.started,
        lock_ms: unlocked - locked,
        total_ms: fsync.ended - started,
      };
      this.options.onBatch?.(stats);
      this.traceBatch(batch, stats, { started, locked, caughtUp, decided, syncStarted: fsync.started, ended: fsync.ended }, failed);
    });
  }

  /**
   * Makes a written batch durable off the lock and off the batch chain: its fdatasyncs run on the thread
   * pool while the next batch is decided and written (by this process, or by another once the lock is
   * free), and its callers are answered when they end, in batch order: a batch is acknowledged only
   * when it and every batch written before it by this process are on disk (a batch that wrote nothing
   * still waits for those, since its answers may rest on them). A failed fdatasync leaves the files in
   * an unknown state that later lines may already chain to: the journal then refuses every command
   * until the service restarts and re-verifies the files.
   */
  private awaitDurable(batch: PendingCommand[], outcomes: Outcome[], streams: Stream[], failed: boolean, measured: (fsync: { started: number; ended: number }) => void): void {
    const syncStarted = performance.now();
    const synced = Promise.all(streams.map((stream) => stream.sync()));
    synced.catch(() => undefined); // observed below, after the batches before it
    const durable = this.durableTail.then(() => synced).then(() => undefined);
    this.durableTail = durable;
    this.syncing += 1;
    const settle = (error: unknown): void => {
      this.syncing -= 1;
      if (error !== null && !failed) {
        const failure = error instanceof JournalUnavailableError
          ? error
          : new JournalUnavailableError(`journal fdatasync failed: ${(error as Error).message}; what was written may not be on disk, restart the service`, error);
        if (this.broken === null) {
          this.logger.error({ err: failure.message }, 'journal: fdatasync failed; refusing to write');
          this.broken = failure;
        }
        for (let i = 0; i < batch.length; i++) outcomes[i] = { ok: false, error: failure };
      }
      measured({ started: syncStarted, ended: performance.now() });
      batch.forEach((pending, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok === true) pending.resolve(outcome.value);
        else pending.reject(outcome?.error ?? new Error('journal: command had no outcome'));
      });
      if (this.flushing === null && this.queue.length === 0) this.releaseWhenIdle();
    };
    durable.then(() => settle(null), (error: unknown) => settle(error ?? new Error('fdatasync failed')));
  }

  /**
   * The spans of a batch, laid out after the fact from its timings: `journal.batch`, a child of the
   * first traced command's span and linked to every traced command (up to BATCH_LINKS_MAX), with one
   * child span per phase (lock_wait, catch_up, decide, write, fsync); and on each command's span a link
   * back to the batch and a `journal.batch` event with the batch's numbers. Group commit serves many
   * traces with one batch: each of them shows which batch made its events durable, and what it cost.
   */
  private traceBatch(batch: PendingCommand[], stats: JournalBatchStats, at: { started: number; locked: number; caughtUp: number; decided: number; syncStarted: number; ended: number }, failed: boolean): void {
    const traced = batch.filter((pending): pending is PendingCommand & { span: Span } => pending.span !== null);
    const first = traced[0];
    if (first === undefined) return;
    const attributes = { 'journal.lock': this.options.lockName, 'journal.batch.commands': stats.commands, 'journal.batch.events': stats.events };
    // The phases' times are performance.now() readings: all are put on the wall clock with one offset, so
    // they keep their order and lengths (the SDK would offset each span by its own millisecond reading).
    const offset_ms = Date.now() - performance.timeOrigin - performance.now();
    const clock = (reading: number): HrTime => wallTime(performance.timeOrigin + reading + offset_ms);
    const parent = trace.setSpan(ROOT_CONTEXT, first.span);
    const batchSpan = tracer().startSpan('journal.batch', {
      kind: SpanKind.INTERNAL,
      startTime: clock(at.started),
      attributes: { ...attributes, 'journal.batch.traced_commands': traced.length },
      links: traced.slice(0, BATCH_LINKS_MAX).map((pending) => ({ context: pending.span.spanContext(), attributes: { 'journal.link': 'command' } })),
    }, parent);
    const inBatch = trace.setSpan(parent, batchSpan);
    const phases: Array<[string, number, number]> = [
      ['journal.lock_wait', at.started, at.locked],
      ['journal.catch_up', at.locked, at.caughtUp],
      ['journal.decide', at.caughtUp, at.decided],
      ['journal.write', at.decided, at.syncStarted],
      ['journal.fsync', at.syncStarted, at.ended],
    ];
    for (const [name, start, end] of phases) if (end > start || name === 'journal.lock_wait') tracer().startSpan(name, { kind: SpanKind.INTERNAL, startTime: clock(start) }, inBatch).end(clock(end));
    if (failed) batchSpan.setAttribute('journal.batch.failed', true);
    batchSpan.end(clock(at.ended));
    const link = { context: batchSpan.spanContext(), attributes: { 'journal.link': 'batch' } };
    const event = {
      'journal.batch.commands': stats.commands,
      'journal.lock_wait_ms': round3(stats.lock_wait_ms),
      'journal.catch_up_ms': round3(stats.catch_up_ms),
      'journal.write_ms': round3(stats.write_ms),
      'journal.fsync_ms': round3(stats.fsync_ms),
    };
    const ended = clock(at.ended);
    for (const pending of traced) pending.span.addLink(link).addEvent('journal.batch', event, ended);
  }

  /** Runs each command against the caught-up state; staged events of a command that throws are dropped. */
  private runCommands(batch: PendingCommand[], outcomes: Outcome[]): Map<Stream, StagedWrite> {
    const staged = new Map<Stream, StagedWrite>();
    const timestamp = this.now().toISOString();
    for (const pending of batch) {
      const mine: Array<{ stream: Stream; event: JournalEvent; line: string }> = [];
      const heads = new Map<Stream, StreamHead>();
      const tx: JournalTransaction = {
        append: (name, draft) => {
          if (mine.length >= COMMAND_EVENTS_MAX) throw new Error(`a command may append at most ${COMMAND_EVENTS_MAX} events`);
          const stream = this.stream(name);
          const head = heads.get(stream) ?? staged.get(stream)?.head ?? stream.head;
          const { event, line } = sealEvent(unsealedOf(draft, {
            event_id: draft.event_id === undefined ? newId('evt') : draft.event_id,
            seq: head.seq + 1,
            timestamp,
            prev_hash: head.hash,
            traceparent: pending.traceparent,
            epoch: this.lock.epoch,
          }));
          heads.set(stream, { offset: head.offset + Buffer.byteLength(line), seq: event.seq, hash: event.hash });
          mine.push({ stream, event, line });
          return event;
        },
      };
      try {
        outcomes.push({ ok: true, value: pending.decide(tx) });
      } catch (error) {
        outcomes.push({ ok: false, error });
        continue;
      }
      for (const { stream, event, line } of mine) {
        let slot = staged.get(stream);
        if (slot === undefined) {
          slot = { lines: [], head: stream.head, before: stream.head };
          staged.set(stream, slot);
        }
        slot.lines.push(line);
        this.options.onEvent(stream.name, event);
      }
      for (const [stream, head] of heads) {
        const slot = staged.get(stream);
        if (slot !== undefined) slot.head = head;
      }
    }
    return staged;
  }

  /** Writes each stream's staged lines in one write (under the lock); durability follows (awaitDurable). */
  private writeStaged(staged: Map<Stream, StagedWrite>): { streams: Stream[]; write_ms: number } {
    const written: Stream[] = [];
    let write_ms = 0;
    if (staged.size === 0) return { streams: written, write_ms };
    // The bytes are ready before the fencing check (see JournalLock), the last look before they go out:
    // between the two, only the write calls.
    const buffers = [...staged].map(([stream, slot]) => [stream, Buffer.from(slot.lines.join(''))] as const);
    if (!this.lock.stillHeld()) {
      const why = this.lock.compromised?.message ?? 'released';
      this.rebuild();
      throw new JournalUnavailableError(`journal lock lost before the write (${why}); nothing was written`);
    }
    try {
      for (const [stream, bytes] of buffers) {
        written.push(stream);
        write_ms += stream.append(bytes);
      }
    } catch (error) {
      // Undo what reached the files, then rebuild the in-memory state from disk.
      for (const stream of written) {
        try {
          stream.truncate(staged.get(stream)?.before.offset ?? 0);
        } catch (truncateError) {
          this.broken = new JournalUnavailableError(`cannot undo a failed write on ${stream.name}: ${(truncateError as Error).message}; restart the service`);
        }
      }
      this.rebuild();
      throw new JournalUnavailableError(`journal write failed: ${(error as Error).message}`, error);
    }
    for (const [stream, slot] of staged) {
      stream.head = slot.head;
      stream.markWritten(slot.lines[slot.lines.length - 1] as string);
    }
    return { streams: written, write_ms };
  }

  /** From now on every command is refused with `error`, until the files are repaired and the process restarts. */
  private refuseWrites(error: JournalCorruptError): void {
    if (this.broken === null) {
      this.logger.error({ stream: error.stream, line: error.lineNumber, byte: error.offset, reason: error.reason }, 'journal: a stream failed verification; refusing to write');
      this.options.onCorrupt?.(error);
    }
    this.broken = error;
  }

  /** ok, or why this journal refuses to write (for /ready). */
  health(): { ok: true } | { ok: false; reason: string; stream?: string; line?: number; byte?: number } {
    const broken = this.broken;
    if (broken === null) return this.closed ? { ok: false, reason: 'the journal is closed' } : { ok: true };
    if (broken instanceof JournalCorruptError) return { ok: false, reason: broken.message, stream: broken.stream, line: broken.lineNumber, byte: broken.offset };
    return { ok: false, reason: broken.message };
  }

  /**
   * Reads every stream again from its start up to the heads this journal has read, through `onEvent`
   * (synchronously: no event is applied or head moved meanwhile). For a state fed by several journals
   * (the shards of a ledger): when one of them resets, the others replay what they had read into it.
   */
  replayRead(onEvent: (stream: string, event: JournalEvent) => void): void {
    for (const stream of this.streams.values()) stream.replay((event) => onEvent(stream.name, event));
  }

  /** Forgets everything and replays from the files: the way back after a batch failed to persist. */
  private rebuild(): void {
    this.options.onReset?.();
    for (const stream of this.streams.values()) stream.head = EMPTY_HEAD;
    this.catchUpUnlocked();
  }

  /**
   * Under the lock: apply what others appended; quarantine a torn final line. Only an unterminated tail
   * that follows verified bytes is ever cut: a complete line that fails its checks may be an
   * acknowledged event someone edited, so it stops the writer instead (a torn write never leaves one).
   */
  private async catchUpLocked(): Promise<void> {
    for (const stream of this.streams.values()) {
      const scan = stream.scan((event) => this.read(stream.name, event), this.opened);
      stream.head = scan.head;
      if (scan.bad !== undefined) {
        throw new JournalCorruptError(stream.name, scan.bad.lineNumber, scan.bad.offset, scan.bad.reason);
      }
      const reason = scan.partialBytes > 0 ? 'torn final line: no newline (a writer died mid-write)' : null;
      if (reason !== null) {
        const record = await quarantineTail({ file: stream.file, stream: stream.name, offset: stream.head.offset, reason, quarantineDir: this.quarantineDir });
        this.logger.warn({ stream: stream.name, offset: record.offset, bytes: record.length, reason, quarantine: record.bytes_file }, 'journal: moved an unacknowledged tail to quarantine');
      }
    }
  }

  /** An event read from a stream (another writer's, or replayed at open). */
  private read(stream: string, event: JournalEvent): void {
    if (event.epoch !== undefined && event.epoch > this.epochSeen) this.epochSeen = event.epoch;
    this.options.onEvent(stream, event);
  }

  private catchUpUnlocked(): void {
    for (const stream of this.streams.values()) {
      const scan = stream.scan((event) => this.read(stream.name, event), this.opened);
      stream.head = scan.head;
      if (scan.bad !== undefined && !scan.bad.isLastLine) {
        const error = new JournalCorruptError(stream.name, scan.bad.lineNumber, scan.bad.offset, scan.bad.reason);
        this.refuseWrites(error);
        throw error;
      }
    }
  }
}


const round3 = (ms: number): number => Math.round(ms * 1000) / 1000;

/** Unix milliseconds (fractional) as an HrTime, [seconds, nanoseconds]. */
function wallTime(unix_ms: number): HrTime {
  const seconds = Math.floor(unix_ms / 1000);
  return [seconds, Math.min(999_999_999, Math.round((unix_ms - seconds * 1000) * 1e6))];
}

/**
 * Ends a command's span that was not committed: an error status when the journal could not make it
 * durable; a command its own decision refused (a 409, a validation) is an outcome, not a failure.
 */
function endRefused(span: Span, error: unknown): void {
  if (error instanceof JournalUnavailableError || error instanceof JournalCorruptError) markFailed(span, error);
  else span.setAttributes({ 'journal.outcome': 'refused', 'journal.refusal': (error instanceof Error ? error.message : String(error)).slice(0, REFUSAL_CHARS_MAX) });
  span.end();
}
