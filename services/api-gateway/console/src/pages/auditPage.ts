import { InputError, api, type Query } from '../api.js';
import { field, h, section } from '../dom.js';
import { dateInputToUnix, plural } from '../format.js';
import type { AuditExport } from '../types.js';
import { download, pageHeader, wireForm, type Page } from '../ui.js';

interface PdfFile {
  file_name: string;
  content_base64: string;
  chain_verified: boolean;
}

/**
 * Downloads the audit export of a payment or a date range: JSON (every event with its hash) or the
 * PDF report. Answers what was saved.
 */
export async function downloadAudit(scope: Query, format: 'json' | 'pdf'): Promise<string> {
  if (format === 'json') {
    const exported = await api<AuditExport>('GET', '/v1/audit-export', { query: scope });
    const stem = typeof scope['payment_intent'] === 'string' ? scope['payment_intent'] : `${scope['created[gte]']}_${scope['created[lte]']}`;
    download(`payrail_audit_${stem}.json`, JSON.stringify(exported, null, 2), 'application/json');
    return `Saved ${plural(exported.events.length, 'event')} (chain ${exported.chain_verified ? 'verified' : 'FAILED'}).`;
  }
  const file = await api<PdfFile>('GET', '/v1/audit-export/pdf', { query: scope });
  download(file.file_name, Uint8Array.from(atob(file.content_base64), (c) => c.charCodeAt(0)), 'application/pdf');
  return `Saved ${file.file_name} (chain ${file.chain_verified ? 'verified' : 'FAILED'}).`;
}

/** Audit export: a payment, or every event of a date range, as JSON or as a PDF report. */
export const auditPage: Page = (root) => {
  const payment = h('input', { name: 'payment_intent', placeholder: 'pi_…', spellcheck: 'false' });
  const from = h('input', { name: 'from', type: 'date' });
  const to = h('input', { name: 'to', type: 'date' });
  let format: 'json' | 'pdf' = 'pdf';
  const form = h('form', { class: 'stack-form', 'aria-label': 'Audit export' },
    field('Payment id', payment, 'One payment: its refunds and dispute too.'),
    h('p', { class: 'muted' }, 'or'),
    h('div', { class: 'inline-form' }, field('From', from), field('To', to)),
    h('div', { class: 'button-row' },
      h('button', { type: 'submit', class: 'primary', onclick: () => { format = 'pdf'; } }, 'Download PDF report'),
      h('button', { type: 'submit', onclick: () => { format = 'json'; } }, 'Download JSON')));
  wireForm(form, async (data) => {
    const id = String(data.get('payment_intent') ?? '').trim();
    if (id !== '') return downloadAudit({ payment_intent: id }, format);
    const gte = dateInputToUnix(String(data.get('from') ?? ''), false);
    const lte = dateInputToUnix(String(data.get('to') ?? ''), true) ?? Math.floor(Date.now() / 1000);
    if (gte === undefined) throw new InputError('Enter a payment id, or a date range starting with “From”.');
    return downloadAudit({ 'created[gte]': gte, 'created[lte]': lte }, format);
  });
  root.append(pageHeader('Audit export'),
    section('Export', h('p', { class: 'muted' }, 'The JSON holds every ledger event with its hash and the previous hash; the PDF is a report a person reads, with the chain verification result.'), form));
};
