import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { assert } from './errors';
import { constantTimeEqual, hmacSha256 } from './hmac';

/**
 * Fernet (https://github.com/fernet/spec), version 0x80, on node:crypto alone.
 *
 * A key is 32 bytes in base64url: the first 16 sign, the last 16 encrypt. A token is
 * base64url(0x80 ‖ timestamp ‖ IV ‖ AES-128-CBC ciphertext ‖ HMAC-SHA256 of all before it), with
 * the timestamp in whole seconds, 8 bytes big-endian.
 */

/** Every reason a key or token is refused; each message says what to check. */
export const FERNET_ERROR_REASONS = {
  /** The key does not decode from base64url to exactly 32 bytes. */
  key_invalid: 'A Fernet key is 32 bytes in base64url (44 characters with padding); make one with generateFernetKey().',
  /** The token is not base64url, or is too short or too long, or its ciphertext is not whole AES blocks. */
  token_malformed: 'The token is not a Fernet token: it must be base64url of version, timestamp, IV, whole 16-byte blocks and a 32-byte HMAC.',
  /** The first byte is not 0x80, the only Fernet version. */
  version_unknown: 'The token does not start with version byte 0x80, the only Fernet version this reads.',
  /** The HMAC does not match: the token was altered, or was made under another key. */
  signature_invalid: 'The token signature does not match: it was altered, or made under another key (was the key rotated?).',
  /** The token is older than the TTL allows. */
  token_expired: 'The token is older than the TTL allows; make a new one.',
  /** The token is stamped further ahead of `now` than the allowed clock skew. */
  timestamp_in_future: 'The token is stamped further in the future than the allowed clock skew; check the clocks of the machines involved.',
  /** The signature matched, yet the plaintext has no valid PKCS#7 padding: the encoder is faulty. */
  padding_invalid: 'The token is signed but its plaintext padding is invalid: the software that made it does not follow the Fernet spec.',
} as const;

export type FernetErrorReason = keyof typeof FERNET_ERROR_REASONS;

/** Raised when a Fernet key or token is refused; `reason` says which check failed. */
export class FernetError extends Error {
  readonly reason: FernetErrorReason;

  constructor(reason: FernetErrorReason) {
    super(FERNET_ERROR_REASONS[reason]);
    this.name = 'FernetError';
    this.reason = reason;
  }
}

export const isFernetError = (value: unknown): value is FernetError => value instanceof FernetError;

const VERSION = 0x80;
const KEY_BYTES = 32;
const SIGNING_KEY_BYTES = 16;
const TIMESTAMP_BYTES = 8;
const IV_BYTES = 16;
const BLOCK_BYTES = 16;
const HMAC_BYTES = 32;
const HEADER_BYTES = 1 + TIMESTAMP_BYTES + IV_BYTES;
/** Padding always adds at least one byte, so even an empty message fills one block. */
const TOKEN_BYTES_MIN = HEADER_BYTES + BLOCK_BYTES + HMAC_BYTES;
/** Far above any record the vault keeps; bounds the work that one untrusted token can cause. */
export const FERNET_TOKEN_CHARS_MAX = 8 * 1024 * 1024;
/** As in the reference implementations. */
export const FERNET_CLOCK_SKEW_SECONDS_DEFAULT = 60;

const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

/**
 * Strict base64url: the url-safe alphabet only, `=` padding either complete or absent, and the
 * canonical encoding only (unused trailing bits zero), so one byte string has one spelling.
 * Returns null for anything else; `Buffer.from(text, 'base64url')` would skip bad characters instead.
 */
function decodeBase64Url(text: string): Buffer | null {
  if (!BASE64URL.test(text)) return null;
  const unpadded = text.replace(/=+$/, '');
  const paddingChars = text.length - unpadded.length;
  if (unpadded.length % 4 === 1) return null;
  if (paddingChars > 0 && (text.length % 4 !== 0 || unpadded.length % 4 === 0)) return null;
  const bytes = Buffer.from(unpadded, 'base64url');
  if (bytes.toString('base64url') !== unpadded) return null;
  return bytes;
}

/**
 * Padded base64url, as the spec's vectors and the Python implementation write keys and tokens (Node's
 * 'base64url' encoding drops the padding, which Python's decoder then refuses).
 */
function encodeBase64Url(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

interface KeyParts {
  signing: Buffer;
  encryption: Buffer;
}

function parseKey(key: string): KeyParts {
  const bytes = typeof key === 'string' ? decodeBase64Url(key) : null;
  if (bytes === null || bytes.length !== KEY_BYTES) throw new FernetError('key_invalid');
  return { signing: bytes.subarray(0, SIGNING_KEY_BYTES), encryption: bytes.subarray(SIGNING_KEY_BYTES) };
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function assertWholeSeconds(value: number, name: string): void {
  assert(Number.isSafeInteger(value) && value >= 0, `${name} is whole seconds since 1970, such as Math.floor(Date.now() / 1000); got ${value}`);
}

/** A new random Fernet key: 32 bytes, base64url with padding (44 characters). */
export function generateFernetKey(): string {
  return encodeBase64Url(randomBytes(KEY_BYTES));
}

export interface FernetEncryptOptions {
  /** The timestamp to record, in whole seconds since 1970; defaults to the clock. */
  now?: number;
  /** The 16-byte IV; defaults to random. Pass one only to reproduce known-answer vectors. */
  iv?: Buffer;
}

/** Encrypts and signs `plaintext` (a string is taken as UTF-8) into a Fernet token, base64url with padding. */
export function fernetEncrypt(key: string, plaintext: Buffer | string, options: FernetEncryptOptions = {}): string {
  const { signing, encryption } = parseKey(key);
  const now = options.now ?? nowSeconds();
  assertWholeSeconds(now, 'now');
  const iv = options.iv ?? randomBytes(IV_BYTES);
  assert(iv.length === IV_BYTES, `the IV is ${IV_BYTES} bytes, got ${iv.length}`);

  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(VERSION, 0);
  header.writeBigUInt64BE(BigInt(now), 1);
  iv.copy(header, 1 + TIMESTAMP_BYTES);
  const cipher = createCipheriv('aes-128-cbc', encryption, iv);
  const message = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const signed = Buffer.concat([header, cipher.update(message), cipher.final()]);
  return encodeBase64Url(Buffer.concat([signed, hmacSha256(signing, signed)]));
}

export interface FernetDecryptOptions {
  /** The current time in whole seconds since 1970; defaults to the clock. */
  now?: number;
  /** Refuse tokens older than this many seconds. Without it a token never expires. */
  ttlSeconds?: number;
  /**
   * Refuse tokens stamped more than this many seconds after `now`; 60 when only `ttlSeconds` is
   * given. With neither, the timestamp is not checked at all, as in the reference implementations:
   * a token stamped while a clock ran fast must stay readable when nothing asked for freshness.
   */
  maxClockSkewSeconds?: number;
}

/**
 * Verifies a Fernet token and returns its plaintext. Throws a `FernetError` naming the failed check.
 *
 * The signature is checked before the timestamp (the spec allows either order): a reason about
 * time is only ever given for a token that this key signed.
 */
export function fernetDecrypt(key: string, token: string, options: FernetDecryptOptions = {}): Buffer {
  const { signing, encryption } = parseKey(key);
  const { ttlSeconds, maxClockSkewSeconds } = options;
  if (ttlSeconds !== undefined) {
    assert(Number.isSafeInteger(ttlSeconds) && ttlSeconds > 0, `ttlSeconds is a positive whole number; omit it for no TTL (got ${ttlSeconds})`);
  }
  if (maxClockSkewSeconds !== undefined) {
    assert(Number.isSafeInteger(maxClockSkewSeconds) && maxClockSkewSeconds >= 0, `maxClockSkewSeconds is a whole number >= 0 (got ${maxClockSkewSeconds})`);
  }

  if (typeof token !== 'string' || token.length > FERNET_TOKEN_CHARS_MAX) throw new FernetError('token_malformed');
  const bytes = decodeBase64Url(token);
  if (bytes === null || bytes.length === 0) throw new FernetError('token_malformed');
  if (bytes[0] !== VERSION) throw new FernetError('version_unknown');
  if (bytes.length < TOKEN_BYTES_MIN || (bytes.length - HEADER_BYTES - HMAC_BYTES) % BLOCK_BYTES !== 0) {
    throw new FernetError('token_malformed');
  }

  const signed = bytes.subarray(0, bytes.length - HMAC_BYTES);
  if (!constantTimeEqual(hmacSha256(signing, signed), bytes.subarray(bytes.length - HMAC_BYTES))) {
    throw new FernetError('signature_invalid');
  }

  if (ttlSeconds !== undefined || maxClockSkewSeconds !== undefined) {
    const now = options.now ?? nowSeconds();
    assertWholeSeconds(now, 'now');
    // Past 2^53 seconds the conversion rounds, which cannot turn a far-future stamp into a valid one.
    const timestamp = Number(bytes.readBigUInt64BE(1));
    if (ttlSeconds !== undefined && timestamp + ttlSeconds < now) throw new FernetError('token_expired');
    if (timestamp > now + (maxClockSkewSeconds ?? FERNET_CLOCK_SKEW_SECONDS_DEFAULT)) throw new FernetError('timestamp_in_future');
  }

  const iv = signed.subarray(1 + TIMESTAMP_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv('aes-128-cbc', encryption, iv);
  const head = decipher.update(signed.subarray(HEADER_BYTES));
  try {
    return Buffer.concat([head, decipher.final()]);
  } catch {
    // OpenSSL's only complaint at final() over whole blocks is bad padding ("bad decrypt").
    throw new FernetError('padding_invalid');
  }
}
