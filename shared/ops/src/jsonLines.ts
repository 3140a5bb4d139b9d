import { forEachLine, parseLine } from '@payrail/settlement';

/** Where a fact comes from: a journal line (its file, seq and event id) or another file of the data folder. */
export interface Citation {
  /** Relative to the data folder, e.g. `ledger/payments.jsonl` (`ledger/shards/2/payments.jsonl` on a sharded ledger). */
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

/**
 * Calls `onLine` for every complete journal line of a file, in order, with the ledger scans' own reader
 * (large chunks, memory that follows the chunk, not the file). A missing file has no lines; a line that
 * does not parse (a torn tail the journal has not moved aside yet) is skipped: these readers explain,
 * `payrail verify` checks.
 */
export async function forEachJournalLine(file: string, onLine: (line: Line) => void): Promise<void> {
  await forEachLine(file, (buffer, start, end) => {
    const event = parseLine(buffer, start, end);
    if (event !== null) onLine(event as unknown as Line);
  });
}

export const cite = (file: string, line: Line, note?: string): Citation => ({ file, seq: line.seq, event_id: line.event_id, ...(note === undefined ? {} : { note }) });
