import { ID_PREFIXES } from '@payrail/core';
import type { JournalEvent } from '@payrail/journal';
import { unixSeconds, type Dispute, type Escrow, type LedgerState, type PaymentIntent, type Refund } from '@payrail/ledger';
import { findMerchantEvent, merchantEventsPage } from '../webhooks/merchantEvents';

/** One hit of the console's search box. */
export interface SearchResult {
  object: 'search_result';
  kind: 'payment_intent' | 'refund' | 'dispute' | 'escrow' | 'event';
  id: string;
  /** The payment the object belongs to (a payment's own id), null when it has none. */
  payment_intent: string | null;
  status: string | null;
  amount: number | null;
  currency: string | null;
  /** Unix seconds. */
  created: number;
  /** A short line for people: email and card, a refund's status and reason, a dispute's reason, an escrow's payees, an event's type. Never a card number. */
  summary: string;
  matched: 'id' | 'email' | 'last4';
}

export interface SearchPage {
  data: SearchResult[];
  has_more: boolean;
}

/** The shortest start of an id that is searched as a prefix (a shorter one must be the whole id). */
export const ID_PREFIX_MIN = 8;
/** The longest text searched; a longer one is refused by the route. */
export const SEARCH_TEXT_MAX = 200;
/** Every id is its prefix, `_`, 10 characters of time and 16 of randomness (shared/core ids.ts). */
const ID_BODY_CHARS = 26;
const LAST4 = /^\d{4}$/;

type Kind = SearchResult['kind'];
const KIND_OF_PREFIX: ReadonlyArray<[string, Kind]> = [
  [`${ID_PREFIXES.paymentIntent}_`, 'payment_intent'],
  [`${ID_PREFIXES.refund}_`, 'refund'],
  [`${ID_PREFIXES.dispute}_`, 'dispute'],
  [`${ID_PREFIXES.escrow}_`, 'escrow'],
  [`${ID_PREFIXES.event}_`, 'event'],
];

function paymentHit(p: PaymentIntent, matched: SearchResult['matched']): SearchResult {
  const email = typeof p.customer?.['email'] === 'string' ? p.customer['email'] : null;
  const card = p.card === null ? null : `${p.card.brand} ••${p.card.last4}`;
  return {
    object: 'search_result', kind: 'payment_intent', id: p.id, payment_intent: p.id, status: p.status, amount: p.amount, currency: p.currency, created: p.created,
    summary: `${email ?? 'no customer email'} · ${card ?? 'no card'}`,
    matched,
  };
}

const refundHit = (r: Refund): SearchResult => ({
  object: 'search_result', kind: 'refund', id: r.id, payment_intent: r.payment_intent, status: r.status, amount: r.amount, currency: r.currency, created: r.created,
  summary: `${r.status} · ${r.reason ?? 'no reason given'}`, matched: 'id',
});

const disputeHit = (d: Dispute): SearchResult => ({
  object: 'search_result', kind: 'dispute', id: d.id, payment_intent: d.payment_intent, status: d.status, amount: d.amount, currency: d.currency, created: d.created,
  summary: d.reason, matched: 'id',
});

const escrowHit = (e: Escrow): SearchResult => ({
  object: 'search_result', kind: 'escrow', id: e.id, payment_intent: e.payment_intent, status: e.status, amount: e.amount, currency: e.currency, created: e.created,
  summary: `${e.payees.length === 1 ? '1 payee' : `${e.payees.length} payees`}: ${e.payees.map((payee) => payee.payee).join(', ')}`, matched: 'id',
});

function eventHit(state: LedgerState, e: JournalEvent): SearchResult {
  const payment = e.ref.startsWith(`${ID_PREFIXES.paymentIntent}_`) ? e.ref : (state.refunds.get(e.ref)?.payment_intent ?? state.disputes.get(e.ref)?.payment_intent ?? null);
  return { object: 'search_result', kind: 'event', id: e.event_id, payment_intent: payment, status: null, amount: null, currency: null, created: unixSeconds(e.timestamp), summary: e.type, matched: 'id' };
}

/**
 * Up to `max` items of `items` (oldest first, as the ledger appends them) that pass `keep`, newest
 * first: the scan stops at the `max`-th hit.
 */
function newest<T>(items: readonly T[] | undefined, max: number, keep: (item: T) => boolean): T[] {
  const found: T[] = [];
  if (items === undefined) return found;
  for (let i = items.length - 1; i >= 0 && found.length < max; i--) {
    const item = items[i] as T;
    if (keep(item)) found.push(item);
  }
  return found;
}

/** The merchant's objects of one kind whose id is `q`, or starts with it when `q` is long enough. */
function byId(state: LedgerState, merchant: string, kind: Kind, q: string, max: number): SearchResult[] {
  const whole = q.length === q.indexOf('_') + 1 + ID_BODY_CHARS;
  if (!whole && q.length < ID_PREFIX_MIN) return [];
  const mine = <T extends { merchant: string }>(found: T | undefined): T[] => (found === undefined || found.merchant !== merchant ? [] : [found]);
  const starts = (item: { id: string }): boolean => item.id.startsWith(q);
  switch (kind) {
    case 'payment_intent':
      return (whole ? mine(state.payments.get(q)) : newest(state.paymentsByMerchant.get(merchant), max, starts)).map((p) => paymentHit(p, 'id'));
    case 'refund':
      return (whole ? mine(state.refunds.get(q)) : newest(state.refundsByMerchant.get(merchant), max, starts)).map(refundHit);
    case 'dispute':
      return (whole ? mine(state.disputes.get(q)) : newest(state.disputesByMerchant.get(merchant), max, starts)).map(disputeHit);
    case 'escrow':
      return (whole ? mine(state.escrows.escrows.get(q)) : newest(state.escrows.byMerchant.get(merchant), max, starts)).map(escrowHit);
    case 'event': {
      const events = whole ? [findMerchantEvent(state, merchant, q)].filter((e): e is JournalEvent => e !== undefined) : merchantEventsPage(state, merchant, { id_prefix: q }, max).data;
      return events.map((e) => eventHit(state, e));
    }
  }
}

/**
 * The merchant's objects that `text` names, newest first, at most `limit` and whether there are more:
 * an id (pi_, re_, dp_, esc_, evt_) or its first ID_PREFIX_MIN+ characters; with an @, the payments whose
 * customer email holds it (case-insensitive); exactly 4 digits, the payments whose card ends so. Only
 * the merchant's own objects are read, and each scan stops once it has one hit more than `limit`.
 */
export function search(state: LedgerState, merchant: string, text: string, limit: number): SearchPage {
  const q = text.trim();
  const max = limit + 1;
  let hits: SearchResult[] = [];
  const kind = KIND_OF_PREFIX.find(([prefix]) => q.toLowerCase().startsWith(prefix))?.[1];
  if (q.includes('@')) {
    const needle = q.toLowerCase();
    hits = newest(state.paymentsByMerchant.get(merchant), max, (p) => {
      const email = p.customer?.['email'];
      return typeof email === 'string' && email.toLowerCase().includes(needle);
    }).map((p) => paymentHit(p, 'email'));
  } else if (LAST4.test(q)) {
    hits = newest(state.paymentsByMerchant.get(merchant), max, (p) => p.card?.last4 === q).map((p) => paymentHit(p, 'last4'));
  } else if (kind !== undefined) {
    hits = byId(state, merchant, kind, q.toLowerCase(), max);
  }
  return { data: hits.slice(0, limit), has_more: hits.length > limit };
}
