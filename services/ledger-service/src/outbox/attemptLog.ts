import { Journal, type JournalEvent, type JournalLogger } from '@payrail/journal';

import { OUTBOX_STREAMS } from '@payrail/ledger';

export { OUTBOX_STREAMS };

export type AttemptOutcome = 'delivered' | 'failed' | 'dead_lettered' | 'disabled';

/** The data of an `outbox.delivery_attempted` line. */
export interface AttemptData {
  delivery_id: string;
  event_id: string;
  event_type: string;
  endpoint: { id: string; url: string; secret_ids: string[] };
  attempt: number;
  attempted_at: string;
  status?: number;
  latency_ms: number;
  error?: string;
  outcome: AttemptOutcome;
  next_retry_at?: string;
  webhook_lag_ms: number;
  /** The webhook-* headers sent; a Stripe-format endpoint's `stripe-signature` instead of `webhook-signature`. */
  headers: Record<'webhook-id' | 'webhook-timestamp' | 'webhook-attempt', string> & { 'webhook-signature'?: string; 'stripe-signature'?: string };
  manual?: boolean;
}

/** Where one delivery (one event to one endpoint) stands, from its recorded attempts. */
export interface DeliveryRecord {
  delivery_id: string;
  event_id: string;
  event_type: string;
  endpoint_id: string;
  merchant: string;
  /** The highest attempt number recorded or reserved. */
  attempts: number;
  /** Attempts the schedule made (manual ones excepted): where the delivery is on the retry schedule. */
  scheduled_attempts: number;
  delivered: boolean;
  dead_lettered: boolean;
  disabled: boolean;
  /** When the schedule sends it next (from the last scheduled attempt), or null. */
  next_retry_ms: number | null;
  last_attempt_at: string | null;
}

/**
 * How long attempt lines gather before one journal commit (one lock, one fsync) writes them all. The
 * journal's fsync blocks the event loop, so fewer, larger commits leave more time for sending.
 */
const RECORD_BATCH_MS = 50;
/** The most attempts one commit writes (each may add a DLQ line: within the journal's events per command). */
const RECORD_BATCH_ATTEMPTS_MAX = 32;

/** Where an attempt line came from: the merchant, the request's correlation id, and its Idempotency-Key (manual retries). */
export interface RecordContext {
  merchant: string;
  correlation_id?: string;
  idempotency?: { key: string; request_hash: string };
}

/** How long a manual retry's Idempotency-Key replays its attempts (DESIGN §5: keys expire after 24 h). */
const RETRY_KEY_TTL_MS = 86_400_000;

interface QueuedRecord {
  attempt: AttemptData;
  context: RecordContext;
  resolve(): void;
  reject(error: unknown): void;
}

/** The key of a delivery: one event to one endpoint. */
export const deliveryKey = (eventId: string, endpointId: string): string => `${eventId}|${endpointId}`;

/**
 * The dispatcher's records: `outbox/deliveries.jsonl` (every attempt) and `outbox/dlq.jsonl`
 * (deliveries whose scheduled attempts are exhausted), one journal under the lock `outbox/.journal`.
 * Replayed at start-up, they say which deliveries are done, which wait for a retry (and when), and
 * which are dead-lettered.
 */
export class AttemptLog {
  private readonly records = new Map<string, DeliveryRecord>();
  /** Manual retries by merchant and Idempotency-Key: the request's fingerprint and the attempts it made. */
  private readonly keyed = new Map<string, { request_hash: string; created_ms: number; attempts: AttemptData[] }>();
  private journal: Journal | null = null;
  private queued: QueuedRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private mayWrite: () => boolean = () => true;

  static async open(options: { dataDir: string; logger?: JournalLogger }): Promise<AttemptLog> {
    const log = new AttemptLog();
    log.journal = await Journal.open({
      dataDir: options.dataDir,
      streams: Object.values(OUTBOX_STREAMS),
      lockName: 'outbox/.journal',
      onEvent: (stream, event) => log.apply(stream, event),
      onReset: () => {
        log.records.clear();
        log.keyed.clear();
      },
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return log;
  }

  get(eventId: string, endpointId: string): DeliveryRecord | undefined {
    return this.records.get(deliveryKey(eventId, endpointId));
  }

  all(): IterableIterator<DeliveryRecord> {
    return this.records.values();
  }

  /** The records of one event, one per endpoint it went to. */
  forEvent(eventId: string): DeliveryRecord[] {
    return [...this.records.values()].filter((r) => r.event_id === eventId);
  }

  /** The attempts an unexpired Idempotency-Key of the merchant made, and the fingerprint of its request. */
  keyedRetry(merchant: string, key: string, now = Date.now()): { request_hash: string; attempts: AttemptData[] } | undefined {
    const found = this.keyed.get(`${merchant}\u0000${key}`);
    return found === undefined || found.created_ms < now - RETRY_KEY_TTL_MS ? undefined : found;
  }

  /** Starts a delivery's record (no line yet) so that its attempt numbers are reserved from here on. */
  begin(record: Omit<DeliveryRecord, 'attempts' | 'scheduled_attempts' | 'delivered' | 'dead_lettered' | 'disabled' | 'next_retry_ms' | 'last_attempt_at'>): DeliveryRecord {
    const key = deliveryKey(record.event_id, record.endpoint_id);
    const existing = this.records.get(key);
    if (existing !== undefined) return existing;
    const created: DeliveryRecord = { ...record, attempts: 0, scheduled_attempts: 0, delivered: false, dead_lettered: false, disabled: false, next_retry_ms: null, last_attempt_at: null };
    this.records.set(key, created);
    return created;
  }

  /** Reserves the next attempt number of a delivery (a scheduled and a manual attempt never share one). */
  reserveAttempt(record: DeliveryRecord): number {
    record.attempts += 1;
    return record.attempts;
  }

  /**
   * Appends the attempt line (and, when dead-lettered, the DLQ line) durably: with the others recorded
   * within RECORD_BATCH_MS, in the order asked. Resolves once the line is on disk.
   */
  record(attempt: AttemptData, context: RecordContext): Promise<void> {
    this.open();
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ attempt, context, resolve, reject });
      if (this.queued.length >= RECORD_BATCH_ATTEMPTS_MAX) this.commitQueued();
      else this.timer ??= setTimeout(() => this.commitQueued(), RECORD_BATCH_MS);
    });
  }

  /** Reads the attempts other processes recorded since the last read (a standby taking over). */
  catchUp(): Promise<void> {
    return this.open().catchUp();
  }

  /**
   * From now on, lines are written only while `mayWrite` holds (the dispatcher lease): a batch queued
   * before this process lost the lease is dropped, not written after another process took over.
   */
  fence(mayWrite: () => boolean): void {
    this.mayWrite = mayWrite;
  }

  async close(): Promise<void> {
    this.commitQueued();
    await this.journal?.close();
    this.journal = null;
  }

  private commitQueued(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queued;
    this.queued = [];
    if (batch.length === 0 || this.journal === null) return;
    const lost = new Error('the dispatcher lease is lost: attempt lines are not written');
    if (!this.mayWrite()) {
      batch.forEach((queued) => queued.reject(lost));
      return;
    }
    this.journal.transact((tx) => {
      // Asked again under the journal's lock, right before its write (the commit may have waited for the
      // lock, or the process may have been paused, past the lease's end).
      if (!this.mayWrite()) throw lost;
      for (const { attempt, context } of batch) {
        const envelope = {
          ref: attempt.delivery_id,
          merchant_id: context.merchant,
          ...(context.correlation_id ? { correlation_id: context.correlation_id } : {}),
          ...(context.idempotency ? { idempotency: context.idempotency } : {}),
        };
        tx.append(OUTBOX_STREAMS.deliveries, { ...envelope, type: 'outbox.delivery_attempted', data: { ...attempt } });
        if (attempt.outcome === 'dead_lettered') tx.append(OUTBOX_STREAMS.dlq, { ...envelope, type: 'outbox.dead_lettered', data: deadLetter(attempt) });
      }
    }).then(
      () => batch.forEach((queued) => queued.resolve()),
      (error: unknown) => batch.forEach((queued) => queued.reject(error)),
    );
  }

  private open(): Journal {
    if (this.journal === null) throw new Error('the attempt log is closed');
    return this.journal;
  }

  private apply(stream: string, event: JournalEvent): void {
    if (stream !== OUTBOX_STREAMS.deliveries) return; // a DLQ line repeats what its attempt line says
    const data = event.data as unknown as AttemptData;
    if (event.idempotency !== undefined && event.merchant_id !== undefined) {
      const index = `${event.merchant_id}\u0000${event.idempotency.key}`;
      const keyed = this.keyed.get(index) ?? { request_hash: event.idempotency.request_hash, created_ms: Date.parse(event.timestamp), attempts: [] };
      keyed.attempts.push(data);
      this.keyed.set(index, keyed);
    }
    const record = this.begin({ delivery_id: data.delivery_id, event_id: data.event_id, event_type: data.event_type, endpoint_id: data.endpoint.id, merchant: event.merchant_id ?? '' });
    record.attempts = Math.max(record.attempts, data.attempt);
    record.last_attempt_at = data.attempted_at;
    if (data.outcome === 'delivered') record.delivered = true;
    if (data.outcome === 'dead_lettered') record.dead_lettered = true;
    if (data.outcome === 'disabled') record.disabled = true;
    if (data.manual !== true) {
      record.scheduled_attempts += 1;
      record.next_retry_ms = data.next_retry_at === undefined ? null : Date.parse(data.next_retry_at);
    }
    if (record.delivered) record.next_retry_ms = null;
  }
}

/** The DLQ line of an attempt that exhausted the schedule. */
function deadLetter(attempt: AttemptData): Record<string, unknown> {
  return {
    delivery_id: attempt.delivery_id,
    event_id: attempt.event_id,
    event_type: attempt.event_type,
    endpoint: attempt.endpoint,
    attempts: attempt.attempt,
    ...(attempt.status === undefined ? {} : { last_status: attempt.status }),
    ...(attempt.error === undefined ? {} : { last_error: attempt.error }),
  };
}
