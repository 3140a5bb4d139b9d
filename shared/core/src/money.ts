/**
 * Money is an integer count of a currency's minor units (cents, yen, fils). There are no floats:
 * an amount is checked to be a safe integer, and conversions to text go through strings.
 */

/** ISO 4217 codes PayRail accepts, with their minor-unit exponents. */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  USD: 2, EUR: 2, GBP: 2, BRL: 2, INR: 2, CAD: 2, AUD: 2, CHF: 2, SEK: 2, NOK: 2, DKK: 2, PLN: 2,
  MXN: 2, SGD: 2, HKD: 2, NZD: 2, ZAR: 2, CNY: 2,
  JPY: 0, KRW: 0, CLP: 0, ISK: 0, VND: 0,
  KWD: 3, BHD: 3, JOD: 3, OMR: 3, TND: 3,
});

/** The largest amount in minor units any route accepts, whatever the configuration. */
export const AMOUNT_MINOR_MAX = 99_999_999_999;

export function isSupportedCurrency(code: unknown): code is string {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(CURRENCY_EXPONENTS, code);
}

/** The exponent of a supported currency; throws on an unknown code (validate input first). */
export function currencyExponent(code: string): number {
  const exponent = CURRENCY_EXPONENTS[code];
  if (exponent === undefined) throw new RangeError(`unsupported currency ${code}`);
  return exponent;
}

/** A positive integer number of minor units, not above `max`. */
export function isValidAmount(value: unknown, max = AMOUNT_MINOR_MAX): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= max;
}

/** `1099, "USD"` → `"10.99"`; `500, "JPY"` → `"500"`; `1234, "KWD"` → `"1.234"`. Negative amounts keep their sign. */
export function formatMinor(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount must be a safe integer, got ${amount}`);
  const exponent = currencyExponent(currency);
  const sign = amount < 0 ? '-' : '';
  const digits = Math.abs(amount).toString().padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** The inverse of `formatMinor`: parses a decimal string with at most the currency's exponent of decimals. */
export function parseMajor(text: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) throw new RangeError(`not a decimal amount: ${text}`);
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > exponent) throw new RangeError(`${currency} has ${exponent} decimals, got ${text}`);
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount out of range: ${text}`);
  return sign === '-' ? -minor : minor;
}

/** `basisPoints` of `amount`, rounded half up to a whole minor unit, plus a fixed fee: processor pricing. */
export function percentageFee(amount: number, basisPoints: number, fixed = 0): number {
  if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(basisPoints) || !Number.isSafeInteger(fixed)) {
    throw new RangeError('fees are computed on integers only');
  }
  const scaled = BigInt(amount) * BigInt(basisPoints);
  const rounded = (scaled + 5_000n) / 10_000n;
  return Number(rounded) + fixed;
}

/** A double-entry posting: one leg of a money movement. Legs of one event sum to zero per currency. */
export interface Posting {
  account: string;
  amount: number;
  currency: string;
}

/** True when the postings sum to zero in every currency, with integer amounts only. */
export function postingsBalance(postings: readonly Posting[]): boolean {
  const sums = new Map<string, bigint>();
  for (const posting of postings) {
    if (!Number.isSafeInteger(posting.amount)) return false;
    sums.set(posting.currency, (sums.get(posting.currency) ?? 0n) + BigInt(posting.amount));
  }
  for (const sum of sums.values()) if (sum !== 0n) return false;
  return true;
}
