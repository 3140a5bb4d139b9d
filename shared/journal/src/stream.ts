import { closeSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { GENESIS_HASH, checkLine } from './eventLine';
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
 * One JSONL file of a journal: its descriptor and the head (offset, seq, hash) this process has read to.
 * I/O is synchronous: it runs under the journal lock, where every thread-pool round trip would lengthen
 * the time the lock is held by every process.
 */
export class Stream {
  head: StreamHead = EMPTY_HEAD;
  private constructor(
    readonly name: string,
    readonly file: string,
    private readonly fd: number,
  ) {}

  /** Opens (creating when missing) `${dataDir}/${name}.jsonl` for reading and appending. */
  static open(dataDir: string, name: string): Stream {
    const file = path.join(dataDir, `${name}.jsonl`);
    mkdirSync(path.dirname(file), { recursive: true });
    return new Stream(name, file, openSync(file, 'a+'));
  }

  size(): number {
    return fstatSync(this.fd).size;
  }

  /**
   * Reads and checks every complete line after the head, up to the first bad one, handing each event
   * to `onEvent` as it is read (memory stays flat on a long stream). Does not move the head: the
   * caller sets it from the result.
   */
  scan(onEvent: (event: JournalEvent) => void): ScanResult {
    const size = this.size();
    let count = 0;
    let head = this.head;
    let bad: ScanResult['bad'];
    let lineNumber = head.seq;
    const result = readLines(this.fd, head.offset, size, (line, offset) => {
      lineNumber += 1;
      const checked = checkLine(line, { seq: head.seq + 1, prevHash: head.hash });
      if (!checked.ok) {
        bad = { offset, lineNumber, reason: checked.reason, isLastLine: false };
        return false;
      }
      onEvent(checked.event);
      count += 1;
      head = { offset: offset + Buffer.byteLength(line) + 1, seq: checked.event.seq, hash: checked.event.hash };
      return true;
    });
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

  /** Appends `data` in one write and makes it durable with fdatasync. */
  appendDurable(data: Buffer): void {
    let written = 0;
    while (written < data.length) written += writeSync(this.fd, data, written, data.length - written);
    fdatasyncSync(this.fd);
  }

  /** Cuts the file back to `offset` (undoing a failed batch) and makes that durable. */
  truncate(offset: number): void {
    ftruncateSync(this.fd, offset);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
