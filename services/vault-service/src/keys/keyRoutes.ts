import { Router } from 'express';
import { bodyParser } from '../http/parseBody';
import type { KeyService } from './keyService';

export const ROTATE_BODY = { type: 'object', additionalProperties: false, properties: {} };
const parseRotate = bodyParser<Record<string, never>>(ROTATE_BODY);

/** `GET /keys` and `POST /keys/rotate`: mount behind the admin token. */
export function keyRoutes(keys: KeyService): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    res.json(keys.status());
  });

  router.post('/rotate', async (req, res) => {
    parseRotate(req.body);
    res.status(201).json(await keys.rotate(req.correlationId));
  });

  return router;
}
