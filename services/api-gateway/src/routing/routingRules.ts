import { PROCESSORS, PROCESSOR_PRICING, percentageFee, type ProcessorName } from '@payrail/core';
import { loadJsonConfig } from '../common/jsonConfig';
import { compileSchema, type JsonSchema } from '@payrail/schemas';
import type { CanaryConfig } from './canary';

/** A rule: when every condition holds, try the processors in `prefer` order. */
export interface RoutingRule {
  name: string;
  when: {
    card_country?: string[];
    currency?: string[];
    amount_gte?: number;
    amount_lt?: number;
    card_brand?: string[];
  };
  prefer: ProcessorName[];
}

/** The routing configuration (`data/gateway/routing.json`), editable by hand and checked at start-up. */
export interface RoutingConfig {
  /** Per-processor price: basis points of the amount plus a fixed fee, in minor units. */
  cost: Record<ProcessorName, { basis_points: number; fixed: number }>;
  /** Processors that take no traffic at all. */
  disabled: ProcessorName[];
  /** The first matching rule decides the order; with none, the cheapest processor for the amount goes first. */
  rules: RoutingRule[];
  /** Canaries: a share of matching payments routed to a candidate, compared with the rest, promoted or rolled back (canary.ts). */
  canaries?: CanaryConfig[];
}

export const DEFAULT_ROUTING: RoutingConfig = {
  cost: { providerA: { ...PROCESSOR_PRICING.providerA }, providerB: { ...PROCESSOR_PRICING.providerB } },
  disabled: [],
  rules: [
    { name: 'European cards and euros go to providerB', when: { card_country: ['DE', 'FR', 'ES', 'IT', 'NL', 'BE', 'PT', 'IE', 'AT', 'FI'], currency: ['EUR'] }, prefer: ['providerB', 'providerA'] },
    { name: 'Large US amounts stay with providerA', when: { currency: ['USD'], amount_gte: 100_000 }, prefer: ['providerA', 'providerB'] },
  ],
};

const processor: JsonSchema = { type: 'string', enum: [...PROCESSORS] };
const WHEN_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    card_country: { type: 'array', items: { type: 'string', pattern: '^[A-Z]{2}$' } },
    currency: { type: 'array', items: { type: 'string', pattern: '^[A-Z]{3}$' } },
    card_brand: { type: 'array', items: { type: 'string' } },
    amount_gte: { type: 'integer', minimum: 0 },
    amount_lt: { type: 'integer', minimum: 1 },
  },
};
const RULE_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'when', 'prefer'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    when: WHEN_SCHEMA,
    prefer: { type: 'array', minItems: 1, items: processor, uniqueItems: true },
  },
};
const CANARY_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'when', 'candidate', 'steps_percent', 'sticky_by', 'window_ms', 'min_payments', 'margin'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    when: WHEN_SCHEMA,
    candidate: {
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['processor'], properties: { processor } },
        { type: 'object', additionalProperties: false, required: ['rules'], properties: { rules: { type: 'array', minItems: 1, maxItems: 100, items: RULE_SCHEMA } } },
      ],
    },
    steps_percent: { type: 'array', minItems: 1, maxItems: 10, items: { type: 'integer', minimum: 1, maximum: 100 } },
    sticky_by: { type: 'string', enum: ['card_fingerprint', 'customer'] },
    window_ms: { type: 'integer', minimum: 100, maximum: 7 * 86_400_000 },
    min_payments: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    margin: {
      type: 'object',
      additionalProperties: false,
      required: ['decline_rate', 'error_rate', 'latency_p99_ratio'],
      properties: {
        decline_rate: { type: 'number', minimum: 0, maximum: 1 },
        error_rate: { type: 'number', minimum: 0, maximum: 1 },
        latency_p99_ratio: { type: 'number', minimum: 1, maximum: 100 },
      },
    },
  },
};
const ROUTING_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['cost', 'rules'],
  properties: {
    cost: {
      type: 'object',
      additionalProperties: false,
      required: [...PROCESSORS],
      properties: Object.fromEntries(PROCESSORS.map((name) => [name, {
        type: 'object',
        additionalProperties: false,
        required: ['basis_points', 'fixed'],
        properties: { basis_points: { type: 'integer', minimum: 0, maximum: 10_000 }, fixed: { type: 'integer', minimum: 0 } },
      }])),
    },
    disabled: { type: 'array', items: processor, uniqueItems: true },
    rules: { type: 'array', maxItems: 100, items: RULE_SCHEMA },
    canaries: { type: 'array', maxItems: 10, items: CANARY_SCHEMA },
  },
};
const checkRouting = compileSchema(ROUTING_SCHEMA);

/**
 * Reads the routing configuration, writing the defaults on first start. A file that does not parse or
 * fails its schema stops the gateway with a message naming the file and the problem.
 */
export async function loadRoutingConfig(file: string): Promise<RoutingConfig> {
  const routing = await loadJsonConfig(file, DEFAULT_ROUTING, 'routing', (value) => checkRouting(value) ?? canaryProblem(value as RoutingConfig));
  return { ...routing, disabled: routing.disabled ?? [] };
}

/** What the schema cannot say of the canaries: unique names, steps that rise to 100. */
function canaryProblem(config: RoutingConfig): string | null {
  const names = (config.canaries ?? []).map((canary) => canary.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) return `two canaries are named '${twice}'`;
  for (const canary of config.canaries ?? []) {
    const steps = canary.steps_percent;
    if (steps.some((step, index) => index > 0 && step <= (steps[index - 1] ?? 0)) || steps[steps.length - 1] !== 100) return `canary '${canary.name}': steps_percent must rise and end at 100`;
  }
  return null;
}

export interface RouteInput {
  amount: number;
  currency: string;
  card_country: string | null;
  card_brand: string | null;
}

/** The processors to try, in order, and why: the first matching rule, else cheapest first. */
export function rankProcessors(config: RoutingConfig, input: RouteInput): { order: ProcessorName[]; reason: string } {
  const enabled = (list: readonly ProcessorName[]): ProcessorName[] => list.filter((p) => !config.disabled.includes(p));
  for (const rule of config.rules) {
    if (matches(rule, input)) {
      const order = enabled([...rule.prefer, ...PROCESSORS.filter((p) => !rule.prefer.includes(p))]);
      return { order, reason: `rule '${rule.name}'` };
    }
  }
  const fee = (p: ProcessorName): number => percentageFee(input.amount, config.cost[p].basis_points, config.cost[p].fixed);
  const order = enabled([...PROCESSORS].sort((a, b) => fee(a) - fee(b) || a.localeCompare(b)));
  return { order, reason: `cheapest for ${input.amount} ${input.currency} (${order.map((p) => `${p} fee ${fee(p)}`).join(', ')})` };
}

function matches(rule: RoutingRule, input: RouteInput): boolean {
  return ruleMatches(rule.when, input);
}

/** Whether a payment meets every condition of `when` (a rule's or a canary's). */
export function ruleMatches(when: RoutingRule['when'], input: RouteInput): boolean {
  if (when.currency && !when.currency.includes(input.currency)) return false;
  if (when.card_country && (input.card_country === null || !when.card_country.includes(input.card_country))) return false;
  if (when.card_brand && (input.card_brand === null || !when.card_brand.includes(input.card_brand))) return false;
  if (when.amount_gte !== undefined && input.amount < when.amount_gte) return false;
  if (when.amount_lt !== undefined && input.amount >= when.amount_lt) return false;
  return true;
}
