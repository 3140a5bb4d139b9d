import type { LedgerState } from '@payrail/ledger';
import type { DeliveryAttempt, DeliveryLog } from '../webhooks/deliveryLog';
import { deliverySummaries } from '../webhooks/eventRoutes';
import { merchantEvents } from '../webhooks/merchantEvents';

/** A delivery in the dead-letter queue: every scheduled attempt failed and no retry has succeeded since. */
export interface DeadLetter {
  object: 'dead_letter';
  delivery_id: string;
  event_id: string;
  event_type: string;
  endpoint: DeliveryAttempt['endpoint'];
  attempts: number;
  last_attempt_at: string;
  last_status_code: number | null;
  last_error: string | null;
}

/** A page of the dead-letter queue, and how many dead letters the merchant has in all. */
export interface DeadLetterPage {
  data: DeadLetter[];
  has_more: boolean;
  total: number;
}

/**
 * The merchant's dead-lettered deliveries, newest event first (an event's deliveries in the order of
 * their first attempt): at most `limit` after the delivery `startingAfter`, the total in the queue,
 * and whether more follow. The cursor may be any delivery of the merchant's events, so a page still
 * continues after a dead letter that a retry delivered since; null when it names none of them.
 */
export function deadLetters(state: LedgerState, merchant: string, log: DeliveryLog, limit: number, startingAfter?: string): DeadLetterPage | null {
  const data: DeadLetter[] = [];
  let total = 0;
  let started = startingAfter === undefined;
  let hasMore = false;
  for (const event of merchantEvents(state, merchant)) {
    const attempts = log.attempts(event.event_id);
    for (const delivery of deliverySummaries(log, attempts)) {
      const queued = delivery.state === 'dead_lettered';
      if (queued) total += 1;
      if (!started) {
        started = delivery.delivery_id === startingAfter;
        continue;
      }
      if (!queued) continue;
      if (data.length === limit) {
        hasMore = true;
        continue;
      }
      let last = attempts[0] as DeliveryAttempt;
      for (const attempt of attempts) if (attempt.delivery_id === delivery.delivery_id) last = attempt;
      data.push({
        object: 'dead_letter',
        delivery_id: delivery.delivery_id,
        event_id: event.event_id,
        event_type: event.type,
        endpoint: last.endpoint,
        attempts: delivery.attempts,
        last_attempt_at: last.attempted_at,
        last_status_code: last.status_code,
        last_error: last.error,
      });
    }
  }
  return started ? { data, has_more: hasMore, total } : null;
}
