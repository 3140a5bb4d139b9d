import { JOB_TIMEOUT_MS, api, errorText, session, type List } from '../api.js';
import { append, badge, facts, field, h, replace, section, table } from '../dom.js';
import { count, isoTime, money, plural, todayUtc } from '../format.js';
import type { DayReport, MismatchExplanations, SettlementDay } from '../types.js';
import { ArrayPager, actionButton, errorState, link, loadInto, loadingState, pageHeader, type Page, type PageContext } from '../ui.js';

type DayView = SettlementDay & { report: DayReport | null };

const fileCell = (file: SettlementDay['bank_file']): Node => (file === null ? badge('missing', 'neutral') : h('span', { title: file.file }, `✓ ${(file.bytes / 1024).toFixed(1)} KiB`));

const payoutText = (day: SettlementDay): string =>
  day.payouts === null ? 'not settled' : day.payouts.length === 0 ? 'nothing to pay' : day.payouts.map((p) => `${money(p.net, p.currency)} net (${plural(p.payments, 'payment')})`).join(' · ');

const statusWords = (status: string): string => status.replaceAll('_', ' ');

/** Settlements: business days with payouts and bank files; a day's reconciliation report; admin runs. The list follows new files. */
export const settlementsPage: Page = (root, context) => {
  if (context.params[0] !== undefined) {
    dayPage(root, context);
    return;
  }
  const days = h('div');
  const pager = new ArrayPager(() => void load(), 15);
  const admin = session.isAdmin();
  const load = (quiet = false) => loadInto(days, () => api<List<SettlementDay>>('GET', admin ? '/admin/settlements' : '/v1/settlements', { admin }), (list) => [
    table(['Day', 'Bank statement', 'Payouts file', admin ? 'Payouts (every merchant)' : 'Your payouts', 'Reconciliation'], pager.page(list.data).map((d) => h('tr', null,
      h('td', null, link(`settlements/${d.date}`, d.date)),
      h('td', null, fileCell(d.bank_file)),
      h('td', null, fileCell(d.payouts_file)),
      h('td', null, payoutText(d)),
      h('td', null, d.reconciliation === null ? (d.report_file === null ? badge('not run', 'neutral') : link(`settlements/${d.date}`, 'report')) : badge(d.reconciliation.status)))), 'Settlement days'),
    pager.controls(list.data),
  ], { quiet, isEmpty: (list) => list.data.length === 0, empty: 'No settlement files yet: the bank writes its statement nightly, or run a day below.' });
  append(root, [pageHeader('Settlements'), admin ? runner(todayUtc(), () => void load(true)) : null, section('Days', days)]);
  context.onChange(() => load(true));
  void load();
};

function dayPage(root: HTMLElement, context: PageContext): void {
  const date = context.params[0] ?? '';
  const body = h('div', null, loadingState());
  const admin = session.isAdmin();
  const pager = new ArrayPager(() => void load(), 50);
  let shown = false;
  const load = (): Promise<void> => api<DayView>('GET', admin ? `/admin/settlements/${encodeURIComponent(date)}` : `/v1/settlements/${encodeURIComponent(date)}`, { admin }).then(
    (day) => {
      shown = true;
      replace(body, ...dayView(day, pager));
    },
    (error: unknown) => {
      if (!shown) replace(body, errorState(error));
    });
  append(root, [pageHeader(`Settlement ${date}`, h('a', { href: '#/settlements', class: 'button' }, '← All days')), admin ? runner(date, () => void load()) : null, body, admin ? explainer(date) : null]);
  context.onChange(load);
  void load();
}

/**
 * Admin: each mismatch of the report with its likely cause, what to do and the lines behind it (GET
 * /admin/settlements/{date}/explanations, what `payrail explain` prints). On demand: it reads the ledger.
 */
function explainer(date: string): HTMLElement {
  const shown = h('div', { 'aria-live': 'polite', 'data-explanations': date });
  const cite = (item: MismatchExplanations['items'][number]['evidence'][number]): string => ('seq' in item ? `${item.file}:${item.seq}` : `${item.file} line ${item.line}`);
  const render = (result: MismatchExplanations): HTMLElement[] => [
    h('p', { class: 'muted' }, `${plural(result.items.length, 'mismatch', 'mismatches')}, ${count(result.explained)} given a cause.`, ...result.notes.map((note) => h('span', { class: 'state state-warn' }, note))),
    table(['Payment', 'Cause', 'Why', 'What to do', 'Lines'], result.items.slice(0, 200).map((item) => h('tr', { 'data-cause': item.cause },
      h('td', { class: 'mono' }, item.payment_id),
      h('td', null, badge(item.cause.replaceAll('_', ' '), item.cause === 'unexplained' ? 'bad' : 'warn')),
      h('td', null, item.explanation),
      h('td', null, item.action),
      h('td', { class: 'small' }, item.evidence.map((evidence) => h('code', { class: 'cite' }, cite(evidence)))))), 'Why each payment mismatches'),
  ];
  return section('Why they mismatch (admin)',
    h('p', { class: 'muted' }, 'Rules read the ledger and the bank’s statements of the day and its neighbours; every explanation cites its lines.'),
    h('p', { class: 'actions' }, actionButton('Explain the mismatches', async () => {
      const result = await loadInto(shown, () => api<MismatchExplanations>('GET', `/admin/settlements/${encodeURIComponent(date)}/explanations`, { admin: true }), render, {
        isEmpty: (data) => data.items.length === 0 && data.notes.length === 0,
        empty: 'Nothing to explain: every payment matched the bank.',
      });
      return result === null ? undefined : `${plural(result.items.length, 'mismatch', 'mismatches')} explained.`;
    })),
    shown);
}

/** Whose items a report lists: every merchant's (admin), or the merchant's with how many others it has. */
function scopeNote(report: DayReport): HTMLElement {
  if (report.scope === 'all') {
    return h('p', { class: 'muted', 'data-report-scope': 'all' }, `Every item of the report: ${plural(report.report_items, 'mismatch', 'mismatches')} over all merchants (admin view).`);
  }
  const mine = report.report_items - report.other_items;
  return h('p', { class: 'muted', 'data-report-scope': 'merchant' },
    `Your ${plural(mine, 'mismatch', 'mismatches')} of the report’s ${count(report.report_items)}; `,
    report.other_items === 0 ? 'none belongs to anyone else.' : `${plural(report.other_items, 'other item')} belong to other merchants or to payments the ledger does not know (such as unexpected bank rows): the admin sees them.`);
}

function mismatchCounts(counts: Record<string, number>, label: string): HTMLElement {
  return h('ul', { class: 'mismatch-counts', 'aria-label': label }, Object.entries(counts).map(([status, n]) =>
    h('li', { class: n > 0 ? 'has-mismatch' : '', 'data-mismatch': status }, badge(statusWords(status), n > 0 ? 'bad' : 'neutral'), ` ${count(n)}`)));
}

function dayView(day: DayView, pager: ArrayPager): HTMLElement[] {
  const report = day.report;
  const admin = report?.scope === 'all';
  return [
    section('Files and payouts', facts([
      ['Bank statement', fileCell(day.bank_file)],
      ['Payouts file', fileCell(day.payouts_file)],
      ['Settled', day.settled_at === null ? 'not yet' : isoTime(day.settled_at)],
      [admin ? 'Payouts' : 'Your payouts', payoutText(day)],
    ]), day.payouts === null || day.payouts.length === 0 ? null : table([...(admin ? ['Merchant'] : []), 'Currency', 'Payments', 'Gross', 'Fees', 'Net'], day.payouts.map((p) => h('tr', null,
      admin ? h('td', { class: 'mono' }, p.merchant) : null,
      h('td', null, p.currency), h('td', { class: 'num' }, count(p.payments)), h('td', { class: 'num' }, money(p.gross, p.currency)),
      h('td', { class: 'num' }, money(p.fee, p.currency)), h('td', { class: 'num' }, money(p.net, p.currency)))), 'Payouts')),
    section('Reconciliation report', report === null
      ? h('p', { class: 'state state-empty' }, 'No reconciliation report for this day yet.')
      : [
        h('p', { class: 'summary-line' }, badge(report.status), h('span', { class: 'muted' }, `generated ${isoTime(report.generated_at)} · ${plural(report.bank.rows, 'bank row')}`)),
        h('h3', null, 'Whole report'),
        mismatchCounts(report.report_mismatches, 'Mismatches of the whole report'),
        admin ? null : [h('h3', null, 'Yours'), mismatchCounts(report.mismatches, 'Your mismatches')],
        scopeNote(report),
        report.items_unavailable === null ? null : h('p', { class: 'state state-warn' }, report.items_unavailable),
        report.items.length === 0
          ? h('p', { class: 'state state-empty' }, admin ? 'Every payment matched the bank.' : 'Every one of your payments matched the bank.')
          : [table(['Payment', ...(admin ? ['Merchant'] : []), 'Mismatch', 'Ledger (gross / fee / net)', 'Bank (gross / fee / net)'], pager.page(report.items).map((item) => h('tr', { class: 'mismatch-row' },
            h('td', null, item.ledger === null ? h('span', { class: 'mono', title: 'The ledger has no such payment' }, item.payment_id) : link(`payments/${item.payment_id}`, item.payment_id, { class: 'mono' })),
            admin ? h('td', { class: 'mono' }, item.merchant ?? '—') : null,
            h('td', null, badge(statusWords(item.status), 'bad')),
            h('td', { class: 'num' }, item.ledger === null ? '—' : `${money(item.ledger.gross, item.ledger.currency)} / ${money(item.ledger.fee, item.ledger.currency)} / ${money(item.ledger.net, item.ledger.currency)}`),
            h('td', { class: 'num' }, item.bank === null ? '—' : item.bank.currency === 'mixed' ? `${item.bank.gross} (mixed currencies)` : `${money(item.bank.gross, item.bank.currency)} / ${money(item.bank.fee, item.bank.currency)} / ${money(item.bank.net, item.bank.currency)}`))), 'Mismatches'),
          pager.controls(report.items)],
        report.items_truncated ? h('p', { class: 'muted' }, 'Only the first mismatches are listed; the report file has them all.') : null,
      ]),
  ];
}

/** Admin: the bank statement, settlement and reconciliation of a day, one step at a time or all three, with progress. */
function runner(initialDate: string, finished: () => void): HTMLElement {
  const date = h('input', { type: 'date', name: 'date', value: initialDate, required: true });
  const progress = h('ul', { class: 'steps', 'aria-live': 'polite' });
  const steps: Array<{ name: string; label: string; run: (day: string) => Promise<string> }> = [
    {
      name: 'bank', label: 'Bank statement (provider-sim)',
      run: async (day) => {
        const written = await api<{ rows: number; mismatches?: unknown[] }>('POST', `/admin/bank-statements/${day}`, { admin: true, timeout_ms: JOB_TIMEOUT_MS });
        return `${plural(written.rows, 'row')}${written.mismatches === undefined ? '' : `, ${plural(written.mismatches.length, 'injected mismatch', 'injected mismatches')}`}`;
      },
    },
    {
      name: 'settlement', label: 'Settlement (payouts)',
      run: async (day) => {
        const s = await api<{ payments: number }>('POST', `/admin/jobs/settlement/${day}`, { admin: true, timeout_ms: JOB_TIMEOUT_MS });
        return `${plural(s.payments, 'payment')} settled`;
      },
    },
    {
      name: 'reconciliation', label: 'Reconciliation',
      run: async (day) => {
        const r = await api<{ status: string; items: number }>('POST', `/admin/jobs/reconciliation/${day}`, { admin: true, timeout_ms: JOB_TIMEOUT_MS });
        return `${r.status}, ${plural(r.items, 'mismatch', 'mismatches')}`;
      },
    },
  ];
  const buttons: HTMLButtonElement[] = [];
  const run = async (chosen: typeof steps): Promise<void> => {
    buttons.forEach((b) => (b.disabled = true));
    replace(progress);
    const rows = chosen.map((step, i) => {
      const state = h('span', { class: 'step-state' }, 'waiting');
      progress.append(h('li', { class: 'step', 'data-step': step.name }, h('strong', null, `${i + 1}/${chosen.length} ${step.label}`), ' ', state));
      return state;
    });
    try {
      for (const [i, step] of chosen.entries()) {
        const state = rows[i] as HTMLElement;
        const started = performance.now();
        const tick = setInterval(() => replace(state, h('span', { class: 'spinner', 'aria-hidden': 'true' }), `running… ${((performance.now() - started) / 1000).toFixed(0)} s`), 500);
        replace(state, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'running…');
        try {
          const result = await step.run(date.value);
          replace(state, badge('done', 'ok'), ` ${result} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
        } catch (error) {
          replace(state, badge('failed', 'bad'), ` ${errorText(error)}`);
          return;
        } finally {
          clearInterval(tick);
        }
      }
    } finally {
      buttons.forEach((b) => (b.disabled = false));
      finished();
    }
  };
  const button = (label: string, chosen: typeof steps, primary = false): HTMLButtonElement => {
    const b = h('button', { type: 'button', ...(primary ? { class: 'primary' } : {}), onclick: () => void run(chosen) }, label);
    buttons.push(b);
    return b;
  };
  return section('Run a day (admin)',
    h('div', { class: 'inline-form' },
      field('Business day (UTC)', date),
      button('Run all three', steps, true),
      ...steps.map((step) => button(step.label, [step]))),
    progress);
}
