import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { isoMillis } from '../payouts/settleDay';
import { encodeRows } from './csvFileWriter';

describe('encodeRows: csv-stringify’s bytes, with plain rows joined directly', () => {
  // Values as settlement writes them (ids, numbers, ISO times, empty) and hostile ones (delimiters,
  // quotes, line breaks, spaces, unicode, numbers that are not finite).
  const value = fc.oneof(
    fc.constantFrom('', 'pi_01kgzv7w7j3f713p9ddz2a9hg0', 'm_demo', 'USD', '2026-02-09T00:01:24.404Z', 'seller', 'a,b', 'say "hi"', 'line\nbreak', 'cr\rhere', ' padded ', '#', 'é', '\u0000'),
    fc.string(),
    fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', '-', '.', ':', '+', '_', '9', ';', '\t') }),
    fc.integer({ min: -1e12, max: 1e12 }),
    fc.double(),
  );
  const rows = fc.array(fc.array(value, { minLength: 1, maxLength: 10 }), { maxLength: 20 });

  it('equals csv-stringify on random rows, value by value', () => {
    fc.assert(fc.property(rows, (given) => encodeRows(given) === stringify(given)), { numRuns: 2_000, seed: 20261208 });
  });

  it('joins a plain row as it is', () => {
    expect(encodeRows([['pi_1', 'm_demo', 1099, -32, 'USD', '2026-02-09T00:01:24.404Z', '', 0]])).toBe('pi_1,m_demo,1099,-32,USD,2026-02-09T00:01:24.404Z,,0\n');
    expect(encodeRows([['a,b', 1]])).toBe('"a,b",1\n');
    expect(encodeRows([])).toBe('');
  });
});

describe('isoMillis: Date’s ISO text, one second’s prefix kept', () => {
  it('equals new Date(ms).toISOString() for any time, in any order', () => {
    const ms = fc.oneof(fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.integer({ min: 1_770_595_200_000, max: 1_770_595_200_000 + 86_400_000 }), fc.double({ min: -1e13, max: 1e13, noNaN: true }), fc.integer({ min: -8.64e15, max: -1 }));
    fc.assert(fc.property(fc.array(ms, { minLength: 1, maxLength: 50 }), (times) => times.every((t) => isoMillis(t) === new Date(t).toISOString())), { numRuns: 2_000, seed: 20261208 });
  });
});
