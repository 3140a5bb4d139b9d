/** Small DOM helpers: elements are built with h(), text always goes in as text (never as HTML). */

export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | Handler | null | undefined>;

/** An element with attributes, event handlers (`onclick`...) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (name === 'value' && 'value' in element) (element as HTMLInputElement).value = String(value);
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

/** An SVG element (charts). */
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: Array<SVGElement | string>): SVGElement {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  for (const child of children) element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces a container's content. */
export function replace(container: Element, ...children: Child[]): void {
  container.replaceChildren();
  append(container, children);
}

let fieldIds = 0;

/** A labelled control; a hint is linked by aria-describedby, so the label stays the control's exact name. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id === '' ? `field-${++fieldIds}` : control.id;
  control.id = id;
  const hintNode = hint === undefined ? null : h('span', { class: 'hint', id: `${id}-hint` }, hint);
  if (hintNode !== null) control.setAttribute('aria-describedby', hintNode.id);
  return h('div', { class: 'field' }, h('label', { class: 'field-label', for: id }, label), control, hintNode);
}

/**
 * A table; under 600 px wide each row becomes a stacked card whose cells carry their column's name
 * (`data-label`, shown by the stylesheet), so nothing hides in a sideways scroll.
 */
export function table(headers: string[], rows: Node[], caption?: string): HTMLElement {
  for (const row of rows) {
    if (!(row instanceof HTMLTableRowElement)) continue;
    [...row.cells].forEach((cell, i) => {
      if (!cell.hasAttribute('data-label') && headers[i] !== undefined) cell.setAttribute('data-label', headers[i] as string);
    });
  }
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'responsive' },
      caption === undefined ? null : h('caption', { class: 'visually-hidden' }, caption),
      h('thead', null, h('tr', null, headers.map((name) => h('th', { scope: 'col' }, name)))),
      h('tbody', null, rows)));
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'panel' }, h('h2', null, title), children);
}

/** Key/value facts (a description list). */
export function facts(entries: Array<[string, Child]>): HTMLElement {
  return h('dl', { class: 'facts' }, entries.map(([term, value]) => h('div', null, h('dt', null, term), h('dd', null, value))));
}

/** A coloured status pill; the word itself carries the meaning, the colour only helps. */
export function badge(text: string, tone = toneOf(text)): HTMLElement {
  return h('span', { class: `badge badge-${tone}` }, text);
}

const TONES: Record<string, string> = {
  succeeded: 'ok', captured: 'ok', settled: 'ok', authorized: 'info', approved: 'info', won: 'ok', delivered: 'ok', closed: 'ok', balanced: 'ok', matched: 'ok', enabled: 'ok',
  'SIG OK': 'ok', OK: 'ok',
  pending_approval: 'warn', created: 'neutral', opened: 'warn', under_review: 'warn', retrying: 'warn', half_open: 'warn', awaiting_bank_file: 'warn',
  declined: 'bad', failed: 'bad', reversed: 'neutral', chargeback: 'bad', lost: 'bad', open: 'bad', dead_lettered: 'bad', unbalanced: 'bad', disabled: 'bad',
  'SIG FAIL': 'bad', FAIL: 'bad',
  // Reconciliation outcomes: anything but matched is a mismatch someone must look at.
  missing_at_bank: 'bad', unexpected_at_bank: 'bad', currency_mismatch: 'bad', amount_mismatch: 'bad', fee_mismatch: 'bad',
  'missing at bank': 'bad', 'unexpected at bank': 'bad', 'currency mismatch': 'bad', 'amount mismatch': 'bad', 'fee mismatch': 'bad',
  not_received: 'neutral', pending: 'warn', scheduled: 'warn', refunded: 'neutral', partially_refunded: 'info',
  // Escrows, as the console writes their statuses (with spaces).
  'awaiting payment': 'neutral', 'in custody': 'info', disputed: 'bad', released: 'ok', canceled: 'neutral',
};

function toneOf(text: string): string {
  if (text.startsWith('RETRY')) return 'warn';
  return TONES[text] ?? 'neutral';
}
