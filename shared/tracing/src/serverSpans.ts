import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { SpanKind, SpanStatusCode, context, trace, type Attributes, type Span } from '@opentelemetry/api';
import { contextOf, tracer } from './traceContext';

/**
 * Requests no trace is made of: probes, metrics scrapes, the console's files and its 2 s pulse. They
 * are most of a quiet stack's requests and none of them is a payment.
 */
export const UNTRACED_PATHS = /^\/(?:health|ready|readiness|metrics|favicon\.ico|console(?:\/|$)|v1\/console\/pulse(?:\?|$))/;

/** Whether the service's tracing makes server spans (startTracing turns it on; off, a request costs one test). */
let serverSpansOn = false;

/** Called by startTracing: server spans on (tracing started with the http instrumentation) or off. */
export function setServerSpans(on: boolean): void {
  serverSpansOn = on;
}

type RoutedRequest = IncomingMessage & { route?: { path?: unknown } };

/** What a server span knows when the answer has gone out: the route express matched, the status. */
function finish(span: Span, req: RoutedRequest, res: ServerResponse): void {
  const route = req.route?.path;
  const status = res.statusCode;
  const attributes: Attributes = { 'http.response.status_code': status };
  if (typeof route === 'string') {
    attributes['http.route'] = route;
    span.updateName(`${req.method ?? 'GET'} ${route}`);
  }
  span.setAttributes(attributes);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  else if (!res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR, message: 'the connection closed before the answer was sent' });
  span.end();
}

/**
 * The server side of tracing, in place of the HTTP instrumentation's (which measured at a third of a
 * PaymentIntent create's CPU in the gateway: per-request attribute parsing, header capture, metrics
 * and wrappers of every emit): one SERVER span per request, child of the caller's W3C `traceparent`
 * when it sends a valid one, named `METHOD /route` once express has matched a route, with the method,
 * path (never the query), protocol and status code. The request's handlers run in the span's context;
 * what the request's emitters call back is brought back into it where it matters (`keepingContext` for
 * a body reader of our own, `inCurrentContext` for the request log's `finish`). Probes, metrics and the console's
 * files are not traced.
 */
export function tracedRequests(listener: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (!serverSpansOn || UNTRACED_PATHS.test(url)) {
      listener(req, res);
      return;
    }
    const header = req.headers.traceparent;
    const parent = contextOf(typeof header === 'string' ? header : undefined);
    const query = url.indexOf('?');
    const method = req.method ?? 'GET';
    const span = tracer().startSpan(method, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': method, 'url.path': query === -1 ? url : url.slice(0, query), 'url.scheme': 'http', 'network.protocol.version': req.httpVersion },
    }, parent);
    const active = trace.setSpan(parent, span);
    res.once('close', () => finish(span, req, res));
    context.with(active, () => listener(req, res));
  };
}

/**
 * `middleware` (a body reader of its own) with its `next` called back in the context it was entered
 * in. What a request's emitters call back (the body's `end`, the response's `finish`) runs outside the
 * request's context: node's HTTP parser belongs to the connection, not to the request. (body-parser's
 * readers keep the context themselves, through on-finished's AsyncResource.) The few listeners that
 * need it are brought back this way, rather than every listener of every request being wrapped (what
 * the HTTP instrumentation does, at a cost per listener).
 */
export function keepingContext<Req, Res>(middleware: (req: Req, res: Res, next: (error?: unknown) => void) => void): (req: Req, res: Res, next: (error?: unknown) => void) => void {
  return (req, res, next) => {
    const active = context.active();
    middleware(req, res, (error?: unknown) => context.with(active, () => next(error)));
  };
}

/** `listener` bound to the current context (a request's `finish` listener that logs inside its span). */
export const inCurrentContext = <A extends unknown[]>(listener: (...args: A) => void): ((...args: A) => void) => context.bind(context.active(), listener);
