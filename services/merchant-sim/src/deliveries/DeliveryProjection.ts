import type { JournalEvent } from '@payrail/journal';
import type { WebhookEnv } from '../webhooks/webhookEnvs';
import { DELIVERY_RECEIVED, eventKeyOf, isProcessing, type DeliveryRecord } from './deliveryRecord';

/** One delivery attempt as the projection keeps it: the record, its place in the stream, and whether it was applied. */
export interface ReceivedAttempt extends DeliveryRecord {
  seq: number;
  processed: boolean;
}

/** One event as the merchant knows it: every attempt that carried its id, and the payload it trusts. */
export interface ReceivedEvent {
  /** The webhook-id (the delivery id for a delivery that had none). */
  id: string;
  env: WebhookEnv;
  /** The body of the first attempt whose signature verified; until one does, the first attempt's. */
  payload: unknown;
  signature_ok: boolean;
  /** The attempt that was applied to the orders, once one was. */
  processed_by?: ReceivedAttempt;
  attempts: ReceivedAttempt[];
  /** Counts the attempts applied to it: what it shows changes only when this does (snapshots keep its text until then). */
  revision: number;
}

/**
 * The events merchant-sim received, derived from the deliveries stream alone: attempts grouped by
 * webhook-id in arrival order. A duplicate delivery adds an attempt, never an event.
 */
export class DeliveryProjection {
  private readonly events = new Map<string, ReceivedEvent>();
  /** Event ids by first arrival, oldest first. */
  private readonly arrival: string[] = [];

  /** Applies one journal line; returns the event when this attempt is the one that processed it. */
  apply(line: JournalEvent): ReceivedEvent | null {
    if (line.type !== DELIVERY_RECEIVED) return null;
    const record = line.data as unknown as DeliveryRecord;
    const attempt: ReceivedAttempt = { ...record, seq: line.seq, processed: isProcessing(record) };
    const key = eventKeyOf(record);
    let event = this.events.get(key);
    if (event === undefined) {
      event = { id: key, env: record.env, payload: record.body, signature_ok: false, attempts: [], revision: 0 };
      this.events.set(key, event);
      this.arrival.push(key);
    }
    event.attempts.push(attempt);
    event.revision += 1;
    if (record.signature_valid && !event.signature_ok) {
      event.signature_ok = true;
      event.payload = record.body;
    }
    if (attempt.processed && event.processed_by === undefined) {
      event.processed_by = attempt;
      return event;
    }
    return null;
  }

  clear(): void {
    this.events.clear();
    this.arrival.length = 0;
  }

  get(id: string): ReceivedEvent | undefined {
    return this.events.get(id);
  }

  /** Every event, newest first arrival first. */
  newestFirst(): ReceivedEvent[] {
    const list: ReceivedEvent[] = [];
    for (let i = this.arrival.length - 1; i >= 0; i--) list.push(this.events.get(this.arrival[i] as string) as ReceivedEvent);
    return list;
  }
}
