import * as crypto from 'node:crypto';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of `data` under `key`, as raw bytes. */
export function hmacSha256(key: string | Buffer, data: string | Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** SHA-256 hex digest. */
export function sha256Hex(data: string | Buffer): string {
  return oneShotHash === undefined ? createHash('sha256').update(data).digest('hex') : oneShotHash('sha256', data, 'hex');
}

// crypto.hash (Node >= 20.12) skips the Hash object: about twice as fast for short inputs.
const oneShotHash = (crypto as unknown as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash;

/**
 * Compares two secrets (signatures, tokens) in constant time. Lengths are checked first, because
 * `crypto.timingSafeEqual` throws on unequal lengths; the length of a signature is not a secret.
 */
export function constantTimeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const left = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const right = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}
