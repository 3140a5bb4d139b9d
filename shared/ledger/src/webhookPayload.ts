import type { JournalEvent } from '@payrail/journal';
import { LedgerState, type StoredEvent } from './ledgerState';
import { streamKind } from './shards/ledgerShards';
import { MERCHANT_EVENT_TYPES } from './merchantEvents';
import { unixSeconds, type LedgerObject } from './model';

/** The version of the event shape merchants receive; it changes only with a breaking change. */
export const WEBHOOK_API_VERSION = '2026-11-01';

/** An event as merchants see it: the body of a webhook and an item of `GET /v1/events`. */
export interface WebhookPayload {
  id: string;
  object: 'event';
  type: string;
  /** Unix seconds of the ledger commit. */
  created: number;
  api_version: typeof WEBHOOK_API_VERSION;
  livemode: false;
  data: { object: LedgerObject };
}

/**
 * The payload of a merchant event: its journal `event_id` as the stable `evt_` id, and `object` as it
 * was right after the event. The dispatcher sends `JSON.stringify` of this as the webhook body.
 */
export function toWebhookPayload(event: JournalEvent, object: LedgerObject): WebhookPayload {
  return {
    id: event.event_id,
    object: 'event',
    type: event.type,
    created: unixSeconds(event.timestamp),
    api_version: WEBHOOK_API_VERSION,
    livemode: false,
    data: { object },
  };
}

const STREAM_RANK: Record<string, number> = { payments: 0, refunds: 1, disputes: 2, escrows: 3 };
const rankOf = (stream: string): number => STREAM_RANK[streamKind(stream) ?? ''] ?? 4;

// Commit order across the three streams, the same in every process whatever order it read them in:
// time, then stream (one command's events share a timestamp), then position in the stream.
export const byCommit = (a: StoredEvent, b: StoredEvent): number =>
  Date.parse(a.event.timestamp) - Date.parse(b.event.timestamp) || rankOf(a.stream) - rankOf(b.stream) || a.event.seq - b.event.seq;

/**
 * The object `target` is about (a PaymentIntent, Refund, Dispute or Escrow) as it was right after `target`:
 * the events of its payment (`related`: the payment's, its refunds' and disputes') up to `target` in
 * commit order, replayed through a fresh LedgerState. Null when `target` is not among them.
 */
export function objectAsOf(related: readonly StoredEvent[], target: JournalEvent): LedgerObject | null {
  const ordered = [...related].sort(byCommit);
  const end = ordered.findIndex((stored) => stored.event.event_id === target.event_id);
  if (end === -1) return null;
  const replay = new LedgerState();
  for (const stored of ordered.slice(0, end + 1)) replay.apply(stored.stream, stored.event);
  const object = replay.payments.get(target.ref) ?? replay.refunds.get(target.ref) ?? replay.disputes.get(target.ref) ?? replay.escrows.escrows.get(target.ref);
  return object ?? null;
}

/**
 * The webhook payload of a ledger event, read from `state` (which must have applied it), or null when
 * merchants do not see that type or its object is unknown.
 */
export function webhookPayloadOf(state: LedgerState, event: JournalEvent): WebhookPayload | null {
  if (!MERCHANT_EVENT_TYPES.has(event.type)) return null;
  const paymentId = event.type.startsWith('payment_intent.') ? event.ref : (state.refunds.get(event.ref) ?? state.disputes.get(event.ref) ?? state.escrows.escrows.get(event.ref))?.payment_intent;
  if (paymentId === undefined) return null;
  const object = objectAsOf(state.eventsByPayment.get(paymentId) ?? [], event);
  return object === null ? null : toWebhookPayload(event, object);
}

/** True when an endpoint subscription (`*`, a domain such as `refund.*`, or an exact type) covers `type`. */
export function eventTypeMatches(pattern: string, type: string): boolean {
  if (pattern === '*' || pattern === type) return true;
  return pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1));
}
