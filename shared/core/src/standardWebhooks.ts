import { randomBytes } from 'node:crypto';
import { constantTimeEqual, hmacSha256 } from './hmac';

/**
 * Standard Webhooks (https://www.standardwebhooks.com), the signing scheme of outgoing PayRail
 * webhooks, so that third-party verifiers (the `standardwebhooks` and `svix` packages) accept them.
 *
 * A delivery carries `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature`:
 * space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per active secret, keyed with
 * the base64-decoded part of a `whsec_...` secret. Several signatures let a receiver switch secrets
 * during a rotation without losing a delivery.
 *
 * Known answer (the Standard Webhooks reference vector): secret `whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw`,
 * id `msg_p5jXN8AQM9LWM0D4loKWxJek`, timestamp `1614265330`, body `{"test": 2432232314}` →
 * `v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=`.
 */

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** How far a timestamp may be from the receiver's clock, either way: the spec's (and Stripe's) 5 minutes. */
export const WEBHOOK_TOLERANCE_S = 300;
/** The key sizes the spec allows, in bytes; new secrets use the largest size `generateWebhookSecret` offers. */
export const WEBHOOK_SECRET_BYTES_MIN = 24;
export const WEBHOOK_SECRET_BYTES_MAX = 64;
const WEBHOOK_SECRET_BYTES_DEFAULT = 32;
/** The most signatures one header may carry that a verifier looks at; the rest are ignored. */
export const WEBHOOK_SIGNATURES_MAX = 16;

const SIGNATURE_VERSION = 'v1';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const TIMESTAMP = /^\d{1,12}$/;

/** The three headers of a signed delivery (a type, not an interface, so it passes as a header record). */
export type StandardWebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** Why a delivery failed verification; each reason has a message saying how to fix it. */
export type WebhookVerifyFailure =
  | 'no_secret_configured'
  | 'missing_headers'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'no_matching_signature';

export type WebhookVerification =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; reason: WebhookVerifyFailure; message: string };

/** True when `value` is a `whsec_` secret whose base64 part decodes to 24–64 bytes. */
export function isWebhookSecret(value: unknown): value is string {
  if (typeof value !== 'string' || !value.startsWith(WEBHOOK_SECRET_PREFIX)) return false;
  const encoded = value.slice(WEBHOOK_SECRET_PREFIX.length);
  if (!BASE64.test(encoded)) return false;
  const bytes = Buffer.from(encoded, 'base64').length;
  return bytes >= WEBHOOK_SECRET_BYTES_MIN && bytes <= WEBHOOK_SECRET_BYTES_MAX;
}

/** A new signing secret: `whsec_` + base64 of `bytes` random bytes (24–64, default 32). */
export function generateWebhookSecret(bytes = WEBHOOK_SECRET_BYTES_DEFAULT): string {
  if (!Number.isInteger(bytes) || bytes < WEBHOOK_SECRET_BYTES_MIN || bytes > WEBHOOK_SECRET_BYTES_MAX) {
    throw new RangeError(`a webhook secret has ${WEBHOOK_SECRET_BYTES_MIN} to ${WEBHOOK_SECRET_BYTES_MAX} bytes, not ${bytes}`);
  }
  return WEBHOOK_SECRET_PREFIX + randomBytes(bytes).toString('base64');
}

function secretKey(secret: string, index: number): Buffer {
  // The message names the position only: a secret never reaches an error message or a log.
  if (!isWebhookSecret(secret)) {
    throw new TypeError(`secrets[${index}] is not a webhook secret: expected '${WEBHOOK_SECRET_PREFIX}' + base64 of ${WEBHOOK_SECRET_BYTES_MIN}-${WEBHOOK_SECRET_BYTES_MAX} bytes`);
  }
  return Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64');
}

function signatureOf(key: Buffer, id: string, timestamp: string, body: string | Uint8Array): string {
  const content = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
  return hmacSha256(key, content).toString('base64');
}

/**
 * Signs one delivery: returns the headers to send with `body` (the exact bytes that will be sent).
 * `timestamp` is in unix seconds; one `v1,` signature per secret.
 * Throws a TypeError on a malformed secret or an empty list.
 */
export function signStandardWebhook({ id, timestamp, body, secrets }: { id: string; timestamp: number; body: string | Uint8Array; secrets: readonly string[] }): StandardWebhookHeaders {
  if (secrets.length === 0) throw new TypeError('signStandardWebhook needs at least one secret');
  if (!Number.isInteger(timestamp) || timestamp < 0) throw new TypeError(`timestamp must be whole unix seconds, not ${timestamp}`);
  if (id.length === 0 || id.includes('.')) throw new TypeError('webhook id must be non-empty and contain no dot');
  const stamp = String(timestamp);
  const signatures = secrets.map((secret, index) => `${SIGNATURE_VERSION},${signatureOf(secretKey(secret, index), id, stamp, body)}`);
  return { 'webhook-id': id, 'webhook-timestamp': stamp, 'webhook-signature': signatures.join(' ') };
}

function headerValue(headers: Readonly<Record<string, string | readonly string[] | undefined>>, name: keyof StandardWebhookHeaders): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    const joined = typeof value === 'string' ? value : value.join(' ');
    return joined.trim() === '' ? undefined : joined.trim();
  }
  return undefined;
}

const fail = (reason: WebhookVerifyFailure, message: string): WebhookVerification => ({ ok: false, reason, message });

/**
 * Verifies a delivery against any of `secrets` (several during a rotation): the headers are present,
 * the timestamp is within `tolerance_s` of `now`, and one `v1` signature over the raw `body` matches,
 * compared in constant time. Returns the reason on failure instead of throwing, so the caller can
 * store the delivery flagged. Throws a TypeError only on a malformed secret (a configuration error).
 */
export function verifyStandardWebhook({
  headers,
  body,
  secrets,
  now = new Date(),
  tolerance_s = WEBHOOK_TOLERANCE_S,
}: {
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body: string | Uint8Array;
  secrets: readonly string[];
  now?: Date;
  tolerance_s?: number;
}): WebhookVerification {
  if (secrets.length === 0) return fail('no_secret_configured', 'No signing secret is configured for this endpoint; set the endpoint secret (whsec_...) first.');
  const id = headerValue(headers, 'webhook-id');
  const stamp = headerValue(headers, 'webhook-timestamp');
  const signature = headerValue(headers, 'webhook-signature');
  const missing = [['webhook-id', id], ['webhook-timestamp', stamp], ['webhook-signature', signature]].filter(([, value]) => value === undefined).map(([name]) => name);
  if (id === undefined || stamp === undefined || signature === undefined) {
    return fail('missing_headers', `Missing ${missing.join(', ')}: is a proxy stripping the webhook-* headers?`);
  }
  if (!TIMESTAMP.test(stamp)) return fail('invalid_timestamp', 'webhook-timestamp must be whole unix seconds.');
  const timestamp = Number(stamp);
  const nowS = Math.floor(now.getTime() / 1000);
  if (nowS - timestamp > tolerance_s) {
    return fail('timestamp_too_old', `webhook-timestamp is more than ${tolerance_s} s in the past: a replay, or this server's clock is wrong.`);
  }
  if (timestamp - nowS > tolerance_s) {
    return fail('timestamp_too_new', `webhook-timestamp is more than ${tolerance_s} s in the future: check this server's clock.`);
  }
  const passed = signature
    .split(' ')
    .filter((entry) => entry !== '')
    .slice(0, WEBHOOK_SIGNATURES_MAX)
    .flatMap((entry) => {
      const comma = entry.indexOf(',');
      return comma > 0 && entry.slice(0, comma) === SIGNATURE_VERSION ? [entry.slice(comma + 1)] : [];
    });
  for (const [index, secret] of secrets.entries()) {
    const expected = signatureOf(secretKey(secret, index), id, stamp, body);
    for (const candidate of passed) {
      if (constantTimeEqual(candidate, expected)) return { ok: true, id, timestamp };
    }
  }
  return fail('no_matching_signature', 'No signature matches: are you passing the raw request body (not re-serialized JSON) and the endpoint\'s current secret?');
}
