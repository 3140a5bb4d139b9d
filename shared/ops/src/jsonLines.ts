import { createReadStream, promises as fs } from 'node:fs';

/** Where a fact comes from: a journal line (its file, seq and event id) or another file of the data folder. */
export interface Citation {
  /** Relative to the data folder, e.g. `ledger/payments.jsonl`. */
  file: string;
  /** The journal line's seq, which is also its line number in the file. */
  seq?: number;
  event_id?: string;
  /** What the line says, in a few words. */
  note?: string;
}

/** A journal line as the assistants read it: the envelope, and `data` untyped. */
export interface Line {
  seq: number;
  event_id: string;
  type: string;
  ref: string;
  timestamp: string;
  merchant_id?: string;
  data: Record<string, unknown>;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Calls `onLine` for every complete JSON line of a journal file, in order, streaming it in chunks (memory
 * follows the longest line, not the file). A missing file has no lines; a line that does not parse
 * (a torn tail the journal has not moved aside yet) is skipped: these readers explain, `payrail
 * verify` checks.
 */
export async function forEachJournalLine(file: string, onLine: (line: Line) => void): Promise<void> {
  try {
    await fs.access(file);
  } catch {
    return;
  }
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK_BYTES })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const raw = text.slice(start, end);
      start = end + 1;
      if (raw === '') continue;
      try {
        onLine(JSON.parse(raw) as Line);
      } catch {
        // not a complete line: skipped (see above)
      }
    }
    rest = text.slice(start);
  }
}

export const cite = (file: string, line: Line, note?: string): Citation => ({ file, seq: line.seq, event_id: line.event_id, ...(note === undefined ? {} : { note }) });
