import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SpanKind, SpanStatusCode, type Attributes, type HrTime } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { maskPans } from '@payrail/core';
import { TRACING_DEFAULTS } from './tracingConfig';
import type { SpanLine, SpanLineAttributes, SpanLineKind } from './spanLine';

/** The longest line written; a longer span loses its events, then its links, then its attributes. */
export const SPAN_LINE_BYTES_MAX = 16 * 1024;
/** Batches waiting for the file while one is written; past it, a batch is dropped (never waited for). */
export const PENDING_BATCHES_MAX = 4;

export interface FileSpanExporterOptions {
  /** `data/traces/spans.jsonl`. */
  file: string;
  /** Past this size the file becomes `<name>.1.jsonl` (replacing the one before) and a new one begins. */
  file_bytes_max?: number;
  line_bytes_max?: number;
  /** Told when a batch could not be written (the spans of that batch are lost, the service goes on). */
  onError?: (error: Error) => void;
}

const KIND: Record<SpanKind, SpanLineKind> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};
const STATUS = { [SpanStatusCode.UNSET]: 'unset', [SpanStatusCode.OK]: 'ok', [SpanStatusCode.ERROR]: 'error' } as const;

// The spans of a batch mostly start and end within the same second: its text is made once.
let cachedSecond = -1;
let cachedPrefix = '';

/** `2026-05-01T12:00:00.123456Z` from an HrTime ([seconds, nanoseconds]). */
function isoMicros([seconds, nanos]: HrTime): string {
  if (seconds !== cachedSecond) {
    cachedSecond = seconds;
    cachedPrefix = new Date(seconds * 1000).toISOString().slice(0, 19);
  }
  return `${cachedPrefix}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

const unixNanos = ([seconds, nanos]: HrTime): string => (BigInt(seconds) * 1_000_000_000n + BigInt(nanos)).toString();

// Thirteen digits in a row, maybe grouped: only a text with such a run can hold a card number.
const MAYBE_PAN = /\d(?:[ -]?\d){12}/;

/** A text with any card number masked (maskPans), tested first by a cheap pattern: most texts have none. */
const masked = (text: string): string => (text.length >= 13 && MAYBE_PAN.test(text) ? maskPans(text) : text);

/**
 * The attributes as a line holds them, every text masked: a client can put a card number in a URL, and
 * URLs are span attributes. (Only texts: the line's own numbers, such as its nanosecond timestamps, are
 * not card numbers even when they pass Luhn.)
 */
function attributesOf(attributes: Attributes | undefined): SpanLineAttributes {
  const out: SpanLineAttributes = {};
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === undefined) continue;
    if (typeof value === 'string') out[key] = masked(value);
    else if (Array.isArray(value)) out[key] = value.map((item) => (typeof item === 'string' ? masked(item) : item));
    else out[key] = value;
  }
  return out;
}

/** A finished span as one line of the span file (see SpanLine), every text in it masked of card numbers. */
export function toSpanLine(span: ReadableSpan): SpanLine {
  const { traceId, spanId } = span.spanContext();
  const [seconds, nanos] = span.duration;
  return {
    trace_id: traceId,
    span_id: spanId,
    parent_span_id: span.parentSpanContext?.spanId ?? null,
    name: masked(span.name),
    kind: KIND[span.kind] ?? 'internal',
    service: String(span.resource.attributes['service.name'] ?? 'unknown'),
    start: isoMicros(span.startTime),
    end: isoMicros(span.endTime),
    start_unix_nano: unixNanos(span.startTime),
    end_unix_nano: unixNanos(span.endTime),
    duration_ms: Math.round((seconds * 1e3 + nanos / 1e6) * 1000) / 1000,
    status: { code: STATUS[span.status.code] ?? 'unset', ...(span.status.message === undefined || span.status.message === '' ? {} : { message: masked(span.status.message) }) },
    attributes: attributesOf(span.attributes),
    events: span.events.map((event) => ({ name: masked(event.name), time: isoMicros(event.time), attributes: attributesOf(event.attributes) })),
    links: span.links.map((link) => ({ trace_id: link.context.traceId, span_id: link.context.spanId, attributes: attributesOf(link.attributes) })),
  };
}

/**
 * The JSON text of a span line within `line_bytes_max`: an oversized span drops its events, then its
 * links, then its attributes, and says so with `truncated: true`.
 */
export function serializeSpanLine(line: SpanLine, line_bytes_max = SPAN_LINE_BYTES_MAX): string {
  const encode = (candidate: SpanLine): string => JSON.stringify(candidate);
  let text = encode(line);
  // Most lines are a few hundred bytes: counting bytes is needed only when the characters could be too many.
  if (text.length * 3 <= line_bytes_max) return text;
  for (const shrink of [{ events: [] }, { events: [], links: [] }, { events: [], links: [], attributes: {} }]) {
    if (Buffer.byteLength(text) <= line_bytes_max) return text;
    text = encode({ ...line, ...shrink, truncated: true });
  }
  // Only a name or a status message can still be too long: cut them.
  return encode({ ...line, name: line.name.slice(0, 256), status: { code: line.status.code }, events: [], links: [], attributes: {}, truncated: true });
}

/**
 * The embedded exporter: appends each batch the BatchSpanProcessor hands it to the span file as JSON
 * lines, in one write (O_APPEND, so the services sharing the file never interleave within a line). It
 * never blocks the caller: the BatchSpanProcessor's queue is bounded, and so are the batches waiting
 * here for the file (PENDING_BATCHES_MAX; more are dropped and counted). The file is bounded too: past
 * `file_bytes_max` it is renamed to `spans.1.jsonl` (replacing the one before) and a new one begins.
 */
export class FileSpanExporter implements SpanExporter {
  private readonly file: string;
  private readonly rotated: string;
  private readonly fileBytesMax: number;
  private readonly lineBytesMax: number;
  private writing: Promise<void> = Promise.resolve();
  private pending = 0;
  private stopped = false;
  /** Spans written, and spans lost (the queue of batches full, or a write that failed). */
  readonly stats = { written: 0, dropped: 0 };

  constructor(private readonly options: FileSpanExporterOptions) {
    this.file = options.file;
    this.rotated = options.file.replace(/\.jsonl$/, '') + '.1.jsonl';
    this.fileBytesMax = options.file_bytes_max ?? TRACING_DEFAULTS.file_bytes_max;
    this.lineBytesMax = options.line_bytes_max ?? SPAN_LINE_BYTES_MAX;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped || this.pending >= PENDING_BATCHES_MAX) {
      this.stats.dropped += spans.length;
      resultCallback({ code: ExportResultCode.FAILED, error: new Error(this.stopped ? 'the span exporter is shut down' : `${PENDING_BATCHES_MAX} batches of spans already wait for the file`) });
      return;
    }
    const text = spans.map((span) => `${serializeSpanLine(toSpanLine(span), this.lineBytesMax)}\n`).join('');
    this.pending += 1;
    this.writing = this.writing.then(() => this.append(text)).then(
      () => {
        this.stats.written += spans.length;
        resultCallback({ code: ExportResultCode.SUCCESS });
      },
      (error: Error) => {
        this.stats.dropped += spans.length;
        this.options.onError?.(error);
        resultCallback({ code: ExportResultCode.FAILED, error });
      },
    ).finally(() => {
      this.pending -= 1;
    });
  }

  /** Resolves once every batch handed over so far is written (or has failed). */
  forceFlush(): Promise<void> {
    return this.writing;
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    await this.writing;
  }

  private async append(text: string): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const bytes = Buffer.byteLength(text);
    const size = await fs.stat(this.file).then((stat) => stat.size, () => 0);
    if (size > 0 && size + bytes > this.fileBytesMax) {
      // Another process sharing the file may rotate it at the same moment: then the one generation kept
      // may hold less than a whole file. Spans are diagnostics, not the ledger: that is the price of no lock.
      await fs.rename(this.file, this.rotated).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    // One write(2) of the whole batch (appendFile would cut it in chunks another process could come between).
    const handle = await fs.open(this.file, 'a');
    try {
      const data = Buffer.from(text);
      const { bytesWritten } = await handle.write(data, 0, data.length);
      if (bytesWritten !== data.length) throw new Error(`short write to ${this.file}: ${bytesWritten} of ${data.length} bytes (disk full?)`);
    } finally {
      await handle.close();
    }
  }
}
