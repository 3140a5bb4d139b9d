import { assert } from './errors';
import { constantTimeEqual, hmacSha256 } from './hmac';

/**
 * Webhook signatures of the two processors PayRail talks to, signing and verifying, byte for byte as
 * the real ones do: providerA signs like Stripe (`Stripe-Signature: t=<unix>,v1=<hex>`), providerB
 * like Adyen (`additionalData.hmacSignature`, base64 HMAC-SHA256 with a hex key). provider-sim signs
 * with these functions; the gateway verifies with them. Every comparison takes constant time.
 */

/** How far a Stripe signature's timestamp may be from now, either way, as in stripe-node. */
export const STRIPE_SIGNATURE_TOLERANCE_S = 300;

/** Why a signature was refused; `message` says how to fix it and never repeats a secret. */
export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureFailure; message: string };

export type SignatureFailure =
  | 'header_missing'
  | 'header_malformed'
  | 'timestamp_outside_tolerance'
  | 'signature_missing'
  | 'signature_mismatch';

const refuse = (reason: SignatureFailure, message: string): SignatureCheck => ({ ok: false, reason, message });

/** The hex HMAC-SHA256 of `${timestamp_s}.${payload}` under `secret`: Stripe's `v1` scheme. */
export function stripeSignature(payload: string | Buffer, secret: string, timestamp_s: number): string {
  assert(Number.isSafeInteger(timestamp_s) && timestamp_s >= 0, 'a Stripe timestamp is whole seconds since the epoch');
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  return hmacSha256(secret, Buffer.concat([Buffer.from(`${timestamp_s}.`, 'utf8'), body])).toString('hex');
}

/**
 * The `Stripe-Signature` header value for `payload` (the exact bytes sent): `t=<unix>,v1=<hex>`.
 * Known answer: payload `{"id":"evt_test_webhook","object":"event"}`, secret `whsec_test_secret`,
 * t 1700000000 → `v1=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990`.
 */
export function stripeSignatureHeader(payload: string | Buffer, secret: string, timestamp_s: number): string {
  return `t=${timestamp_s},v1=${stripeSignature(payload, secret, timestamp_s)}`;
}

/**
 * Verifies a `Stripe-Signature` header over the raw request body: the timestamp must be within
 * `tolerance_s` of `now_s` (either way) and one of the `v1` signatures must match. Extra schemes
 * (`v0`) and several `v1` entries (during a secret roll) are allowed, as Stripe sends them.
 */
export function verifyStripeSignature(
  payload: string | Buffer,
  header: string | undefined,
  secret: string,
  { tolerance_s = STRIPE_SIGNATURE_TOLERANCE_S, now_s = Math.floor(Date.now() / 1000) }: { tolerance_s?: number; now_s?: number } = {},
): SignatureCheck {
  if (header === undefined || header.trim() === '') {
    return refuse('header_missing', 'No Stripe-Signature header: is the request really from providerA?');
  }
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key = '', value = ''] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value !== '') signatures.push(value);
  }
  if (timestamp === null) {
    return refuse('header_malformed', 'The Stripe-Signature header has no t=<unix seconds> element; expected t=...,v1=...');
  }
  if (signatures.length === 0) {
    return refuse('signature_missing', 'The Stripe-Signature header has no v1 signature; expected t=...,v1=...');
  }
  if (Math.abs(now_s - timestamp) > tolerance_s) {
    return refuse('timestamp_outside_tolerance', `The signature timestamp is more than ${tolerance_s} s from now: a replay, or a clock out of sync.`);
  }
  const expected = stripeSignature(payload, secret, timestamp);
  // Every candidate is compared, so the time taken does not say which one matched.
  let matched = false;
  for (const signature of signatures) matched = constantTimeEqual(expected, signature.toLowerCase()) || matched;
  return matched
    ? { ok: true }
    : refuse('signature_mismatch', 'No v1 signature matches: are you passing the raw request body, unparsed, and the endpoint secret of providerA?');
}

/** The fields of an Adyen `NotificationRequestItem` that its HMAC signature covers. */
export interface AdyenSignedFields {
  pspReference: string;
  originalReference?: string | null;
  merchantAccountCode: string;
  merchantReference: string;
  amount: { value: number; currency: string };
  eventCode: string;
  /** `"true"` or `"false"`, as Adyen sends it; a boolean is written the same way. */
  success: string | boolean;
  additionalData?: Record<string, unknown> | null;
}

/**
 * The string Adyen signs: `pspReference:originalReference:merchantAccountCode:merchantReference:
 * value:currency:eventCode:success`, with an absent originalReference as the empty string and no
 * escaping. For a pspReference `<psp>` (Adyen's are 16 digits; the known answer from Adyen's published
 * example is in the unit test): `<psp>::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true`.
 */
export function adyenSigningString(item: AdyenSignedFields): string {
  return [
    item.pspReference,
    item.originalReference ?? '',
    item.merchantAccountCode,
    item.merchantReference,
    String(item.amount.value),
    item.amount.currency,
    item.eventCode,
    String(item.success),
  ].join(':');
}

function adyenKeyBytes(hexKey: string): Buffer {
  if (!/^(?:[0-9A-Fa-f]{2})+$/.test(hexKey)) {
    throw new TypeError('the Adyen HMAC key must be hex digits, as the Customer Area shows it (an even count of 0-9, A-F)');
  }
  return Buffer.from(hexKey, 'hex');
}

/**
 * The base64 HMAC-SHA256 of `adyenSigningString(item)` under the hex-decoded `hexKey`: the value of
 * `additionalData.hmacSignature`. Known answer: Adyen's example item above with key
 * `44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056` →
 * `coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=`. Throws a TypeError on a key that is not hex.
 */
export function adyenHmacSignature(item: AdyenSignedFields, hexKey: string): string {
  return hmacSha256(adyenKeyBytes(hexKey), adyenSigningString(item)).toString('base64');
}

/**
 * Verifies `item.additionalData.hmacSignature` of one Adyen notification item in constant time.
 * Verify each item of a batch; any field the signature covers that was changed makes it fail.
 */
export function verifyAdyenHmacSignature(item: AdyenSignedFields, hexKey: string): SignatureCheck {
  const given = item.additionalData?.['hmacSignature'];
  if (typeof given !== 'string' || given === '') {
    return refuse('signature_missing', 'The notification item has no additionalData.hmacSignature: switch on HMAC signing for the webhook.');
  }
  const expected = hmacSha256(adyenKeyBytes(hexKey), adyenSigningString(item));
  return constantTimeEqual(expected, Buffer.from(given, 'base64'))
    ? { ok: true }
    : refuse('signature_mismatch', 'hmacSignature does not match: check the HMAC key of providerB and that the item is unchanged.');
}
