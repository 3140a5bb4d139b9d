import type { Order, OrderPart } from './OrderBook';

const partView = ({ position: _position, ...part }: OrderPart) => part;

/** An order as `GET /orders` lists it: the merchant's own view, from webhooks only. */
export function orderSummary(order: Order) {
  return {
    id: order.id,
    object: 'order' as const,
    env: order.env,
    status: order.status,
    amount: order.amount,
    currency: order.currency,
    last_event_type: order.history[order.history.length - 1]?.type ?? null,
    events: order.history.length,
    first_received_at: order.first_received_at,
    updated_at: order.updated_at,
  };
}

/** An order in full: its status source, refunds, disputes and the history of events it was built from. */
export function orderDetail(order: Order) {
  return {
    ...orderSummary(order),
    status_source: order.status_event === undefined ? null : { event_id: order.status_event.id, type: order.status_event.type, created: order.status_event.position.created },
    refunds: [...order.refunds.values()].map(partView),
    disputes: [...order.disputes.values()].map(partView),
    history: order.history.map(({ position: _position, ...entry }) => entry),
  };
}
