import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { FernetError, type FernetErrorReason, fernetDecrypt, fernetEncrypt, generateFernetKey } from './fernet';

interface GenerateVector { token: string; now: string; iv: number[]; src: string; secret: string }
interface VerifyVector { token: string; now: string; ttl_sec: number; src: string; secret: string }
interface InvalidVector { desc: string; token: string; now: string; ttl_sec: number; secret: string }

const fixture = <T>(name: string): T[] =>
  JSON.parse(readFileSync(join(__dirname, '..', 'test', 'fixtures', 'fernet', name), 'utf8')) as T[];
const seconds = (rfc3339: string): number => Date.parse(rfc3339) / 1000;

/** The `fernet` npm package (csquared/fernet.js) ships no types; this is the part the interop tests use. */
interface FernetJsSecret { readonly signingKeyHex: string }
interface FernetJsToken { encode(message: string): string; decode(): string }
interface FernetJs {
  Secret: new (secret: string) => FernetJsSecret;
  Token: new (options: { secret: FernetJsSecret; token?: string; ttl?: number; time?: string }) => FernetJsToken;
}
const fernetJs = require('fernet') as FernetJs;

function reasonOf(run: () => unknown): FernetErrorReason | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof FernetError) return error.reason;
    throw error;
  }
}

const key = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
const vectorToken = 'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==';
const vectorTime = seconds('1985-10-26T01:20:00-07:00');

describe('fernet spec vectors', () => {
  it.each(fixture<GenerateVector>('generate.json'))('generate: reproduces the token for $src at $now', (vector) => {
    const options = { now: seconds(vector.now), iv: Buffer.from(vector.iv) };
    expect(fernetEncrypt(vector.secret, vector.src, options)).toBe(vector.token);
  });

  it.each(fixture<VerifyVector>('verify.json'))('verify: decrypts to $src at $now', (vector) => {
    const plaintext = fernetDecrypt(vector.secret, vector.token, { now: seconds(vector.now), ttlSeconds: vector.ttl_sec });
    expect(plaintext.toString('utf8')).toBe(vector.src);
  });

  const expectedReasons: Record<string, FernetErrorReason> = {
    'incorrect mac': 'signature_invalid',
    'too short': 'token_malformed',
    'invalid base64': 'token_malformed',
    'payload size not multiple of block size': 'token_malformed',
    'payload padding error': 'padding_invalid',
    'far-future TS (unacceptable clock skew)': 'timestamp_in_future',
    'expired TTL': 'token_expired',
    'incorrect IV (causes padding error)': 'padding_invalid',
  };

  it('has an expected reason for every invalid vector', () => {
    expect(fixture<InvalidVector>('invalid.json').map((vector) => vector.desc).sort()).toEqual(Object.keys(expectedReasons).sort());
  });

  it.each(fixture<InvalidVector>('invalid.json'))('invalid: refuses "$desc"', (vector) => {
    const options = { now: seconds(vector.now), ttlSeconds: vector.ttl_sec };
    expect(reasonOf(() => fernetDecrypt(vector.secret, vector.token, options))).toBe(expectedReasons[vector.desc]);
  });
});

describe('fernet tokens and keys', () => {
  it('writes tokens and keys as padded base64url, and reads them with or without the padding', () => {
    const generated = generateFernetKey();
    expect(generated).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    const token = fernetEncrypt(generated, 'hi');
    expect(token.length % 4).toBe(0);
    expect(fernetDecrypt(generated.replace(/=+$/, ''), token.replace(/=+$/, '')).toString()).toBe('hi');
    expect(fernetDecrypt(key, vectorToken.replace(/=+$/, '')).toString()).toBe('hello');
  });

  it('refuses base64 that is not strict base64url', () => {
    const unpadded = vectorToken.replace(/=+$/, '');
    expect(reasonOf(() => fernetDecrypt(key, `${unpadded}=`))).toBe('token_malformed'); // one `=` where two are due
    expect(reasonOf(() => fernetDecrypt(key, `${unpadded}===`))).toBe('token_malformed');
    expect(reasonOf(() => fernetDecrypt(key, vectorToken.replace(/_/g, '/')))).toBe('token_malformed');
    expect(reasonOf(() => fernetDecrypt(key, ` ${vectorToken}`))).toBe('token_malformed');
    // The last character carries 4 unused bits; a set one spells the same bytes another way.
    expect(reasonOf(() => fernetDecrypt(key, `${unpadded.slice(0, -1)}B==`))).toBe('token_malformed');
    expect(reasonOf(() => fernetDecrypt(key, ''))).toBe('token_malformed');
  });

  it('refuses keys that are not exactly 32 bytes of base64url, without echoing them', () => {
    const bytes = Buffer.alloc(32, 7);
    expect(reasonOf(() => fernetEncrypt(bytes.subarray(1).toString('base64url'), 'x'))).toBe('key_invalid');
    expect(reasonOf(() => fernetEncrypt(Buffer.alloc(33).toString('base64url'), 'x'))).toBe('key_invalid');
    expect(reasonOf(() => fernetDecrypt('not a key', vectorToken))).toBe('key_invalid');
    expect(reasonOf(() => fernetDecrypt(key.replace(/_/g, '/'), vectorToken))).toBe('key_invalid');
    expect(() => fernetDecrypt('c2VjcmV0', vectorToken)).toThrow(/generateFernetKey\(\)/);
    expect(() => fernetDecrypt('c2VjcmV0', vectorToken)).not.toThrow(/c2VjcmV0/);
  });

  it('names an unknown version before anything else about the token', () => {
    const bytes = Buffer.from(vectorToken, 'base64url');
    bytes[0] = 0x81;
    expect(reasonOf(() => fernetDecrypt(key, bytes.toString('base64url')))).toBe('version_unknown');
  });

  it('refuses a token signed under another key', () => {
    expect(reasonOf(() => fernetDecrypt(generateFernetKey(), vectorToken))).toBe('signature_invalid');
  });

  it('expires a token only once it is more than ttlSeconds old', () => {
    expect(fernetDecrypt(key, vectorToken, { now: vectorTime + 60, ttlSeconds: 60 }).toString()).toBe('hello');
    expect(reasonOf(() => fernetDecrypt(key, vectorToken, { now: vectorTime + 61, ttlSeconds: 60 }))).toBe('token_expired');
  });

  it('allows 60 s of clock skew by default when a TTL is asked for, and the skew given otherwise', () => {
    expect(fernetDecrypt(key, vectorToken, { now: vectorTime - 60, ttlSeconds: 60 }).toString()).toBe('hello');
    expect(reasonOf(() => fernetDecrypt(key, vectorToken, { now: vectorTime - 61, ttlSeconds: 60 }))).toBe('timestamp_in_future');
    expect(reasonOf(() => fernetDecrypt(key, vectorToken, { now: vectorTime - 6, maxClockSkewSeconds: 5 }))).toBe('timestamp_in_future');
    expect(fernetDecrypt(key, vectorToken, { now: vectorTime - 5, maxClockSkewSeconds: 5 }).toString()).toBe('hello');
  });

  it('checks no time at all when neither a TTL nor a skew is given', () => {
    expect(fernetDecrypt(key, vectorToken).toString()).toBe('hello');
    expect(fernetDecrypt(key, vectorToken, { now: 0 }).toString()).toBe('hello');
  });

  it('fails loudly on options that are programmer errors, naming the fix', () => {
    expect(() => fernetDecrypt(key, vectorToken, { ttlSeconds: 0 })).toThrow(/omit it for no TTL/);
    expect(() => fernetEncrypt(key, 'x', { now: Date.now() / 1000 + 0.5 })).toThrow(/Math\.floor/);
    expect(() => fernetEncrypt(key, 'x', { iv: Buffer.alloc(8) })).toThrow(/16 bytes/);
  });

  it('encrypts an empty message into one block and a random IV each time', () => {
    const first = fernetEncrypt(key, Buffer.alloc(0));
    expect(Buffer.from(first, 'base64url')).toHaveLength(1 + 8 + 16 + 16 + 32);
    expect(fernetDecrypt(key, first)).toEqual(Buffer.alloc(0));
    expect(fernetEncrypt(key, Buffer.alloc(0))).not.toBe(first);
  });
});

describe('fernet properties', () => {
  const keys = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('base64url'));
  const times = fc.integer({ min: 0, max: 2 ** 40 });

  it('round-trips arbitrary bytes', () => {
    fc.assert(fc.property(keys, fc.uint8Array({ maxLength: 300 }), times, (secret, bytes, now) => {
      const message = Buffer.from(bytes);
      const token = fernetEncrypt(secret, message, { now });
      expect(fernetDecrypt(secret, token, { now, ttlSeconds: 1 })).toEqual(message);
    }));
  });

  it('refuses a token with any byte flipped: the version byte as unknown, any other by its signature', () => {
    fc.assert(fc.property(keys, fc.uint8Array({ maxLength: 64 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (secret, bytes, at, mask) => {
      const token = Buffer.from(fernetEncrypt(secret, Buffer.from(bytes)), 'base64url');
      const index = at % token.length;
      token[index] = (token[index] as number) ^ mask;
      const expected: FernetErrorReason = index === 0 ? 'version_unknown' : 'signature_invalid';
      expect(reasonOf(() => fernetDecrypt(secret, token.toString('base64url')))).toBe(expected);
    }));
  });

  it('refuses a token with any character changed', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(), fc.constantFrom(...alphabet), (bytes, at, replacement) => {
      const token = fernetEncrypt(key, Buffer.from(bytes)).replace(/=+$/, '');
      const index = at % token.length;
      fc.pre(token[index] !== replacement);
      const changed = token.slice(0, index) + replacement + token.slice(index + 1);
      expect(reasonOf(() => fernetDecrypt(key, changed))).not.toBe('accepted');
    }));
  });
});

describe('fernet interop with the fernet npm package', () => {
  const messages = [['ASCII', 'hello'], ['empty', ''], ['non-ASCII', 'café ☕ 日本'], ['1000 characters', 'x'.repeat(1000)]] as const;

  it.each(messages)('their Token decodes our token (%s message)', (_kind, message) => {
    const secret = generateFernetKey();
    const token = fernetEncrypt(secret, message);
    expect(new fernetJs.Token({ secret: new fernetJs.Secret(secret), token, ttl: 0 }).decode()).toBe(message);
  });

  it.each(messages)('we decrypt their token (%s message)', (_kind, message) => {
    const secret = generateFernetKey();
    const token = new fernetJs.Token({ secret: new fernetJs.Secret(secret), ttl: 0 }).encode(message);
    expect(fernetDecrypt(secret, token, { ttlSeconds: 60 }).toString('utf8')).toBe(message);
  });

  it('we read the timestamp they write', () => {
    const time = '2024-02-29T12:00:00Z';
    const token = new fernetJs.Token({ secret: new fernetJs.Secret(key), time, ttl: 0 }).encode('stamped');
    expect(fernetDecrypt(key, token, { now: seconds(time) + 60, ttlSeconds: 60 }).toString()).toBe('stamped');
    expect(reasonOf(() => fernetDecrypt(key, token, { now: seconds(time) + 61, ttlSeconds: 60 }))).toBe('token_expired');
  });
});
