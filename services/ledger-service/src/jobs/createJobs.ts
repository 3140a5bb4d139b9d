import type { Logger } from '@payrail/service-kit';
import { DailyJobs, type OpenLedger } from '@payrail/settlement';
import type { Router } from 'express';
import { NO_JOB_METRICS, type JobMetrics } from './jobMetrics';
import { jobRoutes } from './jobRoutes';
import type { JobsConfig } from './jobsConfig';
import { NightlySchedule } from './nightlySchedule';

export interface JobsDeps {
  /** The absolute data folder. */
  dataDir: string;
  config: JobsConfig;
  logger: Logger;
  /** ledger-service's open ledger: outcomes are appended through it (no second replay). */
  ledger: OpenLedger;
  /** The clock the nightly run reads to pick the previous business day (tests move it). */
  now?: () => Date;
  /** Where runs are counted (ledger-service's /metrics); none by default. */
  metrics?: JobMetrics;
  /** Whether a nightly tick may run (this process holds the dispatcher lease); checked at each tick. */
  mayRun?: () => boolean;
}

export interface Jobs {
  /** POST /jobs/settlement/{date} and /jobs/reconciliation/{date}; mount behind the internal-token guard. */
  router: Router;
  /** Starts the nightly schedule (SETTLEMENT_CRON). */
  start(): void;
  /** Stops the schedule and waits for a run in progress. */
  stop(): Promise<void>;
}

/** ledger-service's settlement and reconciliation jobs: on demand over HTTP, and nightly on node-cron. */
export function createJobs(deps: JobsDeps): Jobs {
  const jobs = new DailyJobs({ dataDir: deps.dataDir, timezone: deps.config.SETTLEMENT_TIMEZONE, ledger: deps.ledger, logger: deps.logger });
  const schedule = new NightlySchedule({
    jobs,
    expression: deps.config.SETTLEMENT_CRON,
    catchupDays: deps.config.SETTLEMENT_CATCHUP_DAYS,
    logger: deps.logger,
    now: deps.now ?? (() => new Date()),
    metrics: deps.metrics ?? NO_JOB_METRICS,
    ...(deps.mayRun === undefined ? {} : { mayRun: deps.mayRun }),
  });
  return { router: jobRoutes(jobs, deps.metrics ?? NO_JOB_METRICS), start: () => schedule.start(), stop: () => schedule.stop() };
}
