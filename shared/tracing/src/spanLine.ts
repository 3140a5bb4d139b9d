/** Where the embedded exporter writes, relative to the data folder (data/README.md describes it). */
export const SPANS_FILE = 'traces/spans.jsonl';
/** The one older generation kept when the file reaches its size limit. */
export const SPANS_FILE_ROTATED = 'traces/spans.1.jsonl';

export type SpanLineKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type SpanLineAttributes = Record<string, string | number | boolean | Array<string | number | boolean | null | undefined>>;

/**
 * One line of `data/traces/spans.jsonl`: a finished span, its ids first (`trace_id` is always the
 * first member, so a reader can pick the lines of a trace without parsing the others).
 */
export interface SpanLine {
  trace_id: string;
  span_id: string;
  /** Null for the root span of a trace. */
  parent_span_id: string | null;
  name: string;
  kind: SpanLineKind;
  /** The span's `service.name`: OTEL_SERVICE_NAME, or the PayRail service that made it. */
  service: string;
  /** ISO 8601 in UTC with microseconds. */
  start: string;
  end: string;
  /** Unix nanoseconds as decimal strings (a JSON number cannot hold them exactly). */
  start_unix_nano: string;
  end_unix_nano: string;
  duration_ms: number;
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
  attributes: SpanLineAttributes;
  events: Array<{ name: string; time: string; attributes: SpanLineAttributes }>;
  /** Spans this one is linked to: a journal batch and the commands it served, each way. */
  links: Array<{ trace_id: string; span_id: string; attributes: SpanLineAttributes }>;
  /** Set when events, links or attributes were left out to keep the line under its size limit. */
  truncated?: true;
}
