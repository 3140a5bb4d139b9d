import { checkInput } from '@payrail/service-kit';
import { Router } from 'express';
import type { Dispatcher } from './dispatcher';

/** The body of a manual retry, as the gateway sends it. */
export const RETRY_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['merchant_id'],
  properties: {
    merchant_id: { type: 'string', minLength: 1, maxLength: 64 },
    endpoint: { type: 'string', pattern: '^we_[0-9a-z]{26}$' },
    idempotency: { type: 'object', additionalProperties: false, required: ['key', 'request_hash'], properties: { key: { type: 'string', minLength: 1, maxLength: 255 }, request_hash: { type: 'string', pattern: '^[0-9a-f]{64}$' } } },
  },
};

/** What the outbox routes ask of the dispatcher: the one this process runs while it holds the lease (lease/leaseRunner.ts). */
export interface OutboxControl {
  retryNow: Dispatcher['retryNow'];
  /** The dispatcher's status and the lease's (`lease`: role, holder, epoch). */
  status(): Promise<Record<string, unknown>>;
}

/**
 * The dispatcher's internal routes (X-Internal-Token): `POST /internal/events/{id}/retry` for the
 * gateway's manual retries, and `GET /outbox/status` for operators and the console.
 */
export function outboxRoutes(dispatcher: OutboxControl): Router {
  const router = Router();
  router.post('/internal/events/:id/retry', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    checkInput(body, RETRY_BODY);
    const merchant = body['merchant_id'] as string;
    const endpoint = body['endpoint'] as string | undefined;
    const idempotency = body['idempotency'] as { key: string; request_hash: string } | undefined;
    const { attempts, replayed } = await dispatcher.retryNow(req.params['id'] ?? '', merchant, endpoint, req.correlationId, idempotency);
    res.json({ object: 'list', data: attempts, has_more: false, replayed });
  });
  router.get('/outbox/status', async (_req, res) => {
    res.json(await dispatcher.status());
  });
  return router;
}
