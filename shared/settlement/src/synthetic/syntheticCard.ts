import { luhnCheckDigit, type CardBrand } from '@payrail/core';
import { BIN_TABLE, type BinEntry } from './binTable';
import { between, pick, type SeededRandom } from './seededRandom';

/** A synthetic card: Luhn-valid on a fake BIN. The PAN and CVV only ever go to the vault. */
export interface SyntheticCard {
  pan: string;
  exp_month: number;
  exp_year: number;
  cvv: string;
  brand: CardBrand;
  bin: string;
  last4: string;
  country: string;
  funding: 'credit' | 'debit';
}

/** Share of cards issued in the cardholder's own country; the rest are foreign cards. */
const DOMESTIC_SHARE = 0.85;

/** Years after the traffic's first year in which cards expire. */
const EXPIRY_YEARS_MIN = 2;
const EXPIRY_YEARS_MAX = 6;

/** A card for a cardholder of `country`, drawn from `random`; expiring after `fromYear`. */
export function syntheticCard(random: SeededRandom, country: string, fromYear: number): SyntheticCard {
  const domestic = BIN_TABLE.filter((entry) => entry.country === country);
  const entry: BinEntry = domestic.length > 0 && random() < DOMESTIC_SHARE ? pick(random, domestic) : pick(random, BIN_TABLE);
  let body = entry.bin;
  while (body.length < entry.length - 1) body += String(between(random, 0, 9));
  const pan = body + luhnCheckDigit(body);
  const cvvDigits = entry.brand === 'amex' ? 4 : 3;
  let cvv = '';
  while (cvv.length < cvvDigits) cvv += String(between(random, 0, 9));
  return {
    pan,
    exp_month: between(random, 1, 12),
    exp_year: fromYear + between(random, EXPIRY_YEARS_MIN, EXPIRY_YEARS_MAX),
    cvv,
    brand: entry.brand,
    bin: entry.bin,
    last4: pan.slice(-4),
    country: entry.country,
    funding: entry.funding,
  };
}

/**
 * A special test card (TEST_CARDS in shared/core) as a SyntheticCard, for the outcomes only test
 * cards produce at the processors. Its summary says `US`, `credit`.
 */
export function testCard(pan: string, random: SeededRandom, fromYear: number): SyntheticCard {
  return {
    pan,
    exp_month: between(random, 1, 12),
    exp_year: fromYear + between(random, EXPIRY_YEARS_MIN, EXPIRY_YEARS_MAX),
    cvv: String(between(random, 100, 999)),
    brand: 'visa',
    bin: pan.slice(0, 6),
    last4: pan.slice(-4),
    country: 'US',
    funding: 'credit',
  };
}
