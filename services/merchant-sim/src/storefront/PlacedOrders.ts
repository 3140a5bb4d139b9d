import type { JournalEvent } from '@payrail/journal';
import { ORDER_CHECKOUT_UPDATED, ORDER_PAYMENT_CREATED, ORDER_PLACED, type CheckoutOutcome, type CheckoutStep, type GatewayErrorSummary, type OrderCheckoutUpdated, type OrderPaymentCreated, type OrderPlaced, type PixQrCode } from './orderRecords';

/** Where an order's checkout stands: what merchant-sim last heard from the gateway about it (never the order's status). */
export type CheckoutState = 'pending' | 'payment_created' | CheckoutOutcome;

/** An order of the storefront, from its `merchant-sim/orders` lines alone. */
export interface PlacedOrder extends OrderPlaced {
  payment_intent?: string;
  escrow_id?: string;
  checkout: {
    state: CheckoutState;
    step: CheckoutStep | null;
    gateway_status: number | null;
    error: GatewayErrorSummary | null;
    /** Calls answered (or not) by the gateway so far: each create or confirm, retries included. */
    calls: number;
    updated_at: string;
  };
  /** The last outcome of each step, to know what a retry must still do. */
  last_outcome: Partial<Record<CheckoutStep, CheckoutOutcome>>;
  /** The QR code the confirmation answered, for a Pix order. */
  pix?: PixQrCode;
}

/**
 * The storefront's orders, derived from the `merchant-sim/orders` stream: by id, by the client's
 * Idempotency-Key and by payment intent (to join the orders built from webhooks), newest first.
 */
export class PlacedOrders {
  private readonly byId = new Map<string, PlacedOrder>();
  private readonly byKey = new Map<string, string>();
  private readonly byPaymentIntent = new Map<string, string>();
  private readonly arrival: string[] = [];

  apply(line: JournalEvent): void {
    if (line.type === ORDER_PLACED) {
      const placed = line.data as unknown as OrderPlaced;
      if (this.byId.has(placed.order_id)) return;
      this.byId.set(placed.order_id, { ...placed, checkout: { state: 'pending', step: null, gateway_status: null, error: null, calls: 0, updated_at: placed.placed_at }, last_outcome: {} });
      this.byKey.set(placed.idempotency_key, placed.order_id);
      this.arrival.push(placed.order_id);
      return;
    }
    const order = this.byId.get(String(line.data['order_id']));
    if (order === undefined) return;
    if (line.type === ORDER_PAYMENT_CREATED) {
      const created = line.data as unknown as OrderPaymentCreated;
      order.payment_intent = created.payment_intent;
      if (created.escrow !== undefined) order.escrow_id = created.escrow;
      this.byPaymentIntent.set(created.payment_intent, order.order_id);
      order.last_outcome.create = 'confirmed';
      order.checkout = { ...order.checkout, state: 'payment_created', step: 'create', gateway_status: 200, error: null, calls: order.checkout.calls + 1, updated_at: created.at };
    } else if (line.type === ORDER_CHECKOUT_UPDATED) {
      const update = line.data as unknown as OrderCheckoutUpdated;
      order.last_outcome[update.step] = update.outcome;
      order.checkout = { state: update.outcome, step: update.step, gateway_status: update.gateway_status ?? null, error: update.error ?? null, calls: order.checkout.calls + 1, updated_at: update.at };
      if (update.next_action?.pix_display_qr_code !== undefined) order.pix = update.next_action.pix_display_qr_code;
    }
  }

  clear(): void {
    this.byId.clear();
    this.byKey.clear();
    this.byPaymentIntent.clear();
    this.arrival.length = 0;
  }

  get(id: string): PlacedOrder | undefined {
    return this.byId.get(id);
  }

  withKey(key: string): PlacedOrder | undefined {
    const id = this.byKey.get(key);
    return id === undefined ? undefined : this.byId.get(id);
  }

  ofPaymentIntent(paymentIntent: string): PlacedOrder | undefined {
    const id = this.byPaymentIntent.get(paymentIntent);
    return id === undefined ? undefined : this.byId.get(id);
  }

  newestFirst(): PlacedOrder[] {
    const list: PlacedOrder[] = [];
    for (let i = this.arrival.length - 1; i >= 0; i--) list.push(this.byId.get(this.arrival[i] as string) as PlacedOrder);
    return list;
  }
}
