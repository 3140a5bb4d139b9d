import { api } from '../api.js';
import { badge, facts, h, replace, section, type Child } from '../dom.js';
import { isoTime, plural } from '../format.js';
import type { PaymentTrace, TraceSpan } from '../types.js';
import { errorState, loadingState, pageHeader, type PageContext } from '../ui.js';

/** The services in the order a checkout reaches them; each has its colour in the stylesheet (svc-*). */
const SERVICES = ['api-gateway', 'vault-service', 'provider-sim', 'ledger-service', 'merchant-sim'];

/** A span in the waterfall: its depth under its parent (0 for a span whose parent is not in the trace). */
interface Row {
  span: TraceSpan;
  depth: number;
}

/** Depth first, each span's children by start: the order a person reads a call tree in. */
export function waterfallRows(spans: TraceSpan[]): Row[] {
  const ids = new Set(spans.map((s) => s.span_id));
  const children = new Map<string | null, TraceSpan[]>();
  for (const span of spans) {
    const parent = span.parent_span_id !== null && ids.has(span.parent_span_id) ? span.parent_span_id : null;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  for (const list of children.values()) list.sort((a, b) => a.offset_ms - b.offset_ms);
  const rows: Row[] = [];
  const visit = (parent: string | null, depth: number): void => {
    for (const span of children.get(parent) ?? []) {
      rows.push({ span, depth });
      visit(span.span_id, depth + 1);
    }
  };
  visit(null, 0);
  return rows;
}

const ms = (value: number): string => (value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(value >= 10 ? 1 : 2)} ms`);

const serviceClass = (service: string): string => `svc svc-${SERVICES.includes(service) ? service : 'other'}`;

function attributeList(span: TraceSpan): HTMLElement {
  const entries = Object.entries(span.attributes).sort(([a], [b]) => a.localeCompare(b));
  return h('dl', { class: 'span-attributes' },
    h('div', null, h('dt', null, 'span'), h('dd', { class: 'mono' }, `${span.span_id} · ${span.kind}${span.parent_span_id === null ? '' : ` · parent ${span.parent_span_id}`}`)),
    h('div', null, h('dt', null, 'start'), h('dd', null, isoTime(span.start))),
    span.status.message === undefined ? null : h('div', null, h('dt', null, 'status'), h('dd', null, span.status.message)),
    entries.map(([key, value]) => h('div', null, h('dt', null, key), h('dd', { class: 'mono' }, Array.isArray(value) ? value.join(', ') : String(value)))),
    span.events.map((event) => h('div', null, h('dt', null, `event ${event.name}`), h('dd', { class: 'mono' }, Object.entries(event.attributes).map(([k, v]) => `${k}=${String(v)}`).join(' ')))),
    span.links.map((link) => h('div', null, h('dt', null, `link ${String(link.attributes['journal.link'] ?? link.attributes['webhook.link'] ?? '')}`), h('dd', { class: 'mono' }, link.span_id))));
}

/** One trace as a waterfall: a bar per span, placed by its start and length, indented under its parent. */
function waterfall(spans: TraceSpan[]): HTMLElement {
  const origin = Math.min(...spans.map((s) => s.offset_ms));
  const total = Math.max(0.001, ...spans.map((s) => s.offset_ms - origin + s.duration_ms));
  return h('ol', { class: 'waterfall', 'aria-label': `${plural(spans.length, 'span')} over ${ms(total)}` }, waterfallRows(spans).map(({ span, depth }) => {
    const bar = h('span', { class: `trace-bar ${serviceClass(span.service)}${span.status.code === 'error' ? ' trace-bar-error' : ''}` });
    // The stylesheet policy allows no style attribute; CSSOM properties are not one.
    bar.style.marginLeft = `${(((span.offset_ms - origin) / total) * 100).toFixed(3)}%`;
    bar.style.width = `${Math.max(0.4, (span.duration_ms / total) * 100).toFixed(3)}%`;
    const name = h('span', { class: 'span-name' }, span.name);
    const label = h('summary', { class: 'span-label' }, name, ' ', h('span', { class: `${serviceClass(span.service)} svc-tag` }, span.service), span.status.code === 'error' ? [' ', badge('error', 'bad')] : null);
    label.style.paddingLeft = `${Math.min(depth, 12) * 0.85}rem`;
    return h('li', { class: 'span-row', 'data-span': span.name, 'data-service': span.service, 'data-span-id': span.span_id },
      h('details', { class: 'span-details' }, label, attributeList(span)),
      h('span', { class: 'bar-track span-track', 'aria-hidden': 'true' }, bar),
      h('span', { class: 'span-time' }, h('span', { class: 'visually-hidden' }, 'starts at +'), h('span', { 'aria-hidden': 'true' }, '+'), ms(span.offset_ms - origin), ' · ', ms(span.duration_ms)));
  }));
}

function legend(spans: TraceSpan[]): HTMLElement {
  const present = SERVICES.filter((service) => spans.some((s) => s.service === service));
  return h('ul', { class: 'trace-legend', 'aria-label': 'Services' }, present.map((service) => h('li', null, h('span', { class: `${serviceClass(service)} svc-swatch`, 'aria-hidden': 'true' }), service)));
}

function traceSections(trace: PaymentTrace): Child[] {
  if (trace.spans.length === 0) {
    return [h('p', { class: 'state state-empty', 'data-trace': 'empty' },
      trace.trace_ids.length === 0
        ? 'No trace: the ledger lines of this payment were written outside any trace (tracing off, OTEL_SDK_DISABLED, or not sampled).'
        : 'No spans of its traces in data/traces/spans.jsonl: they are written about once a second, went to a collector (OTEL_EXPORTER_OTLP_ENDPOINT), or were rotated out.')];
  }
  const byTrace = trace.trace_ids.map((id) => [id, trace.spans.filter((s) => s.trace_id === id)] as const).filter(([, spans]) => spans.length > 0);
  return [
    trace.truncated ? h('p', { class: 'state state-warn' }, `Only the first ${trace.spans.length} spans are shown.`) : null,
    legend(trace.spans),
    byTrace.map(([id, spans]) => section(`Trace ${id.slice(0, 8)}… · ${plural(new Set(spans.map((s) => s.service)).size, 'service')}`,
      h('p', { class: 'muted small mono break' }, `trace_id ${id}`),
      waterfall(spans))),
  ];
}

/**
 * `#/payments/{id}/trace`: the payment's distributed trace, from the gateway through the vault,
 * provider-sim, the processor's webhook, ledger-service and merchant-sim, as a waterfall. Each span
 * opens to its attributes, events and links.
 */
export function tracePage(root: HTMLElement, context: PageContext): void {
  const id = context.params[0] ?? '';
  const body = h('div', null, loadingState());
  root.append(pageHeader(`Trace of ${id}`, h('a', { href: `#/payments/${encodeURIComponent(id)}`, class: 'button' }, '← Payment')), body);
  const refresh = async (): Promise<void> => {
    try {
      const trace = await api<PaymentTrace>('GET', `/v1/console/payments/${encodeURIComponent(id)}/trace`);
      const services = new Set(trace.spans.map((s) => s.service));
      const end = Math.max(0, ...trace.spans.map((s) => s.offset_ms + s.duration_ms));
      // Spans arrive for a second or two after the payment: a refresh keeps what the user opened.
      const open = new Set([...body.querySelectorAll('li[data-span-id] > details[open]')].map((d) => d.parentElement?.getAttribute('data-span-id')));
      replace(body,
        h('section', { class: 'panel', 'aria-label': 'Summary' }, facts([
          ['Traces', String(trace.trace_ids.length)],
          ['Spans', String(trace.spans.length)],
          ['Services', services.size === 0 ? '—' : [...services].join(', ')],
          ['First to last span', trace.spans.length === 0 ? '—' : ms(end)],
        ])),
        traceSections(trace));
      for (const row of body.querySelectorAll<HTMLElement>('li[data-span-id]')) if (open.has(row.getAttribute('data-span-id'))) row.querySelector('details')?.setAttribute('open', '');
    } catch (error) {
      replace(body, errorState(error));
    }
  };
  void refresh();
  context.onChange(refresh);
}
