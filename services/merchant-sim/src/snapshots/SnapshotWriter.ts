import * as path from 'node:path';
import { writeJsonAtomic } from '@payrail/journal';
import type { Logger } from 'pino';
import { eventDetail } from '../deliveries/eventViews';
import type { MerchantView } from '../MerchantView';
import { orderDetail } from '../orders/orderViews';
import { storefrontDetail } from '../storefront/storefrontViews';

/** The least time between two rewrites of the snapshots. */
export const SNAPSHOT_DEBOUNCE_MS = 2_000;
/** A rewrite takes at most this share of the time: the snapshots grow, the receiver must stay quick. */
const SNAPSHOT_TIME_SHARE_MAX = 0.05;

/**
 * Writes `merchant-sim/events.json` and `orders.json` (the storefront's orders, and every payment the
 * webhooks described), snapshots of the view for people opening the
 * folder, atomically, at most once per SNAPSHOT_DEBOUNCE_MS and never more than 5 % of the time. They are derived: deleting them and
 * restarting rebuilds them from the deliveries stream.
 */
export class SnapshotWriter {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private lastWrite_ms = 0;

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
      const started = performance.now();
      try {
        await writeJsonAtomic(path.join(dataDir, 'merchant-sim', 'events.json'), { generated_at, events: view.deliveries.newestFirst().map(eventDetail) });
        await writeJsonAtomic(path.join(dataDir, 'merchant-sim', 'orders.json'), {
          generated_at,
          orders: view.placed.newestFirst().map((order) => storefrontDetail(order, view.orders)),
          payments: view.orders.newestFirst().map(orderDetail),
        });
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'merchant-sim snapshot write failed');
      }
      this.lastWrite_ms = performance.now() - started;
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
