import { sealEvent, GENESIS_HASH, type JournalEvent } from '@payrail/journal';
import { LedgerState, STREAMS } from './ledgerState';
import { eventTypeMatches, objectAsOf, toWebhookPayload, webhookPayloadOf } from './webhookPayload';

const PI = 'pi_01m80jjpmbcsz4p14yscdnrvhz';
const RE = 're_01m80jjpmbcsz4p14yscdnrvj1';

/** A small history: a payment created, authorized and captured, then partly refunded. */
function history(): Array<{ stream: string; event: JournalEvent }> {
  const heads = new Map<string, { seq: number; hash: string }>();
  let n = 0;
  const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
  const seal = (stream: string, second: number, type: string, ref: string, data: Record<string, unknown>) => {
    const head = heads.get(stream) ?? { seq: 0, hash: GENESIS_HASH };
    const { event } = sealEvent({ type, ref, data, merchant_id: 'm_demo', event_id: `evt_01m80jjpmbcsz4p14yscdnr0${(++n).toString(32).padStart(2, '0')}`, seq: head.seq + 1, timestamp: at(second), prev_hash: head.hash });
    heads.set(stream, { seq: event.seq, hash: event.hash });
    return { stream, event };
  };
  return [
    seal(STREAMS.payments, 1, 'payment_intent.created', PI, { amount: 1000, currency: 'USD', capture_method: 'automatic' }),
    seal(STREAMS.payments, 2, 'payment_intent.authorized', PI, { processor: 'providerA', processor_reference: 'ch_1', amount_capturable: 1000 }),
    seal(STREAMS.payments, 3, 'payment_intent.captured', PI, { amount_captured: 1000, processor: 'providerA' }),
    seal(STREAMS.refunds, 4, 'refund.created', RE, { payment_intent: PI, amount: 300, currency: 'USD', status: 'approved' }),
    seal(STREAMS.refunds, 5, 'refund.succeeded', RE, { processor: 'providerA', processor_reference: 'rf_1' }),
    seal(STREAMS.payments, 6, 'payment_intent.settled', PI, { settlement_date: '2026-01-02' }),
  ];
}

describe('webhook payloads', () => {
  it('shows each event with its object as it was right after that event', () => {
    const events = history();
    const state = new LedgerState();
    for (const { stream, event } of events) state.apply(stream, event);
    const [created, , captured, refundCreated, , settled] = events.map(({ event }) => webhookPayloadOf(state, event));
    expect(created).toMatchObject({ object: 'event', type: 'payment_intent.created', api_version: '2026-11-01', livemode: false, created: 1767225601, data: { object: { id: PI, status: 'created', amount_received: 0 } } });
    expect(captured?.data.object).toMatchObject({ status: 'captured', amount_received: 1000, amount_refunded: 0 });
    expect(refundCreated?.data.object).toMatchObject({ id: RE, object: 'refund', status: 'approved' });
    expect(settled?.data.object).toMatchObject({ status: 'settled', amount_refunded: 300 });
  });

  it('gives the same bytes whatever order the streams were read in (live commits or a replay stream by stream)', () => {
    const events = history();
    const live = new LedgerState();
    for (const { stream, event } of events) live.apply(stream, event);
    const replayed = new LedgerState();
    for (const name of [STREAMS.payments, STREAMS.refunds]) for (const { stream, event } of events) if (stream === name) replayed.apply(stream, event);
    for (const { event } of events) expect(JSON.stringify(webhookPayloadOf(replayed, event))).toBe(JSON.stringify(webhookPayloadOf(live, event)));
  });

  it('returns null for an event outside the related events, or a type merchants do not see', () => {
    const events = history();
    expect(objectAsOf(events.slice(0, 2), (events[3] as { event: JournalEvent }).event)).toBeNull();
    const state = new LedgerState();
    const { event } = events[0] as { event: JournalEvent };
    state.apply(STREAMS.payments, event);
    expect(webhookPayloadOf(state, { ...event, type: 'payment_intent.authorization_requested' })).toBeNull();
    expect(toWebhookPayload(event, state.payments.get(PI) as never).id).toBe(event.event_id);
  });

  it.each([
    ['*', 'dispute.lost', true],
    ['refund.*', 'refund.succeeded', true],
    ['refund.*', 'payment_intent.created', false],
    ['payment_intent.captured', 'payment_intent.captured', true],
    ['payment_intent.captured', 'payment_intent.created', false],
    ['payment_intent.*', 'payment_intent_x.created', false],
  ])('subscription %s covers %s: %s', (pattern, type, expected) => {
    expect(eventTypeMatches(pattern, type)).toBe(expected);
  });
});
