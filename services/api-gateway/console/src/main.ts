import { api, errorText, session } from './api.js';
import { field, h, replace } from './dom.js';
import { auditPage } from './pages/auditPage.js';
import { disputesPage } from './pages/disputesPage.js';
import { escrowsPage } from './pages/escrowsPage.js';
import { eventsPage } from './pages/eventsPage.js';
import { overviewPage } from './pages/overviewPage.js';
import { paymentsPage } from './pages/paymentsPage.js';
import { processorsPage } from './pages/processorsPage.js';
import { refundsPage } from './pages/refundsPage.js';
import { searchPage } from './pages/searchPage.js';
import { settlementsPage } from './pages/settlementsPage.js';
import { slosPage } from './pages/slosPage.js';
import { webhooksPage } from './pages/webhooksPage.js';
import type { Page } from './ui.js';
import { isTyping, pulse, showShortcuts } from './live.js';

/** The pages, in navigation order: route name, label, page. */
const PAGES: Array<[string, string, Page]> = [
  ['overview', 'Overview', overviewPage],
  ['payments', 'Payments', paymentsPage],
  ['refunds', 'Refunds', refundsPage],
  ['disputes', 'Disputes', disputesPage],
  ['escrows', 'Escrows', escrowsPage],
  ['events', 'Events', eventsPage],
  ['webhooks', 'Webhooks', webhooksPage],
  ['processors', 'Processors', processorsPage],
  ['settlements', 'Settlements', settlementsPage],
  ['slos', 'SLOs', slosPage],
  ['audit', 'Audit export', auditPage],
];
/** Pages reached from elsewhere (the search box), not listed in the navigation. */
const HIDDEN_PAGES: Array<[string, string, Page]> = [['search', 'Search', searchPage]];

const app = document.getElementById('app') as HTMLElement;
let leaving: Array<() => void> = [];

function route(): { name: string; params: string[]; query: URLSearchParams } {
  const [path = '', search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [name = 'overview', ...params] = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name, params, query: new URLSearchParams(search) };
}

function render(): void {
  leaving.forEach((cleanup) => cleanup());
  leaving = [];
  pulse.stop();
  if (session.apiKey() === null) {
    renderSignIn();
    return;
  }
  const { name, params, query } = route();
  const page = [...PAGES, ...HIDDEN_PAGES].find(([route]) => route === name) ?? (PAGES[0] as [string, string, Page]);
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  replace(app, shell(page[0], name === 'search' ? (query.get('q') ?? '') : ''), main);
  page[2](main, { params, query, onLeave: (cleanup) => leaving.push(cleanup), onChange: (refresh) => pulse.subscribe(refresh) });
  pulse.start(document.getElementById('live-status') as HTMLElement);
  document.title = `${page[1]} · PayRail console`;
}

function shell(current: string, searched: string): HTMLElement {
  const search = h('input', { type: 'search', name: 'q', id: 'global-search', value: searched, placeholder: 'Search  /', spellcheck: 'false', autocomplete: 'off', 'aria-label': 'Search payments, refunds, escrows, events, emails or last 4', 'aria-keyshortcuts': '/' });
  const form = h('form', { class: 'global-search', role: 'search', 'aria-label': 'Everything' }, search);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = search.value.trim();
    if (q !== '') location.hash = `#/search?q=${encodeURIComponent(q)}`;
  });
  return h('header', { class: 'topbar' },
    h('a', { class: 'skip-link', href: '#main', onclick: (event: Event) => { event.preventDefault(); document.getElementById('main')?.focus(); } }, 'Skip to content'),
    h('a', { class: 'brand', href: '#/overview' }, 'PayRail', h('span', { class: 'brand-sub' }, ' console')),
    h('nav', { class: 'nav', 'aria-label': 'Console' },
      h('ul', null, PAGES.map(([name, label]) =>
        h('li', null, h('a', { href: `#/${name}`, ...(name === current ? { 'aria-current': 'page' } : {}) }, label))))),
    form,
    h('div', { class: 'session' },
      h('span', { id: 'live-status', class: 'live', role: 'status' }),
      session.isAdmin() ? h('span', { class: 'badge badge-warn', title: 'Admin routes enabled for this tab' }, 'admin') : null,
      h('button', { type: 'button', class: 'link-button', onclick: () => showShortcuts() }, 'Shortcuts'),
      h('button', { type: 'button', class: 'link-button', onclick: () => { session.signOut(); location.hash = '#/overview'; render(); } }, 'Sign out')));
}

function renderSignIn(): void {
  const key = h('input', { name: 'api_key', type: 'password', autocomplete: 'off', required: true, placeholder: 'sk_test_…', spellcheck: 'false' });
  const admin = h('input', { name: 'admin_token', type: 'password', autocomplete: 'off', spellcheck: 'false' });
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'signin panel', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'PayRail console'),
    h('p', { class: 'muted' }, 'Your key stays in this tab’s session storage and is sent only to this gateway.'),
    field('Merchant API key', key),
    field('Admin token (optional)', admin, 'Enables processor faults and settlement runs.'),
    h('button', { type: 'submit', class: 'primary' }, 'Open console'),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    session.signIn(key.value.trim(), admin.value.trim());
    status.textContent = 'Checking the key…';
    try {
      await api('GET', '/v1/payment-intents', { query: { limit: 1 } });
      render();
    } catch (error) {
      session.signOut();
      status.className = 'form-status action-error';
      status.textContent = errorText(error);
    }
  });
  replace(app, h('main', { id: 'main', class: 'main main-narrow' }, form));
  key.focus();
}

// `/` goes to the search box from anywhere but a field being typed in; `?` lists the shortcuts.
document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
  if (event.key === '/') {
    const search = document.getElementById('global-search') as HTMLInputElement | null;
    if (search === null) return;
    event.preventDefault();
    search.focus();
    search.select();
  } else if (event.key === '?') {
    event.preventDefault();
    showShortcuts();
  }
});
window.addEventListener('hashchange', render);
render();
