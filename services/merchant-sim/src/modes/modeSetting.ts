import type { JsonSchema } from '@payrail/schemas';
import { inputChecker, type InputProblem } from '../http/checkInput';

/** How the receiver of one environment answers a delivery. */
export const MODES = ['normal', 'offline', 'timeout', 'flaky'] as const;

export type Mode = (typeof MODES)[number];

export interface ModeSetting {
  mode: Mode;
  /** flaky: the share of deliveries answered 500, in percent. */
  flaky_pct: number;
  /** timeout: how long merchant-sim holds a delivery before answering; longer than the sender's timeout. */
  timeout_ms: number;
}

export const FLAKY_PCT_DEFAULT = 50;
export const TIMEOUT_MS_DEFAULT = 20_000;
/** The longest a delivery is held in timeout mode. */
export const TIMEOUT_MS_MAX = 120_000;

export const NORMAL: ModeSetting = Object.freeze({ mode: 'normal', flaky_pct: FLAKY_PCT_DEFAULT, timeout_ms: TIMEOUT_MS_DEFAULT });

/** The body of `PUT /admin/modes/:env`, and each value of `MERCHANT_SIM_MODES`. */
export const MODE_SETTING_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['mode'],
  properties: {
    mode: { enum: [...MODES] },
    flaky_pct: { type: 'integer', minimum: 0, maximum: 100 },
    timeout_ms: { type: 'integer', minimum: 0, maximum: TIMEOUT_MS_MAX },
  },
};

const check = inputChecker(MODE_SETTING_SCHEMA);

/**
 * Reads a mode setting, `{mode, flaky_pct?, timeout_ms?}`, filling omitted values with their defaults
 * (the name of a mode alone will do too). Returns the problem when it is not valid.
 */
export function parseModeSetting(value: unknown): { ok: true; setting: ModeSetting } | { ok: false; problem: InputProblem } {
  const input = typeof value === 'string' ? { mode: value } : value;
  const problem = check(input);
  if (problem !== null) {
    return { ok: false, problem: { ...problem, message: `${problem.message}; expected {mode: ${MODES.join('|')}, flaky_pct?: 0-100, timeout_ms?: 0-${TIMEOUT_MS_MAX}}` } };
  }
  const given = input as Partial<ModeSetting> & { mode: Mode };
  return { ok: true, setting: { mode: given.mode, flaky_pct: given.flaky_pct ?? FLAKY_PCT_DEFAULT, timeout_ms: given.timeout_ms ?? TIMEOUT_MS_DEFAULT } };
}
