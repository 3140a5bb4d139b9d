import { newId, processorFee, type ProcessorName } from '@payrail/core';
import type { EventDraft, JournalEvent } from '@payrail/journal';
import { STREAMS, ShardedJournal, capturePostings, readShardCount, reversalPostings, type StreamName } from '@payrail/ledger';
import { stringify } from 'csv-stringify/sync';
import { BANK_FILE_COLUMNS, type BankFileRow } from '../bankFile/bankFile';

export interface CapturedPayment {
  id: string;
  merchant: string;
  amount: number;
  currency: string;
  processor: ProcessorName;
  reference: string;
  fee: number;
}

/**
 * Writes ledger events for tests the way the gateway does (same types, data and postings), at chosen
 * times, through a real journal on the ledger streams: on a sharded data folder (`ledger/shards.json`,
 * written before `open`), each merchant's events on its shard's streams, under its shard's lock.
 */
export class LedgerFixture {
  private constructor(private readonly journal: ShardedJournal) {}

  static async open(dataDir: string): Promise<LedgerFixture> {
    return new LedgerFixture(await ShardedJournal.open({ dataDir, shards: readShardCount(dataDir), onEvent: () => {} }));
  }

  /** Appends `drafts`, all of `merchant`, to `stream` (its shard's, on a sharded ledger) as one command. */
  append(merchant: string, stream: StreamName, drafts: readonly EventDraft[]): Promise<JournalEvent[]> {
    return this.journal.transact(merchant, (tx) => drafts.map((draft) => tx.append(stream, draft)));
  }

  /** A payment created, authorized and captured at `at` (ISO). */
  async capture(args: { at: string; amount: number; currency?: string; processor?: ProcessorName; merchant?: string; captured?: number }): Promise<CapturedPayment> {
    const { at, amount } = args;
    const currency = args.currency ?? 'USD';
    const processor = args.processor ?? 'providerA';
    const merchant = args.merchant ?? 'm_demo';
    const captured = args.captured ?? amount;
    const id = newId('pi');
    const reference = `ch_${id.slice(-24)}`;
    const fee = processorFee(processor, captured);
    const base = { ref: id, merchant_id: merchant, correlation_id: newId('corr'), timestamp: at };
    await this.append(merchant, STREAMS.payments, [
      { ...base, type: 'payment_intent.created', data: { amount, currency, capture_method: 'automatic', payment_method: newId('tok'), card: { brand: 'visa', bin: '424242', last4: '4242' }, customer: null, metadata: {}, description: null } },
      { ...base, type: 'payment_intent.authorization_requested', data: { processor, routing_reason: 'test', attempt: 1 } },
      { ...base, type: 'payment_intent.authorized', data: { processor, processor_reference: reference, amount_capturable: amount } },
      {
        ...base,
        type: 'payment_intent.captured',
        data: { amount_captured: captured, processor, processor_reference: reference, fee },
        postings: capturePostings({ processor, merchant, amount: captured, currency, fee }),
      },
    ]);
    return { id, merchant, amount: captured, currency, processor, reference, fee };
  }

  /** A refund of `payment` that succeeds at `at`; returns its processor reference. */
  async refund(payment: CapturedPayment, args: { at: string; amount: number }): Promise<string> {
    const id = newId('re');
    const reference = `re_${id.slice(-24)}`;
    const base = { ref: id, merchant_id: payment.merchant, correlation_id: newId('corr'), timestamp: args.at };
    await this.append(payment.merchant, STREAMS.refunds, [
      { ...base, type: 'refund.created', data: { payment_intent: payment.id, amount: args.amount, currency: payment.currency, status: 'approved' } },
      {
        ...base,
        type: 'refund.succeeded',
        data: { processor: payment.processor, processor_reference: reference },
        postings: reversalPostings({ processor: payment.processor, merchant: payment.merchant, amount: args.amount, currency: payment.currency }),
      },
    ]);
    return reference;
  }

  /** A dispute opened on `payment` and lost at `at`: the payment's chargeback. */
  async chargeback(payment: CapturedPayment, args: { opened: string; at: string }): Promise<void> {
    const dispute = newId('dp');
    const base = { merchant_id: payment.merchant, correlation_id: newId('corr') };
    await this.append(payment.merchant, STREAMS.disputes, [{
      ...base,
      ref: dispute,
      timestamp: args.opened,
      type: 'dispute.opened',
      data: { payment_intent: payment.id, amount: payment.amount, currency: payment.currency, reason: 'fraudulent', processor: payment.processor },
    }]);
    await this.journal.transact(payment.merchant, (tx) => {
      tx.append(STREAMS.payments, {
        ...base,
        ref: payment.id,
        timestamp: args.at,
        type: 'payment_intent.chargeback',
        data: { dispute, amount: payment.amount },
        postings: reversalPostings({ processor: payment.processor, merchant: payment.merchant, amount: payment.amount, currency: payment.currency }),
      });
      tx.append(STREAMS.disputes, { ...base, ref: dispute, timestamp: args.at, type: 'dispute.lost', data: {} });
    });
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}

/** A bank row as the bank writes it for a capture of `payment` on `date`. */
export function captureRow(payment: CapturedPayment, date: string): BankFileRow {
  return { payment_id: payment.id, processor_reference: payment.reference, type: 'capture', gross: payment.amount, fee: payment.fee, net: payment.amount - payment.fee, currency: payment.currency, settled_date: date, processor: payment.processor };
}

/** The CSV text of a bank statement with these rows. */
export function bankCsv(rows: readonly BankFileRow[]): string {
  return stringify(rows.map((row) => BANK_FILE_COLUMNS.map((column) => row[column] ?? '')), { header: true, columns: [...BANK_FILE_COLUMNS] });
}
