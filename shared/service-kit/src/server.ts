import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import type { Logger } from 'pino';

export interface Readiness {
  ok: boolean;
  /** One entry per dependency: true, or why it is not ready. */
  checks: Record<string, boolean | string>;
}

/**
 * `GET /health` (the process is up: `{status, service, uptime_s}`) and `GET /ready` (200 when
 * `ready()` reports ok, 503 otherwise, with its checks either way).
 */
export function healthRoutes({ service, ready }: { service: string; ready: () => Promise<Readiness> }): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', service, uptime_s: Math.floor(process.uptime()) });
  });
  router.get('/ready', async (_req, res) => {
    const { ok, checks } = await ready();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', service, checks });
  });
  return router;
}

export interface RunningServer {
  server: Server;
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  url: string;
  /** Stops accepting, lets in-flight requests finish for up to `CLOSE_GRACE_MS`, then ends every connection. */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 5_000;

/** Starts an HTTP server for `app` and resolves once it is listening. */
export async function listen(app: RequestListener, { port, host }: { port: number; host: string }): Promise<RunningServer> {
  const server = createServer(app);
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
