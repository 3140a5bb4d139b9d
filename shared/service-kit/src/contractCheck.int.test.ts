import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PayrailError } from '@payrail/core';
import express, { Router } from 'express';
import request from 'supertest';
import { CONTRACT_LOG_ENV, contractCheck } from './contractCheck';
import { correlation, errorHandler, notFound } from './http';
import { jsonBody } from './inputGate';
import { createLogger } from './logger';
import { ERROR_BODY_SCHEMA, openApiDocument } from './openApiParts';

const THING = { type: 'object', additionalProperties: false, required: ['id', 'amount'], properties: { id: { type: 'string' }, amount: { type: 'integer' } } };

const document = openApiDocument({
  title: 'test',
  description: 'test',
  schemas: { Thing: THING, Error: ERROR_BODY_SCHEMA },
  operations: [
    { method: 'get', path: '/v1/things/:id', operationId: 'retrieveThing', summary: 'a thing', tag: 'Things', responses: { 200: { description: 'A thing', schema: { $ref: '#/components/schemas/Thing' } } }, errors: [404] },
    { method: 'post', path: '/nested/things', operationId: 'createThing', summary: 'a thing', tag: 'Things', responses: { 201: { description: 'A thing', schema: { $ref: '#/components/schemas/Thing' } } }, errors: [400] },
  ],
});

function givenAnApp(file: string, answer: (id: string) => { status: number; body: unknown; type?: string }) {
  const logger = createLogger({ service: 'test', level: 'silent' });
  const app = express();
  app.use(contractCheck('test', document, { [CONTRACT_LOG_ENV]: file }), correlation(logger), jsonBody());
  // A refusal before routing, as the gateway's card-number guard makes one.
  app.use((req, _res, next) => next(req.headers['x-refuse'] === undefined ? undefined : new PayrailError('idempotency_key_in_use')));
  app.get('/v1/things/:id', (req, res) => {
    const { status, body, type } = answer(String(req.params['id']));
    if (type !== undefined) res.status(status).type(type).send(body);
    else res.status(status).json(body);
  });
  const nested = Router();
  nested.post('/things', () => {
    throw new Error('boom');
  });
  app.use('/nested', nested);
  app.use(notFound(), errorHandler(logger));
  return app;
}

describe('contractCheck', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'contract-'));
    file = path.join(dir, 'violations.jsonl');
    writeFileSync(file, '');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const violations = () => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { operation: string; status: number; problem: string; detail: string });

  it('finds nothing wrong with responses the document describes, errors of any route included', async () => {
    const app = givenAnApp(file, (id) => (id === 'missing' ? { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such thing.' } } } : { status: 200, body: { id, amount: 5 } }));
    await request(app).get('/v1/things/th_1').expect(200);
    await request(app).get('/v1/things/missing').expect(404);
    await request(app).put('/v1/things/th_1').expect(405);
    await request(app).head('/nested/things').expect(405);
    await request(app).get('/nowhere').expect(404);
    expect(violations()).toEqual([]);
  });

  it('reports an undocumented status, an undocumented field, a wrong type and an undocumented content type', async () => {
    const answers: Record<string, { status: number; body: unknown; type?: string }> = {
      status: { status: 409, body: { error: { type: 'state_error', code: 'invalid_state_transition', message: 'no' } } },
      field: { status: 200, body: { id: 'field', amount: 1, secret: 'x' } },
      type: { status: 200, body: { id: 'type', amount: '1' } },
      text: { status: 200, body: 'hello', type: 'text/plain' },
    };
    const app = givenAnApp(file, (id) => answers[id] as { status: number; body: unknown });
    for (const id of Object.keys(answers)) await request(app).get(`/v1/things/${id}`);
    expect(violations().map((v) => [v.operation, v.status, v.problem])).toEqual([
      ['get /v1/things/{id}', 409, 'undocumented_status'],
      ['get /v1/things/{id}', 200, 'body_mismatch'],
      ['get /v1/things/{id}', 200, 'body_mismatch'],
      ['get /v1/things/{id}', 200, 'undocumented_content_type'],
    ]);
    expect(violations()[1]?.detail).toContain('secret');
  });

  it("names the operation of an error answered after its router (the mount path is gone by then)", async () => {
    const app = givenAnApp(file, () => ({ status: 200, body: {} }));
    await request(app).post('/nested/things').send({}).expect(500);
    expect(violations()).toEqual([]);
  });

  it('holds a refusal before routing to the operation its path and method name', async () => {
    const app = givenAnApp(file, () => ({ status: 200, body: {} }));
    await request(app).post('/nested/things').type('application/json').send('{"broken').expect(400);
    await request(app).post('/nested/things').type('text/plain').send('hello').expect(415);
    await request(app).post('/nested/things').set('X-Refuse', '1').send({}).expect(409);
    expect(violations().map((v) => [v.operation, v.status, v.problem])).toEqual([['post /nested/things', 409, 'undocumented_status']]);
  });

  it('does nothing without PAYRAIL_CONTRACT_LOG', async () => {
    const app = express();
    app.use(contractCheck('test', document, {}));
    app.get('/v1/things/:id', (_req, res) => void res.status(418).json({ nonsense: true }));
    await request(app).get('/v1/things/x').expect(418);
    expect(violations()).toEqual([]);
  });
});
