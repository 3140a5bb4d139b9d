import { api, type List } from '../api.js';
import { badge, facts, field, h, replace, section, table } from '../dom.js';
import { money, unixTime } from '../format.js';
import type { Dispute, DisputeDraft } from '../types.js';
import { actionButton, download, errorState, link, loadInto, loadingState, pageHeader, Pager, wireForm, type Page, type PageContext } from '../ui.js';

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
    d.status === 'opened' ? evidenceForm(d, show) : h('p', { class: 'muted' }, d.evidence === null ? `This dispute is ${d.status}; evidence can no longer be submitted.` : `Evidence is in; the dispute is ${d.status}.`)),
    draftSection(d));
  const load = () => api<Dispute>('GET', `/v1/disputes/${encodeURIComponent(id)}`).then(show, (error: unknown) => replace(body, errorState(error)));
  // A decision of the processor shows up by itself; evidence being typed is never thrown away.
  context.onChange(() => (body.querySelector('form textarea') as HTMLTextAreaElement | null)?.value ? undefined : load());
  void load();
}

/**
 * The response draft (GET /v1/disputes/{id}/draft): the argument the rules chose, the gaps, the facts
 * with the lines they cite; it fills the evidence form, and downloads as a PDF.
 */
function draftSection(d: Dispute): HTMLElement {
  const shown = h('div', { 'aria-live': 'polite', 'data-draft': d.id });
  const fill = (draft: DisputeDraft): void => {
    const text = document.querySelector<HTMLTextAreaElement>('form[aria-label="Submit evidence"] textarea[name="text"]');
    const name = document.querySelector<HTMLInputElement>('form[aria-label="Submit evidence"] input[name="file_name"]');
    if (text !== null) text.value = draft.evidence.text;
    if (name !== null) name.value = draft.evidence.file_name;
    text?.focus();
  };
  const render = (draft: DisputeDraft): Array<HTMLElement | null> => [
    facts([
      ['Argument', `${draft.argument.kind.replaceAll('_', ' ')}: ${draft.argument.summary}`],
      ['Chain', draft.chain_verified ? 'every cited line re-hashed and linked' : 'a cited line does not verify: run payrail verify'],
    ]),
    h('ul', { class: 'evidence small' }, draft.argument.points.map((point) =>
      h('li', null, point.text, ' ', point.cites.map((cite) => h('code', null, ` ${cite.stream}:${cite.seq}`))))),
    draft.gaps.length === 0 ? null : h('div', null, h('h3', { class: 'card-title' }, 'What would strengthen it'), h('ul', { class: 'evidence small' }, draft.gaps.map((gap) => h('li', { 'data-gap': gap.code }, gap.message)))),
    h('p', { class: 'actions' },
      draft.evidence_submittable ? h('button', { type: 'button', class: 'primary', onclick: () => fill(draft) }, 'Use as evidence') : null, ' ',
      actionButton('Download the draft PDF', async () => {
        const file = await api<{ file_name: string; content_base64: string }>('GET', `/v1/disputes/${encodeURIComponent(d.id)}/draft.pdf`);
        download(file.file_name, Uint8Array.from(atob(file.content_base64), (c) => c.charCodeAt(0)), 'application/pdf');
        return `Downloaded ${file.file_name}.`;
      })),
  ];
  void loadInto(shown, () => api<DisputeDraft>('GET', `/v1/disputes/${encodeURIComponent(d.id)}/draft`), render);
  return section('Response draft', h('p', { class: 'muted' }, 'Assembled by rules from the ledger and the webhook log; every fact cites its line (stream:seq).'), shown);
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
