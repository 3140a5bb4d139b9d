import { histogramQuantile, parseOutboxMetrics, webhookLag } from '../outboxMetrics';

const metrics = (buckets: number[], sum: number, delivered: number, failed: number, backlog: number): string => {
  const bounds = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '5', '30', '300', '+Inf'];
  return [
    '# HELP webhook_deliveries_total Webhook delivery attempts by outcome',
    '# TYPE webhook_deliveries_total counter',
    `webhook_deliveries_total{outcome="delivered",service="ledger-service"} ${delivered}`,
    `webhook_deliveries_total{outcome="failed",service="ledger-service"} ${failed}`,
    ...bounds.map((le, i) => `webhook_lag_seconds_bucket{le="${le}",service="ledger-service"} ${buckets[Math.min(i, buckets.length - 1)]}`),
    `webhook_lag_seconds_sum{service="ledger-service"} ${sum}`,
    `webhook_lag_seconds_count{service="ledger-service"} ${buckets[buckets.length - 1]}`,
    `outbox_backlog{service="ledger-service"} ${backlog}`,
  ].join('\n');
};

describe('webhook lag from ledger-service /metrics', () => {
  it('reads the counters, the histogram and the backlog of the Prometheus text', () => {
    const snapshot = parseOutboxMetrics(metrics([0, 1, 3, 3, 3, 4], 0.19, 4, 0, 0));
    expect(snapshot.deliveries).toEqual({ delivered: 4, failed: 0 });
    expect(snapshot.lag_buckets[0]).toEqual({ le: 0.005, count: 0 });
    expect(snapshot.lag_buckets[snapshot.lag_buckets.length - 1]).toEqual({ le: Infinity, count: 4 });
    expect({ sum: snapshot.lag_sum_s, count: snapshot.lag_count, backlog: snapshot.backlog }).toEqual({ sum: 0.19, count: 4, backlog: 0 });
  });

  it('interpolates quantiles inside the buckets as histogram_quantile does (known answers)', () => {
    const buckets = [{ le: 0.1, count: 50 }, { le: 0.2, count: 90 }, { le: 1, count: 100 }, { le: Infinity, count: 100 }];
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1);
    expect(histogramQuantile(0.25, buckets)).toBeCloseTo(0.05);
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.15);
    expect(histogramQuantile(0.95, buckets)).toBeCloseTo(0.6);
    expect(histogramQuantile(0.99, [{ le: 1, count: 1 }, { le: Infinity, count: 10 }])).toBe(1);
    expect(histogramQuantile(0.5, [{ le: Infinity, count: 0 }])).toBeNull();
  });

  it('gives what was delivered between two readings: counts, lag percentiles in ms, the highest bucket reached', () => {
    const before = parseOutboxMetrics(metrics([0, 1, 3, 3, 3, 4], 0.19, 4, 0, 0));
    const after = parseOutboxMetrics(metrics([0, 1, 3, 53, 93, 104], 5.19, 103, 1, 2));
    const lag = webhookLag(before, after);
    expect(lag.deliveries).toEqual({ delivered: 99, failed: 1 });
    expect(lag.attempts).toBe(100);
    expect(lag.backlog).toBe(2);
    expect(lag.lag_ms).toEqual({ p50: 50, p90: 100, p99: 235, mean: 50, max_at_most: 250 });
  });
});
