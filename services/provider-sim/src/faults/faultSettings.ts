import { PayrailError, PROCESSOR_DECLINE_CODES, PROCESSORS, type ProcessorDeclineCode } from '@payrail/core';
import { ajv, describeAjvErrors, type JsonSchema } from '@payrail/schemas';

export const OUTAGE_MODES = ['none', '503', 'refuse'] as const;
export const MISMATCH_KINDS = ['missing_row', 'amount_off_by_one', 'extra_row'] as const;

export type OutageMode = (typeof OUTAGE_MODES)[number];
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

/** The faults one simulated processor injects. Percentages are 0 to 100; mixes are relative weights. */
export interface ProcessorFaults {
  /** Share of processor calls whose effect is recorded but whose answer comes after PROVIDER_TIMEOUT_MS. */
  timeout_percent: number;
  /** Share of otherwise successful authorizations declined, with a reason drawn from `decline_mix`. */
  decline_percent: number;
  decline_mix: Partial<Record<ProcessorDeclineCode, number>>;
  /** Added to every processor call: `latency_ms` plus a uniform draw in [0, `latency_jitter_ms`]. */
  latency_ms: number;
  latency_jitter_ms: number;
  /** `503`: every processor call answers 503; `refuse`: every call's connection is closed unanswered. */
  outage: OutageMode;
  /** Share of webhooks delivered twice (same id, same payload). */
  duplicate_webhook_percent: number;
  /** Holds webhooks for `webhook_reorder_window_ms`, then delivers them newest first. */
  webhook_out_of_order: boolean;
  webhook_reorder_window_ms: number;
  /** Share of settlement rows that are missing, off by one minor unit, or followed by an extra row. */
  settlement_mismatch_percent: number;
  settlement_mismatch_mix: Partial<Record<MismatchKind, number>>;
  /**
   * Pix (providerA): an expired charge can still be paid, and its payment is reported after the
   * gateway expired the payment (a PSP whose confirmation comes late).
   */
  pix_late_confirmation: boolean;
  /** Pix (providerA): every payment is reported twice, by two notices with different event ids for the same txid. */
  pix_duplicate_confirmation: boolean;
}

export interface FaultSettings {
  seed: number;
  providerA: ProcessorFaults;
  providerB: ProcessorFaults;
}

/** A partial update, as PUT /admin/faults and PROVIDER_FAULTS take it. */
export interface FaultUpdate {
  seed?: number;
  providerA?: Partial<ProcessorFaults>;
  providerB?: Partial<ProcessorFaults>;
}

/** No faults: the processors behave as their test cards say. */
export const NO_FAULTS: Readonly<ProcessorFaults> = Object.freeze({
  timeout_percent: 0,
  decline_percent: 0,
  decline_mix: Object.freeze(Object.fromEntries(PROCESSOR_DECLINE_CODES.map((code) => [code, 1]))),
  latency_ms: 0,
  latency_jitter_ms: 0,
  outage: 'none',
  duplicate_webhook_percent: 0,
  webhook_out_of_order: false,
  webhook_reorder_window_ms: 1_000,
  settlement_mismatch_percent: 0,
  settlement_mismatch_mix: Object.freeze({ missing_row: 1, amount_off_by_one: 1, extra_row: 1 }),
  pix_late_confirmation: false,
  pix_duplicate_confirmation: false,
});

const SEED_MAX = 4_294_967_295;
const LATENCY_MS_MAX = 120_000;
const WEIGHT_MAX = 1_000;

const percent: JsonSchema = { type: 'number', minimum: 0, maximum: 100 };
const weights = (keys: readonly string[]): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: Object.fromEntries(keys.map((key) => [key, { type: 'integer', minimum: 0, maximum: WEIGHT_MAX }])),
  examples: [{ [keys[0] ?? '']: 1 }],
});

const PROCESSOR_FAULTS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    timeout_percent: percent,
    decline_percent: percent,
    decline_mix: weights(PROCESSOR_DECLINE_CODES),
    latency_ms: { type: 'integer', minimum: 0, maximum: LATENCY_MS_MAX },
    latency_jitter_ms: { type: 'integer', minimum: 0, maximum: LATENCY_MS_MAX },
    outage: { type: 'string', enum: [...OUTAGE_MODES] },
    duplicate_webhook_percent: percent,
    webhook_out_of_order: { type: 'boolean' },
    webhook_reorder_window_ms: { type: 'integer', minimum: 0, maximum: LATENCY_MS_MAX },
    settlement_mismatch_percent: percent,
    settlement_mismatch_mix: weights(MISMATCH_KINDS),
    pix_late_confirmation: { type: 'boolean' },
    pix_duplicate_confirmation: { type: 'boolean' },
  },
};

/** A partial update of the settings (PUT /admin/faults). */
export const FAULT_UPDATE_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    seed: { type: 'integer', minimum: 0, maximum: SEED_MAX },
    ...Object.fromEntries(PROCESSORS.map((name) => [name, PROCESSOR_FAULTS_SCHEMA])),
  },
};

/** The settings in force (GET and PUT /admin/faults): every field of each processor. */
export const FAULT_SETTINGS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['seed', ...PROCESSORS],
  properties: {
    seed: { type: 'integer', minimum: 0 },
    ...Object.fromEntries(PROCESSORS.map((name) => [name, { ...PROCESSOR_FAULTS_SCHEMA, required: Object.keys(PROCESSOR_FAULTS_SCHEMA['properties'] as object) }])),
  },
};

const validateUpdate = ajv.compile(FAULT_UPDATE_SCHEMA);

/** The param name of ajv's first error: `providerA.decline_mix.fraudulent`. */
function paramOf(errors: typeof validateUpdate.errors): string | undefined {
  const first = errors?.[0];
  if (first === undefined) return undefined;
  const path = first.instancePath.split('/').filter(Boolean);
  if (first.keyword === 'additionalProperties') path.push(String(first.params['additionalProperty']));
  return path.length === 0 ? undefined : path.join('.');
}

const sumOf = (mix: Partial<Record<string, number>>): number => Object.values(mix).reduce<number>((sum, weight) => sum + (weight ?? 0), 0);

/**
 * Applies a partial update to `current`: the seed and each processor's fields are replaced one by
 * one (a mix given replaces the whole mix). Throws a 400 PayrailError naming the bad parameter;
 * `current` is never changed.
 */
export function mergeFaultUpdate(current: FaultSettings, update: unknown): FaultSettings {
  if (!validateUpdate(update)) {
    throw new PayrailError('parameter_invalid', describeAjvErrors(validateUpdate.errors), { param: paramOf(validateUpdate.errors) ?? 'faults' });
  }
  const { seed, ...processors } = update as FaultUpdate;
  const next: FaultSettings = { seed: seed ?? current.seed, providerA: { ...current.providerA }, providerB: { ...current.providerB } };
  for (const name of PROCESSORS) {
    const faults = { ...next[name], ...processors[name] };
    if (faults.decline_percent > 0 && sumOf(faults.decline_mix) === 0) {
      throw new PayrailError('parameter_invalid', 'A decline_percent above 0 needs a decline_mix with a weight above 0.', { param: `${name}.decline_mix` });
    }
    if (faults.settlement_mismatch_percent > 0 && sumOf(faults.settlement_mismatch_mix) === 0) {
      throw new PayrailError('parameter_invalid', 'A settlement_mismatch_percent above 0 needs a settlement_mismatch_mix with a weight above 0.', {
        param: `${name}.settlement_mismatch_mix`,
      });
    }
    next[name] = faults;
  }
  return next;
}

/** The start-up settings: no faults, `seed`, then the JSON of PROVIDER_FAULTS on top. Throws on bad JSON or values. */
export function parseFaultSettings(json: string, seed: number): FaultSettings {
  let update: unknown;
  try {
    update = JSON.parse(json);
  } catch {
    throw new Error('it is not JSON');
  }
  try {
    return mergeFaultUpdate({ seed, providerA: { ...NO_FAULTS }, providerB: { ...NO_FAULTS } }, update);
  } catch (error) {
    const param = error instanceof PayrailError && error.param !== undefined ? ` (${error.param})` : '';
    throw new Error(`${(error as Error).message}${param}`);
  }
}
