import * as path from 'node:path';
import { dayBounds } from '../businessDay/businessDay';
import { CsvFileWriter } from '../csv/csvFileWriter';
import type { DayPositions } from '../ledgerDay/dayPositions';
import { scanLedgerDay } from '../ledgerDay/scanLedgerDay';
import type { ProgressListener } from '../progress/progressBar';
import { runStats, type RunStats } from '../progress/runStats';
import type { PayeeRole } from '@payrail/ledger';
import { escrowDay } from './escrowDay';

/**
 * The columns of `settlement/payouts_YYYY-MM-DD.csv`, in order. Amounts are minor units, and
 * `net = gross − fee − held` is what is paid: `held` is what escrow custody kept (a funded escrow's
 * payment) or let go (negative: a release, whose row names its `payee`, or a refund out of custody).
 */
export const PAYOUT_COLUMNS = ['payment_id', 'merchant', 'gross', 'fee', 'net', 'currency', 'captured_at', 'held', 'payee', 'payee_role'] as const;

/** `settlement/payouts_YYYY-MM-DD.csv`, relative to the data folder. */
export const payoutsFileName = (date: string): string => path.posix.join('settlement', `payouts_${date}.csv`);

/** What one merchant is paid in one currency for the day. */
export interface PayoutTotal {
  merchant: string;
  currency: string;
  payments: number;
  gross: number;
  fee: number;
  /** Kept in escrow custody, net of what custody gave back to buyers (never paid to the merchant). */
  held: number;
  net: number;
}

/** What one payee of the merchant's escrows is paid for the day, from releases. */
export interface PayeeTotal {
  merchant: string;
  payee: string;
  role: PayeeRole;
  currency: string;
  releases: number;
  net: number;
}

export interface SettlementSummary {
  object: 'settlement';
  date: string;
  timezone: string;
  /** Relative to the data folder. */
  file: string;
  payments: number;
  /** One entry per merchant and currency, sorted by merchant then currency. */
  payouts: PayoutTotal[];
  /** One entry per escrow payee released to that day, sorted by merchant, payee, currency. */
  payees: PayeeTotal[];
  stats: RunStats;
}

// A day's captures share their seconds (a million a day: a dozen a second): each second's text is made once.
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** `new Date(ms).toISOString()`, from the text of its second kept between calls. */
export function isoMillis(ms: number): string {
  // Whole milliseconds in years 1970-9999 only; anything else as Date writes it.
  if (!(Number.isInteger(ms) && ms >= 0 && ms < 253_402_300_800_000)) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const millis = ms - second * 1000;
  return `${cachedPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

/** Slots sorted by merchant, currency, capture time, payment id: the order of the payouts file. */
function payoutOrder(positions: DayPositions): Uint32Array {
  const rank = (names: readonly string[]): Uint32Array => {
    const ranks = new Uint32Array(names.length);
    [...names.keys()].sort((a, b) => ((names[a] ?? '') < (names[b] ?? '') ? -1 : 1)).forEach((code, position) => (ranks[code] = position));
    return ranks;
  };
  const merchantRank = rank(positions.merchantNames());
  const currencyRank = rank(positions.currencyNames());
  const currencies = currencyRank.length;
  const group = new Float64Array(positions.size);
  const captured = new Float64Array(positions.size);
  const order = new Uint32Array(positions.size);
  for (let slot = 0; slot < order.length; slot++) {
    order[slot] = slot;
    group[slot] = (merchantRank[positions.merchantCodeAt(slot)] ?? 0) * currencies + (currencyRank[positions.currencyCodeAt(slot)] ?? 0);
    captured[slot] = positions.capturedMs(slot) ?? Number.MAX_VALUE;
  }
  return order.sort((a, b) => {
    const byGroup = (group[a] ?? 0) - (group[b] ?? 0);
    if (byGroup !== 0) return byGroup;
    const byTime = (captured[a] ?? 0) - (captured[b] ?? 0);
    if (byTime !== 0) return byTime;
    const idA = positions.paymentId(a);
    const idB = positions.paymentId(b);
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  });
}

/**
 * Settles one business day: every payment captured that day, net of that day's refunds and
 * chargebacks (refunds and chargebacks of payments captured earlier are on the day they happen, with
 * gross negative), becomes a row of `settlement/payouts_YYYY-MM-DD.csv`, grouped by merchant and
 * currency; the file is written atomically. Running a day again writes the same file.
 */
export async function settleDay(options: { dataDir: string; date: string; timezone: string; onProgress?: ProgressListener }): Promise<SettlementSummary> {
  const started = performance.now();
  const { dataDir, date, timezone, onProgress } = options;
  const scan = await scanLedgerDay(dataDir, dayBounds(date, timezone), (progress) =>
    onProgress?.({ phase: 'ledger', rows: progress.events, fraction: progress.bytes_total === 0 ? 1 : progress.bytes_read / progress.bytes_total }),
  );
  const { positions } = scan;
  const file = payoutsFileName(date);
  const writer = await CsvFileWriter.open(path.join(dataDir, file), PAYOUT_COLUMNS);
  const totals = new Map<string, PayoutTotal>();
  const escrows = escrowDay(dataDir, dayBounds(date, timezone));
  let payeeTotals: PayeeTotal[] = [];
  const total = (merchant: string, currency: string): PayoutTotal => {
    const key = `${merchant}\u0000${currency}`;
    let found = totals.get(key);
    if (found === undefined) {
      found = { merchant, currency, payments: 0, gross: 0, fee: 0, held: 0, net: 0 };
      totals.set(key, found);
    }
    return found;
  };
  try {
    const order = payoutOrder(positions);
    for (let i = 0; i < order.length; i++) {
      const slot = order[i] ?? 0;
      const merchant = positions.merchant(slot);
      const currency = positions.currency(slot);
      const gross = positions.gross(slot);
      const fee = positions.fee(slot);
      const captured = positions.capturedMs(slot);
      const id = positions.paymentId(slot);
      const change = escrows.held.get(id);
      const held = change === undefined || change.currency !== currency ? 0 : change.held;
      if (held !== 0) escrows.held.delete(id);
      await writer.write([id, merchant, gross, fee, gross - fee - held, currency, captured === null ? '' : isoMillis(captured), held, '', '']);
      const sum = total(merchant, currency);
      sum.payments += 1;
      sum.gross += gross;
      sum.fee += fee;
      sum.held += held;
      sum.net += gross - fee - held;
      if (i % 10_000 === 0) onProgress?.({ phase: 'payouts', rows: i, fraction: i / order.length });
    }
    // Custody that moved on a day its payment has no row of its own (a refund out of custody whose
    // refund succeeded the next day), then the releases: each its payee's row.
    for (const [id, change] of [...escrows.held].sort(([a], [b]) => (a < b ? -1 : 1))) {
      await writer.write([id, change.merchant, 0, 0, -change.held, change.currency, '', change.held, '', '']);
      const sum = total(change.merchant, change.currency);
      sum.held += change.held;
      sum.net -= change.held;
    }
    const payees = new Map<string, PayeeTotal>();
    const releases = [...escrows.releases].sort((a, b) => (a.merchant < b.merchant ? -1 : a.merchant > b.merchant ? 1 : a.at_ms - b.at_ms));
    for (const release of releases) {
      await writer.write([release.payment_intent, release.merchant, 0, 0, release.amount, release.currency, '', -release.amount, release.payee, release.role]);
      const key = `${release.merchant}\u0000${release.payee}\u0000${release.currency}`;
      const payee = payees.get(key) ?? { merchant: release.merchant, payee: release.payee, role: release.role, currency: release.currency, releases: 0, net: 0 };
      payee.releases += 1;
      payee.net += release.amount;
      payees.set(key, payee);
    }
    payeeTotals = [...payees.values()].sort((a, b) => (a.merchant < b.merchant ? -1 : a.merchant > b.merchant ? 1 : a.payee < b.payee ? -1 : a.payee > b.payee ? 1 : a.currency < b.currency ? -1 : 1));
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  onProgress?.({ phase: 'payouts', rows: positions.size, fraction: 1 });
  return {
    object: 'settlement',
    date,
    timezone,
    file,
    payments: positions.size,
    payouts: [...totals.values()],
    payees: payeeTotals,
    stats: runStats(started, { ledger_events: scan.events, ledger_bytes: scan.bytes }),
  };
}
