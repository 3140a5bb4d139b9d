import { AMOUNT_MINOR_MAX, detectBrand, isSupportedCurrency, isValidAmount, PayrailError, testCardBehaviour, validateCard, type ProcessorDeclineCode, type TestCardBehaviour } from '@payrail/core';
import type { CardSummary } from '../books/charge';

export interface CardFields {
  number: string;
  exp_month: number | string;
  exp_year: number | string;
  cvc: string | undefined;
}

/** The names the processor gives the card fields in its errors. */
export interface CardParams {
  number: string;
  exp_month: string;
  exp_year: string;
  cvc: string;
}

export interface CardReading {
  card: CardSummary;
  behaviour: TestCardBehaviour;
  /** An expiry in the past or a malformed CVC: the processor declines, as a real one would. */
  card_decline: ProcessorDeclineCode | null;
}

/** `30` → 2030: processors accept two-digit years. */
function fullYear(year: number | string): number | string {
  const text = String(year);
  return /^\d{2}$/.test(text) ? 2000 + Number(text) : year;
}

/**
 * Reads the card of an authorization: a number that is not a card (Luhn, brand, length) is a 400
 * `card_invalid`; an expired card or a malformed CVC is a decline; otherwise the test card table
 * decides. Returns only what the books may keep (brand, BIN, last four).
 */
export function readCard(fields: CardFields, params: CardParams, now: Date = new Date()): CardReading {
  const checked = validateCard({ pan: fields.number, exp_month: fields.exp_month, exp_year: fullYear(fields.exp_year), ...(fields.cvc === undefined ? {} : { cvv: fields.cvc }) }, now);
  if (!checked.ok && checked.code === 'card_invalid') {
    const param = checked.param === 'pan' ? params.number : checked.param === 'exp_month' ? params.exp_month : params.exp_year;
    throw new PayrailError('card_invalid', checked.message, { param });
  }
  const digits = fields.number.replace(/[ -]/g, '');
  const card: CardSummary = checked.ok
    ? { brand: checked.brand, bin: checked.bin, last4: checked.last4 }
    : { brand: detectBrand(digits) ?? 'unknown', bin: digits.slice(0, 6), last4: digits.slice(-4) };
  const card_decline = checked.ok ? null : checked.code === 'card_expired' ? 'expired_card' : 'incorrect_cvc';
  return { card, behaviour: testCardBehaviour(digits), card_decline };
}

/** Checks an amount in minor units and an ISO currency (any case); returns the upper-case currency. */
export function readMoney(amount: number, currency: string, params: { amount: string; currency: string }): string {
  if (!isValidAmount(amount)) {
    if (amount > AMOUNT_MINOR_MAX) throw new PayrailError('amount_too_large', `Amounts are at most ${AMOUNT_MINOR_MAX} minor units.`, { param: params.amount });
    throw new PayrailError('amount_must_be_positive', undefined, { param: params.amount });
  }
  const upper = currency.toUpperCase();
  if (!isSupportedCurrency(upper)) throw new PayrailError('currency_unsupported', `${currency} is not a currency the processor supports.`, { param: params.currency });
  return upper;
}

/** Checks an optional modification amount (capture, refund). */
export function readOptionalAmount(amount: number | undefined, param: string): number | null {
  if (amount === undefined) return null;
  if (!isValidAmount(amount)) throw new PayrailError(amount > AMOUNT_MINOR_MAX ? 'amount_too_large' : 'amount_must_be_positive', undefined, { param });
  return amount;
}
