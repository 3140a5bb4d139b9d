import type { Logger } from '@payrail/service-kit';
import type { DailyJobs, NightlyStep } from '@payrail/settlement';
import cron, { type ScheduledTask } from 'node-cron';
import { NO_JOB_METRICS, type JobMetrics } from './jobMetrics';

/**
 * The nightly run on node-cron: at each tick of `expression` (in the jobs' time zone) it settles and
 * reconciles the previous business day and completes the `catchupDays` before it. node-cron's
 * `noOverlap` skips a tick while the last run is still going; the per-day locks and done markers keep
 * two ledger-service processes from running one day twice.
 */
export class NightlySchedule {
  private task: ScheduledTask | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly options: { jobs: DailyJobs; expression: string; catchupDays: number; logger: Logger; now: () => Date; metrics?: JobMetrics; mayRun?: () => boolean },
  ) {}

  start(): void {
    if (this.task !== null) return;
    const { jobs, expression, logger } = this.options;
    this.task = cron.createTask(expression, () => this.tick(), { timezone: jobs.timezone, noOverlap: true, name: 'ledger-service nightly settlement' });
    this.task.on('execution:overlap', () => logger.warn({ cron: expression }, 'nightly settlement still running: this tick is skipped'));
    void this.task.start();
  }

  /** Stops the schedule and waits for a run in progress to end. */
  async stop(): Promise<void> {
    const task = this.task;
    this.task = null;
    if (task !== null) await task.destroy();
    await this.running;
  }

  private async tick(): Promise<NightlyStep[]> {
    const { jobs, catchupDays, logger, now } = this.options;
    // A tick that fires late (after a pause) in a process that has lost the dispatcher lease runs nothing.
    if (this.options.mayRun?.() === false) {
      logger.debug({ cron: this.options.expression }, 'nightly settlement: this process does not hold the dispatcher lease; tick skipped');
      return [];
    }
    const run = jobs.nightly(now(), catchupDays);
    this.running = run;
    const steps = await run;
    for (const step of steps) {
      (this.options.metrics ?? NO_JOB_METRICS).onRun({ job: step.kind, trigger: 'nightly', outcome: step.outcome });
      if (step.outcome === 'failed') logger.error({ date: step.date, job: step.kind, err: step.error }, 'nightly job failed; the next run retries the day');
      else if (step.outcome === 'ran' || step.outcome === 'awaiting_bank_file') logger.info({ date: step.date, job: step.kind, outcome: step.outcome }, 'nightly job ran');
      else logger.debug({ date: step.date, job: step.kind, outcome: step.outcome }, 'nightly job skipped');
    }
    return steps;
  }
}
