import * as path from 'node:path';
import { canonicalJson, sha256Hex } from '@payrail/core';
import { JournalCorruptError, JournalUnavailableError } from './errors';
import { LINE_BYTES_MAX, checkLine } from './eventLine';
import { JournalLock, type LockOptions } from './lock';
import { quarantineTail } from './quarantine';
import { Stream } from './stream';
import type { JournalEvent, StreamHead } from './types';

/** The most events one bulk batch writes: one lock turn, one write and one fdatasync per stream. */
export const BULK_BATCH_EVENTS_MAX = 16_384;
/** The most bytes one bulk batch stages per stream before it is written (about 16 MB). */
export const BULK_BATCH_BYTES_MAX = 16 * 1024 * 1024;
/** Every this many lines (and the first of each batch), a staged line is checked as a reader would: JSON, schema, seq, chain, hash. */
export const BULK_CHECK_EVERY = 256;

/**
 * One event of a bulk append: the stream it goes to and its encoder. `encode(seq, prevHash, epoch)`
 * returns the canonical JSON of the event without `hash` (keys sorted at every level, as `canonicalJson`
 * writes it), with `seq`, `prev_hash` and `epoch` (the writer's lock epoch, see JournalLock) set to the
 * values given: the bulk path hashes and seals it.
 */
export interface BulkEvent {
  stream: string;
  encode(seq: number, prevHash: string, epoch: number): string;
}

/** What a bulk append wrote. */
export interface BulkAppendResult {
  /** Lines appended per stream. */
  events: Record<string, number>;
  batches: number;
  /** Every stream's head after the last batch. */
  heads: Record<string, StreamHead>;
}

export interface BulkAppendOptions {
  dataDir: string;
  /** Every stream the events may go to. Each is caught up under the lock before each batch. */
  streams: readonly string[];
  /** The lock every writer of these streams names (the Journal's `lockName`). */
  lockName: string;
  /**
   * The events, pulled lazily under the lock, after the catch-up that precedes each batch: a source
   * that decides what to append (skipping what is recorded already) decides against the ledger as it
   * is under the lock. It may end early; it is never pulled twice for one event.
   */
  source: Iterator<BulkEvent>;
  /**
   * Where reading starts, per stream, when the caller already read the streams to these heads (a
   * scan): only what follows is read. Nothing is taken on trust for writing: before the first write
   * the line ending at each head must hash to it, and the file must be the one the last writer marked
   * (else it is verified whole). A stream without a head is read and verified from its start.
   */
  startAt?: Readonly<Record<string, StreamHead>>;
  /** Called for each event other writers appended, as the catch-up before a batch reads it. */
  onEvent?(stream: string, event: JournalEvent): void;
  /** Called after each durable batch, with the number of events it appended. */
  onBatch?(events: number): void;
  batch_events_max?: number;
  lock?: Partial<LockOptions>;
  /** Where torn tails go; defaults to `${dataDir}/quarantine`. */
  quarantineDir?: string;
}

interface Staged {
  stream: Stream;
  /** The batch's lines, encoded as they are made into the stream's buffer (see StagingBuffers). */
  buffer: Buffer;
  lines: number;
  bytes: number;
  head: StreamHead;
  lastLine: string;
}

/**
 * One buffer per stream, reused from batch to batch, that each line is encoded into as soon as it is
 * made. Kept as strings and joined at the write, a batch's lines outlived young-generation collections
 * and the joined text and its Buffer copy were two large objects per batch (a 1M-payment reconcile
 * peaked at 477-486 MB that way, 451 MB this way). Now a line dies young, and a batch allocates
 * nothing large once the buffer has grown.
 */
class StagingBuffers {
  private readonly buffers = new Map<Stream, Buffer>();

  /** The stream's buffer, with room for `bytes` (its first `used` bytes kept when it grows). */
  room(stream: Stream, used: number, bytes: number): Buffer {
    const buffer = this.buffers.get(stream);
    if (buffer !== undefined && buffer.length >= used + bytes) return buffer;
    const grown = Buffer.allocUnsafe(Math.max(STAGING_BYTES_MIN, 2 * (buffer?.length ?? 0), used + bytes));
    buffer?.copy(grown, 0, 0, used);
    this.buffers.set(stream, grown);
    return grown;
  }
}

/** The first staging buffer of a stream; it doubles as a batch needs (at most BULK_BATCH_BYTES_MAX and one line). */
const STAGING_BYTES_MIN = 1024 * 1024;

/**
 * The journal's bulk path, for jobs that append hundreds of thousands of events at once (a night's
 * reconciliation outcomes, synthetic data): the same commit protocol as `Journal.transact` (DESIGN
 * §3: lock, check before write, catch up, append in one write per stream, fdatasync, release), in
 * batches of up to BULK_BATCH_EVENTS_MAX events, with the hash chain computed in a tight loop over
 * encoders instead of one sealed object per event.
 *
 * The lock is kept from batch to batch while nobody else waits for it, and given up between two
 * batches when another writer marked that it waits (then taken again); the event loop turns between
 * batches, so the lock's refresh timer runs. Every BULK_CHECK_EVERY lines, and the first line of
 * each batch, a staged line is checked as a reader checks it (JSON, schema, seq, chain, hash): an
 * encoder that writes a bad line has its batch refused before anything of it is written. A failed
 * write is cut back to the batch's start; a torn tail found before a batch is quarantined.
 */
export async function bulkAppend(options: BulkAppendOptions): Promise<BulkAppendResult> {
  const batchEventsMax = Math.min(options.batch_events_max ?? BULK_BATCH_EVENTS_MAX, BULK_BATCH_EVENTS_MAX);
  if (!(batchEventsMax >= 1)) throw new Error(`bulkAppend: batch_events_max must be at least 1, got ${options.batch_events_max}`);
  const quarantineDir = options.quarantineDir ?? path.join(options.dataDir, 'quarantine');
  const lock = new JournalLock(path.join(options.dataDir, options.lockName), options.lock);
  const streams = new Map<string, Stream>();
  const buffers = new StagingBuffers();
  const result: BulkAppendResult = { events: {}, batches: 0, heads: {} };
  let syncing: { written: Written[]; events: number; done: Promise<unknown> } | null = null;
  try {
    for (const name of options.streams) {
      const stream = Stream.open(options.dataDir, name);
      const start = options.startAt?.[name];
      if (start !== undefined) stream.head = { ...start };
      streams.set(name, stream);
      result.events[name] = 0;
    }
    // The highest lock epoch read on the streams: the next epoch is above it (see JournalLock).
    let epochSeen = 0;
    const read = (name: string, event: JournalEvent): void => {
      if (event.epoch !== undefined && event.epoch > epochSeen) epochSeen = event.epoch;
      options.onEvent?.(name, event);
    };
    /**
     * The batch written last, while its fdatasync runs on the thread pool (the next batch is sealed
     * meanwhile: the profile of a 1M-outcome reconcile had the write and fdatasync at 12 % of its time,
     * the process waiting). settle() waits for it: then it counts as appended (onBatch), or, when the
     * fdatasync failed, every stream is cut back to the batch's start and the append fails.
     */
    const settle = async (): Promise<void> => {
      const batch = syncing;
      if (batch === null) return;
      syncing = null;
      try {
        await batch.done;
      } catch (error) {
        for (const { stream, before } of batch.written) stream.truncate(before);
        throw new JournalUnavailableError(`journal fdatasync failed: ${(error as Error).message}; the batch was cut back`, error);
      }
      options.onBatch?.(batch.events);
    };
    let pending: BulkEvent | null = null;
    let exhausted = false;
    let checked = 0;
    while (!exhausted) {
      if (!lock.held) {
        try {
          await lock.acquire(undefined, epochSeen);
        } catch (error) {
          throw new JournalUnavailableError(`cannot take the journal lock ${options.lockName}: ${(error as Error).message}`, error);
        }
      }
      for (const stream of streams.values()) stream.checkBeforeWrite();
      await catchUp(streams, quarantineDir, read);
      const staged = new Map<Stream, Staged>();
      let events = 0;
      while (events < batchEventsMax) {
        let next: BulkEvent | null = pending;
        pending = null;
        if (next === null) {
          const item = options.source.next();
          if (item.done === true) {
            exhausted = true;
            break;
          }
          next = item.value;
        }
        const stream = streams.get(next.stream);
        if (stream === undefined) throw new Error(`bulkAppend: unknown stream '${next.stream}' (list it in streams: [...])`);
        let slot = staged.get(stream);
        if (slot === undefined) {
          slot = { stream, buffer: buffers.room(stream, 0, 0), lines: 0, bytes: 0, head: stream.head, lastLine: '' };
          staged.set(stream, slot);
        }
        if (slot.bytes >= BULK_BATCH_BYTES_MAX) {
          pending = next; // this stream's share of the batch is full: the event opens the next batch
          break;
        }
        const seq = slot.head.seq + 1;
        const body = next.encode(seq, slot.head.hash, lock.epoch);
        const hash = sha256Hex(slot.head.hash + body);
        const line = `${body.slice(0, -1)},"hash":"${hash}"}\n`;
        const bytes = Buffer.byteLength(line);
        if (bytes > LINE_BYTES_MAX) throw new Error(`bulkAppend: a ${next.stream} line is ${bytes} bytes, over ${LINE_BYTES_MAX}`);
        if (events === 0 || checked % BULK_CHECK_EVERY === 0) {
          const check = checkLine(line.slice(0, -1), { seq, prevHash: slot.head.hash });
          if (!check.ok) throw new Error(`bulkAppend: refusing to write an invalid ${next.stream} line at seq ${seq}: ${check.reason}`);
          if (line !== `${canonicalLineOf(check.event)}\n`) throw new Error(`bulkAppend: refusing to write a ${next.stream} line at seq ${seq} that is not canonical JSON`);
        }
        checked += 1;
        slot.buffer = buffers.room(stream, slot.bytes, bytes);
        if (slot.buffer.write(line, slot.bytes, bytes, 'utf8') !== bytes) throw new Error(`bulkAppend: a ${next.stream} line at seq ${seq} did not encode to its ${bytes} bytes`);
        slot.lines += 1;
        slot.bytes += bytes;
        slot.head = { offset: slot.head.offset + bytes, seq, hash };
        slot.lastLine = line;
        events += 1;
      }
      // The batch before this one was being made durable while this one was sealed: it must be before this one is written.
      await settle();
      if (events > 0) {
        const written = writeBatch(staged, lock);
        syncing = { written, events, done: Promise.all(written.map(({ stream }) => stream.sync())) };
        syncing.done.catch(() => undefined); // observed by settle()
      }
      for (const slot of staged.values()) result.events[slot.stream.name] = (result.events[slot.stream.name] ?? 0) + slot.lines;
      if (events > 0) result.batches += 1;
      if (exhausted) break;
      // Others' turn when they wait; either way the event loop turns (the lock's refresh timer runs).
      if (lock.contended) {
        await settle(); // never hand the lock over with a batch that is not durable yet (a failed one is cut back)
        lock.clearWaiting();
        lock.releaseQuietly();
        await new Promise((resolve) => setTimeout(resolve, lock.retryPauseMaxMs + 1));
      } else {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await settle();
    for (const [name, stream] of streams) result.heads[name] = { ...stream.head };
    return result;
  } finally {
    // A batch still being made durable when the append failed: its fdatasync finishes before its file is closed.
    const unsettled = syncing as { done: Promise<unknown> } | null;
    if (unsettled !== null) await unsettled.done.catch(() => undefined);
    lock.releaseQuietly();
    for (const stream of streams.values()) stream.close();
  }
}

/** The line a reader would expect for `event`: the fast-path comparison that proves the encoder wrote canonical JSON. */
function canonicalLineOf(event: JournalEvent): string {
  const { hash, ...body } = event;
  return `${canonicalJson(body).slice(0, -1)},"hash":"${hash}"}`;
}

/** Under the lock: reads and checks what others appended; quarantines a torn final line, refuses on any other bad line. */
async function catchUp(streams: Map<string, Stream>, quarantineDir: string, onEvent: (stream: string, event: JournalEvent) => void): Promise<void> {
  for (const stream of streams.values()) {
    const scan = stream.scan((event) => onEvent(stream.name, event));
    stream.head = scan.head;
    if (scan.bad !== undefined) throw new JournalCorruptError(stream.name, scan.bad.lineNumber, scan.bad.offset, scan.bad.reason);
    if (scan.partialBytes > 0) {
      await quarantineTail({ file: stream.file, stream: stream.name, offset: stream.head.offset, reason: 'torn final line: no newline (a writer died mid-write)', quarantineDir });
    }
  }
}

/** A stream a batch was written to, and where it ended before: where a failed batch is cut back to. */
interface Written {
  stream: Stream;
  before: number;
}

/** Writes each stream's staged lines in one write (fdatasync is the caller's); on failure cuts every stream back to its batch's start. */
function writeBatch(staged: Map<Stream, Staged>, lock: JournalLock): Written[] {
  // Fencing (see JournalLock): the last look before the bytes go out.
  if (!lock.stillHeld()) throw new JournalUnavailableError(`journal lock lost before the write (${lock.compromised?.message ?? 'released'}); nothing was written`);
  const written: Written[] = [];
  try {
    for (const slot of staged.values()) {
      if (slot.lines === 0) continue;
      written.push({ stream: slot.stream, before: slot.stream.head.offset });
      slot.stream.append(slot.buffer.subarray(0, slot.bytes));
    }
  } catch (error) {
    for (const { stream, before } of written) stream.truncate(before);
    throw new JournalUnavailableError(`journal write failed: ${(error as Error).message}`, error);
  }
  for (const slot of staged.values()) {
    if (slot.lines === 0) continue;
    slot.stream.head = slot.head;
    slot.stream.markWritten(slot.lastLine);
  }
  return written;
}
