/**
 * What the load measures per operation: every answer's latency (from the moment the request was built
 * to the moment its answer was parsed), its status, whether it was the answer the checkout expected,
 * and the requests that got no answer at all.
 */

/** Every operation of the scenario mix, in the order a checkout does them (tokenize is the vault's). */
export const OPERATIONS = ['tokenize', 'create', 'confirm', 'decline', 'capture', 'cancel', 'refund', 'retrieve'] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * How an answer is judged: `expected` (what the checkout wanted: a 200, or a 402 for a decline
 * card), `velocity` (a 402 from the gateway's velocity rule on a card used too often: the stack's own
 * rule, not a failure) or `unexpected` (anything else, 5xx included).
 */
export type Verdict = 'expected' | 'velocity' | 'unexpected';

/** Latencies kept per operation; past this the answers are still counted, but no longer sampled. */
export const LATENCY_SAMPLES_MAX = 1_000_000;

export interface Answered {
  status: number;
  latency_ms: number;
  /** When the answer arrived, on the run's clock. */
  at_ms: number;
  verdict: Verdict;
  /** `402 card_declined/fraudulent`: the status and the error code of an answer that was not expected. */
  error?: string;
  replayed: boolean;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface OperationSummary {
  operation: Operation;
  requests: number;
  per_s: number;
  latency_ms: LatencySummary | null;
  statuses: Record<string, number>;
  unexpected: number;
  velocity_declined: number;
  /** Answers with `Idempotent-Replayed: true` (a retry with the same Idempotency-Key). */
  replayed: number;
  /** Requests that got no answer (timeout, connection error, cut at the end) and were sent again or given up. */
  no_answer: number;
  errors: Record<string, number>;
  latency_samples_dropped: number;
}

class OperationStats {
  readonly latencies_ms: number[] = [];
  readonly statuses: Record<string, number> = {};
  readonly errors: Record<string, number> = {};
  requests = 0;
  unexpected = 0;
  velocity = 0;
  replayed = 0;
  no_answer = 0;
  dropped = 0;
}

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** The q-quantile of sorted values, nearest rank (the value below which a share q of them lie). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

const round = (value: number): number => Math.round(value * 10) / 10;

export function latencySummary(values: readonly number[]): LatencySummary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { p50: round(quantile(sorted, 0.5)), p90: round(quantile(sorted, 0.9)), p99: round(quantile(sorted, 0.99)), max: round(sorted[sorted.length - 1] ?? 0), mean: round(mean) };
}

export class LoadStats {
  private readonly byOperation = new Map<Operation, OperationStats>(OPERATIONS.map((op) => [op, new OperationStats()]));
  /** When each answer of the gateway arrived (every operation but the vault's tokenize), for the throughput of each stage. */
  private readonly arrivals_ms: number[] = [];

  private of(op: Operation): OperationStats {
    const stats = this.byOperation.get(op);
    if (stats === undefined) throw new Error(`unknown operation ${op}`);
    return stats;
  }

  record(op: Operation, answer: Answered): void {
    const stats = this.of(op);
    stats.requests += 1;
    bump(stats.statuses, String(answer.status));
    if (stats.latencies_ms.length < LATENCY_SAMPLES_MAX) stats.latencies_ms.push(answer.latency_ms);
    else stats.dropped += 1;
    if (op !== 'tokenize' && this.arrivals_ms.length < LATENCY_SAMPLES_MAX * OPERATIONS.length) this.arrivals_ms.push(answer.at_ms);
    if (answer.replayed) stats.replayed += 1;
    if (answer.verdict === 'velocity') stats.velocity += 1;
    if (answer.verdict === 'unexpected') {
      stats.unexpected += 1;
      bump(stats.errors, answer.error ?? String(answer.status));
    }
  }

  /** A request that got no answer (it is sent again with the same Idempotency-Key, or given up). */
  noAnswer(op: Operation, why: string): void {
    const stats = this.of(op);
    stats.no_answer += 1;
    bump(stats.errors, `no answer (${why})`);
  }

  /** Answers of the gateway that arrived within [start_ms, end_ms). */
  answersBetween(start_ms: number, end_ms: number): number {
    let count = 0;
    for (const at of this.arrivals_ms) if (at >= start_ms && at < end_ms) count += 1;
    return count;
  }

  summary(duration_ms: number): OperationSummary[] {
    return OPERATIONS.map((operation) => {
      const stats = this.of(operation);
      return {
        operation,
        requests: stats.requests,
        per_s: round(stats.requests / Math.max(duration_ms / 1000, 0.001)),
        latency_ms: latencySummary(stats.latencies_ms),
        statuses: { ...stats.statuses },
        unexpected: stats.unexpected,
        velocity_declined: stats.velocity,
        replayed: stats.replayed,
        no_answer: stats.no_answer,
        errors: { ...stats.errors },
        latency_samples_dropped: stats.dropped,
      };
    });
  }
}
