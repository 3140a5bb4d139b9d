import type { JournalEvent } from '@payrail/journal';
import type { Dispute, LedgerState, PaymentIntent, Refund } from '@payrail/ledger';
import { findMerchantEvent, merchantEvents } from '../webhooks/merchantEvents';

/** One hit of the console's search box. */
export interface SearchResult {
  object: 'search_result';
  kind: 'payment_intent' | 'refund' | 'dispute' | 'event';
  id: string;
  payment_intent: string | null;
  status: string | null;
  amount: number | null;
  currency: string | null;
  created: number;
  /** A short line for people: email and card, a refund's reason, an event's type. Never a card number. */
  summary: string;
  matched: 'id' | 'email' | 'last4';
}

/** The shortest start of an id that is searched as a prefix (a shorter one must be the whole id). */
export const ID_PREFIX_MIN = 8;

const paymentHit = (p: PaymentIntent, matched: SearchResult['matched']): SearchResult => ({
  object: 'search_result', kind: 'payment_intent', id: p.id, payment_intent: p.id, status: p.status, amount: p.amount, currency: p.currency, created: p.created,
  summary: [typeof p.customer?.['email'] === 'string' ? p.customer['email'] : null, p.card === null ? null : `${p.card.brand} ••${p.card.last4}`].filter((part) => part !== null).join(' · ') || p.description || '—',
  matched,
});

const refundHit = (r: Refund): SearchResult => ({
  object: 'search_result', kind: 'refund', id: r.id, payment_intent: r.payment_intent, status: r.status, amount: r.amount, currency: r.currency, created: r.created,
  summary: `refund of ${r.payment_intent}${r.reason === null ? '' : ` (${r.reason})`}`, matched: 'id',
});

const disputeHit = (d: Dispute): SearchResult => ({
  object: 'search_result', kind: 'dispute', id: d.id, payment_intent: d.payment_intent, status: d.status, amount: d.amount, currency: d.currency, created: d.created,
  summary: `dispute of ${d.payment_intent}: ${d.reason}`, matched: 'id',
});

const eventHit = (e: JournalEvent): SearchResult => ({
  object: 'search_result', kind: 'event', id: e.event_id, payment_intent: typeof e.data['payment_intent'] === 'string' ? e.data['payment_intent'] : e.ref.startsWith('pi_') ? e.ref : null,
  status: null, amount: null, currency: null, created: Math.floor(Date.parse(e.timestamp) / 1000), summary: e.type, matched: 'id',
});

/** Whether `id` is what was typed, or starts with it when it is long enough to mean one id. */
const idMatches = (id: string, q: string): boolean => id === q || (q.length >= ID_PREFIX_MIN && id.startsWith(q));

/**
 * The merchant's objects that `q` names, newest first, at most `limit` (and whether there were more):
 * an id or its first ID_PREFIX_MIN+ characters (pi_, re_, dp_, evt_), a customer email (any part of it,
 * case-insensitive, when `q` holds an @), or a card's last 4 digits. Only the merchant's own objects
 * are read.
 */
export function search(state: LedgerState, merchant: string, text: string, limit: number): { data: SearchResult[]; has_more: boolean } {
  const q = text.trim();
  const hits: SearchResult[] = [];
  const newestFirst = <T>(items: readonly T[] | undefined): T[] => [...(items ?? [])].reverse();
  if (q.startsWith('pi_')) {
    for (const p of newestFirst(state.paymentsByMerchant.get(merchant))) if (idMatches(p.id, q)) hits.push(paymentHit(p, 'id'));
  } else if (q.startsWith('re_')) {
    for (const r of newestFirst(state.refundsByMerchant.get(merchant))) if (idMatches(r.id, q)) hits.push(refundHit(r));
  } else if (q.startsWith('dp_')) {
    for (const d of newestFirst(state.disputesByMerchant.get(merchant))) if (idMatches(d.id, q)) hits.push(disputeHit(d));
  } else if (q.startsWith('evt_')) {
    const exact = findMerchantEvent(state, merchant, q);
    if (exact !== undefined) hits.push(eventHit(exact));
    else if (q.length >= ID_PREFIX_MIN) for (const e of merchantEvents(state, merchant)) if (e.event_id.startsWith(q)) hits.push(eventHit(e));
  } else if (q.includes('@')) {
    const needle = q.toLowerCase();
    for (const p of newestFirst(state.paymentsByMerchant.get(merchant))) {
      const email = p.customer?.['email'];
      if (typeof email === 'string' && email.toLowerCase().includes(needle)) hits.push(paymentHit(p, 'email'));
    }
  } else if (/^\d{4}$/.test(q)) {
    for (const p of newestFirst(state.paymentsByMerchant.get(merchant))) if (p.card?.last4 === q) hits.push(paymentHit(p, 'last4'));
  }
  return { data: hits.slice(0, limit), has_more: hits.length > limit };
}
