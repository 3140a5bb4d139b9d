import { PayrailError } from '@payrail/core';
import express, { type Request, type RequestHandler } from 'express';

/*
 * The input gate: everything a service does to turn hostile bytes into a 4xx in the documented shape
 * before any of its own code reads them. `inputGate()` is mounted first by every app (the path, the
 * framing headers); `jsonBody()` is the only JSON reader (charset, content coding, size, depth); and
 * `inputDecodeError()` names what express or body-parser threw, for `errorHandler` and for the raw
 * readers that must see a body whatever it is (merchant-sim's webhook receiver).
 */

/** The deepest nesting of objects and arrays a JSON body may have; checked on the raw bytes before parsing. */
export const JSON_DEPTH_MAX = 32;
/** The largest body a service reads (after its Content-Encoding is undone) unless it names a smaller limit. */
export const BODY_BYTES_MAX = 64 * 1024;
/** The content codings a body may arrive in, one at a time. */
export const CONTENT_ENCODINGS = ['identity', 'gzip', 'deflate', 'br'] as const;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * True when the JSON text in `bytes` nests arrays and objects deeper than `depth_max`. One pass, no
 * recursion and no parse, so it is safe on any input; brackets inside strings do not count. For text
 * that is not JSON the answer is a guess, and the parse that follows refuses the text anyway.
 */
export function jsonNestingExceeds(bytes: Uint8Array, depth_max: number): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const byte of bytes) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === BACKSLASH) escaped = true;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      depth += 1;
      if (depth > depth_max) return true;
    } else if (CLOSERS.has(byte)) {
      depth -= 1;
    }
  }
  return false;
}

const pathOf = (url: string): string => {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
};

/**
 * The first middleware of every app (after `correlation()`, so refusals carry a request id): refuses a
 * path whose %-escapes do not decode to UTF-8 (`invalid_path_encoding`), before the router decodes
 * route params and throws a `URIError`, and an HTTP/1.1 request without a Host header
 * (`request_malformed`; node's own check answers a bare 400, so `listen` turns it off). It reads no body.
 */
export function inputGate(): RequestHandler {
  return (req, _res, next) => {
    const path = pathOf(req.originalUrl);
    if (path.includes('%')) {
      try {
        decodeURIComponent(path);
      } catch {
        return next(new PayrailError('invalid_path_encoding', undefined, { param: 'path' }));
      }
    }
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      return next(new PayrailError('request_malformed', 'HTTP/1.1 requests need a Host header.', { param: 'Host' }));
    }
    next();
  };
}

// What jsonBody's verify step throws; body-parser keeps `type` on the error it passes on.
const NESTING_TOO_DEEP = 'payrail.nesting_too_deep';
const CHARSET_NOT_UTF8 = 'payrail.charset_not_utf8';
const refusal = (type: string): Error => Object.assign(new Error(type), { type });

/**
 * Parses `application/json` bodies of up to `limit` bytes (decoded), keeping the bytes as received on
 * `req.rawBody`. Before the parse it refuses a charset other than UTF-8 (`unsupported_charset`: card
 * checks and signatures read the raw bytes as UTF-8) and nesting deeper than `JSON_DEPTH_MAX`
 * (`nesting_too_deep`); then malformed JSON is `invalid_json`, an oversized body `body_too_large` (413),
 * and a bad Content-Encoding `unsupported_content_encoding` or `invalid_content_encoding`. No error
 * echoes the body. A body of another content type (a form, as `curl -d` sends; `text/plain`; none
 * named) is `415 unsupported_media_type` before a byte of it is read: ignoring it would answer
 * "missing parameter" about a parameter the client did send.
 */
export function jsonBody({ limit = BODY_BYTES_MAX }: { limit?: string | number } = {}): RequestHandler {
  const parse = express.json({
    limit,
    verify: (req, _res, body, encoding) => {
      if (encoding.toLowerCase() !== 'utf-8') throw refusal(CHARSET_NOT_UTF8);
      if (jsonNestingExceeds(body, JSON_DEPTH_MAX)) throw refusal(NESTING_TOO_DEEP);
      (req as Request).rawBody = body;
    },
  });
  return (req, res, next) => {
    if (carriesBody(req) && !isJson(req)) {
      const given = req.headers['content-type'];
      const named = given === undefined ? 'no Content-Type' : `Content-Type: ${given.split(';', 1)[0]!.trim().slice(0, 100)}`;
      return next(new PayrailError('unsupported_media_type', `This route reads JSON, and the body was sent with ${named}: send it as JSON with Content-Type: application/json.`, { param: 'Content-Type' }));
    }
    parse(req, res, (error?: unknown) => {
      next(error === undefined ? undefined : (inputDecodeError(error, { limit }) ?? error));
    });
  };
}

/** A request with body bytes: chunked, or a Content-Length above zero (an empty body is no body). */
const carriesBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/** `application/json`, with parameters or not; the charset is jsonBody's to judge. */
const isJson = (req: Request): boolean => req.is('application/json') === 'application/json';

/**
 * The PayrailError for what express or body-parser throws on undecodable input: a route param with a
 * bad %-escape (`URIError`), or a body that cannot be read (charset, content coding, size, framing,
 * JSON). Null for anything else, which stays a 500. `limit` names the body limit in the message.
 */
export function inputDecodeError(error: unknown, { limit }: { limit?: string | number } = {}): PayrailError | null {
  if (error instanceof URIError) return new PayrailError('invalid_path_encoding', undefined, { param: 'path' });
  if (typeof error !== 'object' || error === null) return null;
  const { type, status } = error as { type?: unknown; status?: unknown };
  switch (type) {
    case 'entity.parse.failed':
      return new PayrailError('invalid_json');
    case NESTING_TOO_DEEP:
      return new PayrailError('nesting_too_deep', `The JSON body nests objects and arrays deeper than ${JSON_DEPTH_MAX} levels.`);
    case 'entity.too.large':
      return new PayrailError('body_too_large', limit === undefined ? undefined : `The request body is larger than the limit of ${typeof limit === 'number' ? `${limit} bytes` : limit}.`);
    case 'charset.unsupported':
    case CHARSET_NOT_UTF8:
      return new PayrailError('unsupported_charset', undefined, { param: 'Content-Type' });
    case 'encoding.unsupported':
      return new PayrailError('unsupported_content_encoding', undefined, { param: 'Content-Encoding' });
    case 'request.aborted':
    case 'request.size.invalid':
      return new PayrailError('body_incomplete');
    default:
      // A decompression stream failing (zlib's Z_DATA_ERROR, brotli's ERR__ERROR_FORMAT_...) reaches us
      // as body-parser's 400 with the stream's error code and no type.
      if (type === undefined && status === 400 && typeof (error as { code?: unknown }).code === 'string') {
        return new PayrailError('invalid_content_encoding', undefined, { param: 'Content-Encoding' });
      }
      return null;
  }
}
