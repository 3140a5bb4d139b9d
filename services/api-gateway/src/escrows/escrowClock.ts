import type { GatewayDeps } from '../common/deps';
import { EscrowCommands } from './escrowCommands';

/**
 * Runs the escrows' dates (release_at, refund_deadline) and cancels escrows whose payment failed, every
 * ESCROW_INTERVAL_MS, in every gateway process: each decision is re-checked under the ledger lock, so
 * the first process to get there acts and the others find nothing to do.
 */
export class EscrowClock {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private readonly commands: EscrowCommands;

  constructor(private readonly deps: GatewayDeps) {
    this.commands = new EscrowCommands(deps);
  }

  start(interval_ms: number): void {
    this.timer = setInterval(() => {
      this.runOnce().catch((error: Error) => this.deps.logger.error({ err: error.message }, 'escrow clock pass failed'));
    }, interval_ms);
    this.timer.unref();
  }

  /** One pass; a pass still running is joined, never doubled. Resolves to the escrows it changed. */
  runOnce(now = Date.now()): Promise<number> {
    if (this.running === null) {
      this.running = this.commands.tick(now).finally(() => {
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
