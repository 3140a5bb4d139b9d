import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isProcessorName, type ProcessorName } from '@payrail/core';
import type { JournalEvent } from '@payrail/journal';
import { STREAMS } from '@payrail/ledger';
import type { DayBounds } from '../businessDay/businessDay';
import { DayPositions } from './dayPositions';
import { forEachLine } from './forEachLine';
import { LineReader, parseLine, type CaptureFields } from './ledgerLine';

/** What a scan reports as it goes: the stream being read and the bytes read of all three. */
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
}

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
const CAPTURED = latin1('payment_intent.captured');
const CHARGEBACK = latin1('payment_intent.chargeback');
const CHARGEBACK_REVERSED = latin1('payment_intent.chargeback_reversed');
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
 * Reads the ledger files of `dataDir` once and returns what every payment did on the business day:
 * captures of that day (with the expected processor fee), minus refunds and chargebacks (funds
 * withdrawn by a dispute) of that day, plus chargebacks reversed that day (funds reinstated), also of
 * payments captured earlier. Streams each file in large chunks and keeps only the day's
 * positions and the refunds still pending, so memory follows the day's payments, not the ledger.
 *
 * It reads, it does not verify: hashes and schemas are the journal's and `payrail verify`'s job.
 * Lines appended while it runs are not read.
 */
export async function scanLedgerDay(dataDir: string, bounds: DayBounds, onProgress?: (progress: ScanProgress) => void): Promise<LedgerDayScan> {
  const positions = new DayPositions();
  const onDay = dayTest(bounds);
  const files = [STREAMS.refunds, STREAMS.disputes, STREAMS.payments].map((stream) => ({ stream, file: path.join(dataDir, `${stream}.jsonl`) }));
  const sizes = await Promise.all(files.map(({ file }) => fs.stat(file).then((stat) => stat.size, () => 0)));
  const bytesTotal = sizes.reduce((sum, size) => sum + size, 0);
  let bytesBefore = 0;
  let events = 0;

  const line = new LineReader();
  const read = async (index: number, onLine: (buffer: Buffer, start: number, end: number, canonical: boolean) => void): Promise<void> => {
    const entry = files[index];
    if (entry === undefined) return;
    const bytes = await forEachLine(
      entry.file,
      (buffer, start, end) => {
        events += 1;
        onLine(buffer, start, end, line.at(buffer, start, end));
      },
      (bytes_read) => onProgress?.({ stream: entry.stream, bytes_read: bytesBefore + bytes_read, bytes_total: bytesTotal, events }),
    );
    bytesBefore += bytes;
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
  const fields: CaptureFields = { payment_id: '', merchant: '', currency: '', processor: '', amount: 0 };
  await read(2, (buffer, start, end, canonical) => {
    if (canonical && line.typeIs(CAPTURED)) {
      const captured_ms = line.timestampMs();
      const thatDay = captured_ms >= bounds.start_ms && captured_ms < bounds.end_ms;
      if (!thatDay && reversedThatDay.size === 0 && !Number.isNaN(captured_ms)) return;
      if (!Number.isNaN(captured_ms) && line.readCapture(fields) && isProcessorName(fields.processor)) {
        if (thatDay) positions.addCapture(fields.payment_id, fields.merchant, fields.currency, fields.processor, fields.amount, captured_ms);
        else if (reversedThatDay.has(fields.payment_id)) capturedElsewhere.set(fields.payment_id, captured_ms);
        return;
      }
    } else if (canonical && !line.typeIs(CHARGEBACK) && !line.typeIs(CHARGEBACK_REVERSED)) {
      return;
    }
    const event = parseLine(buffer, start, end);
    if (event !== null) applyPaymentEvent(event);
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
  return { positions, events, bytes: bytesBefore };
}
