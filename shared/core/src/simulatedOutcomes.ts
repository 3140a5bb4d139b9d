import { PayrailError } from './errors';
import type { ProcessorDeclineCode } from './testCards';

/**
 * Scripted outcomes (`simulate`): a test-mode PaymentIntent can name what each processor attempt of its
 * confirmation does, instead of leaving it to the card number. The gateway sends the step of each
 * attempt to provider-sim in the `X-Simulate-Outcome` header of the authorization, and provider-sim
 * produces it in its own books, so the ledger and the processor agree on what happened.
 */

/** Every outcome a step may script. */
export const SIMULATED_OUTCOMES = [
  'success',
  'insufficient_funds',
  'card_declined',
  'network_timeout',
  'fraud_detected',
  'bank_error',
  'processing_delay',
  'dispute_after_capture',
] as const;

export type SimulatedOutcome = (typeof SIMULATED_OUTCOMES)[number];

/** One outcome for every attempt, or a chain: step N is attempt N's (the last repeats past the end). */
export type SimulateScript = SimulatedOutcome | SimulatedOutcome[];

/** The most steps a chain may have: the most processor attempts a confirmation can make. */
export const SIMULATE_CHAIN_MAX = 10;

/** The header of an authorization call that carries the step for that attempt (provider-sim honours it). */
export const SIMULATE_HEADER = 'X-Simulate-Outcome';

/** The decline code of each scripted decline: the codes the test cards decline with. */
export const SIMULATED_DECLINES: Readonly<Partial<Record<SimulatedOutcome, ProcessorDeclineCode>>> = Object.freeze({
  insufficient_funds: 'insufficient_funds',
  card_declined: 'card_declined',
  fraud_detected: 'fraudulent',
  bank_error: 'processing_error',
});

/** Whether `value` is one of the outcomes. */
export const isSimulatedOutcome = (value: unknown): value is SimulatedOutcome => (SIMULATED_OUTCOMES as readonly unknown[]).includes(value);

/** The step a script gives processor attempt `attempt` (1-based): its 1-based index in the chain, and the outcome. */
export function simulatedStep(script: SimulateScript, attempt: number): { step: number; outcome: SimulatedOutcome } {
  const chain = typeof script === 'string' ? [script] : script;
  const step = Math.min(attempt, chain.length);
  const outcome = chain[step - 1];
  if (outcome === undefined) throw new Error('assertion failed: a simulate chain has at least one step');
  return { step, outcome };
}

/** The 400 for a `simulate` that is not an outcome or a chain of 1 to SIMULATE_CHAIN_MAX of them. */
export function simulateInvalid(param = 'simulate'): PayrailError {
  return new PayrailError(
    'parameter_invalid',
    `${param} must be one of ${SIMULATED_OUTCOMES.join(', ')}, or an array of 1 to ${SIMULATE_CHAIN_MAX} of them (one per processor attempt).`,
    { param },
  );
}
