import { canonicalJson, sha256Hex } from '@payrail/core';
import { validateEvent } from '@payrail/schemas';
import type { EventDraft, JournalEvent, UnsealedEvent } from './types';

/** The prev_hash of the first line of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/** A line is never longer than this; a longer one is a bug or corruption. */
export const LINE_BYTES_MAX = 64 * 1024;

// A sealed line is the canonical JSON of the event without `hash`, with `,"hash":"<64 hex>"}` in place
// of its closing brace. So a reader can check the hash over the raw bytes without re-encoding.
const HASH_SUFFIX_CHARS = ',"hash":"'.length + 64 + '"}'.length;

/**
 * Seals an event: computes its hash over `prev_hash + canonical JSON of the line without hash` and
 * returns the event and its line (with the trailing newline). Validates the line before it is written.
 * `unsealed` becomes the returned event (its `hash` is set): pass an object the caller no longer shares.
 */
export function sealEvent(unsealed: UnsealedEvent): { event: JournalEvent; line: string } {
  const body = canonicalJson(unsealed);
  const hash = sha256Hex(unsealed.prev_hash + body);
  const event: JournalEvent = Object.assign(unsealed, { hash });
  const problem = validateEvent(event);
  if (problem !== null) throw new Error(`refusing to write an invalid ${unsealed.type} event: ${problem}`);
  const line = `${body.slice(0, -1)},"hash":"${hash}"}\n`;
  if (line.length > LINE_BYTES_MAX / 4 && Buffer.byteLength(line) > LINE_BYTES_MAX) throw new Error(`event line is over ${LINE_BYTES_MAX} bytes`);
  return { event, line };
}

/** What the journal sets on a draft when it seals it. */
export interface EnvelopeFields {
  event_id: string;
  seq: number;
  timestamp: string;
  prev_hash: string;
  traceparent: string | undefined;
  /** The writer's lock epoch (see JournalLock): stamped on every line it writes. */
  epoch?: number;
}

const DRAFT_KEYS: ReadonlySet<string> = new Set(['type', 'ref', 'data', 'event_id', 'correlation_id', 'causation_id', 'merchant_id', 'traceparent', 'idempotency', 'postings', 'timestamp', 'epoch']);

/**
 * The event a draft becomes: a new object with the members in canonical (sorted) order, the draft's
 * own `event_id`, `timestamp` and `traceparent` winning over `fields`. Built member by member, not by
 * spreading the draft: V8 gives an object built this way a stable shape, and the schema check and the
 * canonical encoding of the line (which then need not sort) run about three times faster on it.
 * A member a draft should not have is kept (last), so that the schema check refuses the event as before.
 */
export function unsealedOf(draft: EventDraft, fields: EnvelopeFields): UnsealedEvent {
  const event = {} as UnsealedEvent;
  if (draft.causation_id !== undefined) event.causation_id = draft.causation_id;
  if (draft.correlation_id !== undefined) event.correlation_id = draft.correlation_id;
  event.data = draft.data;
  if (fields.epoch !== undefined && fields.epoch > 0) event.epoch = fields.epoch;
  event.event_id = draft.event_id ?? fields.event_id;
  if (draft.idempotency !== undefined) event.idempotency = draft.idempotency;
  if (draft.merchant_id !== undefined) event.merchant_id = draft.merchant_id;
  if (draft.postings !== undefined) event.postings = draft.postings;
  event.prev_hash = fields.prev_hash;
  event.ref = draft.ref;
  event.seq = fields.seq;
  event.timestamp = draft.timestamp ?? fields.timestamp;
  const traceparent = draft.traceparent ?? fields.traceparent;
  if (traceparent !== undefined) event.traceparent = traceparent;
  event.type = draft.type;
  for (const key in draft) {
    if (!DRAFT_KEYS.has(key)) (event as unknown as Record<string, unknown>)[key] = (draft as unknown as Record<string, unknown>)[key];
  }
  return event;
}

export type LineCheck = { ok: true; event: JournalEvent } | { ok: false; reason: string };

/**
 * Checks one complete line (without its newline) read back from a stream: JSON, schema, the sequence
 * number and prev_hash expected at this position, and the hash.
 */
export function checkLine(line: string, expected: { seq: number; prevHash: string }): LineCheck {
  const parsed = parseLine(line);
  if (parsed === NOT_JSON) return { ok: false, reason: 'not valid JSON' };
  const problem = validateEvent(parsed);
  if (problem !== null) return { ok: false, reason: `schema: ${problem}` };
  const event = parsed as JournalEvent;
  if (event.seq !== expected.seq) return { ok: false, reason: `seq ${event.seq}, expected ${expected.seq}` };
  if (event.prev_hash !== expected.prevHash) return { ok: false, reason: `prev_hash does not match the previous line's hash (chain broken)` };
  if (hashOfLine(line, event) !== event.hash) return { ok: false, reason: 'hash does not match the line content (edited?)' };
  return { ok: true, event };
}

const HASH_RE = /^[0-9a-f]{64}$/;

const NOT_JSON = Symbol('not JSON');

/** The line's JSON value, or NOT_JSON. */
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/**
 * The check of a line that a journal writer is known to have sealed (the file is exactly as the last
 * writer marked it: see Stream.scan): JSON, the sequence number and prev_hash expected at this position,
 * and a well-formed hash, which the next line must chain to. The schema and the hash over the content
 * were checked by the writer right before it wrote the line, and `payrail verify` checks them again.
 */
export function checkLink(line: string, expected: { seq: number; prevHash: string }): LineCheck {
  const parsed = parseLine(line);
  if (parsed === NOT_JSON) return { ok: false, reason: 'not valid JSON' };
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, reason: 'not a JSON object' };
  const event = parsed as JournalEvent;
  if (event.seq !== expected.seq) return { ok: false, reason: `seq ${String(event.seq)}, expected ${expected.seq}` };
  if (event.prev_hash !== expected.prevHash) return { ok: false, reason: `prev_hash does not match the previous line's hash (chain broken)` };
  if (typeof event.hash !== 'string' || !HASH_RE.test(event.hash) || typeof event.type !== 'string') return { ok: false, reason: 'schema: no well-formed hash or type' };
  return { ok: true, event };
}

function hashOfLine(line: string, event: JournalEvent): string {
  // Fast path: the line is exactly as sealEvent wrote it.
  const suffix = `,"hash":"${event.hash}"}`;
  if (line.length > HASH_SUFFIX_CHARS && line.endsWith(suffix)) {
    const body = `${line.slice(0, -HASH_SUFFIX_CHARS)}}`;
    const fast = sha256Hex(event.prev_hash + body);
    if (fast === event.hash) return fast;
  }
  // Slow path: same content written differently (e.g. reformatted by a tool) still verifies.
  const { hash: _hash, ...withoutHash } = event;
  return sha256Hex(event.prev_hash + canonicalJson(withoutHash));
}
