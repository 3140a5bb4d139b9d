import { ApiError, InputError, api, type List } from '../api.js';
import { badge, facts, field, h, replace, section, table, type Child } from '../dom.js';
import { amountInput, cardText, exponentOf, isoTime, money, parseAmount, shortHash, unixTime } from '../format.js';
import type { Dispute, Escrow, PaymentIntent, Refund, VerifiedEvent } from '../types.js';
import { actionButton, ArrayPager, errorState, keepRelativeTimesFresh, link, loadingState, pageHeader, timeWithRelative, wireForm, type PageContext } from '../ui.js';
import { downloadAudit } from './auditPage.js';

/** `GET /v1/ledger/{id}`: the payment's lines, each verified as the audit export verifies them. */
interface LedgerView {
  chain_verified: boolean;
  events: VerifiedEvent[];
}

/** What the payment page shows, loaded together so every section agrees. */
interface PaymentData {
  payment: PaymentIntent;
  refunds: Refund[];
  ledger: LedgerView;
  dispute: Dispute | null;
  /** The escrow this payment funds, if it funds one. */
  escrow: Escrow | null;
}

async function loadPayment(id: string): Promise<PaymentData> {
  const path = encodeURIComponent(id);
  // The payment first: an id that names none is one 404, not three.
  const payment = await api<PaymentIntent>('GET', `/v1/payment-intents/${path}`);
  const [refunds, ledger, escrows] = await Promise.all([
    api<List<Refund>>('GET', '/v1/refunds', { query: { payment_intent: id, limit: 100 } }),
    api<LedgerView>('GET', `/v1/ledger/${path}`),
    api<List<Escrow>>('GET', '/v1/escrows', { query: { payment_intent: id, limit: 1 } }),
  ]);
  const dispute = payment.dispute === null ? null : await api<Dispute>('GET', `/v1/disputes/${encodeURIComponent(payment.dispute)}`);
  return { payment, refunds: refunds.data, ledger, dispute, escrow: escrows.data[0] ?? null };
}

/**
 * What can still be refunded: captured less every refund that is not failed (pending approval ones
 * included), as the gateway counts it (refundableAmount in shared/ledger).
 */
export function refundable(payment: PaymentIntent, refunds: Refund[]): { amount: number; pending: number } {
  let reserved = 0;
  let pending = 0;
  for (const refund of refunds) {
    if (refund.status === 'failed') continue;
    reserved += refund.amount;
    if (refund.status === 'pending_approval' || refund.status === 'approved') pending += refund.amount;
  }
  return { amount: payment.amount_received - reserved, pending };
}

/**
 * One payment: facts, routing, the ledger timeline with its hash-chain check, refunds, dispute,
 * reconciliation. Every section follows the ledger by itself (a refund, a capture, a dispute), without
 * a reload; the refund form keeps what is being typed.
 */
export function paymentPage(root: HTMLElement, context: PageContext): void {
  const id = context.params[0] ?? '';
  const body = h('div', null, loadingState());
  root.append(pageHeader(`Payment ${id}`, h('a', { href: '#/payments', class: 'button' }, '← All payments')), body);
  const summary = h('section', { class: 'panel', 'aria-labelledby': 'summary-title' });
  const timeline = h('div');
  const refundBox = h('div');
  const refunds = h('div');
  const dispute = h('div');
  const pix = h('div');
  let pixShown = '';
  const refundPager = new ArrayPager(() => void refresh(), 10);
  let form: RefundForm | null = null;
  let shown: PaymentData | null = null;

  const render = (data: PaymentData): void => {
    shown = data;
    const { payment: p } = data;
    replace(summary, ...summaryOf(data));
    // Rebuilt only when the charge changes, so a selection in the BR Code survives a refresh.
    const pixKey = isPix(p) ? `${p.status}|${p.next_action?.pix_display_qr_code.txid ?? ''}` : '';
    if (pixKey !== pixShown) {
      pixShown = pixKey;
      replace(pix, ...pixSection(data));
    }
    replace(timeline, ...(data.ledger.events.length === 0 ? [h('p', { class: 'state state-empty' }, 'No ledger events.')] : ledgerTimeline(data.ledger)));
    replace(refunds, ...(data.refunds.length === 0 ? [h('p', { class: 'state state-empty' }, 'No refunds.')] : [refundTable(refundPager.page(data.refunds)), refundPager.controls(data.refunds)]));
    replace(dispute, data.dispute === null ? h('p', { class: 'state state-empty' }, 'No dispute.') : facts([
      ['Dispute', link(`disputes/${data.dispute.id}`, data.dispute.id, { class: 'mono' })],
      ['Status', badge(data.dispute.status)],
      ['Amount', money(data.dispute.amount, data.dispute.currency)],
      ['Reason', data.dispute.reason],
      ['Evidence', data.dispute.evidence === null ? 'none yet' : `submitted ${unixTime(data.dispute.evidence.submitted)}`],
    ]));
    const why = notRefundable(p, data.dispute, data.escrow);
    if (why !== null) {
      form = null;
      replace(refundBox, h('p', { class: 'muted', 'data-refund-form': 'none' }, why));
      return;
    }
    const left = refundable(p, data.refunds);
    if (form === null) {
      form = new RefundForm(p, () => refresh());
      replace(refundBox, form.element);
    }
    form.update(left.amount, left.pending);
  };
  const refresh = async (): Promise<void> => {
    try {
      render(await loadPayment(id));
    } catch (error) {
      if (shown === null) replace(body, errorState(error));
      throw error;
    }
  };
  void refresh().then(() => replace(body,
    summary,
    shown !== null && isPix(shown.payment) ? section('Pix', pix) : null,
    section('Ledger timeline', timeline),
    section('Refunds', refundBox, refunds),
    section('Dispute', dispute)), () => undefined);
  context.onChange(refresh);
  keepRelativeTimesFresh(root, context);
}

const isPix = (p: PaymentIntent): boolean => p.payment_method_types.includes('pix');

/**
 * A Pix payment: while it waits, its BR Code (copy and paste, with a copy button), txid and expiry;
 * afterwards, what became of its charge (from the ledger's pix_qr_code_issued event).
 */
function pixSection({ payment: p, ledger }: PaymentData): Child[] {
  const qr = p.next_action?.pix_display_qr_code;
  if (qr !== undefined) {
    const code = h('textarea', { readonly: true, rows: '4', class: 'mono br-code', spellcheck: 'false', value: qr.data, 'data-pix': 'br-code' });
    return [
      h('p', { 'data-pix': 'waiting' }, 'Waiting for the payer: they scan the QR code or paste this BR Code into their bank’s app (Pix copia e cola).'),
      field('BR Code (Pix copy and paste)', code),
      h('div', { class: 'button-row' }, actionButton('Copy BR Code', () => copyText(code))),
      facts([['txid', h('span', { class: 'mono break', 'data-pix': 'txid' }, qr.txid)], ['Expires', h('span', { 'data-pix': 'expires' }, timeWithRelative(qr.expires_at))]]),
    ];
  }
  const issued = ledger.events.find((e) => e.type === 'payment_intent.pix_qr_code_issued')?.data;
  if (issued === undefined) return [h('p', { class: 'muted', 'data-pix': 'unconfirmed' }, 'Not confirmed yet: confirming the payment issues its BR Code.')];
  const expires = Number(issued['expires_at']);
  const outcome = p.status === 'reversed' ? `Expired unpaid: the BR Code could be paid until ${unixTime(expires)}.` : p.amount_received > 0 ? 'Paid by Pix.' : `This payment is ${p.status}.`;
  return [
    h('p', { 'data-pix': 'done' }, outcome),
    facts([['txid', h('span', { class: 'mono break' }, String(issued['txid']))], ['Expiry', unixTime(expires)]]),
  ];
}

/** Copies `code`'s text; where the browser refuses the clipboard, selects it for the user to copy. */
async function copyText(code: HTMLTextAreaElement): Promise<string> {
  try {
    await navigator.clipboard.writeText(code.value);
    return 'Copied: paste it into the bank’s app.';
  } catch {
    code.focus();
    code.select();
    return 'The browser does not let the console copy: the code is selected, press Ctrl+C (⌘C on a Mac).';
  }
}

/** Why a payment takes no refund now, in words; null when it does. */
function notRefundable(p: PaymentIntent, dispute: Dispute | null, escrow: Escrow | null): Child | null {
  // As the gateway's refund guard: an escrow's payment is refunded through the escrow, unless it was canceled.
  if (escrow !== null && escrow.status !== 'canceled') {
    return ['This payment funds escrow ', link(`escrows/${escrow.id}`, escrow.id, { class: 'mono' }), ` (${escrow.status.replaceAll('_', ' ')}): its refunds go through the escrow, which gives the buyer back what custody still holds (${money(escrow.amount_in_custody, escrow.currency)}).`];
  }
  if (p.status === 'chargeback') return 'Charged back: the card network already returned this payment to the customer, so it cannot be refunded.';
  if (dispute !== null && (dispute.status === 'opened' || dispute.status === 'under_review')) return `Disputed (${dispute.status.replace('_', ' ')}): answer the dispute instead; a refund now could pay the customer twice.`;
  if (p.status !== 'captured' && p.status !== 'settled') return p.amount_received === 0 ? `Nothing captured (${p.status}): there is nothing to refund.` : `This payment is ${p.status}: it takes no refund.`;
  return null;
}

function summaryOf({ payment: p, refunds, ledger, escrow }: PaymentData): Child[] {
  const { pending } = refundable(p, refunds);
  return [
    h('h2', { id: 'summary-title', class: 'visually-hidden' }, 'Summary'),
    h('div', { class: 'summary-line' }, h('span', { class: 'amount-large' }, money(p.amount, p.currency)), badge(p.status),
      ledger.chain_verified ? null : badge('chain FAILED', 'bad')),
    facts([
      ['Payment method', isPix(p) ? 'Pix' : 'Card'],
      ...(escrow === null ? [] : [['Escrow', h('span', { 'data-fact': 'escrow' }, link(`escrows/${escrow.id}`, escrow.id, { class: 'mono' }), ' ', badge(escrow.status.replaceAll('_', ' ')),
        h('span', { class: 'muted' }, ` · ${money(escrow.amount_in_custody, escrow.currency)} in custody`))] as [string, Child]]),
      ...(isPix(p) ? [] : [['Card', cardText(p.card)] as [string, Child]]),
      ['Customer', String(p.customer?.['email'] ?? '—')],
      ['Captured', money(p.amount_received, p.currency)],
      ['Refunded', h('span', { 'data-fact': 'refunded' }, money(p.amount_refunded, p.currency), pending === 0 ? null : h('span', { class: 'muted' }, ` · ${money(pending, p.currency)} pending`))],
      ['Capture method', p.capture_method],
      ['Processor', p.processor ?? '—'],
      ['Processor reference', p.processor_reference ?? '—'],
      ['Routing reason', p.routing_reason ?? '—'],
      ['Decline', p.last_error === null ? '—' : `${p.last_error.decline_code}: ${p.last_error.message}`],
      ['Reconciliation', p.reconciliation_status === null ? badge('not reconciled', 'neutral') : badge(p.reconciliation_status.replaceAll('_', ' '), p.reconciliation_status === 'matched' ? 'ok' : 'bad')],
      ['Created', unixTime(p.created)],
      ['Metadata', Object.keys(p.metadata).length === 0 ? '—' : Object.entries(p.metadata).map(([k, v]) => `${k}=${v}`).join(', ')],
    ]),
    h('div', { class: 'button-row' },
      actionButton('Audit export (JSON)', () => downloadAudit({ payment_intent: p.id }, 'json')),
      actionButton('Audit report (PDF)', () => downloadAudit({ payment_intent: p.id }, 'pdf')),
      h('a', { href: `#/payments/${encodeURIComponent(p.id)}/trace`, class: 'button', 'data-trace-link': '' }, 'Trace (spans across services)')),
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

/** What a refund's status means, said as a sentence ends. */
const REFUND_OUTCOMES: Record<Refund['status'], string> = {
  pending_approval: 'waits for approval in the Refunds queue',
  approved: 'was approved and goes to the processor now',
  succeeded: 'succeeded',
  failed: 'failed',
};

/** `Refund re_… of $150.00 succeeded.` */
export function refundSentence(refund: Refund): string {
  const why = refund.status === 'failed' && refund.failure_reason !== null ? ` (${refund.failure_reason})` : '';
  return `Refund ${refund.id} of ${money(refund.amount, refund.currency)} ${REFUND_OUTCOMES[refund.status]}${why}.`;
}

/**
 * Full or partial refund. The amount is typed in the currency's units (`3000.00`, `¥500`) and sent in
 * minor units; it starts at what is still refundable (pending refunds subtracted), and every message
 * speaks in the currency's format.
 */
class RefundForm {
  readonly element: HTMLFormElement;
  private readonly amount: HTMLInputElement;
  private readonly hint: HTMLElement;
  private left = 0;
  private edited = false;

  constructor(private readonly p: PaymentIntent, refreshed: () => Promise<void>) {
    const exponent = exponentOf(p.currency);
    const step = String(1 / 10 ** exponent);
    this.amount = h('input', { name: 'amount', type: 'number', min: step, step, required: true, inputmode: 'decimal' });
    this.amount.addEventListener('input', () => (this.edited = true));
    const reason = h('select', { name: 'reason' }, ['requested_by_customer', 'duplicate', 'fraudulent', 'other'].map((r) => h('option', { value: r }, r)));
    const amountField = field(`Amount (${p.currency.toUpperCase()})`, this.amount, ' ');
    this.hint = amountField.querySelector('.hint') as HTMLElement;
    this.element = h('form', { class: 'inline-form', 'aria-label': 'Refund this payment', novalidate: true },
      amountField,
      field('Reason', reason),
      h('button', { type: 'submit', class: 'primary' }, 'Refund'));
    wireForm(this.element, async (data) => {
      const text = String(data.get('amount') ?? '');
      const minor = parseAmount(text, p.currency);
      if (minor === null || minor <= 0) throw new InputError(`Enter an amount in ${p.currency.toUpperCase()}, such as ${amountInput(Math.min(this.left, 10 ** exponent * 10), p.currency)}.`);
      if (minor > this.left) throw new InputError(this.tooMuch(minor));
      let refund: Refund;
      try {
        refund = await api<Refund>('POST', '/v1/refunds', { body: { payment_intent: p.id, amount: minor, reason: data.get('reason') } });
      } catch (error) {
        // The API counts in minor units; say it in the form's own.
        if (error instanceof ApiError && error.code === 'amount_exceeds_refundable' && typeof error.details?.['refundable'] === 'number') {
          this.left = error.details['refundable'] as number;
          throw new InputError(this.tooMuch(minor));
        }
        throw error;
      }
      this.edited = false;
      await refreshed().catch(() => undefined);
      return refundSentence(refund);
    });
  }

  private tooMuch(minor: number): string {
    return this.left === 0
      ? `Nothing is left to refund: ${money(this.p.amount_received, this.p.currency)} captured, all refunded or waiting for approval.`
      : `${money(minor, this.p.currency)} is more than the ${money(this.left, this.p.currency)} still refundable.`;
  }

  /** Follows what is still refundable; a value the user typed stays. */
  update(left: number, pending: number): void {
    this.left = left;
    this.amount.max = amountInput(left, this.p.currency);
    if (!this.edited) this.amount.value = amountInput(left, this.p.currency);
    this.hint.textContent = left === 0
      ? `nothing left to refund${pending === 0 ? '' : ` (${money(pending, this.p.currency)} waits for approval)`}`
      : `up to ${money(left, this.p.currency)}${pending === 0 ? '' : ` (${money(pending, this.p.currency)} pending approval already counted)`}`;
    const button = this.element.querySelector('button[type="submit"]') as HTMLButtonElement;
    button.hidden = left === 0;
  }
}
