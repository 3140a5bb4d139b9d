import fc from 'fast-check';
import { formatMinor, parseMajor, percentageFee, postingsBalance, isValidAmount, currencyExponent, CURRENCY_EXPONENTS } from './money';

const currencies = Object.keys(CURRENCY_EXPONENTS);

describe('money', () => {
  it('knows the ISO 4217 exponents of the currencies the docs name', () => {
    expect([['USD', 2], ['EUR', 2], ['GBP', 2], ['JPY', 0], ['BRL', 2], ['INR', 2], ['KWD', 3]].map(([c]) => [c, currencyExponent(c as string)]))
      .toEqual([['USD', 2], ['EUR', 2], ['GBP', 2], ['JPY', 0], ['BRL', 2], ['INR', 2], ['KWD', 3]]);
  });

  it('formats minor units exponent-aware', () => {
    expect(formatMinor(1099, 'USD')).toBe('10.99');
    expect(formatMinor(5, 'USD')).toBe('0.05');
    expect(formatMinor(500, 'JPY')).toBe('500');
    expect(formatMinor(1234, 'KWD')).toBe('1.234');
    expect(formatMinor(-250, 'EUR')).toBe('-2.50');
  });

  it('round-trips every safe integer through format and parse', () => {
    fc.assert(fc.property(fc.integer({ min: -1e15, max: 1e15 }), fc.constantFrom(...currencies), (amount, currency) => {
      expect(parseMajor(formatMinor(amount, currency), currency)).toBe(amount);
    }));
  });

  it('refuses more decimals than the currency has, and floats as amounts', () => {
    expect(() => parseMajor('1.5', 'JPY')).toThrow(/0 decimals/);
    expect(() => parseMajor('1.001', 'USD')).toThrow(/2 decimals/);
    expect(isValidAmount(10.5)).toBe(false);
    expect(isValidAmount(0)).toBe(false);
    expect(isValidAmount(-1)).toBe(false);
    expect(isValidAmount(Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(isValidAmount('100')).toBe(false);
    expect(isValidAmount(100)).toBe(true);
  });

  it('computes fees on integers, rounding half up, never above the amount for sane prices', () => {
    expect(percentageFee(1000, 290, 30)).toBe(59);
    expect(percentageFee(50, 100)).toBe(1); // 0.5 rounds up
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
      const fee = percentageFee(amount, bp);
      expect(Number.isSafeInteger(fee)).toBe(true);
      expect(fee).toBeGreaterThanOrEqual(0);
      expect(fee).toBeLessThanOrEqual(amount);
    }));
  });

  it('postings balance exactly when every currency sums to zero', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -1e12, max: 1e12 }), { maxLength: 8 }), (amounts) => {
      const legs = amounts.map((amount, i) => ({ account: `a${i}`, amount, currency: 'USD' }));
      const total = amounts.reduce((sum, a) => sum + a, 0);
      expect(postingsBalance([...legs, { account: 'balance', amount: -total, currency: 'USD' }])).toBe(true);
      expect(postingsBalance([...legs, { account: 'balance', amount: -total + 1, currency: 'USD' }])).toBe(false);
    }));
    expect(postingsBalance([{ account: 'a', amount: 100, currency: 'USD' }, { account: 'b', amount: -100, currency: 'EUR' }])).toBe(false);
  });
});
