import type { CardBrand } from '@payrail/core';

/** One row of the synthetic BIN table: the first six digits of a card and what they say about it. */
export interface BinEntry {
  readonly bin: string;
  readonly brand: CardBrand;
  /** ISO 3166 alpha-2 of the issuing bank. */
  readonly country: string;
  readonly funding: 'credit' | 'debit';
  /** The PAN length this BIN issues. */
  readonly length: number;
}

/**
 * A fake BIN table: made-up issuers spread over brands and countries. `detectBrand` (shared/core)
 * recognises every BIN here as its brand; a unit test holds that true.
 */
export const BIN_TABLE: readonly BinEntry[] = Object.freeze([
  { bin: '453210', brand: 'visa', country: 'US', funding: 'credit', length: 16 },
  { bin: '492910', brand: 'visa', country: 'US', funding: 'debit', length: 16 },
  { bin: '475129', brand: 'visa', country: 'GB', funding: 'debit', length: 16 },
  { bin: '417500', brand: 'visa', country: 'DE', funding: 'credit', length: 16 },
  { bin: '448400', brand: 'visa', country: 'FR', funding: 'debit', length: 16 },
  { bin: '426684', brand: 'visa', country: 'CA', funding: 'credit', length: 16 },
  { bin: '455673', brand: 'visa', country: 'AU', funding: 'debit', length: 16 },
  { bin: '491761', brand: 'visa', country: 'ES', funding: 'credit', length: 16 },
  { bin: '404175', brand: 'visa', country: 'JP', funding: 'credit', length: 16 },
  { bin: '542418', brand: 'mastercard', country: 'US', funding: 'credit', length: 16 },
  { bin: '510510', brand: 'mastercard', country: 'GB', funding: 'credit', length: 16 },
  { bin: '555544', brand: 'mastercard', country: 'DE', funding: 'debit', length: 16 },
  { bin: '222300', brand: 'mastercard', country: 'BR', funding: 'credit', length: 16 },
  { bin: '535310', brand: 'mastercard', country: 'JP', funding: 'debit', length: 16 },
  { bin: '520082', brand: 'mastercard', country: 'CA', funding: 'debit', length: 16 },
  { bin: '371449', brand: 'amex', country: 'US', funding: 'credit', length: 15 },
  { bin: '378282', brand: 'amex', country: 'GB', funding: 'credit', length: 15 },
  { bin: '601100', brand: 'discover', country: 'US', funding: 'credit', length: 16 },
  { bin: '644564', brand: 'discover', country: 'US', funding: 'debit', length: 16 },
  { bin: '353011', brand: 'jcb', country: 'JP', funding: 'credit', length: 16 },
  { bin: '305693', brand: 'diners', country: 'US', funding: 'credit', length: 14 },
  { bin: '509091', brand: 'elo', country: 'BR', funding: 'debit', length: 16 },
  { bin: '506726', brand: 'elo', country: 'BR', funding: 'credit', length: 16 },
].map((entry) => Object.freeze(entry as BinEntry)));
