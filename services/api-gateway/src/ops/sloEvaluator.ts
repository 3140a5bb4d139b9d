import * as path from 'node:path';
import { Journal, type JournalEvent, type JournalLogger } from '@payrail/journal';
import { METRICS_STREAM } from '@payrail/service-kit';
import { SliSeries, evaluateSlo, sliCounts, type MetricsSampleData, type PolicyState, type SloStatus } from './burnRate';
import { dayCounts, reconciliationDays, type ReconciliationDay } from './reconciliationDays';
import { durationMs, type SloConfig, type SloDefinition } from './sloConfig';

/** `data/ops/alerts.jsonl`: every SLO alert as it fires and resolves. */
export const ALERTS_STREAM = 'ops/alerts';
const ALERTS_LOCK = path.join('ops', '.journal');
/** Alert events kept in memory for the API (the file keeps them all). */
const RECENT_ALERTS_MAX = 200;
/** The reconciliation SLO's alert: its "policy" is the deadline itself. */
export const DEADLINE_POLICY = 'deadline missed';

export interface AlertEvent {
  seq: number;
  event_id: string;
  type: 'slo.alert_fired' | 'slo.alert_resolved';
  ref: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** What GET /admin/slos answers: every SLO now, with the alerts firing. */
export interface SloReport {
  object: 'slo_report';
  evaluated_at: string | null;
  budget_period: string;
  /** Null while the evaluator works; the reason it cannot otherwise. */
  problem: string | null;
  slos: Array<SloStatus & { days?: ReconciliationDay[] }>;
  firing: AlertEvent[];
}

const alertRef = (slo: string, policy: string): string => `${slo}/${policy}`;

const resolution = (config: SloConfig): number => {
  const shortest = Math.min(...config.policies.map((policy) => durationMs(policy.short_window) ?? 60_000), 300_000);
  return Math.min(60_000, Math.max(100, Math.floor(shortest / 5)));
};

function message(slo: SloDefinition, state: PolicyState, firing: boolean): string {
  const percent = (value: number): string => `${Math.round(value * 100_000) / 1000}%`;
  const { long, short } = state;
  const figures = `${long.total - long.good} bad of ${long.total} in ${long.window} (burn ${long.burn_rate}x), ${short.total - short.good} of ${short.total} in ${short.window} (burn ${short.burn_rate}x)`;
  return firing
    ? `${slo.name}: the error budget of ${percent(1 - slo.objective)} burns at ≥ ${state.burn_rate_threshold}x over ${long.window} and ${short.window}: ${figures}`
    : `${slo.name}: back under ${state.burn_rate_threshold}x: ${figures}`;
}

/**
 * The embedded SLO evaluator of the gateway: it follows `metrics/service_metrics.jsonl` (every
 * service's samples), sums each SLO's good and total events into time buckets, and every
 * `evaluation_interval` computes compliance, error budget and burn rates; an alert policy that starts
 * or stops holding becomes a `slo.alert_fired` or `slo.alert_resolved` line in `ops/alerts.jsonl`,
 * decided under the journal's lock against the file's latest state, so two gateways write it once.
 */
export class SloEvaluator {
  private readonly series = new Map<string, SliSeries>();
  private metrics: Journal | null = null;
  private alerts: Journal | null = null;
  /** The latest alert event by ref, as the alerts file says (caught up under the lock). */
  private readonly latest = new Map<string, AlertEvent>();
  private readonly recent: AlertEvent[] = [];
  private report: SloReport;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: { dataDir: string; config: SloConfig; logger: JournalLogger; now?: () => number }) {
    const { config } = options;
    for (const slo of config.slos) if (slo.sli.kind !== 'reconciliation') this.series.set(slo.id, new SliSeries(resolution(config), durationMs(config.budget_period) ?? 0));
    this.report = { object: 'slo_report', evaluated_at: null, budget_period: config.budget_period, problem: 'not evaluated yet', slos: [], firing: [] };
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /**
   * Opens both streams (replaying the samples still inside the budget period), evaluates once and starts
   * the clock. A stream that cannot be opened (a corrupt line) leaves the SLOs unevaluated, with the
   * reason in the report and the log: the gateway serves payments without them.
   */
  async start(): Promise<void> {
    const { dataDir, logger } = this.options;
    const horizon = this.now() - (durationMs(this.options.config.budget_period) ?? 0);
    try {
      this.alerts = await Journal.open({ dataDir, streams: [ALERTS_STREAM], lockName: ALERTS_LOCK, logger, onEvent: (_stream, event) => this.onAlert(event) });
      this.metrics = await Journal.open({ dataDir, streams: [METRICS_STREAM], lockName: path.join('metrics', '.journal'), logger, onEvent: (_stream, event) => this.onSample(event, horizon) });
    } catch (error) {
      await this.alerts?.close();
      this.alerts = null;
      this.report = { ...this.report, problem: `the SLOs are not evaluated: ${(error as Error).message}` };
      logger.error({ err: (error as Error).message }, 'SLO evaluator not started: a stream it reads could not be opened (payrail verify names the line)');
      return;
    }
    await this.evaluate();
    this.timer = setInterval(() => void this.evaluate(), durationMs(this.options.config.evaluation_interval) ?? 30_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.metrics?.close();
    await this.alerts?.close();
  }

  /** The latest evaluation. */
  current(): SloReport {
    return this.report;
  }

  /** Alert events, newest first (from this process's memory of the file: the last RECENT_ALERTS_MAX). */
  recentAlerts(limit: number): AlertEvent[] {
    return this.recent.slice(-limit).reverse();
  }

  private onSample(event: JournalEvent, horizon: number): void {
    if (event.type !== 'metrics.sampled') return;
    const at = Date.parse(event.timestamp);
    if (!(at >= horizon)) return;
    const data = event.data as MetricsSampleData;
    for (const slo of this.options.config.slos) {
      const counts = sliCounts(slo.sli, data);
      if (counts !== null) this.series.get(slo.id)?.add(at, counts);
    }
  }

  private onAlert(event: JournalEvent): void {
    if (event.type !== 'slo.alert_fired' && event.type !== 'slo.alert_resolved') return;
    const alert: AlertEvent = { seq: event.seq, event_id: event.event_id, type: event.type, ref: event.ref, timestamp: event.timestamp, data: event.data as Record<string, unknown> };
    this.latest.set(event.ref, alert);
    this.recent.push(alert);
    if (this.recent.length > RECENT_ALERTS_MAX) this.recent.shift();
  }

  /** One evaluation (never two at once): catch up on the samples, compute, write what changed. */
  evaluate(): Promise<void> {
    this.running ??= this.evaluateOnce()
      .catch((error: Error) => {
        this.report = { ...this.report, problem: error.message };
        this.options.logger.warn({ err: error.message }, 'SLO evaluation failed; the next one tries again');
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async evaluateOnce(): Promise<void> {
    const { config, dataDir } = this.options;
    if (this.metrics === null) return;
    await this.metrics.catchUp();
    const now = this.now();
    const period = durationMs(config.budget_period) ?? 0;
    const slos: SloReport['slos'] = [];
    for (const slo of config.slos) {
      if (slo.sli.kind === 'reconciliation') {
        const days = await reconciliationDays(dataDir, slo.sli, now, period);
        slos.push({ ...this.dayStatus(slo, days), days });
        continue;
      }
      const series = this.series.get(slo.id) as SliSeries;
      series.prune(now);
      slos.push(evaluateSlo(slo, config.policies, series, now, config.budget_period));
    }
    await this.writeChanges(slos);
    const firing = [...this.latest.values()].filter((alert) => alert.type === 'slo.alert_fired');
    this.report = { object: 'slo_report', evaluated_at: new Date(now).toISOString(), budget_period: config.budget_period, problem: null, slos, firing };
  }

  /** The reconciliation SLO: compliance over days, and one alert while the latest due day is bad. */
  private dayStatus(slo: SloDefinition, days: ReconciliationDay[]): SloStatus {
    const counts = dayCounts(days);
    const allowed = counts.total * (1 - slo.objective);
    const spent = counts.total - counts.good;
    const last = days[days.length - 1];
    const figures = { window: 'day', good: last?.good === true ? 1 : 0, total: last === undefined ? 0 : 1, burn_rate: last === undefined || last.good ? 0 : Math.round((1 / (1 - slo.objective)) * 1000) / 1000 };
    return {
      id: slo.id,
      name: slo.name,
      kind: slo.sli.kind,
      objective: slo.objective,
      budget_period: this.options.config.budget_period,
      good: counts.good,
      total: counts.total,
      compliance: counts.total === 0 ? null : Math.round((counts.good / counts.total) * 1e6) / 1e6,
      error_budget: { allowed: Math.round(allowed * 1000) / 1000, spent, remaining: counts.total === 0 ? 1 : Math.round((1 - spent / allowed) * 1000) / 1000 },
      policies: [{ policy: DEADLINE_POLICY, severity: 'ticket', burn_rate_threshold: 0, firing: last !== undefined && !last.good, long: figures, short: figures, note: last === undefined ? null : `${last.date}: ${last.reason}` }],
    };
  }

  /** Appends a fired or resolved line for every policy whose state differs from the file's, under the lock. */
  private async writeChanges(slos: SloReport['slos']): Promise<void> {
    const journal = this.alerts;
    if (journal === null) return;
    const wanted = slos.flatMap((status) => status.policies.map((state) => ({ status, state, ref: alertRef(status.id, state.policy) })));
    // Only take the lock when this process's view of the file says something changes.
    if (!wanted.some(({ state, ref }) => state.firing !== (this.latest.get(ref)?.type === 'slo.alert_fired'))) return;
    const definitions = new Map(this.options.config.slos.map((slo) => [slo.id, slo]));
    await journal.transact((tx) => {
      for (const { status, state, ref } of wanted) {
        const last = this.latest.get(ref);
        const wasFiring = last?.type === 'slo.alert_fired';
        if (state.firing === wasFiring) continue;
        const slo = definitions.get(status.id) as SloDefinition;
        const day = status.kind === 'reconciliation' ? (status as SloReport['slos'][number]).days?.at(-1) : undefined;
        tx.append(ALERTS_STREAM, {
          type: state.firing ? 'slo.alert_fired' : 'slo.alert_resolved',
          ref,
          data: {
            slo: status.id,
            slo_name: status.name,
            policy: state.policy,
            severity: state.severity,
            objective: status.objective,
            error_budget_remaining: status.error_budget.remaining,
            ...(day === undefined ? { burn_rate_threshold: state.burn_rate_threshold, long: state.long, short: state.short } : { day }),
            ...(state.firing || last === undefined ? {} : { fired_at: last.timestamp }),
            message: (day === undefined ? message(slo, state, state.firing) : `${slo.name}: ${day.date}: ${day.reason}`).slice(0, 500),
          },
        });
      }
    });
  }
}
