import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { makeTempDataDir } from '../tempDir';
import { changedFiles, digestFolder } from './dataFolder';
import { errorShapeProblem, fuzzOptions } from './fuzzService';
import { hostileRequest, malformedRawRequest } from './hostileRequests';
import { parseRawAnswer } from './rawHttp';

const CATALOGUE = { invalid_json: { status: 400, type: 'invalid_request_error' }, internal_error: { status: 500, type: 'api_error' } };
const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('errorShapeProblem', () => {
  it('accepts the documented shape with a catalogued code, status and type', () => {
    const body = { error: { type: 'invalid_request_error', code: 'invalid_json', message: 'The request body is not valid JSON.', request_id: 'req_1' } };
    expect(errorShapeProblem(answer(400, body, { 'request-id': 'req_1' }), CATALOGUE, 'POST')).toBeNull();
  });

  it.each([
    ['a body that is not JSON', answer(400, 'Bad Request')],
    ['an empty body (node’s bare 400)', answer(400, '')],
    ['a code outside the catalogue', answer(400, { error: { type: 'invalid_request_error', code: 'bad', message: 'm', request_id: 'r' } })],
    ['a status other than the catalogue’s', answer(422, { error: { type: 'invalid_request_error', code: 'invalid_json', message: 'm', request_id: 'r' } })],
    ['a type other than the catalogue’s', answer(400, { error: { type: 'api_error', code: 'invalid_json', message: 'm', request_id: 'r' } })],
    ['no request id', answer(400, { error: { type: 'invalid_request_error', code: 'invalid_json', message: 'm' } })],
    ['fields beside error', answer(400, { error: { type: 'invalid_request_error', code: 'invalid_json', message: 'm', request_id: 'r' }, stack: 'at x' })],
  ])('names what is wrong with %s', (_what, given) => {
    expect(errorShapeProblem(given, CATALOGUE, 'POST')).toEqual(expect.any(String));
  });
});

describe('the generators', () => {
  const context = { routes: [{ method: 'post', path: '/tokens/:token/detokenize' }, { method: 'get', path: '/health' }], credentials: { 'x-internal-token': 'secret-token' }, params: { token: ['tok_1'] } };

  it('aim every request at a route of the context, with the same requests for the same seed', () => {
    const summary = (requests: Array<{ method: string; path: string; headers: object; body: Buffer | null }>): string[] =>
      requests.map(({ method, path, headers, body }) => `${method} ${path} ${JSON.stringify(headers)} ${body === null ? '-' : createHash('sha256').update(body).digest('hex')}`);
    const first = fc.sample(hostileRequest(context), { seed: 42, numRuns: 200 });
    expect(summary(fc.sample(hostileRequest(context), { seed: 42, numRuns: 200 }))).toEqual(summary(first));
    for (const request of first) {
      expect(context.routes).toContainEqual({ method: request.route.method, path: request.route.path });
      expect(request.path.startsWith('/')).toBe(true);
    }
    expect(first.some((request) => request.path.startsWith('/tokens/tok_1/'))).toBe(true);
    expect(first.some((request) => request.headers['x-internal-token'] === undefined)).toBe(true);
  });

  it('write raw requests as bytes, malformed ones among them', () => {
    const raw = fc.sample(malformedRawRequest(context), { seed: 42, numRuns: 100 }).map((bytes) => bytes.toString('latin1'));
    expect(raw.every((text) => text.length > 0)).toBe(true);
    expect(raw.some((text) => !/^(GET|POST|PUT|DELETE) \S+ HTTP\/1\.[01]\r\n/.test(text))).toBe(true);
  });
});

describe('parseRawAnswer', () => {
  it('reads the first answer after an interim 100 Continue, and decodes a chunked body', () => {
    const bytes = Buffer.from('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{"a\r\n2\r\n":\r\n2\r\n1}\r\n0\r\n\r\n');
    expect(parseRawAnswer(bytes)).toEqual({ status: 400, headers: { 'transfer-encoding': 'chunked' }, body: '{"a":1}' });
  });
});

describe('digestFolder', () => {
  it('sees a changed, added or removed file, and ignores metrics/ and logs', () => {
    const { dir, cleanup } = makeTempDataDir('digest');
    try {
      mkdirSync(path.join(dir, 'metrics'));
      mkdirSync(path.join(dir, 'ledger'));
      writeFileSync(path.join(dir, 'ledger/payments.jsonl'), 'a\n');
      const before = digestFolder(dir);
      writeFileSync(path.join(dir, 'metrics/service_metrics.jsonl'), 'sample\n');
      writeFileSync(path.join(dir, 'service.log'), 'line\n');
      expect(changedFiles(before, digestFolder(dir))).toEqual([]);
      writeFileSync(path.join(dir, 'ledger/payments.jsonl'), 'a\nb\n');
      writeFileSync(path.join(dir, 'ledger/refunds.jsonl'), 'r\n');
      expect(changedFiles(before, digestFolder(dir)).sort()).toEqual(['ledger/payments.jsonl', 'ledger/refunds.jsonl']);
    } finally {
      cleanup();
    }
  });
});

describe('fuzzOptions', () => {
  it('uses the fixed defaults in CI, and FUZZ_RUNS / FUZZ_SEED when set', () => {
    const defaults = { runs: 150, rawRuns: 40, seed: 7 };
    expect(fuzzOptions(defaults, {})).toMatchObject({ runs: 150, rawRuns: 40, seed: 7 });
    expect(fuzzOptions(defaults, { FUZZ_RUNS: '2000', FUZZ_SEED: '99' })).toMatchObject({ runs: 2000, rawRuns: 500, seed: 99 });
    expect(fuzzOptions(defaults, { FUZZ_RUNS: '2000' }).seed).toEqual(expect.any(Number));
    expect(() => fuzzOptions(defaults, { FUZZ_RUNS: 'lots' })).toThrow(/FUZZ_RUNS/);
  });
});
