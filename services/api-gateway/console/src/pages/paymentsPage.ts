import { api, type List, type Query } from '../api.js';
import { badge, field, h, table } from '../dom.js';
import { cardText, dateInputToUnix, money, unixTime } from '../format.js';
import type { PaymentIntent } from '../types.js';
import { link, loadInto, pageHeader, Pager, type Page } from '../ui.js';
import { paymentPage } from './paymentPage.js';
import { tracePage } from './tracePage.js';

const STATUSES = ['created', 'authorized', 'captured', 'settled', 'declined', 'reversed', 'chargeback'];
const PAGE_SIZE = 20;

/** The search form's fields, kept in the URL so a search can be shared and survives going back. */
const FILTERS = ['id', 'status', 'email', 'amount_min', 'amount_max', 'from', 'to', 'metadata_key', 'metadata_value'] as const;

/** Payments: search by id, status, email, amount range, date range and metadata; a paginated table. */
export const paymentsPage: Page = (root, context) => {
  if (context.params[0] !== undefined) {
    if (context.params[1] === 'trace') tracePage(root, context);
    else paymentPage(root, context);
    return;
  }
  const q = context.query;
  const input = (name: string, attrs: Record<string, string> = {}): HTMLInputElement => h('input', { name, value: q.get(name) ?? '', ...attrs });
  const status = h('select', { name: 'status' }, h('option', { value: '' }, 'Any status'), STATUSES.map((s) => h('option', { value: s, ...(q.get('status') === s ? { selected: true } : {}) }, s)));
  const form = h('form', { class: 'search', role: 'search', 'aria-label': 'Search payments' },
    field('Payment id', input('id', { placeholder: 'pi_…', spellcheck: 'false' })),
    field('Status', status),
    field('Customer email', input('email', { type: 'email' })),
    field('Amount from', input('amount_min', { type: 'number', min: '0', step: '1', inputmode: 'numeric' }), 'minor units: 1099 is $10.99'),
    field('Amount to', input('amount_max', { type: 'number', min: '0', step: '1', inputmode: 'numeric' }), 'minor units: ¥500 is 500'),
    field('Created from', input('from', { type: 'date' })),
    field('Created to', input('to', { type: 'date' })),
    field('Metadata key', input('metadata_key', { spellcheck: 'false' })),
    field('Metadata value', input('metadata_value', { spellcheck: 'false' })),
    h('div', { class: 'search-actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Search'),
      h('a', { href: '#/payments', class: 'button' }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const id = String(data.get('id') ?? '').trim();
    if (id.startsWith('pi_')) {
      location.hash = `#/payments/${encodeURIComponent(id)}`;
      return;
    }
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = String(data.get(name) ?? '').trim();
      if (value !== '') params.set(name, value);
    }
    location.hash = `#/payments?${params}`;
  });

  const results = h('div', { 'aria-live': 'polite' });
  const pager = new Pager(() => void load());
  const query: Query = {
    limit: PAGE_SIZE,
    status: q.get('status') ?? undefined,
    'customer[email]': q.get('email') ?? undefined,
    'amount[gte]': q.get('amount_min') ?? undefined,
    'amount[lte]': q.get('amount_max') ?? undefined,
    'created[gte]': dateInputToUnix(q.get('from') ?? '', false),
    'created[lte]': dateInputToUnix(q.get('to') ?? '', true),
  };
  const metadataKey = q.get('metadata_key');
  if (metadataKey !== null) query[`metadata[${metadataKey}]`] = q.get('metadata_value') ?? '';
  const searched = FILTERS.some((name) => q.has(name));

  const load = (quiet = false) => loadInto(results, () => api<List<PaymentIntent>>('GET', '/v1/payment-intents', { query: { ...query, starting_after: pager.cursor } }), (list) => [
    table(['Payment', 'Amount', 'Status', 'Card', 'Customer', 'Processor', 'Created'], list.data.map((p) =>
      h('tr', null,
        h('td', null, link(`payments/${p.id}`, p.id, { class: 'mono' })),
        h('td', { class: 'num' }, money(p.amount, p.currency)),
        h('td', null, badge(p.status)),
        h('td', null, cardText(p.card)),
        h('td', null, String(p.customer?.['email'] ?? '—')),
        h('td', null, p.processor ?? '—'),
        h('td', null, unixTime(p.created)))), 'Payments'),
    pager.controls(list),
  ], { quiet, isEmpty: (list) => list.data.length === 0 && pager.cursor === undefined, empty: searched ? 'No payment matches this search.' : 'No payments yet.' });

  root.append(pageHeader('Payments'), h('section', { class: 'panel' }, form), results);
  context.onChange(() => load(true));
  void load();
};
