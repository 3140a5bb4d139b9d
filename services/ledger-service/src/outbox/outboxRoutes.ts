import { PayrailError, isId } from '@payrail/core';
import { Router } from 'express';
import type { Dispatcher } from './dispatcher';

/**
 * The dispatcher's internal routes (X-Internal-Token): `POST /internal/events/{id}/retry` for the
 * gateway's manual retries, and `GET /outbox/status` for operators and the console.
 */
export function outboxRoutes(dispatcher: Dispatcher): Router {
  const router = Router();
  router.post('/internal/events/:id/retry', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const unknown = Object.keys(body).find((key) => key !== 'merchant_id' && key !== 'endpoint' && key !== 'idempotency');
    if (unknown !== undefined) throw new PayrailError('parameter_unknown', `Received unknown parameter: ${unknown}.`, { param: unknown });
    const merchant = body['merchant_id'];
    if (typeof merchant !== 'string' || merchant === '') throw new PayrailError('parameter_missing', 'Missing required parameter: merchant_id.', { param: 'merchant_id' });
    const endpoint = body['endpoint'];
    if (endpoint !== undefined && !isId(endpoint, 'we')) throw new PayrailError('parameter_invalid', 'Invalid endpoint: expected a we_... id.', { param: 'endpoint' });
    const idempotency = body['idempotency'] as { key?: unknown; request_hash?: unknown } | undefined;
    if (idempotency !== undefined && (typeof idempotency.key !== 'string' || typeof idempotency.request_hash !== 'string')) {
      throw new PayrailError('parameter_invalid', 'Invalid idempotency: expected {key, request_hash}.', { param: 'idempotency' });
    }
    const { attempts, replayed } = await dispatcher.retryNow(req.params['id'] ?? '', merchant, endpoint, req.correlationId, idempotency as { key: string; request_hash: string } | undefined);
    res.json({ object: 'list', data: attempts, has_more: false, replayed });
  });
  router.get('/outbox/status', (_req, res) => {
    res.json(dispatcher.status());
  });
  return router;
}
