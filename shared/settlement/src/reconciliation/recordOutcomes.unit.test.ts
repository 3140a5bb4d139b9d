import fc from 'fast-check';
import { canonicalJson, newId } from '@payrail/core';
import { sealEvent } from '@payrail/journal';
import { draftOf, outcomeBody, type Outcome } from './recordOutcomes';

const STATUSES = ['matched', 'amount_mismatch', 'fee_mismatch', 'missing_in_bank', 'missing_in_ledger', 'currency_mismatch'] as const;

// Strings that need escaping in JSON (quotes, backslashes, control characters, non-ASCII) as well as plain ones.
const text = fc.oneof(fc.stringMatching(/^[a-z0-9_]{1,20}$/), fc.string({ minLength: 1, maxLength: 12 }));
const amount = fc.integer({ min: -1_000_000, max: 1_000_000 });
const bankSide = fc.record({ gross: amount, fee: amount, net: amount, currency: fc.constantFrom('USD', 'EUR', 'mixed'), rows: fc.nat({ max: 5 }), processor_reference: fc.oneof(fc.constant(''), text) });
const ledgerSide = fc.record({ gross: amount, fee: amount, net: amount, currency: fc.constantFrom('USD', 'EUR'), merchant: text, processor: fc.constantFrom('providerA', 'providerB') });
const outcome: fc.Arbitrary<Outcome> = fc.record({
  payment_id: text,
  status: fc.constantFrom(...STATUSES),
  merchant: fc.constant(null),
  ledger: fc.option(ledgerSide, { nil: null }),
  bank: fc.option(bankSide, { nil: null }),
}) as fc.Arbitrary<Outcome>;

describe('outcomeBody (the bulk path\'s template encoder)', () => {
  it('writes, byte for byte, the canonical JSON that sealEvent hashes for the draft draftOf makes', () => {
    fc.assert(fc.property(outcome, fc.oneof(fc.constant(''), text), text, fc.nat({ max: 1e9 }), fc.nat({ max: 1e6 }), (item, merchant, correlation, seq, epoch) => {
      const envelope = { correlation_id: correlation, event_id: newId('evt'), timestamp: new Date(1_780_000_000_000 + seq).toISOString() };
      const prevHash = 'a'.repeat(64);
      const draft = draftOf(item, merchant, '2026-02-09', correlation);
      const unsealed = { ...draft, event_id: envelope.event_id, timestamp: envelope.timestamp, seq: seq + 1, prev_hash: prevHash, ...(epoch > 0 ? { epoch } : {}) };
      const expected = canonicalJson(unsealed);
      expect(outcomeBody(item, merchant, '2026-02-09', envelope, seq + 1, prevHash, epoch)).toBe(expected);
    }), { numRuns: 500, seed: 20261207 });
  });

  it('makes lines that pass the journal\'s own checks (schema included) for the usual outcomes', () => {
    const matched: Outcome = { payment_id: 'pi_1', status: 'matched', merchant: 'acct_1', ledger: null, bank: { gross: 1000, fee: 59, net: 941, currency: 'USD', rows: 1, processor_reference: 'ch_1' } };
    const draft = draftOf(matched, 'acct_1', '2026-02-09', 'corr_1');
    expect(() => sealEvent({ ...draft, event_id: newId('evt'), timestamp: new Date().toISOString(), seq: 1, prev_hash: '0'.repeat(64) })).not.toThrow();
  });
});
