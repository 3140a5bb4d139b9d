import { errorText } from './api.js';
import { h, replace, type Child } from './dom.js';
import { count, relativeTime, unixTime } from './format.js';

/** What a page gets from the router. */
export interface PageContext {
  /** The path segments after the page name: `#/payments/pi_1` → `['pi_1']`. */
  params: string[];
  query: URLSearchParams;
  /** Runs `cleanup` when the user leaves the page (timers, listeners). */
  onLeave(cleanup: () => void): void;
  /**
   * Runs `refresh` whenever the gateway has something new for this merchant (the console polls its
   * pulse), until the user leaves the page: a page passes what reloads its lists quietly.
   */
  onChange(refresh: () => unknown): void;
}

export type Page = (root: HTMLElement, context: PageContext) => void;

export interface LoadOptions<T> {
  isEmpty?: (data: T) => boolean;
  empty?: string;
  /** Keep what is shown while reloading (auto-refresh) instead of the loading state. */
  quiet?: boolean;
}

/**
 * Fills `container` with the result of `load`: a loading state first, then `render(data)`, the empty
 * state when `isEmpty(data)`, or the API's error message. Resolves with the data, or null on error.
 */
export async function loadInto<T>(container: HTMLElement, load: () => Promise<T>, render: (data: T) => Child, options: LoadOptions<T> = {}): Promise<T | null> {
  if (options.quiet !== true || container.childElementCount === 0) replace(container, loadingState());
  container.setAttribute('aria-busy', 'true');
  try {
    const data = await load();
    if (options.isEmpty?.(data) === true) replace(container, h('p', { class: 'state state-empty' }, options.empty ?? 'Nothing here yet.'));
    else replace(container, render(data));
    return data;
  } catch (error) {
    replace(container, errorState(error));
    return null;
  } finally {
    container.removeAttribute('aria-busy');
  }
}

export const loadingState = (what = 'Loading…'): HTMLElement => h('p', { class: 'state state-loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), what);

export const errorState = (error: unknown): HTMLElement => h('p', { class: 'state state-error', role: 'alert' }, errorText(error));

/**
 * A button that runs an action: disabled while it runs, the result (or the API's error) announced
 * in `status` next to it. `done` says what happened, in words.
 */
export function actionButton(label: string, run: () => Promise<string | void>, attrs: Record<string, string> = {}): HTMLElement {
  const status = h('span', { class: 'action-status', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', ...attrs }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.className = 'action-status';
    status.textContent = 'Working…';
    try {
      const done = await run();
      status.textContent = done ?? '';
    } catch (error) {
      status.className = 'action-status action-error';
      status.setAttribute('role', 'alert');
      status.textContent = errorText(error);
    } finally {
      button.disabled = false;
    }
  });
  return h('span', { class: 'action' }, button, status);
}

/** Wires a form: submits run `submit`, errors show in an alert under the form, the button waits. */
export function wireForm(form: HTMLFormElement, submit: (data: FormData) => Promise<string | void>): HTMLElement {
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  form.append(status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const buttons = [...form.querySelectorAll('button')];
    buttons.forEach((b) => (b.disabled = true));
    status.className = 'form-status';
    status.textContent = 'Working…';
    try {
      status.textContent = (await submit(new FormData(form))) ?? '';
    } catch (error) {
      status.className = 'form-status action-error';
      status.textContent = errorText(error);
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });
  return form;
}

const APPROVER_ITEM = 'payrail.console.approver';

/**
 * The approver's name, for decisions the API records with a name (refund approvals, escrow releases
 * and refunds): remembered for this tab, so every page that decides starts with it.
 */
export function approverInput(): HTMLInputElement {
  const approver = h('input', { name: 'approver', value: sessionStorage.getItem(APPROVER_ITEM) ?? '', maxlength: '100', autocomplete: 'name', required: true });
  approver.addEventListener('change', () => sessionStorage.setItem(APPROVER_ITEM, approver.value.trim()));
  return approver;
}

/** How often times said relatively (`in 5 minutes`) are said again. */
const RELATIVE_REFRESH_MS = 5_000;

/** Unix seconds as a date and time, with how far that is from now after it (`in 59 minutes`). */
export function timeWithRelative(seconds: number): HTMLElement {
  return h('span', null,
    h('time', { datetime: new Date(seconds * 1000).toISOString() }, unixTime(seconds)),
    h('span', { class: 'muted', 'data-relative-to': seconds }, ` (${relativeTime(seconds)})`));
}

/** Keeps every relative time under `root` current while the page is shown. */
export function keepRelativeTimesFresh(root: HTMLElement, context: PageContext): void {
  const timer = setInterval(() => {
    for (const element of root.querySelectorAll<HTMLElement>('[data-relative-to]')) element.textContent = ` (${relativeTime(Number(element.dataset['relativeTo']))})`;
  }, RELATIVE_REFRESH_MS);
  context.onLeave(() => clearInterval(timer));
}

/** A page title with optional actions on the right. */
export function pageHeader(title: string, ...actions: Child[]): HTMLElement {
  return h('header', { class: 'page-header' }, h('h1', { id: 'page-title', tabindex: '-1' }, title), h('div', { class: 'page-actions' }, actions));
}

/** A link inside the console (hash route). */
export function link(route: string, text: Child, attrs: Record<string, string> = {}): HTMLAnchorElement {
  return h('a', { href: `#/${route}`, ...attrs }, text);
}

/** Saves bytes or text as a file the browser downloads. */
export function download(fileName: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const anchor = h('a', { href: url, download: fileName, class: 'visually-hidden' });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Previous/next buttons over a cursor-paginated list (`starting_after`). */
export class Pager {
  private readonly cursors: Array<string | undefined> = [undefined];

  constructor(private readonly reload: () => void, readonly size = 20) {}

  get cursor(): string | undefined {
    return this.cursors[this.cursors.length - 1];
  }

  /** The buttons and where the page is; `total`, when the API counts the list, says of how many. */
  controls(list: { data: Array<{ id: string }>; has_more: boolean }, total?: number): HTMLElement {
    const last = list.data[list.data.length - 1]?.id;
    const first = (this.cursors.length - 1) * this.size + 1;
    const where = total === undefined
      ? `Page ${this.cursors.length}`
      : list.data.length === 0 ? `0 of ${count(total)}` : `${count(first)}–${count(first + list.data.length - 1)} of ${count(total)}`;
    return pagerNav(where, this.cursors.length > 1, () => { this.cursors.pop(); this.reload(); }, list.has_more && last !== undefined, () => { this.cursors.push(last); this.reload(); });
  }
}

/** Pages over a list the console already holds whole (a queue, a report's items, a day's list). */
export class ArrayPager {
  private index = 0;

  constructor(private readonly reload: () => void, readonly size = 20) {}

  /** This page's items; a list that shrank under the current page goes back to its last page. */
  page<T>(items: T[]): T[] {
    const last = Math.max(0, Math.ceil(items.length / this.size) - 1);
    if (this.index > last) this.index = last;
    return items.slice(this.index * this.size, (this.index + 1) * this.size);
  }

  /** Nothing when everything fits on one page. */
  controls(items: unknown[]): HTMLElement | null {
    if (items.length <= this.size) return null;
    const first = this.index * this.size + 1;
    const lastShown = Math.min(items.length, first + this.size - 1);
    return pagerNav(`${count(first)}–${count(lastShown)} of ${count(items.length)}`,
      this.index > 0, () => { this.index -= 1; this.reload(); },
      lastShown < items.length, () => { this.index += 1; this.reload(); });
  }
}

function pagerNav(where: string, hasPrevious: boolean, previous: () => void, hasNext: boolean, next: () => void): HTMLElement {
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    h('button', { type: 'button', disabled: !hasPrevious, onclick: previous }, '← Previous'),
    h('span', { class: 'muted pager-where' }, where),
    h('button', { type: 'button', disabled: !hasNext, onclick: next }, 'Next →'));
}
