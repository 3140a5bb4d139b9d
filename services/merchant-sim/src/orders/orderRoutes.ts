import { PayrailError } from '@payrail/core';
import { Router } from 'express';
import { inputChecker, refuse } from '../http/checkInput';
import { listQueryChecker, page } from '../http/listQuery';
import { WEBHOOK_ENVS } from '../webhooks/webhookEnvs';
import { readLedgerView, type GatewayReader } from './ledgerView';
import type { OrderBook } from './OrderBook';
import { orderDetail, orderSummary } from './orderViews';

export const readListQuery = listQueryChecker({ env: WEBHOOK_ENVS });
export const checkDetailQuery = inputChecker({ type: 'object', additionalProperties: false, properties: { refresh: { enum: ['true', 'false'] } } });

/**
 * `GET /orders` and `GET /orders/:id`: the merchant's orders from the webhooks it processed.
 * `?refresh=true` also re-reads the payment intent from the gateway and shows it as `ledger_view`.
 */
export function orderRoutes(orders: OrderBook, gateway: GatewayReader): Router {
  const router = Router();
  router.get('/orders', (req, res) => {
    const { limit, starting_after, filters } = readListQuery(req.query);
    const matching = orders.newestFirst().filter((order) => filters['env'] === undefined || order.env === filters['env']);
    const listed = page(matching, { limit, ...(starting_after === undefined ? {} : { starting_after }) }, '/orders');
    res.json({ ...listed, data: listed.data.map(orderSummary) });
  });
  router.get('/orders/:id', async (req, res) => {
    refuse(checkDetailQuery(req.query));
    const order = orders.get(req.params.id);
    if (order === undefined) throw new PayrailError('resource_missing', `No event about ${req.params.id} was processed.`, { param: 'id' });
    if (req.query['refresh'] !== 'true') {
      res.json(orderDetail(order));
      return;
    }
    const ledger_view = await readLedgerView(gateway, order.id, req.correlationId);
    const view = orderDetail(order);
    const ledgerStatus = ledger_view.available ? (ledger_view.payment_intent as { status?: unknown }).status : undefined;
    res.json({ ...view, ledger_view, in_sync_with_ledger: ledger_view.available ? ledgerStatus === view.status : null });
  });
  return router;
}
