import type { JsonSchema } from '../jsonSchema';

const count = { type: 'integer', minimum: 0 } as const;
/** Counts of an interval with `within_ms`: how many ended at or under each bound (the SLOs' inputs). */
const COUNTS_SCHEMA = (...names: string[]): JsonSchema => ({
  type: 'object',
  required: [...names, 'within_ms'],
  properties: { ...Object.fromEntries(names.map((name) => [name, count])), within_ms: { type: 'object', additionalProperties: count } },
});

/** metrics/service_metrics.jsonl: one sample per service per interval. */
export const METRICS_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  'metrics.sampled': {
    type: 'object',
    required: ['service', 'interval_ms', 'requests', 'error_rate', 'retries', 'latency_ms'],
    properties: {
      service: { type: 'string', maxLength: 64 },
      interval_ms: { type: 'integer', minimum: 1 },
      requests: { type: 'integer', minimum: 0 },
      error_rate: { type: 'number', minimum: 0, maximum: 1 },
      error_rate_by_route: { type: 'object', additionalProperties: { type: 'number', minimum: 0, maximum: 1 } },
      retries: { type: 'integer', minimum: 0 },
      error_rate_by_provider: { type: 'object', additionalProperties: { type: 'number', minimum: 0, maximum: 1 } },
      idempotent_replays: { type: 'integer', minimum: 0 },
      latency_ms: { type: 'object', additionalProperties: { type: 'object' } },
      routes: { type: 'object', additionalProperties: COUNTS_SCHEMA('requests', 'errors') },
      webhook_deliveries: COUNTS_SCHEMA('delivered', 'dead_lettered'),
    },
  },
};
