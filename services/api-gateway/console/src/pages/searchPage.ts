import { api, type List } from '../api.js';
import { badge, h, table } from '../dom.js';
import { money, plural, unixTime } from '../format.js';
import type { SearchResult } from '../types.js';
import { link, loadInto, pageHeader, ArrayPager, type Page } from '../ui.js';

const KIND_LABELS: Record<SearchResult['kind'], string> = { payment_intent: 'Payment', refund: 'Refund', dispute: 'Dispute', escrow: 'Escrow', event: 'Event' };
const MATCHED: Record<SearchResult['matched'], string> = { id: 'id', email: 'customer email', last4: 'card last 4' };

/** Where a hit opens: its own page, or for a refund, its payment's. */
export function routeOf(hit: SearchResult): string {
  switch (hit.kind) {
    case 'payment_intent': return `payments/${hit.id}`;
    case 'refund': return hit.payment_intent === null ? 'refunds' : `payments/${hit.payment_intent}`;
    case 'dispute': return `disputes/${hit.id}`;
    case 'escrow': return `escrows/${hit.id}`;
    case 'event': return `events/${hit.id}`;
  }
}

/**
 * Search everything of the merchant's (the box in the top bar): a payment, refund, dispute, escrow or event id
 * (or its first characters), a customer email, a card's last 4. An id that names one object opens it.
 */
export const searchPage: Page = (root, context) => {
  const q = (context.query.get('q') ?? '').trim();
  const results = h('div');
  const pager = new ArrayPager(() => void load(), 20);
  let hits: SearchResult[] = [];
  const load = () => loadInto(results, async () => {
    const list = await api<List<SearchResult>>('GET', '/v1/console/search', { query: { q, limit: 50 } });
    hits = list.data;
    return list;
  }, (list) => [
    h('p', { class: 'muted', role: 'status' }, `${plural(hits.length, 'result')}${list.has_more ? ' (the first 50: narrow the search)' : ''} for “${q}”.`),
    table(['Found', 'Id', 'Amount', 'Status', 'What', 'Matched on', 'Created'], pager.page(hits).map((hit) => h('tr', null,
      h('td', null, KIND_LABELS[hit.kind]),
      h('td', null, link(routeOf(hit), hit.id, { class: 'mono' })),
      h('td', { class: 'num' }, hit.amount === null || hit.currency === null ? '—' : money(hit.amount, hit.currency)),
      h('td', null, hit.status === null ? '—' : badge(hit.status)),
      h('td', null, hit.summary),
      h('td', null, MATCHED[hit.matched]),
      h('td', null, unixTime(hit.created)))), 'Search results'),
    pager.controls(hits),
  ], { isEmpty: (list) => list.data.length === 0, empty: `Nothing matches “${q}”. Search by an id (pi_…, re_…, esc_…, evt_…), a customer email or a card’s last 4 digits.` });
  root.append(pageHeader('Search'), results);
  if (q === '') {
    results.append(h('p', { class: 'state state-empty' }, 'Type in the search box (press /): an id, a customer email or a card’s last 4 digits.'));
    return;
  }
  void load().then((list) => {
    // An id that names exactly one object: open it, as Stripe's dashboard does.
    const only = list?.data.length === 1 ? list.data[0] : undefined;
    if (only !== undefined && only.matched === 'id' && root.isConnected) location.replace(`#/${routeOf(only)}`);
  });
};
