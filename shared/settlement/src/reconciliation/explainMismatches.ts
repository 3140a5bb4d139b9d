import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatMinor, isProcessorName, isSupportedCurrency, percentageFee, PROCESSOR_PRICING, type ProcessorPricing } from '@payrail/core';
import type { JournalEvent } from '@payrail/journal';
import { parse } from 'csv-parse';
import { BANK_FILE_COLUMNS, bankFileExists, bankFileName, readBankFile, type BankFileRow, type BankRowType } from '../bankFile/bankFile';
import { addDays, businessDayOf, checkBusinessDate, dayBounds, type DayBounds } from '../businessDay/businessDay';
import { forEachLine } from '../ledgerDay/forEachLine';
import { IdIndex } from '../ledgerDay/idIndex';
import { LineReader, parseLine } from '../ledgerDay/ledgerLine';
import { topLevelBounds } from '../ledgerDay/scanLedgerDay';
import { textTable } from '../progress/textTable';
import { reportFileName, type MismatchStatus, type ReconciliationItem, type ReconciliationReport } from './reconciliationReport';
import { ledgerFiles } from '@payrail/ledger';

/**
 * The reconciliation explainer: for each item of a day's reconciliation report, the most likely cause
 * of the mismatch, chosen by fixed rules from the ledger's journal lines and the bank's statement rows
 * of that payment (the day's statement and the ones before and after it), what to do about it, and
 * the lines it stands on. No network, no model: the same files give the same explanations.
 */

/** The causes the explainer tells apart, in the order its table lists them. */
export const MISMATCH_CAUSES = [
  'bank_file_late',
  'bank_row_missing',
  'bank_row_invalid',
  'duplicate_bank_row',
  'refund_after_cutoff',
  'chargeback_after_cutoff',
  'partial_capture',
  'amount_off_by_one',
  'fee_changed',
  'currency_mismatch',
  'capture_not_in_ledger',
  'unknown_payment',
  'report_outdated',
  'unexplained',
] as const;

export type MismatchCause = (typeof MISMATCH_CAUSES)[number];

/** A journal line: `jq -c 'select(.seq==<seq>)' data/<file>` shows it. */
export interface JournalCitation {
  file: string;
  seq: number;
  event_id: string;
}

/** A bank statement row: `sed -n '<line>p' data/<file>` shows it (line 1 is the header). */
export interface CsvCitation {
  file: string;
  line: number;
}

export type Citation = JournalCitation | CsvCitation;

export interface MismatchExplanation {
  payment_id: string;
  status: MismatchStatus;
  cause: MismatchCause;
  /** What happened, in plain language, with the amounts and times the rule used. */
  explanation: string;
  /** What an operator should do about it. */
  action: string;
  /** The journal lines and statement rows the explanation stands on (at most CITATIONS_MAX). */
  evidence: Citation[];
}

export interface MismatchExplanations {
  object: 'reconciliation_explanations';
  date: string;
  timezone: string;
  /** The report explained, relative to the data folder. */
  report: string;
  status: ReconciliationReport['status'];
  /** Items given a cause other than `unexplained`. */
  explained: number;
  by_cause: Record<MismatchCause, number>;
  /** What holds for the whole day: no bank statement yet, a truncated report, a neighbour statement that could not be read. */
  notes: string[];
  items: MismatchExplanation[];
}

/** Refunds, chargebacks and statement rows kept per payment: a payment has a handful; more are counted, not kept. */
const REFUNDS_PER_PAYMENT_MAX = 16;
const CHARGEBACKS_PER_PAYMENT_MAX = 8;
const BANK_ROWS_PER_PAYMENT_MAX = 16;
/** Citations per explanation. */
export const CITATIONS_MAX = 12;
/** The fewest fee mismatches of one processor that can show a pricing change. */
const PRICING_CHANGE_PAYMENTS_MIN = 3;
/**
 * A new price holds from some capture on: of the processor's captures in the statement from the first
 * one at the new price, at least this share must be at it (the rest at PROCESSOR_PRICING's) for the
 * explainer to call it a pricing change rather than a fee error repeated on scattered payments.
 */
const PRICING_CHANGE_SHARE_MIN = 0.9;
/** Basis points either side of the estimated rate that the pricing fit tries. */
const PRICING_FIT_SPREAD_BP = 3;
/** A movement this close to the end of the day is said to have been near the bank's cut-off. */
const CUTOFF_NEAR_MS = 60 * 60 * 1000;
/** Items the text table lists; the JSON has them all. */
export const TABLE_ITEMS_MAX = 200;

const OUR_PAYMENT_ID = /^pi_[0-9a-z]{26}$/;

type Data = Record<string, unknown>;

interface LedgerLine extends JournalCitation {
  timestamp: string;
  ms: number;
}

interface RefundHistory {
  id: string;
  amount: number;
  created: LedgerLine;
  succeeded: LedgerLine | null;
  failed: LedgerLine | null;
}

/** A statement row of one of the payments explained, as read (valid or not). */
interface BankRow extends CsvCitation {
  /** 1 for the first row after the header, as readBankFile numbers them. */
  row: number;
  type: string;
  gross: number;
  fee: number;
  currency: string;
  processor_reference: string;
  processor: string;
  /** Why reconciliation could not use the row; null when it did. */
  invalid: string | null;
}

type StatementSlot = 'previous' | 'day' | 'next';

/** Shown each capture row of a statement (as written: processor, gross, fee), in file order. */
type CaptureWatcher = (processor: string, gross: number, fee: number) => void;

/** What the ledger and the three statements say about one payment of the report. */
interface PaymentHistory {
  created: (LedgerLine & { amount: number; currency: string }) | null;
  authorized: (LedgerLine & { amount: number; reference: string }) | null;
  capture_requested: LedgerLine | null;
  captured: (LedgerLine & { amount: number; currency: string; processor: string; reference: string; fee: number | null }) | null;
  reversed: (LedgerLine & { reason: string }) | null;
  chargebacks: Array<LedgerLine & { amount: number; reinstated: boolean }>;
  refunds: RefundHistory[];
  bank: Record<StatementSlot, BankRow[]>;
  /** Statement rows of the payment beyond BANK_ROWS_PER_PAYMENT_MAX, per statement. */
  bank_rows_more: Record<StatementSlot, number>;
}

const emptyHistory = (): PaymentHistory => ({
  created: null,
  authorized: null,
  capture_requested: null,
  captured: null,
  reversed: null,
  chargebacks: [],
  refunds: [],
  bank: { previous: [], day: [], next: [] },
  bank_rows_more: { previous: 0, day: 0, next: 0 },
});

interface Statement {
  date: string;
  file: string;
  present: boolean;
  rows: number;
}

/** A processor's prices as the fee mismatches of the day show them, when they differ from PROCESSOR_PRICING. */
interface PricingFit extends ProcessorPricing {
  /** Fee mismatches of the processor whose bank fee this pricing gives exactly. */
  payments: number;
  /** Fee mismatches of the processor with one capture row (the ones the fit looked at). */
  of: number;
  /** The processor's capture rows in the statement from the first one at this price on: at this price, and at PROCESSOR_PRICING's. */
  later_at_new: number;
  later_at_ours: number;
}

/** True when a fitted price held from its first capture on (PRICING_CHANGE_SHARE_MIN): a pricing change. */
const pricingHolds = (fit: PricingFit): boolean => fit.later_at_new >= PRICING_CHANGE_SHARE_MIN * (fit.later_at_new + fit.later_at_ours);

interface DayContext {
  date: string;
  timezone: string;
  bounds: DayBounds;
  statements: Record<StatementSlot, Statement>;
  /** Fee mismatches per processor on the day. */
  feeMismatches: Map<string, number>;
  pricing: Map<string, PricingFit | null>;
  /** The payments files, as a sentence names them: `ledger/payments.jsonl`, or a glob of every shard's on a sharded ledger. */
  paymentsFiles: string;
}

/** A movement of money on the day, as the ledger has it, in the bank's terms (row type, signed gross). */
interface Movement {
  type: BankRowType;
  gross: number;
  line: LedgerLine;
  cites: Citation[];
  /** How the movement reads in a sentence: "captured USD 10.99 at … (seq 4)". */
  text: string;
}

const REF_KEY = Buffer.from('"ref":"', 'latin1');
const REFUND_CREATED = Buffer.from('refund.created', 'latin1');
const REFUND_SUCCEEDED = Buffer.from('refund.succeeded', 'latin1');
const REFUND_FAILED = Buffer.from('refund.failed', 'latin1');

const numberOf = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN);
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

function lineOf(file: string, event: JournalEvent): LedgerLine {
  return { file, seq: event.seq, event_id: event.event_id, timestamp: event.timestamp, ms: Date.parse(event.timestamp) };
}

/** The line as a citation alone (the history keeps more). */
const cite = (line: LedgerLine | BankRow): Citation => ('seq' in line ? { file: line.file, seq: line.seq, event_id: line.event_id } : { file: line.file, line: line.line });

/** Reads the payments stream (of every shard) once, keeping the lines of the payments in `ids` only. */
async function readPayments(dataDir: string, ids: IdIndex, histories: PaymentHistory[]): Promise<void> {
  const reader = new LineReader();
  for (const { file } of ledgerFiles(dataDir, 'payments')) {
    await forEachLine(path.join(dataDir, file), (buffer, start, end) => {
      if (reader.at(buffer, start, end)) {
        const ref = topLevelBounds(buffer, start, end, REF_KEY);
        if (ref !== null && ids.slotOfBytes(buffer, ref[0], ref[1]) === -1) return;
      }
      const event = parseLine(buffer, start, end);
      const history = event === null ? undefined : histories[ids.slotOf(event.ref)];
      if (event !== null && history !== undefined) addPaymentEvent(history, file, event);
    });
  }
}

function addPaymentEvent(history: PaymentHistory, file: string, event: JournalEvent): void {
  const line = lineOf(file, event);
  const data = (event.data ?? {}) as Data;
  switch (event.type) {
    case 'payment_intent.created':
      history.created ??= { ...line, amount: numberOf(data['amount']), currency: textOf(data['currency']) };
      break;
    case 'payment_intent.authorized':
      history.authorized = { ...line, amount: numberOf(data['amount_capturable']), reference: textOf(data['processor_reference']) };
      break;
    case 'payment_intent.capture_requested':
      history.capture_requested = line;
      break;
    case 'payment_intent.captured':
      history.captured = {
        ...line,
        amount: numberOf(data['amount_captured']),
        currency: event.postings?.[0]?.currency ?? '',
        processor: textOf(data['processor']),
        reference: textOf(data['processor_reference']),
        fee: typeof data['fee'] === 'number' ? data['fee'] : null,
      };
      break;
    case 'payment_intent.reversed':
      history.reversed = { ...line, reason: textOf(data['reason']) };
      break;
    case 'payment_intent.chargeback':
    case 'payment_intent.chargeback_reversed':
      if (history.chargebacks.length < CHARGEBACKS_PER_PAYMENT_MAX) history.chargebacks.push({ ...line, amount: numberOf(data['amount']), reinstated: event.type === 'payment_intent.chargeback_reversed' });
      break;
    default:
      break;
  }
}

/** Reads the refunds stream (of every shard) once, keeping the refunds of the payments in `ids` only. */
async function readRefunds(dataDir: string, ids: IdIndex, histories: PaymentHistory[]): Promise<void> {
  const reader = new LineReader();
  const byRefund = new Map<string, RefundHistory>();
  for (const { file } of ledgerFiles(dataDir, 'refunds')) {
    await forEachLine(path.join(dataDir, file), (buffer, start, end) => {
      if (reader.at(buffer, start, end)) {
        if (reader.typeIs(REFUND_SUCCEEDED) || reader.typeIs(REFUND_FAILED)) {
          const ref = topLevelBounds(buffer, start, end, REF_KEY);
          if (ref !== null && !byRefund.has(buffer.toString('utf8', ref[0], ref[1]))) return;
        } else if (!reader.typeIs(REFUND_CREATED)) return;
      }
      const event = parseLine(buffer, start, end);
      if (event === null) return;
      const data = (event.data ?? {}) as Data;
      if (event.type === 'refund.created') {
        const history = histories[ids.slotOf(textOf(data['payment_intent']))];
        if (history === undefined || history.refunds.length >= REFUNDS_PER_PAYMENT_MAX) return;
        const refund: RefundHistory = { id: event.ref, amount: numberOf(data['amount']), created: lineOf(file, event), succeeded: null, failed: null };
        history.refunds.push(refund);
        byRefund.set(event.ref, refund);
      } else if (event.type === 'refund.succeeded' || event.type === 'refund.failed') {
        const refund = byRefund.get(event.ref);
        if (refund === undefined) return;
        if (event.type === 'refund.succeeded') refund.succeeded = lineOf(file, event);
        else refund.failed = lineOf(file, event);
      }
    });
  }
}

/** True when a record read by csv-parse is the row readBankFile made of it. */
function isRowOf(record: readonly string[], at: Record<string, number>, row: BankFileRow): boolean {
  const field = (column: string): string => record[at[column] ?? -1] ?? '';
  return (
    field('payment_id') === row.payment_id &&
    field('processor_reference') === row.processor_reference &&
    field('type') === row.type &&
    Number(field('gross')) === row.gross &&
    Number(field('fee')) === row.fee &&
    Number(field('net')) === row.net &&
    field('currency') === row.currency
  );
}

/**
 * Reads one bank statement for the payments in `ids`: each of their rows with its line number, and
 * whether reconciliation could use it. Which rows are valid is readBankFile's own decision (the
 * same parser reconciliation used); a second pass through csv-parse, with readBankFile's options,
 * gives each record its line, and the valid rows are matched to their records in file order.
 * `watchCaptures`, given the valid rows of the payments after the first pass, may return a function
 * the second pass shows every capture row to, in file order.
 */
async function readStatement(
  dataDir: string,
  date: string,
  slot: StatementSlot,
  ids: IdIndex,
  histories: PaymentHistory[],
  watchCaptures?: (validRows: ReadonlyMap<number, readonly BankFileRow[]>) => CaptureWatcher | null,
): Promise<Statement> {
  const file = bankFileName(date);
  const statement: Statement = { date, file, present: await bankFileExists(dataDir, date), rows: 0 };
  if (!statement.present) return statement;
  const full = path.join(dataDir, file);
  const validRows = new Map<number, BankFileRow[]>();
  const summary = await readBankFile(full, date, (row) => {
    const at = ids.slotOf(row.payment_id);
    if (at === -1) return;
    const rows = validRows.get(at) ?? [];
    if (rows.length < BANK_ROWS_PER_PAYMENT_MAX) rows.push(row);
    validRows.set(at, rows);
  });
  statement.rows = summary.rows;
  const reasons = new Map(summary.invalid.map((invalid) => [invalid.row, invalid.reason]));
  const watcher = watchCaptures?.(validRows) ?? null;

  const input = createReadStream(full, { highWaterMark: 1024 * 1024 });
  const parser = input.pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  let at: Record<string, number> | null = null;
  let row = 0;
  const matched = new Map<number, number>();
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (at === null) {
      const names = record.map((name) => name.trim());
      at = Object.fromEntries(BANK_FILE_COLUMNS.map((column) => [column, names.indexOf(column)]));
      continue;
    }
    row += 1;
    const field = (column: string): string => record[at?.[column] ?? -1] ?? '';
    if (watcher !== null && field('type') === 'capture') watcher(field('processor'), Number(field('gross')), Number(field('fee')));
    const paymentSlot = ids.slotOf(field('payment_id'));
    const history = histories[paymentSlot];
    if (history === undefined) continue;
    if (history.bank[slot].length >= BANK_ROWS_PER_PAYMENT_MAX) {
      history.bank_rows_more[slot] += 1;
      continue;
    }
    const next = matched.get(paymentSlot) ?? 0;
    const valid = validRows.get(paymentSlot)?.[next];
    const isValid = valid !== undefined && isRowOf(record, at, valid);
    if (isValid) matched.set(paymentSlot, next + 1);
    // A quoted field may hold newlines: the record starts that many lines before the one it ends on.
    const newlines = record.reduce((sum, value) => sum + (value.match(/\n/g)?.length ?? 0), 0);
    history.bank[slot].push({
      file,
      line: info.lines - newlines,
      row,
      type: field('type'),
      gross: Number(field('gross')),
      fee: Number(field('fee')),
      currency: field('currency'),
      processor_reference: field('processor_reference'),
      processor: field('processor'),
      invalid: isValid ? null : (reasons.get(row) ?? 'reconciliation could not use it (the report counts it in bank.invalid_rows)'),
    });
  }
  return statement;
}

/** Reads the report of `date`; an error that says how to make one when there is none. */
async function readReport(dataDir: string, date: string): Promise<ReconciliationReport> {
  const file = path.join(dataDir, reportFileName(date));
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${reportFileName(date)} does not exist: run \`npx payrail reconcile --date ${date}\` first, then explain it.`);
    throw error;
  }
  const report = JSON.parse(text) as ReconciliationReport;
  if (report.object !== 'reconciliation_report' || report.date !== date || !Array.isArray(report.items)) {
    throw new Error(`${reportFileName(date)} is not the reconciliation report of ${date}: reconcile the day again with --force.`);
  }
  return report;
}

const money = (amount: number, currency: string): string => (isSupportedCurrency(currency) && Number.isSafeInteger(amount) ? `${currency} ${formatMinor(amount, currency)}` : `${amount} ${currency} (minor units)`);
const signed = (amount: number, currency: string): string => (amount > 0 ? `+${money(amount, currency)}` : money(amount, currency));
const valid = (rows: readonly BankRow[]): BankRow[] => rows.filter((row) => row.invalid === null);
const lines = (rows: readonly BankRow[]): string => (rows.length === 1 ? `line ${rows[0]?.line}` : `lines ${rows.map((row) => row.line).join(', ')}`);
const sum = (rows: readonly BankRow[], key: 'gross' | 'fee'): number => rows.reduce((total, row) => total + row[key], 0);
const rowCount = (count: number): string => (count === 1 ? '1 row' : `${count} rows`);
const pricingText = (pricing: ProcessorPricing): string => `${pricing.basis_points} bp + ${pricing.fixed}`;

function duration(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1_000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** The day's movements of the payment in the ledger, in the bank's terms. */
function ledgerMovements(history: PaymentHistory, bounds: DayBounds, currency: string): Movement[] {
  const onDay = (line: LedgerLine): boolean => line.ms >= bounds.start_ms && line.ms < bounds.end_ms;
  const moves: Movement[] = [];
  const { captured } = history;
  if (captured !== null && onDay(captured)) {
    moves.push({ type: 'capture', gross: captured.amount, line: captured, cites: [cite(captured)], text: `captured ${money(captured.amount, currency)} at ${captured.timestamp} (seq ${captured.seq})` });
  }
  for (const refund of history.refunds) {
    if (refund.succeeded === null || !onDay(refund.succeeded)) continue;
    moves.push({
      type: 'refund',
      gross: -refund.amount,
      line: refund.succeeded,
      cites: [cite(refund.created), cite(refund.succeeded)],
      text: `refunded ${money(refund.amount, currency)} (${refund.id}, succeeded at ${refund.succeeded.timestamp}, refunds seq ${refund.succeeded.seq})`,
    });
  }
  for (const chargeback of history.chargebacks) {
    if (!onDay(chargeback)) continue;
    const verb = chargeback.reinstated ? 'had a chargeback of' : 'lost a chargeback of';
    moves.push({
      type: chargeback.reinstated ? 'chargeback_reversal' : 'chargeback',
      gross: chargeback.reinstated ? chargeback.amount : -chargeback.amount,
      line: chargeback,
      cites: [cite(chargeback)],
      text: `${chargeback.reinstated ? `${verb} ${money(chargeback.amount, currency)} reversed` : `${verb} ${money(chargeback.amount, currency)}`} at ${chargeback.timestamp} (seq ${chargeback.seq})`,
    });
  }
  return moves.sort((a, b) => a.line.ms - b.line.ms);
}

/** Pairs each ledger movement with a valid bank row of the same type and gross; what is left on each side. */
function matchMovements(moves: readonly Movement[], rows: readonly BankRow[]): { ledgerOnly: Movement[]; bankOnly: BankRow[] } {
  const bankOnly = [...rows];
  const ledgerOnly: Movement[] = [];
  for (const move of moves) {
    const at = bankOnly.findIndex((row) => row.type === move.type && row.gross === move.gross);
    if (at === -1) ledgerOnly.push(move);
    else bankOnly.splice(at, 1);
  }
  return { ledgerOnly, bankOnly };
}

/** The cause of a movement the bank booked on another day than the ledger, by its kind. */
const lateCause = (type: string): MismatchCause => (type === 'capture' ? 'bank_file_late' : type === 'refund' ? 'refund_after_cutoff' : 'chargeback_after_cutoff');

function explanation(item: ReconciliationItem, cause: MismatchCause, text: string, action: string, evidence: readonly Citation[]): MismatchExplanation {
  const seen = new Set<string>();
  const cited: Citation[] = [];
  for (const citation of evidence) {
    const key = 'seq' in citation ? `${citation.file}#${citation.seq}` : `${citation.file}:${citation.line}`;
    if (seen.has(key) || cited.length >= CITATIONS_MAX) continue;
    seen.add(key);
    cited.push(citation);
  }
  return { payment_id: item.payment_id, status: item.status, cause, explanation: text, action, evidence: cited };
}

/** The processor and its reference for the payment, as the ledger knows them. */
function processorOf(item: ReconciliationItem, history: PaymentHistory): { processor: string; reference: string } {
  const processor = item.ledger?.processor ?? (history.captured?.processor || 'the processor');
  const reference = history.captured?.reference || history.authorized?.reference || item.bank?.processor_reference || 'unknown';
  return { processor, reference };
}

function timezoneHint(day: DayContext): string {
  return day.timezone === 'UTC' ? '' : ` The ledger's days are in ${day.timezone} but the bank cuts its statements at UTC midnight: SETTLEMENT_TIMEZONE=UTC lines them up.`;
}

function cutoffHint(line: LedgerLine, day: DayContext): string {
  const before = day.bounds.end_ms - line.ms;
  return before > 0 && before <= CUTOFF_NEAR_MS ? ` It happened ${duration(before)} before the day ended, past the bank's cut-off.` : '';
}

/** The bank's rows of the day no longer add up to the report's bank side: the statement changed since. */
function outdated(item: ReconciliationItem, history: PaymentHistory, day: DayContext): MismatchExplanation | null {
  const rows = valid(history.bank.day);
  const file = day.statements.day.file;
  const action = `Reconcile ${day.date} again (\`npx payrail reconcile --date ${day.date} --force\`), then explain it again.`;
  if (!day.statements.day.present && item.bank !== null) {
    return explanation(item, 'report_outdated', `The report counted ${rowCount(item.bank.rows)} of the bank for it, but ${file} is not there any more.`, action, []);
  }
  if (history.bank_rows_more.day > 0) return null;
  if (item.bank === null && rows.length > 0) {
    return explanation(item, 'report_outdated', `The report has no bank row for it, but ${file} now has ${rowCount(rows.length)} for it that reconciliation can use (${lines(rows)}): the statement changed after the report was written.`, action, rows.map(cite));
  }
  if (item.bank !== null && (rows.length !== item.bank.rows || sum(rows, 'gross') !== item.bank.gross || sum(rows, 'fee') !== item.bank.fee)) {
    return explanation(
      item,
      'report_outdated',
      `The report counted ${rowCount(item.bank.rows)} of the bank of gross ${item.bank.gross} and fee ${item.bank.fee} for it, but ${file} now has ${rowCount(rows.length)} it can use, of gross ${sum(rows, 'gross')} and fee ${sum(rows, 'fee')}: the statement changed after the report was written.`,
      action,
      rows.map(cite),
    );
  }
  return null;
}

function explainMissing(item: ReconciliationItem, history: PaymentHistory, day: DayContext): MismatchExplanation {
  const ledger = item.ledger;
  const currency = ledger?.currency ?? '';
  const moves = ledgerMovements(history, day.bounds, currency);
  const ledgerCites = moves.length > 0 ? moves.flatMap((move) => move.cites) : history.created === null ? [] : [cite(history.created)];
  const what = moves.length > 0 ? `The ledger ${moves.map((move) => move.text).join(', then ')}` : `The ledger's day for it is ${money(ledger?.gross ?? 0, currency)}`;
  const { processor, reference } = processorOf(item, history);
  const { day: statement, next } = day.statements;

  const invalid = history.bank.day.filter((row) => row.invalid !== null);
  if (invalid.length > 0) {
    const reasons = invalid.map((row) => `line ${row.line}: ${row.invalid ?? ''}`).join('; ');
    return explanation(
      item,
      'bank_row_invalid',
      `${what}. The bank's statement of ${day.date} has ${rowCount(invalid.length)} for it that reconciliation could not use (${reasons}), so it counts as missing at the bank.`,
      `Ask ${processor} for a corrected ${statement.file} (or correct ${lines(invalid)} by hand), then reconcile ${day.date} again with --force.`,
      [...ledgerCites, ...invalid.map(cite)],
    );
  }

  // Rows of the next statement that are the day's movements, booked late (same kind, same amount).
  const nextRows = valid(history.bank.next);
  const lateRows: BankRow[] = [];
  const late: Movement[] = [];
  for (const move of moves) {
    const row = nextRows.find((candidate) => !lateRows.includes(candidate) && candidate.type === move.type && candidate.gross === move.gross);
    if (row === undefined) continue;
    lateRows.push(row);
    late.push(move);
  }
  const primary = late.find((move) => move.type === 'capture') ?? late[0];
  if (primary !== undefined) {
    const lateGross = sum(lateRows, 'gross');
    const amounts = late.length === moves.length ? `the same ${money(lateGross, currency)}` : `${money(lateGross, currency)} of the ledger's ${money(ledger?.gross ?? 0, currency)} (the rest is in neither statement)`;
    return explanation(
      item,
      lateCause(primary.type),
      `${what}. The bank's statement of ${day.date} has no row for it; its statement of ${next.date} has ${lateRows.length === 1 ? 'it' : 'them'} (${lines(lateRows)}), ${amounts}: the bank booked it a day late.${cutoffHint(primary.line, day)}${timezoneHint(day)}`,
      `Nothing is lost: reconciling ${next.date} lists it as unexpected_at_bank for the same reason, and the two flags cancel out once both days are reconciled.`,
      [...ledgerCites, ...lateRows.map(cite)],
    );
  }

  const last = moves[moves.length - 1];
  if (!next.present) {
    return explanation(
      item,
      'bank_row_missing',
      `${what}. The bank's statement of ${day.date} (${statement.rows} rows) has no row for it, and that of ${next.date} is not here yet, so a late booking cannot be ruled out.${last === undefined ? '' : cutoffHint(last.line, day)}`,
      `When ${next.file} arrives, reconcile ${next.date} and explain ${day.date} again; if the row is not there either, ask ${processor} why reference ${reference} was not settled.`,
      ledgerCites,
    );
  }
  return explanation(
    item,
    'bank_row_missing',
    `${what}. Neither the bank's statement of ${day.date} (${statement.rows} rows) nor that of ${next.date} (${next.rows} rows) has a row for it: the bank left it out.`,
    `Ask ${processor} why reference ${reference} is in neither statement; keep the payment flagged (no payout) until the bank settles it.`,
    ledgerCites,
  );
}

function explainUnexpected(item: ReconciliationItem, history: PaymentHistory, day: DayContext): MismatchExplanation {
  const bank = item.bank;
  const rows = valid(history.bank.day);
  const currency = bank?.currency ?? '';
  const rowsText = `${rowCount(rows.length)} for it (${lines(rows)}: ${rows.map((row) => `${row.type} ${money(row.gross, row.currency)}`).join(', ')})`;
  const processorName = history.captured?.processor || rows[0]?.processor || 'the processor';
  const reference = bank?.processor_reference ?? '';

  if (history.created === null) {
    const shape = OUR_PAYMENT_ID.test(item.payment_id) ? '' : ' Its id is not even in the shape of PayRail\'s ids.';
    return explanation(
      item,
      'unknown_payment',
      `The bank's statement of ${day.date} has ${rowsText}, processor reference ${reference}, but ${day.paymentsFiles} has no payment_intent.created for ${item.payment_id}: PayRail never made this payment.${shape}`,
      `Ask ${processorName} about reference ${reference}; pay none of it out: no merchant is owed this money.`,
      rows.map(cite),
    );
  }

  const captureRows = rows.filter((row) => row.type === 'capture');
  const { captured } = history;
  if (captureRows.length > 0 && captured !== null) {
    const capturedDay = businessDayOf(captured.ms, day.timezone);
    const slot: StatementSlot | null = capturedDay === day.statements.previous.date ? 'previous' : capturedDay === day.statements.next.date ? 'next' : null;
    const otherRows = slot === null ? [] : valid(history.bank[slot]).filter((row) => row.type === 'capture');
    const capturedText = `The ledger captured ${money(captured.amount, captured.currency)} at ${captured.timestamp} (seq ${captured.seq}), on ${capturedDay}`;
    if (slot !== null && otherRows.length > 0) {
      return explanation(
        item,
        'duplicate_bank_row',
        `${capturedText}. The bank booked the capture on ${capturedDay} (${day.statements[slot].file} ${lines(otherRows)}) and again on ${day.date} (${lines(captureRows)}): it settled it twice, ${money(sum(captureRows, 'gross'), currency)} too much.`,
        `Ask ${processorName} to reverse the capture on ${day.date} (${lines(captureRows)}); the merchant is paid for it once, on ${capturedDay}.`,
        [cite(captured), ...otherRows.map(cite), ...captureRows.map(cite)],
      );
    }
    if (capturedDay < day.date) {
      const previous = day.statements.previous;
      const before = capturedDay === previous.date ? (previous.present ? ` Its statement of ${previous.date} has no row for it.` : ` Its statement of ${previous.date} is not here.`) : '';
      return explanation(
        item,
        'bank_file_late',
        `${capturedText}; the bank's statement of ${day.date} has ${rowsText}: the bank booked it late.${before}${cutoffHint(captured, { ...day, bounds: dayBounds(capturedDay, day.timezone) })}${timezoneHint(day)}`,
        `Nothing is lost: the reconciliation of ${capturedDay} lists it as missing_at_bank for the same reason, and the two flags cancel out once both days are reconciled.`,
        [cite(captured), ...rows.map(cite)],
      );
    }
  }
  if (captureRows.length > 0 && captured === null) {
    const steps = [
      `created at ${history.created.timestamp} (seq ${history.created.seq})`,
      history.authorized === null ? null : `authorized for ${money(history.authorized.amount, history.created.currency)} at ${history.authorized.timestamp} (seq ${history.authorized.seq})`,
      history.capture_requested === null ? null : `its capture requested at ${history.capture_requested.timestamp} (seq ${history.capture_requested.seq}) with no result recorded`,
      history.reversed === null ? null : `reversed (${history.reversed.reason || 'no reason'}) at ${history.reversed.timestamp} (seq ${history.reversed.seq})`,
    ].filter((step): step is string => step !== null);
    const ledgerLines = [history.created, history.authorized, history.capture_requested, history.reversed].filter((line): line is LedgerLine => line !== null);
    return explanation(
      item,
      'capture_not_in_ledger',
      `The bank's statement of ${day.date} has ${rowsText}, but the ledger never captured the payment: it was ${steps.join(', ')}. The processor captured it and the ledger did not record that.`,
      `Look the charge up at the processor (reference ${reference}): if it captured, let the gateway's resolver record the capture (or refund it at the processor if it was voided here); pay nothing out until the ledger agrees.`,
      [...ledgerLines.map(cite), ...rows.map(cite)],
    );
  }

  // Reversal rows of a payment that had none that day in the ledger: booked on another day.
  const onDay = (line: LedgerLine): boolean => line.ms >= day.bounds.start_ms && line.ms < day.bounds.end_ms;
  for (const row of rows) {
    if (row.type === 'refund') {
      const refund = history.refunds.find((candidate) => candidate.amount === -row.gross && candidate.succeeded !== null && !onDay(candidate.succeeded));
      if (refund?.succeeded) return refundElsewhere(item, refund, row, day, currency, NO_LEAD_IN);
    } else if (row.type === 'chargeback' || row.type === 'chargeback_reversal') {
      const chargeback = history.chargebacks.find((candidate) => candidate.reinstated === (row.type === 'chargeback_reversal') && candidate.amount === Math.abs(row.gross) && !onDay(candidate));
      if (chargeback !== undefined) return chargebackElsewhere(item, chargeback, row, day, currency, NO_LEAD_IN);
    }
  }
  return unexplained(item, history, day);
}

/** What the ledger did that day, said before a finding about one row: a sentence and its lines. */
interface LeadIn {
  text: string;
  cites: Citation[];
}

const NO_LEAD_IN: LeadIn = { text: '', cites: [] };

function leadInOf(moves: readonly Movement[]): LeadIn {
  return moves.length === 0 ? NO_LEAD_IN : { text: `The ledger ${moves.map((move) => move.text).join(', then ')}. `, cites: moves.flatMap((move) => move.cites) };
}

function refundElsewhere(item: ReconciliationItem, refund: RefundHistory, row: BankRow, day: DayContext, currency: string, lead: LeadIn): MismatchExplanation {
  const succeeded = refund.succeeded as LedgerLine;
  const refundDay = businessDayOf(succeeded.ms, day.timezone);
  const when = succeeded.ms >= day.bounds.end_ms ? `after ${day.date} ended` : `before ${day.date} began`;
  return explanation(
    item,
    'refund_after_cutoff',
    `${lead.text}The bank booked refund ${row.processor_reference} of ${money(-row.gross, currency)} on ${day.date} (line ${row.line}), but the ledger's refund ${refund.id} (created at ${refund.created.timestamp}) succeeded at ${succeeded.timestamp} (refunds seq ${succeeded.seq}), ${when}: the ledger counts it on ${refundDay}. The bank and the ledger cut the refund's day at different moments.${timezoneHint(day)}`,
    `Nothing is lost: the reconciliation of ${refundDay} shows the opposite difference of ${money(refund.amount, currency)}; the payment is right once both days are taken together.`,
    [...lead.cites, cite(refund.created), cite(succeeded), cite(row)],
  );
}

function chargebackElsewhere(item: ReconciliationItem, chargeback: LedgerLine & { amount: number; reinstated: boolean }, row: BankRow, day: DayContext, currency: string, lead: LeadIn): MismatchExplanation {
  const ledgerDay = businessDayOf(chargeback.ms, day.timezone);
  const what = chargeback.reinstated ? 'chargeback reversal' : 'chargeback';
  return explanation(
    item,
    'chargeback_after_cutoff',
    `${lead.text}The bank booked a ${what} of ${money(Math.abs(row.gross), currency)} on ${day.date} (line ${row.line}), but the ledger recorded it at ${chargeback.timestamp} (seq ${chargeback.seq}), on ${ledgerDay}: the two cut the dispute's day at different moments.${timezoneHint(day)}`,
    `Nothing is lost: the reconciliation of ${ledgerDay} shows the opposite difference; the payment is right once both days are taken together.`,
    [...lead.cites, cite(chargeback), cite(row)],
  );
}

function explainCurrency(item: ReconciliationItem, history: PaymentHistory, day: DayContext): MismatchExplanation {
  const ledger = item.ledger;
  const bank = item.bank;
  const rows = valid(history.bank.day);
  const moves = ledgerMovements(history, day.bounds, ledger?.currency ?? '');
  const ledgerText = moves.length > 0 ? `The ledger ${moves.map((move) => move.text).join(', then ')}` : `The ledger's day is ${money(ledger?.gross ?? 0, ledger?.currency ?? '')}`;
  const { processor } = processorOf(item, history);
  let finding: string;
  if (bank?.currency === 'mixed') {
    finding = `the bank's ${rows.length} rows for it are in different currencies (${rows.map((row) => `${row.currency} on line ${row.line}`).join(', ')})`;
  } else if (bank !== null && ledger !== null && bank.gross === ledger.gross) {
    finding = `the bank booked the same ${bank.gross} minor units in ${bank.currency} (${lines(rows)}): the number is right and the currency column is wrong, no money was converted`;
  } else {
    const rate = bank !== null && ledger !== null && ledger.gross !== 0 ? ` (a ratio of ${(bank.gross / ledger.gross).toFixed(4)})` : '';
    finding = `the bank booked ${money(bank?.gross ?? 0, bank?.currency ?? '')} (${lines(rows)})${rate}: the processor seems to have settled it converted into another currency`;
  }
  return explanation(
    item,
    'currency_mismatch',
    `${ledgerText} in ${ledger?.currency ?? 'its currency'}; ${finding}.`,
    `Ask ${processor} to settle ${lines(rows)} in ${ledger?.currency ?? 'the payment\'s currency'}; the merchant's payout stays in the ledger's currency, never converted to make the rows match.`,
    [...moves.flatMap((move) => move.cites), ...rows.map(cite)],
  );
}

function explainAmount(item: ReconciliationItem, history: PaymentHistory, day: DayContext): MismatchExplanation {
  const currency = item.ledger?.currency ?? '';
  const rows = valid(history.bank.day);
  const moves = ledgerMovements(history, day.bounds, currency);
  const { processor, reference } = processorOf(item, history);
  const ledgerCites = moves.flatMap((move) => move.cites);

  // The same row twice: two captures, or two reversal rows with one reference and amount.
  const captureRows = rows.filter((row) => row.type === 'capture');
  const twins = captureRows.length >= 2 ? captureRows : rows.filter((row, i) => rows.some((other, j) => j !== i && other.type === row.type && other.gross === row.gross && other.processor_reference === row.processor_reference));
  if (twins.length >= 2) {
    const extra = sum(twins, 'gross') - (twins[0]?.gross ?? 0);
    return explanation(
      item,
      'duplicate_bank_row',
      `The bank's statement of ${day.date} has ${twins.length} ${twins[0]?.type ?? ''} rows for it (${lines(twins)}: ${twins.map((row) => money(row.gross, row.currency)).join(', ')}, reference ${twins[0]?.processor_reference ?? ''}) where the ledger has one (${moves.map((move) => move.text).join(', then ')}): the bank settled it ${twins.length === 2 ? 'twice' : `${twins.length} times`}, ${money(extra, currency)} too much.`,
      `Ask ${processor} to reverse the extra row (${lines(twins.slice(1))}); the merchant's payout counts it once.`,
      [...ledgerCites, ...twins.map(cite)],
    );
  }

  const { ledgerOnly, bankOnly } = matchMovements(moves, rows);
  const onDay = (line: LedgerLine): boolean => line.ms >= day.bounds.start_ms && line.ms < day.bounds.end_ms;
  // The bank booked a reversal on the day that the ledger has on another day.
  for (const row of bankOnly) {
    if (row.type === 'refund') {
      const refund = history.refunds.find((candidate) => candidate.amount === -row.gross && candidate.succeeded !== null && !onDay(candidate.succeeded));
      if (refund?.succeeded) return refundElsewhere(item, refund, row, day, currency, leadInOf(moves));
    } else if (row.type === 'chargeback' || row.type === 'chargeback_reversal') {
      const chargeback = history.chargebacks.find((candidate) => candidate.reinstated === (row.type === 'chargeback_reversal') && candidate.amount === Math.abs(row.gross) && !onDay(candidate));
      if (chargeback !== undefined) return chargebackElsewhere(item, chargeback, row, day, currency, leadInOf(moves));
    }
  }

  // The ledger has a movement on the day that the bank did not book then: late, or left out.
  const ledgerCapture = ledgerOnly.find((move) => move.type === 'capture');
  const bankCapture = bankOnly.find((row) => row.type === 'capture');
  const next = day.statements.next;
  const nextRows = valid(history.bank.next);
  for (const move of ledgerOnly) {
    // A bank row of the same kind with another amount is judged below (partial capture, off by one).
    if (bankOnly.some((row) => row.type === move.type)) continue;
    const lateRow = nextRows.find((row) => row.type === move.type && row.gross === move.gross);
    if (lateRow !== undefined) {
      return explanation(
        item,
        lateCause(move.type),
        `The ledger ${move.text}; the bank's statement of ${day.date} has no ${move.type} row of ${money(Math.abs(move.gross), currency)} for it, and its statement of ${next.date} has it (line ${lateRow.line}): the bank booked it a day late.${cutoffHint(move.line, day)}${timezoneHint(day)}`,
        `Nothing is lost: the reconciliation of ${next.date} shows the opposite difference of ${money(Math.abs(move.gross), currency)}; the payment is right once both days are taken together.`,
        [...ledgerCites, ...rows.map(cite), cite(lateRow)],
      );
    }
    const where = next.present ? `in neither the bank's statement of ${day.date} nor that of ${next.date}` : `not in the bank's statement of ${day.date}, and that of ${next.date} is not here yet`;
    return explanation(
      item,
      'bank_row_missing',
      `The ledger ${move.text}; a ${move.type} row of ${money(Math.abs(move.gross), currency)} for it is ${where}, while the bank has ${rows.map((row) => `${row.type} ${money(row.gross, row.currency)} on line ${row.line}`).join(', ')}.`,
      next.present
        ? `Ask ${processor} why the ${move.type} of reference ${reference} is missing from its statements; keep the payment flagged until it is settled.`
        : `When ${next.file} arrives, reconcile ${next.date} and explain ${day.date} again; if the row is not there either, ask ${processor} about reference ${reference}.`,
      [...ledgerCites, ...rows.map(cite)],
    );
  }

  const captured = history.captured;
  const authorized = history.authorized?.amount ?? Number.NaN;
  const requested = history.created?.amount ?? Number.NaN;
  const partial = (capture: Movement, row: BankRow, captured: NonNullable<PaymentHistory['captured']>): MismatchExplanation => {
    const full = row.gross === authorized ? `the full ${money(authorized, currency)} authorized` : row.gross === requested ? `the ${money(requested, currency)} first requested` : money(row.gross, currency);
    const authorizedText = history.authorized === null ? '' : ` of the ${money(authorized, currency)} authorized at ${history.authorized.timestamp} (seq ${history.authorized.seq})`;
    const finding = row.gross > captured.amount ? 'the processor captured more than PayRail asked for' : 'the bank\'s capture is neither what PayRail captured nor what it authorized';
    return explanation(
      item,
      'partial_capture',
      `The ledger captured ${money(captured.amount, currency)}${authorizedText}, a partial capture (seq ${captured.seq}); the bank settled ${full} (line ${row.line}), ${signed(row.gross - capture.gross, currency)}: ${finding}.`,
      `Ask ${processor} to settle reference ${reference} for the ${money(captured.amount, currency)} captured and release the rest of the hold; the merchant is paid ${money(captured.amount, currency)}.`,
      [...[history.created, history.authorized].filter((line): line is NonNullable<typeof line> => line !== null).map(cite), ...ledgerCites, cite(row)],
    );
  };
  // The bank settled the amount authorized (or first requested) where the ledger captured less.
  if (ledgerCapture !== undefined && bankCapture !== undefined && captured !== null && bankCapture.gross !== ledgerCapture.gross && (bankCapture.gross === authorized || bankCapture.gross === requested)) {
    return partial(ledgerCapture, bankCapture, captured);
  }

  for (const row of bankOnly) {
    const move = ledgerOnly.find((candidate) => candidate.type === row.type && Math.abs(candidate.gross - row.gross) === 1);
    if (move === undefined) continue;
    return explanation(
      item,
      'amount_off_by_one',
      `The ledger ${move.text}; the bank's ${row.type} row says ${money(row.gross, row.currency)} (line ${row.line}), ${signed(row.gross - move.gross, currency)}: one minor unit apart, a rounding or keying error at the bank, not a movement of money.`,
      `Ask ${processor} to correct line ${row.line} of ${day.statements.day.file}; settle the payment at the ledger's ${move.type} of ${money(Math.abs(move.gross), currency)}.`,
      [...move.cites, cite(row)],
    );
  }
  // A partial capture the bank settled for yet another amount.
  if (ledgerCapture !== undefined && bankCapture !== undefined && captured !== null && authorized > captured.amount) return partial(ledgerCapture, bankCapture, captured);
  return unexplained(item, history, day);
}

function explainFee(item: ReconciliationItem, history: PaymentHistory, day: DayContext): MismatchExplanation {
  const ledger = item.ledger;
  const bank = item.bank;
  const currency = ledger?.currency ?? '';
  const processor = ledger?.processor ?? 'providerA';
  const rows = valid(history.bank.day);
  const moves = ledgerMovements(history, day.bounds, currency);
  const delta = (bank?.fee ?? 0) - (ledger?.fee ?? 0);
  const ours = PROCESSOR_PRICING[processor];
  const captureRows = rows.filter((row) => row.type === 'capture');
  const feeRows = rows.filter((row) => row.fee !== 0);
  const captureRow = captureRows.length === 1 ? captureRows[0] : undefined;
  const base = history.captured?.amount ?? ledger?.gross ?? 0;

  const parts = [
    `The bank's fee is ${money(bank?.fee ?? 0, currency)} (${lines(feeRows.length > 0 ? feeRows : rows)}), the ledger expects ${money(ledger?.fee ?? 0, currency)} (PROCESSOR_PRICING for ${processor}: ${pricingText(ours)} on ${money(base, currency)}): ${signed(delta, currency)}; the gross agrees.`,
  ];
  const reversalFees = feeRows.filter((row) => row.type !== 'capture');
  if (reversalFees.length > 0) parts.push(`The bank charged a fee on its ${reversalFees.map((row) => `${row.type} row (line ${row.line})`).join(', ')}, where refunds and chargebacks carry none.`);
  const reported = history.captured?.fee ?? null;
  const reportedMatches = reported !== null && reported === bank?.fee;
  if (reportedMatches && history.captured !== null) parts.push(`${processor} itself reported this fee at capture (seq ${history.captured.seq}): PROCESSOR_PRICING is behind its price.`);

  const fit = day.pricing.get(processor) ?? null;
  const fits = fit !== null && captureRow !== undefined && reversalFees.length === 0 && percentageFee(captureRow.gross, fit.basis_points, fit.fixed) === captureRow.fee;
  const mismatches = day.feeMismatches.get(processor) ?? 1;
  const pricingChange = fits && pricingHolds(fit);
  if (pricingChange) {
    parts.push(
      `${fit.payments} of the ${fit.of} fee mismatches of ${processor} on ${day.date} fit ${pricingText(fit)} exactly, and so do ${fit.later_at_new} of its ${fit.later_at_new + fit.later_at_ours} captures in the statement from the first of them on: it looks like a pricing change at ${processor}, not an error on this payment.`,
    );
  } else if (fits) {
    parts.push(
      `${fit.payments} of ${processor}'s ${fit.of} fee mismatches on ${day.date} are off the same way (they fit ${pricingText(fit)}), but ${fit.later_at_ours} of its captures between and after them are still at PROCESSOR_PRICING's price: not a pricing change, the same fee error repeated on scattered payments.`,
    );
  } else if (fit !== null) {
    parts.push(`${fit.payments} of ${processor}'s ${fit.of} fee mismatches fit ${pricingText(fit)}, but not this one: an isolated difference${Math.abs(delta) === 1 ? ' of one minor unit (the bank\'s rounding)' : ''}.`);
  } else {
    const others = mismatches > 1 ? `none of ${processor}'s ${mismatches} fee mismatches on ${day.date} share a pricing` : `it is ${processor}'s only fee mismatch on ${day.date}`;
    parts.push(`It does not look like a pricing change (${others}): an isolated difference${Math.abs(delta) === 1 ? ' of one minor unit, the bank\'s rounding' : ''}.`);
  }
  const action =
    pricingChange || reportedMatches
      ? `Confirm ${processor}'s new price${pricingChange ? ` (${pricingText(fit)})` : ''}, update PROCESSOR_PRICING in shared/core, then reconcile ${day.date} again with --force.`
      : `Ask ${processor} to correct the fee on ${lines(feeRows.length > 0 ? feeRows : rows)} (${signed(delta, currency)}); settle the payment at the ledger's fee.`;
  return explanation(item, 'fee_changed', parts.join(' '), action, [...moves.flatMap((move) => move.cites), ...rows.map(cite)]);
}

function unexplained(item: ReconciliationItem, history: PaymentHistory, day: DayContext): MismatchExplanation {
  const ledger = item.ledger;
  const bank = item.bank;
  const rows = valid(history.bank.day);
  const moves = ledger === null ? [] : ledgerMovements(history, day.bounds, ledger.currency);
  const ledgerText = ledger === null ? 'The ledger has no movement of it on the day' : `The ledger's day is ${money(ledger.gross, ledger.currency)} (fee ${ledger.fee})${moves.length > 0 ? `: ${moves.map((move) => move.text).join(', then ')}` : ''}`;
  const bankText = bank === null ? 'the bank has no row' : `the bank's is ${money(bank.gross, bank.currency)} (fee ${bank.fee}) over ${rowCount(rows.length)} (${lines(rows)})`;
  const known = [history.created, history.authorized, history.captured, history.reversed].filter((line): line is NonNullable<typeof line> => line !== null);
  return explanation(
    item,
    'unexplained',
    `${ledgerText}; ${bankText}. No rule of the explainer fits this difference.`,
    `Look at it by hand: \`jq -c 'select(.ref=="${item.payment_id}")' data/${history.created?.file ?? day.paymentsFiles}\` and the cited rows of the statement.`,
    [...known.map(cite), ...moves.flatMap((move) => move.cites), ...rows.map(cite)],
  );
}

/**
 * The prices that give the bank's fees of a processor's fee mismatches, from their single capture
 * rows: the rate estimated from the smallest and largest capture, tried within PRICING_FIT_SPREAD_BP,
 * each with its most common fixed part. A candidate when at least PRICING_CHANGE_PAYMENTS_MIN and
 * half of the mismatches fit it exactly and it is not PROCESSOR_PRICING's (pricingWatcher then
 * counts whether it held).
 */
function pricingFit(points: ReadonlyArray<{ gross: number; fee: number }>, ours: ProcessorPricing): PricingFit | null {
  if (points.length < PRICING_CHANGE_PAYMENTS_MIN) return null;
  let low = points[0] as { gross: number; fee: number };
  let high = low;
  for (const point of points) {
    if (point.gross < low.gross) low = point;
    if (point.gross > high.gross) high = point;
  }
  const estimate = high.gross === low.gross ? ours.basis_points : Math.round(((high.fee - low.fee) * 10_000) / (high.gross - low.gross));
  let best: { basis_points: number; fixed: number; payments: number } | null = null;
  for (let offset = 0; offset <= 2 * PRICING_FIT_SPREAD_BP; offset++) {
    // 0, +1, -1, +2, -2, ...: ties go to the rate closest to the estimate.
    const basisPoints = estimate + (offset % 2 === 1 ? (offset + 1) / 2 : -offset / 2);
    if (basisPoints < 0 || basisPoints > 10_000) continue;
    const counts = new Map<number, number>();
    for (const point of points) {
      const fixed = point.fee - percentageFee(point.gross, basisPoints, 0);
      counts.set(fixed, (counts.get(fixed) ?? 0) + 1);
    }
    for (const [fixed, payments] of counts) {
      if (best === null || payments > best.payments) best = { basis_points: basisPoints, fixed, payments };
    }
  }
  if (best === null || best.payments < PRICING_CHANGE_PAYMENTS_MIN || best.payments * 2 < points.length) return null;
  if (best.basis_points === ours.basis_points && best.fixed === ours.fixed) return null;
  return { ...best, of: points.length, later_at_new: 0, later_at_ours: 0 };
}

/**
 * Counts, for each fitted price, the capture rows of its processor in the day's statement from the
 * first one at the new price on, in file order (the bank writes them as they happened): a price
 * that changed holds for every capture from then on; a fee error on scattered payments leaves the
 * captures between them at PROCESSOR_PRICING's price. Null when there is no price to check.
 */
function pricingWatcher(fits: ReadonlyMap<string, PricingFit | null>): CaptureWatcher | null {
  const byProcessor = new Map([...fits.entries()].filter((entry): entry is [string, PricingFit] => entry[1] !== null));
  if (byProcessor.size === 0) return null;
  const started = new Set<string>();
  return (processor, gross, fee) => {
    const fit = byProcessor.get(processor);
    if (fit === undefined || !isProcessorName(processor) || !Number.isSafeInteger(gross) || !Number.isSafeInteger(fee)) return;
    const atNew = percentageFee(gross, fit.basis_points, fit.fixed) === fee;
    const atOurs = percentageFee(gross, PROCESSOR_PRICING[processor].basis_points, PROCESSOR_PRICING[processor].fixed) === fee;
    if (atNew && !atOurs) started.add(processor);
    if (!started.has(processor) || atNew === atOurs) return;
    if (atNew) fit.later_at_new += 1;
    else fit.later_at_ours += 1;
  };
}

/** The fee mismatches per processor, and the price their single capture rows fit, if any (pricingFit). */
function pricingFits(items: readonly ReconciliationItem[], validRows: ReadonlyMap<number, readonly BankFileRow[]>, ids: IdIndex): { fits: Map<string, PricingFit | null>; counts: Map<string, number> } {
  const points = new Map<string, Array<{ gross: number; fee: number }>>();
  const counts = new Map<string, number>();
  for (const item of items) {
    if (item.status !== 'fee_mismatch' || item.ledger === null) continue;
    const processor = item.ledger.processor;
    counts.set(processor, (counts.get(processor) ?? 0) + 1);
    const rows = validRows.get(ids.slotOf(item.payment_id)) ?? [];
    const captures = rows.filter((row) => row.type === 'capture');
    const capture = captures[0];
    if (captures.length !== 1 || capture === undefined || rows.some((row) => row.type !== 'capture' && row.fee !== 0)) continue;
    const list = points.get(processor) ?? [];
    list.push({ gross: capture.gross, fee: capture.fee });
    points.set(processor, list);
  }
  const fits = new Map<string, PricingFit | null>();
  for (const [processor, list] of points) fits.set(processor, isProcessorName(processor) ? pricingFit(list, PROCESSOR_PRICING[processor]) : null);
  return { fits, counts };
}

function explainItem(item: ReconciliationItem, history: PaymentHistory, day: DayContext): MismatchExplanation {
  // A report written by this code has both sides where the status says so; any other is not judged.
  const sides = item.status === 'missing_at_bank' ? item.ledger !== null : item.status === 'unexpected_at_bank' ? item.bank !== null : item.ledger !== null && item.bank !== null;
  if (!sides) return unexplained(item, history, day);
  const stale = outdated(item, history, day);
  if (stale !== null) return stale;
  switch (item.status) {
    case 'missing_at_bank':
      return explainMissing(item, history, day);
    case 'unexpected_at_bank':
      return explainUnexpected(item, history, day);
    case 'currency_mismatch':
      return explainCurrency(item, history, day);
    case 'amount_mismatch':
      return explainAmount(item, history, day);
    case 'fee_mismatch':
      return explainFee(item, history, day);
  }
}

const zeroByCause = (): Record<MismatchCause, number> => Object.fromEntries(MISMATCH_CAUSES.map((cause) => [cause, 0])) as Record<MismatchCause, number>;

/**
 * Explains each item of the reconciliation report of `date` in `dataDir`: its most likely cause, by
 * rules over the payment's journal lines (payments and refunds streams) and its rows in the bank's
 * statements of the day before, the day and the day after, what to do, and the lines cited. Streams
 * every file once (twice for the statements) and keeps only what concerns the report's payments.
 * Throws when the day has no report yet (reconcile it first).
 */
export async function explainMismatches(options: { dataDir: string; date: string }): Promise<MismatchExplanations> {
  const { dataDir } = options;
  const date = checkBusinessDate(options.date);
  const report = await readReport(dataDir, date);
  const result: MismatchExplanations = {
    object: 'reconciliation_explanations',
    date,
    timezone: report.timezone,
    report: reportFileName(date),
    status: report.status,
    explained: 0,
    by_cause: zeroByCause(),
    notes: [],
    items: [],
  };
  if (report.status === 'awaiting_bank_file') {
    const arrived = await bankFileExists(dataDir, date);
    result.notes.push(
      `bank_file_late: the bank's statement ${bankFileName(date)} was not there when the report was written (${report.generated_at}), so nothing was judged. ` +
        (arrived ? `It is there now: reconcile ${date} again (\`npx payrail reconcile --date ${date}\`), then explain it.` : `It is still not there: the nightly run tries again; ask the processors if it does not come.`),
    );
    return result;
  }
  if (report.items_truncated) result.notes.push(`The report lists the first ${report.items.length} items only; the payments past them are not explained.`);

  const ids = new IdIndex();
  const histories: PaymentHistory[] = [];
  for (const item of report.items) histories[ids.add(item.payment_id)] ??= emptyHistory();
  await readPayments(dataDir, ids, histories);
  await readRefunds(dataDir, ids, histories);
  let pricing: ReturnType<typeof pricingFits> = { fits: new Map(), counts: new Map() };
  const statements: Record<StatementSlot, Statement> = {
    previous: { date: addDays(date, -1), file: bankFileName(addDays(date, -1)), present: false, rows: 0 },
    day: await readStatement(dataDir, date, 'day', ids, histories, (validRows) => {
      pricing = pricingFits(report.items, validRows, ids);
      return pricingWatcher(pricing.fits);
    }),
    next: { date: addDays(date, 1), file: bankFileName(addDays(date, 1)), present: false, rows: 0 },
  };
  // A neighbour statement is read only when an item can use it: a known payment the bank booked on
  // the day (booked late, or twice), or a movement of the day the bank may have booked the day after.
  const needs: Record<'previous' | 'next', boolean> = {
    previous: report.items.some((item) => item.status === 'unexpected_at_bank' && histories[ids.slotOf(item.payment_id)]?.created !== null),
    next: report.items.some((item) => item.status === 'missing_at_bank' || item.status === 'amount_mismatch'),
  };
  for (const slot of ['previous', 'next'] as const) {
    if (!needs[slot]) continue;
    const { date: statementDate, file } = statements[slot];
    try {
      statements[slot] = await readStatement(dataDir, statementDate, slot, ids, histories);
    } catch (error) {
      result.notes.push(`${file} could not be read (${(error as Error).message}): it is left out of the explanations.`);
    }
  }
  const { fits, counts } = pricing;
  const paymentsFiles = ledgerFiles(dataDir, 'payments');
  const day: DayContext = {
    date,
    timezone: report.timezone,
    bounds: dayBounds(date, report.timezone),
    statements,
    feeMismatches: counts,
    pricing: fits,
    paymentsFiles: paymentsFiles.length === 1 ? (paymentsFiles[0]?.file ?? '') : 'ledger/shards/*/payments.jsonl',
  };
  for (const item of report.items) {
    const explained = explainItem(item, histories[ids.slotOf(item.payment_id)] ?? emptyHistory(), day);
    result.items.push(explained);
    result.by_cause[explained.cause] += 1;
    if (explained.cause !== 'unexplained') result.explained += 1;
  }
  return result;
}

const citationText = (citation: Citation): string => ('seq' in citation ? `${citation.file} seq ${citation.seq}` : `${citation.file} line ${citation.line}`);

/**
 * The explanations as a terminal shows them: a title, the count per cause, then each item (at most
 * TABLE_ITEMS_MAX) on three rows: what happened, what to do, and the lines it stands on.
 */
export function explanationsTable(result: MismatchExplanations): string {
  const title = `explanations ${result.date} (${result.timezone}): ${result.status}, ${result.items.length} items, ${result.explained} explained`;
  const out = [title, ...result.notes.map((note) => `note: ${note}`)];
  const causes = MISMATCH_CAUSES.filter((cause) => result.by_cause[cause] > 0);
  if (causes.length > 0) out.push(textTable(['cause', 'payments'], causes.map((cause) => [cause, result.by_cause[cause]])));
  const shown = result.items.slice(0, TABLE_ITEMS_MAX);
  if (shown.length > 0) {
    const rows: string[][] = [];
    for (const item of shown) {
      rows.push([item.payment_id, item.status, item.cause, item.explanation]);
      rows.push(['', '', '', `do: ${item.action}`]);
      rows.push(['', '', '', `see: ${item.evidence.map(citationText).join(', ') || 'nothing to cite'}`]);
    }
    out.push(textTable(['payment_id', 'status', 'cause', 'explanation'], rows));
  }
  if (result.items.length > shown.length) out.push(`... ${result.items.length - shown.length} more items (--json lists them all)`);
  out.push(`report: ${result.report}`);
  return out.join('\n');
}
