import { Agent, get } from 'node:http';
import express from 'express';
import request from 'supertest';
import { createLogger } from './logger';
import { healthRoutes, listen, onShutdown, type Readiness } from './server';

function givenAnApp(readiness: Readiness) {
  const app = express();
  app.use(healthRoutes({ service: 'ledger-service', ready: async () => readiness }));
  return app;
}

describe('healthRoutes', () => {
  it('reports the process as up', async () => {
    const res = await request(givenAnApp({ ok: true, checks: {} })).get('/health');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', service: 'ledger-service', uptime_s: expect.any(Number) });
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
