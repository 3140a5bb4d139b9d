import { createIdGenerator, currencyExponent, PROCESSOR_DECLINE_CODES, TEST_CARDS, TIMEOUT_TEST_CARD, type ProcessorDeclineCode, type ProcessorName } from '@payrail/core';
import { addDays, dayBounds, isBusinessDate, isTimeZone } from '../businessDay/businessDay';
import { SEED_MAX, between, normal, drawWeighted, seededIdSource, seededRandom, type SeededRandom } from './seededRandom';
import { syntheticCard, testCard, type SyntheticCard } from './syntheticCard';
import { CUSTOMER_COUNTRIES, syntheticCustomer, type CustomerCountry, type SyntheticCustomer } from './syntheticCustomer';

/** What a payment attempt does at the processor: the test-card outcomes of shared/core's TEST_CARDS. */
export const PLANNED_OUTCOMES = ['succeeds', 'disputed', 'timeout', ...PROCESSOR_DECLINE_CODES] as const;

export type PlannedOutcome = (typeof PLANNED_OUTCOMES)[number];

/** The merchant every sandbox has (api-gateway creates it with DEMO_MERCHANT_API_KEY). */
import { DEMO_MERCHANT_ID } from '@payrail/ledger';

export { DEMO_MERCHANT_ID };

export interface TrafficOptions {
  /** 0 to 2^32-1: the same seed gives the same traffic. */
  seed: number;
  /** The first business day, YYYY-MM-DD. */
  start: string;
  days: number;
  /** Payments over all days. */
  payments: number;
  /** `m_demo` and (merchants - 1) more. */
  merchants: number;
  /** Where the days start and the time-of-day curve is read (IANA). */
  timezone: string;
  /** Relative weights of the outcomes. */
  outcome_mix: Readonly<Partial<Record<PlannedOutcome, number>>>;
  /** Percent of captured payments (not disputed) refunded later, fully or partly. */
  refund_percent: number;
  /** Percent of payments with capture_method `manual`: captured later (a tenth of them voided). */
  manual_capture_percent: number;
  /** Percent of disputes the merchant loses (a chargeback). */
  dispute_lost_percent: number;
}

export const TRAFFIC_DEFAULTS: Readonly<Omit<TrafficOptions, 'seed' | 'start'>> = Object.freeze({
  days: 1,
  payments: 1_000,
  merchants: 3,
  timezone: 'UTC',
  outcome_mix: Object.freeze({
    succeeds: 88,
    disputed: 1,
    timeout: 0,
    card_declined: 3,
    insufficient_funds: 3,
    expired_card: 1,
    incorrect_cvc: 1,
    processing_error: 1,
    fraudulent: 2,
  }),
  refund_percent: 5,
  manual_capture_percent: 10,
  dispute_lost_percent: 60,
});

/** Limits of one run. */
export const TRAFFIC_DAYS_MAX = 366;
export const TRAFFIC_PAYMENTS_MAX = 10_000_000;
export const TRAFFIC_MERCHANTS_MAX = 100;

/**
 * Fills in TRAFFIC_DEFAULTS and checks every option; throws an Error naming the option and the fix.
 * `outcome_mix` given replaces the default mix (outcomes it leaves out get weight 0).
 */
export function trafficOptions(input: Partial<TrafficOptions> & { seed: number; start: string }): TrafficOptions {
  const options: TrafficOptions = { ...TRAFFIC_DEFAULTS, ...input };
  const problems: string[] = [];
  const integer = (name: string, value: number, min: number, max: number): void => {
    if (!Number.isSafeInteger(value) || value < min || value > max) problems.push(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  };
  const percent = (name: string, value: number): void => {
    if (!Number.isFinite(value) || value < 0 || value > 100) problems.push(`${name} must be a percentage from 0 to 100, got ${value}`);
  };
  integer('seed', options.seed, 0, SEED_MAX);
  if (!isBusinessDate(options.start)) problems.push(`start must be a calendar day written YYYY-MM-DD, got ${JSON.stringify(options.start)}`);
  integer('days', options.days, 1, TRAFFIC_DAYS_MAX);
  integer('payments', options.payments, 1, TRAFFIC_PAYMENTS_MAX);
  integer('merchants', options.merchants, 1, TRAFFIC_MERCHANTS_MAX);
  if (!isTimeZone(options.timezone)) problems.push(`timezone must be an IANA time zone such as UTC or Europe/Paris, got ${JSON.stringify(options.timezone)}`);
  percent('refund_percent', options.refund_percent);
  percent('manual_capture_percent', options.manual_capture_percent);
  percent('dispute_lost_percent', options.dispute_lost_percent);
  const weights = Object.entries(options.outcome_mix);
  for (const [outcome, weight] of weights) {
    if (!(PLANNED_OUTCOMES as readonly string[]).includes(outcome)) problems.push(`outcome_mix: unknown outcome ${outcome} (known: ${PLANNED_OUTCOMES.join(', ')})`);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) problems.push(`outcome_mix: the weight of ${outcome} must be a number of at least 0`);
  }
  if (!weights.some(([, weight]) => (weight ?? 0) > 0)) problems.push('outcome_mix needs at least one outcome with a weight above 0');
  if (problems.length > 0) throw new Error(problems.join('; '));
  return options;
}

/** One planned payment and everything that will happen to it. */
export interface PlannedPayment {
  /** 0, 1, 2... over the whole run: idempotency keys are derived from it. */
  index: number;
  at_ms: number;
  merchant: string;
  customer: SyntheticCustomer;
  card: SyntheticCard;
  amount: number;
  currency: string;
  capture_method: 'automatic' | 'manual';
  outcome: PlannedOutcome;
  /** Where the direct writer routes it (through the API the gateway decides). */
  processor: ProcessorName;
  /** Part of a burst of payments on one card within minutes (velocity). */
  burst: boolean;
  /** From creation to the confirm call, and from there to the processor's answer. */
  confirm_after_ms: number;
  answer_ms: number;
  /** Manual capture: when (after the authorization) and how much; null when voided instead. */
  capture: { after_ms: number; amount: number } | null;
  void_after_ms: number | null;
  refund: { after_ms: number; amount: number } | null;
  dispute: { opens_after_ms: number; evidence_after_ms: number | null; closes_after_ms: number; lost: boolean } | null;
}

/** Payments per hour of the local day, relative: quiet nights, a lunch peak and an evening peak. */
const HOURLY_CURVE = [2, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 9, 10, 9, 8, 8, 8, 9, 10, 10, 9, 7, 5, 3] as const;
/** Share of sessions that are a burst of payments on one card (card testing, a busy shopper). */
const BURST_SHARE = 0.03;
const BURST_PAYMENTS_MIN = 3;
const BURST_PAYMENTS_MAX = 8;
const BURST_GAP_S_MIN = 5;
const BURST_GAP_S_MAX = 60;
/** Bursts decline more: their decline weights are multiplied by this. */
const BURST_DECLINE_FACTOR = 3;
/** Customers per payment: a few customers pay often, most rarely. */
const PAYMENTS_PER_CUSTOMER = 5;
const CROSS_BORDER_SHARE = 0.1;
const VOID_SHARE = 0.1;
const PARTIAL_SHARE = 0.1;
const FULL_REFUND_SHARE = 0.75;
const EVIDENCE_SHARE = 0.7;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Median basket per currency, in major units, and the spread of the log-normal around it. */
const MEDIAN_MAJOR: Readonly<Record<string, number>> = { USD: 45, EUR: 40, GBP: 35, CAD: 55, AUD: 60, BRL: 180, JPY: 5_000 };
const AMOUNT_SIGMA = 0.9;
/** Amounts are kept between these multiples of the median. */
const AMOUNT_MIN_OF_MEDIAN = 1 / 90;
const AMOUNT_MAX_OF_MEDIAN = 50;
const PREFERRED_PROCESSOR_SHARE = 0.7;

const DECLINES = new Set<string>(PROCESSOR_DECLINE_CODES);

/** The test card that produces an outcome at provider-sim (any other valid card succeeds). */
function testCardFor(outcome: PlannedOutcome): string | null {
  if (outcome === 'succeeds') return null;
  if (outcome === 'timeout') return TIMEOUT_TEST_CARD;
  const wanted = outcome === 'disputed' ? 'succeeds_then_disputed' : 'declines';
  const card = TEST_CARDS.find((candidate) => candidate.behaviour.kind === wanted && (wanted !== 'declines' || (candidate.behaviour.kind === 'declines' && candidate.behaviour.decline_code === (outcome as ProcessorDeclineCode))));
  if (card === undefined) throw new Error(`no test card produces ${outcome}`);
  return card.number;
}

/** Splits `total` over `weights` with the largest-remainder method: exact and deterministic. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((value, i) => ({ i, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left -= 1;
  }
  return counts;
}

/**
 * The synthetic traffic of a seed: payments over `days` business days, with a time-of-day curve,
 * customers who pay more or less often, bursts on one card within minutes, a mix of test-card
 * outcomes, manual captures, refunds and disputes. Everything comes from the seed and the options:
 * the same options give the same payments, in the same order, at the same instants.
 */
export class TrafficPlan {
  readonly merchants: readonly string[];
  private readonly customers: number;
  private readonly fromYear: number;

  constructor(readonly options: TrafficOptions) {
    const random = seededRandom(options.seed, 'merchants');
    const startMs = dayBounds(options.start, options.timezone).start_ms;
    let clock = startMs;
    const merchantId = createIdGenerator(seededIdSource(random, () => clock));
    // One second apart, so each id gets fresh random bits rather than the previous one plus one.
    this.merchants = [DEMO_MERCHANT_ID, ...Array.from({ length: options.merchants - 1 }, (_, i) => ((clock = startMs + i * 1000), merchantId('m')))];
    this.customers = Math.max(10, Math.ceil(options.payments / PAYMENTS_PER_CUSTOMER));
    this.fromYear = Number(options.start.slice(0, 4));
  }

  /** The business days of the plan, in order. */
  dates(): string[] {
    return Array.from({ length: this.options.days }, (_, i) => addDays(this.options.start, i));
  }

  /** How many payments start on each day. */
  paymentsPerDay(): number[] {
    return apportion(this.options.payments, Array.from({ length: this.options.days }, () => 1));
  }

  /** Every planned payment, in the order they start. */
  *payments(): Generator<PlannedPayment> {
    const perDay = this.paymentsPerDay();
    let index = 0;
    for (const [day, date] of this.dates().entries()) {
      const bounds = dayBounds(date, this.options.timezone);
      const perHour = apportion(perDay[day] ?? 0, HOURLY_CURVE);
      for (const [hour, count] of perHour.entries()) {
        const hourStart = bounds.start_ms + hour * HOUR_MS;
        const hourEnd = Math.min(hourStart + HOUR_MS, bounds.end_ms);
        for (const payment of this.hour(date, hour, hourStart, hourEnd, count, index)) {
          yield payment;
          index += 1;
        }
      }
    }
  }

  private hour(date: string, hour: number, hourStart: number, hourEnd: number, count: number, firstIndex: number): PlannedPayment[] {
    if (count === 0 || hourStart >= hourEnd) return [];
    const random = seededRandom(this.options.seed, `traffic:${date}:${hour}`);
    const sessions: Array<{ at_ms: number; order: number; customer: number; card: number; burst: boolean }> = [];
    while (sessions.length < count) {
      const size = Math.min(random() < BURST_SHARE ? between(random, BURST_PAYMENTS_MIN, BURST_PAYMENTS_MAX) : 1, count - sessions.length);
      const customer = Math.floor(this.customers * random() ** 2);
      const card = random();
      let at = hourStart + Math.floor(random() * (hourEnd - hourStart));
      for (let k = 0; k < size; k++) {
        sessions.push({ at_ms: at, order: sessions.length, customer, card, burst: size > 1 });
        at = Math.min(at + between(random, BURST_GAP_S_MIN, BURST_GAP_S_MAX) * 1000, hourEnd - 1);
      }
    }
    sessions.sort((a, b) => a.at_ms - b.at_ms || a.order - b.order);
    return sessions.map((session, i) => this.payment(random, firstIndex + i, session));
  }

  private payment(random: SeededRandom, index: number, session: { at_ms: number; customer: number; card: number; burst: boolean }): PlannedPayment {
    const { options } = this;
    const customer = syntheticCustomer(options.seed, session.customer);
    const mix = session.burst
      ? Object.fromEntries(Object.entries(options.outcome_mix).map(([outcome, weight]) => [outcome, DECLINES.has(outcome) ? (weight ?? 0) * BURST_DECLINE_FACTOR : weight]))
      : options.outcome_mix;
    const outcome = drawWeighted(random, mix as Partial<Record<PlannedOutcome, number>>);
    const testPan = testCardFor(outcome);
    const cardIndex = Math.floor(session.card * customer.cards);
    const card = testPan === null
      ? syntheticCard(seededRandom(options.seed, `card:${customer.index}:${cardIndex}`), customer.country, this.fromYear)
      : testCard(testPan, seededRandom(options.seed, `test-card:${index}`), this.fromYear);
    const home = CUSTOMER_COUNTRIES[customer.country as CustomerCountry]?.currency ?? 'USD';
    const currency = random() < CROSS_BORDER_SHARE ? 'USD' : home;
    const median = (MEDIAN_MAJOR[currency] ?? 45) * 10 ** currencyExponent(currency);
    const amount = Math.max(Math.round(median * AMOUNT_MIN_OF_MEDIAN), Math.min(Math.round(median * Math.exp(AMOUNT_SIGMA * normal(random))), median * AMOUNT_MAX_OF_MEDIAN));
    // Stripe-like providerA takes most dollar traffic, Adyen-like providerB most euro and sterling.
    const preferred: ProcessorName = currency === 'EUR' || currency === 'GBP' ? 'providerB' : 'providerA';
    const processor: ProcessorName = random() < PREFERRED_PROCESSOR_SHARE ? preferred : preferred === 'providerA' ? 'providerB' : 'providerA';
    const manual = random() * 100 < options.manual_capture_percent;
    const succeeds = outcome === 'succeeds' || outcome === 'disputed' || outcome === 'timeout';
    const voided = manual && random() < VOID_SHARE;
    const captured = succeeds && !voided ? (manual && random() < PARTIAL_SHARE ? Math.max(1, Math.floor(amount * (0.5 + random() * 0.49))) : amount) : 0;
    const refunded = captured > 0 && outcome !== 'disputed' && random() * 100 < options.refund_percent;
    const lost = random() * 100 < options.dispute_lost_percent;
    return {
      index,
      at_ms: session.at_ms,
      merchant: this.merchants[Math.floor(random() ** 1.5 * this.merchants.length)] ?? DEMO_MERCHANT_ID,
      customer,
      card,
      amount,
      currency,
      capture_method: manual ? 'manual' : 'automatic',
      outcome,
      processor,
      burst: session.burst,
      confirm_after_ms: between(random, 20, 300),
      answer_ms: outcome === 'timeout' ? between(random, 10_000, 12_000) : between(random, 150, 1_200),
      capture: manual && succeeds && !voided ? { after_ms: between(random, 5 * MINUTE_MS, 8 * HOUR_MS), amount: captured } : null,
      void_after_ms: manual && succeeds && voided ? between(random, HOUR_MS, DAY_MS) : null,
      refund: refunded
        ? { after_ms: between(random, 30 * MINUTE_MS, 3 * DAY_MS), amount: random() < FULL_REFUND_SHARE ? captured : Math.max(1, Math.floor(captured * (0.1 + random() * 0.8))) }
        : null,
      dispute: outcome === 'disputed' && captured > 0
        ? {
            opens_after_ms: between(random, DAY_MS, 3 * DAY_MS),
            evidence_after_ms: random() < EVIDENCE_SHARE ? between(random, 2 * HOUR_MS, DAY_MS) : null,
            closes_after_ms: between(random, 2 * DAY_MS, 5 * DAY_MS),
            lost,
          }
        : null,
    };
  }
}
