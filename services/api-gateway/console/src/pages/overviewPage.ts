import { api } from '../api.js';
import { barChart } from '../chart.js';
import { h } from '../dom.js';
import { money, percent, startOfToday } from '../format.js';
import type { Overview } from '../types.js';
import { link, loadInto, pageHeader, type Page } from '../ui.js';

const STATUS_TONES: Record<string, string> = { captured: 'ok', settled: 'ok', authorized: 'info', created: 'neutral', declined: 'bad', reversed: 'neutral', chargeback: 'bad' };

/** Today at a glance: payments by status, captured volume, decline reasons, webhook success rate. */
export const overviewPage: Page = (root) => {
  const body = h('div');
  root.append(pageHeader('Overview'), body);
  void loadInto(body, () => api<Overview>('GET', '/v1/console/overview', { query: { since: startOfToday() } }), (o) => [
    h('div', { class: 'cards' },
      card('Payments today', String(o.payments.total), link('payments', 'See payments')),
      card('Captured', o.volume.length === 0 ? '—' : o.volume.map((v) => money(v.captured, v.currency)).join(' · '),
        o.volume.length === 0 ? null : h('span', { class: 'muted' }, o.volume.map((v) => `${v.payments} payments in ${v.currency}`).join(', '))),
      card('Webhook success', percent(o.webhooks.success_rate),
        h('span', { class: 'muted' }, `${o.webhooks.delivered} of ${o.webhooks.deliveries} deliveries; ${o.webhooks.delivered_first_attempt} on the first attempt`)),
      card('Refunds to approve', String(o.refunds_pending_approval), link('refunds', 'Approval queue')),
      card('Open disputes', String(o.disputes_open), link('disputes', 'See disputes'))),
    h('div', { class: 'grid-2' },
      h('section', { class: 'panel' }, h('h2', null, 'Payments today by status'),
        o.payments.total === 0
          ? h('p', { class: 'state state-empty' }, 'No payments yet today.')
          : barChart('Payments today by status', Object.entries(o.payments.by_status).map(([label, value]) => ({ label, value, tone: STATUS_TONES[label] ?? 'info' })))),
      h('section', { class: 'panel' }, h('h2', null, 'Decline reasons'),
        o.decline_reasons.length === 0
          ? h('p', { class: 'state state-empty' }, 'No declines today.')
          : barChart('Declines today by reason', o.decline_reasons.map((d) => ({ label: d.decline_code, value: d.count, tone: 'bad' })))),
      h('section', { class: 'panel' }, h('h2', null, 'Webhook deliveries today'),
        o.webhooks.deliveries === 0
          ? h('p', { class: 'state state-empty' }, 'No webhook deliveries yet today.')
          : barChart('Webhook deliveries today', [
            { label: 'delivered', value: o.webhooks.delivered, tone: 'ok' },
            { label: 'first attempt', value: o.webhooks.delivered_first_attempt, tone: 'info' },
            { label: 'not delivered', value: o.webhooks.deliveries - o.webhooks.delivered, tone: 'bad' },
          ]))),
  ]);
};

function card(title: string, value: string, footer: Node | null): HTMLElement {
  return h('section', { class: 'card' }, h('h2', { class: 'card-title' }, title), h('p', { class: 'card-value' }, value), footer);
}
