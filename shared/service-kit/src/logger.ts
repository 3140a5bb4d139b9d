import { luhnValid, maskPan } from '@payrail/core';
import pino, { type DestinationStream, type LevelWithSilent, type Logger } from 'pino';

export type { Logger } from 'pino';

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

// A run of 13 to 19 digits, optionally grouped by single spaces or dashes, not part of a longer word.
const DIGIT_RUN = /(?<![0-9A-Za-z])\d(?:[ -]?\d){12,18}(?![0-9A-Za-z])/g;

/**
 * Masks every Luhn-valid 13–19 digit run in `text` to its first six and last four digits
 * (`424242******4242`). It is the last line of defence for card numbers that slip past redaction,
 * inside messages or under keys no path names. It errs toward masking: a long number that happens
 * to pass Luhn is masked too, which is why log timestamps are ISO strings, not epoch milliseconds.
 */
export function maskPans(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/[ -]/g, '');
    return luhnValid(digits) ? maskPan(digits) : run;
  });
}

/**
 * Creates the JSON-lines logger of a service: every line carries `service`; card data, secrets and
 * credential headers are censored as `[REDACTED]`; and any card number left in the serialized line
 * is masked by `maskPans` before it is written.
 */
export function createLogger({ service, level = 'info', destination }: LoggerOptions): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    hooks: { streamWrite: maskPans },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
