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

const decision: JsonSchema = {
  type: 'object',
  required: ['canary', 'step', 'split_percent', 'reason', 'manual'],
  properties: {
    canary: { type: 'string', maxLength: 100 },
    step: { type: 'integer', minimum: 0 },
    from_percent: { type: 'integer', minimum: 0, maximum: 100 },
    split_percent: { type: 'integer', minimum: 0, maximum: 100 },
    candidate: { type: 'object' },
    sticky_by: { type: 'string', enum: ['card_fingerprint', 'customer'] },
    comparison: {
      type: 'object',
      required: ['since', 'window_ms', 'candidate', 'baseline', 'margin', 'verdict'],
      properties: { since: { type: 'string' }, window_ms: { type: 'integer' }, candidate: { type: 'object' }, baseline: { type: 'object' }, margin: { type: 'object' }, verdict: { type: 'string' } },
    },
    reason: { type: 'string', maxLength: 1_000 },
    manual: { type: 'boolean' },
  },
};

/** ops/routing_decisions.jsonl: each routing canary's start, steps, promotion or rollback (ref: the canary's name), with the comparison behind it. */
export const ROUTING_DECISION_SCHEMAS: Record<string, JsonSchema> = {
  'routing.canary_started': decision,
  'routing.canary_stepped': decision,
  'routing.canary_promoted': decision,
  'routing.canary_rolled_back': decision,
};

/** ops/alerts.jsonl: SLO alerts as they fire and resolve (ref: `<slo id>/<policy name>`). */
export const OPS_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  'slo.alert_fired': alert,
  'slo.alert_resolved': alert,
  ...ROUTING_DECISION_SCHEMAS,
};
