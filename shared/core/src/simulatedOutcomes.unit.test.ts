import { SIMULATED_DECLINES, SIMULATED_OUTCOMES, simulateInvalid, simulatedStep } from './simulatedOutcomes';
import { TEST_CARDS } from './testCards';

describe('simulate scripts', () => {
  it('one outcome is every attempt’s; a chain gives attempt N its step N, and its last step past its end', () => {
    expect([1, 2, 7].map((attempt) => simulatedStep('network_timeout', attempt))).toEqual([1, 1, 1].map((step) => ({ step, outcome: 'network_timeout' })));
    const chain = ['network_timeout', 'bank_error', 'success'] as const;
    expect([1, 2, 3, 4, 10].map((attempt) => simulatedStep([...chain], attempt))).toEqual([
      { step: 1, outcome: 'network_timeout' },
      { step: 2, outcome: 'bank_error' },
      { step: 3, outcome: 'success' },
      { step: 3, outcome: 'success' },
      { step: 3, outcome: 'success' },
    ]);
  });

  it('a scripted decline has the decline code of the test card that declines so', () => {
    for (const [outcome, code] of Object.entries(SIMULATED_DECLINES)) {
      expect({ outcome, card: TEST_CARDS.some((card) => card.behaviour.kind === 'declines' && card.behaviour.decline_code === code) }).toEqual({ outcome, card: true });
    }
    expect(SIMULATED_DECLINES).toEqual({ insufficient_funds: 'insufficient_funds', card_declined: 'card_declined', fraud_detected: 'fraudulent', bank_error: 'processing_error' });
  });

  it('the refusal names simulate and lists every outcome', () => {
    const error = simulateInvalid();
    expect({ code: error.code, status: error.statusCode, param: error.param }).toEqual({ code: 'parameter_invalid', status: 400, param: 'simulate' });
    for (const outcome of SIMULATED_OUTCOMES) expect(error.message).toContain(outcome);
  });
});
