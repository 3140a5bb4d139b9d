import type { GatewayDeps } from '../common/deps';
import { PaymentIntentCommands } from './paymentIntentCommands';

/**
 * Reverses Pix PaymentIntents still unpaid at their expiry (reason `expired`), every
 * PIX_EXPIRY_INTERVAL_MS, in every gateway process: each one is decided again under the ledger lock
 * against caught-up state, so a payment notice that got there first stands and the other processes
 * find nothing to do. A payment reported after the expiry is refunded (see PixPayments).
 */
export class PixExpiry {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private readonly commands: PaymentIntentCommands;

  constructor(private readonly deps: GatewayDeps) {
    this.commands = new PaymentIntentCommands(deps);
  }

  start(interval_ms: number): void {
    this.timer = setInterval(() => {
      this.runOnce().catch((error: Error) => this.deps.logger.error({ err: error.message }, 'Pix expiry pass failed'));
    }, interval_ms);
    this.timer.unref();
  }

  /** One pass; a pass still running is joined, never doubled. Resolves to how many payments expired. */
  runOnce(now = Date.now()): Promise<number> {
    if (this.running === null) {
      this.running = this.commands.pix.expireDue(now).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    await this.running?.catch(() => 0);
  }
}
