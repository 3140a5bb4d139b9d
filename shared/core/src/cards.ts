import { assert, type ErrorCode } from './errors';

/**
 * Card numbers (PANs): the Luhn check, brand detection by BIN prefix, validation of a card as a
 * client sends it, masking, and finding card numbers in free text so that the gateway can refuse
 * raw card data.
 */

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'elo' | 'jcb' | 'diners';

export interface CardBrandRule {
  /**
   * BIN prefixes as single prefixes (`'4'`) or inclusive ranges of prefixes of one length
   * (`'2221-2720'`). The longest matching prefix of any brand decides the brand.
   */
  readonly prefixes: readonly string[];
  /** The PAN lengths the brand issues. */
  readonly lengths: readonly number[];
  readonly cvcLength: 3 | 4;
}

/** The brands PayRail recognises. */
export const CARD_BRANDS: Readonly<Record<CardBrand, CardBrandRule>> = Object.freeze({
  visa: { prefixes: ['4'], lengths: [13, 16, 19], cvcLength: 3 },
  mastercard: { prefixes: ['51-55', '2221-2720'], lengths: [16], cvcLength: 3 },
  amex: { prefixes: ['34', '37'], lengths: [15], cvcLength: 4 },
  discover: { prefixes: ['6011', '644-649', '65'], lengths: [16, 19], cvcLength: 3 },
  // Elo's six-digit BINs sit inside Visa's 4 and Discover's 65; being longer, they win.
  elo: {
    prefixes: [
      '401178', '401179', '431274', '438935', '451416', '457393', '457631', '457632', '504175',
      '506699-506778', '509000-509999', '627780', '636297', '636368', '650031-650033',
      '650035-650051', '650405-650439', '650485-650538', '650541-650598', '650700-650718',
      '650720-650727', '650901-650978', '651652-651679', '655000-655019', '655021-655058',
    ],
    lengths: [16],
    cvcLength: 3,
  },
  jcb: { prefixes: ['3528-3589'], lengths: [16, 17, 18, 19], cvcLength: 3 },
  diners: { prefixes: ['36', '300-305', '38-39'], lengths: [14, 15, 16, 17, 18, 19], cvcLength: 3 },
});

export const PAN_DIGITS_MIN = 13;
export const PAN_DIGITS_MAX = 19;
const BIN_DIGITS = 6;
const LAST_DIGITS = 4;

interface PrefixRange {
  readonly brand: CardBrand;
  readonly low: string;
  readonly high: string;
}

const PREFIX_RANGES: readonly PrefixRange[] = (Object.keys(CARD_BRANDS) as CardBrand[]).flatMap((brand) =>
  CARD_BRANDS[brand].prefixes.map((prefix) => {
    const [low = '', high = low] = prefix.split('-');
    assert(/^\d+$/.test(low) && /^\d+$/.test(high) && low.length === high.length && low <= high, `bad BIN prefix ${prefix} for ${brand}`);
    return { brand, low, high };
  }),
);

/** Removes the spaces and dashes people type between groups of digits. */
function stripSeparators(pan: string): string {
  return pan.replace(/[ -]/g, '');
}

/** True when `digits` is all digits and passes the Luhn (mod 10) check. */
export function luhnValid(digits: string): boolean {
  return /^\d+$/.test(digits) && luhnSum(digits, false) % 10 === 0;
}

/** The digit that, appended to `partial`, makes a Luhn-valid number. */
export function luhnCheckDigit(partial: string): string {
  assert(/^\d*$/.test(partial), 'luhnCheckDigit takes digits only');
  return String((10 - (luhnSum(partial, true) % 10)) % 10);
}

/** Sums the digits from the right, doubling every second one (the rightmost first when `doubleRightmost`). */
function luhnSum(digits: string, doubleRightmost: boolean): number {
  let sum = 0;
  let double = doubleRightmost;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum;
}

/**
 * The brand of a PAN (or of its first digits) by its longest matching BIN prefix; null when no brand
 * matches or the text has anything but digits, spaces and dashes.
 */
export function detectBrand(pan: string): CardBrand | null {
  const digits = stripSeparators(pan);
  if (!/^\d+$/.test(digits)) return null;
  let best: PrefixRange | null = null;
  for (const range of PREFIX_RANGES) {
    if (digits.length < range.low.length || (best !== null && range.low.length <= best.low.length)) continue;
    const prefix = digits.slice(0, range.low.length);
    if (prefix >= range.low && prefix <= range.high) best = range;
  }
  return best === null ? null : best.brand;
}

export interface CardInput {
  pan: string;
  exp_month: number | string;
  exp_year: number | string;
  cvv?: string;
}

export type CardErrorCode = Extract<ErrorCode, 'card_invalid' | 'card_expired' | 'cvc_invalid'>;

export type CardValidation =
  | { ok: true; brand: CardBrand; bin: string; last4: string }
  | { ok: false; code: CardErrorCode; param: 'pan' | 'exp_month' | 'exp_year' | 'cvv'; message: string };

/** A whole number from a JSON number or a string of `digits` digits; null for anything else. */
function wholeNumber(value: unknown, digits: RegExp): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && digits.test(String(value)) ? value : null;
  if (typeof value === 'string') return digits.test(value) ? Number(value) : null;
  return null;
}

/**
 * Checks a card as a client sends it: the PAN (spaces and dashes allowed between digits) must match
 * a brand, have a length that brand issues and pass Luhn; the card is good until the end of its
 * expiry month in UTC; `exp_year` has 4 digits; a CVV, when given, has the brand's length (4 for
 * Amex, else 3). Messages never repeat the PAN.
 */
export function validateCard(card: CardInput, now: Date = new Date()): CardValidation {
  const digits = typeof card.pan === 'string' ? stripSeparators(card.pan) : '';
  if (!/^\d+$/.test(digits)) {
    return { ok: false, code: 'card_invalid', param: 'pan', message: 'The card number must be digits, optionally grouped by spaces or dashes.' };
  }
  const brand = detectBrand(digits);
  if (brand === null) {
    return { ok: false, code: 'card_invalid', param: 'pan', message: 'The card number matches no card brand PayRail accepts.' };
  }
  const rule = CARD_BRANDS[brand];
  if (!rule.lengths.includes(digits.length)) {
    const lengths = rule.lengths.length === 1 ? String(rule.lengths[0]) : `${rule.lengths.slice(0, -1).join(', ')} or ${rule.lengths.at(-1)}`;
    return { ok: false, code: 'card_invalid', param: 'pan', message: `${brand} card numbers have ${lengths} digits; this one has ${digits.length}.` };
  }
  if (!luhnValid(digits)) {
    return { ok: false, code: 'card_invalid', param: 'pan', message: 'The card number fails the Luhn check; look for a mistyped digit.' };
  }

  const month = wholeNumber(card.exp_month, /^\d{1,2}$/);
  if (month === null || month < 1 || month > 12) {
    return { ok: false, code: 'card_invalid', param: 'exp_month', message: 'exp_month is the expiry month, 1 to 12.' };
  }
  const year = wholeNumber(card.exp_year, /^\d{4}$/);
  if (year === null) {
    return { ok: false, code: 'card_invalid', param: 'exp_year', message: 'exp_year is the 4-digit expiry year, such as 2030.' };
  }
  if (year * 12 + month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) {
    const expiry = `${String(month).padStart(2, '0')}/${year}`;
    const param = year < now.getUTCFullYear() ? 'exp_year' : 'exp_month';
    return { ok: false, code: 'card_expired', param, message: `The card expired at the end of ${expiry}.` };
  }

  const cvv: unknown = card.cvv;
  if (cvv !== undefined && !(typeof cvv === 'string' && cvv.length === rule.cvcLength && /^\d+$/.test(cvv))) {
    return { ok: false, code: 'cvc_invalid', param: 'cvv', message: `The CVC of ${brand} cards is ${rule.cvcLength} digits.` };
  }

  return { ok: true, brand, bin: digits.slice(0, BIN_DIGITS), last4: digits.slice(-LAST_DIGITS) };
}

/**
 * Shows the first 6 and last 4 digits of a PAN with `*` between (`424242******4242`). Anything that
 * is not 13 to 19 digits (after spaces and dashes) is masked whole, so a mistake reveals nothing.
 */
export function maskPan(pan: string): string {
  const digits = stripSeparators(pan);
  if (!/^\d+$/.test(digits) || digits.length < PAN_DIGITS_MIN || digits.length > PAN_DIGITS_MAX) return '*'.repeat(digits.length);
  return digits.slice(0, BIN_DIGITS) + '*'.repeat(digits.length - BIN_DIGITS - LAST_DIGITS) + digits.slice(-LAST_DIGITS);
}

/** Runs of digit groups joined by single spaces or dashes. */
const DIGIT_RUN = /\d+(?:[ -]\d+)*/g;

/** Digits that a card brand issues: a known BIN prefix, a length that brand uses, and Luhn. */
function isCardNumber(digits: string): boolean {
  const brand = detectBrand(digits);
  return brand !== null && CARD_BRANDS[brand].lengths.includes(digits.length) && luhnValid(digits);
}

/**
 * Every card number in `text`, as bare digits, in order and without repeats: 13 to 19 digits of a
 * known brand's prefix and length that pass Luhn (so most order numbers and timestamps are not taken
 * for cards), written together or in groups joined by single spaces or dashes. A number starts and
 * ends at a group boundary, so a long id is not searched for card numbers inside it; within a run of
 * groups the longest Luhn-valid span from the leftmost group is taken first.
 */
export function findPans(text: string): string[] {
  const found = new Set<string>();
  for (const run of text.match(DIGIT_RUN) ?? []) {
    const groups = run.split(/[ -]/);
    let start = 0;
    while (start < groups.length) {
      const spans: string[] = [];
      let digits = '';
      for (let end = start; end < groups.length; end += 1) {
        digits += groups[end];
        if (digits.length > PAN_DIGITS_MAX) break;
        spans.push(digits);
      }
      const longest = spans.reverse().findIndex((span) => span.length >= PAN_DIGITS_MIN && isCardNumber(span));
      if (longest === -1) {
        start += 1;
      } else {
        found.add(spans[longest] as string);
        start += spans.length - longest;
      }
    }
  }
  return [...found];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The card numbers in an identifier a client chose (an Idempotency-Key): UUIDs are left out first, so
 * the one in `stripe-node-retry-<uuid>` (or any UUID key) is never taken for a card number when its
 * first groups happen to be digits that pass the Luhn check; no card is written in 8-4-4 groups.
 */
export function findPansInKey(key: string): string[] {
  return findPans(key.replace(UUID, ' '));
}

/** True when `text` holds anything `findPans` would report: use it to refuse raw card data. */
export function looksLikePan(text: string): boolean {
  return findPans(text).length > 0;
}
