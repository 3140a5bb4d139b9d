import * as path from 'node:path';
import { PROCESSORS, type ProcessorName } from '@payrail/core';
import { readJsonFile, writeJsonAtomic } from '@payrail/journal';
import * as lockfile from 'proper-lockfile';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** Outcomes older than this no longer count toward the error rate. */
  window_ms: number;
  /** Fewer calls than this in the window never trip the breaker. */
  requests_min: number;
  /** The error rate (0..1) at which a closed breaker opens. */
  error_rate_max: number;
  /** How long an open breaker refuses traffic before letting one probe through (half-open). */
  cooldown_ms: number;
  /** How often a process merges its outcomes into the shared file. */
  flush_ms: number;
}

export const BREAKER_DEFAULTS: BreakerOptions = { window_ms: 30_000, requests_min: 5, error_rate_max: 0.5, cooldown_ms: 5_000, flush_ms: 200 };

const LATENCIES_KEPT = 200;

/** `data/providers/{provider}_state.json`: the breaker and health of one processor, shared by every gateway process. */
export interface ProviderStateFile {
  provider: ProcessorName;
  breaker: BreakerState;
  opened_at: string | null;
  /** Per-second buckets of the window: calls and errors (no answer: timeout, refused, 5xx). */
  window: Array<{ second: number; requests: number; errors: number }>;
  latencies_ms: number[];
  last_failure: { at: string; error: string } | null;
  updated_at: string;
}

interface Outcome {
  at_ms: number;
  ok: boolean;
  latency_ms: number;
  error?: string;
}

export interface ProviderHealth {
  provider: ProcessorName;
  breaker: BreakerState;
  error_rate: number;
  requests_in_window: number;
  /** The breaker's rule: it judges only once this many calls are in the window... */
  requests_min: number;
  /** ...and opens when this share of them failed. */
  error_rate_max: number;
  latency_ms: { p50: number | null; p99: number | null };
  last_failure: { at: string; error: string } | null;
  opened_at: string | null;
}

const emptyState = (provider: ProcessorName): ProviderStateFile => ({
  provider, breaker: 'closed', opened_at: null, window: [], latencies_ms: [], last_failure: null, updated_at: new Date(0).toISOString(),
});

/**
 * A circuit breaker per processor whose state lives in a file every gateway process shares (locked,
 * written atomically). Each process buffers call outcomes and merges them in every `flush_ms`; an
 * open breaker lets one probe through per process after `cooldown_ms` (half-open), whose outcome
 * closes or reopens it.
 */
export class CircuitBreakers {
  private readonly view = new Map<ProcessorName, ProviderStateFile>();
  private readonly pending = new Map<ProcessorName, Outcome[]>();
  private readonly forced = new Map<ProcessorName, BreakerState>();
  private readonly probing = new Set<ProcessorName>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(private readonly dataDir: string, private readonly options: BreakerOptions = BREAKER_DEFAULTS) {}

  async start(): Promise<void> {
    for (const provider of PROCESSORS) this.view.set(provider, await readJsonFile(this.file(provider), emptyState(provider)));
    this.timer = setInterval(() => void this.flush(), this.options.flush_ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    await this.flush();
  }

  /** Whether a call to `provider` may go out now; in half-open, only one probe at a time per process. */
  allow(provider: ProcessorName, now = Date.now()): boolean {
    const state = this.view.get(provider) ?? emptyState(provider);
    if (state.breaker === 'closed') return true;
    if (state.breaker === 'open') {
      if (state.opened_at === null || now - Date.parse(state.opened_at) < this.options.cooldown_ms) return false;
    }
    if (this.probing.has(provider)) return false;
    this.probing.add(provider);
    return true;
  }

  /** Records the outcome of a call: `ok` false only when the processor gave no answer. */
  record(provider: ProcessorName, ok: boolean, latency_ms: number, error?: string): void {
    const outcomes = this.pending.get(provider) ?? [];
    outcomes.push({ at_ms: Date.now(), ok, latency_ms, ...(error ? { error } : {}) });
    this.pending.set(provider, outcomes);
    if (this.probing.delete(provider)) {
      this.forced.set(provider, ok ? 'closed' : 'open');
      void this.flush();
    }
  }

  health(now = Date.now()): ProviderHealth[] {
    return PROCESSORS.map((provider) => {
      const state = this.view.get(provider) ?? emptyState(provider);
      const window = state.window.filter((b) => b.second * 1000 >= now - this.options.window_ms);
      const requests = window.reduce((sum, b) => sum + b.requests, 0);
      const errors = window.reduce((sum, b) => sum + b.errors, 0);
      const sorted = [...state.latencies_ms].sort((a, b) => a - b);
      const pick = (q: number): number | null => (sorted.length === 0 ? null : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null));
      const cooled = state.breaker === 'open' && state.opened_at !== null && now - Date.parse(state.opened_at) >= this.options.cooldown_ms;
      return {
        provider,
        breaker: cooled ? 'half_open' : state.breaker,
        error_rate: requests === 0 ? 0 : Math.round((errors / requests) * 1000) / 1000,
        requests_in_window: requests,
        requests_min: this.options.requests_min,
        error_rate_max: this.options.error_rate_max,
        latency_ms: { p50: pick(0.5), p99: pick(0.99) },
        last_failure: state.last_failure,
        opened_at: state.opened_at,
      };
    });
  }

  /** Merges buffered outcomes into each shared file under its lock, and refreshes this process's view. */
  flush(): Promise<void> {
    if (this.flushing === null) {
      this.flushing = (async () => {
        for (const provider of PROCESSORS) await this.flushOne(provider).catch(() => undefined);
      })().finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  private async flushOne(provider: ProcessorName): Promise<void> {
    const file = this.file(provider);
    const outcomes = this.pending.get(provider) ?? [];
    const forced = this.forced.get(provider);
    this.pending.set(provider, []);
    this.forced.delete(provider);
    if (outcomes.length === 0 && forced === undefined) {
      this.view.set(provider, await readJsonFile(file, emptyState(provider)));
      return;
    }
    const release = await lockfile.lock(file, { lockfilePath: `${file}.lock`, realpath: false, stale: 5_000, update: 1_000, retries: { retries: 50, minTimeout: 2, maxTimeout: 20 } });
    try {
      const state = await readJsonFile(file, emptyState(provider));
      const now = Date.now();
      const oldest = Math.floor((now - this.options.window_ms) / 1000);
      const buckets = new Map(state.window.filter((b) => b.second >= oldest).map((b) => [b.second, { ...b }]));
      for (const outcome of outcomes) {
        const second = Math.floor(outcome.at_ms / 1000);
        const bucket = buckets.get(second) ?? { second, requests: 0, errors: 0 };
        bucket.requests += 1;
        if (!outcome.ok) {
          bucket.errors += 1;
          state.last_failure = { at: new Date(outcome.at_ms).toISOString(), error: outcome.error ?? 'no answer' };
        } else {
          state.latencies_ms.push(Math.round(outcome.latency_ms));
        }
        buckets.set(second, bucket);
      }
      state.latencies_ms = state.latencies_ms.slice(-LATENCIES_KEPT);
      state.window = [...buckets.values()].sort((a, b) => a.second - b.second);
      const requests = state.window.reduce((sum, b) => sum + b.requests, 0);
      const errors = state.window.reduce((sum, b) => sum + b.errors, 0);
      if (forced === 'closed') {
        state.breaker = 'closed';
        state.opened_at = null;
        state.window = [];
      } else if (forced === 'open' || (state.breaker === 'closed' && requests >= this.options.requests_min && errors / requests >= this.options.error_rate_max)) {
        state.breaker = 'open';
        state.opened_at = new Date(now).toISOString();
      }
      state.updated_at = new Date(now).toISOString();
      await writeJsonAtomic(file, state);
      this.view.set(provider, state);
    } finally {
      await release();
    }
  }

  private file(provider: ProcessorName): string {
    return path.join(this.dataDir, 'providers', `${provider}_state.json`);
  }
}
