import { isPayrailError, newId } from '@payrail/core';
import type { Logger } from '@payrail/service-kit';
import type { SimBooks } from '../books/simBooks';
import type { ChargeService } from '../charges/chargeService';

/**
 * PIX_AUTO_PAY_MS: every Pix charge pays itself that long after its creation, as if its payer had
 * scanned it (0: never; only POST /admin/pix/{txid}/pay pays). Each charge is paid at most once: one expired
 * by then stays unpaid (a 409, logged) unless the late confirmation fault pays it. Times count from
 * the books, so after a restart what is overdue is tried at once.
 */
export class PixAutoPay {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly tried = new Set<string>();
  private closed = false;

  constructor(private readonly options: { books: SimBooks; charges: ChargeService; delay_ms: number; logger: Logger }) {}

  /** Sets a timer for every unpaid Pix charge that has none. Call after each commit. */
  sync(): void {
    const { books, charges, delay_ms, logger } = this.options;
    if (this.closed || delay_ms === 0) return;
    for (const charge of books.unpaidPixCharges()) {
      const txid = charge.pix?.txid;
      if (txid === undefined || this.timers.has(txid) || this.tried.has(txid)) continue;
      const timer = setTimeout(() => {
        charges
          .payPix(txid, 'auto', newId('corr'))
          .then(() => this.tried.add(txid))
          .catch((error: unknown) => {
            // Paid already or expired (a 409): settled. The books unavailable: the next sync tries again.
            const settled = isPayrailError(error) && error.statusCode < 500;
            if (settled) this.tried.add(txid);
            logger[settled ? 'info' : 'error']({ err: error, txid }, 'Pix auto-pay did nothing');
          })
          .finally(() => this.timers.delete(txid));
      }, Math.max(0, Date.parse(charge.created_at) + delay_ms - Date.now()));
      this.timers.set(txid, timer);
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
