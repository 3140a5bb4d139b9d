import { PayrailError } from '@payrail/core';
import { Router } from 'express';
import type { Logger } from 'pino';
import { envParam } from '../webhooks/webhookEnvs';
import type { ModeBoard } from './ModeBoard';
import { parseModeSetting } from './modeSetting';

/** `GET /admin/modes` and `PUT /admin/modes/:env` `{mode, flaky_pct?, timeout_ms?}`: switch a receiver's behaviour at run time. */
export function modeRoutes(modes: ModeBoard, logger: Logger): Router {
  const router = Router();
  router.get('/admin/modes', (_req, res) => {
    res.json({ object: 'modes', data: modes.all() });
  });
  router.put('/admin/modes/:env', (req, res) => {
    const env = envParam(req.params.env);
    const parsed = parseModeSetting(req.body ?? {});
    if (!parsed.ok) throw new PayrailError(parsed.problem.code, parsed.problem.message, { param: parsed.problem.param });
    modes.set(env, parsed.setting);
    logger.info({ env, ...parsed.setting, correlation_id: req.correlationId }, 'receiver mode changed');
    res.json({ env, ...modes.get(env) });
  });
  return router;
}
