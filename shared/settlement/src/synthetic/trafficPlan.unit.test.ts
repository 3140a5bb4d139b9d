import { TEST_CARDS, testCardBehaviour } from '@payrail/core';
import { TrafficPlan, trafficOptions, type PlannedPayment } from './trafficPlan';

const plan = (overrides: Parameters<typeof trafficOptions>[0]): PlannedPayment[] => [...new TrafficPlan(trafficOptions(overrides)).payments()];

describe('TrafficPlan', () => {
  it('replays the same payments for the same seed and start, and others for another seed', () => {
    const first = plan({ seed: 5, start: '2026-02-09', days: 2, payments: 400 });
    expect(plan({ seed: 5, start: '2026-02-09', days: 2, payments: 400 })).toEqual(first);
    expect(plan({ seed: 6, start: '2026-02-09', days: 2, payments: 400 })).not.toEqual(first);
    expect(first).toHaveLength(400);
    expect(first.map((p) => p.index)).toEqual(first.map((_, i) => i));
  });

  it('spreads payments over the days with quiet nights, in time order, with bursts on one card', () => {
    const payments = plan({ seed: 1, start: '2026-02-09', days: 2, payments: 4_000 });
    expect(payments.every((p, i) => i === 0 || (payments[i - 1]?.at_ms ?? 0) <= p.at_ms)).toBe(true);
    const day2 = Date.parse('2026-02-10T00:00:00Z');
    expect(payments.filter((p) => p.at_ms < day2)).toHaveLength(2_000);
    expect(payments.every((p) => p.at_ms >= Date.parse('2026-02-09T00:00:00Z') && p.at_ms < Date.parse('2026-02-11T00:00:00Z'))).toBe(true);
    const hour = (h: number) => payments.filter((p) => new Date(p.at_ms).getUTCHours() === h).length;
    expect(hour(19)).toBeGreaterThan(hour(3) * 5);
    const bursts = payments.filter((p) => p.burst);
    expect(bursts.length).toBeGreaterThan(50);
    // A burst is one customer on one card, a few seconds to a minute apart.
    const burst = bursts.filter((p) => p.customer.index === bursts[0]?.customer.index && p.card.pan === bursts[0]?.card.pan);
    expect(burst.length).toBeGreaterThanOrEqual(3);
  });

  it('uses the processors\' test cards for the outcomes only they produce, in the configured mix', () => {
    const payments = plan({ seed: 2, start: '2026-02-09', payments: 2_000, outcome_mix: { succeeds: 50, insufficient_funds: 25, disputed: 25 } });
    const count = (outcome: string) => payments.filter((p) => p.outcome === outcome).length;
    expect(count('succeeds') + count('insufficient_funds') + count('disputed')).toBe(2_000);
    expect(count('insufficient_funds')).toBeGreaterThan(400);
    for (const payment of payments) {
      const behaviour = testCardBehaviour(payment.card.pan);
      if (payment.outcome === 'succeeds') expect(TEST_CARDS.some((card) => card.number === payment.card.pan)).toBe(false);
      if (payment.outcome === 'insufficient_funds') expect(behaviour).toEqual({ kind: 'declines', decline_code: 'insufficient_funds' });
      if (payment.outcome === 'disputed') expect(behaviour).toEqual({ kind: 'succeeds_then_disputed' });
    }
    // Every disputed payment that gets captured (manual ones may be voided instead) is disputed later.
    expect(payments.filter((p) => p.dispute !== null)).toEqual(payments.filter((p) => p.outcome === 'disputed' && p.void_after_ms === null));
  });

  it('plans manual captures, voids and refunds within the captured amount', () => {
    const payments = plan({ seed: 3, start: '2026-02-09', payments: 3_000, manual_capture_percent: 50, refund_percent: 20, outcome_mix: { succeeds: 1 } });
    const manual = payments.filter((p) => p.capture_method === 'manual');
    expect(manual.length).toBeGreaterThan(1_300);
    expect(manual.every((p) => (p.capture === null) !== (p.void_after_ms === null))).toBe(true);
    expect(manual.every((p) => p.capture === null || (p.capture.amount >= 1 && p.capture.amount <= p.amount))).toBe(true);
    const refunded = payments.filter((p) => p.refund !== null);
    expect(refunded.length).toBeGreaterThan(400);
    expect(refunded.every((p) => (p.refund?.amount ?? 0) <= (p.capture?.amount ?? p.amount))).toBe(true);
  });

  it('refuses options that cannot make traffic, naming them', () => {
    expect(() => trafficOptions({ seed: -1, start: '2026-02-30', days: 0, payments: 1, timezone: 'Nowhere/City', outcome_mix: { sometimes: 1 } as never })).toThrow(
      /seed must be an integer.*start must be a calendar day.*days must be an integer from 1.*timezone must be an IANA.*unknown outcome sometimes/,
    );
  });
});
