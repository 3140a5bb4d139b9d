import * as path from 'node:path';
import { writeJsonAtomic } from '@payrail/journal';
import type { Logger } from 'pino';
import { eventDetail } from '../deliveries/eventViews';
import type { MerchantView } from '../MerchantView';
import { orderDetail } from '../orders/orderViews';

/** The least time between two rewrites of the snapshots. */
export const SNAPSHOT_DEBOUNCE_MS = 500;

/**
 * Writes `merchant-sim/events.json` and `orders.json`, snapshots of the view for people opening the
 * folder, atomically and at most once per SNAPSHOT_DEBOUNCE_MS. They are derived: deleting them and
 * restarting rebuilds them from the deliveries stream.
 */
export class SnapshotWriter {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: { dataDir: string; view: MerchantView; logger: Logger }) {}

  /** Asks for a write within SNAPSHOT_DEBOUNCE_MS; calls in between share it. */
  schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, SNAPSHOT_DEBOUNCE_MS);
  }

  /** Writes both snapshots now (after any write in flight). A failed write is logged; the next change retries it. */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const { dataDir, view, logger } = this.options;
      const generated_at = new Date().toISOString();
      try {
        await writeJsonAtomic(path.join(dataDir, 'merchant-sim', 'events.json'), { generated_at, events: view.deliveries.newestFirst().map(eventDetail) });
        await writeJsonAtomic(path.join(dataDir, 'merchant-sim', 'orders.json'), { generated_at, orders: view.orders.newestFirst().map(orderDetail) });
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'merchant-sim snapshot write failed');
      }
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
