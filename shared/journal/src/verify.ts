import { closeSync, fstatSync, openSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GENESIS_HASH, checkLine } from './eventLine';
import { readLines } from './lineReader';

export interface StreamReport {
  stream: string;
  file: string;
  lines: number;
  last_seq: number;
  head_hash: string;
  ok: boolean;
  /**
   * The lock epochs on the lines (see JournalLock): the first and the last, and how many times the
   * epoch changed along the stream (a new lock holder, each time). Absent when no line carries one.
   */
  epochs?: { first: number; last: number; changes: number };
  /** The first problem: a bad line (1-based number and byte offset) or a torn tail. */
  problem?: { line: number; offset: number; reason: string };
}

/** Walks one stream end to end: every line's schema, sequence, chain link and hash, and the tail. */
export async function verifyStream(file: string, stream = path.basename(file, '.jsonl')): Promise<StreamReport> {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    let seq = 0;
    let hash = GENESIS_HASH;
    let problem: StreamReport['problem'];
    let epochs: StreamReport['epochs'];
    const result = readLines(fd, 0, size, (line, offset) => {
      const checked = checkLine(line, { seq: seq + 1, prevHash: hash });
      if (!checked.ok) {
        problem = { line: seq + 1, offset, reason: checked.reason };
        return false;
      }
      const { epoch } = checked.event;
      if (epoch !== undefined) {
        if (epochs === undefined) epochs = { first: epoch, last: epoch, changes: 0 };
        else if (epoch < epochs.last) {
          // Every writer of a stream takes its epoch from the one lock, above every epoch before it.
          problem = { line: seq + 1, offset, reason: `lock epoch ${epoch} after ${epochs.last}: written by a writer whose lock had been taken over (fencing failed)` };
          return false;
        } else if (epoch > epochs.last) {
          epochs.last = epoch;
          epochs.changes += 1;
        }
      }
      seq = checked.event.seq;
      hash = checked.event.hash;
      return true;
    });
    if (problem === undefined && result.partialBytes > 0) {
      problem = { line: seq + 1, offset: result.end, reason: `torn final line: ${result.partialBytes} bytes with no newline` };
    }
    return { stream, file, lines: seq, last_seq: seq, head_hash: hash, ok: problem === undefined, ...(epochs ? { epochs } : {}), ...(problem ? { problem } : {}) };
  } finally {
    closeSync(fd);
  }
}

/** Folders under the data folder whose `*.jsonl` files are not journal streams: the span files of tracing. */
const NOT_STREAMS = new Set(['traces']);

/**
 * Every `*.jsonl` stream under `dataDir`, as `dir/name` without the extension, sorted. Skips
 * quarantine/ and traces/ (spans, written by @payrail/tracing's exporter, are not hash-chained), and
 * every folder whose name starts with a dot: no live stream is in one, while `payrail reshard` keeps
 * the ledger it replaced in `ledger/.before-reshard-<time>/` and builds the new one in
 * `ledger/.reshard-<time>/` (each a data folder of its own: `payrail verify --data` checks it).
 */
export async function listStreams(dataDir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(relative: string): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(path.join(dataDir, relative), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'quarantine' && entry.name !== 'node_modules' && !(relative === '' && NOT_STREAMS.has(entry.name))) await walk(child);
      else if (entry.isFile() && entry.name.endsWith('.jsonl')) found.push(child.slice(0, -'.jsonl'.length));
    }
  }
  await walk('');
  return found.sort();
}
