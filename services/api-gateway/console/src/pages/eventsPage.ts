import { api, type List } from '../api.js';
import { badge, field, h, replace, section } from '../dom.js';
import { isoTime, unixTime } from '../format.js';
import type { DeliveryAttempt, Receipt, WebhookPayload } from '../types.js';
import { isTyping } from '../live.js';
import { actionButton, errorState, link, loadInto, loadingState, pageHeader, Pager, type Page, type PageContext } from '../ui.js';

const DOMAINS = ['payment_intent.*', 'refund.*', 'dispute.*'];

interface Receipts {
  available: boolean;
  reason: string | null;
  data: Receipt[];
}

interface Deliveries {
  data: DeliveryAttempt[];
  deliveries: Array<{ delivery_id: string; endpoint: { id: string; url: string }; attempts: number; state: string; next_retry_at: string | null }>;
}

/** The object an event is about: its payment (refunds and disputes name theirs). */
function paymentOf(event: WebhookPayload): string | null {
  const object = event.data.object;
  const id = 'payment_intent' in object ? object.payment_intent : object.id;
  return id.startsWith('pi_') ? id : null;
}

/** One event of `/v1/console/events`, with where each of its deliveries stands per endpoint. */
interface ConsoleEvent {
  object: 'console_event';
  event: WebhookPayload;
  deliveries: Deliveries['deliveries'];
}

/** An endpoint as a row can show it: its host and path. */
function endpointName(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

/**
 * Events: the timeline with each endpoint's delivery state and merchant-sim's badges (SIG OK/FAIL,
 * RETRY n, Δ +s); an event opens a drawer with its payload, the signed headers, every delivery attempt
 * and a manual retry. `j`/`k` move the drawer to the next or previous event. The list follows the ledger.
 */
export const eventsPage: Page = (root, context) => {
  const type = context.query.get('type') ?? '';
  const openId = context.params[0];
  const filter = h('select', { name: 'type', onchange: (e: Event) => { const v = (e.target as HTMLSelectElement).value; location.hash = `#/events${v === '' ? '' : `?type=${encodeURIComponent(v)}`}`; } },
    h('option', { value: '' }, 'All events'), DOMAINS.map((d) => h('option', { value: d, ...(d === type ? { selected: true } : {}) }, d)));
  const timeline = h('div');
  const pager = new Pager(() => void load(), 25);
  let receipts: Map<string, Receipt> = new Map();
  let receiptsNote: string | null = null;
  let shown: ConsoleEvent[] = [];

  const load = (quiet = false) => loadInto(timeline, async () => {
    const [events, received] = await Promise.all([
      api<List<ConsoleEvent>>('GET', '/v1/console/events', { query: { limit: pager.size, type: type || undefined, starting_after: pager.cursor } }),
      api<Receipts>('GET', '/v1/console/merchant-sim/events'),
    ]);
    receipts = new Map(received.data.map((r) => [r.id, r]));
    receiptsNote = received.available ? null : `merchant-sim cannot be reached, so its badges are missing: ${received.reason ?? ''}`;
    shown = events.data;
    return events;
  }, (events) => [
    receiptsNote === null ? null : h('p', { class: 'state state-warn', role: 'status' }, receiptsNote),
    h('ol', { class: 'event-list' }, events.data.map((item) => eventRow(item, receipts.get(item.event.id), type))),
    pager.controls({ data: events.data.map((item) => item.event), has_more: events.has_more }),
  ], { quiet, isEmpty: (events) => events.data.length === 0 && pager.cursor === undefined, empty: 'No events yet: they appear as payments, refunds and disputes happen.' });

  root.append(pageHeader('Events', field('Type', filter)), timeline);
  context.onChange(() => load(true));
  void load().then(() => {
    if (openId === undefined || !root.isConnected) return;
    const query = type === '' ? '' : `?type=${encodeURIComponent(type)}`;
    const step = (by: number): void => {
      const at = shown.findIndex((item) => item.event.id === openId);
      const next = at === -1 ? undefined : shown[at + by];
      if (next !== undefined) location.hash = `#/events/${next.event.id}${query}`;
    };
    openDrawer(root, context, openId, receipts.get(openId), type, () => void load(true), step);
  });
};

function eventRow(item: ConsoleEvent, receipt: Receipt | undefined, type: string): HTMLElement {
  const { event, deliveries } = item;
  const payment = paymentOf(event);
  const query = type === '' ? '' : `?type=${encodeURIComponent(type)}`;
  return h('li', { class: 'event-row', 'data-event': event.id },
    h('a', { class: 'event-open', href: `#/events/${event.id}${query}` },
      h('span', { class: 'event-type' }, event.type),
      h('span', { class: 'muted mono small' }, event.id)),
    h('span', { class: 'event-meta' }, payment === null ? null : link(`payments/${payment}`, payment, { class: 'mono small' }), h('span', { class: 'muted small' }, unixTime(event.created))),
    h('span', { class: 'event-deliveries' },
      deliveries.length === 0
        ? h('span', { class: 'delivery' }, badge('no endpoint', 'neutral'))
        : deliveries.map((d) => h('span', { class: 'delivery', 'data-endpoint': d.endpoint.id, title: d.endpoint.url },
          badge(d.state.replaceAll('_', ' '), toneOfDelivery(d.state)), h('span', { class: 'muted small mono' }, endpointName(d.endpoint.url)))),
      h('span', { class: 'delivery', title: 'What merchant-sim’s receiver saw (its signature check, retries, delay)' },
        h('span', { class: 'muted small' }, 'merchant-sim:'),
        h('span', { class: 'badges' }, receipt === undefined ? badge('not received', 'neutral') : receipt.labels.map((label) => badge(label))))));
}

const toneOfDelivery = (state: string): string => ({ delivered: 'ok', retrying: 'warn', dead_lettered: 'bad', disabled: 'bad', failed: 'bad' })[state] ?? 'neutral';

function openDrawer(root: HTMLElement, context: PageContext, id: string, receipt: Receipt | undefined, type: string, reloadList: () => void, step: (by: number) => void): void {
  const back = `#/events${type === '' ? '' : `?type=${encodeURIComponent(type)}`}`;
  const close = (): void => {
    location.hash = back;
  };
  const closeButton = h('button', { type: 'button', class: 'drawer-close', onclick: close, 'aria-label': 'Close the event' }, '×');
  const content = h('div', { class: 'drawer-body' }, loadingState());
  const drawer = h('aside', { class: 'drawer', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'drawer-title' },
    h('header', { class: 'drawer-header' }, h('h2', { id: 'drawer-title' }, `Event ${id}`),
      h('span', { class: 'drawer-keys muted small', 'aria-hidden': 'true' }, h('kbd', null, 'j'), ' ', h('kbd', null, 'k'), ' next/previous · ', h('kbd', null, 'Esc'), ' close'), closeButton),
    content);
  const backdrop = h('div', { class: 'backdrop', onclick: close });
  // Escape closes the drawer wherever the focus is (a button that was just disabled drops it to the body).
  // j / k: the next (older) or previous event of the list, as in a mail client.
  const onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') close();
    else if (!isTyping(event) && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === 'j' || event.key === 'k')) step(event.key === 'j' ? 1 : -1);
  };
  document.addEventListener('keydown', onKey);
  context.onLeave(() => document.removeEventListener('keydown', onKey));
  root.append(backdrop, drawer);
  closeButton.focus();

  const attempts = h('div');
  const receiver = h('div');
  const loadAttempts = () => loadInto(attempts, () => api<Deliveries>('GET', `/v1/events/${encodeURIComponent(id)}/deliveries`), deliveryTimeline, {
    isEmpty: (d) => d.data.length === 0,
    empty: 'No delivery attempt yet (no endpoint subscribed, or the dispatcher has not reached it).',
  });
  const loadReceiver = async (): Promise<void> => {
    if (receipt === undefined) {
      const list = await api<Receipts>('GET', '/v1/console/merchant-sim/events').catch(() => null);
      receipt = list?.data.find((r) => r.id === id);
    }
    if (receipt === undefined) {
      replace(receiver, h('p', { class: 'state state-empty' }, 'merchant-sim has not received this event.'));
      return;
    }
    await loadInto(receiver, () => api<Receipt>('GET', `/v1/console/merchant-sim/events/${encodeURIComponent(id)}`), receiverTimeline);
  };

  void api<WebhookPayload>('GET', `/v1/events/${encodeURIComponent(id)}`).then((event) => {
    replace(content,
      h('p', null, h('strong', null, event.type), ' · ', unixTime(event.created)),
      h('div', { class: 'button-row' }, actionButton('Retry delivery now', async () => {
        const result = await api<List<DeliveryAttempt>>('POST', `/v1/events/${encodeURIComponent(id)}/retry`, { body: {} });
        receipt = undefined;
        await Promise.all([loadAttempts(), loadReceiver()]);
        reloadList();
        return result.data.map((a) => `Attempt ${a.attempt} to ${a.endpoint.url}: ${a.status_code ?? 'no answer'} (${a.outcome})`).join('; ') || 'No endpoint is subscribed to this event.';
      }, { class: 'primary' })),
      section('Delivery attempts', attempts),
      section('Received by merchant-sim', receiver),
      section('Payload', h('pre', { class: 'code', tabindex: '0' }, JSON.stringify(event, null, 2))));
    void loadAttempts();
    void loadReceiver();
  }, (error: unknown) => replace(content, errorState(error)));
}

function deliveryTimeline(d: Deliveries): HTMLElement[] {
  const latest = d.data[d.data.length - 1];
  return [
    h('ul', { class: 'delivery-summary' }, d.deliveries.map((s) => h('li', null, badge(s.state), ' ', h('span', { class: 'mono small' }, s.endpoint.url), ` · ${s.attempts} attempt${s.attempts === 1 ? '' : 's'}`,
      s.next_retry_at === null ? '' : ` · next retry ${isoTime(s.next_retry_at)}`))),
    h('ol', { class: 'timeline' }, d.data.map((a) => h('li', { class: 'timeline-item' },
      h('div', { class: 'timeline-head' }, h('strong', null, `Attempt ${a.attempt}`), badge(a.outcome), a.manual ? badge('manual', 'info') : null, h('span', { class: 'muted' }, isoTime(a.attempted_at))),
      h('div', { class: 'small' }, `HTTP ${a.status_code ?? '—'} · ${a.latency_ms} ms · ${a.endpoint.url}`, a.error === null ? '' : ` · ${a.error}`)))),
    latest === undefined ? h('span') : h('div', null, h('h3', null, 'Signed headers (latest attempt)'),
      h('dl', { class: 'headers mono small' }, Object.entries(latest.headers).map(([name, value]) => h('div', null, h('dt', null, name), h('dd', null, value))))),
  ];
}

function receiverTimeline(r: Receipt): HTMLElement[] {
  return [
    h('p', { class: 'badges' }, r.labels.map((label) => badge(label)), r.processed ? badge('processed', 'ok') : badge('not processed', 'warn')),
    h('ol', { class: 'timeline' }, (r.timeline ?? []).map((t) => h('li', { class: 'timeline-item' },
      h('div', { class: 'timeline-head' }, h('strong', null, `Attempt ${t.attempt}`), badge(t.signature), h('span', { class: 'muted' }, isoTime(t.received_at))),
      h('div', { class: 'small' }, `answered ${t.status} in ${t.latency_ms} ms · mode ${t.mode}`, t.signature_reason === undefined ? '' : ` · ${t.signature_reason}`)))),
  ];
}
