import type { JournalEvent } from '@payrail/journal';

/**
 * Cheap reads of journal lines for scans over millions of events. The journal writes every line as
 * canonical JSON (keys sorted at every level) with `,"hash":"<64 hex>"}` appended, so a line ends with
 * `"timestamp":"<ISO>","type":"<type>","hash":"<hash>"}`: its type and time can be read from the end
 * without parsing it, and without allocating. A line of another shape (rewritten by a tool, say) is
 * left to `parseLine`.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** `","hash":"` + 64 hex + `"}`: what follows the type's closing quote. */
const TAIL_BYTES = 76;
const HASH_KEY = Buffer.from(',"hash":"', 'latin1');
const TYPE_KEY = Buffer.from('"type":"', 'latin1');
const TIMESTAMP_KEY = Buffer.from('"timestamp":"', 'latin1');
/** How far before the type the timestamp may start: `"timestamp":"` + an ISO time + `",`. */
const TIMESTAMP_LOOKBACK_BYTES = 96;
/** `YYYY-MM-DDTHH:MM:SS.sssZ`, as `Date.prototype.toISOString` writes it. */
const ISO_BYTES = 24;

/** Encodes a JSON key as it appears before a string value: `"key":"`. */
const stringKey = (name: string): Buffer => Buffer.from(`"${name}":"`, 'latin1');

/** Encodes a JSON key as it appears before a number: `"key":`. */
const numberKey = (name: string): Buffer => Buffer.from(`"${name}":`, 'latin1');

const AMOUNT_CAPTURED = numberKey('amount_captured');
const PROCESSOR = stringKey('processor');
const MERCHANT = stringKey('merchant_id');
const CURRENCY = stringKey('currency');
const REF = stringKey('ref');

/** The most distinct values a BytesInterner keeps; more are decoded each time. */
const INTERNED_VALUES_MAX = 4_096;

/** Decodes short repeated values (merchants, currencies, processors) once, then hands out the same string. */
class BytesInterner {
  private readonly byHash = new Map<number, Array<{ bytes: Buffer; value: string }>>();
  private count = 0;

  value(buffer: Buffer, from: number, to: number): string {
    let hash = 0x811c9dc5;
    for (let i = from; i < to; i++) hash = Math.imul(hash ^ (buffer[i] ?? 0), 0x01000193);
    const bucket = this.byHash.get(hash);
    if (bucket !== undefined) {
      for (const entry of bucket) if (entry.bytes.length === to - from && buffer.compare(entry.bytes, 0, entry.bytes.length, from, to) === 0) return entry.value;
    }
    const value = buffer.toString('utf8', from, to);
    if (this.count < INTERNED_VALUES_MAX) {
      this.count += 1;
      const entry = { bytes: Buffer.from(buffer.subarray(from, to)), value };
      if (bucket === undefined) this.byHash.set(hash, [entry]);
      else bucket.push(entry);
    }
    return value;
  }
}

/** What settlement needs of a `payment_intent.captured` line. */
export interface CaptureFields {
  /** Where the payment id (`ref`) is in the line's buffer: `buffer[ref_start..ref_end)`. */
  ref_start: number;
  ref_end: number;
  merchant: string;
  currency: string;
  processor: string;
  amount: number;
}

/**
 * A cursor over canonical ledger lines: `at(...)` points it at a line and says whether the line is
 * canonical; then `typeIs`, `timestampMs` and `readCapture` read it. One reader serves a whole scan.
 */
export class LineReader {
  private buffer: Buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  private typeStart = 0;
  private typeEnd = 0;
  private readonly interned = new BytesInterner();

  /** Points at `buffer[start..end)`; false when the line is not canonical (then use `parseLine`). */
  at(buffer: Buffer, start: number, end: number): boolean {
    this.buffer = buffer;
    this.start = start;
    this.end = end;
    const typeEnd = end - TAIL_BYTES;
    if (typeEnd <= start || buffer[end - 1] !== 0x7d || buffer[end - 2] !== QUOTE || buffer[typeEnd] !== QUOTE) return false;
    // Byte by byte in JavaScript: a native compare or search per line costs more than the bytes it looks at.
    for (let i = 0; i < HASH_KEY.length; i++) if (buffer[typeEnd + 1 + i] !== HASH_KEY[i]) return false;
    // The type value runs back to the previous quote (types hold none), which must close `"type":"`.
    let typeStart = typeEnd - 1;
    while (typeStart > start && buffer[typeStart] !== QUOTE) typeStart -= 1;
    typeStart += 1;
    const key = typeStart - TYPE_KEY.length;
    if (key < start) return false;
    for (let i = 0; i < TYPE_KEY.length; i++) if (buffer[key + i] !== TYPE_KEY[i]) return false;
    this.typeStart = typeStart;
    this.typeEnd = typeEnd;
    return true;
  }

  /** True when the line's type is exactly `type` (given as latin1 bytes). */
  typeIs(type: Buffer): boolean {
    const { buffer, typeStart } = this;
    if (this.typeEnd - typeStart !== type.length) return false;
    // From the end: the types of one stream share their prefix (`payment_intent.`).
    for (let i = type.length - 1; i >= 0; i--) if (buffer[typeStart + i] !== type[i]) return false;
    return true;
  }

  /** The line's time in milliseconds (the key just before `type`), or NaN when it is not there. */
  timestampMs(): number {
    const { buffer } = this;
    // Canonical order puts `"timestamp":"<ISO>",` right before `"type":"`: read it in place.
    const close = this.typeStart - TYPE_KEY.length - 2;
    const from = close - ISO_BYTES;
    if (from - TIMESTAMP_KEY.length >= this.start && buffer[close] === QUOTE && buffer[close + 1] === 0x2c && buffer[from - 1] === QUOTE) {
      let keyMatches = true;
      for (let i = 0; i < TIMESTAMP_KEY.length && keyMatches; i++) keyMatches = buffer[from - TIMESTAMP_KEY.length + i] === TIMESTAMP_KEY[i];
      if (keyMatches) return isoMs(buffer, from);
    }
    const key = buffer.lastIndexOf(TIMESTAMP_KEY, this.typeStart);
    if (key < this.start || key < this.typeStart - TIMESTAMP_LOOKBACK_BYTES) return Number.NaN;
    const valueFrom = key + TIMESTAMP_KEY.length;
    const to = buffer.indexOf(QUOTE, valueFrom);
    if (to === -1 || to > this.typeStart) return Number.NaN;
    return to - valueFrom === ISO_BYTES ? isoMs(buffer, valueFrom) : Date.parse(buffer.toString('latin1', valueFrom, to));
  }

  /**
   * The fields of a canonical `payment_intent.captured` line, found in one pass: in canonical order,
   * `data.amount_captured` and `data.processor` come before `merchant_id`, then the first posting's
   * `currency`, then `ref`; none of these keys occurs twice in that event type, and a match cannot be
   * inside another string value (quotes in strings are escaped). False when a field is missing or out
   * of that order (then parse the line).
   */
  readCapture(out: CaptureFields): boolean {
    const { buffer, end } = this;
    let at = valueStart(buffer, this.start, end, AMOUNT_CAPTURED);
    if (at === -1) return false;
    const amount = integerAt(buffer, at, end);
    at = valueStart(buffer, at, end, PROCESSOR);
    const processorEnd = at === -1 ? -1 : stringEnd(buffer, at, end);
    if (amount === null || processorEnd === -1) return false;
    const processorStart = at;
    at = valueStart(buffer, processorEnd, end, MERCHANT);
    const merchantEnd = at === -1 ? -1 : stringEnd(buffer, at, end);
    if (merchantEnd === -1) return false;
    const merchantStart = at;
    at = valueStart(buffer, merchantEnd, end, CURRENCY);
    const currencyEnd = at === -1 ? -1 : stringEnd(buffer, at, end);
    if (currencyEnd === -1) return false;
    const currencyStart = at;
    at = valueStart(buffer, currencyEnd, end, REF);
    const refEnd = at === -1 ? -1 : stringEnd(buffer, at, end);
    if (refEnd === -1) return false;
    out.amount = amount;
    out.processor = this.interned.value(buffer, processorStart, processorEnd);
    out.merchant = this.interned.value(buffer, merchantStart, merchantEnd);
    out.currency = this.interned.value(buffer, currencyStart, currencyEnd);
    out.ref_start = at;
    out.ref_end = refEnd;
    return true;
  }
}

/** Milliseconds of `YYYY-MM-DDTHH:MM:SS.sssZ` at `from`, read from the bytes; NaN when it is not that. */
function isoMs(buffer: Buffer, from: number): number {
  const digits = (offset: number, count: number): number => {
    let value = 0;
    for (let i = 0; i < count; i++) {
      const byte = (buffer[from + offset + i] ?? 0) - 0x30;
      if (byte < 0 || byte > 9) return Number.NaN;
      value = value * 10 + byte;
    }
    return value;
  };
  if (buffer[from + 10] !== 0x54 || buffer[from + 23] !== 0x5a) return Date.parse(buffer.toString('latin1', from, from + ISO_BYTES));
  return Date.UTC(digits(0, 4), digits(5, 2) - 1, digits(8, 2), digits(11, 2), digits(14, 2), digits(17, 2), digits(20, 3));
}

/** Where the value of the first `key` at or after `from` starts, or -1 when it is not before `end`. */
function valueStart(buffer: Buffer, from: number, end: number, key: Buffer): number {
  const at = buffer.indexOf(key, from);
  return at === -1 || at >= end ? -1 : at + key.length;
}

/** The end of the string value starting at `from` (its closing quote); -1 when escaped or unterminated. */
function stringEnd(buffer: Buffer, from: number, end: number): number {
  const close = buffer.indexOf(QUOTE, from);
  if (close === -1 || close >= end) return -1;
  for (let cursor = from; cursor < close; cursor++) if (buffer[cursor] === BACKSLASH) return -1;
  return close;
}

/** The integer starting at `from`; null unless it is one (at most 15 digits) ending at `,` or `}`. */
function integerAt(buffer: Buffer, from: number, end: number): number | null {
  let cursor = from;
  const negative = buffer[cursor] === 0x2d;
  if (negative) cursor += 1;
  let value = 0;
  let digits = 0;
  for (; cursor < end; cursor++) {
    const byte = buffer[cursor] ?? 0;
    if (byte < 0x30 || byte > 0x39) break;
    value = value * 10 + (byte - 0x30);
    digits += 1;
  }
  const next = buffer[cursor];
  if (digits === 0 || digits > 15 || (next !== 0x2c && next !== 0x7d)) return null;
  return negative ? -value : value;
}

/** Parses the whole line: the fallback for the rare event types and for non-canonical lines. */
export function parseLine(buffer: Buffer, start: number, end: number): JournalEvent | null {
  try {
    const parsed = JSON.parse(buffer.toString('utf8', start, end)) as unknown;
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { type?: unknown }).type !== 'string') return null;
    return parsed as JournalEvent;
  } catch {
    return null;
  }
}
