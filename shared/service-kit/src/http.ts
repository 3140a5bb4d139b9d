import { assert, constantTimeEqual, findPans, isPayrailError, newId, PayrailError, type ErrorCode } from '@payrail/core';
import { JournalCorruptError, JournalUnavailableError } from '@payrail/journal';
import { IncomingMessage } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { match } from 'path-to-regexp';
import { inCurrentContext } from '@payrail/tracing';
import { inputDecodeError } from './inputGate';
import { routeTable } from './routeTable';

// An incoming correlation id is kept only if it is short and plain, so a client cannot forge log lines.
const CORRELATION_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

const pathOf = (req: Request): string => req.originalUrl.split('?', 1)[0] ?? req.originalUrl;

/**
 * Gives each request its ids: `correlationId` from `X-Correlation-Id` (or a new `corr_...`) and a new
 * `requestId` (`req_...`), both echoed as response headers, plus `req.log`, a child logger carrying them.
 */
export function correlation(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-correlation-id');
    // A correlation id is logged and stored: one holding a card number is replaced, never echoed.
    req.correlationId = incoming !== undefined && CORRELATION_ID_PATTERN.test(incoming) && findPans(incoming).length === 0 ? incoming : newId('corr');
    req.requestId = newId('req');
    (req as LoggingRequest)[BASE_LOGGER] = logger;
    res.setHeader('X-Correlation-Id', req.correlationId);
    res.setHeader('Request-Id', req.requestId);
    next();
  };
}

// Symbol.for: one getter serves every copy of this module in a process (jest loads one per test file).
const BASE_LOGGER = Symbol.for('payrail.baseLogger');
const CHILD_LOGGER = Symbol.for('payrail.childLogger');
type LoggingRequest = IncomingMessage & { [BASE_LOGGER]?: Logger; [CHILD_LOGGER]?: Logger; correlationId?: string; requestId?: string };

// `req.log`: the child logger is made on first use (most requests never log beyond the request line, and
// a pino child with redaction costs more than the rest of a small request). One getter on the request
// prototype, not a property defined on every request (that was 2.5% of a create's CPU).
if (!Object.prototype.hasOwnProperty.call(IncomingMessage.prototype, 'log')) {
  Object.defineProperty(IncomingMessage.prototype, 'log', {
    configurable: true,
    get(this: LoggingRequest): Logger | undefined {
      const base = this[BASE_LOGGER];
      if (base === undefined) return undefined;
      return (this[CHILD_LOGGER] ??= base.child({ correlation_id: this.correlationId, request_id: this.requestId }));
    },
  });
}

/** Logs one line per finished request: info below 400, warn for 4xx, error for 5xx. Mount after `correlation()`. */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    // Inside the request's span (the response's finish is called back outside it): the line carries its trace ids.
    res.once('finish', inCurrentContext(() => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      logger[level](
        {
          method: req.method,
          path: pathOf(req),
          status,
          latency_ms: Math.round((performance.now() - started) * 10) / 10,
          correlation_id: req.correlationId,
          request_id: req.requestId,
        },
        'request finished',
      );
    }));
    next();
  };
}

/**
 * Answers errors in the one documented shape. A `PayrailError` gets its status and body (and
 * `Retry-After` when its details carry `retry_after_s`); undecodable input express or body-parser
 * refused becomes its 4xx (`inputDecodeError`); anything else is a 500 `internal_error`.
 * Every 5xx is logged with its stack and ids; a stack never reaches the body.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error); // express ends the connection; nothing else can be said
    const known = isPayrailError(error) ? error : journalError(error) ?? inputDecodeError(error) ?? new PayrailError('internal_error');
    if (known.statusCode >= 500) {
      logger.error({ err: error, correlation_id: req.correlationId, request_id: req.requestId }, 'request failed');
    }
    const retryAfter = known.details['retry_after_s'];
    if (typeof retryAfter === 'number') res.set('Retry-After', String(Math.ceil(retryAfter)));
    res.status(known.statusCode).json(known.toBody(req.requestId));
  };
}

/**
 * The journal's failures as clients see them: it cannot take its lock or write (503, retry with the
 * same Idempotency-Key: nothing was acknowledged), or a stream failed verification (500).
 */
/** The error a client sees for a journal failure: 503 journal_unavailable (retry), or 500 journal_corrupt naming the stream, line and byte. */
export function journalError(error: unknown): PayrailError | null {
  if (error instanceof JournalUnavailableError) return new PayrailError('journal_unavailable', undefined, { details: { retry_after_s: 1 } });
  if (error instanceof JournalCorruptError) {
    return new PayrailError('journal_corrupt', `${error.message}`, { details: { stream: error.stream, line: error.lineNumber, byte: error.offset } });
  }
  return null;
}

/**
 * Answers any request no route matched: `405 method_not_allowed` with an `Allow` header when the path
 * is served with other methods (`PUT /v1/payment-intents`), else `404 route_not_found`. Mount after
 * every route. The methods of each path are read from the app's own router (`routeTable`) on the first
 * miss, so they cannot drift from what is mounted.
 */
export function notFound(): RequestHandler {
  return (req, res, next) => {
    const path = pathOf(req);
    const allowed = allowedMethods(req.app, path);
    if (allowed.length > 0) {
      res.set('Allow', allowed.join(', '));
      return next(new PayrailError('method_not_allowed', `${req.method} is not served on ${path.slice(0, 200)}; it answers ${allowed.join(', ')}.`));
    }
    next(new PayrailError('route_not_found', `No route for ${req.method} ${path.slice(0, 200)}.`));
  };
}

interface PathMethods {
  matches: (path: string) => boolean;
  methods: Set<string>;
}

// One table per app, made on its first miss: every route is mounted before a request arrives.
const methodTables = new WeakMap<object, PathMethods[]>();

function methodTable(app: { router: unknown }): PathMethods[] {
  let table = methodTables.get(app);
  if (table === undefined) {
    const byPath = new Map<string, Set<string>>();
    for (const { method, path } of routeTable(app)) {
      if (method === 'all') continue; // an `all` route matches every method: it never reaches notFound
      const methods = byPath.get(path) ?? new Set<string>();
      methods.add(method.toUpperCase());
      if (method === 'get') methods.add('HEAD'); // express answers HEAD with the GET route
      byPath.set(path, methods);
    }
    table = [...byPath].map(([path, methods]) => {
      // As express 5's router matches: case-insensitive, a trailing slash allowed, params undecoded.
      const matcher = match(path, { decode: false, sensitive: false, end: true, trailing: true });
      return { matches: (candidate: string) => matcher(candidate) !== false, methods };
    });
    methodTables.set(app, table);
  }
  return table;
}

/** The methods `app` serves on `path`, in a stable order; empty when it serves none. */
function allowedMethods(app: unknown, path: string): string[] {
  if (typeof app !== 'function' || !('router' in app)) return [];
  const methods = new Set<string>();
  for (const entry of methodTable(app as { router: unknown })) {
    if (entry.matches(path)) for (const method of entry.methods) methods.add(method);
  }
  return [...methods].sort();
}

/**
 * Guards routes with a shared token: `requireToken('X-Internal-Token', cfg.INTERNAL_TOKEN,
 * 'internal_token_invalid')`. The comparison takes constant time; a missing or wrong token is a 401.
 */
export function requireToken(
  header: string,
  expected: string,
  code: Extract<ErrorCode, 'internal_token_invalid' | 'admin_token_invalid'>,
): RequestHandler {
  assert(expected.length > 0, `the expected ${header} must not be empty`);
  return (req, _res, next) => {
    const given = req.get(header);
    next(given !== undefined && constantTimeEqual(given, expected) ? undefined : new PayrailError(code));
  };
}
