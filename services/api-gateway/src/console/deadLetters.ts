import type { LedgerState } from '@payrail/ledger';
import type { DeliveryAttempt, DeliveryLog } from '../webhooks/deliveryLog';
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

/**
 * The merchant's dead-lettered deliveries, newest event first: at most `limit` after the delivery
 * `startingAfter` (undefined: from the first), how many there are in all, and whether more follow.
 * `found` is false when `startingAfter` names no dead letter of the merchant.
 */
export function deadLetters(state: LedgerState, merchant: string, log: DeliveryLog, limit: number, startingAfter?: string): { data: DeadLetter[]; has_more: boolean; total: number; found: boolean } {
  const data: DeadLetter[] = [];
  let total = 0;
  let started = startingAfter === undefined;
  let hasMore = false;
  for (const event of merchantEvents(state, merchant)) {
    const attempts = log.attempts(event.event_id);
    const deliveries = new Map<string, DeliveryAttempt[]>();
    for (const attempt of attempts) deliveries.set(attempt.delivery_id, [...(deliveries.get(attempt.delivery_id) ?? []), attempt]);
    for (const [id, list] of deliveries) {
      if (!log.inDeadLetterQueue(id, attempts)) continue;
      total += 1;
      if (!started) {
        started = id === startingAfter;
        continue;
      }
      if (data.length === limit) {
        hasMore = true;
        continue;
      }
      const last = list[list.length - 1] as DeliveryAttempt;
      data.push({
        object: 'dead_letter',
        delivery_id: id,
        event_id: event.event_id,
        event_type: event.type,
        endpoint: last.endpoint,
        attempts: list.length,
        last_attempt_at: last.attempted_at,
        last_status_code: last.status_code,
        last_error: last.error,
      });
    }
  }
  return { data, has_more: hasMore, total, found: started };
}
