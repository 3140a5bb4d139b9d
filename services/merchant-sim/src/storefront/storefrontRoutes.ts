import { PayrailError, sha256Hex, type ErrorCode, ERROR_CATALOGUE } from '@payrail/core';
import { jsonBody } from '@payrail/service-kit';
import { Router } from 'express';
import { inputChecker, refuse } from '../http/checkInput';
import { readGateway, type GatewayReader } from '../orders/ledgerView';
import type { OrderBook } from '../orders/OrderBook';
import type { Checkout } from './Checkout';
import type { GatewayApi } from './GatewayApi';
import { idempotencyKeyOf, orderRequestHash, parseOrderRequest } from './orderInput';
import type { PlacedOrder, PlacedOrders } from './PlacedOrders';
import { storefrontDetail } from './storefrontViews';

/** An order body is a few items and payees; a refund body two fields. */
export const ORDER_BODY_BYTES_MAX = 16 * 1024;

export const REFUND_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    amount: { type: 'integer', minimum: 1, maximum: 99_999_999_999, description: 'minor units; default: what is left to refund' },
    reason: { enum: ['duplicate', 'fraudulent', 'requested_by_customer', 'other'] },
  },
};
const checkRefundBody = inputChecker(REFUND_BODY_SCHEMA);

export interface StorefrontDeps {
  checkout: Checkout;
  placed: PlacedOrders;
  orders: OrderBook;
  gateway: GatewayApi;
  reader: GatewayReader;
  /** MERCHANT_SIM_SECRET_KEY: what request hashes are keyed with. */
  secretKey: string;
}

function placedOrder(placed: PlacedOrders, id: string): PlacedOrder {
  const order = placed.get(id);
  if (order === undefined) throw new PayrailError('resource_missing', `No order ${id} was placed on this storefront.`, { param: 'id' });
  return order;
}

/**
 * The storefront's writes: `POST /orders` (place and pay an order; Idempotency-Key required),
 * `POST /orders/:id/refund` (ask the gateway to refund it), and `GET /orders/:id/ledger` (the
 * gateway's ledger of its payment). None of them moves an order's status: the webhooks do.
 */
export function storefrontRoutes({ checkout, placed, orders, gateway, reader, secretKey }: StorefrontDeps): Router {
  const router = Router();
  const body = jsonBody({ limit: ORDER_BODY_BYTES_MAX });

  router.post('/orders', body, async (req, res) => {
    const key = idempotencyKeyOf(req.get('idempotency-key'));
    const request = parseOrderRequest(req.body ?? {});
    const { order, replayed } = await checkout.place(key, orderRequestHash(secretKey, req.body), request, req.correlationId);
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.status(replayed ? 200 : 201).json(storefrontDetail(order, orders));
  });

  router.post('/orders/:id/refund', body, async (req, res) => {
    const key = idempotencyKeyOf(req.get('idempotency-key'));
    refuse(checkRefundBody(req.body ?? {}));
    const order = placedOrder(placed, req.params['id'] as string);
    if (order.payment_intent === undefined) throw new PayrailError('invalid_state_transition', `Order ${order.order_id} has no payment at the gateway yet: nothing to refund.`, { details: { current_state: 'placed' } });
    const { amount, reason } = (req.body ?? {}) as { amount?: number; reason?: string };
    const answer = await gateway.call(order.env, 'POST', '/v1/refunds', {
      body: { payment_intent: order.payment_intent, ...(amount === undefined ? {} : { amount }), ...(reason === undefined ? {} : { reason }), metadata: { order_id: order.order_id } },
      // The client's key, scoped to the order: a retry replays the gateway's refund, never a second one.
      idempotencyKey: `merchant-sim:${order.order_id}:refund:${sha256Hex(key).slice(0, 32)}`,
      correlationId: req.correlationId,
    });
    if (answer.outcome === 'confirmed') {
      const refund = answer.body as { id?: unknown; status?: unknown; amount?: unknown; currency?: unknown };
      res.status(202).json({
        object: 'refund_request',
        order: order.order_id,
        payment_intent: order.payment_intent,
        refund: { id: String(refund.id), status: typeof refund.status === 'string' ? refund.status : null, amount: typeof refund.amount === 'number' ? refund.amount : null, currency: typeof refund.currency === 'string' ? refund.currency : null },
        note: "The gateway accepted the refund; the order shows it when the refund's webhooks arrive.",
      });
      return;
    }
    // The gateway's own refusal (in the catalogue, a 4xx) is passed on as it said it; anything else is 503.
    const code = answer.error?.code;
    if (answer.outcome !== 'unreachable' && code !== undefined && code in ERROR_CATALOGUE) {
      throw new PayrailError(code as ErrorCode, `The gateway refused the refund: ${answer.error?.message ?? code}`, answer.error?.param === undefined ? {} : { param: answer.error.param });
    }
    throw new PayrailError('upstream_unavailable', `The gateway did not take the refund (${answer.error?.message ?? answer.status}); retry with the same Idempotency-Key.`);
  });

  router.get('/orders/:id/ledger', async (req, res) => {
    const order = placedOrder(placed, req.params['id'] as string);
    const ledger = order.payment_intent === undefined
      ? { available: false as const, fetched_at: new Date().toISOString(), reason: 'the order has no payment at the gateway yet' }
      : await readGateway(reader, order.env, `/v1/ledger/${encodeURIComponent(order.payment_intent)}`, 'ledger', req.correlationId);
    res.json({ object: 'order_ledger', order: order.order_id, payment_intent: order.payment_intent ?? null, ledger_view: ledger });
  });
  return router;
}
