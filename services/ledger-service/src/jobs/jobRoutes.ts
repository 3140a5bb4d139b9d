import { PayrailError } from '@payrail/core';
import type { DailyJobResult, DailyJobs } from '@payrail/settlement';
import { Router } from 'express';
import { NO_JOB_METRICS, type JobKind, type JobMetrics } from './jobMetrics';

/** Runs one job for an HTTP request and reports it: ran (or awaiting its bank file), already done, running elsewhere, failed. */
async function measured<S>(metrics: JobMetrics, job: JobKind, run: () => Promise<DailyJobResult<S>>): Promise<DailyJobResult<S>> {
  const started = performance.now();
  try {
    const result = await run();
    metrics.onRun({ job, trigger: 'http', outcome: result.ran ? 'ran' : 'already_done', seconds: (performance.now() - started) / 1000 });
    return result;
  } catch (error) {
    const busy = error instanceof PayrailError && error.code === 'job_already_running';
    // A refused date is the caller's mistake, not a run.
    if (!(error instanceof PayrailError) || busy) metrics.onRun({ job, trigger: 'http', outcome: busy ? 'running_elsewhere' : 'failed' });
    throw error;
  }
}

/**
 * `POST /jobs/settlement/{date}` and `POST /jobs/reconciliation/{date}`: run a day on demand, now,
 * also when it is already done (explicit re-runs are idempotent), and answer the run's summary. A
 * day running elsewhere answers 409 `job_already_running`; a bad date 400 naming `date`. Mount
 * behind the internal-token guard.
 */
export function jobRoutes(jobs: DailyJobs, metrics: JobMetrics = NO_JOB_METRICS): Router {
  const router = Router();
  router.post('/jobs/settlement/:date', async (req, res) => {
    const result = await measured(metrics, 'settlement', () => jobs.settle(String(req.params['date']), { force: true }));
    res.json(result.ran ? { ran: true, ...result.summary } : { ran: false, ...result.marker.summary });
  });
  router.post('/jobs/reconciliation/:date', async (req, res) => {
    const result = await measured(metrics, 'reconciliation', () => jobs.reconcile(String(req.params['date']), { force: true, correlationId: req.correlationId }));
    res.json(result.ran ? { ran: true, ...result.summary } : { ran: false, ...result.marker.summary });
  });
  return router;
}
