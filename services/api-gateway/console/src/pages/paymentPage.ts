import { api, type List } from '../api.js';
import { badge, facts, field, h, replace, section, table } from '../dom.js';
import { cardText, exponentOf, isoTime, money, shortHash, unixTime } from '../format.js';
import type { Dispute, PaymentIntent, Refund, VerifiedEvent } from '../types.js';
import { actionButton, errorState, link, loadInto, loadingState, pageHeader, wireForm, type PageContext } from '../ui.js';
import { downloadAudit } from './auditPage.js';

/** `GET /v1/ledger/{id}`: the payment's lines, each verified as the audit export verifies them. */
interface LedgerView {
  chain_verified: boolean;
  events: VerifiedEvent[];
}

/** One payment: facts, routing, the ledger timeline with its hash-chain check, refunds, dispute, reconciliation. */
export function paymentPage(root: HTMLElement, context: PageContext): void {
  const id = context.params[0] ?? '';
  const body = h('div', null, loadingState());
  root.append(pageHeader(`Payment ${id}`, h('a', { href: '#/payments', class: 'button' }, '← All payments')), body);
  void api<PaymentIntent>('GET', `/v1/payment-intents/${encodeURIComponent(id)}`).then(
    (payment) => replace(body, ...detail(payment)),
    (error: unknown) => replace(body, errorState(error)),
  );
}

function detail(p: PaymentIntent): HTMLElement[] {
  const timeline = h('div');
  const refunds = h('div');
  const dispute = h('div');
  const reloadRefunds = () => loadInto(refunds, () => api<List<Refund>>('GET', '/v1/refunds', { query: { payment_intent: p.id, limit: 100 } }), (list) => refundTable(list.data), {
    isEmpty: (list) => list.data.length === 0,
    empty: 'No refunds.',
  });
  void loadInto(timeline, () => api<LedgerView>('GET', `/v1/ledger/${encodeURIComponent(p.id)}`), ledgerTimeline, { isEmpty: (l) => l.events.length === 0, empty: 'No ledger events.' });
  void reloadRefunds();
  if (p.dispute === null) replace(dispute, h('p', { class: 'state state-empty' }, 'No dispute.'));
  else void loadInto(dispute, () => api<Dispute>('GET', `/v1/disputes/${encodeURIComponent(p.dispute ?? '')}`), (d) => facts([
    ['Dispute', link(`disputes/${d.id}`, d.id, { class: 'mono' })],
    ['Status', badge(d.status)],
    ['Amount', money(d.amount, d.currency)],
    ['Reason', d.reason],
    ['Evidence', d.evidence === null ? 'none yet' : `submitted ${unixTime(d.evidence.submitted)}`],
  ]));

  return [
    section('Summary', h('div', { class: 'summary-line' }, h('span', { class: 'amount-large' }, money(p.amount, p.currency)), badge(p.status)),
      facts([
        ['Card', cardText(p.card)],
        ['Customer', String(p.customer?.['email'] ?? '—')],
        ['Captured', money(p.amount_received, p.currency)],
        ['Refunded', money(p.amount_refunded, p.currency)],
        ['Capture method', p.capture_method],
        ['Processor', p.processor ?? '—'],
        ['Processor reference', p.processor_reference ?? '—'],
        ['Routing reason', p.routing_reason ?? '—'],
        ['Decline', p.last_error === null ? '—' : `${p.last_error.decline_code}: ${p.last_error.message}`],
        ['Reconciliation', p.reconciliation_status === null ? badge('not reconciled', 'neutral') : badge(p.reconciliation_status)],
        ['Created', unixTime(p.created)],
        ['Metadata', Object.keys(p.metadata).length === 0 ? '—' : Object.entries(p.metadata).map(([k, v]) => `${k}=${v}`).join(', ')],
      ]),
      h('div', { class: 'button-row' },
        actionButton('Audit export (JSON)', () => downloadAudit({ payment_intent: p.id }, 'json')),
        actionButton('Audit report (PDF)', () => downloadAudit({ payment_intent: p.id }, 'pdf')))),
    section('Ledger timeline', timeline),
    section('Refunds', p.amount_received > p.amount_refunded ? refundForm(p, () => void reloadRefunds()) : null, refunds),
    section('Dispute', dispute),
  ];
}

function ledgerTimeline(ledger: LedgerView): HTMLElement[] {
  return [
    h('p', { class: `chain ${ledger.chain_verified ? 'chain-ok' : 'chain-fail'}`, role: 'status' },
      ledger.chain_verified ? '✓ Hash chain verified: every event re-hashed and linked to the line before it.' : '✗ Hash chain verification FAILED: see the events marked FAIL.'),
    h('ol', { class: 'timeline' }, ledger.events.map((e) => {
      const ok = e.verification.hash_valid && e.verification.linked_to_previous;
      return h('li', { class: 'timeline-item' },
        h('div', { class: 'timeline-head' }, h('strong', null, e.type), badge(ok ? 'OK' : 'FAIL'), h('span', { class: 'muted' }, isoTime(e.timestamp))),
        h('div', { class: 'muted small mono' }, `${e.stream} #${e.seq} · ${e.event_id} · hash `, h('span', { title: e.hash }, shortHash(e.hash)), ' · prev ', h('span', { title: e.prev_hash }, shortHash(e.prev_hash))));
    })),
  ];
}

function refundTable(refunds: Refund[]): HTMLElement {
  return table(['Refund', 'Amount', 'Status', 'Reason', 'Approver', 'Created'], refunds.map((r) => h('tr', null,
    h('td', { class: 'mono' }, r.id),
    h('td', { class: 'num' }, money(r.amount, r.currency)),
    h('td', null, badge(r.status)),
    h('td', null, r.failure_reason ?? r.reason ?? '—'),
    h('td', null, r.approver ?? '—'),
    h('td', null, unixTime(r.created)))), 'Refunds of this payment');
}

/** Full or partial refund: the amount is typed in the currency's units and sent in minor units. */
function refundForm(p: PaymentIntent, refreshed: () => void): HTMLElement {
  const exponent = exponentOf(p.currency);
  const remaining = p.amount_received - p.amount_refunded;
  const amount = h('input', { name: 'amount', type: 'number', min: String(1 / 10 ** exponent), step: String(1 / 10 ** exponent), value: (remaining / 10 ** exponent).toFixed(exponent), required: true, inputmode: 'decimal' });
  const reason = h('select', { name: 'reason' }, ['requested_by_customer', 'duplicate', 'fraudulent', 'other'].map((r) => h('option', { value: r }, r)));
  const form = h('form', { class: 'inline-form', 'aria-label': 'Refund this payment' },
    field(`Amount (${p.currency.toUpperCase()})`, amount, `up to ${money(remaining, p.currency)} not yet refunded`),
    field('Reason', reason),
    h('button', { type: 'submit', class: 'primary' }, 'Refund'));
  return wireForm(form, async (data) => {
    const minor = Math.round(Number(data.get('amount')) * 10 ** exponent);
    const refund = await api<Refund>('POST', '/v1/refunds', { body: { payment_intent: p.id, amount: minor, reason: data.get('reason') } });
    refreshed();
    return refund.status === 'pending_approval'
      ? `Refund ${refund.id} of ${money(refund.amount, refund.currency)} waits for approval in the Refunds queue.`
      : `Refund ${refund.id} of ${money(refund.amount, refund.currency)} is ${refund.status}.`;
  });
}
