import { PayrailError } from '@payrail/core';

/**
 * A business day is a calendar date, `YYYY-MM-DD`, in the settlement time zone (SETTLEMENT_TIMEZONE,
 * an IANA name such as `UTC` or `America/New_York`). A ledger event belongs to the day on which its
 * timestamp falls in that zone.
 */
export interface DayBounds {
  date: string;
  timezone: string;
  /** First millisecond of the day, inclusive. */
  start_ms: number;
  /** First millisecond of the next day, exclusive. */
  end_ms: number;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isBusinessDate(text: unknown): text is string {
  if (typeof text !== 'string' || !DATE_PATTERN.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

/** Throws a 400 `parameter_invalid` naming `param` unless `text` is a calendar day `YYYY-MM-DD`. */
export function checkBusinessDate(text: unknown, param = 'date'): string {
  if (!isBusinessDate(text)) throw new PayrailError('parameter_invalid', `${param} must be a calendar day written YYYY-MM-DD, got ${JSON.stringify(text)}.`, { param });
  return text;
}

/** True when `timezone` is an IANA time zone this Node.js knows. */
export function isTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let format = formatters.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, format);
  }
  return format;
}

/** The wall-clock fields of an instant in a time zone. */
function wallClock(ms: number, timezone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const fields: Record<string, number> = {};
  for (const part of formatter(timezone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return { year: fields['year'] ?? 0, month: fields['month'] ?? 0, day: fields['day'] ?? 0, hour: fields['hour'] ?? 0, minute: fields['minute'] ?? 0, second: fields['second'] ?? 0 };
}

/** How far the zone's wall clock is ahead of UTC at the instant `ms` (negative west of Greenwich). */
function zoneOffsetMs(ms: number, timezone: string): number {
  const wall = wallClock(ms, timezone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant at which local midnight of `date` happens in `timezone` (DST-safe). */
function localMidnight(date: string, timezone: string): number {
  const naive = Date.parse(`${date}T00:00:00Z`);
  const first = naive - zoneOffsetMs(naive, timezone);
  const second = naive - zoneOffsetMs(first, timezone);
  return second;
}

/** The calendar day after `date`. */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The calendar day `days` after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instants where business day `date` starts and ends in `timezone`. */
export function dayBounds(date: string, timezone: string): DayBounds {
  return { date, timezone, start_ms: localMidnight(date, timezone), end_ms: localMidnight(nextDate(date), timezone) };
}

/** The business day on which the instant `ms` falls in `timezone`. */
export function businessDayOf(ms: number, timezone: string): string {
  const wall = wallClock(ms, timezone);
  return `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

/** The business day before the one `now` falls on: the day a nightly run settles. */
export function previousBusinessDay(now: Date, timezone: string): string {
  return addDays(businessDayOf(now.getTime(), timezone), -1);
}
