import { ApiError, api } from './api.js';
import { h } from './dom.js';

/** How often the console asks the gateway whether anything changed. */
export const PULSE_MS = 2_000;

interface Pulse {
  object: 'pulse';
  cursor: string;
}

/**
 * Live updates: one poll of `GET /v1/console/pulse` every PULSE_MS while the tab is visible; when its
 * cursor moves (a ledger event, a delivery attempt, an endpoint change), the page's refreshers run,
 * one round at a time. The status in the top bar says whether the page is live.
 */
class PulsePoller {
  private subscribers: Array<() => unknown> = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private cursor: string | null = null;
  private status: HTMLElement | null = null;
  private generation = 0;

  subscribe(refresh: () => unknown): void {
    this.subscribers.push(refresh);
  }

  start(status: HTMLElement): void {
    this.status = status;
    const generation = ++this.generation;
    this.show('live', 'Live');
    const tick = async (): Promise<void> => {
      if (generation !== this.generation) return;
      if (document.visibilityState === 'visible') await this.poll(generation);
      if (generation === this.generation) this.timer = setTimeout(() => void tick(), PULSE_MS);
    };
    // The first read now, with the page's own loads: what changes after them is what the next reads see.
    void tick();
  }

  /** The page is left: its refreshers go, the cursor stays (the next page loads fresh anyway). */
  stop(): void {
    this.generation += 1;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.subscribers = [];
  }

  private async poll(generation: number): Promise<void> {
    let pulse: Pulse;
    try {
      pulse = await api<Pulse>('GET', '/v1/console/pulse', { timeout_ms: PULSE_MS * 3 });
    } catch (error) {
      if (generation === this.generation) this.show('offline', error instanceof ApiError && error.status === 0 ? 'Offline' : 'Not live');
      return;
    }
    if (generation !== this.generation) return;
    const changed = this.cursor !== null && pulse.cursor !== this.cursor;
    this.cursor = pulse.cursor;
    if (this.status !== null) this.status.dataset['cursor'] = pulse.cursor;
    if (!this.status?.classList.contains('live-live')) this.show('live', 'Live');
    if (!changed) return;
    await Promise.all(this.subscribers.map(async (refresh) => {
      try {
        await refresh();
      } catch {
        // A refresher shows its own errors; the next change tries again.
      }
    }));
    if (generation === this.generation && this.status !== null) this.status.dataset['updated'] = new Date().toISOString();
    if (generation === this.generation) this.show('live', 'Live', ` Last refreshed ${new Date().toLocaleTimeString('en-GB')}.`);
  }

  private show(state: 'live' | 'offline', text: string, more = ''): void {
    if (this.status === null) return;
    this.status.className = `live live-${state}`;
    this.status.textContent = text;
    this.status.title = state === 'live' ? `The page refreshes itself when something changes (checked every ${PULSE_MS / 1000} s).${more}` : 'The console cannot reach the gateway; it keeps trying.';
  }
}

export const pulse = new PulsePoller();

/** Whether a key press goes into a field (shortcuts then stay out of the way). */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (target === null) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The keyboard shortcuts, as a dialog (`?`). */
export const SHORTCUTS: Array<[string, string]> = [
  ['/', 'Search payments, refunds, escrows, events, emails or last 4'],
  ['?', 'Show these shortcuts'],
  ['j / k', 'Events drawer: the next or previous event'],
  ['Esc', 'Close the drawer or this dialog'],
];

export function showShortcuts(): void {
  document.getElementById('shortcuts')?.remove();
  const close = h('button', { type: 'button', class: 'primary' }, 'Close');
  const dialog = h('dialog', { id: 'shortcuts', class: 'dialog', 'aria-labelledby': 'shortcuts-title' },
    h('h2', { id: 'shortcuts-title' }, 'Keyboard shortcuts'),
    h('dl', { class: 'shortcut-list' }, SHORTCUTS.map(([keys, what]) => h('div', null, h('dt', null, h('kbd', null, keys)), h('dd', null, what)))),
    close);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}
