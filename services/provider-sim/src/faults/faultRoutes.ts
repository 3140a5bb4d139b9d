import type { Logger } from '@payrail/service-kit';
import { Router } from 'express';
import type { FaultInjector } from './faultInjector';

/**
 * `GET /admin/faults` → `{seed, providerA, providerB}`; `PUT /admin/faults` merges a partial object
 * (validated; 400 names the bad parameter and changes nothing) and answers with the result.
 */
export function faultRoutes({ faults, logger }: { faults: FaultInjector; logger: Logger }): Router {
  const router = Router();
  router.get('/faults', (_req, res) => {
    res.json(faults.settings());
  });
  router.put('/faults', (req, res) => {
    const settings = faults.update(req.body ?? {});
    logger.info({ faults: settings, correlation_id: req.correlationId }, 'failure injection changed');
    res.json(settings);
  });
  return router;
}
