import { PayrailError } from '@payrail/core';
import { Router } from 'express';
import { ID_FILTER, listQueryChecker, page } from '../http/listQuery';
import { orderIdOf } from '../orders/OrderBook';
import { WEBHOOK_ENVS } from '../webhooks/webhookEnvs';
import type { DeliveryProjection } from './DeliveryProjection';
import { eventDetail, eventSummary } from './eventViews';

export const readQuery = listQueryChecker({ env: WEBHOOK_ENVS, signature: ['ok', 'fail'], order_id: ID_FILTER });

/** `GET /events` (newest first, with badges; filters env, signature=ok|fail, order_id = a payment intent) and `GET /events/:id` (payload, attempts timeline). */
export function eventRoutes(deliveries: DeliveryProjection): Router {
  const router = Router();
  router.get('/events', (req, res) => {
    const { limit, starting_after, filters } = readQuery(req.query);
    const matching = deliveries
      .newestFirst()
      .filter((event) =>
        (filters['env'] === undefined || event.env === filters['env']) &&
        (filters['signature'] === undefined || event.signature_ok === (filters['signature'] === 'ok')) &&
        (filters['order_id'] === undefined || orderIdOf(event.payload) === filters['order_id']));
    const listed = page(matching, { limit, ...(starting_after === undefined ? {} : { starting_after }) }, '/events');
    res.json({ ...listed, data: listed.data.map(eventSummary) });
  });
  router.get('/events/:id', (req, res) => {
    const event = deliveries.get(req.params.id);
    if (event === undefined) throw new PayrailError('resource_missing', `No event ${req.params.id} was received.`, { param: 'id' });
    res.json(eventDetail(event));
  });
  return router;
}
