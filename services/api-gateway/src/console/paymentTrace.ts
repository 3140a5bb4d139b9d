import { closedObject, nullable, type JsonSchema } from '@payrail/schemas';
import { readTraceSpans, traceIdOf, type SpanLine } from '@payrail/tracing';
import type { GatewayDeps } from '../common/deps';
import { defineRoute, notFound, type RouteSpec } from '../http/route';

/** The most spans one answer holds (a client that sent one traceparent with every request makes huge traces). */
export const TRACE_SPANS_MAX = 2_000;
/** The most traces of one payment read (each traced request that wrote one of its lines is one). */
const TRACES_PER_PAYMENT_MAX = 20;

const ATTRIBUTES: JsonSchema = {
  type: 'object',
  additionalProperties: { type: ['string', 'number', 'boolean', 'array'] },
  description: 'OpenTelemetry attributes (http.*, payrail.*, journal.*, webhook.*)',
};

const TRACE_ID: JsonSchema = { type: 'string', pattern: '^[0-9a-f]{32}$', examples: ['4bf92f3577b34da6a3ce929d0e0e4736'] };
const SPAN_ID: JsonSchema = { type: 'string', pattern: '^[0-9a-f]{16}$', examples: ['00f067aa0ba902b7'] };

const TRACE_SPAN: JsonSchema = closedObject({
  trace_id: TRACE_ID,
  span_id: SPAN_ID,
  parent_span_id: nullable(SPAN_ID),
  name: { type: 'string', examples: ['POST /v1/payment-intents/:id/confirm'] },
  kind: { type: 'string', enum: ['internal', 'server', 'client', 'producer', 'consumer'] },
  service: { type: 'string', examples: ['api-gateway'] },
  start: { type: 'string', format: 'date-time' },
  duration_ms: { type: 'number', minimum: 0 },
  offset_ms: { type: 'number', minimum: 0, description: 'milliseconds from the start of the earliest span shown' },
  status: closedObject({ code: { type: 'string', enum: ['unset', 'ok', 'error'] }, message: { type: 'string' } }, ['message']),
  attributes: ATTRIBUTES,
  events: { type: 'array', items: closedObject({ name: { type: 'string' }, time: { type: 'string', format: 'date-time' }, attributes: ATTRIBUTES }) },
  links: { type: 'array', items: closedObject({ trace_id: TRACE_ID, span_id: SPAN_ID, attributes: ATTRIBUTES }), description: 'links within the traces shown (a journal batch and the commands it served)' },
  truncated: { const: true, description: 'events, links or attributes were left out to keep the span under its size limit' },
}, ['truncated']);

/** `GET /v1/console/payments/{id}/trace`'s answer. */
export const PAYMENT_TRACE_SCHEMA: JsonSchema = closedObject({
  object: { const: 'payment_trace' },
  payment_intent: { type: 'string' },
  trace_ids: { type: 'array', items: TRACE_ID, description: 'the traces that wrote its ledger lines, oldest first' },
  truncated: { type: 'boolean', description: `more than ${TRACE_SPANS_MAX} spans: the first ones are shown` },
  spans: { type: 'array', items: TRACE_SPAN, description: 'ordered by start' },
});

/** The traces of a payment: the trace id in the traceparent of each of its ledger lines, oldest first. */
function traceIdsOf(deps: GatewayDeps, id: string): string[] {
  const ids = new Set<string>();
  for (const { event } of deps.ledger.state.eventsByPayment.get(id) ?? []) {
    const traceId = traceIdOf(event.traceparent);
    if (traceId !== null) ids.add(traceId);
  }
  return [...ids].slice(0, TRACES_PER_PAYMENT_MAX);
}

/** A span as the console shows it: where it starts relative to the earliest, links only within the traces shown. */
function shown(span: SpanLine, origin_ns: bigint, traceIds: ReadonlySet<string>): Record<string, unknown> {
  const { start_unix_nano, end: _end, end_unix_nano: _endNanos, links, ...rest } = span;
  return {
    ...rest,
    offset_ms: Number(BigInt(start_unix_nano) - origin_ns) / 1e6,
    // A batch span links the commands of other payments (maybe other merchants'): those are left out.
    links: links.filter((link) => traceIds.has(link.trace_id)),
  };
}

/**
 * The merchant console's trace of one payment: the spans, in data/traces/spans.jsonl, of the traces that
 * wrote its ledger lines (found from each line's traceparent). Only a payment of the caller's is read,
 * and only the spans of its traces are answered.
 */
export function paymentTraceRoute(deps: GatewayDeps): RouteSpec {
  return defineRoute({
    method: 'get', path: '/v1/console/payments/:id/trace', operationId: 'retrievePaymentTrace', tag: 'Console', auth: 'merchant', scope: 'read',
    summary: `The distributed trace of a payment: every span (gateway, vault, provider-sim, ledger-service, merchant-sim) of the traces that wrote its ledger lines, from the span file data/traces/spans.jsonl (at most ${TRACE_SPANS_MAX}). Empty when tracing was off or its spans went to a collector (OTEL_EXPORTER_OTLP_ENDPOINT): look there.`,
    responses: { 200: { description: 'The spans of the payment\'s traces', schema: PAYMENT_TRACE_SCHEMA } },
    handler: async (c) => {
      await deps.ledger.catchUp();
      const id = c.params['id'] ?? '';
      const intent = deps.ledger.state.payments.get(id);
      if (intent === undefined || intent.merchant !== c.merchant.id) throw notFound('payment_intent', id);
      const traceIds = traceIdsOf(deps, id);
      const wanted = new Set(traceIds);
      const { spans, truncated } = await readTraceSpans(deps.config.DATA_DIR, wanted, TRACE_SPANS_MAX);
      spans.sort((a, b) => (BigInt(a.start_unix_nano) < BigInt(b.start_unix_nano) ? -1 : BigInt(a.start_unix_nano) > BigInt(b.start_unix_nano) ? 1 : 0));
      const origin = spans[0] === undefined ? 0n : BigInt(spans[0].start_unix_nano);
      return { body: { object: 'payment_trace', payment_intent: id, trace_ids: traceIds, truncated, spans: spans.map((span) => shown(span, origin, wanted)) } };
    },
  });
}

/** A span as `GET /v1/console/payments/{id}/trace` answers it (the console's waterfall reads these). */
export interface TraceSpan extends Omit<SpanLine, 'start_unix_nano' | 'end' | 'end_unix_nano'> {
  offset_ms: number;
}

/** `GET /v1/console/payments/{id}/trace`. */
export interface PaymentTrace {
  object: 'payment_trace';
  payment_intent: string;
  trace_ids: string[];
  truncated: boolean;
  spans: TraceSpan[];
}
