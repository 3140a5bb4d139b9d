import type { BurnRatePolicy, SliDefinition, SloDefinition } from './sloConfig';
import { durationMs } from './sloConfig';

/** Good events and all events (requests, deliveries, days) over some time. */
export interface Counts {
  good: number;
  total: number;
}

/**
 * Good and total events by time bucket (`resolution_ms` wide), kept for `horizon_ms`: what the burn
 * rates are summed from. Lines of several processes arrive a little out of order; each lands in its
 * own bucket. A window is the buckets that start inside it, so its edges are as sharp as the
 * resolution (and the samples' interval) allow.
 */
export class SliSeries {
  private readonly starts: number[] = [];
  private readonly good: number[] = [];
  private readonly total: number[] = [];

  constructor(readonly resolution_ms: number, readonly horizon_ms: number) {}

  add(at_ms: number, counts: Counts): void {
    if (counts.total === 0) return;
    const start = Math.floor(at_ms / this.resolution_ms) * this.resolution_ms;
    let index = this.starts.length;
    while (index > 0 && (this.starts[index - 1] ?? 0) > start) index--;
    if (index > 0 && this.starts[index - 1] === start) {
      this.good[index - 1] = (this.good[index - 1] ?? 0) + counts.good;
      this.total[index - 1] = (this.total[index - 1] ?? 0) + counts.total;
      return;
    }
    this.starts.splice(index, 0, start);
    this.good.splice(index, 0, counts.good);
    this.total.splice(index, 0, counts.total);
  }

  /** Drops the buckets older than the horizon. */
  prune(now_ms: number): void {
    let drop = 0;
    while (drop < this.starts.length && (this.starts[drop] ?? 0) + this.resolution_ms <= now_ms - this.horizon_ms) drop++;
    if (drop === 0) return;
    this.starts.splice(0, drop);
    this.good.splice(0, drop);
    this.total.splice(0, drop);
  }

  /** The counts of the buckets that start within the last `window_ms` before `now_ms`. */
  window(now_ms: number, window_ms: number): Counts {
    const from = now_ms - window_ms;
    const counts: Counts = { good: 0, total: 0 };
    for (let index = this.starts.length - 1; index >= 0 && (this.starts[index] ?? 0) >= from; index--) {
      if ((this.starts[index] ?? 0) > now_ms) continue;
      counts.good += this.good[index] ?? 0;
      counts.total += this.total[index] ?? 0;
    }
    return counts;
  }

  get buckets(): number {
    return this.starts.length;
  }
}

/**
 * How fast the error budget burns: the window's bad share over the share the objective allows. 1 spends
 * exactly the budget over the budget period; 14.4 spends 2 % of a 30-day budget in an hour. 0 without events.
 */
export function burnRate(counts: Counts, objective: number): number {
  if (counts.total === 0) return 0;
  return (counts.total - counts.good) / counts.total / (1 - objective);
}

/** A window's figures, as the API and alert events show them. */
export interface WindowFigures {
  window: string;
  good: number;
  total: number;
  /** Rounded to 3 decimals. */
  burn_rate: number;
}

export interface PolicyState {
  policy: string;
  severity: BurnRatePolicy['severity'];
  burn_rate_threshold: number;
  firing: boolean;
  long: WindowFigures;
  short: WindowFigures;
  /** Why it is not firing when one window alone is over the threshold (too few events). */
  note: string | null;
}

export interface SloStatus {
  id: string;
  name: string;
  kind: SliDefinition['kind'];
  objective: number;
  budget_period: string;
  /** Over the budget period. */
  good: number;
  total: number;
  /** good / total, null without events. */
  compliance: number | null;
  error_budget: {
    /** Bad events the objective allows over the period, at the period's volume so far. */
    allowed: number;
    spent: number;
    /** 1 − spent / allowed: 1 untouched, 0 all spent, negative when overspent; 1 without events. */
    remaining: number;
  };
  policies: PolicyState[];
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

export function figures(series: SliSeries, now_ms: number, window: string, objective: number): WindowFigures {
  const counts = series.window(now_ms, durationMs(window) ?? 0);
  return { window, good: counts.good, total: counts.total, burn_rate: round3(burnRate(counts, objective)) };
}

/**
 * One SLO now: compliance and error budget over the budget period, and each burn-rate policy's two
 * windows. A policy fires when both windows burn at least its rate and the long window has at least
 * `min_events` events (the workbook's multi-window, multi-burn-rate alert).
 */
export function evaluateSlo(slo: SloDefinition, policies: readonly BurnRatePolicy[], series: SliSeries, now_ms: number, budget_period: string): SloStatus {
  const period = series.window(now_ms, durationMs(budget_period) ?? 0);
  const allowed = period.total * (1 - slo.objective);
  const spent = period.total - period.good;
  return {
    id: slo.id,
    name: slo.name,
    kind: slo.sli.kind,
    objective: slo.objective,
    budget_period,
    good: period.good,
    total: period.total,
    compliance: period.total === 0 ? null : Math.round((period.good / period.total) * 1e6) / 1e6,
    error_budget: { allowed: round3(allowed), spent, remaining: period.total === 0 ? 1 : round3(1 - spent / allowed) },
    policies: policies.map((policy) => {
      const long = figures(series, now_ms, policy.long_window, slo.objective);
      const short = figures(series, now_ms, policy.short_window, slo.objective);
      const burning = long.burn_rate >= policy.burn_rate && short.burn_rate >= policy.burn_rate;
      const enough = long.total >= policy.min_events;
      return {
        policy: policy.name,
        severity: policy.severity,
        burn_rate_threshold: policy.burn_rate,
        firing: burning && enough,
        long,
        short,
        note: burning && !enough ? `${long.total} events in ${policy.long_window}, fewer than min_events ${policy.min_events}` : null,
      };
    }),
  };
}

/** What one metrics sample line holds that the SLIs read (see data/README.md, metrics/). */
export interface MetricsSampleData {
  service?: unknown;
  routes?: Record<string, { requests?: unknown; errors?: unknown; within_ms?: Record<string, unknown> }>;
  webhook_deliveries?: { delivered?: unknown; dead_lettered?: unknown; within_ms?: Record<string, unknown> };
}

const numberOf = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

/** The good and total events a sample adds to an SLI (null when the sample says nothing about it). */
export function sliCounts(sli: SliDefinition, sample: MetricsSampleData): Counts | null {
  switch (sli.kind) {
    case 'availability':
    case 'latency': {
      if (sample.service !== sli.service || sample.routes === undefined) return null;
      const counts: Counts = { good: 0, total: 0 };
      for (const route of sli.routes) {
        const entry = sample.routes[route];
        if (entry === undefined) continue;
        const requests = numberOf(entry.requests);
        counts.total += requests;
        counts.good += sli.kind === 'availability' ? Math.max(0, requests - numberOf(entry.errors)) : Math.min(requests, numberOf(entry.within_ms?.[String(sli.threshold_ms)]));
      }
      return counts.total === 0 ? null : counts;
    }
    case 'webhook_delivery': {
      const deliveries = sample.webhook_deliveries;
      if (deliveries === undefined) return null;
      const delivered = numberOf(deliveries.delivered);
      const total = delivered + numberOf(deliveries.dead_lettered);
      return total === 0 ? null : { good: Math.min(delivered, numberOf(deliveries.within_ms?.[String(sli.threshold_ms)])), total };
    }
    case 'reconciliation':
      return null;
  }
}
