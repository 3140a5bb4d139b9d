import { randomInt } from 'node:crypto';

/** Picks an index below `n`; seeded in settlement fabrication, crypto-random otherwise. */
export type RandomIndex = (n: number) => number;

const cryptoIndex: RandomIndex = (n) => randomInt(n);

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const UPPER_ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const STRIPE_ID_CHARS = 24;
const PSP_REFERENCE_CHARS = 16;
const PIX_TXID_CHARS = 32;
/** The ISPB (institution code) the sandbox's Pix payments come from. */
const SANDBOX_ISPB = '99999999';

const draw = (alphabet: string, length: number, index: RandomIndex): string =>
  Array.from({ length }, () => alphabet[index(alphabet.length)]).join('');

/** A Stripe-shaped id: `ch_` + 24 base62 characters. These are the processor's ids, not PayRail's. */
export function stripeStyleId(prefix: 'ch' | 're' | 'dp' | 'evt' | 'txn' | 'req', index: RandomIndex = cryptoIndex): string {
  return `${prefix}_${draw(BASE62, STRIPE_ID_CHARS, index)}`;
}

/** An Adyen-shaped pspReference: 16 upper-case letters and digits. */
export function pspReference(index: RandomIndex = cryptoIndex): string {
  return draw(UPPER_ALNUM, PSP_REFERENCE_CHARS, index);
}

/** A Pix txid: 32 letters and digits (Bacen allows 26 to 35). */
export function pixTxid(index: RandomIndex = cryptoIndex): string {
  return draw(BASE62, PIX_TXID_CHARS, index);
}

/**
 * A Pix end-to-end id: `E`, the ISPB of the payer's institution (8 digits; a sandbox one here), the
 * time in UTC (yyyyMMddHHmm), then 11 letters and digits: 32 characters, as Bacen's SPI writes them.
 */
export function pixEndToEndId(at: Date, index: RandomIndex = cryptoIndex): string {
  const time = at.toISOString().replace(/[^0-9]/g, '').slice(0, 12);
  return `E${SANDBOX_ISPB}${time}${draw(BASE62, 11, index)}`;
}
