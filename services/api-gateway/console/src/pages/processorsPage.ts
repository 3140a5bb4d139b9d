import { api, session, type List } from '../api.js';
import { badge, facts, field, h, replace, section, table } from '../dom.js';
import { count, isoTime, percent, plural } from '../format.js';
import type { Canary, ProcessorFaults, ProviderHealth } from '../types.js';
import { actionButton, loadInto, pageHeader, wireForm, type Page } from '../ui.js';

/** How often the health board refreshes. */
const REFRESH_MS = 2_000;
const OUTAGES: Array<[ProcessorFaults['outage'], string]> = [['none', 'none (healthy)'], ['503', '503: every call fails'], ['refuse', 'refuse: connections dropped']];

type FaultSettings = { seed: number } & Record<string, ProcessorFaults>;

/** Processors: the health board (refreshing) and, with the admin token, provider-sim's fault switches. */
export const processorsPage: Page = (root, context) => {
  const board = h('div', { class: 'cards', 'aria-live': 'polite' });
  const updated = h('p', { class: 'muted small', role: 'status' });
  const faults = h('div');
  const refresh = async (): Promise<void> => {
    const health = await loadInto(board, () => api<List<ProviderHealth>>('GET', '/v1/providers/health'), (list) => list.data.map(healthCard), {
      quiet: true,
      isEmpty: (list) => list.data.length === 0,
      empty: 'No processor is configured.',
    });
    if (health !== null) updated.textContent = `Updated ${new Date().toLocaleTimeString('en-GB')} · every ${REFRESH_MS / 1000} s`;
  };
  const timer = setInterval(() => void refresh(), REFRESH_MS);
  context.onLeave(() => clearInterval(timer));

  const loadFaults = () => loadInto(faults, () => api<FaultSettings>('GET', '/admin/processors/faults', { admin: true }), (settings) =>
    h('div', { class: 'cards' }, Object.entries(settings).filter(([name]) => name !== 'seed').map(([name, f]) => faultForm(name, f as ProcessorFaults, () => void refresh()))));

  const canaries = h('div', { 'aria-live': 'polite' });
  const loadCanaries = () => loadInto(canaries, () => api<List<Canary>>('GET', '/admin/canaries', { admin: true }), (list) => list.data.map((canary) => canaryCard(canary, () => void loadCanaries())), {
    quiet: true,
    isEmpty: (list) => list.data.length === 0,
    empty: 'No canary in data/gateway/routing.json: add one under "canaries" to send a share of payments to a candidate.',
  });
  if (session.isAdmin()) {
    const canaryTimer = setInterval(() => void loadCanaries(), REFRESH_MS);
    context.onLeave(() => clearInterval(canaryTimer));
  }

  root.append(pageHeader('Processors'),
    section('Health', updated, board),
    section('Routing canaries', session.isAdmin() ? canaries : h('p', { class: 'state state-empty' }, 'Sign in with the admin token to see the routing canaries.')),
    section('Fault injection (provider-sim)', session.isAdmin()
      ? [h('p', { class: 'muted' }, 'Switch a processor off or slow it down and watch its breaker on the board: routing fails over to the other processor.'), faults]
      : h('p', { class: 'state state-empty' }, 'Sign in with the admin token to switch faults.')));
  void refresh();
  if (session.isAdmin()) {
    void loadFaults();
    void loadCanaries();
  }
};

const CANARY_TONES = { running: 'warn', promoted: 'ok', rolled_back: 'bad' } as const;

/** A canary: its state and split, candidate against baseline over its window, the verdict, and a promote or roll back by hand. */
function canaryCard(canary: Canary, changed: () => void): HTMLElement {
  const { candidate, baseline } = canary.comparison;
  const row = (name: string, arm: Canary['comparison']['candidate']): HTMLElement =>
    h('tr', { 'data-arm': name }, h('td', null, name), h('td', null, count(arm.payments)), h('td', null, percent(arm.decline_rate)), h('td', null, percent(arm.error_rate)), h('td', null, arm.latency_p99_ms === null ? '—' : `${arm.latency_p99_ms} ms`));
  const decide = (decision: 'promote' | 'rollback', label: string): HTMLElement => actionButton(label, async () => {
    const after = await api<Canary>('POST', `/admin/canaries/${encodeURIComponent(canary.name)}/${decision}`, { admin: true });
    changed();
    return `${canary.name}: ${after.status.replace('_', ' ')}, ${after.split_percent} % to the candidate.`;
  }, { class: decision === 'promote' ? 'primary' : '' });
  const candidateText = 'processor' in canary.config.candidate ? canary.config.candidate.processor : `a rule set of ${plural(canary.config.candidate.rules.length, 'rule')}`;
  return h('section', { class: 'card canary', 'data-canary': canary.name },
    h('h3', { class: 'card-title' }, canary.name, ' ', badge(canary.status.replace('_', ' '), CANARY_TONES[canary.status])),
    facts([
      ['Candidate', candidateText],
      ['Split', `${canary.split_percent} % of matching payments (steps ${canary.config.steps_percent.join(' → ')} %), sticky by ${canary.config.sticky_by.replace('_', ' ')}`],
      ['Since', isoTime(canary.comparison.since)],
      ['Verdict', canary.comparison.verdict],
    ]),
    table(['Arm', 'Payments', 'Declined', 'Errors', 'p99'], [row('candidate', candidate), row('baseline', baseline)], `Candidate against baseline for ${canary.name}`),
    canary.status === 'running' ? h('p', { class: 'actions' }, decide('promote', 'Promote to 100 %'), ' ', decide('rollback', 'Roll back')) : null,
    h('p', { class: 'muted small' }, `Decisions: ${canary.decisions.map((d) => `${d.type.replace('routing.canary_', '').replace('_', ' ')}${d.manual ? ' (by hand)' : ''} at ${isoTime(d.timestamp)}`).join(' · ') || 'none yet'}`));
}

/** Closed only because too few calls are in the window for the breaker to judge, though they fail. */
const belowMinimum = (p: ProviderHealth): boolean =>
  p.breaker === 'closed' && p.requests_in_window > 0 && p.requests_in_window < p.requests_min && p.error_rate >= p.error_rate_max;

/** The breaker's rule in words, and why a closed breaker with errors is still closed. */
function breakerRule(p: ProviderHealth): HTMLElement {
  const threshold = `${Math.round(p.error_rate_max * 100)} %`;
  const rule = `Opens when ${threshold} or more of the calls in the window fail, once at least ${plural(p.requests_min, 'call')} are in it.`;
  if (belowMinimum(p)) {
    return h('p', { class: 'state state-warn small', 'data-breaker-rule': 'below-minimum' },
      `Closed although ${percent(p.error_rate)} of ${plural(p.requests_in_window, 'call')} failed: below the minimum of ${count(p.requests_min)} calls, the breaker does not judge yet. ${rule}`);
  }
  return h('p', { class: 'muted small', 'data-breaker-rule': 'rule' }, rule);
}

function healthCard(p: ProviderHealth): HTMLElement {
  const waiting = belowMinimum(p);
  return h('section', { class: `card health health-${waiting ? 'watch' : p.breaker}`, 'data-processor': p.provider },
    h('h3', { class: 'card-title' }, p.provider, ' ', h('span', { class: 'breaker' }, badge(p.breaker === 'closed' ? 'closed' : p.breaker === 'open' ? 'open' : 'half_open', waiting ? 'warn' : undefined))),
    facts([
      ['Breaker', p.breaker.replace('_', '-')],
      ['Error rate', `${percent(p.error_rate)} of ${plural(p.requests_in_window, 'call')}`],
      ['Latency p50 / p99', `${p.latency_ms.p50 ?? '—'} / ${p.latency_ms.p99 ?? '—'} ms`],
      ['Last failure', p.last_failure === null ? 'none' : `${isoTime(p.last_failure.at)}: ${p.last_failure.error}`],
      ['Opened at', isoTime(p.opened_at)],
    ]),
    breakerRule(p));
}

function faultForm(name: string, f: ProcessorFaults, changed: () => void): HTMLElement {
  const outage = h('select', { name: 'outage' }, OUTAGES.map(([value, label]) => h('option', { value, ...(value === f.outage ? { selected: true } : {}) }, label)));
  const number = (field: string, value: number, max: string): HTMLInputElement => h('input', { name: field, type: 'number', min: '0', max, step: '1', value: String(value), inputmode: 'numeric' });
  const form = h('form', { class: 'stack-form card', 'aria-label': `Faults of ${name}`, 'data-faults': name },
    h('h3', { class: 'card-title' }, name, ' ', f.outage === 'none' ? badge('up', 'ok') : badge(`outage ${f.outage}`, 'bad')),
    field('Outage', outage),
    field('Added latency (ms)', number('latency_ms', f.latency_ms, '60000')),
    field('Timeouts (%)', number('timeout_percent', f.timeout_percent, '100')),
    field('Extra declines (%)', number('decline_percent', f.decline_percent, '100')),
    h('button', { type: 'submit', class: 'primary' }, `Apply to ${name}`));
  return wireForm(form, async (data) => {
    const update = {
      outage: String(data.get('outage')),
      latency_ms: Number(data.get('latency_ms')),
      timeout_percent: Number(data.get('timeout_percent')),
      decline_percent: Number(data.get('decline_percent')),
    };
    const settings = await api<FaultSettings>('PUT', '/admin/processors/faults', { admin: true, body: { [name]: update } });
    const now = settings[name];
    const title = form.querySelector('.card-title');
    if (title !== null && now !== undefined) replace(title, name, ' ', now.outage === 'none' ? badge('up', 'ok') : badge(`outage ${now.outage}`, 'bad'));
    changed();
    return `${name}: outage ${now?.outage ?? '?'}, +${now?.latency_ms ?? 0} ms, ${now?.timeout_percent ?? 0} % timeouts, ${now?.decline_percent ?? 0} % declines.`;
  });
}
