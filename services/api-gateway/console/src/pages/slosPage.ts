import { api, session, type List } from '../api.js';
import { badge, facts, h, section, table } from '../dom.js';
import { count, isoTime, percent, plural } from '../format.js';
import type { Incident, SloAlert, SloReport, SloStatus, TriageReport } from '../types.js';
import { actionButton, loadInto, pageHeader, type Page } from '../ui.js';

/** How often the page asks the gateway to evaluate again. */
const REFRESH_MS = 5_000;
const ALERTS_SHOWN = 20;

/** SLOs (admin): each one's objective, compliance, error budget left and burn rates, the alerts firing and the latest alert events. */
export const slosPage: Page = (root, context) => {
  root.append(pageHeader('SLOs'));
  if (!session.isAdmin()) {
    root.append(h('p', { class: 'state state-empty' }, 'Sign in with the admin token to see the SLOs: they cover every merchant.'));
    return;
  }
  const updated = h('p', { class: 'muted small', role: 'status' });
  const board = h('div', { 'aria-live': 'polite' });
  const history = h('div');
  const incidents = h('div', { 'aria-live': 'polite' });
  const refresh = async (): Promise<void> => {
    const report = await loadInto(board, () => api<SloReport>('GET', '/admin/slos?refresh=true', { admin: true }), renderReport, { quiet: true });
    if (report !== null) updated.textContent = `Evaluated ${isoTime(report.evaluated_at)} · every ${REFRESH_MS / 1000} s here, every evaluation_interval in the gateway`;
    await loadInto(history, () => api<List<SloAlert>>('GET', `/admin/alerts?limit=${ALERTS_SHOWN}`, { admin: true }), (list) => alertTable(list.data), {
      quiet: true,
      isEmpty: (list) => list.data.length === 0,
      empty: 'No alert has fired yet.',
    });
  };
  // Triage reads the ledger and delivery files whole: loaded once, and again on demand, not every few seconds.
  const triageNow = (): Promise<TriageReport | null> => loadInto(incidents, () => api<TriageReport>('GET', '/admin/triage?since=1h', { admin: true }), (report) => h('div', { class: 'cards cards-wide' }, report.incidents.map(incidentCard)), {
    quiet: true,
    isEmpty: (report) => report.incidents.length === 0,
    empty: 'Nothing failed often enough in the last hour to be an incident.',
  });
  const timer = setInterval(() => void refresh(), REFRESH_MS);
  context.onLeave(() => clearInterval(timer));
  root.append(
    h('p', { class: 'muted' }, 'From data/gateway/slos.json, computed from every service’s metrics samples (data/metrics/service_metrics.jsonl). Alerts are the lines of data/ops/alerts.jsonl.'),
    updated, board, section('Alert events', history),
    section('Triage: the last hour',
      h('p', { class: 'muted' }, 'Failures grouped into incidents by rules (payrail triage prints the same): each cites the lines it stands on, to check with jq.'),
      h('p', { class: 'actions' }, actionButton('Triage again', async () => {
        const report = await triageNow();
        return report === null ? undefined : `${plural(report.incidents.length, 'incident')} at ${isoTime(report.generated_at)}.`;
      })),
      incidents));
  void triageNow();
  void refresh();
};

function renderReport(report: SloReport): HTMLElement[] {
  const firing = report.firing.length === 0
    ? h('p', { class: 'state state-ok', 'data-firing': '0' }, 'No alert is firing.')
    : h('ul', { class: 'alert-list', 'data-firing': String(report.firing.length) }, report.firing.map((alert) =>
      h('li', null, badge(String(alert.data['severity'] ?? 'page'), 'bad'), ' ', String(alert.data['message'] ?? alert.ref), ' ', h('span', { class: 'muted small' }, `since ${isoTime(alert.timestamp)} · line ${alert.seq}`))));
  return [
    ...(report.problem === null ? [] : [h('p', { class: 'state state-error', role: 'alert' }, report.problem)]),
    section('Firing now', firing),
    section(`Objectives over ${report.budget_period}`, h('div', { class: 'cards cards-wide' }, report.slos.map(sloCard))),
  ];
}

/** `62.0 % (19 bad of 50 allowed)`, or how many budgets were spent once it is gone. */
function budgetText(slo: SloStatus): string {
  const { allowed, spent, remaining } = slo.error_budget;
  const allowedText = allowed < 10 ? String(Math.round(allowed * 100) / 100) : count(Math.floor(allowed));
  const figures = `${count(spent)} bad of ${allowedText} allowed`;
  return remaining >= 0 ? `${percent(remaining)} (${figures})` : `none: ${Math.round((spent / allowed) * 10) / 10}x the budget spent (${figures})`;
}

const ratio = (value: number): string => `${Math.round(value * 100_000) / 1000} %`;

function sloCard(slo: SloStatus): HTMLElement {
  const remaining = slo.error_budget.remaining;
  const firing = slo.policies.some((policy) => policy.firing);
  const tone = firing ? 'bad' : remaining < 0.25 ? 'warn' : 'ok';
  return h('section', { class: `card slo slo-${tone}`, 'data-slo': slo.id },
    h('h3', { class: 'card-title' }, slo.name, ' ', badge(firing ? 'alerting' : remaining < 0 ? 'over budget' : 'within budget', tone)),
    facts([
      ['Objective', ratio(slo.objective)],
      ['Compliance', slo.compliance === null ? 'no events yet' : `${ratio(slo.compliance)} of ${count(slo.total)}`],
      ['Error budget left', budgetText(slo)],
    ]),
    h('meter', { min: '0', max: '1', low: '0.25', high: '0.5', optimum: '1', value: String(Math.max(0, Math.min(1, remaining))), 'aria-label': `Error budget left for ${slo.name}` }),
    table(['Policy', 'Long window', 'Short window', 'Burn rate ≥', 'State'], slo.policies.map((policy) =>
      h('tr', { 'data-policy': policy.policy },
        h('td', null, `${policy.policy} (${policy.severity})`),
        h('td', null, `${policy.long.window}: ${policy.long.burn_rate}x (${count(policy.long.total - policy.long.good)} bad of ${count(policy.long.total)})`),
        h('td', null, `${policy.short.window}: ${policy.short.burn_rate}x`),
        h('td', null, slo.kind === 'reconciliation' ? 'a bad day' : `${policy.burn_rate_threshold}x`),
        h('td', null, policy.firing ? badge('firing', 'bad') : badge('ok', 'ok'), policy.note === null ? null : h('p', { class: 'muted small' }, policy.note)))), `Burn-rate policies of ${slo.name}`),
    slo.days === undefined || slo.days.length === 0 ? null
      : table(['Day', 'Deadline', 'Result'], slo.days.slice(-7).reverse().map((day) =>
        h('tr', null, h('td', null, day.date), h('td', null, isoTime(day.deadline)), h('td', null, badge(day.good ? 'on time' : 'missed', day.good ? 'ok' : 'bad'), ' ', day.reason))), `Days of ${slo.name}`));
}

function incidentCard(incident: Incident): HTMLElement {
  const reach = incident.blast_radius;
  const amounts = Object.entries(reach.amount).map(([currency, minor]) => `${count(minor)} ${currency} (minor units)`).join(', ') || 'no amount';
  return h('section', { class: `card incident slo-${incident.severity === 'page' ? 'bad' : 'warn'}`, 'data-incident': incident.kind },
    h('h3', { class: 'card-title' }, incident.title, ' ', badge(incident.severity, incident.severity === 'page' ? 'bad' : 'warn')),
    facts([
      ['Probable cause', incident.probable_cause],
      ['Blast radius', `${plural(reach.payments, 'payment')}, ${plural(reach.merchants.length, 'merchant')}, ${amounts}${reach.events === undefined ? '' : `, ${plural(reach.events, 'event')} not delivered`}`],
      ['Next action', incident.next_action],
      ['Seen', `${isoTime(incident.first_seen)} to ${isoTime(incident.last_seen)} · ${plural(incident.count, 'line')}`],
    ]),
    h('ul', { class: 'evidence small' }, incident.evidence.map((item) => h('li', null, h('code', null, item.seq === undefined ? item.file : `${item.file}:${item.seq}`), item.note === undefined ? null : ` ${item.note}`))));
}

function alertTable(alerts: SloAlert[]): HTMLElement {
  return table(['When', 'Event', 'SLO · policy', 'What'], alerts.map((alert) =>
    h('tr', null,
      h('td', null, isoTime(alert.timestamp)),
      h('td', null, badge(alert.type === 'slo.alert_fired' ? 'fired' : 'resolved', alert.type === 'slo.alert_fired' ? 'bad' : 'ok'), h('span', { class: 'muted small' }, ` line ${alert.seq}`)),
      h('td', null, alert.ref),
      h('td', null, String(alert.data['message'] ?? '')))), 'Alert events, newest first');
}
