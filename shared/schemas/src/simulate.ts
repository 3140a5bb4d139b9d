import { SIMULATE_CHAIN_MAX, SIMULATED_OUTCOMES } from '@payrail/core';
import type { JsonSchema } from './jsonSchema';

/** One scripted outcome (see `SIMULATED_OUTCOMES` of @payrail/core). */
export const SIMULATED_OUTCOME_SCHEMA: JsonSchema = { type: 'string', enum: [...SIMULATED_OUTCOMES] };

/**
 * A `simulate` script: one outcome for every processor attempt, or a chain of 1 to SIMULATE_CHAIN_MAX,
 * step N for attempt N (the last step repeats past the end). The request bodies, the ledger events and
 * the PaymentIntent object all hold it in this shape.
 */
export const SIMULATE_SCRIPT_SCHEMA: JsonSchema = {
  anyOf: [SIMULATED_OUTCOME_SCHEMA, { type: 'array', minItems: 1, maxItems: SIMULATE_CHAIN_MAX, items: SIMULATED_OUTCOME_SCHEMA }],
  examples: ['insufficient_funds', ['network_timeout', 'network_timeout', 'success']],
};

/** The step of a script one processor attempt ran: its 1-based index in the chain, and the outcome. */
export const SIMULATE_STEP_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['step', 'outcome'],
  properties: { step: { type: 'integer', minimum: 1, maximum: SIMULATE_CHAIN_MAX }, outcome: SIMULATED_OUTCOME_SCHEMA },
};
