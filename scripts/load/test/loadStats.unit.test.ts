import { LoadStats, latencySummary, quantile } from '../loadStats';

describe('load stats: latency percentiles and errors per operation', () => {
  it('takes percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([quantile(values, 0.5), quantile(values, 0.9), quantile(values, 0.99), quantile(values, 1)]).toEqual([50, 90, 99, 100]);
    expect(latencySummary([3, 1, 2])).toEqual({ p50: 2, p90: 3, p99: 3, max: 3, mean: 2 });
    expect(latencySummary([])).toBeNull();
  });

  it('counts statuses, unexpected answers by status and error, velocity declines and requests without an answer', () => {
    const stats = new LoadStats();
    stats.record('create', { status: 200, latency_ms: 10, at_ms: 5, verdict: 'expected', replayed: false });
    stats.record('create', { status: 200, latency_ms: 30, at_ms: 1_500, verdict: 'expected', replayed: true });
    stats.record('confirm', { status: 402, latency_ms: 20, at_ms: 1_600, verdict: 'velocity', replayed: false });
    stats.record('confirm', { status: 503, latency_ms: 40, at_ms: 1_700, verdict: 'unexpected', error: '503 upstream_unavailable', replayed: false });
    stats.noAnswer('refund', 'timeout');
    const byOp = Object.fromEntries(stats.summary(2_000).map((op) => [op.operation, op]));
    expect(byOp['create']).toMatchObject({ requests: 2, per_s: 1, statuses: { '200': 2 }, replayed: 1, unexpected: 0, latency_ms: { p50: 10, max: 30 } });
    expect(byOp['confirm']).toMatchObject({ requests: 2, statuses: { '402': 1, '503': 1 }, velocity_declined: 1, unexpected: 1, errors: { '503 upstream_unavailable': 1 } });
    expect(byOp['refund']).toMatchObject({ requests: 0, no_answer: 1, errors: { 'no answer (timeout)': 1 }, latency_ms: null });
    expect([stats.answersBetween(0, 1_000), stats.answersBetween(1_000, 2_000)]).toEqual([1, 3]);
  });
});
