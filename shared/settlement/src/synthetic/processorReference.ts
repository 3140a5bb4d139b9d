import type { ProcessorName } from '@payrail/core';
import type { SeededRandom } from './seededRandom';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const UPPER_ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const STRIPE_ID_CHARS = 24;
const PSP_REFERENCE_CHARS = 16;
const STRIPE_PREFIX = { charge: 'ch', refund: 're', dispute: 'dp' } as const;

function draw(alphabet: string, length: number, random: SeededRandom): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/**
 * A processor's own reference for a charge, refund or dispute, shaped as that processor's are:
 * providerA (Stripe-like) `ch_` + 24 base62 characters, providerB (Adyen-like) a 16-character
 * pspReference. These are the processors' ids, not PayRail's.
 */
export function processorReference(processor: ProcessorName, kind: keyof typeof STRIPE_PREFIX, random: SeededRandom): string {
  return processor === 'providerA' ? `${STRIPE_PREFIX[kind]}_${draw(BASE62, STRIPE_ID_CHARS, random)}` : draw(UPPER_ALNUM, PSP_REFERENCE_CHARS, random);
}
