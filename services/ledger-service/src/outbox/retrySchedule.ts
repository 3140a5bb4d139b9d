/** The schedule merchants are promised: immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h. */
export const RETRY_SCHEDULE_DEFAULT = '0,5s,5m,30m,2h,5h,10h,10h';
/** The most attempts a schedule may list. */
export const RETRY_ATTEMPTS_MAX = 32;
/** The longest single delay a schedule may hold (setTimeout's limit is about 24.8 days). */
export const RETRY_DELAY_MS_MAX = 7 * 86_400_000;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const ENTRY = /^(\d+)(ms|s|m|h|d)?$/;

/**
 * Parses a retry schedule such as `0,5s,5m,30m,2h,5h,10h,10h` (units ms, s, m, h, d; a bare number
 * is milliseconds). Entry i is the delay before attempt i + 1: the first is counted from the event,
 * each next one from the failure of the attempt before. Throws an Error saying what is wrong.
 */
export function parseRetrySchedule(text: string): number[] {
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.length === 0 || entries.length > RETRY_ATTEMPTS_MAX || entries.some((e) => e === '')) {
    throw new Error(`expected 1 to ${RETRY_ATTEMPTS_MAX} comma-separated delays such as ${RETRY_SCHEDULE_DEFAULT}`);
  }
  return entries.map((entry) => {
    const match = ENTRY.exec(entry);
    if (match === null) throw new Error(`'${entry}' is not a delay: write a whole number with an optional unit ms, s, m, h or d`);
    const delay = Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
    if (delay > RETRY_DELAY_MS_MAX) throw new Error(`'${entry}' is longer than the ${RETRY_DELAY_MS_MAX / 86_400_000} days a delay may be`);
    return delay;
  });
}

/** `delay` moved at random by up to ±`jitter_pct` percent, so retries of many deliveries spread out. */
export function withJitter(delay: number, jitter_pct: number, random: () => number = Math.random): number {
  return Math.max(0, Math.round(delay * (1 + ((random() * 2 - 1) * jitter_pct) / 100)));
}

/**
 * Milliseconds a `Retry-After` header asks for (delta seconds or an HTTP date), or null when absent
 * or unreadable.
 */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1_000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
