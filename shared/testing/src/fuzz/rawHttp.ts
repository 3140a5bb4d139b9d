import { request } from 'node:http';
import { connect } from 'node:net';

/** What came back for one request: the status, headers and body text, or how it ended without one. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The request got no HTTP answer: the connection closed first, or the client could not send it. */
  noAnswer?: string;
}

export interface OutgoingRequest {
  method: string;
  /** Sent as is: percent-encoding is the caller's business. */
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** Send the body with Transfer-Encoding: chunked (in two chunks) instead of a Content-Length. */
  chunked?: boolean;
}

/** The most answer bytes kept; an answer is an error body or a page of a list. */
const ANSWER_BYTES_MAX = 1024 * 1024;

/**
 * Sends one request on its own connection with node's client (no retries, no decompression, no
 * normalisation of the path) and rejects if no answer and no close come within `timeout_ms`: a hang.
 */
export function sendRequest(baseUrl: string, outgoing: OutgoingRequest, timeout_ms: number): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${timeout_ms} ms (a hang): ${outgoing.method} ${outgoing.path.slice(0, 200)}`));
    }, timeout_ms);
    const headers: Record<string, string> = { ...outgoing.headers, connection: 'close' };
    if (outgoing.body !== null && !outgoing.chunked) headers['content-length'] = String(outgoing.body.length);
    if (outgoing.body !== null && outgoing.chunked) headers['transfer-encoding'] = 'chunked';
    let req: ReturnType<typeof request>;
    try {
      req = request({ host: hostname, port: Number(port), method: outgoing.method, path: outgoing.path, headers, agent: false, setHost: true });
    } catch (error) {
      clearTimeout(timer);
      resolve({ status: 0, headers: {}, body: '', noAnswer: `the client refused to send it: ${(error as Error).message}` });
      return;
    }
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= ANSWER_BYTES_MAX) chunks.push(chunk);
      });
      const done = (): void => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      };
      res.on('end', done);
      res.on('error', done);
      res.on('aborted', done);
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: 0, headers: {}, body: '', noAnswer: `the connection ended without an answer: ${(error as NodeJS.ErrnoException).code ?? error.message}` });
    });
    if (outgoing.body === null) req.end();
    else if (outgoing.chunked) {
      const half = Math.floor(outgoing.body.length / 2);
      req.write(outgoing.body.subarray(0, half));
      req.end(outgoing.body.subarray(half));
    } else req.end(outgoing.body);
  });
}

/** The first HTTP answer in `bytes` (a raw exchange), with a chunked body decoded; null if there is none. */
export function parseRawAnswer(bytes: Buffer): Answer | null {
  const text = bytes.toString('latin1');
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd === -1) return null;
  const [statusLine = '', ...lines] = text.slice(0, headEnd).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (status === undefined) return null;
  // An interim answer (100 Continue) comes before the real one.
  if (status.startsWith('1')) return parseRawAnswer(bytes.subarray(headEnd + 4));
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = bytes.subarray(headEnd + 4);
  const length = headers['content-length'];
  if (length !== undefined) body = body.subarray(0, Number(length));
  else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = body.indexOf('\r\n', at);
      if (lineEnd === -1) break;
      const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
      if (!(size > 0)) break;
      parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  return { status: Number(status), headers, body: body.toString('utf8') };
}

/**
 * Writes `bytes` on a fresh connection, half-closes it, and collects what comes back until the server
 * closes. Rejects if the server neither answers nor closes within `timeout_ms` (a hang).
 */
export function rawExchange(baseUrl: string, bytes: Buffer, timeout_ms: number): Promise<{ answer: Answer | null; bytes: Buffer }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server neither answered nor closed within ${timeout_ms} ms (a hang): ${JSON.stringify(bytes.subarray(0, 200).toString('latin1'))}`));
    }, timeout_ms);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      resolve({ answer: parseRawAnswer(all), bytes: all });
    });
    socket.end(bytes);
  });
}
