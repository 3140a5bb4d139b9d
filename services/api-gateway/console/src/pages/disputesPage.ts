import { api, type List } from '../api.js';
import { badge, facts, field, h, replace, section, table } from '../dom.js';
import { money, unixTime } from '../format.js';
import type { Dispute } from '../types.js';
import { errorState, link, loadInto, loadingState, pageHeader, Pager, wireForm, type Page, type PageContext } from '../ui.js';

const STATUSES = ['opened', 'under_review', 'won', 'lost'];

/** Disputes: a list with a status filter; a dispute's page shows it and takes evidence. */
export const disputesPage: Page = (root, context) => {
  if (context.params[0] !== undefined) {
    disputePage(root, context);
    return;
  }
  const current = context.query.get('status') ?? '';
  const filter = h('select', { name: 'status', onchange: (e: Event) => { location.hash = `#/disputes${(e.target as HTMLSelectElement).value === '' ? '' : `?status=${(e.target as HTMLSelectElement).value}`}`; } },
    h('option', { value: '' }, 'Any status'), STATUSES.map((s) => h('option', { value: s, ...(s === current ? { selected: true } : {}) }, s)));
  const list = h('div', { 'aria-live': 'polite' });
  const pager = new Pager(() => void load());
  const load = (quiet = false) => loadInto(list, () => api<List<Dispute>>('GET', '/v1/disputes', { query: { status: current || undefined, limit: 20, starting_after: pager.cursor } }), (page) => [
    table(['Dispute', 'Payment', 'Amount', 'Status', 'Reason', 'Evidence', 'Opened'], page.data.map((d) => h('tr', null,
      h('td', null, link(`disputes/${d.id}`, d.id, { class: 'mono' })),
      h('td', null, link(`payments/${d.payment_intent}`, d.payment_intent, { class: 'mono' })),
      h('td', { class: 'num' }, money(d.amount, d.currency)),
      h('td', null, badge(d.status)),
      h('td', null, d.reason),
      h('td', null, d.evidence === null ? '—' : 'submitted'),
      h('td', null, unixTime(d.created)))), 'Disputes'),
    pager.controls(page),
  ], { quiet, isEmpty: (page) => page.data.length === 0 && pager.cursor === undefined, empty: current === '' ? 'No disputes. Lucky you.' : `No ${current} disputes.` });
  root.append(pageHeader('Disputes', field('Status', filter)), list);
  context.onChange(() => load(true));
  void load();
};

function disputePage(root: HTMLElement, context: PageContext): void {
  const id = context.params[0] ?? '';
  const body = h('div', null, loadingState());
  root.append(pageHeader(`Dispute ${id}`, h('a', { href: '#/disputes', class: 'button' }, '← All disputes')), body);
  const show = (d: Dispute): void => replace(body,
    section('Dispute', facts([
      ['Status', badge(d.status)],
      ['Payment', link(`payments/${d.payment_intent}`, d.payment_intent, { class: 'mono' })],
      ['Amount', money(d.amount, d.currency)],
      ['Reason', d.reason],
      ['Processor', d.processor],
      ['Opened', unixTime(d.created)],
      ['Updated', unixTime(d.updated)],
    ])),
    section('Evidence', d.evidence === null
      ? null
      : facts([['Text', h('p', { class: 'evidence-text' }, d.evidence.text)], ['File', d.evidence.file_name ?? '—'], ['Submitted', unixTime(d.evidence.submitted)]]),
    d.status === 'opened' ? evidenceForm(d, show) : h('p', { class: 'muted' }, d.evidence === null ? `This dispute is ${d.status}; evidence can no longer be submitted.` : `Evidence is in; the dispute is ${d.status}.`)));
  const load = () => api<Dispute>('GET', `/v1/disputes/${encodeURIComponent(id)}`).then(show, (error: unknown) => replace(body, errorState(error)));
  // A decision of the processor shows up by itself; evidence being typed is never thrown away.
  context.onChange(() => (body.querySelector('form textarea') as HTMLTextAreaElement | null)?.value ? undefined : load());
  void load();
}

function evidenceForm(d: Dispute, show: (d: Dispute) => void): HTMLElement {
  const text = h('textarea', { name: 'text', rows: '6', required: true, maxlength: '20000' });
  const fileName = h('input', { name: 'file_name', maxlength: '255', placeholder: 'receipt.pdf' });
  const picker = h('input', { type: 'file', 'aria-label': 'Pick the evidence file (only its name is sent)' });
  picker.addEventListener('change', () => {
    fileName.value = picker.files?.[0]?.name ?? fileName.value;
  });
  const form = h('form', { class: 'stack-form', 'aria-label': 'Submit evidence' },
    field('What happened', text, 'Delivery proof, customer communication, terms accepted…'),
    field('File name', fileName, 'The name of the document you send the processor.'),
    picker,
    h('button', { type: 'submit', class: 'primary' }, 'Submit evidence'));
  return wireForm(form, async (data) => {
    const name = String(data.get('file_name') ?? '').trim();
    const updated = await api<Dispute>('POST', `/v1/disputes/${d.id}/evidence`, { body: { text: String(data.get('text') ?? ''), ...(name === '' ? {} : { file_name: name }) } });
    show(updated);
  });
}
