import { payloadFields } from '../deliveries/storedBody';
import type { ReceivedEvent } from '../deliveries/DeliveryProjection';
import type { WebhookEnv } from '../webhooks/webhookEnvs';

/** Where an event sits in time: its `created`, then its arrival (journal seq) to break ties. */
interface EventPosition {
  created: number;
  seq: number;
}

const isAfter = (a: EventPosition, b: EventPosition | undefined): boolean =>
  b === undefined || a.created > b.created || (a.created === b.created && a.seq >= b.seq);

/** A refund or dispute of an order, as its latest event described it. */
export interface OrderPart {
  id: string;
  status: string | null;
  amount: number | null;
  currency: string | null;
  last_event_type: string | null;
  position: EventPosition;
}

export interface OrderHistoryEntry {
  event_id: string;
  type: string | null;
  created: number | null;
  received_at: string;
  /** The status the event's object carried. */
  status: string | null;
  position: EventPosition;
}

/** An order: the payment intent as the merchant's received events describe it. */
export interface Order {
  id: string;
  env: WebhookEnv;
  status: string | null;
  amount: number | null;
  currency: string | null;
  /** The payment_intent.* event the status comes from. */
  status_event?: { id: string; type: string | null; position: EventPosition };
  refunds: Map<string, OrderPart>;
  disputes: Map<string, OrderPart>;
  history: OrderHistoryEntry[];
  first_received_at: string;
  updated_at: string;
}

const stringOr = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const integerOr = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null);

/**
 * The payment intent a payload is about: the object itself for payment_intent.* events, its
 * `payment_intent` for refund.* and dispute.* events; null when the payload names none.
 */
export function orderIdOf(payload: unknown): string | null {
  const object = payloadFields(payload).object;
  if (object === undefined) return null;
  if (object['object'] === 'payment_intent') return stringOr(object['id']);
  return stringOr(object['payment_intent']);
}

/**
 * The merchant's orders, built only from the webhook events it processed: it never computes money
 * itself. An order's status is the one carried by its latest payment_intent.* event (by `created`,
 * then arrival), so a late retry of an older event does not move it backwards.
 */
export class OrderBook {
  private readonly orders = new Map<string, Order>();
  private readonly arrival: string[] = [];

  /** Applies a processed event; events about no payment intent leave the orders unchanged. */
  apply(event: ReceivedEvent): void {
    const attempt = event.processed_by;
    const id = orderIdOf(event.payload);
    if (attempt === undefined || id === null) return;
    const fields = payloadFields(event.payload);
    const object = fields.object ?? {};
    const position: EventPosition = { created: fields.created ?? 0, seq: attempt.seq };
    let order = this.orders.get(id);
    if (order === undefined) {
      order = { id, env: event.env, status: null, amount: null, currency: null, refunds: new Map(), disputes: new Map(), history: [], first_received_at: attempt.received_at, updated_at: attempt.received_at };
      this.orders.set(id, order);
      this.arrival.push(id);
    }
    order.updated_at = attempt.received_at;
    const entry: OrderHistoryEntry = { event_id: event.id, type: fields.type ?? null, created: fields.created ?? null, received_at: attempt.received_at, status: stringOr(object['status']), position };
    const at = order.history.findIndex((other) => !isAfter(entry.position, other.position));
    order.history.splice(at === -1 ? order.history.length : at, 0, entry);

    const kind = object['object'];
    if (kind === 'payment_intent') {
      if (!isAfter(position, order.status_event?.position)) return;
      order.status = stringOr(object['status']);
      order.amount = integerOr(object['amount']) ?? order.amount;
      order.currency = stringOr(object['currency']) ?? order.currency;
      order.status_event = { id: event.id, type: fields.type ?? null, position };
      return;
    }
    const parts = kind === 'refund' ? order.refunds : kind === 'dispute' ? order.disputes : null;
    const partId = stringOr(object['id']);
    if (parts === null || partId === null || !isAfter(position, parts.get(partId)?.position)) return;
    parts.set(partId, { id: partId, status: stringOr(object['status']), amount: integerOr(object['amount']), currency: stringOr(object['currency']), last_event_type: fields.type ?? null, position });
  }

  clear(): void {
    this.orders.clear();
    this.arrival.length = 0;
  }

  get(id: string): Order | undefined {
    return this.orders.get(id);
  }

  /** Every order, the one first seen most recently first. */
  newestFirst(): Order[] {
    const list: Order[] = [];
    for (let i = this.arrival.length - 1; i >= 0; i--) list.push(this.orders.get(this.arrival[i] as string) as Order);
    return list;
  }
}
