/**
 * The webhooks that follow the load, as ledger-service's Prometheus `/metrics` counts them:
 * `webhook_deliveries_total{outcome}`, the `webhook_lag_seconds` histogram (ledger commit → end of the
 * delivery attempt) and `outbox_backlog`. Read before and after the run; the difference is what was
 * delivered meanwhile (by anyone: on a shared stack, other traffic too).
 */

export interface OutboxSnapshot {
  deliveries: Record<string, number>;
  /** Cumulative buckets by upper bound in seconds (Infinity last), as Prometheus keeps them. */
  lag_buckets: Array<{ le: number; count: number }>;
  lag_sum_s: number;
  lag_count: number;
  backlog: number | null;
}

export interface WebhookLag {
  deliveries: Record<string, number>;
  attempts: number;
  /** Quantiles interpolated within the histogram's buckets, as PromQL's histogram_quantile does. */
  lag_ms: { p50: number; p90: number; p99: number; mean: number; max_at_most: number | null } | null;
  backlog: number | null;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function samples(text: string): Sample[] {
  const found: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = SAMPLE_LINE.exec(line);
    if (match === null) continue;
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(LABEL)) labels[label[1] ?? ''] = label[2] ?? '';
    const value = match[3] === '+Inf' ? Infinity : Number(match[3]);
    if (!Number.isNaN(value)) found.push({ name: match[1] ?? '', labels, value });
  }
  return found;
}

/** The outbox figures of one `/metrics` answer. */
export function parseOutboxMetrics(text: string): OutboxSnapshot {
  const all = samples(text);
  const deliveries: Record<string, number> = {};
  for (const s of all.filter((s) => s.name === 'webhook_deliveries_total')) deliveries[s.labels['outcome'] ?? '?'] = (deliveries[s.labels['outcome'] ?? '?'] ?? 0) + s.value;
  const lag_buckets = all
    .filter((s) => s.name === 'webhook_lag_seconds_bucket')
    .map((s) => ({ le: s.labels['le'] === '+Inf' ? Infinity : Number(s.labels['le']), count: s.value }))
    .sort((a, b) => a.le - b.le);
  const one = (name: string): number | null => all.find((s) => s.name === name)?.value ?? null;
  return { deliveries, lag_buckets, lag_sum_s: one('webhook_lag_seconds_sum') ?? 0, lag_count: one('webhook_lag_seconds_count') ?? 0, backlog: one('outbox_backlog') };
}

/**
 * The q-quantile of a cumulative histogram: linear interpolation inside the bucket where the rank
 * falls (from 0 for the first bucket); in the +Inf bucket, the highest finite bound.
 */
export function histogramQuantile(q: number, buckets: ReadonlyArray<{ le: number; count: number }>): number | null {
  const total = buckets[buckets.length - 1]?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (bucket.le === Infinity) return lowerBound;
      const inBucket = bucket.count - lowerCount;
      return inBucket <= 0 ? bucket.le : lowerBound + ((bucket.le - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return lowerBound;
}

const ms = (seconds: number): number => Math.round(seconds * 10_000) / 10;

/** What was delivered between two snapshots. */
export function webhookLag(before: OutboxSnapshot, after: OutboxSnapshot): WebhookLag {
  const deliveries: Record<string, number> = {};
  for (const [outcome, count] of Object.entries(after.deliveries)) {
    const delta = count - (before.deliveries[outcome] ?? 0);
    if (delta > 0) deliveries[outcome] = delta;
  }
  const buckets = after.lag_buckets.map((bucket) => ({ le: bucket.le, count: bucket.count - (before.lag_buckets.find((b) => b.le === bucket.le)?.count ?? 0) }));
  const count = after.lag_count - before.lag_count;
  const quantile = (q: number): number => ms(histogramQuantile(q, buckets) ?? 0);
  let maxAtMost: number | null = null;
  for (let i = 0; i < buckets.length; i++) {
    const previous = i === 0 ? 0 : (buckets[i - 1]?.count ?? 0);
    if ((buckets[i]?.count ?? 0) > previous) maxAtMost = buckets[i]?.le ?? null;
  }
  return {
    deliveries,
    attempts: Object.values(deliveries).reduce((sum, n) => sum + n, 0),
    lag_ms: count <= 0 ? null : { p50: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99), mean: ms((after.lag_sum_s - before.lag_sum_s) / count), max_at_most: maxAtMost === null || maxAtMost === Infinity ? null : ms(maxAtMost) },
    backlog: after.backlog,
  };
}

/** ledger-service's outbox figures now, or null when its /metrics does not answer. */
export async function readOutbox(ledgerUrl: string): Promise<OutboxSnapshot | null> {
  try {
    const response = await fetch(`${ledgerUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
    return response.ok ? parseOutboxMetrics(await response.text()) : null;
  } catch {
    return null;
  }
}
