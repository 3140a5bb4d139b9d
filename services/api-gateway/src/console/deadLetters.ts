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

/** The merchant's dead-lettered deliveries, newest event first, at most `limit`. */
export function deadLetters(state: LedgerState, merchant: string, log: DeliveryLog, limit: number): { data: DeadLetter[]; has_more: boolean } {
  const data: DeadLetter[] = [];
  for (const event of merchantEvents(state, merchant)) {
    const attempts = log.attempts(event.event_id);
    const deliveries = new Map<string, DeliveryAttempt[]>();
    for (const attempt of attempts) deliveries.set(attempt.delivery_id, [...(deliveries.get(attempt.delivery_id) ?? []), attempt]);
    for (const [id, list] of deliveries) {
      if (!log.inDeadLetterQueue(id, attempts)) continue;
      if (data.length === limit) return { data, has_more: true };
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
  return { data, has_more: false };
}
