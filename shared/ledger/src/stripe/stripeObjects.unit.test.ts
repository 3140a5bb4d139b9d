import fc from 'fast-check';
import { GENESIS_HASH, sealEvent, type JournalEvent } from '@payrail/journal';
import { LedgerState, STREAMS } from '../ledgerState';
import type { PaymentStatus } from '../model';
import { parseStripeEventId, stripeEventId, stripeEventsOf } from './stripeEvents';
import { STRIPE_PAYMENT_INTENT_STATUSES, chargeIdOf, paymentIntentIdOfCharge, paymentMethodIdOf, stripeCharge, stripePaymentIntent, stripeStatus, tokenOfPaymentMethod, type StripePaymentIntentStatus } from './stripeObjects';

const PI = 'pi_01m80jjpmbcsz4p14yscdnrvhz';
const TOKEN = 'tok_01m80jjpmbcsz4p14yscdnrvh0';
const STATUSES: PaymentStatus[] = ['created', 'authorized', 'captured', 'settled', 'declined', 'reversed', 'chargeback'];

/** The moves Stripe's own PaymentIntent lifecycle allows (and staying put). */
const STRIPE_MOVES: Record<StripePaymentIntentStatus, StripePaymentIntentStatus[]> = {
  requires_payment_method: ['requires_confirmation', 'processing', 'canceled'],
  requires_confirmation: ['processing', 'canceled', 'requires_payment_method'],
  requires_action: ['processing', 'canceled'],
  processing: ['requires_capture', 'succeeded', 'requires_payment_method', 'canceled'],
  requires_capture: ['succeeded', 'canceled'],
  succeeded: [],
  canceled: [],
};

/** The native commands, as the ledger events they append; each allowed only in some PayRail states. */
type Step = 'update_pm' | 'confirm' | 'authorize' | 'decline' | 'auto_capture' | 'capture' | 'void' | 'cancel_unconfirmed' | 'settle' | 'chargeback' | 'chargeback_reversed';
const STEPS: Step[] = ['update_pm', 'confirm', 'authorize', 'decline', 'auto_capture', 'capture', 'void', 'cancel_unconfirmed', 'settle', 'chargeback', 'chargeback_reversed'];

function run(steps: Step[], capture: 'automatic' | 'manual', withPm: boolean): StripePaymentIntentStatus[] {
  const state = new LedgerState();
  let seq = 0;
  let hash = GENESIS_HASH;
  let second = 0;
  const append = (type: string, data: Record<string, unknown>): void => {
    second += 1;
    const { event } = sealEvent({ type, ref: PI, data, merchant_id: 'm_demo', event_id: `evt_01m80jjpmbcsz4p14yscdn${String(seq + 1).padStart(4, "0")}`, seq: seq + 1, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(), prev_hash: hash });
    seq = event.seq;
    hash = event.hash;
    state.apply(STREAMS.payments, event as JournalEvent);
  };
  append('payment_intent.created', { amount: 1000, currency: 'USD', capture_method: capture, payment_method: withPm ? TOKEN : null });
  const seen: StripePaymentIntentStatus[] = [stripeStatus(state.payments.get(PI) as never)];
  for (const step of steps) {
    const pi = state.payments.get(PI);
    if (pi === undefined) break;
    const unconfirmed = pi.status === 'created' && !pi.processing;
    // Each command only where the native API allows it (the guards of PaymentIntentCommands).
    if (step === 'update_pm' && unconfirmed) append('payment_intent.updated', { payment_method: TOKEN });
    else if (step === 'confirm' && unconfirmed && pi.payment_method !== null) append('payment_intent.authorization_requested', { processor: 'providerA', routing_reason: 'default', attempt: 1 });
    else if (step === 'authorize' && pi.processing && pi.status === 'created') append('payment_intent.authorized', { processor: 'providerA', processor_reference: 'ch_1', amount_capturable: 1000 });
    else if (step === 'decline' && pi.processing && pi.status === 'created') append('payment_intent.declined', { decline_code: 'card_declined', message: 'Declined.' });
    else if (step === 'auto_capture' && pi.processing && pi.status === 'created' && capture === 'automatic') {
      append('payment_intent.authorized', { processor: 'providerA', processor_reference: 'ch_1', amount_capturable: 1000 });
      append('payment_intent.captured', { amount_captured: 1000, processor: 'providerA', processor_reference: 'ch_1' });
    } else if (step === 'capture' && pi.status === 'authorized') append('payment_intent.captured', { amount_captured: 1000, processor: 'providerA', processor_reference: 'ch_1' });
    else if (step === 'void' && pi.status === 'authorized') append('payment_intent.reversed', { reason: 'voided', processor_reference: 'ch_1' });
    else if (step === 'cancel_unconfirmed' && unconfirmed) append('payment_intent.reversed', { reason: 'canceled' });
    else if (step === 'settle' && pi.status === 'captured') append('payment_intent.settled', { settlement_date: '2026-01-02' });
    else if (step === 'chargeback' && (pi.status === 'captured' || pi.status === 'settled')) append('payment_intent.chargeback', { dispute: 'dp_01m80jjpmbcsz4p14yscdnrvh1', amount: 1000 });
    else if (step === 'chargeback_reversed' && pi.status === 'chargeback') append('payment_intent.chargeback_reversed', { dispute: 'dp_01m80jjpmbcsz4p14yscdnrvh1', amount: 1000 });
    else continue;
    seen.push(stripeStatus(state.payments.get(PI) as never));
  }
  return seen;
}

describe('PayRail states as Stripe statuses', () => {
  it('maps every PayRail state (status, in flight or not, with or without a payment method) to exactly one Stripe status', () => {
    fc.assert(fc.property(fc.constantFrom(...STATUSES), fc.boolean(), fc.boolean(), (status, processing, withPm) => {
      const input = { status, processing, payment_method: withPm ? TOKEN : null };
      const mapped = stripeStatus(input);
      expect(STRIPE_PAYMENT_INTENT_STATUSES).toContain(mapped);
      expect(stripeStatus({ ...input })).toBe(mapped);
      if (status === 'authorized') expect(mapped).toBe('requires_capture');
      if (status === 'captured' || status === 'settled' || status === 'chargeback') expect(mapped).toBe('succeeded');
      if (status === 'reversed') expect(mapped).toBe('canceled');
    }));
  });

  it('every sequence of native commands moves the Stripe status only along Stripe\'s own lifecycle', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...STEPS), { maxLength: 12 }), fc.constantFrom('automatic' as const, 'manual' as const), fc.boolean(), (steps, capture, withPm) => {
      const seen = run(steps, capture, withPm);
      for (let i = 1; i < seen.length; i++) {
        const [from, to] = [seen[i - 1] as StripePaymentIntentStatus, seen[i] as StripePaymentIntentStatus];
        if (from !== to) expect({ from, to, allowed: STRIPE_MOVES[from].includes(to) }).toEqual({ from, to, allowed: true });
      }
    }), { seed: 14, numRuns: 500 });
  });

  it('reaches every Stripe status a card PaymentIntent can have through native commands', () => {
    const reached = new Set<StripePaymentIntentStatus>();
    fc.assert(fc.property(fc.array(fc.constantFrom(...STEPS), { maxLength: 8 }), fc.constantFrom('automatic' as const, 'manual' as const), fc.boolean(), (steps, capture, withPm) => {
      for (const status of run(steps, capture, withPm)) reached.add(status);
    }), { seed: 14, numRuns: 400 });
    expect([...reached].sort()).toEqual(STRIPE_PAYMENT_INTENT_STATUSES.filter((s) => s !== 'requires_action').sort());
  });
});

describe('ids and renderings', () => {
  it('derives the Charge, the PaymentMethod and Stripe event ids from PayRail ids, both ways', () => {
    expect(paymentIntentIdOfCharge(chargeIdOf(PI))).toBe(PI);
    expect(tokenOfPaymentMethod(paymentMethodIdOf(TOKEN) as string)).toBe(TOKEN);
    expect(parseStripeEventId(stripeEventId('evt_01m80jjpmbcsz4p14yscdnrvh2', 0))).toEqual({ event_id: 'evt_01m80jjpmbcsz4p14yscdnrvh2', index: 0 });
    expect(parseStripeEventId(stripeEventId('evt_01m80jjpmbcsz4p14yscdnrvh2', 1))).toEqual({ event_id: 'evt_01m80jjpmbcsz4p14yscdnrvh2', index: 1 });
    expect(parseStripeEventId('evt_nope')).toBeNull();
  });

  it('renders a capture as payment_intent.succeeded and charge.succeeded with previous_attributes', () => {
    const state = new LedgerState();
    const events: JournalEvent[] = [];
    let hash = GENESIS_HASH;
    const add = (n: number, type: string, data: Record<string, unknown>) => {
      const { event } = sealEvent({ type, ref: PI, data, merchant_id: 'm_demo', correlation_id: 'corr_1', event_id: `evt_01m80jjpmbcsz4p14yscdnr00${n}`, seq: n, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), prev_hash: hash });
      hash = event.hash;
      events.push(event);
      state.apply(STREAMS.payments, event);
    };
    add(1, 'payment_intent.created', { amount: 1000, currency: 'USD', capture_method: 'automatic', payment_method: TOKEN });
    add(2, 'payment_intent.authorization_requested', { processor: 'providerA', routing_reason: 'default', attempt: 1 });
    add(3, 'payment_intent.authorized', { processor: 'providerA', processor_reference: 'ch_1', amount_capturable: 1000 });
    add(4, 'payment_intent.captured', { amount_captured: 1000, processor: 'providerA', processor_reference: 'ch_1' });
    expect(stripeEventsOf(state, events[2] as JournalEvent)).toEqual([]);
    const [succeeded, charge] = stripeEventsOf(state, events[3] as JournalEvent, () => 2);
    expect(succeeded).toMatchObject({ id: events[3]?.event_id, type: 'payment_intent.succeeded', api_version: '2024-06-20', pending_webhooks: 2, request: { id: 'corr_1', idempotency_key: null }, data: { object: { status: 'succeeded', amount_received: 1000 }, previous_attributes: { status: 'requires_capture', amount_received: 0 } } });
    expect(charge).toMatchObject({ id: `${events[3]?.event_id}_1`, type: 'charge.succeeded', data: { object: { object: 'charge', captured: true, currency: 'usd' } } });
    const pi = state.payments.get(PI);
    expect(stripePaymentIntent(pi as never)).toMatchObject({ latest_charge: chargeIdOf(PI), currency: 'usd', payment_method: paymentMethodIdOf(TOKEN) });
    expect(stripeCharge(pi as never)).toMatchObject({ balance_transaction: `txn_${PI.slice(3)}`, paid: true });
  });
});
