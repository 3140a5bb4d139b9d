import { isPayrailError, newId } from '@payrail/core';
import type { Logger } from '@payrail/service-kit';
import type { SimBooks } from '../books/simBooks';
import type { ChargeService } from '../charges/chargeService';

export interface DisputeSchedulerOptions {
  books: SimBooks;
  charges: ChargeService;
  /** How long after capture the dispute test card's dispute opens. */
  open_delay_ms: number;
  /** How open disputes close by themselves; `none` leaves them to the admin route. */
  auto_outcome: 'none' | 'won' | 'lost';
  auto_delay_ms: number;
  logger: Logger;
}

/**
 * The timers of the dispute lifecycle: a dispute opens `open_delay_ms` after the dispute card is
 * captured, and (when `auto_outcome` is set) closes `auto_delay_ms` after it opened. Times count
 * from the books, so after a restart what is overdue happens at once.
 */
export class DisputeScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: DisputeSchedulerOptions) {}

  /** Sets a timer for every dispute due to open or close that has none. Call after each commit. */
  sync(): void {
    if (this.closed) return;
    const { books, charges, open_delay_ms, auto_outcome, auto_delay_ms } = this.options;
    for (const charge of books.chargesAwaitingDispute()) {
      this.schedule(`open:${charge.reference}`, Date.parse(charge.captured_at ?? charge.created_at) + open_delay_ms, () =>
        charges.openDispute(charge.provider, charge.reference, 'test_card', newId('corr')),
      );
    }
    if (auto_outcome === 'none') return;
    for (const charge of books.chargesWithOpenDispute()) {
      const opened = Date.parse(charge.dispute?.opened_at ?? charge.created_at);
      this.schedule(`close:${charge.reference}`, opened + auto_delay_ms, () => charges.closeDispute(charge.reference, auto_outcome, 'auto', newId('corr')));
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(key: string, due_ms: number, run: () => Promise<unknown>): void {
    if (this.timers.has(key)) return;
    const timer = setTimeout(() => {
      run()
        .catch((error: unknown) => {
          // Someone else acted first (409), or the books were unavailable: the next sync tries again.
          const level = isPayrailError(error) && error.statusCode < 500 ? 'info' : 'error';
          this.options.logger[level]({ err: error, timer: key }, 'dispute timer did nothing');
        })
        .finally(() => this.timers.delete(key));
    }, Math.max(0, due_ms - Date.now()));
    this.timers.set(key, timer);
  }
}
