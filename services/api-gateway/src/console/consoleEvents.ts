import { webhookPayloadOf, type LedgerState, type WebhookPayload } from '@payrail/ledger';
import type { DeliveryLog } from '../webhooks/deliveryLog';
import { deliverySummaries, eventListPage, type DeliverySummary } from '../webhooks/eventRoutes';

/** One delivery of an event as the console's events list shows it: where it stands at one endpoint. */
export type ConsoleDelivery = Omit<DeliverySummary, 'endpoint'> & { endpoint: { id: string; url: string } };

/** An event of the console's events list: the event as /v1/events lists it, and each endpoint's delivery state. */
export interface ConsoleEvent {
  object: 'console_event';
  event: WebhookPayload;
  deliveries: ConsoleDelivery[];
}

/** The events list of the console: /v1/events's page for the same query, each event with its deliveries (state and log read as they are). */
export function consoleEventsPage(state: LedgerState, merchant: string, log: DeliveryLog, query: Record<string, unknown>, limit_default: number): { data: ConsoleEvent[]; has_more: boolean } {
  const page = eventListPage(state, merchant, query, limit_default);
  const data = page.data.flatMap((event): ConsoleEvent[] => {
    // Null only for a type merchants do not see, which a merchant's events list never holds.
    const payload = webhookPayloadOf(state, event);
    if (payload === null) return [];
    const deliveries = deliverySummaries(log, log.attempts(event.event_id)).map(({ endpoint, ...delivery }) => ({ ...delivery, endpoint: { id: endpoint.id, url: endpoint.url } }));
    return [{ object: 'console_event', event: payload, deliveries }];
  });
  return { data, has_more: page.has_more };
}
