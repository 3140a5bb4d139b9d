import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { PROCESSORS, type ProcessorName } from '@payrail/core';
import { Journal, type JournalEvent, type JournalLogger } from '@payrail/journal';
import { rankProcessors, ruleMatches, type RouteInput, type RoutingConfig, type RoutingRule } from './routingRules';

/** `data/ops/routing_decisions.jsonl`: every decision about a canary, with the figures behind it. */
export const ROUTING_DECISIONS_STREAM = 'ops/routing_decisions';
const DECISIONS_LOCK = path.join('ops', '.routing');
/** Results kept per arm, at most (older ones leave the window anyway). */
const RESULTS_PER_ARM_MAX = 50_000;

/**
 * A canary of routing.json: a share of the payments that match `when` goes to the candidate (a
 * processor first, or another rule set), the same customer or card always to the same arm; its
 * declines, errors and latency are compared with the baseline's (the usual routing of the same
 * matching payments) over `window`, and it moves up `steps_percent` or is rolled back by `margin`.
 */
export interface CanaryConfig {
  name: string;
  when: RoutingRule['when'];
  candidate: { processor: ProcessorName } | { rules: RoutingRule[] };
  /** The candidate's share at each step, ascending, the last one 100 (full promotion). */
  steps_percent: number[];
  sticky_by: 'card_fingerprint' | 'customer';
  /** Milliseconds: the comparison looks back this far, and a step lasts at least this long. */
  window_ms: number;
  /** Decided payments each arm needs in the window before any automatic decision. */
  min_payments: number;
  /** How much worse the candidate may be: decline and error rates in points (0.05 = 5 points), p99 latency as a ratio. */
  margin: { decline_rate: number; error_rate: number; latency_p99_ratio: number };
}

export type CanaryArm = 'candidate' | 'baseline';
export type CanaryStatus = 'running' | 'promoted' | 'rolled_back';

/** One arm's figures over the comparison window. */
export interface ArmFigures {
  payments: number;
  approved: number;
  declined: number;
  /** Declines without a processor answer (processing_error): the processor failed, not the card. */
  errors: number;
  decline_rate: number;
  error_rate: number;
  latency_p99_ms: number | null;
}

export interface Comparison {
  since: string;
  window_ms: number;
  candidate: ArmFigures;
  baseline: ArmFigures;
  margin: CanaryConfig['margin'];
  /** What the figures say, in words: a breach, not enough payments yet, or within the margin. */
  verdict: string;
}

export interface CanaryState {
  name: string;
  status: CanaryStatus;
  step: number;
  split_percent: number;
  step_started_at: string | null;
  /** The decision lines so far (seq in ops/routing_decisions.jsonl), oldest first. */
  decisions: Array<{ seq: number; type: string; timestamp: string; manual: boolean; reason: string }>;
}

interface ArmResult {
  at_ms: number;
  outcome: 'approved' | 'declined' | 'error';
  latency_ms: number;
}

const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;

/**
 * The payments each canary sent to each arm and how they ended, from the ledger's events as they are
 * applied (this process's and, after catch-up, every other gateway's): the first attempt's
 * `authorization_requested` names the arm; the first result (authorized, captured or declined) ends it.
 */
export class CanaryResults {
  private readonly pending = new Map<string, { name: string; arm: CanaryArm; requested_ms: number }>();
  private readonly results = new Map<string, ArmResult[]>();

  observe(event: JournalEvent): void {
    const data = event.data as Record<string, unknown>;
    if (event.type === 'payment_intent.authorization_requested') {
      const canary = data['canary'] as { name?: unknown; arm?: unknown } | undefined;
      if (canary !== undefined && typeof canary.name === 'string' && (canary.arm === 'candidate' || canary.arm === 'baseline')) {
        this.pending.set(event.ref, { name: canary.name, arm: canary.arm, requested_ms: Date.parse(event.timestamp) });
      }
      return;
    }
    if (event.type !== 'payment_intent.authorized' && event.type !== 'payment_intent.captured' && event.type !== 'payment_intent.declined') return;
    const started = this.pending.get(event.ref);
    if (started === undefined) return;
    this.pending.delete(event.ref);
    const at_ms = Date.parse(event.timestamp);
    const outcome = event.type !== 'payment_intent.declined' ? 'approved' : data['decline_code'] === 'processing_error' ? 'error' : 'declined';
    const key = `${started.name}\u0000${started.arm}`;
    const list = this.results.get(key) ?? [];
    list.push({ at_ms, outcome, latency_ms: Math.max(0, at_ms - started.requested_ms) });
    if (list.length > RESULTS_PER_ARM_MAX) list.splice(0, list.length - RESULTS_PER_ARM_MAX);
    this.results.set(key, list);
  }

  figures(name: string, arm: CanaryArm, since_ms: number): ArmFigures {
    const list = (this.results.get(`${name}\u0000${arm}`) ?? []).filter((result) => result.at_ms >= since_ms);
    const count = (outcome: ArmResult['outcome']): number => list.filter((result) => result.outcome === outcome).length;
    const latencies = list.map((result) => result.latency_ms).sort((a, b) => a - b);
    const payments = list.length;
    return {
      payments,
      approved: count('approved'),
      declined: count('declined'),
      errors: count('error'),
      decline_rate: payments === 0 ? 0 : round4(count('declined') / payments),
      error_rate: payments === 0 ? 0 : round4(count('error') / payments),
      latency_p99_ms: latencies.length === 0 ? null : (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? null),
    };
  }
}

/** Which arm a payment falls in: a hash of the canary and the customer (or card), stable across gateways and restarts. */
export function bucketOf(canary: string, key: string): number {
  return createHash('sha256').update(`${canary}\u0000${key}`).digest().readUInt32BE(0) % 10_000;
}

/** Compares the arms and says what to do: roll back on a breach, step up when the candidate held, or wait. */
export function judge(config: CanaryConfig, candidate: ArmFigures, baseline: ArmFigures, stepAge_ms: number): { action: 'rollback' | 'step' | 'wait'; verdict: string } {
  const { margin } = config;
  const breaches: string[] = [];
  const points = (rate: number): string => `${Math.round(rate * 1000) / 10} %`;
  if (candidate.payments >= config.min_payments && baseline.payments >= config.min_payments) {
    if (candidate.decline_rate - baseline.decline_rate > margin.decline_rate) breaches.push(`declines ${points(candidate.decline_rate)} against ${points(baseline.decline_rate)} (margin ${points(margin.decline_rate)})`);
    if (candidate.error_rate - baseline.error_rate > margin.error_rate) breaches.push(`errors ${points(candidate.error_rate)} against ${points(baseline.error_rate)} (margin ${points(margin.error_rate)})`);
    if (candidate.latency_p99_ms !== null && baseline.latency_p99_ms !== null && candidate.latency_p99_ms > Math.max(baseline.latency_p99_ms, 1) * margin.latency_p99_ratio) {
      breaches.push(`p99 ${candidate.latency_p99_ms} ms against ${baseline.latency_p99_ms} ms (margin x${margin.latency_p99_ratio})`);
    }
    if (breaches.length > 0) return { action: 'rollback', verdict: `the candidate breached its margin: ${breaches.join('; ')}` };
    if (stepAge_ms >= config.window_ms) return { action: 'step', verdict: `within the margin over ${config.window_ms / 1000} s: declines ${points(candidate.decline_rate)} against ${points(baseline.decline_rate)}, errors ${points(candidate.error_rate)} against ${points(baseline.error_rate)}` };
    return { action: 'wait', verdict: `within the margin so far; the step lasts ${config.window_ms / 1000} s` };
  }
  return { action: 'wait', verdict: `not enough payments yet: ${candidate.payments} candidate and ${baseline.payments} baseline, ${config.min_payments} each needed` };
}

/** The ranking of one payment, with the canary arm it fell in (if a canary matched it). */
export interface Ranked {
  order: ProcessorName[];
  reason: string;
  canary?: { name: string; arm: CanaryArm };
}

/**
 * The canaries of routing.json at run time: their state, from `ops/routing_decisions.jsonl` (shared by
 * every gateway: each follows the file), the routing choice of each payment, and the evaluation that
 * steps them up or rolls them back, each decision a line with the figures that led to it. A canary is
 * only ever a choice of the first processor, made before any call: failover and retries go on as for
 * any payment, so a canary can never charge a payment twice.
 */
export class Canaries {
  private readonly states = new Map<string, CanaryState>();
  private journal: Journal | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly routing: RoutingConfig, readonly results: CanaryResults, private readonly options: { dataDir: string; logger: JournalLogger; interval_ms: number; now?: () => number }) {}

  private get configs(): CanaryConfig[] {
    return this.routing.canaries ?? [];
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Opens the decisions (only when routing.json has canaries: without, nothing reads or writes them). */
  async start(): Promise<void> {
    if (this.configs.length === 0) return;
    this.journal = await Journal.open({ dataDir: this.options.dataDir, streams: [ROUTING_DECISIONS_STREAM], lockName: DECISIONS_LOCK, logger: this.options.logger, onEvent: (_stream, event) => this.onDecision(event) });
    await this.evaluate();
    this.timer = setInterval(() => void this.evaluate(), this.options.interval_ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.journal?.close();
  }

  private onDecision(event: JournalEvent): void {
    const data = event.data as Record<string, unknown>;
    const name = event.ref;
    const config = this.configs.find((canary) => canary.name === name);
    const steps = config?.steps_percent ?? [100];
    const state = this.states.get(name) ?? { name, status: 'running', step: 0, split_percent: steps[0] ?? 0, step_started_at: null, decisions: [] };
    const step = typeof data['step'] === 'number' ? data['step'] : state.step;
    if (event.type === 'routing.canary_started' || event.type === 'routing.canary_stepped') Object.assign(state, { status: 'running', step, split_percent: steps[step] ?? 100, step_started_at: event.timestamp });
    else if (event.type === 'routing.canary_promoted') Object.assign(state, { status: 'promoted', step: steps.length - 1, split_percent: 100, step_started_at: event.timestamp });
    else if (event.type === 'routing.canary_rolled_back') Object.assign(state, { status: 'rolled_back', split_percent: 0, step_started_at: event.timestamp });
    else return;
    state.decisions.push({ seq: event.seq, type: event.type, timestamp: event.timestamp, manual: data['manual'] === true, reason: String(data['reason'] ?? '') });
    this.states.set(name, state);
  }

  /** Every configured canary's state, with its comparison now. */
  list(): Array<CanaryState & { config: CanaryConfig; comparison: Comparison }> {
    return this.configs.map((config) => {
      const state = this.stateOf(config);
      return { ...state, config, comparison: this.compare(config, state) };
    });
  }

  private stateOf(config: CanaryConfig): CanaryState {
    return this.states.get(config.name) ?? { name: config.name, status: 'running', step: 0, split_percent: config.steps_percent[0] ?? 0, step_started_at: null, decisions: [] };
  }

  private compare(config: CanaryConfig, state: CanaryState): Comparison {
    const now = this.now();
    const stepStart = state.step_started_at === null ? now : Date.parse(state.step_started_at);
    const since = Math.max(stepStart, now - config.window_ms);
    const candidate = this.results.figures(config.name, 'candidate', since);
    const baseline = this.results.figures(config.name, 'baseline', since);
    const verdict = state.status === 'running' ? judge(config, candidate, baseline, now - stepStart).verdict : state.status === 'promoted' ? 'promoted: the candidate takes every matching payment' : 'rolled back: the baseline takes every matching payment';
    return { since: new Date(since).toISOString(), window_ms: config.window_ms, candidate, baseline, margin: config.margin, verdict };
  }

  /**
   * The processors for one payment: the first canary that matches it and is not rolled back sends it
   * to the candidate (by its bucket, or always once promoted) or to the usual routing (the baseline).
   */
  rank(input: RouteInput, keys: { card_fingerprint: string | null; customer: string | null; payment: string }): Ranked | null {
    for (const config of this.configs) {
      if (!ruleMatches(config.when, input)) continue;
      const state = this.stateOf(config);
      if (state.status === 'rolled_back') continue;
      const sticky = keys[config.sticky_by];
      const bucket = bucketOf(config.name, sticky ?? keys.payment);
      const arm: CanaryArm = state.status === 'promoted' || bucket < state.split_percent * 100 ? 'candidate' : 'baseline';
      const how = `${state.status === 'promoted' ? 'promoted' : `${state.split_percent} % split`}, sticky by ${sticky === null ? 'payment (no ' + config.sticky_by.replace('_', ' ') + ')' : config.sticky_by.replace('_', ' ')}`;
      if (arm === 'baseline') {
        const usual = rankProcessors(this.routing, input);
        return { ...usual, reason: `${usual.reason}; canary '${config.name}' baseline (${how})`, canary: { name: config.name, arm } };
      }
      const candidate = config.candidate;
      if ('processor' in candidate) {
        const order = [candidate.processor, ...PROCESSORS.filter((name) => name !== candidate.processor)].filter((name) => !this.routing.disabled.includes(name) || name === candidate.processor);
        return { order, reason: `canary '${config.name}' candidate ${candidate.processor} (${how})`, canary: { name: config.name, arm } };
      }
      const ranked = rankProcessors({ ...this.routing, rules: candidate.rules }, input);
      return { ...ranked, reason: `canary '${config.name}' candidate rule set: ${ranked.reason} (${how})`, canary: { name: config.name, arm } };
    }
    return null;
  }

  /** One evaluation of every running canary (never two at once in this process). */
  evaluate(): Promise<void> {
    this.running ??= this.evaluateOnce()
      .catch((error: Error) => this.options.logger.warn({ err: error.message }, 'canary evaluation failed; the next one tries again'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async evaluateOnce(): Promise<void> {
    const journal = this.journal;
    if (journal === null) return;
    await journal.catchUp();
    const now = this.now();
    await journal.transact((tx) => {
      for (const config of this.configs) {
        const known = this.states.get(config.name);
        if (known === undefined) {
          tx.append(ROUTING_DECISIONS_STREAM, { type: 'routing.canary_started', ref: config.name, data: { canary: config.name, step: 0, split_percent: config.steps_percent[0] ?? 0, candidate: config.candidate, sticky_by: config.sticky_by, reason: `started at ${config.steps_percent[0] ?? 0} %`, manual: false } });
          continue;
        }
        if (known.status !== 'running') continue;
        const stepStart = known.step_started_at === null ? now : Date.parse(known.step_started_at);
        const comparison = this.compare(config, known);
        const { action, verdict } = judge(config, comparison.candidate, comparison.baseline, now - stepStart);
        if (action === 'wait') continue;
        if (action === 'rollback') this.append(tx, config, 'routing.canary_rolled_back', known, comparison, verdict, false);
        else if ((config.steps_percent[known.step + 1] ?? 100) >= 100) this.append(tx, config, 'routing.canary_promoted', known, comparison, verdict, false);
        else this.append(tx, config, 'routing.canary_stepped', known, comparison, verdict, false);
      }
    });
  }

  private append(tx: { append(stream: string, draft: { type: string; ref: string; data: Record<string, unknown> }): unknown }, config: CanaryConfig, type: string, state: CanaryState, comparison: Comparison, reason: string, manual: boolean): void {
    const step = type === 'routing.canary_stepped' ? state.step + 1 : type === 'routing.canary_promoted' ? config.steps_percent.length - 1 : state.step;
    const split = type === 'routing.canary_rolled_back' ? 0 : type === 'routing.canary_promoted' ? 100 : (config.steps_percent[step] ?? 100);
    tx.append(ROUTING_DECISIONS_STREAM, { type, ref: config.name, data: { canary: config.name, step, from_percent: state.split_percent, split_percent: split, comparison: { ...comparison, verdict: reason }, reason, manual } });
  }

  /** A person's decision (the admin API, the console): promote to 100 % or roll back now, with the figures of the moment. */
  async decide(name: string, decision: 'promote' | 'rollback'): Promise<CanaryState | null> {
    const config = this.configs.find((canary) => canary.name === name);
    const journal = this.journal;
    if (config === undefined || journal === null) return null;
    await journal.transact((tx) => {
      const state = this.stateOf(config);
      if (state.status !== 'running') return;
      const comparison = this.compare(config, state);
      const reason = decision === 'promote' ? 'promoted by hand' : 'rolled back by hand';
      this.append(tx, config, decision === 'promote' ? 'routing.canary_promoted' : 'routing.canary_rolled_back', state, comparison, reason, true);
    });
    return this.stateOf(config);
  }
}
