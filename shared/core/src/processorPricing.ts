import { percentageFee } from './money';

/** The processors PayRail routes to (simulated by provider-sim). */
export const PROCESSORS = ['providerA', 'providerB'] as const;

export type ProcessorName = (typeof PROCESSORS)[number];

export function isProcessorName(value: unknown): value is ProcessorName {
  return typeof value === 'string' && (PROCESSORS as readonly string[]).includes(value);
}

/** A processor's price per capture: `basis_points` of the amount plus `fixed` minor units. */
export interface ProcessorPricing {
  readonly basis_points: number;
  readonly fixed: number;
}

/**
 * What each processor charges per captured payment. provider-sim deducts these fees in the bank's
 * settlement file and the gateway computes the fees it expects with the same numbers.
 */
export const PROCESSOR_PRICING: Readonly<Record<ProcessorName, ProcessorPricing>> = Object.freeze({
  providerA: Object.freeze({ basis_points: 290, fixed: 30 }),
  providerB: Object.freeze({ basis_points: 250, fixed: 25 }),
});

/**
 * The processor's fee on a captured amount (minor units, rounded half up, plus the fixed part).
 * Refunds and chargebacks carry no fee of their own, and the capture's fee is not returned: their
 * settlement rows have fee 0.
 */
export function processorFee(processor: ProcessorName, captured_amount: number): number {
  const pricing = PROCESSOR_PRICING[processor];
  return percentageFee(captured_amount, pricing.basis_points, pricing.fixed);
}
