import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace, type Attributes, type Context, type HrTime, type Link, type Span, type SpanContext } from '@opentelemetry/api';

/** The tracer every PayRail module names its spans with (the service is the span's resource). */
export const TRACER_NAME = 'payrail';

/** A W3C `traceparent` header value: version 00, 32 hex trace id, 16 hex parent span id, 2 hex flags. */
export const TRACEPARENT_PATTERN = '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$';
const TRACEPARENT = new RegExp(TRACEPARENT_PATTERN);
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

export { SpanKind, SpanStatusCode };
export type { Attributes, Context, HrTime, Link, Span, SpanContext };

/** The tracer of PayRail's own spans: a no-op until a service starts tracing (startTracing). */
export function tracer(): ReturnType<typeof trace.getTracer> {
  return trace.getTracer(TRACER_NAME);
}

/** The span active in the current async context, if any. */
export function activeSpan(): Span | undefined {
  return trace.getSpan(context.active());
}

/** `{trace_id, span_id}` of the active span, for log lines; null outside any (valid) span. */
export function activeTraceIds(): { trace_id: string; span_id: string } | null {
  const span = trace.getSpan(context.active());
  if (span === undefined) return null;
  const { traceId, spanId } = span.spanContext();
  return traceId === ZERO_TRACE_ID ? null : { trace_id: traceId, span_id: spanId };
}

/**
 * The W3C traceparent of `span` (the active span by default): what a line written inside a span
 * stores so that work done later (a webhook sent from a queue, a delivery by the outbox) joins the same
 * trace. Undefined outside a sampled span: nothing would join it.
 */
export function traceparentOf(span: Span | undefined = activeSpan()): string | undefined {
  if (span === undefined) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  if (traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID || (traceFlags & 1) !== 1) return undefined;
  return `00-${traceId}-${spanId}-01`;
}

/** The span context a traceparent names, or null when it is absent or not a valid traceparent. */
export function spanContextOf(traceparent: string | undefined): SpanContext | null {
  if (traceparent === undefined || !TRACEPARENT.test(traceparent)) return null;
  const [, traceId = '', spanId = '', flags = '00'] = traceparent.split('-');
  if (traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return null;
  return { traceId, spanId, traceFlags: Number.parseInt(flags, 16), isRemote: true };
}

/**
 * A context whose parent is the span a stored traceparent names (on top of `base`, the root context by
 * default): `context.with(contextOf(webhook.traceparent), send)` makes the send a part of the trace that
 * queued it. Without a valid traceparent it is `base`.
 */
export function contextOf(traceparent: string | undefined, base: Context = ROOT_CONTEXT): Context {
  const parent = spanContextOf(traceparent);
  return parent === null ? base : trace.setSpanContext(base, parent);
}

/** The trace id inside a traceparent, or null. */
export function traceIdOf(traceparent: string | undefined): string | null {
  return spanContextOf(traceparent)?.traceId ?? null;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  links?: Link[];
  /** The parent; the active context when absent. */
  parent?: Context;
}

/**
 * Runs `work` inside a new span (the active one while it runs, so HTTP calls it makes are its
 * children): a thrown error marks the span as an error and is rethrown; the span ends when `work`
 * settles.
 */
export async function withSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T> | T): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}), ...(options.links ? { links: options.links } : {}) }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Marks a span as failed by `error` (status ERROR with its message, and an `exception` event). */
export function markFailed(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.recordException(error instanceof Error ? error : message);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** The API's context and trace objects, for the few modules that lay out spans themselves (the journal). */
export { ROOT_CONTEXT, context, trace } from '@opentelemetry/api';
