import type { JournalEvent } from '@payrail/journal';
import { MERCHANT_EVENT_TYPES, eventTypeMatches, unixSeconds, type LedgerState } from '@payrail/ledger';

export interface EventFilter {
  /** An exact type, or a domain wildcard such as `refund.*`. */
  type?: string;
  payment_intent?: string;
  created_gte?: number;
  created_lte?: number;
  /** Only events whose id starts with this (the console's search by an id's first characters). */
  id_prefix?: string;
}

/** Calls `visit` with every event the merchant sees (MERCHANT_EVENT_TYPES of its payments, refunds and disputes). */
function forEachMerchantEvent(state: LedgerState, merchant: string, payment: string | undefined, visit: (event: JournalEvent) => void): void {
  const payments = payment === undefined ? (state.paymentsByMerchant.get(merchant) ?? []) : [state.payments.get(payment)];
  for (const intent of payments) {
    if (intent === undefined || intent.merchant !== merchant) continue;
    for (const { event } of state.eventsByPayment.get(intent.id) ?? []) if (MERCHANT_EVENT_TYPES.has(event.type)) visit(event);
  }
}

/** Every event of the merchant that passes `filter`, newest first (by id, which sorts by creation time). */
export function merchantEvents(state: LedgerState, merchant: string, filter: EventFilter = {}): JournalEvent[] {
  const events: JournalEvent[] = [];
  forEachMerchantEvent(state, merchant, filter.payment_intent, (event) => {
    if (passes(event, filter)) events.push(event);
  });
  return events.sort((a, b) => (a.event_id < b.event_id ? 1 : a.event_id > b.event_id ? -1 : 0));
}

function passes(event: JournalEvent, filter: EventFilter): boolean {
  if (filter.id_prefix !== undefined && !event.event_id.startsWith(filter.id_prefix)) return false;
  if (filter.type !== undefined && !eventTypeMatches(filter.type, event.type)) return false;
  const created = unixSeconds(event.timestamp);
  return (filter.created_gte === undefined || created >= filter.created_gte) && (filter.created_lte === undefined || created <= filter.created_lte);
}

/**
 * One page of the merchant's events that pass `filter`, newest first: the `limit` events after the id
 * `starting_after`. Event ids sort by creation time, so they order the list and make a stable cursor;
 * only the page is kept while scanning, whatever the number of events.
 */
export function merchantEventsPage(state: LedgerState, merchant: string, filter: EventFilter, limit: number, starting_after?: string): { data: JournalEvent[]; has_more: boolean } {
  const page: JournalEvent[] = []; // newest first, at most limit + 1
  forEachMerchantEvent(state, merchant, filter.payment_intent, (event) => {
    if ((starting_after !== undefined && event.event_id >= starting_after) || !passes(event, filter)) return;
    if (page.length > limit && event.event_id <= (page[limit] as JournalEvent).event_id) return;
    let at = page.length;
    while (at > 0 && (page[at - 1] as JournalEvent).event_id < event.event_id) at -= 1;
    page.splice(at, 0, event);
    if (page.length > limit + 1) page.pop();
  });
  return { data: page.slice(0, limit), has_more: page.length > limit };
}

/** One of the merchant's events by id, or undefined (also when it belongs to another merchant). */
export function findMerchantEvent(state: LedgerState, merchant: string, id: string): JournalEvent | undefined {
  let found: JournalEvent | undefined;
  forEachMerchantEvent(state, merchant, undefined, (event) => {
    if (event.event_id === id) found = event;
  });
  return found;
}
