import { closeSync, constants, fdatasync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, statSync, writeSync, type BigIntStats } from 'node:fs';
import * as path from 'node:path';
import { JournalCorruptError } from './errors';
import { GENESIS_HASH, LINE_BYTES_MAX, checkLine, checkLink } from './eventLine';
import { readLines } from './lineReader';
import type { JournalEvent, StreamHead } from './types';

export const EMPTY_HEAD: StreamHead = Object.freeze({ offset: 0, seq: 0, hash: GENESIS_HASH });

/** What reading a stream past its head found. */
export interface ScanResult {
  /** How many complete, valid lines were read (each was handed to `onEvent`). */
  count: number;
  head: StreamHead;
  /** The first bad complete line, if any, and whether it is the file's last line. */
  bad?: { offset: number; lineNumber: number; reason: string; isLastLine: boolean };
  /** Bytes after the last newline: a write in progress, or a tail torn by a crash. */
  partialBytes: number;
  /** Bytes after the head up to the file size (how much was looked at). */
  size: number;
}

/**
 * What the last writer of a stream saw of its file right after its append: size and change time. The
 * next writer (any process) compares them with the file under the lock; a difference means someone
 * else changed the file, and it re-verifies everything it holds before appending.
 */
/** The mark is one fixed-size record, rewritten in place. */
const MARK_BYTES = 192;

interface FileMark {
  size: number;
  ctime_ns: string;
  seq: number;
  hash: string;
}

/**
 * One JSONL file of a journal: its descriptor and the head (offset, seq, hash) this process has read to.
 * I/O is synchronous: it runs under the journal lock, where every thread-pool round trip would lengthen
 * the time the lock is held by every process.
 */
export class Stream {
  head: StreamHead = EMPTY_HEAD;
  /** `.<file>.mark` beside the stream: the FileMark of its last append, shared by every writer. */
  private readonly markFile: string;
  private markFd: number | null = null;
  /** The exact bytes (with newline) of the line that ends at the head whose hash is `hash`. */
  private lastLine: { hash: string; offset: number; bytes: Buffer } | null = null;

  private constructor(
    readonly name: string,
    readonly file: string,
    private readonly fd: number,
  ) {
    this.markFile = path.join(path.dirname(file), `.${path.basename(file)}.mark`);
  }

  /** Opens (creating when missing) `${dataDir}/${name}.jsonl` for reading and appending. */
  static open(dataDir: string, name: string): Stream {
    const file = path.join(dataDir, `${name}.jsonl`);
    mkdirSync(path.dirname(file), { recursive: true });
    return new Stream(name, file, openSync(file, 'a+'));
  }

  /**
   * Reads and checks every complete line after the head, up to the first bad one, handing each event
   * to `onEvent` as it is read (memory stays flat on a long stream). Does not move the head: the
   * caller sets it from the result.
   *
   * With `trustMarked`, when the file is exactly as the last journal writer marked it after its append
   * (size and ctime: nobody else changed it since, see checkBeforeWrite), its lines were sealed, and
   * validated, by journal writers, each of which checked the file before appending: they are checked
   * for their link only (JSON, seq, prev_hash, a well-formed hash; `checkLink`), which costs a JSON.parse
   * instead of a schema check and a SHA-256 per line. Anything else, and every line past the mark, gets
   * the full check. A journal's first read (at open) never trusts the mark.
   */
  scan(onEvent: (event: JournalEvent) => void, trustMarked = false): ScanResult {
    const stat = fstatSync(this.fd, { bigint: true });
    const size = Number(stat.size);
    let trusted = false;
    if (trustMarked && size > this.head.offset) {
      const mark = this.readMark();
      trusted = mark !== null && mark.size === size && mark.ctime_ns === String(stat.ctimeNs);
    }
    let count = 0;
    let head = this.head;
    let bad: ScanResult['bad'];
    let lineNumber = head.seq;
    let last: { line: string; offset: number } | null = null;
    const result = readLines(this.fd, head.offset, size, (line, offset) => {
      lineNumber += 1;
      const expected = { seq: head.seq + 1, prevHash: head.hash };
      // Every complete line read ends within `size`, which the mark covers when it is trusted.
      const checked = trusted ? checkLink(line, expected) : checkLine(line, expected);
      if (!checked.ok) {
        bad = { offset, lineNumber, reason: checked.reason, isLastLine: false };
        return false;
      }
      onEvent(checked.event);
      last = { line, offset };
      count += 1;
      head = { offset: offset + Buffer.byteLength(line) + 1, seq: checked.event.seq, hash: checked.event.hash };
      return true;
    });
    const final = last as { line: string; offset: number } | null;
    if (final !== null) this.lastLine = { hash: head.hash, offset: final.offset, bytes: Buffer.from(`${final.line}\n`) };
    if (bad !== undefined) {
      // It is the last line when nothing but (at most) one newline-terminated line follows its start.
      const rest = Buffer.alloc(Math.min(size - bad.offset, 64 * 1024 + 2));
      readSync(this.fd, rest, 0, rest.length, bad.offset);
      const newline = rest.indexOf(0x0a);
      bad.isLastLine = newline === -1 || bad.offset + newline + 1 === size;
    }
    if (size < this.head.offset) {
      bad = { offset: size, lineNumber, reason: `file is ${size} bytes, shorter than the ${this.head.offset} already read (truncated by someone)`, isLastLine: false };
    }
    return { count, head, ...(bad === undefined ? {} : { bad }), partialBytes: bad === undefined ? result.partialBytes : 0, size };
  }

  /**
   * Check before write (DESIGN §3), under the lock: the file is at least as long as the verified head,
   * its last verified line still hashes to the head, and nobody but a journal writer changed the file
   * since the last append (its size and ctime are the ones the last writer marked). When the mark does
   * not match, every byte up to the head is read and verified again; a file changed since the mark and
   * now shorter than it is refused even when what remains chains. Any mismatch throws
   * JournalCorruptError naming the line and byte: nothing is appended, nothing is truncated.
   */
  /**
   * The file this stream has open must still be the one at its path: one moved aside (`payrail
   * reshard` keeps the old streams in a backup folder) or replaced (a restore) would take this
   * writer's lines where no reader looks. Refused for good: the process must restart to open the
   * files that are there now.
   */
  private checkStillAtPath(open: BigIntStats): void {
    let atPath: BigIntStats | null = null;
    try {
      atPath = statSync(this.file, { bigint: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (atPath === null || atPath.ino !== open.ino || atPath.dev !== open.dev) {
      throw new JournalCorruptError(this.name, this.head.seq, this.head.offset, `${this.file} is no longer the file this process opened (${atPath === null ? 'it is gone' : 'it was moved or replaced'}: payrail reshard, or a restore?); restart the service to open the ledger as it is now`);
    }
  }

  /**
   * Hands every event from the start of the file up to the head to `onEvent` again (a reader that
   * shares its state with other journals rebuilds it). These bytes were verified when first read and
   * the file only grows, so only each line's chain link is checked; a change there throws.
   */
  replay(onEvent: (event: JournalEvent) => void): void {
    let head: StreamHead = EMPTY_HEAD;
    readLines(this.fd, 0, this.head.offset, (line, offset) => {
      const checked = checkLink(line, { seq: head.seq + 1, prevHash: head.hash });
      if (!checked.ok) throw new JournalCorruptError(this.name, head.seq + 1, offset, `changed since it was read: ${checked.reason}`);
      onEvent(checked.event);
      head = { offset: offset + Buffer.byteLength(line) + 1, seq: checked.event.seq, hash: checked.event.hash };
      return true;
    });
  }

  checkBeforeWrite(): void {
    const stat = fstatSync(this.fd, { bigint: true });
    this.checkStillAtPath(stat);
    const size = Number(stat.size);
    const { head } = this;
    try {
      if (size < head.offset) {
        throw new JournalCorruptError(this.name, head.seq, size, `the file is ${size} bytes, shorter than the ${head.offset} bytes already verified (truncated or lines deleted)`);
      }
      if (head.seq > 0) this.checkLastLine();
    } catch (error) {
      this.verifyPrefix(); // names the first line that changed, when it can find one
      throw error;
    }
    const mark = this.readMark();
    if (mark !== null && size < mark.size && /^\d+$/.test(mark.ctime_ns) && stat.ctimeNs > BigInt(mark.ctime_ns)) {
      // A journal never leaves a file shorter than its last append did (a failed write is cut back to
      // where that append ended): lines were removed outside it since, perhaps lines this writer never
      // read, and they may have been acknowledged. Refused even when what remains chains. (A file
      // rolled back by a power loss, to before the marked append reached the disk, is shorter too, but
      // its change time is not later than the mark's: it is re-verified, not refused.)
      this.verifyPrefix(); // names the first changed line, when one this writer verified changed
      throw new JournalCorruptError(this.name, typeof mark.seq === 'number' ? mark.seq : head.seq, size, `the file is ${size} bytes, shorter than the ${mark.size} bytes its last journal writer left (lines removed outside the journal); if it was restored on purpose, delete ${this.markFile} to accept it as it is`);
    }
    if (mark === null || mark.size !== size || mark.ctime_ns !== String(stat.ctimeNs)) this.verifyPrefix();
  }

  /**
   * After this process appended `lastLine` (ending at the head): records the file's size and ctime for
   * the next writer's check, and keeps the line's bytes for this writer's own next check.
   */
  markWritten(lastLine: string): void {
    const bytes = Buffer.from(lastLine);
    this.lastLine = { hash: this.head.hash, offset: this.head.offset - bytes.length, bytes };
    const stat = fstatSync(this.fd, { bigint: true });
    const mark: FileMark = { size: Number(stat.size), ctime_ns: String(stat.ctimeNs), seq: this.head.seq, hash: this.head.hash };
    // One pwrite of a fixed-size record over the old one, not fsynced, on purpose: a lost or torn mark
    // only makes the next writer verify the whole file.
    const record = Buffer.alloc(MARK_BYTES, 0x20);
    record.write(JSON.stringify(mark));
    record[MARK_BYTES - 1] = 0x0a;
    writeSync(this.openMark(true), record, 0, MARK_BYTES, 0);
  }

  /** The mark's descriptor; created only by a writer that appended (a check alone writes nothing). */
  private openMark(create: boolean): number {
    if (this.markFd === null) this.markFd = openSync(this.markFile, create ? constants.O_RDWR | constants.O_CREAT : constants.O_RDWR, 0o644);
    return this.markFd;
  }

  private readMark(): FileMark | null {
    try {
      const record = Buffer.alloc(MARK_BYTES);
      const read = readSync(this.openMark(false), record, 0, MARK_BYTES, 0);
      const mark = JSON.parse(record.toString('utf8', 0, read)) as Partial<FileMark>;
      return typeof mark.size === 'number' && typeof mark.ctime_ns === 'string' ? (mark as FileMark) : null;
    } catch {
      return null;
    }
  }

  /** The bytes of the line ending at the head (one pread) still hash to the head. */
  private checkLastLine(): void {
    const { head } = this;
    const known = this.lastLine;
    if (known !== null && known.hash === head.hash && known.offset + known.bytes.length === head.offset) {
      // The bytes this process wrote or verified: the same bytes still there means the same hash.
      const now = Buffer.alloc(known.bytes.length + (known.offset > 0 ? 1 : 0));
      readSync(this.fd, now, 0, now.length, known.offset - (known.offset > 0 ? 1 : 0));
      const line = known.offset > 0 ? now.subarray(1) : now;
      if ((known.offset === 0 || now[0] === 0x0a) && line.equals(known.bytes)) return;
    }
    const span = Math.min(head.offset, LINE_BYTES_MAX + 1);
    const bytes = Buffer.alloc(span);
    readSync(this.fd, bytes, 0, span, head.offset - span);
    const fail = (reason: string, at: number): never => {
      throw new JournalCorruptError(this.name, head.seq, at, reason);
    };
    if (bytes[span - 1] !== 0x0a) fail('the byte before the verified head is no longer a newline (bytes were inserted or removed)', head.offset - 1);
    const start = bytes.lastIndexOf(0x0a, span - 2) + 1;
    if (start === 0 && span < head.offset) fail('the last verified line is no longer where it was', head.offset - span);
    const offset = head.offset - span + start;
    const line = bytes.toString('utf8', start, span - 1);
    let prevHash = GENESIS_HASH;
    try {
      prevHash = String((JSON.parse(line) as { prev_hash?: unknown }).prev_hash);
    } catch {
      fail('the last verified line is no longer valid JSON (edited?)', offset);
    }
    const checked = checkLine(line, { seq: head.seq, prevHash });
    if (!checked.ok) fail(`the last verified line changed: ${checked.reason}`, offset);
    if (checked.ok && checked.event.hash !== head.hash) fail('the last verified line no longer hashes to the head (edited?)', offset);
  }

  /** Reads and verifies every line up to the head again: the chain must end exactly at the head. */
  private verifyPrefix(): void {
    const { head } = this;
    let expected = { seq: 1, prevHash: GENESIS_HASH };
    let bad: { offset: number; line: number; reason: string } | null = null;
    const result = readLines(this.fd, 0, head.offset, (line, offset) => {
      const checked = checkLine(line, expected);
      if (!checked.ok) {
        bad = { offset, line: expected.seq, reason: checked.reason };
        return false;
      }
      expected = { seq: checked.event.seq + 1, prevHash: checked.event.hash };
      return true;
    });
    const found = bad as { offset: number; line: number; reason: string } | null;
    if (found !== null) throw new JournalCorruptError(this.name, found.line, found.offset, `${found.reason}; found while re-verifying, because the file changed outside the journal`);
    if (result.end !== head.offset || expected.seq - 1 !== head.seq || expected.prevHash !== head.hash) {
      throw new JournalCorruptError(this.name, expected.seq, result.end, `the verified lines no longer end at byte ${head.offset} with line ${head.seq} (lines inserted, deleted or changed)`);
    }
  }

  /** Appends `data` in one write and makes it durable with fdatasync; answers the milliseconds each took. */
  appendDurable(data: Buffer): { write_ms: number; fsync_ms: number } {
    const started = performance.now();
    let written = 0;
    while (written < data.length) written += writeSync(this.fd, data, written, data.length - written);
    const wrote = performance.now();
    fdatasyncSync(this.fd);
    return { write_ms: wrote - started, fsync_ms: performance.now() - wrote };
  }

  /** Appends `data` with write(2) calls (not yet durable: see `sync`); answers the milliseconds it took. */
  append(data: Buffer): number {
    const started = performance.now();
    let written = 0;
    while (written < data.length) written += writeSync(this.fd, data, written, data.length - written);
    return performance.now() - started;
  }

  /**
   * fdatasync on the thread pool: the process goes on (sealing the next batch) while the disk works.
   * It makes durable every byte written to the file before it was called, by any process.
   */
  sync(): Promise<void> {
    return new Promise((resolve, reject) => fdatasync(this.fd, (error) => (error === null ? resolve() : reject(error))));
  }

  /** Cuts the file back to `offset` (undoing a failed batch) and makes that durable. */
  truncate(offset: number): void {
    ftruncateSync(this.fd, offset);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.markFd !== null) closeSync(this.markFd);
    this.markFd = null;
    closeSync(this.fd);
  }
}
