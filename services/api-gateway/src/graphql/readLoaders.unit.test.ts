import { GENESIS_HASH, sealEvent } from '@payrail/journal';
import { LedgerState, STREAMS } from '@payrail/ledger';
import type { DeliveryAttempt, DeliveryLog } from '../webhooks/deliveryLog';
import { ReadLoaders } from './readLoaders';

// Given a read model with two merchants' payments, refunds and a dispute, when one level of a query
// asks for the nested objects of a page (the lookups of one tick), then each kind is read in one
// batch, each key once, and another merchant's objects read as nothing.

const id = (prefix: string, n: number): string => `${prefix}_01m80jjpmbcsz4p14yscdn${n.toString(32).padStart(4, '0')}`;
const PAYMENTS = [1, 2, 3].map((n) => id('pi', n));
const OTHER_PAYMENT = id('pi', 9);

function readModel(): LedgerState {
  const state = new LedgerState();
  const heads = new Map<string, { seq: number; hash: string }>();
  let n = 0;
  const apply = (stream: string, type: string, ref: string, data: Record<string, unknown>, merchant = 'm_demo'): void => {
    const head = heads.get(stream) ?? { seq: 0, hash: GENESIS_HASH };
    n += 1;
    const { event } = sealEvent({ type, ref, data, merchant_id: merchant, event_id: id('evt', n), seq: head.seq + 1, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), prev_hash: head.hash });
    heads.set(stream, { seq: event.seq, hash: event.hash });
    state.apply(stream, event);
  };
  for (const payment of PAYMENTS) apply(STREAMS.payments, 'payment_intent.created', payment, { amount: 1000, currency: 'USD', capture_method: 'automatic' });
  apply(STREAMS.payments, 'payment_intent.created', OTHER_PAYMENT, { amount: 500, currency: 'EUR', capture_method: 'automatic' }, 'm_other');
  apply(STREAMS.refunds, 'refund.created', id('re', 1), { payment_intent: PAYMENTS[0], amount: 100, currency: 'USD', status: 'approved' });
  apply(STREAMS.refunds, 'refund.created', id('re', 2), { payment_intent: PAYMENTS[0], amount: 200, currency: 'USD', status: 'approved' });
  apply(STREAMS.refunds, 'refund.created', id('re', 3), { payment_intent: OTHER_PAYMENT, amount: 50, currency: 'EUR', status: 'approved' }, 'm_other');
  apply(STREAMS.disputes, 'dispute.opened', id('dp', 1), { payment_intent: PAYMENTS[1], amount: 1000, currency: 'USD', reason: 'fraudulent', processor: 'providerA' });
  apply(STREAMS.disputes, 'dispute.opened', id('dp', 2), { payment_intent: OTHER_PAYMENT, amount: 500, currency: 'EUR', reason: 'fraudulent', processor: 'providerB' }, 'm_other');
  return state;
}

/** A delivery log that counts its reads and holds one attempt per event. */
function deliveryLog(): { log: DeliveryLog; reads: () => number } {
  let reads = 0;
  const attempt = (eventId: string): DeliveryAttempt => ({
    object: 'webhook_delivery_attempt', delivery_id: `del_${eventId}`, event_id: eventId, event_type: 'payment_intent.created', endpoint: { id: 'we_1', url: 'http://127.0.0.1:9/hook', secret_ids: ['sec_1'] },
    attempt: 1, attempted_at: '2026-01-01T00:00:01.000Z', status_code: 200, latency_ms: 3, error: null, outcome: 'delivered', next_retry_at: null, webhook_lag_ms: 10, headers: {}, manual: false,
  });
  const log = {
    refresh: async () => {
      reads += 1;
    },
    attempts: (eventId: string) => [attempt(eventId)],
    inDeadLetterQueue: () => false,
  } as unknown as DeliveryLog;
  return { log, reads: () => reads };
}

describe('ReadLoaders', () => {
  test('the lookups of one level are one batch per kind, each key read once', async () => {
    const state = readModel();
    const loaders = new ReadLoaders(state, 'm_demo', deliveryLog().log);
    const reads = jest.spyOn(state.refundsByPayment, 'get');
    // A page of three payments, one of them twice (an alias): its refunds, its payment, its dispute.
    const [refunds, payments, disputes] = await Promise.all([
      Promise.all([...PAYMENTS, PAYMENTS[0] as string].map((payment) => loaders.refundsOfPayment.load(payment))),
      Promise.all(PAYMENTS.map((payment) => loaders.paymentIntent.load(payment))),
      Promise.all([id('dp', 1), id('dp', 1)].map((dispute) => loaders.dispute.load(dispute))),
    ]);
    expect(loaders.batches).toEqual({ refunds_of_payment: [3], payment_intent: [3], dispute: [1] });
    expect(reads).toHaveBeenCalledTimes(3);
    // Newest first, as GET /v1/refunds?payment_intent= lists them.
    expect(refunds.map((list) => list.map((refund) => refund.id))).toEqual([[id('re', 2), id('re', 1)], [], [], [id('re', 2), id('re', 1)]]);
    expect(payments.map((payment) => payment?.id)).toEqual(PAYMENTS);
    expect(disputes.map((dispute) => dispute?.payment_intent)).toEqual([PAYMENTS[1], PAYMENTS[1]]);

    // The next level is a batch of its own; keys already read come from the request's cache.
    await Promise.all([loaders.paymentIntent.load(PAYMENTS[0] as string), loaders.escrowOfPayment.load(PAYMENTS[0] as string)]);
    expect(loaders.batches).toEqual({ refunds_of_payment: [3], payment_intent: [3], dispute: [1], escrow_of_payment: [1] });
  });

  test("another merchant's objects read as nothing: no payment, no refunds, no dispute", async () => {
    const loaders = new ReadLoaders(readModel(), 'm_demo', deliveryLog().log);
    expect(await loaders.paymentIntent.load(OTHER_PAYMENT)).toBeNull();
    expect(await loaders.refundsOfPayment.load(OTHER_PAYMENT)).toEqual([]);
    expect(await loaders.dispute.load(id('dp', 2))).toBeNull();
    expect(await loaders.escrowOfPayment.load(OTHER_PAYMENT)).toBeNull();
    const theirs = new ReadLoaders(readModel(), 'm_other', deliveryLog().log);
    expect((await theirs.refundsOfPayment.load(OTHER_PAYMENT)).map((refund) => refund.id)).toEqual([id('re', 3)]);
  });

  test('the deliveries of a page of events are one read of the delivery log, each as GET /v1/events/{id}/deliveries answers', async () => {
    const { log, reads } = deliveryLog();
    const loaders = new ReadLoaders(readModel(), 'm_demo', log);
    const events = [id('evt', 1), id('evt', 2), id('evt', 3)];
    const answers = await Promise.all(events.map((event) => loaders.deliveriesOfEvent.load(event)));
    expect(reads()).toBe(1);
    expect(loaders.batches).toEqual({ deliveries_of_event: [3] });
    expect(answers[0]).toEqual({
      object: 'list', has_more: false, url: `/v1/events/${events[0]}/deliveries`, data: [expect.objectContaining({ event_id: events[0] })],
      deliveries: [{ delivery_id: `del_${events[0]}`, endpoint: { id: 'we_1', url: 'http://127.0.0.1:9/hook', secret_ids: ['sec_1'] }, attempts: 1, state: 'delivered', next_retry_at: null }],
    });
  });
});
