/** How amounts, times and cards read in the console. */

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string): Intl.NumberFormat {
  let format = formatters.get(currency);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formatters.set(currency, format);
  }
  return format;
}

/** The number of minor-unit digits of a currency (2 for USD, 0 for JPY, 3 for BHD). */
export function exponentOf(currency: string): number {
  return currencyFormat(currency.toUpperCase()).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount in minor units as people read it: `$19.99`, `¥1,000`. */
export function money(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  return currencyFormat(code).format(amount / 10 ** exponentOf(code));
}

const counts = new Intl.NumberFormat('en-US');

/** A count with thousands separators: `12,345`. */
export function count(n: number): string {
  return counts.format(n);
}

/** `1 payment`, `2 payments`, `12,345 payments`; `plural` when the word does not just take an s. */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : pluralWord}`;
}

/** A typed amount (`1,234.50`, `3000`) in minor units of `currency`, or null when it is not an amount of that currency. */
export function parseAmount(text: string, currency: string): number | null {
  const exponent = exponentOf(currency);
  const cleaned = text.trim().replaceAll(',', '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const [units = '0', fraction = ''] = cleaned.split('.');
  if (fraction.length > exponent) return null;
  return Number(units) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
}

/** Minor units as the number a form field holds (`3000.00`, `500` for JPY): the form's own unit. */
export function amountInput(amount: number, currency: string): string {
  const exponent = exponentOf(currency);
  return (amount / 10 ** exponent).toFixed(exponent);
}

/** Unix seconds as a local date and time. */
export function unixTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

const RELATIVE_UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [['day', 86_400], ['hour', 3_600], ['minute', 60], ['second', 1]];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** Unix seconds said from `now_ms`: `in 59 minutes`, `3 hours ago`, `tomorrow` (the largest whole unit). */
export function relativeTime(seconds: number, now_ms = Date.now()): string {
  const delta = seconds - Math.round(now_ms / 1000);
  const [unit, size] = RELATIVE_UNITS.find(([, unitSeconds]) => Math.abs(delta) >= unitSeconds) ?? ['second', 1];
  return relative.format(Math.trunc(delta / size), unit);
}

/** An ISO timestamp as a local date and time. */
export function isoTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

/** The card as the console may show it: brand, BIN and last four, never more. */
export function cardText(card: { brand: string; bin: string; last4: string } | null): string {
  return card === null ? '—' : `${card.brand} ${card.bin}••${card.last4}`;
}

export function percent(ratio: number | null): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(1)} %`;
}

/** A long hash shortened for tables; the full value stays in the title. */
export function shortHash(hash: string): string {
  return `${hash.slice(0, 12)}…`;
}

/** Local midnight of today, in unix seconds. */
export function startOfToday(): number {
  const now = new Date();
  return Math.floor(new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime() / 1000);
}

/** A `YYYY-MM-DD` date input as unix seconds at local midnight (end: the last second of that day). */
export function dateInputToUnix(value: string, end: boolean): number | undefined {
  if (value === '') return undefined;
  const [y, m, d] = value.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return undefined;
  const start = new Date(y, m - 1, d).getTime() / 1000;
  return end ? start + 86_399 : start;
}

/** Today as `YYYY-MM-DD` in UTC (business days of settlement are UTC by default). */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
