import * as path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { writeFileAtomic } from '@payrail/journal';
import type { Logger } from 'pino';
import type { ReceivedEvent } from '../deliveries/DeliveryProjection';
import { eventDetail } from '../deliveries/eventViews';
import type { MerchantView } from '../MerchantView';
import type { Order } from '../orders/OrderBook';
import { orderDetail } from '../orders/orderViews';
import { storefrontDetail } from '../storefront/storefrontViews';

/** The least time between two rewrites of the snapshots. */
export const SNAPSHOT_DEBOUNCE_MS = 2_000;
/** A rewrite takes at most this share of the time: the snapshots grow, the receiver must stay quick. */
const SNAPSHOT_TIME_SHARE_MAX = 0.05;
/**
 * Items serialized between two turns of the event loop. The snapshots hold every event ever received
 * (10 MB of JSON after a few thousand deliveries): serialized in one go, a rewrite held the event loop
 * for 100 ms and more, and every delivery arriving meanwhile waited that long for its answer.
 */
export const SNAPSHOT_SLICE_ITEMS = 100;

/** A list field of a snapshot: each item is turned into what the file shows only when its slice is written. */
export interface SlicedList<T> {
  items: readonly T[];
  detail(item: T): unknown;
  /**
   * A number that changes whenever `detail(item)` would: with it, an item's text is kept between two
   * rewrites (in the cache passed to prettyJsonInSlices) and only what changed is serialized again.
   */
  revision?(item: T): number;
}

/** The text of each item of a SlicedList with a revision, as last written. */
export type SnapshotTexts = WeakMap<object, { revision: number; text: string }>;

/**
 * The text of `JSON.stringify(fields, null, 2)` plus a newline, where a SlicedList field is written
 * SNAPSHOT_SLICE_ITEMS items at a time with a turn of the event loop between slices. Adds the time it
 * spent working (not waiting) to `busy`.
 */
export async function prettyJsonInSlices(fields: Record<string, unknown>, busy: { ms: number }, texts: SnapshotTexts = new WeakMap()): Promise<string> {
  const parts: string[] = [];
  let started = performance.now();
  for (const [name, value] of Object.entries(fields)) {
    const key = `  ${JSON.stringify(name)}: `;
    const list = value as Partial<SlicedList<unknown>>;
    if (!Array.isArray(list.items) || typeof list.detail !== 'function') {
      parts.push(`${key}${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}`);
      continue;
    }
    if (list.items.length === 0) {
      parts.push(`${key}[]`);
      continue;
    }
    const items: string[] = [];
    for (let i = 0; i < list.items.length; i++) {
      if (i > 0 && i % SNAPSHOT_SLICE_ITEMS === 0) {
        busy.ms += performance.now() - started;
        await nextTurn();
        started = performance.now();
      }
      items.push(itemText(list as SlicedList<unknown>, list.items[i], texts));
    }
    parts.push(`${key}[\n${items.join(',\n')}\n  ]`);
  }
  busy.ms += performance.now() - started;
  return `{\n${parts.join(',\n')}\n}\n`;
}

function itemText(list: SlicedList<unknown>, item: unknown, texts: SnapshotTexts): string {
  const render = (): string => `    ${JSON.stringify(list.detail(item), null, 2).replace(/\n/g, '\n    ')}`;
  if (list.revision === undefined || typeof item !== 'object' || item === null) return render();
  const revision = list.revision(item);
  const kept = texts.get(item);
  if (kept !== undefined && kept.revision === revision) return kept.text;
  const text = render();
  texts.set(item, { revision, text });
  return text;
}

/**
 * Writes `merchant-sim/events.json` and `orders.json` (the storefront's orders, and every payment the
 * webhooks described), snapshots of the view for people opening the folder, atomically, at most once
 * per SNAPSHOT_DEBOUNCE_MS and never more than 5 % of the time, a slice at a time so that deliveries
 * are answered in between. They are derived: deleting them and restarting rebuilds them from the
 * deliveries stream.
 */
export class SnapshotWriter {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private lastWrite_ms = 0;
  /** Events and payments change rarely once received: each one's text is kept until its revision moves. */
  private readonly texts: SnapshotTexts = new WeakMap();

  constructor(private readonly options: { dataDir: string; view: MerchantView; logger: Logger }) {}

  /** Asks for a write after the debounce; calls in between share it. */
  schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, Math.max(SNAPSHOT_DEBOUNCE_MS, this.lastWrite_ms / SNAPSHOT_TIME_SHARE_MAX));
  }

  /** Writes both snapshots now (after any write in flight). A failed write is logged; the next change retries it. */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const { dataDir, view, logger } = this.options;
      const generated_at = new Date().toISOString();
      const busy = { ms: 0 };
      // The lists are taken now; the items they hold may gain attempts while the slices are written.
      const events: SlicedList<ReceivedEvent> = { items: view.deliveries.newestFirst(), detail: eventDetail, revision: (event) => event.revision };
      const orders = { items: view.placed.newestFirst(), detail: (order: Parameters<typeof storefrontDetail>[0]) => storefrontDetail(order, view.orders) };
      const payments: SlicedList<Order> = { items: view.orders.newestFirst(), detail: orderDetail, revision: (order) => order.revision };
      try {
        await writeFileAtomic(path.join(dataDir, 'merchant-sim', 'events.json'), await prettyJsonInSlices({ generated_at, events }, busy, this.texts));
        await writeFileAtomic(path.join(dataDir, 'merchant-sim', 'orders.json'), await prettyJsonInSlices({ generated_at, orders, payments }, busy, this.texts));
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'merchant-sim snapshot write failed');
      }
      this.lastWrite_ms = busy.ms;
    });
    return this.writing;
  }

  /** Writes a pending snapshot at once and stops the timer. */
  async close(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      await this.flush();
    }
    await this.writing;
  }
}
