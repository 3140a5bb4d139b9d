import { PayrailError } from '@payrail/core';
import { Router } from 'express';
import { inputChecker, refuse } from '../http/checkInput';
import { listQueryChecker, page } from '../http/listQuery';
import { allOrders, storefrontDetail } from '../storefront/storefrontViews';
import type { PlacedOrders } from '../storefront/PlacedOrders';
import { WEBHOOK_ENVS } from '../webhooks/webhookEnvs';
import { readLedgerView, type GatewayReader } from './ledgerView';
import type { OrderBook } from './OrderBook';
import { orderDetail } from './orderViews';

export const readListQuery = listQueryChecker({ env: WEBHOOK_ENVS, source: ['storefront', 'webhooks'] });
export const checkDetailQuery = inputChecker({ type: 'object', additionalProperties: false, properties: { refresh: { enum: ['true', 'false'] } } });

/**
 * `GET /orders` and `GET /orders/:id`: the storefront's orders (`ord_...`, placed with POST /orders and
 * joined with the payments the webhooks described) and the payments known only from webhooks (by
 * payment intent). `?refresh=true` also re-reads the payment intent from the gateway as `ledger_view`.
 */
export function orderRoutes(orders: OrderBook, placed: PlacedOrders, gateway: GatewayReader): Router {
  const router = Router();
  router.get('/orders', (req, res) => {
    const { limit, starting_after, filters } = readListQuery(req.query);
    const matching = allOrders(placed, orders).filter((order) => (filters['env'] === undefined || order.env === filters['env']) && (filters['source'] === undefined || order.source === filters['source']));
    res.json(page(matching, { limit, ...(starting_after === undefined ? {} : { starting_after }) }, '/orders'));
  });
  router.get('/orders/:id', async (req, res) => {
    refuse(checkDetailQuery(req.query));
    const mine = placed.get(req.params.id);
    const received = mine === undefined ? orders.get(req.params.id) : undefined;
    if (mine === undefined && received === undefined) throw new PayrailError('resource_missing', `No order ${req.params.id}: neither placed here nor named by a processed event.`, { param: 'id' });
    const view = mine === undefined ? orderDetail(received!) : storefrontDetail(mine, orders);
    const paymentIntent = mine === undefined ? received!.id : mine.payment_intent;
    if (req.query['refresh'] !== 'true' || paymentIntent === undefined) {
      res.json(view);
      return;
    }
    const ledger_view = await readLedgerView(gateway, view.env, paymentIntent, req.correlationId);
    const paymentStatus = mine === undefined ? view.status : storefrontDetail(mine, orders).payment.status;
    const ledgerStatus = ledger_view.available ? (ledger_view.payment_intent as { status?: unknown }).status : undefined;
    res.json({ ...view, ledger_view, in_sync_with_ledger: ledger_view.available ? ledgerStatus === paymentStatus : null });
  });
  return router;
}
