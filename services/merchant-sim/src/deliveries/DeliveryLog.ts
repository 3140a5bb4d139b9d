import { newId, PayrailError } from '@payrail/core';
import { JournalUnavailableError, type Journal } from '@payrail/journal';
import { DELIVERIES_STREAM, DELIVERY_RECEIVED, type DeliveryRecord } from './deliveryRecord';
import type { DeliveryProjection } from './DeliveryProjection';

/** A delivery as the receiver saw it, before the journal numbers and dedupes it. */
export type DeliveryDraft = Omit<DeliveryRecord, 'delivery_id' | 'attempt' | 'duplicate' | 'latency_ms'> & {
  /** The sender's `webhook-attempt`, when it sent a valid one. */
  sender_attempt?: number;
  /** performance.now() when the request arrived. */
  started_ms: number;
  correlation_id: string;
};

/** Stores every delivery attempt as one journal line; the attempt number and duplicate flag are decided under the lock. */
export class DeliveryLog {
  constructor(
    private readonly journal: Journal,
    private readonly projection: DeliveryProjection,
  ) {}

  /** Resolves once the attempt is durable; a journal that cannot write becomes 503 journal_unavailable, so the sender retries. */
  async record(draft: DeliveryDraft): Promise<DeliveryRecord> {
    const { sender_attempt, started_ms, correlation_id, ...seen } = draft;
    const delivery_id = newId('del');
    try {
      return await this.journal.transact((tx) => {
        const known = seen.webhook_id === undefined ? undefined : this.projection.get(seen.webhook_id);
        const record: DeliveryRecord = {
          delivery_id,
          ...seen,
          attempt: sender_attempt ?? (known?.attempts.length ?? 0) + 1,
          duplicate: known?.processed_by !== undefined,
          latency_ms: Math.round((performance.now() - started_ms) * 10) / 10,
        };
        // An optional field left undefined would fail the schema; the line holds only what is known.
        const data = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
        tx.append(DELIVERIES_STREAM, { type: DELIVERY_RECEIVED, ref: seen.webhook_id ?? delivery_id, data, correlation_id });
        return data as unknown as DeliveryRecord;
      });
    } catch (error) {
      if (error instanceof JournalUnavailableError) throw new PayrailError('journal_unavailable', 'merchant-sim cannot store the delivery right now; deliver it again later.');
      throw error;
    }
  }
}
