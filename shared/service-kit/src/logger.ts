import { maskPans } from '@payrail/core';
import { activeTraceIds } from '@payrail/tracing';
import pino, { type DestinationStream, type LevelWithSilent, type Logger } from 'pino';

export type { Logger } from 'pino';
/** Card number masking for any text (moved to @payrail/core, where the trace exporter uses it too). */
export { maskPans } from '@payrail/core';

/** The levels `LOG_LEVEL` accepts, most severe first. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const satisfies readonly LevelWithSilent[];

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  service: string;
  level?: LogLevel;
  /** Where lines go; stdout when absent. Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

/** Keys whose values never reach a log, wherever they appear up to `REDACT_DEPTH_MAX`. */
const REDACTED_KEYS = [
  'pan',
  'card_number',
  'card.number',
  'cvv',
  'cvc',
  'secret',
  'api_key',
  'password',
  'client_secret',
  ...['authorization', 'cookie', 'set-cookie', 'x-internal-token', 'x-admin-token'].flatMap((header) => [
    `headers["${header}"]`,
    // Outbound requests are often logged with the headers as written, not as node lowercases them.
    `headers["${header.replace(/(^|-)[a-z]/g, (initial) => initial.toUpperCase())}"]`,
  ]),
];

// Redact paths match one level per wildcard, so each key is listed at every depth up to this one.
const REDACT_DEPTH_MAX = 4;

const REDACT_PATHS = REDACTED_KEYS.flatMap((key) =>
  Array.from({ length: REDACT_DEPTH_MAX }, (_, depth) => [...Array<string>(depth).fill('*'), key].join('.')),
);

/**
 * `trace_id` and `span_id` of the span active where a line is logged (none outside a span). A new
 * object every time: pino merges the line's own fields into what the mixin returns.
 */
function traceMixin(): object {
  return activeTraceIds() ?? {};
}

/**
 * Creates the JSON-lines logger of a service: every line carries `service`, and `trace_id` and
 * `span_id` when it is logged inside a span; card data, secrets and credential headers are censored as
 * `[REDACTED]`; and any card number left in the serialized line is masked by `maskPans` before it is
 * written.
 */
export function createLogger({ service, level = 'info', destination }: LoggerOptions): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    hooks: { streamWrite: maskPans },
    mixin: traceMixin,
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
