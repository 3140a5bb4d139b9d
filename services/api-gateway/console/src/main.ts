import { api, errorText, session } from './api.js';
import { field, h, replace } from './dom.js';
import { auditPage } from './pages/auditPage.js';
import { disputesPage } from './pages/disputesPage.js';
import { eventsPage } from './pages/eventsPage.js';
import { overviewPage } from './pages/overviewPage.js';
import { paymentsPage } from './pages/paymentsPage.js';
import { processorsPage } from './pages/processorsPage.js';
import { refundsPage } from './pages/refundsPage.js';
import { settlementsPage } from './pages/settlementsPage.js';
import { webhooksPage } from './pages/webhooksPage.js';
import type { Page } from './ui.js';

/** The pages, in navigation order: route name, label, page. */
const PAGES: Array<[string, string, Page]> = [
  ['overview', 'Overview', overviewPage],
  ['payments', 'Payments', paymentsPage],
  ['refunds', 'Refunds', refundsPage],
  ['disputes', 'Disputes', disputesPage],
  ['events', 'Events', eventsPage],
  ['webhooks', 'Webhooks', webhooksPage],
  ['processors', 'Processors', processorsPage],
  ['settlements', 'Settlements', settlementsPage],
  ['audit', 'Audit export', auditPage],
];

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
  if (session.apiKey() === null) {
    renderSignIn();
    return;
  }
  const { name, params, query } = route();
  const page = PAGES.find(([route]) => route === name) ?? (PAGES[0] as [string, string, Page]);
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  replace(app, shell(page[0]), main);
  page[2](main, { params, query, onLeave: (cleanup) => leaving.push(cleanup) });
  document.title = `${page[1]} · PayRail console`;
}

function shell(current: string): HTMLElement {
  return h('header', { class: 'topbar' },
    h('a', { class: 'skip-link', href: '#main', onclick: (event: Event) => { event.preventDefault(); document.getElementById('main')?.focus(); } }, 'Skip to content'),
    h('a', { class: 'brand', href: '#/overview' }, 'PayRail', h('span', { class: 'brand-sub' }, ' console')),
    h('nav', { class: 'nav', 'aria-label': 'Console' },
      h('ul', null, PAGES.map(([name, label]) =>
        h('li', null, h('a', { href: `#/${name}`, ...(name === current ? { 'aria-current': 'page' } : {}) }, label))))),
    h('div', { class: 'session' },
      session.isAdmin() ? h('span', { class: 'badge badge-warn', title: 'Admin routes enabled for this tab' }, 'admin') : null,
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

window.addEventListener('hashchange', render);
render();
