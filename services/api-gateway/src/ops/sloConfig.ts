import { compileSchema, type JsonSchema } from '@payrail/schemas';
import { LATENCY_BOUNDS_MS, WEBHOOK_LAG_BOUNDS_MS } from '@payrail/service-kit';
import { isTimeZone } from '@payrail/settlement';
import { loadJsonConfig } from '../common/jsonConfig';

/** What an SLO counts, from the metrics every service samples (see data/README.md, metrics/). */
export type SliDefinition =
  /** Requests of `routes` on `service` not answered 5xx. */
  | { kind: 'availability'; service: string; routes: string[] }
  /**
   * Requests of `routes` on `service` answered within `threshold_ms`: one of LATENCY_BOUNDS_MS, the
   * bounds every service counts its requests at (the samples' `within_ms`, Prometheus's `le` buckets),
   * so the embedded evaluator and Prometheus count the same requests.
   */
  | { kind: 'latency'; service: string; routes: string[]; threshold_ms: number }
  /** Webhook deliveries that succeeded within `threshold_ms` of the event's commit (dead letters count as bad). */
  | { kind: 'webhook_delivery'; threshold_ms: number }
  /** Business days whose reconciliation report was balanced by `deadline` (HH:MM, next day, in `timezone`). */
  | { kind: 'reconciliation'; deadline: string; timezone: string };

export interface SloDefinition {
  id: string;
  name: string;
  /** The share of good events (requests, deliveries, days) promised over the budget period, e.g. 0.999. */
  objective: number;
  sli: SliDefinition;
}

/**
 * A multi-window, multi-burn-rate alert (Google SRE workbook, "Alerting on SLOs"): it fires when the
 * error budget burns at least `burn_rate` times the sustainable rate over both windows: the long one
 * says it matters, the short one that it is still happening (so it resolves soon after the outage ends).
 */
export interface BurnRatePolicy {
  name: string;
  severity: 'page' | 'ticket';
  burn_rate: number;
  long_window: string;
  short_window: string;
  /** Fewer events than this in the long window never fire (one 5xx among three requests is not an outage). */
  min_events: number;
}

/** `data/gateway/slos.json`, editable by hand and checked at start-up. */
export interface SloConfig {
  /** The period the error budget is counted over, e.g. `30d`. */
  budget_period: string;
  /** How often the gateway evaluates the SLOs and writes alert events. */
  evaluation_interval: string;
  policies: BurnRatePolicy[];
  slos: SloDefinition[];
}

const GATEWAY_WRITE_ROUTES = ['POST /v1/payment-intents', 'POST /v1/payment_intents'];
const CONFIRM_ROUTES = ['POST /v1/payment-intents/:id/confirm', 'POST /v1/payment_intents/:id/confirm'];

export const DEFAULT_SLOS: SloConfig = {
  budget_period: '30d',
  evaluation_interval: '30s',
  policies: [
    { name: 'fast burn', severity: 'page', burn_rate: 14.4, long_window: '1h', short_window: '5m', min_events: 20 },
    { name: 'slow burn', severity: 'page', burn_rate: 6, long_window: '6h', short_window: '30m', min_events: 20 },
    { name: 'budget drain', severity: 'ticket', burn_rate: 1, long_window: '3d', short_window: '6h', min_events: 20 },
  ],
  slos: [
    { id: 'payment-creation-availability', name: 'Payment creation answers without a 5xx', objective: 0.999, sli: { kind: 'availability', service: 'api-gateway', routes: GATEWAY_WRITE_ROUTES } },
    { id: 'payment-confirmation-availability', name: 'Payment confirmation answers without a 5xx', objective: 0.999, sli: { kind: 'availability', service: 'api-gateway', routes: CONFIRM_ROUTES } },
    { id: 'confirm-latency', name: 'Confirmations answered within 1 s (p99)', objective: 0.99, sli: { kind: 'latency', service: 'api-gateway', routes: CONFIRM_ROUTES, threshold_ms: 1_000 } },
    { id: 'webhook-delivery-60s', name: 'Webhooks delivered within 60 s of their event', objective: 0.99, sli: { kind: 'webhook_delivery', threshold_ms: 60_000 } },
    { id: 'reconciliation-by-0600', name: 'Each day reconciled by 06:00 with no mismatch', objective: 0.95, sli: { kind: 'reconciliation', deadline: '06:00', timezone: 'UTC' } },
  ],
};

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d{1,7})(ms|s|m|h|d)$/;

/** `5m` → 300000; null for anything else. */
export function durationMs(text: string): number | null {
  const match = DURATION.exec(text);
  if (match === null) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms > 0 ? ms : null;
}

const duration: JsonSchema = { type: 'string', pattern: DURATION.source, description: 'a duration: 500ms, 30s, 5m, 1h, 3d' };
const route: JsonSchema = { type: 'string', pattern: '^(GET|POST|PUT|PATCH|DELETE) /\\S*$', maxLength: 200, description: 'METHOD and route pattern, as the samples name them' };
const routes: JsonSchema = { type: 'array', minItems: 1, maxItems: 20, items: route, uniqueItems: true };
const service: JsonSchema = { type: 'string', minLength: 1, maxLength: 64 };

const SLO_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['budget_period', 'evaluation_interval', 'policies', 'slos'],
  properties: {
    budget_period: duration,
    evaluation_interval: duration,
    policies: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'severity', 'burn_rate', 'long_window', 'short_window', 'min_events'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 60 },
          severity: { type: 'string', enum: ['page', 'ticket'] },
          burn_rate: { type: 'number', exclusiveMinimum: 0, maximum: 10_000 },
          long_window: duration,
          short_window: duration,
          min_events: { type: 'integer', minimum: 1, maximum: 1_000_000 },
        },
      },
    },
    slos: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'objective', 'sli'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
          name: { type: 'string', minLength: 1, maxLength: 120 },
          objective: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
          sli: {
            oneOf: [
              { type: 'object', additionalProperties: false, required: ['kind', 'service', 'routes'], properties: { kind: { const: 'availability' }, service, routes } },
              { type: 'object', additionalProperties: false, required: ['kind', 'service', 'routes', 'threshold_ms'], properties: { kind: { const: 'latency' }, service, routes, threshold_ms: { enum: [...LATENCY_BOUNDS_MS] } } },
              { type: 'object', additionalProperties: false, required: ['kind', 'threshold_ms'], properties: { kind: { const: 'webhook_delivery' }, threshold_ms: { enum: [...WEBHOOK_LAG_BOUNDS_MS] } } },
              { type: 'object', additionalProperties: false, required: ['kind', 'deadline', 'timezone'], properties: { kind: { const: 'reconciliation' }, deadline: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }, timezone: { type: 'string', minLength: 1, maxLength: 64 } } },
            ],
          },
        },
      },
    },
  },
};
const checkSlos = compileSchema(SLO_SCHEMA);

/** The checks a schema cannot make: windows in order, unique ids and names, real time zones. */
function problemsOf(config: SloConfig): string[] {
  const problems: string[] = [];
  const period = durationMs(config.budget_period) ?? 0;
  if (period === 0) problems.push(`budget_period ${config.budget_period} is not a duration`);
  if (durationMs(config.evaluation_interval) === null) problems.push(`evaluation_interval ${config.evaluation_interval} is not a duration`);
  for (const policy of config.policies) {
    const long = durationMs(policy.long_window) ?? 0;
    const short = durationMs(policy.short_window) ?? 0;
    if (short >= long) problems.push(`policy '${policy.name}': short_window ${policy.short_window} must be shorter than long_window ${policy.long_window}`);
    if (long > period) problems.push(`policy '${policy.name}': long_window ${policy.long_window} is longer than budget_period ${config.budget_period}`);
  }
  const duplicate = (values: string[]): string | undefined => values.find((value, index) => values.indexOf(value) !== index);
  const policyName = duplicate(config.policies.map((policy) => policy.name));
  if (policyName !== undefined) problems.push(`two policies are named '${policyName}'`);
  const id = duplicate(config.slos.map((slo) => slo.id));
  if (id !== undefined) problems.push(`two SLOs have the id '${id}'`);
  for (const slo of config.slos) if (slo.sli.kind === 'reconciliation' && !isTimeZone(slo.sli.timezone)) problems.push(`SLO '${slo.id}': ${slo.sli.timezone} is not an IANA time zone`);
  return problems;
}

/** The problem with a candidate configuration, or null when it can be used. */
export function sloConfigProblem(value: unknown): string | null {
  const problem = checkSlos(value);
  if (problem !== null) return problem;
  const problems = problemsOf(value as SloConfig);
  return problems.length === 0 ? null : problems.join('; ');
}

/**
 * Reads the SLOs, writing the defaults on first start. A file that does not parse or fails its checks
 * stops the gateway with a message naming the file and the problem.
 */
export function loadSloConfig(file: string): Promise<SloConfig> {
  return loadJsonConfig(file, DEFAULT_SLOS, 'SLO', sloConfigProblem);
}
