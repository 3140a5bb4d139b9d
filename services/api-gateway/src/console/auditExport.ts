import { PayrailError, canonicalJson, sha256Hex } from '@payrail/core';
import { GENESIS_HASH } from '@payrail/journal';
import type { Dispute, LedgerState, PaymentIntent, Refund, StoredEvent } from '@payrail/ledger';

/** The most events one export holds; a wider date range must be split. */
export const EXPORT_EVENTS_MAX = 5_000;

/** One ledger line as an audit export lists it: the line itself and whether its hash and link hold. */
export interface VerifiedEvent {
  stream: string;
  seq: number;
  event_id: string;
  type: string;
  ref: string;
  timestamp: string;
  correlation_id: string | null;
  data: Record<string, unknown>;
  postings: unknown[] | null;
  prev_hash: string;
  hash: string;
  verification: { hash_valid: boolean; linked_to_previous: boolean };
}

export type AuditScope = { payment_intent: string } | { created_gte: number; created_lte: number };

/** Everything an auditor needs about a payment or a date range: objects, events with hashes, the chain check. */
export interface AuditExport {
  object: 'audit_export';
  merchant: string;
  generated_at: string;
  scope: AuditScope;
  chain_verified: boolean;
  /** The first line that failed verification, if any. */
  first_failure: { stream: string; seq: number; event_id: string } | null;
  payments: PaymentIntent[];
  refunds: Refund[];
  disputes: Dispute[];
  events: VerifiedEvent[];
}

/**
 * Re-hashes a ledger line (sha256 of the previous hash and the canonical line without its hash) and
 * checks that it links to the line before it in its stream.
 */
export function verifiedEvent(state: LedgerState, { stream, event }: StoredEvent): VerifiedEvent {
  const { hash, ...rest } = event;
  const previous = event.seq === 1 ? GENESIS_HASH : state.hashes.get(stream)?.[event.seq - 2];
  return {
    stream,
    seq: event.seq,
    event_id: event.event_id,
    type: event.type,
    ref: event.ref,
    timestamp: event.timestamp,
    correlation_id: event.correlation_id ?? null,
    data: event.data,
    postings: (event.postings as unknown[] | undefined) ?? null,
    prev_hash: event.prev_hash,
    hash,
    verification: { hash_valid: sha256Hex(event.prev_hash + canonicalJson(rest)) === hash, linked_to_previous: previous === event.prev_hash },
  };
}

/** The audit export of one of `merchant`'s payments, or of the events its payments had in a date range. */
export function auditExport(state: LedgerState, merchant: string, scope: AuditScope, now = new Date()): AuditExport {
  const payments = 'payment_intent' in scope ? [paymentOf(state, merchant, scope.payment_intent)] : paymentsInRange(state, merchant, scope);
  const stored: StoredEvent[] = [];
  for (const payment of payments) {
    for (const entry of state.eventsByPayment.get(payment.id) ?? []) {
      if ('created_gte' in scope) {
        const at = Date.parse(entry.event.timestamp) / 1000;
        if (at < scope.created_gte || at > scope.created_lte) continue;
      }
      stored.push(entry);
      if (stored.length > EXPORT_EVENTS_MAX) {
        throw new PayrailError('parameter_invalid', `More than ${EXPORT_EVENTS_MAX} events in this range: export a shorter range.`, { param: 'created[gte]' });
      }
    }
  }
  stored.sort((a, b) => a.event.timestamp.localeCompare(b.event.timestamp) || a.stream.localeCompare(b.stream) || a.event.seq - b.event.seq);
  const events = stored.map((entry) => verifiedEvent(state, entry));
  const failure = events.find((e) => !e.verification.hash_valid || !e.verification.linked_to_previous);
  const ids = new Set(payments.map((p) => p.id));
  return {
    object: 'audit_export',
    merchant,
    generated_at: now.toISOString(),
    scope,
    chain_verified: failure === undefined,
    first_failure: failure === undefined ? null : { stream: failure.stream, seq: failure.seq, event_id: failure.event_id },
    payments,
    refunds: payments.flatMap((p) => state.refundsByPayment.get(p.id) ?? []),
    disputes: [...(state.disputesByMerchant.get(merchant) ?? [])].filter((d) => ids.has(d.payment_intent)),
    events,
  };
}

function paymentOf(state: LedgerState, merchant: string, id: string): PaymentIntent {
  const payment = state.payments.get(id);
  if (payment === undefined || payment.merchant !== merchant) throw new PayrailError('resource_missing', `No such payment_intent: '${id}'.`, { param: 'payment_intent' });
  return payment;
}

/** The merchant's payments that may have events in the range: created before its end. */
function paymentsInRange(state: LedgerState, merchant: string, range: { created_gte: number; created_lte: number }): PaymentIntent[] {
  if (range.created_gte > range.created_lte) throw new PayrailError('parameter_invalid', 'created[gte] must not be after created[lte].', { param: 'created[gte]' });
  return (state.paymentsByMerchant.get(merchant) ?? []).filter((p) => p.created <= range.created_lte && p.updated >= range.created_gte);
}
