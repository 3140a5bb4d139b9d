import type { Order, OrderBook } from '../orders/OrderBook';
import { orderDetail, orderSummary } from '../orders/orderViews';
import type { PlacedOrder, PlacedOrders } from './PlacedOrders';

/**
 * The status the storefront shows, from the verified webhooks only: `placed` until the first event
 * about its payment was processed; then the escrow's status for a marketplace order once an `escrow.*`
 * event came, else the payment's (`created` shown as `awaiting_payment`).
 */
export function storefrontStatus(placed: PlacedOrder, paid: Order | undefined): string {
  if (paid === undefined) return 'placed';
  if (placed.escrow !== undefined && paid.escrow?.status !== undefined && paid.escrow.status !== null) return paid.escrow.status;
  if (paid.status === null || paid.status === 'created') return 'awaiting_payment';
  return paid.status;
}

const paidOf = (placed: PlacedOrder, book: OrderBook): Order | undefined => (placed.payment_intent === undefined ? undefined : book.get(placed.payment_intent));

const later = (a: string, b: string | undefined): string => (b !== undefined && b > a ? b : a);

/** A storefront order as `GET /orders` lists it. */
export function storefrontSummary(placed: PlacedOrder, book: OrderBook) {
  const paid = paidOf(placed, book);
  return {
    id: placed.order_id,
    object: 'order' as const,
    source: 'storefront' as const,
    env: placed.env,
    status: storefrontStatus(placed, paid),
    amount: placed.amount,
    currency: placed.currency,
    payment_method: placed.payment_method,
    payment_intent: placed.payment_intent ?? null,
    escrow: placed.escrow_id ?? null,
    last_event_type: paid?.history[paid.history.length - 1]?.type ?? null,
    events: paid?.history.length ?? 0,
    placed_at: placed.placed_at,
    first_received_at: paid?.first_received_at ?? null,
    updated_at: later(placed.checkout.updated_at, paid?.updated_at),
  };
}

/** The Pix QR code to show: the one the confirmation answered, else the one the latest payment event carries. */
function pixOf(placed: PlacedOrder, paid: Order | undefined): { data: string; txid: string | null; expires_at: number | null } | null {
  if (placed.payment_method !== 'pix') return null;
  if (placed.pix !== undefined) return { data: placed.pix.data, txid: placed.pix.txid ?? null, expires_at: placed.pix.expires_at };
  const qr = (paid?.next_action as { pix_display_qr_code?: { data?: unknown; txid?: unknown; expires_at?: unknown } } | null | undefined)?.pix_display_qr_code;
  if (typeof qr?.data !== 'string') return null;
  return { data: qr.data, txid: typeof qr.txid === 'string' ? qr.txid : null, expires_at: Number.isInteger(qr.expires_at) ? (qr.expires_at as number) : null };
}

/** A marketplace order's escrow: the payees as placed, with what the latest `escrow.*` event says of each. */
function escrowOf(placed: PlacedOrder, paid: Order | undefined) {
  if (placed.escrow === undefined) return null;
  const seen = paid?.escrow;
  return {
    id: placed.escrow_id ?? seen?.id ?? null,
    status: seen?.status ?? null,
    payees: placed.escrow.payees.map((payee) => ({ ...payee, released: seen?.payees.find((other) => other.payee === payee.payee)?.released ?? null })),
    amount_in_custody: seen?.amount_in_custody ?? null,
    amount_released: seen?.amount_released ?? null,
    amount_refunded: seen?.amount_refunded ?? null,
    release_at: seen?.release_at ?? placed.escrow.release_at ?? null,
    refund_deadline: seen?.refund_deadline ?? placed.escrow.refund_deadline ?? null,
    dispute: seen?.dispute ?? null,
    last_event_type: seen?.last_event_type ?? null,
  };
}

/**
 * A storefront order in full: what was placed, its payment (card or Pix QR code), its escrow, how far
 * its checkout went at the gateway, and everything the webhooks said (status, refunds, disputes,
 * history), with links to its events, its payment as received and the gateway's ledger of it.
 */
export function storefrontDetail(placed: PlacedOrder, book: OrderBook) {
  const paid = paidOf(placed, book);
  const received = paid === undefined ? null : orderDetail(paid);
  const pi = placed.payment_intent;
  return {
    ...storefrontSummary(placed, book),
    items: placed.items ?? null,
    description: placed.description ?? null,
    payment: {
      method: placed.payment_method,
      payment_intent: pi ?? null,
      status: paid?.status ?? null,
      card: placed.card === undefined ? null : { brand: placed.card.brand, last4: placed.card.last4, exp_month: placed.card.exp_month ?? null, exp_year: placed.card.exp_year ?? null },
      pix: pixOf(placed, paid),
    },
    escrow_detail: escrowOf(placed, paid),
    checkout: placed.checkout,
    status_source: received?.status_source ?? null,
    refunds: received?.refunds ?? [],
    disputes: received?.disputes ?? [],
    history: received?.history ?? [],
    links: {
      self: `/orders/${placed.order_id}`,
      page: `/shop/orders/${placed.order_id}`,
      events: pi === undefined ? null : `/events?order_id=${pi}`,
      payment: pi === undefined || paid === undefined ? null : `/orders/${pi}`,
      ledger: pi === undefined ? null : `/orders/${placed.order_id}/ledger`,
    },
  };
}

/**
 * Every order, newest first: the storefront's (joined with their payments) and the payments known
 * only from webhooks (placed elsewhere, e.g. straight at the gateway), each once.
 */
export function allOrders(placed: PlacedOrders, book: OrderBook): Array<ReturnType<typeof storefrontSummary> | ReturnType<typeof orderSummary>> {
  const mine = placed.newestFirst().map((order) => ({ at: order.placed_at, view: storefrontSummary(order, book) }));
  const others = book.newestFirst().filter((order) => placed.ofPaymentIntent(order.id) === undefined).map((order) => ({ at: order.first_received_at, view: orderSummary(order) }));
  const merged: Array<ReturnType<typeof storefrontSummary> | ReturnType<typeof orderSummary>> = [];
  let i = 0;
  let j = 0;
  while (i < mine.length || j < others.length) {
    const a = mine[i];
    const b = others[j];
    if (b === undefined || (a !== undefined && a.at >= b.at)) {
      merged.push((a as { view: ReturnType<typeof storefrontSummary> }).view);
      i += 1;
    } else {
      merged.push(b.view);
      j += 1;
    }
  }
  return merged;
}
