import { randomInt } from 'node:crypto';

/** Picks an index below `n`; seeded in settlement fabrication, crypto-random otherwise. */
export type RandomIndex = (n: number) => number;

const cryptoIndex: RandomIndex = (n) => randomInt(n);

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const UPPER_ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const STRIPE_ID_CHARS = 24;
const PSP_REFERENCE_CHARS = 16;

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
