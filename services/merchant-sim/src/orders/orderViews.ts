import type { Order, OrderEscrow, OrderPart } from './OrderBook';

const partView = ({ position: _position, ...part }: OrderPart) => part;
const escrowView = ({ position: _position, ...escrow }: OrderEscrow) => escrow;

/**
 * A payment as `GET /orders` lists it when merchant-sim only knows it from webhooks (it was not placed
 * on its storefront): the merchant's own view, from verified webhooks only, keyed by payment intent.
 */
export function orderSummary(order: Order) {
  return {
    id: order.id,
    object: 'order' as const,
    source: 'webhooks' as const,
    env: order.env,
    status: order.status,
    amount: order.amount,
    currency: order.currency,
    payment_method: null,
    payment_intent: order.id,
    escrow: order.escrow?.id ?? null,
    last_event_type: order.history[order.history.length - 1]?.type ?? null,
    events: order.history.length,
    placed_at: null,
    first_received_at: order.first_received_at as string | null,
    updated_at: order.updated_at,
  };
}

/** A payment in full: its status source, refunds, disputes, escrow and the history of events it was built from. */
export function orderDetail(order: Order) {
  return {
    ...orderSummary(order),
    status_source: order.status_event === undefined ? null : { event_id: order.status_event.id, type: order.status_event.type, created: order.status_event.position.created },
    refunds: [...order.refunds.values()].map(partView),
    disputes: [...order.disputes.values()].map(partView),
    escrow_detail: order.escrow === undefined ? null : escrowView(order.escrow),
    history: order.history.map(({ position: _position, ...entry }) => entry),
  };
}
