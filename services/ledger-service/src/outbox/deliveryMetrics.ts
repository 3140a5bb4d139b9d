import { BoundCounts, WEBHOOK_LAG_BOUNDS_MS, type ServiceMetrics } from '@payrail/service-kit';

const LAG_SAMPLES_MAX = 10_000;

export interface AttemptReport {
  outcome: string;
  webhook_lag_ms: number;
  attempt: number;
  manual: boolean;
}

/**
 * The dispatcher's instruments: `webhook_deliveries_total{outcome}`, `webhook_retries_total{outcome,
 * trigger}` (every attempt after a delivery's first, scheduled or asked for by hand) and
 * `webhook_lag_seconds`; `sample()` is what each JSONL line adds (lag percentiles of the interval),
 * and retries reach the line's `retries` through `metrics.noteRetry()`. The webhook SLO counts scheduled
 * deliveries that ended: `webhook_deliveries` of each line (delivered, by lag bound, and dead-lettered)
 * and `webhook_delivered_lag_seconds` (delivered ones only) for Prometheus.
 */
export type DeliverySample = {
  webhook_lag_ms: { p50: number | null; p99: number | null; count: number };
  webhook_deliveries: { delivered: number; dead_lettered: number; within_ms: Record<string, number> };
};

export function deliveryMetrics(metrics: ServiceMetrics): { onAttempt(report: AttemptReport): void; sample(): DeliverySample } {
  const deliveries = metrics.counter('webhook_deliveries_total', 'Webhook delivery attempts by outcome', ['outcome']);
  const retries = metrics.counter('webhook_retries_total', 'Webhook delivery attempts after the first (scheduled retries and manual ones), by outcome', ['outcome', 'trigger']);
  const buckets = WEBHOOK_LAG_BOUNDS_MS.map((ms) => ms / 1000);
  const lag = metrics.histogram('webhook_lag_seconds', 'From the ledger commit of an event to the end of its delivery attempt', [], buckets);
  const deliveredLag = metrics.histogram('webhook_delivered_lag_seconds', 'From the ledger commit of an event to its successful scheduled delivery (the webhook SLO)', [], buckets);
  let lagSamples: number[] = [];
  let delivered = 0;
  let deadLettered = 0;
  let within = new BoundCounts(WEBHOOK_LAG_BOUNDS_MS);
  return {
    onAttempt({ outcome, webhook_lag_ms, attempt, manual }) {
      deliveries.inc({ outcome });
      if (attempt > 1 || manual) {
        retries.inc({ outcome, trigger: manual ? 'manual' : 'scheduled' });
        metrics.noteRetry();
      }
      lag.observe(webhook_lag_ms / 1000);
      if (lagSamples.length < LAG_SAMPLES_MAX) lagSamples.push(webhook_lag_ms);
      if (manual) return;
      if (outcome === 'delivered') {
        delivered += 1;
        within.add(webhook_lag_ms);
        deliveredLag.observe(webhook_lag_ms / 1000);
      } else if (outcome === 'dead_lettered') deadLettered += 1;
    },
    sample() {
      const sorted = lagSamples.sort((a, b) => a - b);
      lagSamples = [];
      const at = (q: number): number | null => (sorted.length === 0 ? null : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null));
      const webhook_deliveries = { delivered, dead_lettered: deadLettered, within_ms: within.toJSON() };
      delivered = 0;
      deadLettered = 0;
      within = new BoundCounts(WEBHOOK_LAG_BOUNDS_MS);
      return { webhook_lag_ms: { p50: at(0.5), p99: at(0.99), count: sorted.length }, webhook_deliveries };
    },
  };
}
