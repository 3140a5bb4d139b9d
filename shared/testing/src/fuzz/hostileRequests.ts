import { TEST_CARDS } from '@payrail/core';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { OutgoingRequest } from './rawHttp';

/** A route of the service under test, as express writes it (`/tokens/:token`), with what its body may hold. */
export interface FuzzRoute {
  method: string;
  path: string;
  /** Field names of the body schema, from an OpenAPI document; random names are mixed in. */
  fields?: string[];
}

/** What the generators need to know of a service: its routes, credentials and plausible ids. */
export interface HostileInputContext {
  routes: FuzzRoute[];
  /** Valid credentials by header name (`authorization: Bearer sk_...`): each is sent, left out or spoiled. */
  credentials: Record<string, string>;
  /** Plausible values of path params by name (an existing id, a known env), mixed with hostile ones. */
  params?: Record<string, string[]>;
  /** Field names any body may use (e.g. from the service's schemas); random names are mixed in. */
  fields?: string[];
  /** Plausible field values (an event type, a processor's item) mixed with values of every type. */
  values?: unknown[];
}

/** One generated request, with the route it aims at and a short note of what is hostile in it. */
export interface HostileRequest extends OutgoingRequest {
  route: FuzzRoute;
  /** Whether the target's `sign` hook (a valid signature over this body) is applied. */
  signed: boolean;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
// A card number from the test-card table: the gateway must refuse it wherever it turns up.
const PAN = (TEST_CARDS[0] as { number: string }).number;

/** Ids as a hostile client writes them, already in the form they take in a path. */
const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('%zz', '%E0%A4%A', '%', '%%', '%C0%AF', '%ED%A0%80', '%FF', '%00', '%2e%2e', '..', '.', '%2F', '%20', '~', PAN, `${PAN}%2Fcvv%2F579`, 'null', 'undefined', '__proto__', 'constructor', '0', '-1', 'pi_', 'tok_', 'evt_'),
  fc.string({ unit: 'grapheme', maxLength: 24 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 12 }).map((text) => encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))),
  fc.uint8Array({ minLength: 1, maxLength: 12 }).map((bytes) => [...bytes].map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('')),
  fc.tuple(fc.constantFrom('pi_', 'tok_', 're_', 'dp_', 'evt_', 'we_', 'del_', 'x'), fc.integer({ min: 100, max: 8_000 })).map(([prefix, length]) => prefix + 'a'.repeat(length)),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
);

function segmentFor(name: string, context: HostileInputContext): fc.Arbitrary<string> {
  const plausible = context.params?.[name] ?? [];
  return plausible.length === 0 ? hostileSegment : fc.oneof({ arbitrary: fc.constantFrom(...plausible.map(encodeURIComponent)), weight: 2 }, { arbitrary: hostileSegment, weight: 3 });
}

const queryPart: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constant(''), weight: 6 },
  fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 24 }), { maxKeys: 4 }).map((query) => `?${new URLSearchParams(query).toString()}`),
  fc.constantFrom('?%zz=1', '?limit=%E0%A4', '?limit=-1', '?limit=1e309', '?limit=abc', '?starting_after=%00', '?a[b][c][d][e][f][g]=1', '?status[]=a&status[]=b', `?pan=${PAN}&cvc=123`, '?__proto__[x]=1', '?&&&=&', '?limit=1&limit=2', '?metadata[a]=1', `?x=${'y'.repeat(4_000)}`),
);

/** A path for `route`: its params filled with plausible or hostile values, sometimes with more after it. */
function pathFor(route: FuzzRoute, context: HostileInputContext): fc.Arbitrary<string> {
  const parts = route.path.split('/');
  const segments = parts.map((part) => (part.startsWith(':') ? segmentFor(part.slice(1).replace(/\?$/, ''), context) : fc.constant(part)));
  const suffix = fc.oneof({ arbitrary: fc.constant(''), weight: 8 }, fc.constantFrom('/', '//', '/extra', '/%zz', '/..', '%00'));
  return fc.tuple(fc.tuple(...segments), suffix, queryPart).map(([filled, tail, query]) => `${filled.join('/') || '/'}${tail}${query}`);
}

/** JSON nested `depth` levels deep, built without recursion. */
const deepJson = (depth: number, kind: 'array' | 'object' | 'mixed'): string => {
  let open = '';
  let close = '';
  for (let level = 0; level < depth; level += 1) {
    const array = kind === 'array' || (kind === 'mixed' && level % 2 === 0);
    open += array ? '[' : '{"a":';
    close = (array ? ']' : '}') + close;
  }
  return `${open}1${close}`;
};

const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, -1, 0, 1.5, 1e308, -0, 2 ** 53 + 1, '', ' ', PAN, `${PAN.slice(0, 4)} ${PAN.slice(4, 8)} ${PAN.slice(8, 12)} ${PAN.slice(12)}`, 'tok_', 'usd', 'USD', 'xxx', '12', '2030', '123', [], {}, [null], { notificationItems: [null] }),
  fc.integer(),
  fc.string({ maxLength: 64 }),
);

/** A body object made of the route's own field names (and a few others) with values of any type. */
function fieldsBody(route: FuzzRoute, context: HostileInputContext): fc.Arbitrary<unknown> {
  const names = [...new Set([...(route.fields ?? []), ...(context.fields ?? []), 'amount', 'currency', 'metadata', 'id'])];
  const values = context.values ?? [];
  const value = values.length === 0 ? wrongValue : fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 2 }, { arbitrary: wrongValue, weight: 3 });
  return fc.dictionary(fc.oneof({ arbitrary: fc.constantFrom(...names), weight: 4 }, fc.string({ maxLength: 16 })), value, { maxKeys: 8 });
}

interface BodyChoice {
  bytes: Buffer | null;
  /** The Content-Type this body is usually sent with. */
  type: string | null;
}

const json = (value: unknown): BodyChoice => ({ bytes: Buffer.from(JSON.stringify(value) ?? 'null'), type: 'application/json' });

function bodyFor(route: FuzzRoute, context: HostileInputContext): fc.Arbitrary<BodyChoice> {
  return fc.oneof(
    { arbitrary: fc.constant<BodyChoice>({ bytes: null, type: null }), weight: 3 },
    { arbitrary: fieldsBody(route, context).map(json), weight: 5 },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json), weight: 2 },
    fc.tuple(fc.integer({ min: 30, max: 12_000 }), fc.constantFrom<'array' | 'object' | 'mixed'>('array', 'object', 'mixed')).map(([depth, kind]) => ({ bytes: Buffer.from(deepJson(depth, kind)), type: 'application/json' })),
    fc.integer({ min: 1_000, max: 300_000 }).map((size) => json({ amount: 1, description: 'x'.repeat(size) })),
    fc.uint8Array({ maxLength: 2_000 }).map((bytes) => ({ bytes: Buffer.from(bytes), type: 'application/json' })),
    fc.constantFrom<BodyChoice>(
      { bytes: Buffer.from('{"amount":'), type: 'application/json' },
      { bytes: Buffer.from('\uFEFF{}'), type: 'application/json' },
      { bytes: Buffer.concat([Buffer.from('{"description":"'), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from('"}')]), type: 'application/json' },
      { bytes: Buffer.from('{"a":1,"a":2,"__proto__":{"polluted":true}}'), type: 'application/json' },
      { bytes: Buffer.from('[]'), type: 'application/json' },
      { bytes: Buffer.from('null'), type: 'application/json' },
      { bytes: Buffer.from('"text"'), type: 'application/json' },
      { bytes: Buffer.from('amount=100&currency=usd'), type: 'application/x-www-form-urlencoded' },
      { bytes: Buffer.from('<xml/>'), type: 'text/xml' },
      { bytes: Buffer.from(''), type: 'application/json' },
    ),
  );
}

const contentType = (usual: string | null): fc.Arbitrary<string | null> =>
  fc.oneof(
    { arbitrary: fc.constant(usual), weight: 8 },
    fc.constantFrom(
      null,
      'application/json; charset=utf-8',
      'application/json; charset=UTF-8',
      'application/json; charset=latin1',
      'application/json; charset=iso-8859-1',
      'application/json; charset=utf-16le',
      'application/json; charset=x-bogus',
      'application/json; charset',
      'application/json;;',
      'application/JSON',
      'application/vnd.api+json',
      'text/plain',
      'text/plain; charset=latin1',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '*/*',
      ';',
      'json',
    ),
  );

interface Encoded {
  bytes: Buffer | null;
  encoding: string | null;
}

/** How a body is coded: a real coding, a lie (the header names one the bytes are not in), or an unknown one. */
type Coding = 'none' | 'gzip' | 'deflate' | 'br' | 'truncated-gzip' | `claims:${string}`;

const CODED: Record<'gzip' | 'deflate' | 'br', (bytes: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };

/** Applies a coding; compression runs only for the coding drawn (brotli of a large body is slow). */
function applyCoding(bytes: Buffer | null, coding: Coding): Encoded {
  if (coding === 'none') return { bytes, encoding: null };
  if (coding.startsWith('claims:')) return { bytes, encoding: coding.slice('claims:'.length) };
  if (bytes === null) return { bytes, encoding: coding === 'truncated-gzip' ? 'gzip' : coding };
  if (coding === 'truncated-gzip') return { bytes: gzipSync(bytes).subarray(0, Math.max(1, Math.floor(bytes.length / 3))), encoding: 'gzip' };
  return { bytes: CODED[coding as keyof typeof CODED](bytes), encoding: coding };
}

const coding: fc.Arbitrary<Coding> = fc.oneof(
  { arbitrary: fc.constant<Coding>('none'), weight: 10 },
  fc.constantFrom<Coding>('gzip', 'deflate', 'br', 'truncated-gzip'),
  fc.constantFrom<Coding>('claims:gzip', 'claims:br', 'claims:deflate', 'claims:x-bogus', 'claims:gzip, gzip', 'claims:identity', 'claims:zstd', 'claims:GZIP'),
);

/** Content codings as a client may send them: real ones, a lie about the body, or unknown ones. */
const encode = (bytes: Buffer | null): fc.Arbitrary<Encoded> => coding.map((drawn) => applyCoding(bytes, drawn));

/** Each credential is sent as is, left out, or spoiled. */
function credentialHeaders(credentials: Record<string, string>): fc.Arbitrary<Record<string, string>> {
  const entries = Object.entries(credentials).map(([name, value]) =>
    fc
      .oneof(
        { arbitrary: fc.constant<string | null>(value), weight: 6 },
        { arbitrary: fc.constant<string | null>(null), weight: 2 },
        fc.constantFrom(`${value}x`, value.slice(0, -1), '', ' ', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', value.toUpperCase(), `${value}, ${value}`, PAN),
      )
      .map((chosen) => [name, chosen] as const),
  );
  return fc.tuple(...entries).map((pairs) => Object.fromEntries(pairs.filter((pair): pair is readonly [string, string] => pair[1] !== null)));
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 64 });

const otherHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'idempotency-key': fc.oneof(printable, fc.constantFrom('', 'k'.repeat(300), `key-${PAN}`, 'caf\u00e9')),
    'x-correlation-id': fc.oneof(printable, fc.constantFrom(PAN, 'c'.repeat(200), '", "level": "fatal')),
    accept: fc.constantFrom('*/*', 'text/html', 'application/xml', ''),
    'accept-encoding': fc.constantFrom('gzip', 'br', 'x-bogus', ''),
    'x-forwarded-for': fc.constantFrom('1.2.3.4', 'x'.repeat(500)),
  },
  { requiredKeys: [] },
);

/** A request aimed at one route of the context: hostile path, body, headers and method, each at random. */
export function hostileRequest(context: HostileInputContext): fc.Arbitrary<HostileRequest> {
  return fc.constantFrom(...context.routes).chain((route) =>
    fc
      .record({
        path: pathFor(route, context),
        method: fc.oneof({ arbitrary: fc.constant(route.method === 'all' ? 'GET' : route.method.toUpperCase()), weight: 9 }, fc.constantFrom(...METHODS)),
        body: bodyFor(route, context),
        credentials: credentialHeaders(context.credentials),
        other: otherHeaders,
        chunked: fc.boolean(),
        signed: fc.boolean(),
      })
      .chain(({ body, ...rest }) => fc.record({ type: contentType(body.type), encoded: encode(body.bytes) }).map(({ type, encoded }) => ({ ...rest, type, encoded })))
      .map(({ path, method, credentials, other, chunked, signed, type, encoded }): HostileRequest => {
        const headers: Record<string, string> = { ...other, ...credentials };
        if (type !== null) headers['content-type'] = type;
        if (encoded.encoding !== null) headers['content-encoding'] = encoded.encoding;
        return { route, method, path, headers, body: encoded.bytes, chunked, signed };
      }),
  );
}

const CRLF = '\r\n';

/** A malformed request as bytes on a socket: request lines, header syntax and framing node's parser must refuse. */
export function malformedRawRequest(context: HostileInputContext): fc.Arbitrary<Buffer> {
  const path = fc.constantFrom(...context.routes.map((route) => route.path.replace(/:[A-Za-z_]+\??/g, 'x')));
  const method = fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), fc.constantFrom('BREW', 'get', 'G ET', 'GET\x00', 'PROPFIND', 'SEARCH', 'M'.repeat(40), 'PRI', '', 'CONNECT'));
  const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 extra', 'HTTP/1', 'http/1.1', '', 'HTTP/9.9');
  const target = (p: string) =>
    fc.constantFrom(p, `${p}/%zz`, `${p} space`, `${p}/\u00e9`, `${p}/\x01`, `http://example.com${p}`, '*', '', `/${'a'.repeat(20_000)}`, `${p}?${'q'.repeat(17_000)}`, `${p}#frag`, `//${p}`);
  const header = fc.constantFrom(
    'Host: localhost',
    'Host:',
    'Host: a\r\nHost: b',
    'Content-Length: 5',
    'Content-Length: -1',
    'Content-Length: abc',
    'Content-Length: 2\r\nContent-Length: 3',
    'Content-Length: 99999999999999999999',
    'Transfer-Encoding: chunked',
    'Transfer-Encoding: chunked\r\nContent-Length: 3',
    'Transfer-Encoding: gzip, chunked',
    'Transfer-Encoding: x-bogus',
    'No-Colon-Here',
    ' Leading: space',
    'Bad Name: x',
    'X-Nul: a\x00b',
    'X-Ctl: a\x01b',
    'X-Folded: a\r\n  b',
    'Content-Type: application/json',
    'Content-Type: application/json; charset=latin1',
    'Content-Encoding: gzip',
    'Expect: 100-continue',
    'Expect: 200-ok',
    'Connection: Upgrade\r\nUpgrade: websocket',
    `X-Big: ${'b'.repeat(17_000)}`,
    Array.from({ length: 300 }, (_, i) => `X-Many-${i}: ${'m'.repeat(60)}`).join(CRLF),
    `Authorization: Bearer ${'k'.repeat(100)}`,
  );
  const body = fc.constantFrom('', '{}', '{"a":1}', '5\r\nhello\r\n0\r\n\r\n', 'zz\r\nxx\r\n', '0\r\n\r\n', `${'['.repeat(5_000)}`, '\x00\x01\x02');
  const ending = fc.constantFrom(CRLF, '\n');
  return path.chain((p) =>
    fc.tuple(method, target(p), version, fc.array(header, { maxLength: 4 }), body, ending).map(([m, t, v, headers, b, eol]) => {
      const line = [m, t, v].filter((part) => part !== '').join(' ');
      return Buffer.from(`${line}${eol}${headers.join(eol)}${headers.length > 0 ? eol : ''}${eol}${b}`, 'latin1');
    }),
  );
}
