import type { Posting } from '@payrail/core';

/** What a command asks the journal to append; the journal stamps the rest. */
export interface EventDraft {
  type: string;
  /** The object the event is about: `pi_...`, `re_...`, `tok_...`. */
  ref: string;
  data: Record<string, unknown>;
  event_id?: string;
  correlation_id?: string;
  causation_id?: string;
  merchant_id?: string;
  /** The W3C traceparent of the commit; stamped by the journal when the command runs inside a sampled span. */
  traceparent?: string;
  idempotency?: { key: string; request_hash: string; pending?: boolean };
  postings?: Posting[];
  /** Defaults to now; synthetic data sets it to replay a seed byte for byte. */
  timestamp?: string;
}

export interface UnsealedEvent extends EventDraft {
  /** The lock epoch of the writer that wrote the line (absent on lines written before fencing). */
  epoch?: number;
  event_id: string;
  seq: number;
  timestamp: string;
  prev_hash: string;
}

/** One line of a stream, as written and as read back. */
export interface JournalEvent extends UnsealedEvent {
  hash: string;
}

/** A position in a stream: the byte offset after the last complete line, and that line's seq and hash. */
export interface StreamHead {
  offset: number;
  seq: number;
  hash: string;
}
