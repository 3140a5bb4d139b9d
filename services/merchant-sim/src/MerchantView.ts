import type { JournalEvent } from '@payrail/journal';
import { DeliveryProjection } from './deliveries/DeliveryProjection';
import { OrderBook } from './orders/OrderBook';
import { PlacedOrders } from './storefront/PlacedOrders';

/**
 * Everything merchant-sim shows, derived from its two streams alone: the events with their attempts
 * and the payments built from the events it processed (deliveries), and the storefront's orders as
 * placed (orders), joined with those payments by payment intent when shown.
 */
export class MerchantView {
  readonly deliveries = new DeliveryProjection();
  readonly orders = new OrderBook();
  readonly placed = new PlacedOrders();

  apply(line: JournalEvent): void {
    if (line.type.startsWith('merchant_sim.order_')) {
      this.placed.apply(line);
      return;
    }
    const processed = this.deliveries.apply(line);
    if (processed !== null) this.orders.apply(processed);
  }

  clear(): void {
    this.deliveries.clear();
    this.orders.clear();
    this.placed.clear();
  }
}
