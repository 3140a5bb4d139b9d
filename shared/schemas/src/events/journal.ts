import type { JsonSchema } from '../jsonSchema';

/** Events of the journal itself: probes written by its tests, benchmarks and readiness checks. */
export const JOURNAL_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  'journal.probe': {
    type: 'object',
    additionalProperties: false,
    required: ['n'],
    properties: {
      n: { type: 'integer', minimum: 0 },
      writer: { type: 'string', maxLength: 64 },
      payload: { type: 'string', maxLength: 4096 },
    },
  },
};
