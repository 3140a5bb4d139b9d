import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createServer, STATUS_CODES, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { newId, PayrailError, type ErrorCode } from '@payrail/core';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { tracedRequests } from '@payrail/tracing';

export interface Readiness {
  ok: boolean;
  /** One entry per dependency: true, or why it is not ready. */
  checks: Record<string, boolean | string>;
}

/** The paths of the readiness probe: `/ready`, and `/readiness` for probes configured with that name. */
export const READINESS_PATHS = ['/ready', '/readiness'] as const;

/**
 * `GET /health` (the process is up: `{status, service, uptime_s, pid}`) and `GET /ready`, also at
 * `/readiness` (200 when `ready()` reports ok, 503 otherwise, with its checks either way).
 */
export function healthRoutes({ service, ready }: { service: string; ready: () => Promise<Readiness> }): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', service, uptime_s: Math.floor(process.uptime()), pid: process.pid });
  });
  const readiness = async (_req: Request, res: Response): Promise<void> => {
    const { ok, checks } = await ready();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', service, checks });
  };
  for (const path of READINESS_PATHS) router.get(path, readiness);
  return router;
}

/** How long one readiness probe result is reused: /ready stays cheap under a load balancer's polling. */
export const READY_PROBE_CACHE_MS = 1_000;

/** Anything with a journal's health (a Journal, or a wrapper of one). */
export interface JournalHealth {
  health(): { ok: true } | { ok: false; reason: string };
}

/**
 * The readiness of a service: every folder it writes takes a real write (a probe file created, synced
 * and removed; permissions alone say nothing for root or a read-only mount) and every journal it
 * writes is healthy (not refusing writes after a failed verification). Folder probes are cached for
 * `cache_ms`.
 */
export function readinessProbe({ folders, journals }: { folders: Record<string, string>; journals: Record<string, JournalHealth> }, cache_ms = READY_PROBE_CACHE_MS): () => Promise<Readiness> {
  let probed: { at: number; checks: Record<string, boolean | string> } | null = null;
  return async () => {
    if (probed === null || Date.now() - probed.at >= cache_ms) {
      const checks: Record<string, boolean | string> = {};
      for (const [name, folder] of Object.entries(folders)) checks[`${name}_writable`] = await probeFolder(folder);
      probed = { at: Date.now(), checks };
    }
    // A journal's health is a field read: never cached, so a refusal shows at once.
    const checks = { ...probed.checks };
    for (const [name, journal] of Object.entries(journals)) {
      const health = journal.health();
      checks[`${name}_journal`] = health.ok ? true : health.reason;
    }
    return { ok: Object.values(checks).every((check) => check === true), checks };
  };
}

async function probeFolder(folder: string): Promise<true | string> {
  const probe = path.join(folder, `.ready-probe-${process.pid}`);
  try {
    await fs.mkdir(folder, { recursive: true });
    const handle = await fs.open(probe, 'w');
    try {
      await handle.writeFile('ready\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rm(probe, { force: true });
    return true;
  } catch (error) {
    return `${folder} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

export interface RunningServer {
  server: Server;
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  url: string;
  /** Stops accepting, lets in-flight requests finish for up to `CLOSE_GRACE_MS`, then ends every connection. */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 5_000;
/** The largest request line plus headers the server reads; more is answered 431 `headers_too_large`. */
export const HEADER_BYTES_MAX = 16 * 1024;
/** How long a client may take to send a whole request (line, headers and body); then 408 `request_timeout`. */
export const REQUEST_RECEIVE_MS_MAX = 30_000;
/** How long a socket refused by the parser may take to drain its answer before it is destroyed anyway. */
const REFUSED_SOCKET_LINGER_MS = 1_000;

/** What node's HTTP parser reports (`HPE_*` from llhttp, or node's own), as a client sees it. */
function parserRefusal(code: string | undefined): PayrailError {
  const as = (errorCode: ErrorCode, message?: string): PayrailError => new PayrailError(errorCode, message);
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return as('headers_too_large', `The request line and headers are larger than the limit of ${HEADER_BYTES_MAX} bytes.`);
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return as('body_too_large', 'The chunk extensions of the body are larger than the limit.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return as('request_timeout');
    case 'HPE_INVALID_METHOD':
      return as('request_malformed', 'The request method is not an HTTP method this server knows.');
    default:
      return as('request_malformed', `The HTTP request could not be parsed (${code ?? 'unknown'}): check the request line, header syntax and framing.`);
  }
}

/** The bytes of a complete HTTP/1.1 answer in the documented error shape, closing the connection. */
function rawAnswer(error: PayrailError, requestId: string): string {
  const body = JSON.stringify(error.toBody(requestId));
  const head = [
    `HTTP/1.1 ${error.statusCode} ${STATUS_CODES[error.statusCode] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `Request-Id: ${requestId}`,
    'Connection: close',
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * Answers on a socket the app never sees (a request node's parser refused, or a CONNECT), when nothing
 * has been written on it yet, then destroys the socket.
 */
function refuseOnSocket(socket: Duplex, error: PayrailError, logger: Logger | undefined, detail: Record<string, unknown>): void {
  const requestId = newId('req');
  logger?.warn({ ...detail, status: error.statusCode, code: error.code, request_id: requestId }, 'request refused before routing');
  const pristine = socket.writable && ((socket as { bytesWritten?: number }).bytesWritten ?? 0) === 0;
  if (!pristine) {
    socket.destroy();
    return;
  }
  const linger = setTimeout(() => socket.destroy(), REFUSED_SOCKET_LINGER_MS);
  linger.unref();
  socket.end(rawAnswer(error, requestId), () => {
    clearTimeout(linger);
    socket.destroy();
  });
}

/** Sends `error` in the documented shape on a response the app never received. */
function refuseResponse(res: ServerResponse, error: PayrailError): void {
  const requestId = newId('req');
  const body = JSON.stringify(error.toBody(requestId));
  res.writeHead(error.statusCode, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Request-Id': requestId, Connection: 'close' });
  res.end(body);
}

/**
 * Starts an HTTP server for `app` and resolves once it is listening. What node answers by itself,
 * outside any app, is answered in the documented error shape too: a request its parser refuses
 * (`request_malformed` 400, `headers_too_large` 431, `body_too_large` 413, `request_timeout` 408; the
 * socket is then destroyed), an `Expect` other than 100-continue (`expectation_unsupported` 417) and
 * CONNECT (`method_not_allowed` 405). A missing Host header is left to `inputGate()`. `logger`, when
 * given, gets a warn line for each.
 */
export async function listen(app: RequestListener, { port, host, logger }: { port: number; host: string; logger?: Logger }): Promise<RunningServer> {
  // Each request in its server span (when the service traces: a no-op test otherwise).
  const server = createServer({ maxHeaderSize: HEADER_BYTES_MAX, requestTimeout: REQUEST_RECEIVE_MS_MAX, requireHostHeader: false }, tracedRequests(app));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || error.code === 'EPIPE') {
      socket.destroy();
      return;
    }
    refuseOnSocket(socket, parserRefusal(error.code), logger, { parser_error: error.code });
  });
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    refuseOnSocket(socket, new PayrailError('method_not_allowed', 'CONNECT is not served: PayRail is not a proxy.'), logger, { method: req.method });
  });
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    logger?.warn({ method: req.method, expect: String(req.headers.expect).slice(0, 64) }, 'request refused before routing');
    refuseResponse(res, new PayrailError('expectation_unsupported'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  const close = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const deadline = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      server.close((error) => {
        clearTimeout(deadline);
        if (error === undefined) resolve();
        else reject(error);
      });
      server.closeIdleConnections();
    });
  return { server, url, close };
}

/**
 * Runs `handler` once on the first SIGINT or SIGTERM, then exits 0 (1 if it fails). A second signal
 * of the same kind falls through to node's default and kills the process at once.
 */
export function onShutdown(handler: () => Promise<void>, logger: Logger): void {
  let started = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (started) return;
    started = true;
    logger.info({ signal }, 'shutting down');
    handler().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
