import type { JournalEvent } from '@payrail/journal';
import { LedgerState, type StoredEvent } from '../ledgerState';
import { byCommit } from '../webhookPayload';
import { MERCHANT_EVENT_TYPES } from '../merchantEvents';
import { unixSeconds, type Dispute, type PaymentIntent, type Refund } from '../model';
import { STRIPE_API_VERSION, stripeCharge, stripeDispute, stripePaymentIntent, stripeRefund, type StripeObject } from './stripeObjects';

/** Which of the payment's objects a Stripe event carries. */
type Carried = 'payment_intent' | 'charge' | 'refund' | 'dispute';

/**
 * The Stripe event types of each PayRail event, in the order Stripe sends them. One PayRail event may
 * be several Stripe events (a capture is `payment_intent.succeeded` and `charge.captured`); each gets
 * its own id: the PayRail event's id, then `<id>_1`, `<id>_2`...
 */
function stripeTypesOf(event: JournalEvent, intent: PaymentIntent | undefined): Array<[string, Carried]> {
  const manual = intent?.capture_method === 'manual';
  switch (event.type) {
    case 'payment_intent.created': return [['payment_intent.created', 'payment_intent']];
    // With automatic capture the capture follows at once: Stripe shows only its events.
    case 'payment_intent.authorized': return manual ? [['payment_intent.amount_capturable_updated', 'payment_intent'], ['charge.succeeded', 'charge']] : [];
    case 'payment_intent.captured': return [['payment_intent.succeeded', 'payment_intent'], [manual ? 'charge.captured' : 'charge.succeeded', 'charge']];
    case 'payment_intent.declined': return [['payment_intent.payment_failed', 'payment_intent'], ['charge.failed', 'charge']];
    case 'payment_intent.reversed': return [['payment_intent.canceled', 'payment_intent']];
    case 'refund.created': return [['refund.created', 'refund']];
    case 'refund.approved': return [['refund.updated', 'refund']];
    case 'refund.succeeded': return [['refund.updated', 'refund'], ['charge.refunded', 'charge']];
    case 'refund.failed': return [['refund.updated', 'refund'], ['refund.failed', 'refund']];
    case 'dispute.opened': return [['charge.dispute.created', 'dispute']];
    case 'dispute.evidence_submitted': return [['charge.dispute.updated', 'dispute']];
    case 'dispute.funds_withdrawn': return [['charge.dispute.funds_withdrawn', 'dispute']];
    case 'dispute.funds_reinstated': return [['charge.dispute.funds_reinstated', 'dispute']];
    case 'dispute.won':
    case 'dispute.lost': return [['charge.dispute.closed', 'dispute']];
    default: return [];
  }
}

/** Every Stripe event type this surface sends, for the documents and `enabled_events` checks. */
export const STRIPE_EVENT_TYPES: readonly string[] = [
  'payment_intent.created', 'payment_intent.amount_capturable_updated', 'payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.canceled',
  'charge.succeeded', 'charge.captured', 'charge.failed', 'charge.refunded',
  'refund.created', 'refund.updated', 'refund.failed',
  'charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated', 'charge.dispute.closed',
];

/** A Stripe event id: the PayRail event's id for its first Stripe event, `<id>_<n>` for the n-th after. */
export const stripeEventId = (eventId: string, index: number): string => (index === 0 ? eventId : `${eventId}_${index}`);

/** The PayRail event id and index of a Stripe event id, or null when it is not one. */
export function parseStripeEventId(id: string): { event_id: string; index: number } | null {
  const match = /^(evt_[0-9a-z]{26})(?:_([1-9]))?$/.exec(id);
  if (match === null) return null;
  return { event_id: match[1] as string, index: match[2] === undefined ? 0 : Number(match[2]) };
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: StripeObject };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/**
 * The payment's state right before `target` and right after it, from one replay of its events in
 * commit order (the order webhook payloads use). Null when `target` is not among them.
 */
function snapshots(related: readonly StoredEvent[], target: JournalEvent, paymentId: string, needed: readonly Carried[]): { before: (carried: Carried) => StripeObject | null; after: LedgerState } | null {
  const ordered = [...related].sort(byCommit);
  const end = ordered.findIndex((stored) => stored.event.event_id === target.event_id);
  if (end === -1) return null;
  const state = new LedgerState();
  for (const stored of ordered.slice(0, end)) state.apply(stored.stream, stored.event);
  const rendered = new Map<Carried, StripeObject | null>();
  for (const carried of needed) rendered.set(carried, render(state, carried, paymentId, target.ref));
  const last = ordered[end] as StoredEvent;
  state.apply(last.stream, last.event);
  return state.payments.has(paymentId) ? { before: (carried) => rendered.get(carried) ?? null, after: state } : null;
}

function render(state: LedgerState, carried: Carried, paymentId: string, ref: string): StripeObject | null {
  const intent = state.payments.get(paymentId);
  if (intent === undefined) return null;
  switch (carried) {
    case 'payment_intent': return stripePaymentIntent(intent);
    case 'charge': return stripeCharge(intent);
    case 'refund': { const refund: Refund | undefined = state.refunds.get(ref); return refund === undefined ? null : stripeRefund(refund); }
    case 'dispute': { const dispute: Dispute | undefined = state.disputes.get(ref); return dispute === undefined ? null : stripeDispute(dispute); }
  }
}

/** The top-level fields of `before` that differ in `after`, with their old values (Stripe's previous_attributes). */
function previousAttributes(before: StripeObject, after: StripeObject): StripeObject {
  const changed: StripeObject = {};
  for (const [key, value] of Object.entries(before)) if (JSON.stringify(value) !== JSON.stringify(after[key])) changed[key] = value;
  return changed;
}

/** The payment a PayRail merchant event is about, as `state` knows it. */
export function paymentIdOf(state: LedgerState, event: JournalEvent): string | undefined {
  if (event.type.startsWith('payment_intent.')) return event.ref;
  return (state.refunds.get(event.ref) ?? state.disputes.get(event.ref))?.payment_intent;
}

/**
 * The Stripe events of one PayRail merchant event, each with `data.object` as the Stripe surface
 * renders it right after the event and `data.previous_attributes` where an existing object changed.
 * `pendingWebhooks(type)` counts the Stripe-format endpoints subscribed to a type. Empty for a
 * PayRail event that has no Stripe counterpart (`payment_intent.settled`, ...).
 */
export function stripeEventsOf(state: LedgerState, event: JournalEvent, pendingWebhooks: (type: string) => number = () => 0): StripeEvent[] {
  if (!MERCHANT_EVENT_TYPES.has(event.type)) return [];
  const paymentId = paymentIdOf(state, event);
  if (paymentId === undefined) return [];
  const types = stripeTypesOf(event, state.payments.get(paymentId));
  if (types.length === 0) return [];
  const states = snapshots(state.eventsByPayment.get(paymentId) ?? [], event, paymentId, types.map(([, carried]) => carried));
  if (states === null) return [];
  const events: StripeEvent[] = [];
  types.forEach(([type, carried], index) => {
    const object = render(states.after, carried, paymentId, event.ref);
    if (object === null) return;
    const old = type.endsWith('.created') ? null : states.before(carried);
    const previous = old === null ? null : previousAttributes(old, object);
    events.push({
      id: stripeEventId(event.event_id, index),
      object: 'event',
      api_version: STRIPE_API_VERSION,
      created: unixSeconds(event.timestamp),
      data: { object, ...(previous === null || Object.keys(previous).length === 0 ? {} : { previous_attributes: previous }) },
      livemode: false,
      pending_webhooks: pendingWebhooks(type),
      request: { id: event.causation_id === undefined ? (event.correlation_id ?? null) : null, idempotency_key: event.idempotency?.key ?? null },
      type,
    });
  });
  return events;
}

/** True when a Stripe endpoint's `enabled_events` (`*` or exact Stripe types) covers `type`. */
export const stripeEventEnabled = (enabled: readonly string[], type: string): boolean => enabled.includes('*') || enabled.includes(type);
