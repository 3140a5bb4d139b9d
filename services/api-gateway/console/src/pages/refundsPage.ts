import { InputError, api, type List } from '../api.js';
import { badge, field, h, section, table } from '../dom.js';
import { money, unixTime } from '../format.js';
import type { Refund } from '../types.js';
import { actionButton, link, loadInto, pageHeader, Pager, type Page } from '../ui.js';

const APPROVER_ITEM = 'payrail.console.approver';

/** Refunds: the approval queue (approve or reject, with the approver's name) and every refund. */
export const refundsPage: Page = (root) => {
  const approver = h('input', { name: 'approver', value: sessionStorage.getItem(APPROVER_ITEM) ?? '', maxlength: '100', autocomplete: 'name', required: true });
  approver.addEventListener('change', () => sessionStorage.setItem(APPROVER_ITEM, approver.value.trim()));
  const queue = h('div', { 'aria-live': 'polite' });
  const all = h('div');
  const pager = new Pager(() => void loadAll());

  const decide = async (refund: Refund, action: 'approve' | 'reject'): Promise<string> => {
    const name = approver.value.trim();
    if (name === '') {
      approver.focus();
      throw new InputError('Enter the approver’s name first.');
    }
    const done = await api<Refund>('POST', `/v1/refunds/${refund.id}/${action}`, { body: { approver: name } });
    void loadQueue();
    void loadAll();
    return `${done.id} ${action === 'approve' ? 'approved' : 'rejected'} by ${name}: ${done.status}.`;
  };

  const loadQueue = () => loadInto(queue, () => api<List<Refund>>('GET', '/v1/refunds', { query: { status: 'pending_approval', limit: 100 } }), (list) =>
    table(['Refund', 'Payment', 'Amount', 'Reason', 'Requested', 'Decision'], list.data.map((r) => h('tr', { 'data-refund': r.id },
      h('td', { class: 'mono' }, r.id),
      h('td', null, link(`payments/${r.payment_intent}`, r.payment_intent, { class: 'mono' })),
      h('td', { class: 'num' }, money(r.amount, r.currency)),
      h('td', null, r.reason ?? '—'),
      h('td', null, unixTime(r.created)),
      h('td', { class: 'actions' },
        actionButton('Approve', () => decide(r, 'approve'), { class: 'primary', 'aria-label': `Approve refund ${r.id}` }),
        actionButton('Reject', () => decide(r, 'reject'), { class: 'danger', 'aria-label': `Reject refund ${r.id}` })))), 'Refunds waiting for approval'),
  { isEmpty: (list) => list.data.length === 0, empty: 'No refund waits for approval.' });

  const loadAll = () => loadInto(all, () => api<List<Refund>>('GET', '/v1/refunds', { query: { limit: 20, starting_after: pager.cursor } }), (list) => [
    table(['Refund', 'Payment', 'Amount', 'Status', 'Approver', 'Created'], list.data.map((r) => h('tr', null,
      h('td', { class: 'mono' }, r.id),
      h('td', null, link(`payments/${r.payment_intent}`, r.payment_intent, { class: 'mono' })),
      h('td', { class: 'num' }, money(r.amount, r.currency)),
      h('td', null, badge(r.status)),
      h('td', null, r.approver ?? '—'),
      h('td', null, unixTime(r.created)))), 'All refunds'),
    pager.controls(list),
  ], { isEmpty: (list) => list.data.length === 0 && pager.cursor === undefined, empty: 'No refunds yet. Refund a payment from its page.' });

  root.append(
    pageHeader('Refunds'),
    section('Approval queue', h('p', { class: 'muted' }, 'Refunds above the approval threshold wait here. Your name is recorded with each decision.'), field('Approver name', approver), queue),
    section('All refunds', all));
  void loadQueue();
  void loadAll();
};
