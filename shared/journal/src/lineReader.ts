import { readSync } from 'node:fs';

const NEWLINE = 0x0a;

/** How many bytes one read takes from disk. */
export const READ_CHUNK_BYTES = 1024 * 1024;

export interface ReadLinesResult {
  /** Offset just after the last complete line read. */
  end: number;
  /** Bytes after `end` up to the file size read: a line still being written, or torn by a crash. */
  partialBytes: number;
}

/**
 * Reads the complete lines between `from` and `to` (exclusive) of the open file `fd` and calls `onLine`
 * with each, without its newline, and the offset where it starts. A final segment with no newline is
 * never parsed: it is reported as `partialBytes` so the caller can wait for the rest, or quarantine it
 * when it holds the lock. `onLine` returning false stops the read at that line (its offset becomes `end`).
 *
 * Synchronous on purpose: the journal reads under its lock, where a thread-pool round trip per read
 * costs more than the read itself.
 */
export function readLines(fd: number, from: number, to: number, onLine: (line: string, offset: number) => boolean | void): ReadLinesResult {
  let position = from;
  let lineStart = from;
  let carry: Buffer | null = null;
  const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, Math.max(to - from, 1)));
  while (position < to) {
    const bytesRead = readSync(fd, chunk, 0, Math.min(chunk.length, to - position), position);
    if (bytesRead === 0) break; // the file shrank under us; report what we have
    let data = chunk.subarray(0, bytesRead);
    if (carry !== null) {
      data = Buffer.concat([carry, data]);
      carry = null;
    }
    let cursor = 0;
    for (let newline = data.indexOf(NEWLINE, cursor); newline !== -1; newline = data.indexOf(NEWLINE, cursor)) {
      const line = data.toString('utf8', cursor, newline);
      if (onLine(line, lineStart) === false) return { end: lineStart, partialBytes: to - lineStart };
      lineStart += newline - cursor + 1;
      cursor = newline + 1;
    }
    if (cursor < data.length) carry = Buffer.from(data.subarray(cursor));
    position += bytesRead;
  }
  return { end: lineStart, partialBytes: position - lineStart };
}
