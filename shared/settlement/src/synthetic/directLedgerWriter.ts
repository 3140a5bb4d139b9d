import { createIdGenerator, DECLINE_DIALECTS, processorFee, type ProcessorDeclineCode, type ProcessorName } from '@payrail/core';
import { COMMAND_EVENTS_MAX, type EventDraft } from '@payrail/journal';
import { capturePostings, merchantShards, openShardCount, reversalPostings, ShardedJournal, STREAMS, type StreamName } from '@payrail/ledger';
import { dayBounds } from '../businessDay/businessDay';
import type { ProgressListener } from '../progress/progressBar';
import { BankStatementWriter, type SettledMovement, type StatementDay } from './bankStatementWriter';
import { processorReference } from './processorReference';
import { between, seededIdSource, seededRandom } from './seededRandom';
import type { PlannedOutcome, PlannedPayment, TrafficPlan } from './trafficPlan';

/** Events handed to the journal per flush: a few group commits of full commands, with little held in memory. */
const FLUSH_EVENTS = 128 * COMMAND_EVENTS_MAX;

/** What `writeDirectLedger` wrote, per day and in total. */
export interface DirectLedgerSummary {
  /** Ledger lines appended per stream. */
  events: Record<StreamName, number>;
  outcomes: Partial<Record<PlannedOutcome, number>>;
  days: Array<StatementDay & { payments_started: number; captures: number; refunds: number; chargebacks: number }>;
}

/** A payment's facts the later steps (capture, refund, dispute) need: small, so pending steps stay cheap. */
interface PaymentState {
  id: string;
  merchant: string;
  currency: string;
  amount: number;
  processor: ProcessorName;
  reference: string;
  captured: number;
  plan: Pick<PlannedPayment, 'capture' | 'void_after_ms' | 'refund' | 'dispute'>;
}

interface Step {
  at_ms: number;
  seq: number;
  run: () => Promise<void>;
}

/** A binary min-heap of pending steps by time, then by the order they were scheduled. */
class StepQueue {
  private readonly heap: Step[] = [];
  private seq = 0;
  get size(): number {
    return this.heap.length;
  }
  peek(): Step | undefined {
    return this.heap[0];
  }
  push(at_ms: number, run: () => Promise<void>): void {
    const heap = this.heap;
    heap.push({ at_ms, seq: this.seq++, run });
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Step, heap[parent] as Step)) break;
      [heap[i], heap[parent]] = [heap[parent] as Step, heap[i] as Step];
      i = parent;
    }
  }
  pop(): Step | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < heap.length && before(heap[left] as Step, heap[least] as Step)) least = left;
        if (right < heap.length && before(heap[right] as Step, heap[least] as Step)) least = right;
        if (least === i) break;
        [heap[i], heap[least]] = [heap[least] as Step, heap[i] as Step];
        i = least;
      }
    }
    return top;
  }
}

const before = (a: Step, b: Step): boolean => a.at_ms < b.at_ms || (a.at_ms === b.at_ms && a.seq < b.seq);

/**
 * Plays a traffic plan straight into the ledger of `dataDir`, through the journal (valid, hash-chained
 * lines, as the gateway would have written them, with timestamps and ids from the seed), and writes
 * the bank's statement of every day with the injected mismatches. The ledger must be empty: the same
 * seed then gives byte-identical files. Steps after the last day's end are not played.
 *
 * On a sharded ledger (`shards`, as LEDGER_SHARDS: 0 or absent follows the folder, see openShardCount;
 * a count on a new folder is written to `ledger/shards.json`), each merchant's events go to its shard,
 * each shard through its own journal and lock: the same seed gives the same events, in other files.
 */
export async function writeDirectLedger(options: {
  dataDir: string;
  plan: TrafficPlan;
  mismatchPercent: number;
  shards?: number;
  onProgress?: ProgressListener;
}): Promise<DirectLedgerSummary> {
  const { dataDir, plan, onProgress } = options;
  const { seed, timezone } = plan.options;
  const dates = plan.dates();
  const lastDate = dates[dates.length - 1] ?? plan.options.start;
  const starts = dates.map((date) => dayBounds(date, timezone).start_ms);
  const end_ms = dayBounds(lastDate, timezone).end_ms;
  /** The index of the plan's day an instant falls on (instants are within the plan). */
  const dayOf = (at_ms: number): number => {
    let day = starts.length - 1;
    while (day > 0 && at_ms < (starts[day] ?? 0)) day -= 1;
    return day;
  };
  const journal = await ShardedJournal.open({ dataDir, shards: openShardCount(dataDir, options.shards), onEvent: () => {} });
  const shardOf = merchantShards(journal.shards);
  const nonEmpty = Object.entries(journal.heads()).filter(([, head]) => head.offset > 0).map(([stream]) => stream);
  if (nonEmpty.length > 0) {
    await journal.close();
    throw new Error(`the ledger in ${dataDir} already has events (${nonEmpty.join(', ')}): synthetic data goes into an empty data folder, so that a seed always gives the same files`);
  }

  let clock = 0;
  const newId = createIdGenerator(seededIdSource(seededRandom(seed, 'ids'), () => clock));
  const random = seededRandom(seed, 'lifecycle');
  const bank = new BankStatementWriter(dataDir, seed, options.mismatchPercent);
  const summary: DirectLedgerSummary = { events: { [STREAMS.payments]: 0, [STREAMS.refunds]: 0, [STREAMS.disputes]: 0 } as Record<StreamName, number>, outcomes: {}, days: [] };
  const dayCounts = dates.map(() => ({ payments_started: 0, captures: 0, refunds: 0, chargebacks: 0 }));
  let pending: Array<{ stream: StreamName; merchant: string; draft: EventDraft }> = [];
  const queue = new StepQueue();
  let bankDay = -1;

  const flush = async (): Promise<void> => {
    // Each shard's drafts in the order they were made, in commands of that shard only.
    const byShard = Array.from({ length: journal.shards }, (): typeof pending => []);
    for (const entry of pending) byShard[shardOf(entry.merchant)]?.push(entry);
    pending = [];
    const commands: Array<Promise<void>> = [];
    for (const drafts of byShard) {
      for (let i = 0; i < drafts.length; i += COMMAND_EVENTS_MAX) {
        const chunk = drafts.slice(i, i + COMMAND_EVENTS_MAX);
        commands.push(journal.transact(chunk[0]?.merchant ?? '', (tx) => chunk.forEach(({ stream, draft }) => tx.append(stream, draft))));
      }
    }
    await Promise.all(commands);
  };

  const append = async (at_ms: number, stream: StreamName, draft: Omit<EventDraft, 'event_id' | 'timestamp'> & { merchant_id: string }): Promise<void> => {
    clock = at_ms;
    pending.push({ stream, merchant: draft.merchant_id, draft: { ...draft, event_id: newId('evt'), timestamp: new Date(at_ms).toISOString() } });
    summary.events[stream] += 1;
    if (pending.length >= FLUSH_EVENTS) await flush();
  };

  /** Opens bank statements up to the day of `at_ms` (empty days get a file with only its header). */
  const bankDayOf = async (at_ms: number): Promise<number> => {
    const target = dayOf(at_ms);
    while (bankDay < target) {
      bankDay += 1;
      await bank.startDay(dates[bankDay] ?? lastDate);
    }
    return target;
  };

  const settle = async (movement: Omit<SettledMovement, 'date'>): Promise<void> => {
    const day = await bankDayOf(movement.at_ms);
    await bank.add({ ...movement, date: dates[day] ?? lastDate });
    const counts = dayCounts[day];
    if (counts !== undefined) {
      if (movement.type === 'capture') counts.captures += 1;
      else if (movement.type === 'refund') counts.refunds += 1;
      else counts.chargebacks += 1;
    }
  };

  const later = (at_ms: number, run: () => Promise<void>): void => {
    if (at_ms < end_ms) queue.push(at_ms, run);
  };

  const capture = async (at_ms: number, state: PaymentState, amount: number, correlation_id: string): Promise<void> => {
    const fee = processorFee(state.processor, amount);
    state.captured = amount;
    await append(at_ms, STREAMS.payments, {
      type: 'payment_intent.captured',
      ref: state.id,
      merchant_id: state.merchant,
      correlation_id,
      data: { amount_captured: amount, processor: state.processor, processor_reference: state.reference, fee },
      postings: capturePostings({ processor: state.processor, merchant: state.merchant, amount, currency: state.currency, fee }),
    });
    await settle({ at_ms, payment_id: state.id, processor_reference: state.reference, type: 'capture', amount, currency: state.currency, processor: state.processor });
    const { refund, dispute } = state.plan;
    if (refund !== null) later(at_ms + refund.after_ms, () => refundPayment(at_ms + refund.after_ms, state, refund.amount));
    if (dispute !== null) later(at_ms + dispute.opens_after_ms, () => openDispute(at_ms + dispute.opens_after_ms, state, dispute));
  };

  const refundPayment = async (at_ms: number, state: PaymentState, amount: number): Promise<void> => {
    clock = at_ms;
    const refundId = newId('re');
    const correlation_id = newId('corr');
    const base = { ref: refundId, merchant_id: state.merchant, correlation_id };
    await append(at_ms, STREAMS.refunds, {
      ...base,
      type: 'refund.created',
      data: { payment_intent: state.id, amount, currency: state.currency, reason: 'requested_by_customer', status: 'approved', metadata: {} },
    });
    const succeeded = at_ms + between(random, 300, 1_500);
    later(succeeded, async () => {
      const reference = processorReference(state.processor, 'refund', random);
      await append(succeeded, STREAMS.refunds, {
        ...base,
        type: 'refund.succeeded',
        data: { processor: state.processor, processor_reference: reference },
        postings: reversalPostings({ processor: state.processor, merchant: state.merchant, amount, currency: state.currency }),
      });
      await settle({ at_ms: succeeded, payment_id: state.id, processor_reference: reference, type: 'refund', amount, currency: state.currency, processor: state.processor });
    });
  };

  const openDispute = async (at_ms: number, state: PaymentState, dispute: NonNullable<PaymentState['plan']['dispute']>): Promise<void> => {
    clock = at_ms;
    const disputeId = newId('dp');
    const base = { ref: disputeId, merchant_id: state.merchant, correlation_id: newId('corr') };
    await append(at_ms, STREAMS.disputes, {
      ...base,
      type: 'dispute.opened',
      data: { payment_intent: state.id, amount: state.captured, currency: state.currency, reason: 'fraudulent', processor: state.processor, processor_dispute_id: processorReference(state.processor, 'dispute', random) },
    });
    if (dispute.evidence_after_ms !== null) {
      const at = at_ms + dispute.evidence_after_ms;
      later(at, () => append(at, STREAMS.disputes, { ...base, type: 'dispute.evidence_submitted', data: { text: 'Receipt, delivery confirmation and the customer\'s order history attached.', file_name: 'evidence.pdf' } }));
    }
    const closes = at_ms + dispute.closes_after_ms;
    later(closes, async () => {
      if (dispute.lost) {
        await append(closes, STREAMS.payments, {
          ...base,
          type: 'payment_intent.chargeback',
          ref: state.id,
          data: { dispute: disputeId, amount: state.captured },
          postings: reversalPostings({ processor: state.processor, merchant: state.merchant, amount: state.captured, currency: state.currency }),
        });
        await settle({ at_ms: closes, payment_id: state.id, processor_reference: state.reference, type: 'chargeback', amount: state.captured, currency: state.currency, processor: state.processor });
      }
      await append(closes, STREAMS.disputes, { ...base, type: dispute.lost ? 'dispute.lost' : 'dispute.won', data: {} });
    });
  };

  const start = async (payment: PlannedPayment): Promise<void> => {
    clock = payment.at_ms;
    const paymentId = newId('pi');
    const token = newId('tok');
    const merchant = payment.merchant;
    const card = { brand: payment.card.brand, bin: payment.card.bin, last4: payment.card.last4, exp_month: payment.card.exp_month, exp_year: payment.card.exp_year, country: payment.card.country };
    await append(payment.at_ms, STREAMS.payments, {
      type: 'payment_intent.created',
      ref: paymentId,
      merchant_id: merchant,
      correlation_id: newId('corr'),
      data: {
        amount: payment.amount,
        currency: payment.currency,
        capture_method: payment.capture_method,
        payment_method: token,
        card,
        customer: { name: payment.customer.name, email: payment.customer.email, ip: payment.customer.ip, country: payment.customer.country },
        metadata: { customer_ref: payment.customer.ref, mcc: payment.customer.mcc },
        description: `Synthetic order ${payment.index + 1}`,
      },
    });
    const confirmAt = payment.at_ms + payment.confirm_after_ms;
    later(confirmAt, async () => {
      const correlation_id = newId('corr');
      const base = { ref: paymentId, merchant_id: merchant, correlation_id };
      await append(confirmAt, STREAMS.payments, {
        ...base,
        type: 'payment_intent.authorization_requested',
        data: { processor: payment.processor, routing_reason: 'synthetic traffic: weighted by currency', attempt: 1, payment_method: token, card },
      });
      const answerAt = confirmAt + payment.answer_ms;
      later(answerAt, async () => {
        const reference = processorReference(payment.processor, 'charge', random);
        if (payment.outcome !== 'succeeds' && payment.outcome !== 'disputed' && payment.outcome !== 'timeout') {
          const code: ProcessorDeclineCode = payment.outcome;
          await append(answerAt, STREAMS.payments, { ...base, type: 'payment_intent.declined', data: { decline_code: code, message: DECLINE_DIALECTS[code].stripe.message, processor: payment.processor, processor_reference: reference } });
          return;
        }
        await append(answerAt, STREAMS.payments, { ...base, type: 'payment_intent.authorized', data: { processor: payment.processor, processor_reference: reference, amount_capturable: payment.amount } });
        const plan = { capture: payment.capture, void_after_ms: payment.void_after_ms, refund: payment.refund, dispute: payment.dispute };
        const state: PaymentState = { id: paymentId, merchant, currency: payment.currency, amount: payment.amount, processor: payment.processor, reference, captured: 0, plan };
        if (payment.capture_method === 'automatic') {
          await capture(answerAt, state, payment.amount, correlation_id);
        } else if (plan.capture !== null) {
          const at = answerAt + plan.capture.after_ms;
          const amount = plan.capture.amount;
          later(at, () => {
            clock = at;
            return capture(at, state, amount, newId('corr'));
          });
        } else if (plan.void_after_ms !== null) {
          const at = answerAt + plan.void_after_ms;
          later(at, () => {
            clock = at;
            return append(at, STREAMS.payments, { ref: paymentId, merchant_id: merchant, correlation_id: newId('corr'), type: 'payment_intent.reversed', data: { reason: 'voided', processor_reference: reference } });
          });
        }
      });
    });
  };

  const runUntil = async (at_ms: number): Promise<void> => {
    for (let step = queue.peek(); step !== undefined && step.at_ms <= at_ms; step = queue.peek()) {
      queue.pop();
      clock = step.at_ms;
      await step.run();
    }
  };

  try {
    const total = plan.options.payments;
    let started = 0;
    for (const payment of plan.payments()) {
      await runUntil(payment.at_ms);
      await start(payment);
      started += 1;
      summary.outcomes[payment.outcome] = (summary.outcomes[payment.outcome] ?? 0) + 1;
      const counts = dayCounts[dayOf(payment.at_ms)];
      if (counts !== undefined) counts.payments_started += 1;
      if (started % 1_000 === 0) onProgress?.({ phase: 'payments', rows: started, fraction: started / total });
    }
    await runUntil(end_ms - 1);
    await bankDayOf(end_ms - 1);
    await bank.endDay();
    await flush();
    onProgress?.({ phase: 'payments', rows: started, fraction: 1 });
  } catch (error) {
    await bank.abort();
    throw error;
  } finally {
    await journal.close();
  }
  summary.days = bank.days.map((day, i) => ({ ...day, ...(dayCounts[i] ?? { payments_started: 0, captures: 0, refunds: 0, chargebacks: 0 }) }));
  return summary;
}

