import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SpanKind, SpanStatusCode, type HrTime } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { FileSpanExporter, PENDING_BATCHES_MAX, serializeSpanLine, toSpanLine } from './fileSpanExporter';
import type { SpanLine } from './spanLine';
import { readTraceSpans } from './traceFile';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const START: HrTime = [1_767_225_600, 123_456_789]; // 2026-01-01T00:00:00.123456789Z
const END: HrTime = [1_767_225_600, 125_956_789]; // 2.5 ms later

function span(overrides: Partial<{ name: string; traceId: string; spanId: string; parent: string; attributes: Record<string, unknown>; events: number }> = {}): ReadableSpan {
  const traceId = overrides.traceId ?? TRACE_ID;
  return {
    name: overrides.name ?? 'POST /v1/payment-intents/:id/confirm',
    kind: SpanKind.SERVER,
    spanContext: () => ({ traceId, spanId: overrides.spanId ?? '00f067aa0ba902b7', traceFlags: 1 }),
    ...(overrides.parent === undefined ? {} : { parentSpanContext: { traceId, spanId: overrides.parent, traceFlags: 1 } }),
    startTime: START,
    endTime: END,
    duration: [0, 2_500_000],
    status: { code: SpanStatusCode.ERROR, message: 'no answer' },
    attributes: (overrides.attributes ?? { 'http.method': 'POST', 'payrail.attempt': 2 }) as ReadableSpan['attributes'],
    links: [{ context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }, attributes: { 'journal.link': 'batch' } }],
    events: Array.from({ length: overrides.events ?? 1 }, (_, i) => ({ name: `journal.batch.${i}`, time: END, attributes: { 'journal.fsync_ms': 1.25, padding: 'x'.repeat(200) } })),
    ended: true,
    resource: resourceFromAttributes({ 'service.name': 'api-gateway' }),
    instrumentationScope: { name: 'payrail' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  } as ReadableSpan;
}

function exportNow(exporter: FileSpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

describe('the span line format', () => {
  it('has the ids first, the service, ISO times with microseconds, unix nanoseconds, duration, status, attributes, events and links', () => {
    const line = toSpanLine(span({ parent: '1111111111111111' }));
    expect(Object.keys(line).slice(0, 3)).toEqual(['trace_id', 'span_id', 'parent_span_id']);
    expect(line).toEqual<SpanLine>({
      trace_id: TRACE_ID,
      span_id: '00f067aa0ba902b7',
      parent_span_id: '1111111111111111',
      name: 'POST /v1/payment-intents/:id/confirm',
      kind: 'server',
      service: 'api-gateway',
      start: '2026-01-01T00:00:00.123456Z',
      end: '2026-01-01T00:00:00.125956Z',
      start_unix_nano: '1767225600123456789',
      end_unix_nano: '1767225600125956789',
      duration_ms: 2.5,
      status: { code: 'error', message: 'no answer' },
      attributes: { 'http.method': 'POST', 'payrail.attempt': 2 },
      events: [{ name: 'journal.batch.0', time: '2026-01-01T00:00:00.125956Z', attributes: { 'journal.fsync_ms': 1.25, padding: 'x'.repeat(200) } }],
      links: [{ trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16), attributes: { 'journal.link': 'batch' } }],
    });
    expect(toSpanLine(span()).parent_span_id).toBeNull();
  });

  it('masks a card number that reached an attribute (a URL a client typed), never its own timestamps', () => {
    const text = serializeSpanLine(toSpanLine(span({ attributes: { 'http.target': '/v1/payment-intents?q=4242424242424242', 'http.url': ['x', '4242 4242 4242 4242'] } })));
    expect(text).not.toMatch(/4242424242424242|4242 4242 4242 4242/);
    expect(JSON.parse(text).attributes).toEqual({ 'http.target': '/v1/payment-intents?q=424242******4242', 'http.url': ['x', '424242******4242'] });
    // 1767225600123456104 passes the Luhn check: a nanosecond timestamp, not a card number.
    const luhnTime = { ...span(), startTime: [1_767_225_600, 123_456_104] as HrTime };
    expect(JSON.parse(serializeSpanLine(toSpanLine(luhnTime))).start_unix_nano).toBe('1767225600123456104');
  });

  it('keeps every line under its limit: events go first, then links, then attributes, and the line says it was cut', () => {
    const limit = 4 * 1024;
    const many = toSpanLine(span({ events: 40 }));
    const cut = JSON.parse(serializeSpanLine(many, limit)) as SpanLine;
    expect(Buffer.byteLength(serializeSpanLine(many, limit))).toBeLessThanOrEqual(limit);
    expect(cut.truncated).toBe(true);
    expect(cut.events).toEqual([]);
    expect(cut.links).toHaveLength(1);
    expect(cut.attributes).toEqual(many.attributes);

    const huge = toSpanLine(span({ attributes: { big: 'y'.repeat(10_000) } }));
    const bare = JSON.parse(serializeSpanLine(huge, limit)) as SpanLine;
    expect(bare).toMatchObject({ trace_id: TRACE_ID, truncated: true, events: [], links: [], attributes: {} });

    const small = serializeSpanLine(toSpanLine(span()), limit);
    expect(JSON.parse(small).truncated).toBeUndefined();
  });
});

describe('FileSpanExporter', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'payrail-spans-'));
    file = path.join(dir, 'traces', 'spans.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends each batch as JSON lines, creating the folder, and reads a trace back', async () => {
    const exporter = new FileSpanExporter({ file });
    expect((await exportNow(exporter, [span({ spanId: '1'.repeat(16) }), span({ spanId: '2'.repeat(16), traceId: 'c'.repeat(32) })])).code).toBe(ExportResultCode.SUCCESS);
    expect((await exportNow(exporter, [span({ spanId: '3'.repeat(16) })])).code).toBe(ExportResultCode.SUCCESS);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines.slice(0, 3).map((l) => (JSON.parse(l) as SpanLine).span_id)).toEqual(['1'.repeat(16), '2'.repeat(16), '3'.repeat(16)]);
    expect(exporter.stats).toEqual({ written: 3, dropped: 0 });

    const { spans, truncated } = await readTraceSpans(dir, new Set([TRACE_ID]), 10);
    expect(spans.map((s) => s.span_id)).toEqual(['1'.repeat(16), '3'.repeat(16)]);
    expect(truncated).toBe(false);
    expect((await readTraceSpans(dir, new Set([TRACE_ID]), 1)).truncated).toBe(true);
  });

  it('is bounded on disk: past file_bytes_max the file becomes spans.1.jsonl and a new one begins', async () => {
    const exporter = new FileSpanExporter({ file, file_bytes_max: 4_000 });
    for (let i = 0; i < 12; i++) await exportNow(exporter, [span({ spanId: i.toString(16).padStart(16, '0') })]);
    const rotated = path.join(dir, 'traces', 'spans.1.jsonl');
    expect(existsSync(rotated)).toBe(true);
    expect(statSync(file).size).toBeLessThanOrEqual(4_000);
    expect(statSync(rotated).size).toBeLessThanOrEqual(4_000);
    // Both generations are read, older first; nothing but the oldest spans was let go.
    const { spans } = await readTraceSpans(dir, new Set([TRACE_ID]), 100);
    const ids = spans.map((s) => Number.parseInt(s.span_id, 16));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[ids.length - 1]).toBe(11);
  });

  it('never queues without bound: past PENDING_BATCHES_MAX waiting batches, a batch is dropped at once and counted', async () => {
    const exporter = new FileSpanExporter({ file });
    const results = Array.from({ length: PENDING_BATCHES_MAX + 2 }, () => exportNow(exporter, [span()]));
    const codes = (await Promise.all(results)).map((r) => r.code);
    expect(codes.filter((c) => c === ExportResultCode.SUCCESS)).toHaveLength(PENDING_BATCHES_MAX);
    expect(codes.filter((c) => c === ExportResultCode.FAILED)).toHaveLength(2);
    expect(exporter.stats).toEqual({ written: PENDING_BATCHES_MAX, dropped: 2 });
  });

  it('reports a batch it cannot write and goes on; after shutdown it takes nothing', async () => {
    writeFileSync(path.join(dir, 'traces'), 'a file where the folder should be');
    const errors: string[] = [];
    const exporter = new FileSpanExporter({ file, onError: (error) => errors.push(error.message) });
    expect((await exportNow(exporter, [span()])).code).toBe(ExportResultCode.FAILED);
    expect(errors).toHaveLength(1);
    await exporter.shutdown();
    expect((await exportNow(exporter, [span()])).code).toBe(ExportResultCode.FAILED);
    expect(exporter.stats.dropped).toBe(2);
  });

  it('skips a torn last line and lines of other traces when reading', async () => {
    const exporter = new FileSpanExporter({ file });
    await exportNow(exporter, [span({ spanId: '1'.repeat(16) })]);
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"trace_id":"${TRACE_ID}","span_id":"torn`);
    expect((await readTraceSpans(dir, new Set([TRACE_ID]), 10)).spans).toHaveLength(1);
    expect((await readTraceSpans(dir, new Set(['d'.repeat(32)]), 10)).spans).toHaveLength(0);
    expect((await readTraceSpans(path.join(dir, 'nothing-here'), new Set([TRACE_ID]), 10)).spans).toHaveLength(0);
  });
});
