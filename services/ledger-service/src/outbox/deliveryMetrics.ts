import type { ServiceMetrics } from '@payrail/service-kit';

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
 * and retries reach the line's `retries` through `metrics.noteRetry()`.
 */
export function deliveryMetrics(metrics: ServiceMetrics): { onAttempt(report: AttemptReport): void; sample(): { webhook_lag_ms: { p50: number | null; p99: number | null; count: number } } } {
  const deliveries = metrics.counter('webhook_deliveries_total', 'Webhook delivery attempts by outcome', ['outcome']);
  const retries = metrics.counter('webhook_retries_total', 'Webhook delivery attempts after the first (scheduled retries and manual ones), by outcome', ['outcome', 'trigger']);
  const lag = metrics.histogram('webhook_lag_seconds', 'From the ledger commit of an event to the end of its delivery attempt', [], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 300]);
  let lagSamples: number[] = [];
  return {
    onAttempt({ outcome, webhook_lag_ms, attempt, manual }) {
      deliveries.inc({ outcome });
      if (attempt > 1 || manual) {
        retries.inc({ outcome, trigger: manual ? 'manual' : 'scheduled' });
        metrics.noteRetry();
      }
      lag.observe(webhook_lag_ms / 1000);
      if (lagSamples.length < LAG_SAMPLES_MAX) lagSamples.push(webhook_lag_ms);
    },
    sample() {
      const sorted = lagSamples.sort((a, b) => a - b);
      lagSamples = [];
      const at = (q: number): number | null => (sorted.length === 0 ? null : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null));
      return { webhook_lag_ms: { p50: at(0.5), p99: at(0.99), count: sorted.length } };
    },
  };
}
