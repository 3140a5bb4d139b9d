import type { JournalEvent } from '@payrail/journal';
import { DeliveryProjection } from './deliveries/DeliveryProjection';
import { OrderBook } from './orders/OrderBook';

/**
 * Everything merchant-sim shows, derived from its deliveries stream alone: the events with their
 * attempts, and the orders built from the events it processed.
 */
export class MerchantView {
  readonly deliveries = new DeliveryProjection();
  readonly orders = new OrderBook();

  apply(line: JournalEvent): void {
    const processed = this.deliveries.apply(line);
    if (processed !== null) this.orders.apply(processed);
  }

  clear(): void {
    this.deliveries.clear();
    this.orders.clear();
  }
}
