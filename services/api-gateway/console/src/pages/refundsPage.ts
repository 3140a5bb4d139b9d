import { InputError, api, errorText, type List } from '../api.js';
import { badge, field, h, replace, section, table } from '../dom.js';
import { money, plural, unixTime } from '../format.js';
import type { Refund } from '../types.js';
import { approverInput, ArrayPager, link, loadInto, pageHeader, Pager, type Page } from '../ui.js';

/** The most refunds the approval queue reads at once (the API's page size). */
const QUEUE_MAX = 100;

/** Refunds: the approval queue (approve or reject, with the approver's name) and every refund. Both follow the ledger. */
export const refundsPage: Page = (root, context) => {
  const approver = approverInput();
  const queue = h('div');
  // Decisions are announced here, outside the rows that a refresh replaces.
  const decided = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const all = h('div');
  const pager = new Pager(() => void loadAll());
  const queuePager = new ArrayPager(() => void loadQueue(), 10);

  const decide = async (refund: Refund, action: 'approve' | 'reject', button: HTMLButtonElement): Promise<void> => {
    const name = approver.value.trim();
    decided.className = 'form-status';
    try {
      if (name === '') {
        approver.focus();
        throw new InputError('Enter the approver’s name first.');
      }
      button.disabled = true;
      decided.textContent = `${action === 'approve' ? 'Approving' : 'Rejecting'} ${refund.id}…`;
      const done = await api<Refund>('POST', `/v1/refunds/${refund.id}/${action}`, { body: { approver: name } });
      decided.textContent = `Refund ${done.id} of ${money(done.amount, done.currency)} ${action === 'approve' ? 'approved' : 'rejected'} by ${name}; it is now ${done.status.replaceAll('_', ' ')}.`;
    } catch (error) {
      decided.className = 'form-status action-error';
      decided.textContent = errorText(error);
    } finally {
      button.disabled = false;
    }
    await Promise.all([loadQueue(true), loadAll(true)]);
  };
  const decision = (refund: Refund, action: 'approve' | 'reject'): HTMLButtonElement => {
    const button = h('button', { type: 'button', class: action === 'approve' ? 'primary' : 'danger', 'aria-label': `${action === 'approve' ? 'Approve' : 'Reject'} refund ${refund.id}` }, action === 'approve' ? 'Approve' : 'Reject');
    button.addEventListener('click', () => void decide(refund, action, button));
    return button;
  };

  const loadQueue = (quiet = false) => loadInto(queue, () => api<List<Refund>>('GET', '/v1/refunds', { query: { status: 'pending_approval', limit: QUEUE_MAX } }), (list) => [
    h('p', { class: 'muted' }, `${plural(list.data.length, 'refund')}${list.has_more ? ` (the oldest ${QUEUE_MAX} after these wait their turn)` : ''} waiting.`),
    table(['Refund', 'Payment', 'Amount', 'Reason', 'Requested', 'Decision'], queuePager.page(list.data).map((r) => h('tr', { 'data-refund': r.id },
      h('td', { class: 'mono' }, r.id),
      h('td', null, link(`payments/${r.payment_intent}`, r.payment_intent, { class: 'mono' })),
      h('td', { class: 'num' }, money(r.amount, r.currency)),
      h('td', null, r.reason ?? '—'),
      h('td', null, unixTime(r.created)),
      h('td', { class: 'actions' }, h('span', { class: 'button-row' }, decision(r, 'approve'), decision(r, 'reject'))))), 'Refunds waiting for approval'),
    queuePager.controls(list.data),
  ], { quiet, isEmpty: (list) => list.data.length === 0, empty: 'No refund waits for approval.' });

  const loadAll = (quiet = false) => loadInto(all, () => api<List<Refund>>('GET', '/v1/refunds', { query: { limit: pager.size, starting_after: pager.cursor } }), (list) => [
    table(['Refund', 'Payment', 'Amount', 'Status', 'Approver', 'Created'], list.data.map((r) => h('tr', null,
      h('td', { class: 'mono' }, r.id),
      h('td', null, link(`payments/${r.payment_intent}`, r.payment_intent, { class: 'mono' })),
      h('td', { class: 'num' }, money(r.amount, r.currency)),
      h('td', null, badge(r.status)),
      h('td', null, r.approver ?? '—'),
      h('td', null, unixTime(r.created)))), 'All refunds'),
    pager.controls(list),
  ], { quiet, isEmpty: (list) => list.data.length === 0 && pager.cursor === undefined, empty: 'No refunds yet. Refund a payment from its page.' });

  root.append(
    pageHeader('Refunds'),
    section('Approval queue', h('p', { class: 'muted' }, 'Refunds above the approval threshold wait here. Your name is recorded with each decision.'), field('Approver name', approver), decided, queue),
    section('All refunds', all));
  context.onChange(() => Promise.all([loadQueue(true), loadAll(true)]));
  void loadQueue();
  void loadAll();
  replace(decided);
};
