import { api, type List } from '../api.js';
import { badge, field, h, replace, section, table } from '../dom.js';
import { isoTime, unixTime } from '../format.js';
import type { DeadLetter, WebhookEndpoint } from '../types.js';
import { actionButton, link, loadInto, pageHeader, wireForm, type Page } from '../ui.js';

/** Webhooks: endpoints (create, rotate the secret, delete) and the dead-letter queue with retries. */
export const webhooksPage: Page = (root) => {
  const endpoints = h('div', { 'aria-live': 'polite' });
  const secretBox = h('div', { 'aria-live': 'polite' });
  const dlq = h('div', { 'aria-live': 'polite' });

  /** A new secret is never printed: it can be copied once, then it is gone from the page. */
  const offerSecret = (endpoint: WebhookEndpoint, what: string): void => {
    const secret = endpoint.secret;
    if (secret === undefined) return;
    replace(secretBox, h('div', { class: 'notice', role: 'status' },
      h('p', null, `${what} ${endpoint.id}. Its signing secret is shown only now: copy it into your receiver.`),
      h('p', { class: 'mono' }, `${secret.slice(0, 6)}${'•'.repeat(20)}`),
      actionButton('Copy signing secret', async () => {
        await navigator.clipboard.writeText(secret);
        return 'Copied.';
      }),
      h('button', { type: 'button', class: 'link-button', onclick: () => replace(secretBox) }, 'Done')));
  };

  const loadEndpoints = () => loadInto(endpoints, () => api<List<WebhookEndpoint>>('GET', '/v1/webhook-endpoints', { query: { limit: 100 } }), (list) =>
    table(['Endpoint', 'Events', 'Status', 'Secrets', 'Created', 'Actions'], list.data.map((e) => h('tr', null,
      h('td', { class: 'mono small break' }, e.url, h('div', { class: 'muted' }, e.id)),
      h('td', null, e.enabled_events.join(', ')),
      h('td', null, badge(e.status), e.disabled_reason === null ? null : h('div', { class: 'muted small' }, e.disabled_reason)),
      h('td', null, e.secrets.map((s) => `${s.id} ${s.status}`).join(', ')),
      h('td', null, unixTime(e.created)),
      h('td', { class: 'actions' },
        actionButton('Rotate secret', async () => {
          const rotated = await api<WebhookEndpoint>('POST', `/v1/webhook-endpoints/${e.id}/rotate-secret`, { body: {} });
          offerSecret(rotated, 'New secret for');
          void loadEndpoints();
        }, { 'aria-label': `Rotate the secret of ${e.url}` }),
        actionButton('Delete', async () => {
          if (!confirm(`Delete the endpoint ${e.url}? Deliveries to it stop.`)) return;
          await api('DELETE', `/v1/webhook-endpoints/${e.id}`);
          void loadEndpoints();
        }, { class: 'danger', 'aria-label': `Delete ${e.url}` })))), 'Webhook endpoints'),
  { isEmpty: (list) => list.data.length === 0, empty: 'No endpoint yet: add one below to receive events.' });

  const url = h('input', { name: 'url', type: 'url', required: true, placeholder: 'https://example.com/webhooks/payrail', spellcheck: 'false' });
  const events = h('input', { name: 'enabled_events', value: '*', required: true, spellcheck: 'false' });
  const description = h('input', { name: 'description', maxlength: '500' });
  const create = wireForm(h('form', { class: 'inline-form', 'aria-label': 'Add an endpoint' },
    field('URL', url), field('Events', events, "'*', 'refund.*' or exact types, comma-separated"), field('Description', description),
    h('button', { type: 'submit', class: 'primary' }, 'Add endpoint')), async (data) => {
    const created = await api<WebhookEndpoint>('POST', '/v1/webhook-endpoints', {
      body: {
        url: String(data.get('url')).trim(),
        enabled_events: String(data.get('enabled_events')).split(',').map((s) => s.trim()).filter(Boolean),
        ...(String(data.get('description')).trim() === '' ? {} : { description: String(data.get('description')).trim() }),
      },
    });
    offerSecret(created, 'Created');
    url.value = '';
    void loadEndpoints();
  });

  const loadDlq = () => loadInto(dlq, () => api<List<DeadLetter>>('GET', '/v1/console/dead-letters'), (list) =>
    table(['Event', 'Endpoint', 'Attempts', 'Last attempt', 'Last error', 'Retry'], list.data.map((d) => h('tr', null,
      h('td', null, link(`events/${d.event_id}`, d.event_type), h('div', { class: 'muted mono small' }, d.event_id)),
      h('td', { class: 'mono small break' }, d.endpoint.url),
      h('td', { class: 'num' }, String(d.attempts)),
      h('td', null, isoTime(d.last_attempt_at)),
      h('td', null, d.last_error ?? `HTTP ${d.last_status_code ?? '—'}`),
      h('td', { class: 'actions' }, actionButton('Retry', async () => {
        const result = await api<List<{ outcome: string; status_code: number | null }>>('POST', `/v1/events/${d.event_id}/retry`, { body: { endpoint: d.endpoint.id } });
        void loadDlq();
        return result.data.map((a) => `${a.outcome} (${a.status_code ?? 'no answer'})`).join(', ');
      }, { 'aria-label': `Retry ${d.event_id}` })))), 'Dead-letter queue'),
  { isEmpty: (list) => list.data.length === 0, empty: 'The dead-letter queue is empty: every delivery succeeded or is still being retried.' });

  root.append(pageHeader('Webhooks'),
    section('Endpoints', secretBox, endpoints, h('h3', null, 'Add an endpoint'), create),
    section('Dead-letter queue', h('p', { class: 'muted' }, 'Deliveries whose every scheduled attempt failed. A retry re-signs with the current secret and adds an attempt.'), dlq));
  void loadEndpoints();
  void loadDlq();
};
