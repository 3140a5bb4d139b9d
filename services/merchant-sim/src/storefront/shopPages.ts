import { createHash } from 'node:crypto';
import { formatMinor, isSupportedCurrency, PayrailError } from '@payrail/core';
import { Router, type Response } from 'express';
import { eventSummary } from '../deliveries/eventViews';
import type { DeliveryProjection } from '../deliveries/DeliveryProjection';
import type { OrderBook } from '../orders/OrderBook';
import type { PlacedOrders } from './PlacedOrders';
import { allOrders, storefrontDetail } from './storefrontViews';

/** The pages refresh themselves this often: an order's status moves when its webhooks arrive. */
export const PAGE_REFRESH_S = 5;
/** The orders page shows the newest this many. */
export const PAGE_ORDERS_MAX = 100;

const STYLE = [
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff}',
  'header,main{max-width:72rem;margin:0 auto;padding:0 1rem}',
  'header{border-bottom:1px solid #ccc}',
  'table{border-collapse:collapse;width:100%;margin:0 0 1.5rem}',
  'caption{text-align:left;font-weight:600;padding:.25rem 0}',
  'th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}',
  'code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;padding:.5rem}',
  'a{color:#0645ad}.note{color:#444}',
].join('');
/** The pages carry one inline style and nothing else: the policy allows exactly that style, by hash, and no script at all. */
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
export const SHOP_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text as HTML: every value from a request, a webhook or the gateway goes through here. */
export const escapeHtml = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
const link = (href: string, text: string): string => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
const money = (amount: number | null, currency: string | null): string => {
  if (amount === null || currency === null) return '—';
  const code = currency.toUpperCase();
  return isSupportedCurrency(code) ? `${formatMinor(amount, code)} ${code}` : `${amount} ${escapeHtml(code)} (minor units)`;
};
const when = (unix: number | null): string => (unix === null ? '—' : new Date(unix * 1000).toISOString());
const table = (caption: string, headings: string[], rows: string[][], empty: string): string =>
  rows.length === 0
    ? `<p>${escapeHtml(empty)}</p>`
    : `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${headings.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

function page(res: Response, title: string, body: string): void {
  res.set('Content-Security-Policy', SHOP_CSP);
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Referrer-Policy', 'no-referrer');
  res.set('Cache-Control', 'no-store');
  res.type('html').send(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<meta http-equiv="refresh" content="${PAGE_REFRESH_S}"><title>${escapeHtml(title)} · merchant-sim</title><style>${STYLE}</style></head>` +
      `<body><header><p>${link('/shop/orders', 'merchant-sim storefront')} · ${link('/events', 'events (JSON)')} · ${link('/openapi.json', 'API')}</p></header>` +
      `<main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
  );
}

/**
 * The storefront's pages, server-rendered with no script (CSP: one hashed style, nothing else):
 * `GET /shop/orders` lists the orders, `GET /shop/orders/:id` shows one, both refreshed every few
 * seconds, as statuses move only when the verified webhooks arrive.
 */
export function shopPages(placed: PlacedOrders, orders: OrderBook, deliveries: DeliveryProjection): Router {
  const router = Router();
  router.get('/shop/orders', (_req, res) => {
    const list = allOrders(placed, orders).slice(0, PAGE_ORDERS_MAX);
    const rows = list.map((order) => [
      link(order.source === 'storefront' ? `/shop/orders/${order.id}` : `/orders/${order.id}`, order.id),
      escapeHtml(order.placed_at ?? order.first_received_at ?? '—'),
      escapeHtml(order.env),
      money(order.amount, order.currency),
      escapeHtml(order.payment_method ?? '—'),
      `<strong>${escapeHtml(order.status ?? 'unknown')}</strong>`,
      String(order.events),
      escapeHtml(order.source === 'storefront' ? 'placed here' : 'webhooks only'),
    ]);
    page(
      res,
      'Orders',
      `<p class="note">Statuses change only when a verified webhook arrives (this page reloads every ${PAGE_REFRESH_S} s). Place an order with <code>POST /orders</code>.</p>` +
        table(`The ${list.length} newest orders`, ['Order', 'Placed or first seen', 'Env', 'Amount', 'Method', 'Status', 'Events', 'Source'], rows, 'No orders yet.'),
    );
  });

  router.get('/shop/orders/:id', (req, res) => {
    const order = placed.get(req.params.id);
    if (order === undefined) throw new PayrailError('resource_missing', `No order ${req.params.id} was placed on this storefront.`, { param: 'id' });
    const view = storefrontDetail(order, orders);
    const payment = view.payment.card !== null
      ? `card ${escapeHtml(view.payment.card.brand)} ending ${escapeHtml(view.payment.card.last4)}`
      : view.payment.method === 'pix' ? 'Pix' : escapeHtml(view.payment.method);
    const facts: Array<[string, string]> = [
      ['Status', `<strong>${escapeHtml(view.status)}</strong> <span class="note">(from webhooks${view.status_source === null ? '; none yet' : `: ${escapeHtml(view.status_source.type)}`})</span>`],
      ['Amount', money(view.amount, view.currency)],
      ['Environment', escapeHtml(view.env)],
      ['Payment', `${payment}${view.payment.payment_intent === null ? '' : `, ${escapeHtml(view.payment.payment_intent)} (${escapeHtml(view.payment.status ?? 'no event yet')})`}`],
      ['Checkout at the gateway', `${escapeHtml(view.checkout.state)}${view.checkout.error === null ? '' : `: ${escapeHtml(view.checkout.error.message)}`}`],
      ['Placed', escapeHtml(view.placed_at)],
    ];
    const links = [
      link(view.links.self, 'this order as JSON'),
      ...(view.links.events === null ? [] : [link(view.links.events, 'its events and delivery attempts (JSON)')]),
      ...(view.links.ledger === null ? [] : [link(view.links.ledger, "the gateway's ledger of its payment (JSON)")]),
      ...(view.links.payment === null ? [] : [link(view.links.payment, 'its payment as received (JSON)')]),
    ];
    const pix = view.payment.pix === null ? '' : `<section aria-labelledby="pix"><h2 id="pix">Pay with Pix</h2><p>Copy this BR Code into a banking app (sandbox). It expires at <time datetime="${escapeHtml(when(view.payment.pix.expires_at))}">${escapeHtml(when(view.payment.pix.expires_at))}</time>.</p><pre>${escapeHtml(view.payment.pix.data)}</pre></section>`;
    const escrow = view.escrow_detail === null ? '' : `<section aria-labelledby="escrow"><h2 id="escrow">Escrow ${escapeHtml(view.escrow_detail.id ?? '(not created yet)')}: ${escapeHtml(view.escrow_detail.status ?? 'no event yet')}</h2>` +
      table('Payees', ['Payee', 'Role', 'Share', 'Released'], view.escrow_detail.payees.map((p) => [escapeHtml(p.payee), escapeHtml(p.role), money(p.amount, view.currency), p.released === null ? '—' : money(p.released, view.currency)]), 'No payees.') +
      `<p>In custody ${money(view.escrow_detail.amount_in_custody, view.currency)}, released ${money(view.escrow_detail.amount_released, view.currency)}, refunded ${money(view.escrow_detail.amount_refunded, view.currency)}; release at ${escapeHtml(when(view.escrow_detail.release_at))}, refund deadline ${escapeHtml(when(view.escrow_detail.refund_deadline))}.</p></section>`;
    const items = view.items === null ? '' : table('Items', ['Item', 'Quantity', 'Unit price'], view.items.map((i) => [escapeHtml(i.name), String(i.quantity), money(i.unit_amount, view.currency)]), 'No items.');
    const events = view.history.map((entry) => {
      const received = deliveries.get(entry.event_id);
      const summary = received === undefined ? null : eventSummary(received);
      return [link(`/events/${entry.event_id}`, entry.event_id), escapeHtml(entry.type ?? '—'), escapeHtml(when(entry.created)), escapeHtml(entry.status ?? '—'), String(summary?.attempts ?? 0), escapeHtml(summary?.labels.join(' · ') ?? '')];
    });
    const parts = (caption: string, list: Array<{ id: string; status: string | null; amount: number | null; currency: string | null; last_event_type: string | null }>) =>
      table(caption, ['Id', 'Status', 'Amount', 'Last event'], list.map((p) => [escapeHtml(p.id), escapeHtml(p.status ?? '—'), money(p.amount, p.currency), escapeHtml(p.last_event_type ?? '—')]), `No ${caption.toLowerCase()}.`);
    page(
      res,
      `Order ${order.order_id}`,
      `<dl>${facts.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${value}</dd>`).join('')}</dl><p>${links.join(' · ')}</p>${pix}${escrow}${items}` +
        `<section aria-labelledby="events"><h2 id="events">Webhook events</h2>${table('Events by creation time', ['Event', 'Type', 'Created', 'Status carried', 'Attempts', 'Badges'], events, 'No verified event about this order yet.')}</section>` +
        `<section aria-labelledby="refunds"><h2 id="refunds">Refunds and disputes</h2>${parts('Refunds', view.refunds)}${parts('Disputes', view.disputes)}</section>`,
    );
  });
  return router;
}
