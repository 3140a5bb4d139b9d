import type { ServiceMetrics } from '@payrail/service-kit';
import type { NightlyStep } from '@payrail/settlement';

export type JobKind = NightlyStep['kind'];
export type JobTrigger = 'nightly' | 'http';
export type JobOutcome = NightlyStep['outcome'];

/** What the jobs report to Prometheus: one call per run of a day's settlement or reconciliation. */
export interface JobMetrics {
  onRun(run: { job: JobKind; trigger: JobTrigger; outcome: JobOutcome; seconds?: number }): void;
}

/**
 * The settlement jobs' instruments: `settlement_job_runs_total{job,trigger,outcome}` (every run, nightly
 * or asked for over HTTP, and what came of it), `settlement_job_duration_seconds{job,trigger}` (runs that
 * did the work) and `settlement_job_last_success_timestamp_seconds{job}` (when a run last ran to its
 * end, for an alert on a night that did not run).
 */
export function jobMetrics(metrics: ServiceMetrics, now: () => number = Date.now): JobMetrics {
  const runs = metrics.counter('settlement_job_runs_total', 'Settlement and reconciliation runs of a business day, by trigger and outcome', ['job', 'trigger', 'outcome']);
  const duration = metrics.histogram('settlement_job_duration_seconds', 'How long a settlement or reconciliation run that did the work took', ['job', 'trigger'], [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300]);
  const lastSuccess = metrics.gauge('settlement_job_last_success_timestamp_seconds', 'Unix time of the last settlement or reconciliation run that ran to its end', ['job']);
  return {
    onRun({ job, trigger, outcome, seconds }) {
      runs.inc({ job, trigger, outcome });
      if (seconds !== undefined && (outcome === 'ran' || outcome === 'awaiting_bank_file')) duration.observe({ job, trigger }, seconds);
      if (outcome === 'ran') lastSuccess.set({ job }, now() / 1000);
    },
  };
}

/** Jobs that report nothing (tests, the CLI). */
export const NO_JOB_METRICS: JobMetrics = { onRun: () => undefined };
