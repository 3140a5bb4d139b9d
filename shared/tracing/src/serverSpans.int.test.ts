import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import express from 'express';
import { inCurrentContext, keepingContext, setServerSpans, tracedRequests } from './serverSpans';
import { activeTraceIds } from './traceContext';

describe('tracedRequests: one server span per request, and the request context kept past the body', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let server: Server;
  let url: URL;
  /** What each handler saw as the active trace, after the body was read, and what its finish listener saw. */
  const seen: Array<{ path: string; inHandler: string | null; onFinish: string | null }> = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    provider.register();
    setServerSpans(true);
    const app = express();
    app.use((req, res, next) => {
      const entry = { path: req.path, inHandler: null as string | null, onFinish: null as string | null };
      seen.push(entry);
      res.once('finish', inCurrentContext(() => (entry.onFinish = activeTraceIds()?.span_id ?? null)));
      res.locals['entry'] = entry;
      next();
    });
    // A body reader of its own (as the Stripe-compatible API's form reader): its end is called back outside the request's context.
    app.use(keepingContext((req: express.Request, _res: express.Response, next: (error?: unknown) => void) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        req.body = chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
        next();
      });
    }));
    const record = (req: express.Request, res: express.Response): void => {
      (res.locals['entry'] as { inHandler: string | null }).inHandler = activeTraceIds()?.span_id ?? null;
      res.status(req.body?.fail === true ? 503 : 200).json({ ok: true });
    };
    app.post('/v1/things/:id', record);
    app.get('/health', record);
    server = createServer(tracedRequests(app));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    setServerSpans(false);
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
    await provider.shutdown();
    trace.disable();
    context.disable();
  });
  beforeEach(() => {
    exporter.reset();
    seen.length = 0;
  });

  /** A request whose body arrives in two writes 20 ms apart: its end is called back on a later turn, outside the request's context. */
  const send = (method: string, path: string, body: string | null, headers: Record<string, string> = {}): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method, path, agent, headers: body === null ? headers : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      if (body === null) req.end();
      else {
        const half = Math.floor(body.length / 2);
        req.write(body.slice(0, half));
        setTimeout(() => req.end(body.slice(half)), 20);
      }
    });
  const finished = async (count: number): Promise<ReadableSpan[]> => {
    for (let i = 0; i < 100 && exporter.getFinishedSpans().length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return exporter.getFinishedSpans();
  };

  it('continues the caller’s traceparent, is named by the route, records method, path without the query, status; the handler and the finish listener run inside it', async () => {
    const traceId = 'a'.repeat(32);
    const parentId = 'b'.repeat(16);
    for (let i = 0; i < 3; i++) expect(await send('POST', `/v1/things/t${i}?card=4242424242424242`, JSON.stringify({ n: i, pad: 'x'.repeat(2000) }), { traceparent: `00-${traceId}-${parentId}-01` })).toBe(200);
    const spans = await finished(3);
    expect(spans).toHaveLength(3);
    spans.forEach((span, i) => {
      expect(span.kind).toBe(SpanKind.SERVER);
      expect(span.name).toBe('POST /v1/things/:id');
      expect(span.spanContext().traceId).toBe(traceId);
      expect(span.parentSpanContext?.spanId).toBe(parentId);
      expect(span.attributes).toEqual({ 'http.request.method': 'POST', 'url.path': `/v1/things/t${i}`, 'url.scheme': 'http', 'network.protocol.version': '1.1', 'http.response.status_code': 200, 'http.route': '/v1/things/:id' });
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    });
    // Each request saw its own span after its body was read (keepingContext), and at finish (inCurrentContext).
    expect(seen.map((entry) => entry.inHandler)).toEqual(spans.map((span) => span.spanContext().spanId));
    expect(seen.map((entry) => entry.onFinish)).toEqual(spans.map((span) => span.spanContext().spanId));
  });

  it('a request without a valid traceparent starts its own trace; a 5xx answer marks the span failed', async () => {
    expect(await send('POST', '/v1/things/x', JSON.stringify({ fail: true }), { traceparent: 'not-a-traceparent' })).toBe(503);
    const [span] = await finished(1);
    expect(span?.parentSpanContext).toBeUndefined();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['http.response.status_code']).toBe(503);
  });

  it('probes are not traced, and with server spans off nothing is', async () => {
    expect(await send('GET', '/health', null)).toBe(200);
    setServerSpans(false);
    expect(await send('POST', '/v1/things/y', JSON.stringify({}))).toBe(200);
    setServerSpans(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(seen.map((entry) => entry.inHandler)).toEqual([null, null]);
  });
});
