import type { DailyJobs } from '@payrail/settlement';
import { Router } from 'express';

/**
 * `POST /jobs/settlement/{date}` and `POST /jobs/reconciliation/{date}`: run a day on demand, now,
 * also when it is already done (explicit re-runs are idempotent), and answer the run's summary. A
 * day running elsewhere answers 409 `job_already_running`; a bad date 400 naming `date`. Mount
 * behind the internal-token guard.
 */
export function jobRoutes(jobs: DailyJobs): Router {
  const router = Router();
  router.post('/jobs/settlement/:date', async (req, res) => {
    const result = await jobs.settle(String(req.params['date']), { force: true });
    res.json(result.ran ? { ran: true, ...result.summary } : { ran: false, ...result.marker.summary });
  });
  router.post('/jobs/reconciliation/:date', async (req, res) => {
    const result = await jobs.reconcile(String(req.params['date']), { force: true, correlationId: req.correlationId });
    res.json(result.ran ? { ran: true, ...result.summary } : { ran: false, ...result.marker.summary });
  });
  return router;
}
