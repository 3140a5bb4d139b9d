import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import express from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { correlation, errorHandler, notFound } from './http';
import { BODY_BYTES_MAX, JSON_DEPTH_MAX, inputGate, jsonBody, jsonNestingExceeds } from './inputGate';
import { createLogger } from './logger';
import { listen } from './server';

function givenAnApp() {
  const logger = createLogger({ service: 'test', level: 'silent' });
  const app = express();
  app.use(correlation(logger), inputGate(), jsonBody({ limit: 1024 }));
  app.all('/things/:id', (req, res) => {
    res.json({ id: req.params['id'], body: req.body ?? null });
  });
  app.use(notFound(), errorHandler(logger));
  return app;
}

/** Sends `body` bytes as they are (supertest re-encodes Buffers sent as JSON). */
async function sendBytes(app: express.Express, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const server = await listen(app, { port: 0, host: '127.0.0.1' });
  try {
    return await new Promise((resolve, reject) => {
      const req = httpRequest(`${server.url}/things/1`, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), headers: res.headers }));
      });
      req.on('error', reject);
      req.end(body);
    });
  } finally {
    await server.close();
  }
}

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const expectRefusal = (res: { status: number; body: any; headers: Record<string, unknown> }, status: number, code: string): void => {
  expect({ status: res.status, code: res.body?.error?.code, type: res.body?.error?.type, request_id: res.body?.error?.request_id }).toEqual({
    status,
    code,
    type: 'invalid_request_error',
    request_id: res.headers['request-id'],
  });
};

describe('jsonNestingExceeds', () => {
  it('agrees with the real nesting of any JSON value', () => {
    const depthOf = (value: unknown): number =>
      typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 7 }), (value, max) => {
      expect(jsonNestingExceeds(Buffer.from(JSON.stringify(value)), max)).toBe(depthOf(value) > max);
    }), { seed: 7, numRuns: 300 });
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestingExceeds(Buffer.from(JSON.stringify({ a: '[[[[\\"{{{{' })), 1)).toBe(false);
  });

  it('scans 10,000 levels without recursion', () => {
    expect(jsonNestingExceeds(Buffer.from(nested(10_000)), JSON_DEPTH_MAX)).toBe(true);
  });
});

describe('the input gate', () => {
  it('given a path with a malformed %-escape or bytes that are not UTF-8, answers 400 invalid_path_encoding', async () => {
    const app = givenAnApp();
    for (const path of ['/things/%zz', '/things/%E0%A4%A', '/things/%', '/things/%C0%AF', '/%zz/x']) {
      const res = await request(app).get(path);
      expectRefusal(res, 400, 'invalid_path_encoding');
      expect(res.body.error.param).toBe('path');
    }
  });

  it('decodes well-formed escapes and unicode as before', async () => {
    const res = await request(givenAnApp()).get('/things/caf%C3%A9%20%F0%9F%92%B3');
    expect(res.status).toBe(200);
    expect(res.body.id).toBe('café 💳');
  });

  it('given JSON nested deeper than JSON_DEPTH_MAX, answers 400 nesting_too_deep; at the limit it parses', async () => {
    const app = givenAnApp();
    expectRefusal(await request(app).post('/things/1').type('json').send(nested(JSON_DEPTH_MAX + 1)), 400, 'nesting_too_deep');
    const ok = await request(app).post('/things/1').type('json').send(nested(JSON_DEPTH_MAX));
    expect(ok.status).toBe(200);
  });

  it('given a JSON charset other than UTF-8, answers 400 unsupported_charset', async () => {
    const app = givenAnApp();
    for (const charset of ['latin1', 'iso-8859-1', 'utf-16le', 'x-unknown']) {
      const res = await request(app).post('/things/1').set('Content-Type', `application/json; charset=${charset}`).send('{}');
      expectRefusal(res, 400, 'unsupported_charset');
    }
    const utf8 = await request(app).post('/things/1').set('Content-Type', 'application/json; charset=UTF-8').send('{"a":"é"}');
    expect(utf8.body.body).toEqual({ a: 'é' });
  });

  it('given an unknown or undecodable Content-Encoding, answers 400; a real gzip body parses', async () => {
    const app = givenAnApp();
    for (const [encoding, code] of [['x-bogus', 'unsupported_content_encoding'], ['gzip, br', 'unsupported_content_encoding'], ['gzip', 'invalid_content_encoding'], ['br', 'invalid_content_encoding'], ['deflate', 'invalid_content_encoding']] as const) {
      const res = await request(app).post('/things/1').set('Content-Type', 'application/json').set('Content-Encoding', encoding).send('{"a":1}');
      expectRefusal(res, 400, code);
    }
    const gzipped = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    expectRefusal(await sendBytes(app, gzipped, gzipSync('{"a":1}').subarray(0, 12)), 400, 'invalid_content_encoding');
    const gzip = await sendBytes(app, gzipped, gzipSync('{"a":1}'));
    expect(gzip.body.body).toEqual({ a: 1 });
  });

  it('limits the decoded size: a small gzip of a large body is 413 body_too_large', async () => {
    const bomb = gzipSync(Buffer.alloc(BODY_BYTES_MAX * 4, 0x20));
    const res = await sendBytes(givenAnApp(), { 'content-type': 'application/json', 'content-encoding': 'gzip' }, bomb);
    expectRefusal(res, 413, 'body_too_large');
  });

  it('given a body that is not JSON (a form, text, no Content-Type), answers 415 unsupported_media_type and reads none of it', async () => {
    const app = givenAnApp();
    for (const type of ['text/plain; charset=latin1', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ';;', 'application/vnd.api+json']) {
      const res = await request(app).post('/things/1').set('Content-Type', type).send('amount=100');
      expectRefusal(res, 415, 'unsupported_media_type');
      expect(res.body.error.param).toBe('Content-Type');
      expect(res.body.error.message).toContain('Content-Type: application/json');
      expect(JSON.stringify(res.body)).not.toContain('amount=100');
    }
    const untyped = await sendBytes(app, {}, Buffer.from('amount=100'));
    expectRefusal(untyped, 415, 'unsupported_media_type');
    expect(untyped.body.error.message).toContain('no Content-Type');
  });

  it('lets a request without a body through whatever its Content-Type', async () => {
    const app = givenAnApp();
    expect((await request(app).post('/things/1').set('Content-Type', 'text/plain')).status).toBe(200);
    expect((await sendBytes(app, { 'content-type': 'application/x-www-form-urlencoded' }, Buffer.alloc(0))).status).toBe(200);
    expect((await request(app).get('/things/1')).status).toBe(200);
  });
});

describe('notFound', () => {
  function givenRoutes() {
    const logger = createLogger({ service: 'test', level: 'silent' });
    const app = express();
    const admin = express.Router();
    admin.post('/faults/:name', (_req, res) => void res.json({ ok: true }));
    app.use(correlation(logger), inputGate(), jsonBody());
    app.get('/v1/things', (_req, res) => void res.json({ list: true }));
    app.post('/v1/things', (_req, res) => void res.json({ created: true }));
    app.get('/v1/things/:id', (_req, res) => void res.json({ one: true }));
    app.delete('/v1/things/:id', (_req, res) => void res.json({ deleted: true }));
    app.use('/admin', admin);
    app.use(notFound(), errorHandler(logger));
    return app;
  }

  it('given a path served with other methods, answers 405 method_not_allowed with an Allow header naming them', async () => {
    const app = givenRoutes();
    for (const [method, path, allow] of [
      ['put', '/v1/things', 'GET, HEAD, POST'],
      ['patch', '/v1/things/th_1', 'DELETE, GET, HEAD'],
      ['post', '/v1/things/th_1/', 'DELETE, GET, HEAD'],
      ['get', '/admin/faults/outage', 'POST'],
      ['delete', '/V1/THINGS', 'GET, HEAD, POST'],
    ] as const) {
      const res = await request(app)[method](path);
      expectRefusal(res, 405, 'method_not_allowed');
      expect({ path, allow: res.headers['allow'] }).toEqual({ path, allow });
      expect(res.body.error.message).toContain(allow);
    }
  });

  it('given a path no route serves, answers 404 route_not_found without an Allow header', async () => {
    const app = givenRoutes();
    for (const path of ['/v1/nothing', '/v1/things/th_1/extra', '/admin/faults']) {
      const res = await request(app).put(path);
      expectRefusal(res, 404, 'route_not_found');
      expect(res.headers['allow']).toBeUndefined();
    }
  });

  it('answers the served methods as before', async () => {
    const app = givenRoutes();
    expect((await request(app).delete('/v1/things/th_1')).body).toEqual({ deleted: true });
    expect((await request(app).head('/v1/things/th_1')).status).toBe(200);
  });
});
