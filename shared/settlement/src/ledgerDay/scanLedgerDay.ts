import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isProcessorName, type ProcessorName } from '@payrail/core';
import { GENESIS_HASH, type JournalEvent, type StreamHead } from '@payrail/journal';
import type { DayBounds } from '../businessDay/businessDay';
import { DayPositions } from './dayPositions';
import { forEachLine } from './forEachLine';
import { LineReader, parseLine, type CaptureFields } from './ledgerLine';
import { ledgerFiles } from '@payrail/ledger';

/** What a scan reports as it goes: the stream being read and the bytes read of all the files it reads. */
export interface ScanProgress {
  stream: string;
  bytes_read: number;
  bytes_total: number;
  events: number;
}

export interface LedgerDayScan {
  positions: DayPositions;
  /** Ledger lines read, all streams. */
  events: number;
  bytes: number;
  /** Where the scan stopped in each stream it read, by its name (`ledger/shards/1/payments` on a sharded ledger): a journal can start reading there. */
  heads: Record<string, StreamHead>;
  /** With `outcomesOf`: the latest reconciliation outcome recorded for that date, by payment. */
  outcomes: Map<string, string>;
}

/** What a reconciliation of `date` records per payment, if `event` is one (settled is `matched`). */
export function recordedOutcomeOf(event: JournalEvent, date: string): string | null {
  const data = event.data as Data;
  if (event.type === 'payment_intent.settled') return data['settlement_date'] === date ? 'matched' : null;
  if (event.type === 'payment_intent.reconciliation_flagged') return data['date'] === date ? String(data['status']) : null;
  return null;
}

/** The head a stream has after its first `offset` bytes: the seq and hash of the line ending there. */
async function headAt(file: string, offset: number): Promise<StreamHead> {
  if (offset === 0) return { offset: 0, seq: 0, hash: GENESIS_HASH };
  const handle = await fs.open(file, 'r');
  try {
    const span = Math.min(offset, 64 * 1024 + 1);
    const bytes = Buffer.alloc(span);
    await handle.read(bytes, 0, span, offset - span);
    const start = bytes.lastIndexOf(0x0a, span - 2) + 1;
    const last = parseLine(bytes, start, span - 1);
    // An unreadable last line: a journal starting at seq 0 finds it and says what is wrong with it.
    if (last === null || typeof last.seq !== 'number' || typeof last.hash !== 'string') return { offset: 0, seq: 0, hash: GENESIS_HASH };
    return { offset, seq: last.seq, hash: last.hash };
  } finally {
    await handle.close();
  }
}

const CREATED = Buffer.from('payment_intent.created', 'latin1');
const REF_KEY = Buffer.from('"ref":"', 'latin1');
const MERCHANT_KEY = Buffer.from('"merchant_id":"', 'latin1');

/**
 * The string value of the top-level `key` of a canonical line, found from its end: in canonical order
 * `merchant_id` and `ref` come after `data` (where a client's metadata could hold the same text) and
 * only our own ids, hashes, numbers and times follow them. Null when the value holds an escape.
 */
function topLevelValue(buffer: Buffer, start: number, end: number, key: Buffer): string | null {
  const bounds = topLevelBounds(buffer, start, end, key);
  if (bounds === null) return null;
  for (let cursor = bounds[0]; cursor < bounds[1]; cursor++) if (buffer[cursor] === 0x5c) return null;
  return buffer.toString('utf8', bounds[0], bounds[1]);
}

/** Where topLevelValue's string lies in the buffer, [from, to), without decoding it (null when the key is absent). */
export function topLevelBounds(buffer: Buffer, start: number, end: number, key: Buffer): [number, number] | null {
  const at = buffer.lastIndexOf(key, end);
  if (at < start) return null;
  const from = at + key.length;
  const close = buffer.indexOf(0x22, from);
  return close === -1 || close >= end ? null : [from, close];
}

/**
 * The merchants of the payments `ids` (a bank file's payments the day's positions do not have), from
 * their `payment_intent.created` lines, in one pass over the payments stream (of every shard: which
 * one holds a payment is what is being looked up) that parses only those.
 */
export async function merchantsOf(dataDir: string, ids: ReadonlySet<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (ids.size === 0) return found;
  const line = new LineReader();
  for (const { file } of ledgerFiles(dataDir, 'payments')) {
    if (found.size === ids.size) break;
    await forEachLine(path.join(dataDir, file), (buffer, start, end) => {
      if (found.size === ids.size) return;
      const canonical = line.at(buffer, start, end);
      if (canonical && !line.typeIs(CREATED)) return;
      const ref = canonical ? topLevelValue(buffer, start, end, REF_KEY) : null;
      if (canonical && ref !== null && !ids.has(ref)) return;
      const event = canonical && ref !== null ? { ref, merchant_id: topLevelValue(buffer, start, end, MERCHANT_KEY) ?? undefined, type: 'payment_intent.created' } : parseLine(buffer, start, end);
      if (event?.type === 'payment_intent.created' && ids.has(event.ref)) found.set(event.ref, event.merchant_id ?? '');
    });
  }
  return found;
}

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
const CAPTURED = latin1('payment_intent.captured');
const CHARGEBACK = latin1('payment_intent.chargeback');
const CHARGEBACK_REVERSED = latin1('payment_intent.chargeback_reversed');
const SETTLED = latin1('payment_intent.settled');
const FLAGGED = latin1('payment_intent.reconciliation_flagged');
const REFUND_CREATED = latin1('refund.created');
const REFUND_SUCCEEDED = latin1('refund.succeeded');
const REFUND_FAILED = latin1('refund.failed');
const DISPUTE_OPENED = latin1('dispute.opened');
const DISPUTE_LOST = latin1('dispute.lost');
const DISPUTE_FUNDS_WITHDRAWN = latin1('dispute.funds_withdrawn');
const DISPUTE_FUNDS_REINSTATED = latin1('dispute.funds_reinstated');
/** The dispute events that move money (a ledger written before funds events moved it at `dispute.lost`). */
const DISPUTE_MONEY_TYPES: ReadonlySet<string> = new Set(['dispute.lost', 'dispute.funds_withdrawn', 'dispute.funds_reinstated']);

type Data = Record<string, unknown>;

interface PendingRefund {
  payment_id: string;
  amount: number;
  currency: string;
  merchant: string;
}

/** Tests an event time (ISO text) against the day. */
const dayTest = (bounds: DayBounds) => (timestamp: string): boolean => {
  const ms = Date.parse(timestamp);
  return ms >= bounds.start_ms && ms < bounds.end_ms;
};

/** The processor named in a posting account such as `processor_receivable:providerA`. */
function processorOfPostings(event: JournalEvent): ProcessorName | null {
  for (const posting of event.postings ?? []) {
    const name = posting.account.startsWith('processor_receivable:') ? posting.account.slice('processor_receivable:'.length) : '';
    if (isProcessorName(name)) return name;
  }
  return null;
}

/**
 * Reads the ledger files of `dataDir` once (every shard's, on a sharded ledger: all the refunds files,
 * then all the disputes files, then all the payments files) and returns what every payment did on the business day:
 * captures of that day (with the expected processor fee), minus refunds and chargebacks (funds
 * withdrawn by a dispute) of that day, plus chargebacks reversed that day (funds reinstated), also of
 * payments captured earlier. Streams each file in large chunks and keeps only the day's
 * positions and the refunds still pending, so memory follows the day's payments, not the ledger.
 *
 * It reads, it does not verify: hashes and schemas are the journal's and `payrail verify`'s job.
 * Lines appended while it runs are not read.
 */
export async function scanLedgerDay(dataDir: string, bounds: DayBounds, onProgress?: (progress: ScanProgress) => void, outcomesOf?: string): Promise<LedgerDayScan> {
  const positions = new DayPositions();
  const onDay = dayTest(bounds);
  // Per kind, each shard's file: a payment's refunds, disputes and lines are all in its merchant's shard.
  const files = (['refunds', 'disputes', 'payments'] as const).map((kind) => ledgerFiles(dataDir, kind).map(({ stream, file }) => ({ stream, file: path.join(dataDir, file) })));
  const sizes = await Promise.all(files.flat().map(({ file }) => fs.stat(file).then((stat) => stat.size, () => 0)));
  const bytesTotal = sizes.reduce((sum, size) => sum + size, 0);
  let bytesBefore = 0;
  let events = 0;
  const heads: Record<string, StreamHead> = {};
  const outcomes = new Map<string, string>();

  const line = new LineReader();
  const read = async (index: number, onLine: (buffer: Buffer, start: number, end: number, canonical: boolean) => void): Promise<void> => {
    for (const entry of files[index] ?? []) {
      const bytes = await forEachLine(
        entry.file,
        (buffer, start, end) => {
          events += 1;
          onLine(buffer, start, end, line.at(buffer, start, end));
        },
        (bytes_read) => onProgress?.({ stream: entry.stream, bytes_read: bytesBefore + bytes_read, bytes_total: bytesTotal, events }),
      );
      heads[entry.stream] = await headAt(entry.file, bytes);
      bytesBefore += bytes;
    }
  };

  // Refunds first: which payments had money go back that day (refund.created names the payment).
  const pendingRefunds = new Map<string, PendingRefund>();
  const reversedThatDay = new Set<string>();
  await read(0, (buffer, start, end, canonical) => {
    if (canonical && !line.typeIs(REFUND_CREATED) && !line.typeIs(REFUND_SUCCEEDED) && !line.typeIs(REFUND_FAILED)) return;
    const event = parseLine(buffer, start, end);
    if (event === null) return;
    const data = event.data as Data;
    if (event.type === 'refund.created') {
      pendingRefunds.set(event.ref, { payment_id: String(data['payment_intent']), amount: Number(data['amount']), currency: String(data['currency']), merchant: event.merchant_id ?? '' });
    } else if (event.type === 'refund.succeeded' || event.type === 'refund.failed') {
      const refund = pendingRefunds.get(event.ref);
      pendingRefunds.delete(event.ref);
      if (refund === undefined || event.type === 'refund.failed' || !onDay(event.timestamp)) return;
      const processor = isProcessorName(data['processor']) ? data['processor'] : processorOfPostings(event);
      if (processor === null) return;
      positions.addReversal({ payment_id: refund.payment_id, merchant: refund.merchant, currency: refund.currency, processor, amount: refund.amount });
      reversedThatDay.add(refund.payment_id);
    }
  });
  pendingRefunds.clear();

  // Disputes whose money moved that day: their payments' chargebacks (and reversals) are in the
  // payments stream, after the capture.
  const disputedPayments = new Map<string, string>();
  await read(1, (buffer, start, end, canonical) => {
    if (canonical && !line.typeIs(DISPUTE_OPENED) && !line.typeIs(DISPUTE_LOST) && !line.typeIs(DISPUTE_FUNDS_WITHDRAWN) && !line.typeIs(DISPUTE_FUNDS_REINSTATED)) return;
    const event = parseLine(buffer, start, end);
    if (event === null) return;
    if (event.type === 'dispute.opened') disputedPayments.set(event.ref, String((event.data as Data)['payment_intent']));
    else if (DISPUTE_MONEY_TYPES.has(event.type) && onDay(event.timestamp)) {
      const payment = disputedPayments.get(event.ref);
      if (payment !== undefined) reversedThatDay.add(payment);
    }
  });
  disputedPayments.clear();

  // Payments captured another day with a refund or chargeback that day: when they were captured.
  const capturedElsewhere = new Map<string, number>();
  const fields: CaptureFields = { ref_start: 0, ref_end: 0, merchant: '', currency: '', processor: '', amount: 0 };
  await read(2, (buffer, start, end, canonical) => {
    if (canonical && line.typeIs(CAPTURED)) {
      const captured_ms = line.timestampMs();
      const thatDay = captured_ms >= bounds.start_ms && captured_ms < bounds.end_ms;
      if (!thatDay && reversedThatDay.size === 0 && !Number.isNaN(captured_ms)) return;
      if (!Number.isNaN(captured_ms) && line.readCapture(fields) && isProcessorName(fields.processor)) {
        if (thatDay) positions.addCaptureOf(buffer, fields.ref_start, fields.ref_end, fields.merchant, fields.currency, fields.processor, fields.amount, captured_ms);
        else {
          const paymentId = buffer.toString('utf8', fields.ref_start, fields.ref_end);
          if (reversedThatDay.has(paymentId)) capturedElsewhere.set(paymentId, captured_ms);
        }
        return;
      }
    } else if (canonical && !line.typeIs(CHARGEBACK) && !line.typeIs(CHARGEBACK_REVERSED) && !(outcomesOf !== undefined && (line.typeIs(SETTLED) || line.typeIs(FLAGGED)))) {
      return;
    }
    const event = parseLine(buffer, start, end);
    if (event === null) return;
    const outcome = outcomesOf === undefined ? null : recordedOutcomeOf(event, outcomesOf);
    if (outcome !== null) outcomes.set(event.ref, outcome);
    else applyPaymentEvent(event);
  });

  function applyPaymentEvent(event: JournalEvent): void {
    const data = event.data as Data;
    if (event.type === 'payment_intent.captured') {
      const processor = data['processor'];
      const currency = event.postings?.[0]?.currency;
      if (!isProcessorName(processor) || currency === undefined) return;
      const captured_ms = Date.parse(event.timestamp);
      if (onDay(event.timestamp)) {
        positions.addCapture(event.ref, event.merchant_id ?? '', currency, processor, Number(data['amount_captured']), captured_ms);
      } else if (reversedThatDay.has(event.ref)) capturedElsewhere.set(event.ref, captured_ms);
    } else if ((event.type === 'payment_intent.chargeback' || event.type === 'payment_intent.chargeback_reversed') && onDay(event.timestamp)) {
      const processor = processorOfPostings(event);
      const currency = event.postings?.[0]?.currency;
      if (processor === null || currency === undefined) return;
      const movement = { payment_id: event.ref, merchant: event.merchant_id ?? '', currency, processor, amount: Number(data['amount']) };
      if (event.type === 'payment_intent.chargeback') positions.addReversal(movement);
      else positions.addReinstatement(movement);
    }
  }

  for (const [paymentId, captured_ms] of capturedElsewhere) positions.setCapturedAt(paymentId, captured_ms);
  return { positions, events, bytes: bytesBefore, heads, outcomes };
}
