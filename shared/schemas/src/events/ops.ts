import type { JsonSchema } from '../jsonSchema';

const windowFigures: JsonSchema = {
  type: 'object',
  required: ['window', 'good', 'total', 'burn_rate'],
  properties: { window: { type: 'string' }, good: { type: 'number', minimum: 0 }, total: { type: 'number', minimum: 0 }, burn_rate: { type: 'number', minimum: 0 } },
};

const alert: JsonSchema = {
  type: 'object',
  required: ['slo', 'slo_name', 'policy', 'severity', 'objective', 'message'],
  properties: {
    slo: { type: 'string', maxLength: 64 },
    slo_name: { type: 'string', maxLength: 120 },
    policy: { type: 'string', maxLength: 60 },
    severity: { type: 'string', enum: ['page', 'ticket'] },
    objective: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    burn_rate_threshold: { type: 'number', minimum: 0 },
    long: windowFigures,
    short: windowFigures,
    error_budget_remaining: { type: 'number' },
    day: { type: 'object' },
    fired_at: { type: 'string' },
    message: { type: 'string', maxLength: 500 },
  },
};

/** ops/alerts.jsonl: SLO alerts as they fire and resolve (ref: `<slo id>/<policy name>`). */
export const OPS_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  'slo.alert_fired': alert,
  'slo.alert_resolved': alert,
};
