import { Agent, get } from 'node:http';
import { connect } from 'node:net';
import express from 'express';
import request from 'supertest';
import { createLogger } from './logger';
import { HEADER_BYTES_MAX, healthRoutes, listen, onShutdown, type Readiness } from './server';

/** Writes `bytes` on a fresh connection and collects everything until the server closes it (or 5 s pass). */
function rawExchange(url: string, bytes: string): Promise<{ closed: boolean; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ closed: false, text });
    }, 5_000);
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, text });
    });
    socket.write(bytes);
  });
}

/** The status and error body of a raw HTTP answer. */
function parsed(text: string): { status: number; error: Record<string, unknown> | undefined; requestIdHeader: string | undefined } {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
    error: body === '' ? undefined : (JSON.parse(body) as { error: Record<string, unknown> }).error,
    requestIdHeader: /\r\nRequest-Id: (\S+)/i.exec(head)?.[1],
  };
}

function givenAnApp(readiness: Readiness) {
  const app = express();
  app.use(healthRoutes({ service: 'ledger-service', ready: async () => readiness }));
  return app;
}

describe('healthRoutes', () => {
  it('reports the process as up', async () => {
    const res = await request(givenAnApp({ ok: true, checks: {} })).get('/health');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', service: 'ledger-service', uptime_s: expect.any(Number), pid: process.pid });
  });

  it('answers /ready with 200 when every check passes', async () => {
    const res = await request(givenAnApp({ ok: true, checks: { data_dir: true } })).get('/ready');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', service: 'ledger-service', checks: { data_dir: true } });
  });

  it('answers /ready with 503 and the failing checks when not ready', async () => {
    const checks = { data_dir: true, vault: 'connect ECONNREFUSED 127.0.0.1:8083' };

    const res = await request(givenAnApp({ ok: false, checks })).get('/ready');

    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'not_ready', service: 'ledger-service', checks });
  });
});

describe('listen', () => {
  it('serves on the bound port and closes even with a keep-alive connection open', async () => {
    const running = await listen(givenAnApp({ ok: true, checks: {} }), { port: 0, host: '127.0.0.1' });
    const agent = new Agent({ keepAlive: true });

    const status = await new Promise<number | undefined>((resolve, reject) => {
      get(`${running.url}/health`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      }).on('error', reject);
    });
    const started = Date.now();
    await running.close();

    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(running.server.listening).toBe(false);
    agent.destroy();
  });

  it('rejects when the port is taken', async () => {
    const first = await listen(givenAnApp({ ok: true, checks: {} }), { port: 0, host: '127.0.0.1' });
    const port = Number(new URL(first.url).port);

    await expect(listen(express(), { port, host: '127.0.0.1' })).rejects.toThrow(/EADDRINUSE/);
    await first.close();
  });
});

describe('listen: what node answers outside the app', () => {
  const cases: Array<[string, string, number, string]> = [
    ['an unknown method', 'BREW /health HTTP/1.1\r\nHost: a\r\n\r\n', 400, 'request_malformed'],
    ['a malformed request line', 'GET\r\n\r\n', 400, 'request_malformed'],
    ['a control character in a header name', 'GET /health HTTP/1.1\r\nHost: a\r\nX\x01: 1\r\n\r\n', 400, 'request_malformed'],
    ['a bad chunk size', 'POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400, 'request_malformed'],
    ['an oversize header block', `GET /health HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(HEADER_BYTES_MAX + 1)}\r\n\r\n`, 431, 'headers_too_large'],
    ['an oversize request line', `GET /${'a'.repeat(HEADER_BYTES_MAX + 1)} HTTP/1.1\r\nHost: a\r\n\r\n`, 431, 'headers_too_large'],
    ['chunk extensions over the limit', `POST /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2;${'e'.repeat(20_000)}\r\n{}\r\n0\r\n\r\n`, 413, 'body_too_large'],
    ['CONNECT', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 405, 'method_not_allowed'],
    ['an Expect other than 100-continue', 'POST /health HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\nContent-Length: 0\r\n\r\n', 417, 'expectation_unsupported'],
  ];

  it.each(cases)('given %s, answers in the documented shape, then closes the socket', async (_what, bytes, status, code) => {
    const running = await listen(givenAnApp({ ok: true, checks: {} }), { port: 0, host: '127.0.0.1' });
    try {
      const { closed, text } = await rawExchange(running.url, bytes);
      const answer = parsed(text);

      expect(closed).toBe(true);
      expect(answer.status).toBe(status);
      expect(answer.error).toEqual({ type: 'invalid_request_error', code, message: expect.any(String), request_id: answer.requestIdHeader });
      expect(answer.requestIdHeader).toMatch(/^req_[0-9a-z]{26}$/);
    } finally {
      await running.close();
    }
  });
});

describe('onShutdown', () => {
  it('runs the handler once on the first signal, then exits 0', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const handler = jest.fn(async () => undefined);
    onShutdown(handler, createLogger({ service: 'test', level: 'silent' }));

    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGINT', 'SIGINT');
    await new Promise(setImmediate);

    expect(handler).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(0);
    exit.mockRestore();
  });
});
