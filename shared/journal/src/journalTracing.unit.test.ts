import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { makeTempDataDir } from '@payrail/testing';
import { Journal, type JournalBatchStats } from './journal';

const STREAM = 'ledger/probes';
const probe = (n: number) => ({ type: 'journal.probe', ref: `p-${n}`, data: { n } });

describe('Journal tracing: commit spans, batch spans and the traceparent of each line', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => provider.register());
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDataDir('journal-tracing'));
    exporter.reset();
  });
  afterEach(() => cleanup());

  const named = (name: string): ReadableSpan[] => exporter.getFinishedSpans().filter((s) => s.name === name);

  it('group commit: one journal.commit per command, linked both ways to the one journal.batch that served them, whose phases are its children', async () => {
    const batches: JournalBatchStats[] = [];
    const journal = await Journal.open({ dataDir: dir, streams: [STREAM], lockName: 'ledger/.lock', onEvent: () => {}, onBatch: (stats) => batches.push(stats) });
    const tracer = trace.getTracer('test');
    // Two requests, each in its own trace, whose commands arrive together (one batch).
    const requests = [1, 2].map((n) => tracer.startSpan(`request ${n}`));
    const written = await Promise.all(requests.map((span, i) => context.with(trace.setSpan(context.active(), span), () => journal.append(STREAM, probe(i)))));
    requests.forEach((span) => span.end());
    await journal.close();

    const commits = named('journal.commit');
    const [batch, ...more] = named('journal.batch');
    expect(commits).toHaveLength(2);
    expect(more).toHaveLength(0);
    expect(batch).toBeDefined();
    // each command's span is a child of its request, and its line carries that span's traceparent
    commits.forEach((commit, i) => {
      const request = requests.find((r) => r.spanContext().spanId === commit.parentSpanContext?.spanId);
      expect(request).toBeDefined();
      const line = written.flat().find((event) => event.traceparent?.includes(commit.spanContext().spanId));
      expect(line?.traceparent).toBe(`00-${commit.spanContext().traceId}-${commit.spanContext().spanId}-01`);
      expect(commit.links.map((l) => l.context.spanId)).toEqual([batch?.spanContext().spanId]);
      expect(commit.events.find((e) => e.name === 'journal.batch')?.attributes).toMatchObject({ 'journal.batch.commands': 2, 'journal.fsync_ms': expect.any(Number), 'journal.lock_wait_ms': expect.any(Number) });
      expect(i).toBeLessThan(2);
    });
    // the batch links every command and has a child span per phase
    expect(new Set(batch?.links.map((l) => l.context.spanId))).toEqual(new Set(commits.map((c) => c.spanContext().spanId)));
    expect(batch?.attributes).toMatchObject({ 'journal.batch.commands': 2, 'journal.batch.events': 2, 'journal.lock': 'ledger/.lock' });
    const phaseSpans = exporter.getFinishedSpans().filter((s) => s.parentSpanContext?.spanId === batch?.spanContext().spanId);
    expect(phaseSpans.map((s) => s.name)).toEqual(['journal.lock_wait', 'journal.catch_up', 'journal.decide', 'journal.write', 'journal.fsync']);
    // laid end to end on one clock, inside the batch
    const nanos = ([seconds, ns]: [number, number]): bigint => BigInt(seconds) * 1_000_000_000n + BigInt(ns);
    const bounds = [batch as ReadableSpan, ...phaseSpans].map((s) => ({ start: nanos(s.startTime), end: nanos(s.endTime) }));
    const [whole, ...parts] = bounds;
    expect(parts[0]?.start).toBe(whole?.start);
    parts.slice(1).forEach((part, i) => expect(part.start).toBe(parts[i]?.end));
    expect((parts[parts.length - 1]?.end ?? 0n) <= (whole?.end ?? 0n)).toBe(true);
    // and the lock wait is measured for the metric
    expect(batches[0]).toMatchObject({ commands: 2, events: 2, lock_wait_ms: expect.any(Number), write_ms: expect.any(Number), fsync_ms: expect.any(Number) });
  });

  it('outside a span (a background sample) it makes no span and stamps no traceparent; a refused command is an outcome, not an error', async () => {
    const journal = await Journal.open({ dataDir: dir, streams: [STREAM], lockName: 'ledger/.lock', onEvent: () => {} });
    const [untraced] = await journal.append(STREAM, probe(1));
    expect(untraced?.traceparent).toBeUndefined();
    expect(exporter.getFinishedSpans()).toHaveLength(0);

    const span = trace.getTracer('test').startSpan('request');
    await context.with(trace.setSpan(context.active(), span), () => journal.transact(() => {
      throw new Error('amount_must_be_positive');
    })).catch(() => undefined);
    span.end();
    await journal.close();
    const [refused] = named('journal.commit');
    expect(refused?.attributes).toMatchObject({ 'journal.outcome': 'refused', 'journal.refusal': 'amount_must_be_positive' });
    expect(refused?.status.code).not.toBe(2);
  });
});
