import { ServiceMetrics } from '@payrail/service-kit';
import { deliveryMetrics } from './deliveryMetrics';

describe('deliveryMetrics', () => {
  it('counts every attempt after a delivery\'s first as a retry, in Prometheus and in the JSONL sample', async () => {
    const metrics = new ServiceMetrics('ledger-service');
    const attempts = deliveryMetrics(metrics);
    attempts.onAttempt({ outcome: 'failed', webhook_lag_ms: 10, attempt: 1, manual: false });
    attempts.onAttempt({ outcome: 'failed', webhook_lag_ms: 1_010, attempt: 2, manual: false });
    attempts.onAttempt({ outcome: 'delivered', webhook_lag_ms: 5_010, attempt: 3, manual: false });
    attempts.onAttempt({ outcome: 'delivered', webhook_lag_ms: 20, attempt: 4, manual: true });
    const text = await metrics.registry.metrics();
    expect(text).toContain('webhook_retries_total{outcome="failed",trigger="scheduled",service="ledger-service"} 1');
    expect(text).toContain('webhook_retries_total{outcome="delivered",trigger="scheduled",service="ledger-service"} 1');
    expect(text).toContain('webhook_retries_total{outcome="delivered",trigger="manual",service="ledger-service"} 1');
    expect(text).toContain('webhook_deliveries_total{outcome="failed",service="ledger-service"} 2');
    const sample = metrics.takeSample(1_000, attempts.sample());
    expect(sample).toMatchObject({ retries: 3, webhook_lag_ms: { count: 4, p50: 1_010, p99: 5_010 } });
    expect(metrics.takeSample(1_000, attempts.sample())).toMatchObject({ retries: 0, webhook_lag_ms: { count: 0, p50: null } });
  });

  it('counts scheduled deliveries that ended, by lag bound, for the webhook SLO (manual attempts and failures that will retry are not counted)', async () => {
    const metrics = new ServiceMetrics('ledger-service');
    const attempts = deliveryMetrics(metrics);
    attempts.onAttempt({ outcome: 'delivered', webhook_lag_ms: 40, attempt: 1, manual: false });
    attempts.onAttempt({ outcome: 'failed', webhook_lag_ms: 10, attempt: 1, manual: false });
    attempts.onAttempt({ outcome: 'delivered', webhook_lag_ms: 61_000, attempt: 2, manual: false });
    attempts.onAttempt({ outcome: 'dead_lettered', webhook_lag_ms: 400_000, attempt: 9, manual: false });
    attempts.onAttempt({ outcome: 'delivered', webhook_lag_ms: 20, attempt: 2, manual: true });
    const { webhook_deliveries } = attempts.sample();
    expect(webhook_deliveries).toMatchObject({ delivered: 2, dead_lettered: 1 });
    expect(webhook_deliveries.within_ms).toMatchObject({ '25': 0, '50': 1, '60000': 1, '300000': 2 });
    expect(attempts.sample().webhook_deliveries).toMatchObject({ delivered: 0, dead_lettered: 0, within_ms: { '300000': 0 } });
    const text = await metrics.registry.metrics();
    expect(text).toContain('webhook_delivered_lag_seconds_bucket{le="60",service="ledger-service"} 1');
    expect(text).toContain('webhook_delivered_lag_seconds_count{service="ledger-service"} 2');
  });
});
