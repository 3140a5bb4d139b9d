import { luhnValid, validateCard } from './cards';
import { processorFee } from './processorPricing';
import { PROCESSOR_DECLINE_CODES, DECLINE_DIALECTS, declineCodeFromAdyen, TEST_CARDS, testCardBehaviour, TIMEOUT_TEST_CARD } from './testCards';

describe('test cards', () => {
  it('are all valid Visa numbers, so the gateway and vault accept them', () => {
    for (const card of TEST_CARDS) {
      expect(luhnValid(card.number)).toBe(true);
      expect(validateCard({ pan: card.number, exp_month: 12, exp_year: 2099 })).toMatchObject({ ok: true, brand: 'visa' });
    }
  });

  it('decide the documented outcomes; any other card succeeds', () => {
    expect(testCardBehaviour('4242 4242 4242 4242')).toEqual({ kind: 'succeeds' });
    expect(testCardBehaviour('4000000000009995')).toEqual({ kind: 'declines', decline_code: 'insufficient_funds' });
    expect(testCardBehaviour('4100000000000019')).toEqual({ kind: 'declines', decline_code: 'fraudulent' });
    expect(testCardBehaviour('4000000000000259')).toEqual({ kind: 'succeeds_then_disputed' });
    expect(testCardBehaviour(TIMEOUT_TEST_CARD)).toEqual({ kind: 'times_out' });
    expect(testCardBehaviour('5555555555554444')).toEqual({ kind: 'succeeds' });
  });

  it('cover every decline code once', () => {
    const declined = TEST_CARDS.flatMap((card) => (card.behaviour.kind === 'declines' ? [card.behaviour.decline_code] : []));
    expect([...declined].sort()).toEqual([...PROCESSOR_DECLINE_CODES].sort());
  });
});

describe('Adyen refusals', () => {
  it('map back to the decline code they came from, by code or by reason', () => {
    for (const code of PROCESSOR_DECLINE_CODES) {
      const { refusalReason, refusalReasonCode } = DECLINE_DIALECTS[code].adyen;
      expect(declineCodeFromAdyen({ refusalReasonCode })).toBe(code);
      expect(declineCodeFromAdyen({ refusalReason: refusalReason.toUpperCase() })).toBe(code);
    }
  });

  it('map an unknown refusal to card_declined', () => {
    expect(declineCodeFromAdyen({ refusalReason: 'Blocked Card', refusalReasonCode: '5' })).toBe('card_declined');
    expect(declineCodeFromAdyen({})).toBe('card_declined');
  });
});

describe('processor pricing', () => {
  it('charges basis points rounded half up plus the fixed part', () => {
    expect(processorFee('providerA', 10_000)).toBe(290 + 30);
    expect(processorFee('providerB', 10_000)).toBe(250 + 25);
    expect(processorFee('providerA', 1099)).toBe(32 + 30); // 31.871 → 32
  });
});
