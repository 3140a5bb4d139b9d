import type { SimCharge } from '../books/charge';
import { seededRandom } from '@payrail/core';
import { injectMismatches, settlementRows, type SettlementRow } from './settlementStatement';

const DAY = '2026-03-10';

function charge(overrides: Partial<SimCharge>): SimCharge {
  return {
    provider: 'providerA',
    reference: 'ch_1',
    payment_intent: 'pi_1',
    amount: 1000,
    currency: 'USD',
    card: { brand: 'visa', bin: '424242', last4: '4242' },
    pix: null,
    capture_method: 'manual',
    card_behaviour: 'succeeds',
    status: 'captured',
    decline_code: null,
    injected_fault: null,
    description: null,
    merchant_account: null,
    created_at: `${DAY}T09:00:00.000Z`,
    amount_captured: 1000,
    captured_at: `${DAY}T10:00:00.000Z`,
    capture_reference: null,
    balance_transaction: null,
    voided_at: null,
    void_reference: null,
    refunds: [],
    amount_refunded: 0,
    dispute: null,
    ...overrides,
  };
}

describe('settlementRows', () => {
  it("takes the day's captures, refunds and dispute funds movements in time order, fees on captures only", () => {
    const rows = settlementRows(
      [
        charge({ reference: 'ch_late', payment_intent: 'pi_late', captured_at: `${DAY}T23:00:00.000Z` }),
        charge({
          refunds: [
            { reference: 're_1', amount: 300, created_at: `${DAY}T11:00:00.000Z` },
            { reference: 're_old', amount: 100, created_at: '2026-03-11T00:00:00.000Z' },
          ],
        }),
        charge({ provider: 'providerB', reference: 'PSP1', payment_intent: 'pi_b', currency: 'EUR', captured_at: '2026-03-09T10:00:00.000Z' }),
        // Withdrawn that day, lost: a chargeback row.
        charge({ reference: 'ch_lost', payment_intent: 'pi_lost', captured_at: '2026-03-01T10:00:00.000Z', dispute: { id: 'dp_1', amount: 1000, reason: 'fraudulent', status: 'lost', opened_at: '2026-03-05T00:00:00.000Z', closed_at: `${DAY}T12:00:00.000Z`, verdicts: 1, movements: [{ direction: 'withdrawn', amount: 1000, at: `${DAY}T12:00:00.000Z`, balance_transaction: null }] } }),
        // Withdrawn an earlier day, reinstated that day (won): the reversal pays the merchant back.
        charge({ reference: 'ch_won', payment_intent: 'pi_won', captured_at: '2026-03-01T10:00:00.000Z', dispute: { id: 'dp_2', amount: 1000, reason: 'fraudulent', status: 'won', opened_at: '2026-03-05T00:00:00.000Z', closed_at: `${DAY}T13:00:00.000Z`, verdicts: 1, movements: [{ direction: 'withdrawn', amount: 1000, at: '2026-03-05T00:00:00.000Z', balance_transaction: null }, { direction: 'reinstated', amount: 1000, at: `${DAY}T13:00:00.000Z`, balance_transaction: null }] } }),
        charge({ reference: 'ch_auth', status: 'authorized', amount_captured: 0, captured_at: null }),
      ],
      DAY,
    );

    expect(rows.map((row) => [row.processor_reference, row.type, row.gross, row.fee, row.net])).toEqual([
      ['ch_1', 'capture', 1000, 59, 941],
      ['re_1', 'refund', -300, 0, -300],
      ['ch_lost', 'chargeback', -1000, 0, -1000],
      ['ch_won', 'chargeback_reversal', 1000, 0, 1000],
      ['ch_late', 'capture', 1000, 59, 941],
    ]);
    expect(rows.every((row) => row.settled_date === DAY)).toBe(true);
  });
});

describe('injectMismatches', () => {
  const rows: SettlementRow[] = settlementRows([charge({}), charge({ reference: 'ch_2', payment_intent: 'pi_2', provider: 'providerB' })], DAY);

  it('leaves every row alone when nothing is decided', () => {
    expect(injectMismatches(rows, () => null, seededRandom(1, 'x'), DAY)).toEqual({ rows, mismatches: [] });
  });

  it('fabricates the same extra row for the same seed', () => {
    const once = injectMismatches(rows, () => 'extra_row', seededRandom(1, 'x'), DAY);
    const twice = injectMismatches(rows, () => 'extra_row', seededRandom(1, 'x'), DAY);

    expect(once).toEqual(twice);
    expect(once.rows).toHaveLength(4);
    expect(once.rows[1]).toMatchObject({ type: 'capture', gross: 1000, fee: 59, payment_id: expect.stringMatching(/^pi_/), processor_reference: expect.stringMatching(/^ch_/) });
    expect(once.rows[3]).toMatchObject({ processor: 'providerB', fee: 50, processor_reference: expect.stringMatching(/^[0-9A-Z]{16}$/) });
  });
});
