import { ApiError, InputError, api, errorText, type List } from '../api.js';
import { badge, facts, field, h, replace, section, table, type Child } from '../dom.js';
import { amountInput, count, exponentOf, isoTime, money, parseAmount, plural, unixTime } from '../format.js';
import type { Dispute, Escrow, EscrowCustody, EscrowPayee, PaymentIntent, VerifiedEvent } from '../types.js';
import { approverInput, errorState, keepRelativeTimesFresh, link, loadInto, loadingState, pageHeader, Pager, timeWithRelative, type Page, type PageContext } from '../ui.js';

const STATUSES: Array<Escrow['status']> = ['awaiting_payment', 'in_custody', 'disputed', 'released', 'refunded', 'canceled'];
const PAGE_SIZE = 20;
/** Currencies the custody card shows in large type; the others are listed under them. */
const CURRENCIES_LARGE = 2;

const statusText = (status: string): string => status.replaceAll('_', ' ');
const escrowBadge = (status: Escrow['status']): HTMLElement => badge(statusText(status));
const unreleased = (payee: EscrowPayee): number => payee.amount - payee.released;

/**
 * Escrows: the custody balance (what the merchant's open escrows hold, per currency), and every escrow
 * with a status filter; an escrow's page shows its payees, dates, dispute and events, and takes the
 * decisions its state allows. Both follow the ledger without a reload.
 */
export const escrowsPage: Page = (root, context) => {
  if (context.params[0] !== undefined) {
    escrowPage(root, context);
    return;
  }
  const current = context.query.get('status') ?? '';
  const filter = h('select', { name: 'status', onchange: (e: Event) => { const value = (e.target as HTMLSelectElement).value; location.hash = `#/escrows${value === '' ? '' : `?status=${value}`}`; } },
    h('option', { value: '' }, 'Any status'), STATUSES.map((s) => h('option', { value: s, ...(s === current ? { selected: true } : {}) }, statusText(s))));
  const custody = h('div', { 'aria-live': 'polite' });
  const list = h('div', { 'aria-live': 'polite' });
  const pager = new Pager(() => void load());
  const loadCustody = (quiet = false) => loadInto(custody, () => api<EscrowCustody>('GET', '/v1/console/escrow-custody'), custodyCards, { quiet });
  const load = (quiet = false) => loadInto(list, () => api<List<Escrow>>('GET', '/v1/escrows', { query: { status: current || undefined, limit: pager.size, starting_after: pager.cursor } }), (page) => [
    table(['Escrow', 'Payment', 'Amount', 'In custody', 'Status', 'Payees', 'Release at', 'Refund deadline'], page.data.map((e) => h('tr', { 'data-escrow': e.id },
      h('td', null, link(`escrows/${e.id}`, e.id, { class: 'mono' })),
      h('td', null, link(`payments/${e.payment_intent}`, e.payment_intent, { class: 'mono' })),
      h('td', { class: 'num' }, money(e.amount, e.currency)),
      h('td', { class: 'num' }, money(e.amount_in_custody, e.currency)),
      h('td', null, escrowBadge(e.status)),
      h('td', null, e.payees.map((p) => p.payee).join(', ')),
      h('td', null, e.release_at === null ? 'on approval' : unixTime(e.release_at)),
      h('td', null, unixTime(e.refund_deadline)))), 'Escrows'),
    pager.controls(page),
  ], { quiet, isEmpty: (page) => page.data.length === 0 && pager.cursor === undefined, empty: current === '' ? 'No escrows yet. Create one with POST /v1/escrows.' : `No ${statusText(current)} escrows.` });
  root.append(pageHeader('Escrows', field('Status', filter)), h('section', { 'aria-label': 'Custody balance' }, custody), list);
  context.onChange(() => Promise.all([loadCustody(true), load(true)]));
  void loadCustody();
  void load();
};

/** The custody balance: what open escrows hold per currency, and how many are open. */
function custodyCards(c: EscrowCustody): HTMLElement {
  const large = c.in_custody.slice(0, CURRENCIES_LARGE);
  const rest = c.in_custody.slice(CURRENCIES_LARGE);
  const holding = c.in_custody.reduce((sum, held) => sum + held.escrows, 0);
  return h('div', { class: 'cards' },
    h('section', { class: 'card', 'data-card': 'custody' },
      h('h2', { class: 'card-title' }, 'Held in custody'),
      large.length === 0 ? h('p', { class: 'card-value' }, '—') : large.map((held) => h('p', { class: large.length === 1 ? 'card-value' : 'card-value card-value-sub' }, money(held.amount, held.currency))),
      rest.length === 0 ? null : h('ul', { class: 'currency-list', 'aria-label': 'Other currencies' }, rest.map((held) => h('li', null, h('span', null, money(held.amount, held.currency)), h('span', { class: 'muted' }, plural(held.escrows, 'escrow'))))),
      h('span', { class: 'muted' }, holding === 0 ? 'Nothing is held in custody.' : `in ${plural(holding, 'escrow')}, ${plural(c.in_custody.length, 'currency', 'currencies')}`)),
    h('section', { class: 'card', 'data-card': 'open' },
      h('h2', { class: 'card-title' }, 'Open escrows'),
      h('p', { class: 'card-value' }, count(c.open_escrows)),
      h('span', { class: 'muted' }, `${count(c.by_status.awaiting_payment)} awaiting payment · ${count(c.by_status.in_custody)} in custody · ${count(c.by_status.disputed)} disputed`)),
    h('section', { class: 'card', 'data-card': 'disputed' },
      h('h2', { class: 'card-title' }, 'Disputed'),
      h('p', { class: 'card-value' }, count(c.by_status.disputed)),
      link('escrows?status=disputed', 'Frozen by a dispute')));
}

/** What an escrow's page shows, loaded together so every section agrees. */
interface EscrowData {
  escrow: Escrow;
  payment: PaymentIntent;
  /** The escrow's own ledger events (of its payment's ledger view), oldest first. */
  events: VerifiedEvent[];
  /** The card dispute on the escrow's payment, if there is one. */
  cardDispute: Dispute | null;
}

async function loadEscrow(id: string): Promise<EscrowData> {
  // The escrow first: an id that names none is one 404, not three.
  const escrow = await api<Escrow>('GET', `/v1/escrows/${encodeURIComponent(id)}`);
  const path = encodeURIComponent(escrow.payment_intent);
  const [payment, ledger] = await Promise.all([
    api<PaymentIntent>('GET', `/v1/payment-intents/${path}`),
    api<{ events: VerifiedEvent[] }>('GET', `/v1/ledger/${path}`),
  ]);
  const cardDispute = payment.dispute === null ? null : await api<Dispute>('GET', `/v1/disputes/${encodeURIComponent(payment.dispute)}`);
  // Only the escrow's own lines name it as their ref, in whichever shard's escrows stream they are.
  return { escrow, payment, events: ledger.events.filter((e) => e.ref === escrow.id), cardDispute };
}

/**
 * One escrow: its money and dates, payees, dispute and events, and the decisions its state allows
 * (each with the approver's name, answered in words). A decision, or one taken elsewhere, shows up
 * without a reload; what is being typed stays until the escrow changes.
 */
function escrowPage(root: HTMLElement, context: PageContext): void {
  const id = context.params[0] ?? '';
  const body = h('div', null, loadingState());
  root.append(pageHeader(`Escrow ${id}`, h('a', { href: '#/escrows', class: 'button' }, '← All escrows')), body);
  const summary = h('section', { class: 'panel', 'aria-labelledby': 'summary-title' });
  const payees = h('div');
  const dispute = h('div');
  const events = h('div');
  const approver = approverInput();
  // Decisions are announced here, outside what a refresh replaces.
  const outcome = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite', 'data-escrow-outcome': '' });
  const actions = h('div', { class: 'escrow-actions' });
  let shown: EscrowData | null = null;
  let actionsKey = '';

  const refresh = async (): Promise<void> => {
    let data: EscrowData;
    try {
      data = await loadEscrow(id);
    } catch (error) {
      if (shown === null) replace(body, errorState(error));
      throw error;
    }
    shown = data;
    replace(summary, ...summaryOf(data));
    replace(payees, payeeTable(data.escrow));
    replace(dispute, disputeFacts(data));
    replace(events, ...(data.events.length === 0 ? [h('p', { class: 'state state-empty' }, 'No escrow events.')] : [eventTimeline(data.escrow, data.events)]));
    // The forms are rebuilt only when what they decide on changed, so typing survives a refresh.
    const key = [data.escrow.status, data.escrow.amount_in_custody, data.escrow.updated, data.payment.status, data.payment.processing, data.cardDispute?.status ?? ''].join('|');
    if (key !== actionsKey) {
      actionsKey = key;
      replace(actions, ...new EscrowActions(data, approver, outcome, refresh).render());
    }
  };
  void refresh().then(() => replace(body,
    summary,
    section('Payees', payees),
    section('Dispute', dispute),
    h('section', { class: 'panel', 'aria-labelledby': 'actions-title' },
      h('h2', { id: 'actions-title' }, 'Decisions'),
      h('p', { class: 'muted' }, 'Releases, refunds and resolutions record your name on the ledger event.'),
      field('Approver name', approver),
      outcome,
      actions),
    section('Escrow events', events)), () => undefined);
  context.onChange(refresh);
  keepRelativeTimesFresh(root, context);
}

function summaryOf({ escrow: e, payment }: EscrowData): Child[] {
  return [
    h('h2', { id: 'summary-title', class: 'visually-hidden' }, 'Summary'),
    h('div', { class: 'summary-line' }, h('span', { class: 'amount-large' }, money(e.amount, e.currency)), escrowBadge(e.status)),
    facts([
      ['Payment', h('span', null, link(`payments/${e.payment_intent}`, e.payment_intent, { class: 'mono' }), ' ', badge(payment.status))],
      ['In custody', h('span', { 'data-fact': 'in-custody' }, money(e.amount_in_custody, e.currency))],
      ['Released', h('span', { 'data-fact': 'released' }, money(e.amount_released, e.currency))],
      ['Refunded', h('span', { 'data-fact': 'refunded' }, money(e.amount_refunded, e.currency), e.refund === null ? null : h('span', { class: 'muted' }, ' · ', link(`payments/${e.payment_intent}`, e.refund, { class: 'mono' })))],
      ['Release at', e.release_at === null ? 'on an approver’s release only' : timeWithRelative(e.release_at)],
      ['Refund deadline', timeWithRelative(e.refund_deadline)],
      ['Payment method', payment.payment_method_types.includes('pix') ? 'Pix' : 'Card'],
      ['Description', e.description ?? '—'],
      ['Metadata', Object.keys(e.metadata).length === 0 ? '—' : Object.entries(e.metadata).map(([k, v]) => `${k}=${v}`).join(', ')],
      ['Created', unixTime(e.created)],
      ['Updated', unixTime(e.updated)],
    ]),
  ];
}

function payeeTable(e: Escrow): HTMLElement {
  return table(['Payee', 'Role', 'Share', 'Released', 'In custody'], e.payees.map((p) => h('tr', { 'data-payee': p.payee },
    h('td', { class: 'mono' }, p.payee),
    h('td', null, p.role === 'platform_fee' ? 'platform fee' : 'seller'),
    h('td', { class: 'num' }, money(p.amount, e.currency)),
    h('td', { class: 'num', 'data-payee-released': '' }, money(p.released, e.currency)),
    // What the payee still has coming: held unless the escrow went back to the buyer or never was paid.
    h('td', { class: 'num', 'data-payee-held': '' }, money(e.status === 'in_custody' || e.status === 'disputed' ? unreleased(p) : 0, e.currency)))), 'Payees of this escrow');
}

function disputeFacts({ escrow: e, cardDispute }: EscrowData): HTMLElement {
  if (e.dispute === null) return h('p', { class: 'state state-empty' }, 'No dispute.');
  const card = e.dispute.dispute;
  return facts([
    ['Reason', e.dispute.reason],
    ['Opened by', e.dispute.source === 'platform' ? 'your platform (a buyer’s claim)' : 'the card network (a chargeback dispute)'],
    ['Card dispute', card === null ? '—' : h('span', null, link(`disputes/${card}`, card, { class: 'mono' }), cardDispute === null ? null : [' ', badge(cardDispute.status)])],
    ['Opened', unixTime(e.dispute.opened)],
  ]);
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** One escrow event in words: what moved where, who decided and why. */
function eventLine(e: Escrow, event: VerifiedEvent): string {
  const data = event.data;
  const amounts = (list: unknown): string => (Array.isArray(list) ? list : []).map((item: { payee: string; amount: number }) => `${money(item.amount, e.currency)} to ${item.payee}`).join(', ');
  const who = (): string => [str(data['approver']) === null ? null : `approver ${str(data['approver'])}`, str(data['trigger']) === null || data['trigger'] === 'api' ? null : `by ${statusText(String(data['trigger']))}`].filter((part) => part !== null).join(' · ');
  switch (event.type) {
    case 'escrow.created': return `For ${(data['payees'] as Array<{ payee: string; amount: number }>).map((p) => `${p.payee} ${money(p.amount, e.currency)}`).join(', ')}`;
    case 'escrow.funded': return `${money(Number(data['amount']), e.currency)} captured into custody`;
    case 'escrow.partially_released':
    case 'escrow.released': return [`Released ${amounts(data['releases'])}`, who()].filter(Boolean).join(' · ');
    case 'escrow.refunded': return [`${money(Number(data['amount']), e.currency)} back to the buyer`, str(data['refund']), str(data['reason']), who()].filter(Boolean).join(' · ');
    case 'escrow.disputed': return `${str(data['reason']) ?? ''} · ${data['source'] === 'processor' ? `opened by the card network (${str(data['dispute']) ?? 'no dispute id'})` : 'opened on the platform'}`;
    case 'escrow.canceled': return `Canceled (${statusText(String(data['reason'] ?? 'requested'))})`;
    default: return '';
  }
}

function eventTimeline(e: Escrow, events: VerifiedEvent[]): HTMLElement {
  return h('ol', { class: 'timeline' }, events.map((event) => {
    const ok = event.verification.hash_valid && event.verification.linked_to_previous;
    return h('li', { class: 'timeline-item', 'data-escrow-event': event.type },
      h('div', { class: 'timeline-head' }, h('strong', null, event.type), ok ? null : badge('FAIL'), h('span', { class: 'muted' }, isoTime(event.timestamp))),
      h('div', null, eventLine(e, event)),
      h('div', { class: 'muted small mono' }, `${event.stream} #${event.seq} · ${event.event_id}`));
  }));
}

/** A card dispute the processor has not decided: while it lasts, the money is the network's call. */
const undecided = (dispute: Dispute | null): dispute is Dispute => dispute !== null && (dispute.status === 'opened' || dispute.status === 'under_review');

/**
 * The decisions an escrow's state allows, each a form or a button that calls the escrow's route and
 * says in `outcome` what happened (or the API's error, amounts in the currency's units); each one the
 * state does not allow is left out, with a sentence saying why.
 */
class EscrowActions {
  private readonly e: Escrow;
  /** The payees of the last partial release sent, by index: the API names a refused one by its index. */
  private lastAsked: Array<{ payee: string; amount: number }> = [];

  constructor(private readonly data: EscrowData, private readonly approver: HTMLInputElement, private readonly outcome: HTMLElement, private readonly refreshed: () => Promise<void>) {
    this.e = data.escrow;
  }

  render(): Child[] {
    const { e, data } = this;
    const held = money(e.amount_in_custody, e.currency);
    switch (e.status) {
      case 'awaiting_payment': {
        const p = data.payment;
        const cancelable = !p.processing && (p.status === 'created' || p.status === 'declined' || p.status === 'reversed');
        return [
          this.why(`Waiting for the buyer’s payment (${p.processing ? 'processing' : p.status}): custody holds nothing yet, so there is nothing to release, refund or dispute.${p.next_action === null ? '' : ' The buyer pays the Pix BR Code shown on the payment’s page.'}`),
          cancelable
            ? this.button('Cancel this escrow', 'danger', 'Canceling', () => this.post('cancel', {}), (done) => `Escrow ${done.id} canceled; its payment ${done.payment_intent} is canceled with it.`)
            : this.why(`The payment is ${p.processing ? 'being processed' : p.status}: the escrow cannot be canceled while its processor may still pay it.`),
        ];
      }
      case 'in_custody':
        return [
          this.releaseForm(),
          this.reasonForm('refund', `Refund ${held} to the buyer`, 'Reason (optional)', false, (reason) => this.post('refund', { approver: this.approverName(), ...(reason === '' ? {} : { reason }) }),
            (done) => `Refunded ${money(done.amount_refunded - e.amount_refunded, done.currency)} to the buyer (refund ${done.refund ?? '—'}), approved by ${this.approver.value.trim()}; the escrow is refunded.`),
          this.reasonForm('dispute', 'Open a dispute', 'Dispute reason', true, (reason) => this.post('dispute', { reason }),
            () => 'Dispute opened: release is frozen until it is resolved.'),
          this.why('Cancel: the buyer has paid, so the escrow can only be released or refunded.'),
        ];
      case 'disputed': {
        const frozen = `Release is frozen by the dispute (“${e.dispute?.reason ?? 'no reason'}”)`;
        if (undecided(data.cardDispute)) {
          return [this.why(`${frozen}.`, 'frozen'), h('p', { class: 'muted', 'data-why': 'processor-decides' }, 'The card dispute ', link(`disputes/${data.cardDispute.id}`, data.cardDispute.id, { class: 'mono' }),
            ` is ${statusText(data.cardDispute.status)} at the processor: it decides where the money goes, so this escrow can be neither resolved nor refunded until then.`)];
        }
        return [
          this.why(`${frozen}: resolve it to release what custody holds to the payees or refund it to the buyer.`, 'frozen'),
          h('div', { class: 'button-row' },
            this.button(`Resolve: release ${held} to the payees`, 'primary', 'Releasing', () => this.post('resolve', { approver: this.approverName(), outcome: 'release' }),
              (done) => `Dispute resolved for the payees: ${money(done.amount_released - e.amount_released, done.currency)} released, approved by ${this.approver.value.trim()}; the escrow is ${statusText(done.status)}.`),
            this.button(`Resolve: refund ${held} to the buyer`, 'danger', 'Refunding', () => this.post('resolve', { approver: this.approverName(), outcome: 'refund' }),
              (done) => `Dispute resolved for the buyer: ${money(done.amount_refunded - e.amount_refunded, done.currency)} refunded (refund ${done.refund ?? '—'}), approved by ${this.approver.value.trim()}; the escrow is ${statusText(done.status)}.`)),
        ];
      }
      case 'released':
        return [this.why(`Released: every payee has been paid their share (${money(e.amount_released, e.currency)}); nothing is left to decide.`, 'closed')];
      case 'refunded':
        return [this.why(`Refunded: ${money(e.amount_refunded, e.currency)} went back to the buyer${e.amount_released > 0 ? ` and ${money(e.amount_released, e.currency)} was released before` : ''}; nothing is left to decide.`, 'closed')];
      case 'canceled':
        return [this.why('Canceled: the buyer never paid; nothing is left to decide.', 'closed')];
    }
  }

  private why(text: string, kind = 'state'): HTMLElement {
    return h('p', { class: 'muted', 'data-why': kind }, text);
  }

  private approverName(): string {
    const name = this.approver.value.trim();
    if (name === '') {
      this.approver.focus();
      throw new InputError('Enter the approver’s name first.');
    }
    return name;
  }

  private post(action: string, body: Record<string, unknown>): Promise<Escrow> {
    return api<Escrow>('POST', `/v1/escrows/${encodeURIComponent(this.e.id)}/${action}`, { body });
  }

  /** Runs a decision: the answer said in `outcome`, then the page reloads what it shows. */
  private async decide(working: string, run: () => Promise<Escrow>, said: (done: Escrow) => string, controls: HTMLButtonElement[]): Promise<void> {
    this.outcome.className = 'form-status';
    controls.forEach((control) => (control.disabled = true));
    try {
      this.outcome.textContent = `${working} ${this.e.id}…`;
      const done = await run();
      this.outcome.textContent = said(done);
    } catch (error) {
      this.outcome.className = 'form-status action-error';
      this.outcome.textContent = this.errorSaid(error);
    } finally {
      controls.forEach((control) => (control.disabled = false));
    }
    await this.refreshed().catch(() => undefined);
  }

  /** The API counts in minor units; an amount it refuses is said in the currency's. */
  private errorSaid(error: unknown): string {
    if (error instanceof ApiError && error.code === 'amount_exceeds_custody' && typeof error.details?.['unreleased'] === 'number') {
      const index = Number(/^payees\[(\d+)\]/.exec(error.param ?? '')?.[1] ?? -1);
      const payee = this.lastAsked[index];
      if (payee !== undefined) return this.tooMuch(payee.payee, payee.amount, error.details['unreleased'] as number);
    }
    return errorText(error);
  }

  private tooMuch(payee: string, amount: number, left: number): string {
    return left === 0
      ? `${payee} has nothing left in custody: all of their share is released.`
      : `${money(amount, this.e.currency)} is more than the ${money(left, this.e.currency)} ${payee} still has in custody.`;
  }

  private button(label: string, tone: string, working: string, run: () => Promise<Escrow>, said: (done: Escrow) => string): HTMLButtonElement {
    const button = h('button', { type: 'button', class: tone }, label);
    button.addEventListener('click', () => void this.decide(working, run, said, [button]));
    return button;
  }

  /** Per payee an amount in the currency's units (empty: nothing to that payee), or everything left at once. */
  private releaseForm(): HTMLElement {
    const e = this.e;
    const exponent = exponentOf(e.currency);
    const step = String(1 / 10 ** exponent);
    const open = e.payees.filter((p) => unreleased(p) > 0);
    const inputs = open.map((p) => {
      const input = h('input', { name: `release_${p.payee}`, type: 'number', min: '0', step, max: amountInput(unreleased(p), e.currency), inputmode: 'decimal', placeholder: amountInput(0, e.currency) });
      return { payee: p, input, field: field(`Release to ${p.payee} (${e.currency.toUpperCase()})`, input, `up to ${money(unreleased(p), e.currency)} of ${money(p.amount, e.currency)}`) };
    });
    const partial = h('button', { type: 'submit', class: 'primary' }, 'Release these amounts');
    const all = h('button', { type: 'button' }, `Release everything left (${money(e.amount_in_custody, e.currency)})`);
    const form = h('form', { class: 'inline-form', 'aria-label': 'Release to the payees', novalidate: true }, inputs.map((i) => i.field), partial, all);
    const controls = [partial, all];
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.decide('Releasing', async () => {
        const asked = inputs.flatMap(({ payee, input }) => {
          const text = input.value.trim();
          if (text === '') return [];
          const minor = parseAmount(text, e.currency);
          if (minor === null) throw new InputError(`Enter the amount for ${payee.payee} in ${e.currency.toUpperCase()}, such as ${amountInput(Math.min(unreleased(payee), 10 ** exponent * 10), e.currency)}.`);
          if (minor > unreleased(payee)) throw new InputError(this.tooMuch(payee.payee, minor, unreleased(payee)));
          return minor === 0 ? [] : [{ payee: payee.payee, amount: minor }];
        });
        if (asked.length === 0) throw new InputError('Enter an amount for at least one payee, or release everything left.');
        const name = this.approverName();
        this.lastAsked = asked;
        return this.post('release', { approver: name, payees: asked });
      }, (done) => this.releasedSentence(done), controls);
    });
    all.addEventListener('click', () => void this.decide('Releasing', () => {
      this.lastAsked = [];
      return this.post('release', { approver: this.approverName() });
    }, (done) => this.releasedSentence(done), controls));
    return form;
  }

  private releasedSentence(done: Escrow): string {
    const before = new Map(this.e.payees.map((p) => [p.payee, p.released]));
    const paid = done.payees.filter((p) => p.released > (before.get(p.payee) ?? 0)).map((p) => `${money(p.released - (before.get(p.payee) ?? 0), done.currency)} to ${p.payee}`);
    const left = done.amount_in_custody === 0 ? 'nothing is left in custody; the escrow is released' : `${money(done.amount_in_custody, done.currency)} stays in custody`;
    return `Released ${paid.join(' and ')}, approved by ${this.approver.value.trim()}; ${left}.`;
  }

  /** A reason field and its button: refund (reason optional) or dispute (reason required). */
  private reasonForm(kind: string, label: string, reasonLabel: string, required: boolean, run: (reason: string) => Promise<Escrow>, said: (done: Escrow) => string): HTMLElement {
    const reason = h('input', { name: `${kind}_reason`, maxlength: '500', ...(required ? { required: true } : {}) });
    const submit = h('button', { type: 'submit', class: kind === 'refund' ? 'danger' : null }, label);
    const form = h('form', { class: 'inline-form', 'aria-label': label, novalidate: true }, field(reasonLabel, reason), submit);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.decide(kind === 'refund' ? 'Refunding' : 'Opening a dispute on', async () => {
        const text = reason.value.trim();
        if (required && text === '') {
          reason.focus();
          throw new InputError('Say why the escrow is disputed (the reason is recorded with the dispute).');
        }
        return run(text);
      }, said, [submit]);
    });
    return form;
  }
}
