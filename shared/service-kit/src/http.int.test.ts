import { PayrailError } from '@payrail/core';
import express from 'express';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import { correlation, errorHandler, notFound, requestLog, requireToken } from './http';
import { jsonBody } from './inputGate';
import { createLogger } from './logger';

const INTERNAL_TOKEN = 'itok_0123456789abcdef';
const ADMIN_TOKEN = 'admin_0123456789abcdef';
const REQUEST_ID = /^req_[0-9a-z]{26}$/;

function givenAnApp() {
  const written: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void written.push(line) };
  const logger = createLogger({ service: 'test', destination });
  const app = express();
  app.use(correlation(logger), requestLog(logger), jsonBody({ limit: '1kb' }));
  app.post('/echo', (req, res) => {
    req.log.info('echoing');
    res.json({ body: req.body, raw: req.rawBody?.toString('utf8') });
  });
  app.get('/boom', () => {
    throw new Error('database password is hunter2');
  });
  app.get('/busy', () => {
    throw new PayrailError('rate_limited', undefined, { details: { retry_after_s: 2.5 } });
  });
  app.get('/internal/ping', requireToken('X-Internal-Token', INTERNAL_TOKEN, 'internal_token_invalid'), (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/admin/ping', requireToken('X-Admin-Token', ADMIN_TOKEN, 'admin_token_invalid'), (_req, res) => {
    res.json({ ok: true });
  });
  app.use(notFound(), errorHandler(logger));
  const lines = () => written.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { app, lines, output: () => written.join('') };
}

describe('correlation and request logging', () => {
  it('propagates the correlation id to the response and every log line', async () => {
    const { app, lines } = givenAnApp();

    const res = await request(app).post('/echo?verbose=1').set('X-Correlation-Id', 'corr_from_edge').send({ a: 1 });

    expect(res.status).toBe(200);
    expect(res.headers['x-correlation-id']).toBe('corr_from_edge');
    expect(res.headers['request-id']).toMatch(REQUEST_ID);
    const ids = { correlation_id: 'corr_from_edge', request_id: res.headers['request-id'] };
    expect(lines()).toEqual([
      expect.objectContaining({ ...ids, msg: 'echoing' }),
      expect.objectContaining({ ...ids, level: 'info', method: 'POST', path: '/echo', status: 200, latency_ms: expect.any(Number) }),
    ]);
  });

  it('makes a correlation id when the request has none or a malformed one', async () => {
    const { app } = givenAnApp();

    const fresh = await request(app).post('/echo').send({});
    const odd = await request(app).post('/echo').set('X-Correlation-Id', '", "level": "fatal').send({});
    const long = await request(app).post('/echo').set('X-Correlation-Id', 'c'.repeat(129)).send({});

    for (const res of [fresh, odd, long]) expect(res.headers['x-correlation-id']).toMatch(/^corr_[0-9a-z]{26}$/);
  });
});

describe('jsonBody', () => {
  it('parses JSON and keeps the raw bytes', async () => {
    const { app } = givenAnApp();

    const res = await request(app).post('/echo').type('json').send('{ "amount": 100 }');

    expect(res.body).toEqual({ body: { amount: 100 }, raw: '{ "amount": 100 }' });
  });

  it('answers malformed JSON with invalid_json and echoes nothing of the body', async () => {
    const { app, output } = givenAnApp();

    const res = await request(app).post('/echo').type('json').send('{"number": 4000056655665556, "cvc": 123');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'invalid_json',
        message: 'The request body is not valid JSON.',
        request_id: res.headers['request-id'],
      },
    });
    expect(res.text + output()).not.toMatch(/4000056655665556|cvc/);
  });

  it('answers a body over the limit with body_too_large', async () => {
    const { app } = givenAnApp();

    const res = await request(app).post('/echo').send({ padding: 'x'.repeat(2048) });

    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'body_too_large', message: 'The request body is larger than the limit of 1kb.' });
  });
});

describe('errorHandler', () => {
  it('answers a plain Error with a 500 internal_error, logging the stack but never sending it', async () => {
    const { app, lines } = givenAnApp();

    const res = await request(app).get('/boom');

    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: {
        type: 'api_error',
        code: 'internal_error',
        message: 'Something went wrong on our side; the request id helps us find it.',
        request_id: res.headers['request-id'],
      },
    });
    expect(res.text).not.toMatch(/hunter2|at .*\.ts/);
    const failure = lines().find((line) => line['msg'] === 'request failed');
    expect(failure).toMatchObject({
      level: 'error',
      correlation_id: res.headers['x-correlation-id'],
      err: { message: 'database password is hunter2', stack: expect.stringContaining('http.int.test.ts') },
    });
  });

  it('answers a PayrailError with its status and Retry-After', async () => {
    const { app } = givenAnApp();

    const res = await request(app).get('/busy');

    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited', retry_after_s: 2.5 });
  });

  it('answers an unknown route with route_not_found', async () => {
    const { app } = givenAnApp();

    const res = await request(app).delete('/nowhere?x=1');

    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'route_not_found', message: 'No route for DELETE /nowhere.' });
  });
});

describe('requireToken', () => {
  it.each([
    ['/internal/ping', 'X-Internal-Token', INTERNAL_TOKEN, 'internal_token_invalid'],
    ['/admin/ping', 'X-Admin-Token', ADMIN_TOKEN, 'admin_token_invalid'],
  ])('guards %s', async (path, header, token, code) => {
    const { app } = givenAnApp();

    const missing = await request(app).get(path);
    const wrong = await request(app).get(path).set(header, `${token}x`);
    const right = await request(app).get(path).set(header, token);

    expect([missing.status, wrong.status, right.status]).toEqual([401, 401, 200]);
    expect(wrong.body.error).toMatchObject({ type: 'authentication_error', code });
  });

  it('refuses to guard with an empty token', () => {
    expect(() => requireToken('X-Internal-Token', '', 'internal_token_invalid')).toThrow(/must not be empty/);
  });
});
