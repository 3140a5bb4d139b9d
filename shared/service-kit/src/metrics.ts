import * as path from 'node:path';
import { Journal } from '@payrail/journal';
import express, { type Express, type RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Latency samples kept per route between two JSONL samples. */
const SAMPLES_PER_ROUTE_MAX = 2_000;
export const METRICS_STREAM = 'metrics/service_metrics';

/**
 * The latency bounds (ms) every request is counted at: the Prometheus histogram's buckets (in seconds)
 * and each JSONL sample's `routes[route].within_ms`, so an SLO threshold reads the same from both.
 */
export const LATENCY_BOUNDS_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000] as const;
/** The bounds (ms) of webhook lag, commit to delivered: `webhook_lag_seconds`'s buckets and the samples' `webhook_deliveries.within_ms`. */
export const WEBHOOK_LAG_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1_000, 5_000, 30_000, 60_000, 300_000] as const;

/** One route's counts over a sample's interval: every request, the 5xx ones, and how many ended within each bound. */
export interface RouteCounts {
  requests: number;
  errors: number;
  within_ms: Record<string, number>;
}

/** Counts of values at or under each bound (cumulative, as Prometheus's `le` buckets), for a sample. */
export class BoundCounts {
  private readonly counts: number[];
  constructor(private readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  add(value: number): void {
    for (let index = this.bounds.length - 1; index >= 0 && value <= (this.bounds[index] ?? 0); index--) this.counts[index] = (this.counts[index] ?? 0) + 1;
  }

  /** `{"1": 3, "2.5": 9, ...}`: the JSON a sample holds. */
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.bounds.map((bound, index) => [String(bound), this.counts[index] ?? 0]));
  }
}

/**
 * A service's metrics: Prometheus text at `GET /metrics` (prom-client) and, every `interval_ms`, one
 * line in `data/metrics/service_metrics.jsonl` with p50/p99 latency per route, the error rate (overall
 * and per route: the share of 5xx answers), the retries of the interval and whatever the service adds
 * (webhook lag, queue depth, breaker states).
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly httpErrors: Counter<'method' | 'route' | 'class'>;
  private samples = new Map<string, number[]>();
  private requests = 0;
  private errors = 0;
  /** Per route in this interval: requests, 5xx answers, and latency counts (the SLOs' inputs). */
  private routeCounts = new Map<string, { requests: number; errors: number; within: BoundCounts }>();
  private retries = 0;
  private timer: NodeJS.Timeout | null = null;
  private journal: Journal | null = null;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BOUNDS_MS.map((ms) => ms / 1000),
      registers: [this.registry],
    });
    this.httpErrors = this.counter('http_request_errors_total', 'Requests answered 4xx or 5xx, by route and class: the error rate per route is its rate over http_request_duration_seconds_count', ['method', 'route', 'class']);
  }

  /** Counts one retry (a webhook resent, a processor call sent again): the JSONL sample's `retries`. */
  noteRetry(count = 1): void {
    this.retries += count;
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[] = [], buckets?: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, registers: [this.registry], ...(buckets ? { buckets } : {}) });
  }

  gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = [], collect?: (this: Gauge<L>) => void): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry], ...(collect ? { collect } : {}) });
  }

  /** Times every request by its matched route (`GET /v1/payment-intents/:id`). Mount first. */
  httpMiddleware(): RequestHandler {
    return (req, res, next) => {
      const started = performance.now();
      res.once('finish', () => {
        const ms = performance.now() - started;
        // A request no route matched is counted as `unmatched`, never by its path: paths are the client's
        // text (unbounded in number, and possibly holding a card number), while this key reaches a file.
        const route = `${req.method} ${req.route?.path ?? 'unmatched'}`;
        this.httpDuration.observe({ method: req.method, route: String(req.route?.path ?? 'unmatched'), status: String(res.statusCode) }, ms / 1000);
        this.requests += 1;
        const failed = res.statusCode >= 500;
        if (failed) this.errors += 1;
        if (res.statusCode >= 400) this.httpErrors.inc({ method: req.method, route: String(req.route?.path ?? 'unmatched'), class: failed ? '5xx' : '4xx' });
        let counts = this.routeCounts.get(route);
        if (counts === undefined) {
          counts = { requests: 0, errors: 0, within: new BoundCounts(LATENCY_BOUNDS_MS) };
          this.routeCounts.set(route, counts);
        }
        counts.requests += 1;
        if (failed) counts.errors += 1;
        counts.within.add(ms);
        const list = this.samples.get(route) ?? [];
        if (list.length < SAMPLES_PER_ROUTE_MAX) list.push(ms);
        this.samples.set(route, list);
      });
      next();
    };
  }

  /** `GET /metrics` in the Prometheus text format. */
  handler(): RequestHandler {
    return async (_req, res) => {
      res.type(this.registry.contentType).send(await this.registry.metrics());
    };
  }

  /** Starts appending a sample line every `interval_ms` through the journal (bounded rate). */
  async startJsonl(options: { dataDir: string; interval_ms?: number; extra?: () => Record<string, unknown> }): Promise<void> {
    const interval_ms = options.interval_ms ?? 10_000;
    this.journal = await Journal.open({ dataDir: options.dataDir, streams: [METRICS_STREAM], lockName: path.join('metrics', '.journal'), onEvent: () => {} });
    this.timer = setInterval(() => void this.writeSample(interval_ms, options.extra).catch(() => undefined), interval_ms);
    this.timer.unref();
  }

  /** The sample of the interval so far (and resets it): what the JSONL line holds. */
  takeSample(interval_ms: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const latency_ms: Record<string, { count: number; p50: number; p99: number }> = {};
    for (const [route, values] of this.samples) {
      const sorted = [...values].sort((a, b) => a - b);
      const at = (q: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 100) / 100;
      latency_ms[route] = { count: sorted.length, p50: at(0.5), p99: at(0.99) };
    }
    const error_rate_by_route: Record<string, number> = {};
    const routes: Record<string, RouteCounts> = {};
    for (const [route, { requests, errors, within }] of this.routeCounts) {
      error_rate_by_route[route] = Math.round((errors / requests) * 10_000) / 10_000;
      routes[route] = { requests, errors, within_ms: within.toJSON() };
    }
    const sample = {
      service: this.service,
      interval_ms,
      requests: this.requests,
      error_rate: this.requests === 0 ? 0 : this.errors / this.requests,
      error_rate_by_route,
      retries: this.retries,
      latency_ms,
      routes,
      ...extra,
    };
    this.samples = new Map();
    this.routeCounts = new Map();
    this.requests = 0;
    this.errors = 0;
    this.retries = 0;
    return sample;
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    await this.journal?.close();
    this.journal = null;
  }

  private async writeSample(interval_ms: number, extra?: () => Record<string, unknown>): Promise<void> {
    const data = this.takeSample(interval_ms, extra?.() ?? {});
    await this.journal?.append(METRICS_STREAM, { type: 'metrics.sampled', ref: this.service, data });
  }
}

/**
 * Wraps a service's app so that every request is timed and `GET /metrics` answers, without the app
 * knowing: `listen(withMetrics(metrics, createApp(deps)), ...)`.
 */
export function withMetrics(metrics: ServiceMetrics, app: Express): Express {
  const outer = express();
  outer.disable('x-powered-by');
  outer.use(metrics.httpMiddleware());
  outer.get('/metrics', metrics.handler());
  outer.use(app);
  return outer;
}
