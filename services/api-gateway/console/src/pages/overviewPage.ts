import { api } from '../api.js';
import { barChart } from '../chart.js';
import { h } from '../dom.js';
import { count, money, percent, plural, startOfToday } from '../format.js';
import type { Overview } from '../types.js';
import { link, loadInto, pageHeader, type Page } from '../ui.js';

const STATUS_TONES: Record<string, string> = { captured: 'ok', settled: 'ok', authorized: 'info', created: 'neutral', declined: 'bad', reversed: 'neutral', chargeback: 'bad' };
/** Currencies the Captured card shows in large type; the others are listed under them. */
const CURRENCIES_LARGE = 2;

/** Today at a glance: payments by status, captured volume, decline reasons, webhook success rate. Refreshes itself. */
export const overviewPage: Page = (root, context) => {
  const body = h('div');
  root.append(pageHeader('Overview'), body);
  const load = (quiet: boolean) => loadInto(body, () => api<Overview>('GET', '/v1/console/overview', { query: { since: startOfToday() } }), (o) => [
    h('div', { class: 'cards' },
      card('Payments today', count(o.payments.total), link('payments', 'See payments')),
      capturedCard(o.volume),
      card('Webhook success', percent(o.webhooks.success_rate),
        h('span', { class: 'muted' }, `${count(o.webhooks.delivered)} of ${plural(o.webhooks.deliveries, 'delivery', 'deliveries')}; ${count(o.webhooks.delivered_first_attempt)} on the first attempt`)),
      card('Refunds to approve', count(o.refunds_pending_approval), link('refunds', 'Approval queue')),
      card('Open disputes', count(o.disputes_open), link('disputes', 'See disputes'))),
    h('div', { class: 'grid-2' },
      h('section', { class: 'panel' }, h('h2', null, 'Payments today by status'),
        o.payments.total === 0
          ? h('p', { class: 'state state-empty' }, 'No payments yet today.')
          : barChart('Payments today by status', Object.entries(o.payments.by_status).map(([label, value]) => ({ label, value, tone: STATUS_TONES[label] ?? 'info' })), count)),
      h('section', { class: 'panel' }, h('h2', null, 'Decline reasons'),
        o.decline_reasons.length === 0
          ? h('p', { class: 'state state-empty' }, 'No declines today.')
          : barChart('Declines today by reason', o.decline_reasons.map((d) => ({ label: d.decline_code, value: d.count, tone: 'bad' })), count)),
      h('section', { class: 'panel' }, h('h2', null, 'Webhook deliveries today'),
        o.webhooks.deliveries === 0
          ? h('p', { class: 'state state-empty' }, 'No webhook deliveries yet today.')
          : barChart('Webhook deliveries today', [
            { label: 'delivered', value: o.webhooks.delivered, tone: 'ok' },
            { label: 'first attempt', value: o.webhooks.delivered_first_attempt, tone: 'info' },
            { label: 'not delivered', value: o.webhooks.deliveries - o.webhooks.delivered, tone: 'bad' },
          ], count))),
  ], { quiet });
  context.onChange(() => load(true));
  void load(false);
};

/** Captured today: the largest currencies in large type, every other one in a list under them. */
function capturedCard(volume: Overview['volume']): HTMLElement {
  if (volume.length === 0) return card('Captured today', '—', h('span', { class: 'muted' }, 'Nothing captured yet today.'));
  const large = volume.slice(0, CURRENCIES_LARGE);
  const rest = volume.slice(CURRENCIES_LARGE);
  const payments = volume.reduce((sum, v) => sum + v.payments, 0);
  return h('section', { class: 'card', 'data-card': 'captured' },
    h('h2', { class: 'card-title' }, 'Captured today'),
    large.map((v) => h('p', { class: large.length === 1 ? 'card-value' : 'card-value card-value-sub' }, money(v.captured, v.currency))),
    rest.length === 0 ? null : h('ul', { class: 'currency-list', 'aria-label': 'Other currencies' }, rest.map((v) => h('li', null, h('span', null, money(v.captured, v.currency)), h('span', { class: 'muted' }, plural(v.payments, 'payment'))))),
    h('span', { class: 'muted' }, `${plural(payments, 'payment')} in ${plural(volume.length, 'currency', 'currencies')}`));
}

function card(title: string, value: string, footer: Node | null): HTMLElement {
  return h('section', { class: 'card' }, h('h2', { class: 'card-title' }, title), h('p', { class: 'card-value' }, value), footer);
}
