import { canonicalJson } from '@payrail/core';
import { orderIdOf } from '../orders/OrderBook';
import type { ReceivedAttempt, ReceivedEvent } from './DeliveryProjection';
import { payloadFields } from './storedBody';

export type SignatureBadge = 'SIG OK' | 'SIG FAIL';

const badgeOf = (valid: boolean): SignatureBadge => (valid ? 'SIG OK' : 'SIG FAIL');
const seconds = (ms: number | undefined): number | null => (ms === undefined ? null : Math.round(ms / 100) / 10);

/** The attempt whose delay the Δ badge shows: the one that was processed, else the latest. */
const deltaAttemptOf = (event: ReceivedEvent): ReceivedAttempt => event.processed_by ?? (event.attempts[event.attempts.length - 1] as ReceivedAttempt);

/** An event as `GET /events` lists it, with the dashboard badges: SIG OK/FAIL, RETRY n, Δ +s. */
export function eventSummary(event: ReceivedEvent) {
  const fields = payloadFields(event.payload);
  const first = event.attempts[0] as ReceivedAttempt;
  const last = event.attempts[event.attempts.length - 1] as ReceivedAttempt;
  const signature = badgeOf(event.signature_ok);
  const retries = event.attempts.length - 1;
  const delta_s = seconds(deltaAttemptOf(event).delta_ms);
  return {
    id: event.id,
    object: 'event' as const,
    type: fields.type ?? null,
    env: event.env,
    order_id: orderIdOf(event.payload),
    created: fields.created ?? null,
    first_received_at: first.received_at,
    last_received_at: last.received_at,
    processed: event.processed_by !== undefined,
    attempts: event.attempts.length,
    last_status: last.status,
    badges: { signature, retries, delta_s },
    labels: [signature, ...(retries > 0 ? [`RETRY ${retries}`] : []), ...(delta_s === null ? [] : [`Δ ${delta_s >= 0 ? '+' : ''}${delta_s}s`])],
  };
}

/** An event in full: its trusted payload and the timeline of every attempt, with the signed headers of each. */
export function eventDetail(event: ReceivedEvent) {
  const payloadJson = canonicalJson(event.payload ?? null);
  let previous: ReceivedAttempt | undefined;
  const timeline = event.attempts.map((attempt) => {
    const gap_s = previous === undefined ? null : seconds(Date.parse(attempt.received_at) - Date.parse(previous.received_at));
    previous = attempt;
    // A body that differs from the trusted payload (a tampered delivery) is shown beside it.
    const differs = attempt.body !== undefined && canonicalJson(attempt.body) !== payloadJson;
    return {
      attempt: attempt.attempt,
      delivery_id: attempt.delivery_id,
      received_at: attempt.received_at,
      since_previous_s: gap_s,
      env: attempt.env,
      mode: attempt.mode,
      ...(attempt.mode === 'flaky' ? { flaky_pct: attempt.flaky_pct } : {}),
      ...(attempt.mode === 'timeout' ? { timeout_ms: attempt.timeout_ms } : {}),
      status: attempt.status,
      latency_ms: attempt.latency_ms,
      delta_s: seconds(attempt.delta_ms),
      signature: badgeOf(attempt.signature_valid),
      ...(attempt.signature_reason === undefined ? {} : { signature_reason: attempt.signature_reason }),
      duplicate: attempt.duplicate,
      processed: attempt.processed,
      ...(attempt.sender_disconnected === undefined ? {} : { sender_disconnected: attempt.sender_disconnected }),
      headers: attempt.headers,
      body_bytes: attempt.body_bytes,
      ...(attempt.body_truncated === true ? { body_truncated: true } : {}),
      ...(attempt.body_masked === true ? { body_masked: true } : {}),
      ...(differs ? { body: attempt.body } : {}),
    };
  });
  return { ...eventSummary(event), payload: event.payload ?? null, timeline };
}
