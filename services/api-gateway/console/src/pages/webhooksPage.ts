import { api, errorText, type List } from '../api.js';
import { badge, field, h, replace, section, table } from '../dom.js';
import { count, isoTime, plural, unixTime } from '../format.js';
import type { DeadLetter, WebhookEndpoint } from '../types.js';
import { actionButton, ArrayPager, link, loadInto, pageHeader, Pager, wireForm, type Page } from '../ui.js';

/** The dead-letter list as `/v1/console/dead-letters` answers it: a page and how many there are in all. */
type DeadLetterPage = List<DeadLetter> & { total: number };

/** What a manual retry did, per endpoint, in words. */
function retryText(event: string, attempts: Array<{ outcome: string; status_code: number | null; endpoint?: { url: string } }>): string {
  if (attempts.length === 0) return `Retried ${event}: no endpoint is subscribed to it any more.`;
  const outcomes = attempts.map((a) => `${a.outcome === 'delivered' ? 'delivered' : a.outcome.replaceAll('_', ' ')} (HTTP ${a.status_code ?? 'no answer'})${a.endpoint === undefined ? '' : ` to ${a.endpoint.url}`}`);
  const delivered = attempts.every((a) => a.outcome === 'delivered');
  return `Retried ${event}: ${outcomes.join('; ')}.${delivered ? ' It has left the dead-letter queue.' : ' It stays in the dead-letter queue.'}`;
}

/** Webhooks: endpoints (create, rotate the secret, delete) and the dead-letter queue with retries. Both follow the ledger. */
export const webhooksPage: Page = (root, context) => {
  const endpoints = h('div');
  const secretBox = h('div', { 'aria-live': 'polite' });
  const dlq = h('div');
  // A retry's result is said here, outside the rows a refresh replaces.
  const retried = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const endpointPager = new ArrayPager(() => void loadEndpoints(), 10);
  const dlqPager = new Pager(() => void loadDlq(), 20);

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

  const loadEndpoints = (quiet = false) => loadInto(endpoints, () => api<List<WebhookEndpoint>>('GET', '/v1/webhook-endpoints', { query: { limit: 100 } }), (list) => [
    table(['Endpoint', 'Events', 'Status', 'Secrets', 'Created', 'Actions'], endpointPager.page(list.data).map((e) => h('tr', null,
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
        }, { 'aria-label': `Rotate secret of ${e.url}` }),
        actionButton('Delete', async () => {
          if (!confirm(`Delete the endpoint ${e.url}? Deliveries to it stop.`)) return;
          await api('DELETE', `/v1/webhook-endpoints/${e.id}`);
          void loadEndpoints();
        }, { class: 'danger', 'aria-label': `Delete ${e.url}` })))), 'Webhook endpoints'),
    endpointPager.controls(list.data),
  ], { quiet, isEmpty: (list) => list.data.length === 0, empty: 'No endpoint yet: add one below to receive events.' });

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

  const retry = async (d: DeadLetter, button: HTMLButtonElement): Promise<void> => {
    button.disabled = true;
    retried.className = 'form-status';
    retried.textContent = `Retrying ${d.event_id} to ${d.endpoint.url}…`;
    try {
      const result = await api<List<{ outcome: string; status_code: number | null; endpoint?: { url: string } }>>('POST', `/v1/events/${d.event_id}/retry`, { body: { endpoint: d.endpoint.id } });
      retried.textContent = retryText(d.event_id, result.data);
      if (result.data.some((a) => a.outcome !== 'delivered')) retried.className = 'form-status action-error';
    } catch (error) {
      retried.className = 'form-status action-error';
      retried.textContent = errorText(error);
    } finally {
      button.disabled = false;
    }
    await loadDlq(true);
  };
  const loadDlq = (quiet = false) => loadInto(dlq, () => api<DeadLetterPage>('GET', '/v1/console/dead-letters', { query: { limit: dlqPager.size, starting_after: dlqPager.cursor } }), (list) => [
    h('p', { class: 'muted' }, `${plural(list.total, 'delivery', 'deliveries')} in the queue.`),
    table(['Event', 'Endpoint', 'Attempts', 'Last attempt', 'Last error', 'Retry'], list.data.map((d) => {
      const button = h('button', { type: 'button', 'aria-label': `Retry ${d.event_id} to ${d.endpoint.url}` }, 'Retry');
      button.addEventListener('click', () => void retry(d, button));
      return h('tr', { 'data-dead-letter': d.delivery_id },
        h('td', null, link(`events/${d.event_id}`, d.event_type), h('div', { class: 'muted mono small' }, d.event_id)),
        h('td', { class: 'mono small break' }, d.endpoint.url),
        h('td', { class: 'num' }, count(d.attempts)),
        h('td', null, isoTime(d.last_attempt_at)),
        h('td', null, d.last_error ?? `HTTP ${d.last_status_code ?? '—'}`),
        h('td', { class: 'actions' }, button));
    }), 'Dead-letter queue'),
    dlqPager.controls({ data: list.data.map((d) => ({ id: d.delivery_id })), has_more: list.has_more }, list.total),
  ], { quiet, isEmpty: (list) => list.data.length === 0 && dlqPager.cursor === undefined, empty: 'The dead-letter queue is empty: every delivery succeeded or is still being retried.' });

  root.append(pageHeader('Webhooks'),
    section('Endpoints', secretBox, endpoints, h('h3', null, 'Add an endpoint'), create),
    section('Dead-letter queue', h('p', { class: 'muted' }, 'Deliveries whose every scheduled attempt failed. A retry re-signs with the current secret and adds an attempt.'), retried, dlq));
  context.onChange(() => Promise.all([loadEndpoints(true), loadDlq(true)]));
  void loadEndpoints();
  void loadDlq();
};
