import { StreamTailer, type JournalEvent } from '@payrail/journal';
import type { Logger } from '@payrail/service-kit';

import { OUTBOX_STREAMS as STREAMS } from '@payrail/ledger';

/** One attempt to deliver an event to an endpoint, as ledger-service recorded it. */
export interface DeliveryAttempt {
  object: 'webhook_delivery_attempt';
  delivery_id: string;
  event_id: string;
  event_type: string;
  endpoint: { id: string; url: string; secret_ids: string[] };
  attempt: number;
  attempted_at: string;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  outcome: 'delivered' | 'failed' | 'dead_lettered' | 'disabled';
  next_retry_at: string | null;
  webhook_lag_ms: number;
  headers: Record<string, string>;
  manual: boolean;
}

/** The API view of an `outbox.delivery_attempted` line (ledger-service answers retries with the same). */
export function attemptView(data: Record<string, unknown>): DeliveryAttempt {
  return {
    object: 'webhook_delivery_attempt',
    delivery_id: data['delivery_id'] as string,
    event_id: data['event_id'] as string,
    event_type: data['event_type'] as string,
    endpoint: data['endpoint'] as DeliveryAttempt['endpoint'],
    attempt: data['attempt'] as number,
    attempted_at: data['attempted_at'] as string,
    status_code: (data['status'] as number | undefined) ?? null,
    latency_ms: data['latency_ms'] as number,
    error: (data['error'] as string | undefined) ?? null,
    outcome: data['outcome'] as DeliveryAttempt['outcome'],
    next_retry_at: (data['next_retry_at'] as string | undefined) ?? null,
    webhook_lag_ms: data['webhook_lag_ms'] as number,
    headers: data['headers'] as Record<string, string>,
    manual: data['manual'] === true,
  };
}

/**
 * The gateway's read-only view of the dispatcher's records, `outbox/deliveries.jsonl` and
 * `outbox/dlq.jsonl` (ledger-service writes them): every attempt by event, and which deliveries are
 * in the dead-letter queue. Read on demand, from where the last read stopped.
 */
export class DeliveryLog {
  private readonly byEvent = new Map<string, DeliveryAttempt[]>();
  private readonly deadLettered = new Set<string>();
  private readonly tailers: StreamTailer[];
  private lines = 0;

  constructor(dataDir: string, logger: Logger) {
    const onError = (error: Error): void => logger.warn({ err: error.message }, 'outbox: cannot read a delivery line; retrying on the next read');
    this.tailers = [
      new StreamTailer({ dataDir, stream: STREAMS.deliveries, onError, onEvents: async (events) => {
        this.lines += events.length;
        events.forEach((e) => this.applyAttempt(e));
      } }),
      new StreamTailer({ dataDir, stream: STREAMS.dlq, onError, onEvents: async (events) => {
        this.lines += events.length;
        events.forEach((e) => this.deadLettered.add(e.data['delivery_id'] as string));
      } }),
    ];
  }

  /** Reads every line appended since the last read. */
  async refresh(): Promise<void> {
    // A read already running may have started before the latest append: wait for it, then read again.
    await Promise.all(this.tailers.map(async (tailer) => {
      await tailer.wake();
      await tailer.wake();
    }));
  }

  /** Lines read so far (attempts and dead letters): it grows whenever a delivery moves. */
  get version(): number {
    return this.lines;
  }

  /** Every attempt of every delivery of an event, oldest first. */
  attempts(eventId: string): DeliveryAttempt[] {
    return this.byEvent.get(eventId) ?? [];
  }

  /** True while a delivery sits in the dead-letter queue: dead-lettered and not delivered since. */
  inDeadLetterQueue(deliveryId: string, attempts: readonly DeliveryAttempt[]): boolean {
    return this.deadLettered.has(deliveryId) && !attempts.some((a) => a.delivery_id === deliveryId && a.outcome === 'delivered');
  }

  async close(): Promise<void> {
    await Promise.all(this.tailers.map((t) => t.stop()));
  }

  private applyAttempt(event: JournalEvent): void {
    const attempt = attemptView(event.data);
    const list = this.byEvent.get(attempt.event_id);
    if (list === undefined) this.byEvent.set(attempt.event_id, [attempt]);
    else list.push(attempt);
  }
}
