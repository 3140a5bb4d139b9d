import { detectBrand, luhnValid, validateCard } from '@payrail/core';
import fc from 'fast-check';
import { BIN_TABLE } from './binTable';
import { seededRandom } from './seededRandom';
import { syntheticCard } from './syntheticCard';
import { syntheticCustomer } from './syntheticCustomer';

describe('synthetic cards and customers', () => {
  it('has a BIN table whose every BIN is recognised as its brand', () => {
    for (const entry of BIN_TABLE) expect([entry.bin, detectBrand(entry.bin.padEnd(entry.length, '0'))]).toEqual([entry.bin, entry.brand]);
  });

  it('makes Luhn-valid cards of the BIN\'s brand and length that the vault accepts, the same for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constantFrom('US', 'GB', 'BR', 'JP', 'FR'), (seed, country) => {
        const card = syntheticCard(seededRandom(seed, 'card'), country, 2026);
        const entry = BIN_TABLE.find((candidate) => candidate.bin === card.bin);
        expect(luhnValid(card.pan)).toBe(true);
        expect(card.pan).toHaveLength(entry?.length ?? 0);
        expect(card.cvv).toHaveLength(card.brand === 'amex' ? 4 : 3);
        expect(validateCard({ pan: card.pan, exp_month: card.exp_month, exp_year: card.exp_year, cvv: card.cvv })).toMatchObject({ ok: true, brand: card.brand, bin: card.bin, last4: card.last4 });
        expect(syntheticCard(seededRandom(seed, 'card'), country, 2026)).toEqual(card);
      }),
      { numRuns: 300 },
    );
  });

  it('issues most cards in the cardholder\'s country', () => {
    const random = seededRandom(1, 'cards');
    const domestic = Array.from({ length: 1_000 }, () => syntheticCard(random, 'GB', 2026)).filter((card) => card.country === 'GB').length;
    expect(domestic).toBeGreaterThan(800);
  });

  it('makes customers with a name, an example email, a documentation-range IP, a country and an MCC', () => {
    const customer = syntheticCustomer(42, 7);
    expect(customer).toEqual(syntheticCustomer(42, 7));
    expect(customer).toMatchObject({ index: 7, ref: 'C000007', name: expect.stringMatching(/^\w+ \w+$/), email: expect.stringMatching(/^[a-z.]+7@example\.(com|org|net)$/), country: expect.stringMatching(/^[A-Z]{2}$/), mcc: expect.stringMatching(/^\d{4}$/) });
    expect(customer.ip).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$|^2001:db8:/);
    expect(syntheticCustomer(43, 7)).not.toEqual(customer);
  });
});
