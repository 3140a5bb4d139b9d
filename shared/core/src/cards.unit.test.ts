import fc from 'fast-check';
import { CARD_BRANDS, type CardBrand, detectBrand, findPans, findPansInKey, looksLikePan, luhnCheckDigit, luhnValid, maskPan, validateCard } from './cards';

/** Appends the Luhn check digit. */
const withCheckDigit = (partial: string): string => partial + luhnCheckDigit(partial);
/** A Luhn-valid PAN of `length` digits that starts with `prefix`. */
const panOf = (prefix: string, length: number): string => withCheckDigit(prefix.padEnd(length - 1, '0'));

const TEST_CARDS: ReadonlyArray<readonly [string, CardBrand]> = [
  ['4242424242424242', 'visa'],
  ['4000056655665556', 'visa'],
  ['4222222222222', 'visa'],
  ['5555555555554444', 'mastercard'],
  ['2223003122003222', 'mastercard'],
  ['5105105105105100', 'mastercard'],
  ['378282246310005', 'amex'],
  ['371449635398431', 'amex'],
  ['6011111111111117', 'discover'],
  ['6011000990139424', 'discover'],
  ['6362970000457013', 'elo'],
  ['3566002020360505', 'jcb'],
  ['36227206271667', 'diners'],
  ['3056930009020004', 'diners'],
];

const now = new Date('2026-05-15T12:00:00Z');
const good = { exp_month: 12, exp_year: 2030 };

describe('luhn', () => {
  it('accepts the standard test cards and refuses a changed check digit', () => {
    for (const [pan] of TEST_CARDS) expect(luhnValid(pan)).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
  });

  it('takes digits only', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4242 4242 4242 4242')).toBe(false);
    expect(luhnValid('４２４２')).toBe(false);
    expect(() => luhnCheckDigit('42a')).toThrow(/digits only/);
  });

  it('computes the check digit of the classic example', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(luhnCheckDigit('424242424242424')).toBe('2');
  });

  it('always yields a Luhn-valid number, and no other final digit does', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{0,30}$/), (partial) => {
      const check = luhnCheckDigit(partial);
      expect(check).toMatch(/^\d$/);
      expect(luhnValid(partial + check)).toBe(true);
      for (const other of '0123456789') if (other !== check) expect(luhnValid(partial + other)).toBe(false);
    }));
  });

  it('catches every single mistyped digit', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{12,18}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (partial, at, delta) => {
      const pan = withCheckDigit(partial);
      const index = at % pan.length;
      const typo = pan.slice(0, index) + String((Number(pan[index]) + delta) % 10) + pan.slice(index + 1);
      expect(luhnValid(typo)).toBe(false);
    }));
  });
});

describe('detectBrand', () => {
  it.each(TEST_CARDS)('knows %s as %s', (pan, brand) => {
    expect(detectBrand(pan)).toBe(brand);
  });

  it('reads PANs written in groups', () => {
    expect(detectBrand('4242 4242 4242 4242')).toBe('visa');
    expect(detectBrand('3782-822463-10005')).toBe('amex');
  });

  it('covers both Mastercard ranges and their edges', () => {
    for (const prefix of ['51', '55', '2221', '2720']) expect(detectBrand(panOf(prefix, 16))).toBe('mastercard');
    for (const prefix of ['50', '56', '2220', '2721']) expect(detectBrand(panOf(prefix, 16))).not.toBe('mastercard');
  });

  it('lets Elo win over Visa and Discover for its BINs, but not for their neighbours', () => {
    for (const bin of ['401178', '401179', '431274', '438935', '451416', '457393', '457631', '457632']) {
      expect(detectBrand(panOf(bin, 16))).toBe('elo');
    }
    for (const bin of ['650031', '650033', '650035', '650051', '651652', '651679', '655000', '655019', '655021', '655058']) {
      expect(detectBrand(panOf(bin, 16))).toBe('elo');
    }
    for (const bin of ['504175', '506699', '506778', '509000', '509999', '627780', '636297', '636368']) {
      expect(detectBrand(panOf(bin, 16))).toBe('elo');
    }
    expect(detectBrand(panOf('401177', 16))).toBe('visa');
    expect(detectBrand(panOf('457630', 16))).toBe('visa');
    expect(detectBrand(panOf('650034', 16))).toBe('discover');
    expect(detectBrand(panOf('655020', 16))).toBe('discover');
    expect(detectBrand(panOf('650030', 16))).toBe('discover');
    expect(detectBrand(panOf('506698', 16))).toBeNull();
  });

  it('has no two brands claiming one prefix at the same length', () => {
    const ranges = (Object.keys(CARD_BRANDS) as CardBrand[]).flatMap((brand) =>
      CARD_BRANDS[brand].prefixes.map((prefix) => {
        const [low = '', high = low] = prefix.split('-');
        return { brand, low, high };
      }));
    const overlaps = ranges.flatMap((a) => ranges
      .filter((b) => a.brand !== b.brand && a.low.length === b.low.length && a.low <= b.high && b.low <= a.high)
      .map((b) => `${a.brand} ${a.low}-${a.high} / ${b.brand} ${b.low}-${b.high}`));
    expect(overlaps).toEqual([]);
  });

  it('knows no brand for other prefixes or for text', () => {
    expect(detectBrand('1234567812345670')).toBeNull();
    expect(detectBrand('9999999999999995')).toBeNull();
    expect(detectBrand('')).toBeNull();
    expect(detectBrand('4242x')).toBeNull();
    expect(detectBrand('5')).toBeNull();
  });
});

describe('validateCard', () => {
  it.each(TEST_CARDS)('accepts %s (%s) and reports its bin and last 4', (pan, brand) => {
    const cvv = brand === 'amex' ? '1234' : '123';
    expect(validateCard({ pan, ...good, cvv }, now)).toEqual({ ok: true, brand, bin: pan.slice(0, 6), last4: pan.slice(-4) });
  });

  it('accepts spaces and dashes between groups, expiry as strings, and no CVV', () => {
    expect(validateCard({ pan: '4242 4242-4242 4242', exp_month: '03', exp_year: '2030' }, now)).toMatchObject({ ok: true, brand: 'visa', last4: '4242' });
  });

  it('refuses a PAN with anything but digits, spaces and dashes', () => {
    for (const pan of ['4242.4242.4242.4242', '4242424242424242a', '', ' ', '+4242424242424242']) {
      expect(validateCard({ pan, ...good }, now)).toMatchObject({ ok: false, code: 'card_invalid', param: 'pan' });
    }
  });

  it('refuses a PAN of no known brand, a length the brand does not issue, or a failed Luhn check', () => {
    expect(validateCard({ pan: '1234567812345670', ...good }, now)).toMatchObject({ ok: false, code: 'card_invalid', param: 'pan', message: expect.stringMatching(/no card brand/) });
    expect(validateCard({ pan: panOf('4', 15), ...good }, now)).toMatchObject({ ok: false, code: 'card_invalid', param: 'pan', message: 'visa card numbers have 13, 16 or 19 digits; this one has 15.' });
    expect(validateCard({ pan: panOf('37', 16), ...good }, now)).toMatchObject({ ok: false, code: 'card_invalid', param: 'pan', message: 'amex card numbers have 15 digits; this one has 16.' });
    expect(validateCard({ pan: '4242424242424241', ...good }, now)).toMatchObject({ ok: false, code: 'card_invalid', param: 'pan', message: expect.stringMatching(/Luhn/) });
  });

  it('never repeats the PAN in a message', () => {
    for (const pan of ['4242424242424241', panOf('4', 15), '1234567812345670']) {
      const result = validateCard({ pan, ...good }, now);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).not.toContain(pan.slice(6, 12));
    }
  });

  it('refuses an expiry month outside 1 to 12 and a year that is not 4 digits', () => {
    for (const exp_month of [0, 13, -1, 1.5, '1a', '', '013']) {
      expect(validateCard({ pan: '4242424242424242', exp_month, exp_year: 2030 }, now)).toMatchObject({ ok: false, code: 'card_invalid', param: 'exp_month' });
    }
    for (const exp_year of [30, '30', 20300, '2030 ', 2030.5]) {
      expect(validateCard({ pan: '4242424242424242', exp_month: 1, exp_year }, now)).toMatchObject({ ok: false, code: 'card_invalid', param: 'exp_year' });
    }
  });

  it('keeps a card good until the end of its expiry month, in UTC', () => {
    const card = { pan: '4242424242424242', exp_month: 3, exp_year: 2030 };
    expect(validateCard(card, new Date('2030-03-31T23:59:59.999Z')).ok).toBe(true);
    expect(validateCard(card, new Date('2030-04-01T00:00:00Z'))).toEqual({ ok: false, code: 'card_expired', param: 'exp_month', message: 'The card expired at the end of 03/2030.' });
    expect(validateCard({ ...card, exp_month: 12, exp_year: 2025 }, now)).toMatchObject({ ok: false, code: 'card_expired', param: 'exp_year' });
  });

  it('wants a 3-digit CVV, or 4 digits for Amex', () => {
    const visa = { pan: '4242424242424242', ...good };
    const amex = { pan: '378282246310005', ...good };
    for (const cvv of ['12', '1234', '12a', '', ' 123']) expect(validateCard({ ...visa, cvv }, now)).toMatchObject({ ok: false, code: 'cvc_invalid', param: 'cvv' });
    for (const cvv of ['123', '12345']) expect(validateCard({ ...amex, cvv }, now)).toMatchObject({ ok: false, code: 'cvc_invalid', param: 'cvv', message: 'The CVC of amex cards is 4 digits.' });
    expect(validateCard({ ...visa, cvv: '000' }, now).ok).toBe(true);
    expect(validateCard({ ...amex, cvv: '0000' }, now).ok).toBe(true);
  });
});

describe('maskPan', () => {
  it('shows the first 6 and last 4 digits only', () => {
    expect(maskPan('4242424242424242')).toBe('424242******4242');
    expect(maskPan('3782 822463 10005')).toBe('378282*****0005');
    expect(maskPan('4222222222222')).toBe('422222***2222');
    expect(maskPan('6011000990139424123')).toBe('601100*********4123');
  });

  it('masks whole anything that is not 13 to 19 digits', () => {
    expect(maskPan('424242424242')).toBe('************');
    expect(maskPan('42424242424242424242')).toBe('********************');
    expect(maskPan('4242x42424242424242')).toBe('*******************');
  });
});

describe('findPans and looksLikePan', () => {
  it('finds card numbers written together, in groups of spaces or dashes, inside other text', () => {
    expect(findPans('card 4242 4242 4242 4242, exp 12/30')).toEqual(['4242424242424242']);
    expect(findPans('amex=3782-822463-10005;')).toEqual(['378282246310005']);
    expect(findPans('{"pan":"5555555555554444"}')).toEqual(['5555555555554444']);
    expect(findPans('x4242424242424242y')).toEqual(['4242424242424242']);
    expect(looksLikePan('elo 6362 9700 0045 7013')).toBe(true);
  });

  it('finds each card number once, in order, and one set apart from a leading number', () => {
    expect(findPans('5555555555554444 then 4242-4242-4242-4242 and 5555 5555 5555 4444 again')).toEqual(['5555555555554444', '4242424242424242']);
    expect(findPans('order 12345 4242 4242 4242 4242')).toEqual(['4242424242424242']);
  });

  it('ignores digits that are no card number', () => {
    expect(looksLikePan('4242424242424241')).toBe(false); // fails Luhn
    expect(looksLikePan('424242424242')).toBe(false); // 12 digits
    expect(looksLikePan('42424242424242424242')).toBe(false); // 20 digits in one run
    expect(looksLikePan('4242  4242 4242 4242')).toBe(false); // a double space ends the run
    expect(looksLikePan('4242--4242-4242-4242')).toBe(false);
    expect(looksLikePan('call +1 415-555-0100 at 2024-01-01 12:00')).toBe(false);
    expect(looksLikePan('amount 1099 USD, pi_01hx3z9k2m4n6p8r')).toBe(false);
    expect(looksLikePan('')).toBe(false);
  });

  it('finds any card number of a known brand, however grouped and wherever in the text', () => {
    const brands = fc.constantFrom(['4', 16], ['4', 13], ['51', 16], ['2221', 16], ['34', 15], ['6011', 16], ['6011', 19]) as fc.Arbitrary<[string, number]>;
    const pans = brands.chain(([prefix, length]) => fc.stringMatching(new RegExp(`^\\d{${length - prefix.length - 1}}$`)).map((body) => withCheckDigit(prefix + body)));
    const words = fc.stringMatching(/^[a-z ]{0,12}$/);
    fc.assert(fc.property(pans, fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 19 }), fc.constantFrom(' ', '-'), words, words,
      (pan, groupSizes, separator, before, after) => {
        const groups: string[] = [];
        for (let at = 0, index = 0; at < pan.length; index += 1) {
          const size = groupSizes[index % groupSizes.length] as number;
          groups.push(pan.slice(at, at + size));
          at += size;
        }
        expect(findPans(`${before}.${groups.join(separator)}.${after}`)).toEqual([pan]);
      }));
  });
});

describe('findPansInKey', () => {
  it('never takes a UUID (a client library\'s generated Idempotency-Key) for a card number, and still finds one beside it', () => {
    const uuid = '42424242-4242-4242-8abc-0123456789ab';
    expect(findPans(`stripe-node-retry-${uuid}`)).toEqual(['4242424242424242']);
    expect(findPansInKey(`stripe-node-retry-${uuid}`)).toEqual([]);
    expect(findPansInKey(`order-4242424242424242-${uuid}`)).toEqual(['4242424242424242']);
    fc.assert(fc.property(fc.uuid(), (key) => expect(findPansInKey(`stripe-node-retry-${key}`)).toEqual([])));
  });
});
