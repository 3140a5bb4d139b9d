import type { JournalEvent } from '@payrail/journal';
import { MERCHANT_EVENT_TYPES, eventTypeMatches, unixSeconds, type LedgerState } from '@payrail/ledger';

export interface EventFilter {
  /** An exact type, or a domain wildcard such as `refund.*`. */
  type?: string;
  payment_intent?: string;
  created_gte?: number;
  created_lte?: number;
}

/**
 * The events a merchant sees (MERCHANT_EVENT_TYPES of its payments, refunds and disputes) that pass
 * `filter`, newest first. Event ids sort by creation time, so they order the list and its cursor.
 */
export function merchantEvents(state: LedgerState, merchant: string, filter: EventFilter = {}): JournalEvent[] {
  const payments = filter.payment_intent === undefined
    ? (state.paymentsByMerchant.get(merchant) ?? [])
    : [state.payments.get(filter.payment_intent)].filter((p) => p !== undefined && p.merchant === merchant);
  const events: JournalEvent[] = [];
  for (const payment of payments) {
    if (payment === undefined) continue;
    for (const { event } of state.eventsByPayment.get(payment.id) ?? []) {
      if (!MERCHANT_EVENT_TYPES.has(event.type)) continue;
      if (filter.type !== undefined && !eventTypeMatches(filter.type, event.type)) continue;
      const created = unixSeconds(event.timestamp);
      if (filter.created_gte !== undefined && created < filter.created_gte) continue;
      if (filter.created_lte !== undefined && created > filter.created_lte) continue;
      events.push(event);
    }
  }
  return events.sort((a, b) => (a.event_id < b.event_id ? 1 : a.event_id > b.event_id ? -1 : 0));
}

/** One of the merchant's events by id, or undefined (also when it belongs to another merchant). */
export function findMerchantEvent(state: LedgerState, merchant: string, id: string): JournalEvent | undefined {
  for (const payment of state.paymentsByMerchant.get(merchant) ?? []) {
    for (const { event } of state.eventsByPayment.get(payment.id) ?? []) {
      if (event.event_id === id && MERCHANT_EVENT_TYPES.has(event.type)) return event;
    }
  }
  return undefined;
}
