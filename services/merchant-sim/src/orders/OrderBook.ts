import { payloadFields } from '../deliveries/storedBody';
import type { ReceivedEvent } from '../deliveries/DeliveryProjection';
import type { WebhookEnv } from '../webhooks/webhookEnvs';

/**
 * Where an event sits in time: its `created` (whole seconds), then, among events of one second, its
 * step in its object's life (`rank`), then its arrival (journal seq). One command often emits several
 * events in one second (created, authorized and captured): without the rank, a late retry of the
 * authorization would move a captured order back to authorized.
 */
interface EventPosition {
  created: number;
  rank: number;
  /** How much of an escrow was paid out or back (released + refunded), which only grows; 0 for other objects. */
  progress: number;
  seq: number;
}

/**
 * The step of each event type in its object's life, for events of the same second. A later step
 * never comes before an earlier one in the ledger; types not listed rank 0.
 */
export const EVENT_RANK: Readonly<Record<string, number>> = Object.freeze({
  'payment_intent.created': 0,
  'payment_intent.authorized': 1,
  'payment_intent.declined': 2,
  'payment_intent.captured': 2,
  'payment_intent.reversed': 3,
  'payment_intent.settled': 3,
  'payment_intent.chargeback': 4,
  'payment_intent.chargeback_reversed': 5,
  'refund.created': 0,
  'refund.approved': 1,
  'refund.succeeded': 2,
  'refund.failed': 2,
  'dispute.opened': 0,
  'dispute.evidence_submitted': 1,
  'dispute.funds_withdrawn': 2,
  'dispute.funds_reinstated': 3,
  'dispute.won': 4,
  'dispute.lost': 4,
  'escrow.created': 0,
  'escrow.funded': 1,
  'escrow.partially_released': 2,
  'escrow.disputed': 3,
  'escrow.released': 4,
  'escrow.refunded': 4,
  'escrow.canceled': 4,
});

const isAfter = (a: EventPosition, b: EventPosition | undefined): boolean => {
  if (b === undefined || a.created !== b.created) return b === undefined || a.created > b.created;
  if (a.rank !== b.rank) return a.rank > b.rank;
  // Two partial releases of one second: the one that released more is the later.
  if (a.progress !== b.progress) return a.progress > b.progress;
  return a.seq >= b.seq;
};

const familyOf = (type: string | null): string => (type === null ? '' : type.slice(0, type.indexOf('.') + 1));

/**
 * The history's order: by `created`, then, within one second, by step only among events of one kind
 * of object (a payment's, a refund's, an escrow's: ranks do not order one kind against another), else
 * by arrival.
 */
function isLaterInHistory(a: OrderHistoryEntry, b: OrderHistoryEntry): boolean {
  if (a.position.created !== b.position.created || familyOf(a.type) === familyOf(b.type)) return isAfter(a.position, b.position);
  return a.position.seq >= b.position.seq;
}

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

/** The escrow that holds an order's payment, as its latest `escrow.*` event described it (data.object is the Escrow). */
export interface OrderEscrow {
  id: string;
  status: string | null;
  payees: Array<{ payee: string; role: string | null; amount: number | null; released: number | null }>;
  amount_in_custody: number | null;
  amount_released: number | null;
  amount_refunded: number | null;
  release_at: number | null;
  refund_deadline: number | null;
  dispute: unknown;
  last_event_type: string | null;
  position: EventPosition;
}

/** An order: the payment intent as the merchant's received events describe it. */
export interface Order {
  id: string;
  env: WebhookEnv;
  status: string | null;
  amount: number | null;
  currency: string | null;
  /** The `next_action` of the latest payment_intent.* event (a Pix QR code while it waits to be paid), else null. */
  next_action: unknown;
  /** The payment_intent.* event the status comes from. */
  status_event?: { id: string; type: string | null; position: EventPosition };
  refunds: Map<string, OrderPart>;
  disputes: Map<string, OrderPart>;
  /** Set once an `escrow.*` event about the payment was processed. */
  escrow?: OrderEscrow;
  history: OrderHistoryEntry[];
  /** Counts the events applied to it: what it shows changes only when this does (snapshots keep its text until then). */
  revision: number;
  first_received_at: string;
  updated_at: string;
}

const stringOr = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const integerOr = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null);

/**
 * The payment intent a payload is about: the object itself for payment_intent.* events, its
 * `payment_intent` for refund.*, dispute.* and escrow.* events; null when the payload names none.
 */
export function orderIdOf(payload: unknown): string | null {
  const object = payloadFields(payload).object;
  if (object === undefined) return null;
  if (object['object'] === 'payment_intent') return stringOr(object['id']);
  return stringOr(object['payment_intent']);
}

/** The Escrow object of an `escrow.*` event, read field by field (anything of the wrong type is null). */
function escrowOf(object: Record<string, unknown>, type: string | null, position: EventPosition): OrderEscrow | null {
  const id = stringOr(object['id']);
  if (id === null) return null;
  const payees = Array.isArray(object['payees']) ? object['payees'] : [];
  return {
    id,
    status: stringOr(object['status']),
    payees: payees
      .filter((payee): payee is Record<string, unknown> => typeof payee === 'object' && payee !== null && typeof (payee as Record<string, unknown>)['payee'] === 'string')
      .map((payee) => ({ payee: payee['payee'] as string, role: stringOr(payee['role']), amount: integerOr(payee['amount']), released: integerOr(payee['released']) })),
    amount_in_custody: integerOr(object['amount_in_custody']),
    amount_released: integerOr(object['amount_released']),
    amount_refunded: integerOr(object['amount_refunded']),
    release_at: integerOr(object['release_at']),
    refund_deadline: integerOr(object['refund_deadline']),
    dispute: object['dispute'] ?? null,
    last_event_type: type,
    position,
  };
}

/**
 * The merchant's orders, built only from the webhook events it processed: it never computes money
 * itself. An order's status is the one carried by its latest payment_intent.* event (by `created`,
 * then step, then arrival: EventPosition), so a late retry of an older event does not move it
 * backwards; refunds, disputes and the escrow keep their latest state the same way.
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
    const progress = fields.type?.startsWith('escrow.') === true ? (integerOr(object['amount_released']) ?? 0) + (integerOr(object['amount_refunded']) ?? 0) : 0;
    const position: EventPosition = { created: fields.created ?? 0, rank: EVENT_RANK[fields.type ?? ''] ?? 0, progress, seq: attempt.seq };
    let order = this.orders.get(id);
    if (order === undefined) {
      order = { id, env: event.env, status: null, amount: null, currency: null, next_action: null, refunds: new Map(), disputes: new Map(), history: [], revision: 0, first_received_at: attempt.received_at, updated_at: attempt.received_at };
      this.orders.set(id, order);
      this.arrival.push(id);
    }
    order.updated_at = attempt.received_at;
    order.revision += 1;
    const entry: OrderHistoryEntry = { event_id: event.id, type: fields.type ?? null, created: fields.created ?? null, received_at: attempt.received_at, status: stringOr(object['status']), position };
    const at = order.history.findIndex((other) => !isLaterInHistory(entry, other));
    order.history.splice(at === -1 ? order.history.length : at, 0, entry);

    const kind = object['object'];
    if (kind === 'payment_intent') {
      if (!isAfter(position, order.status_event?.position)) return;
      order.status = stringOr(object['status']);
      order.amount = integerOr(object['amount']) ?? order.amount;
      order.currency = stringOr(object['currency']) ?? order.currency;
      order.next_action = object['next_action'] ?? null;
      order.status_event = { id: event.id, type: fields.type ?? null, position };
      return;
    }
    if (kind === 'escrow') {
      if (!isAfter(position, order.escrow?.position)) return;
      const escrow = escrowOf(object, fields.type ?? null, position);
      if (escrow !== null) order.escrow = escrow;
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
