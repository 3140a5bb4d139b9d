import { Router } from 'express';
import type { SettlementWriter } from './settlementWriter';

/** `POST /admin/settlements/{YYYY-MM-DD}`: writes that UTC day's bank settlement file now. */
export function settlementRoutes({ writer }: { writer: SettlementWriter }): Router {
  const router = Router();
  router.post('/settlements/:date', async (req, res) => {
    res.status(201).json(await writer.write(req.params.date, req.correlationId));
  });
  return router;
}
