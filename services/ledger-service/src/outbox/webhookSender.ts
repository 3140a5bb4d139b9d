import * as http from 'node:http';
import * as https from 'node:https';

/** What one POST to an endpoint came to. */
export interface SendResult {
  /** The HTTP status, when the endpoint answered in time. */
  status?: number;
  latency_ms: number;
  /** Why it is not a success, for people: `HTTP 503`, `timeout: ...`, `connection failed: ECONNREFUSED`. */
  error?: string;
  /** The `Retry-After` header of the answer, if any. */
  retry_after: string | null;
}

/** The longest error text kept (the schema allows 500 characters). */
const ERROR_CHARS_MAX = 300;
/** Connections kept open per endpoint origin (each endpoint's own concurrency limit applies first). */
const SOCKETS_PER_ORIGIN_MAX = 256;
/** The User-Agent of every delivery (the dispatcher appends its lease epoch). */
export const WEBHOOK_USER_AGENT = 'PayRail-Webhooks/1.0 (+https://www.standardwebhooks.com)';

// Keep-alive pools: a delivery reuses a connection to the endpoint instead of opening one each time.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: SOCKETS_PER_ORIGIN_MAX }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: SOCKETS_PER_ORIGIN_MAX }),
};

/**
 * POSTs `body` with `headers` to `url`. Success is a 2xx whose whole answer arrived within
 * `timeout_ms`; a redirect is not followed (and is not a success). Never throws.
 */
export function sendWebhook({ url, body, headers, timeout_ms, mayStart }: { url: string; body: string; headers: Record<string, string>; timeout_ms: number; mayStart?: () => boolean }): Promise<SendResult> {
  const started = performance.now();
  const latency = (): number => Math.round((performance.now() - started) * 100) / 100;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: Omit<SendResult, 'latency_ms'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latency_ms: latency() });
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      finish({ error: 'not sent: the endpoint URL does not parse', retry_after: null });
      return;
    }
    const transport = target.protocol === 'https:' ? https : http;
    const payload = Buffer.from(body, 'utf8');
    const req = transport.request(target, {
      method: 'POST',
      agent: agents[target.protocol === 'https:' ? 'https:' : 'http:'],
      headers: { 'content-type': 'application/json', 'content-length': payload.length, 'user-agent': WEBHOOK_USER_AGENT, ...headers },
    }, (res) => {
      // Read (and discard) the answer: the connection then goes back to the pool.
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const retryAfter = res.headers['retry-after'];
        finish({ status, ...(status >= 200 && status < 300 ? {} : { error: `HTTP ${status}` }), retry_after: typeof retryAfter === 'string' ? retryAfter : null });
      });
      res.on('error', (error) => finish({ error: `connection failed mid-answer: ${error.message}`.slice(0, ERROR_CHARS_MAX), retry_after: null }));
    });
    timer = setTimeout(() => {
      finish({ error: `timeout: no 2xx within ${timeout_ms} ms`, retry_after: null });
      req.destroy();
    }, timeout_ms);
    req.on('error', (error: NodeJS.ErrnoException) => finish({ error: `connection failed: ${error.code ?? error.message}`.slice(0, ERROR_CHARS_MAX), retry_after: null }));
    if (mayStart !== undefined) {
      // The request leaves when it has a connected socket, a few event-loop turns after this call (a
      // pause can fall in between): `mayStart` is asked again right before the first byte is written.
      const abandon = (): void => {
        finish({ error: 'not sent: this process lost the dispatcher lease', retry_after: null });
        req.destroy();
      };
      req.once('socket', (socket) => {
        if (!mayStart()) abandon();
        else if (socket.connecting) socket.once('connect', () => !mayStart() && abandon());
      });
    }
    req.end(payload);
  });
}
