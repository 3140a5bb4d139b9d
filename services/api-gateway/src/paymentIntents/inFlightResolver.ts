import type { ProcessorName } from '@payrail/core';
import type { GatewayDeps } from '../common/deps';
import { RefundCommands } from '../refunds/refundCommands';
import { PaymentIntentCommands } from './paymentIntentCommands';
import { isPixPayment } from './pixPayments';

/**
 * Finds confirmations, captures and voids left without a result (the gateway process died, or the processor never
 * answered) and settles them with the processor: asks what it did, and records authorized or declined.
 * Runs in every gateway process; the ledger lock makes the first result win.
 */
export class InFlightResolver {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly commands: PaymentIntentCommands;
  private readonly refunds: RefundCommands;

  constructor(private readonly deps: GatewayDeps, private readonly stuck_after_ms: number) {
    this.commands = new PaymentIntentCommands(deps);
    this.refunds = new RefundCommands(deps);
  }

  start(interval_ms: number): void {
    // A pass that fails (the ledger refusing to be read, say) is logged and tried again next time; it
    // must never become an unhandled rejection that takes the gateway (and its /ready) down.
    this.timer = setInterval(() => {
      this.runOnce().catch((error: Error) => this.deps.logger.error({ err: error.message }, 'resolver pass failed'));
    }, interval_ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every payment still `processing` for longer than `stuck_after_ms`. */
  runOnce(now = Date.now()): Promise<void> {
    if (this.running === null) {
      this.running = this.pass(now).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async pass(now: number): Promise<void> {
    await this.deps.ledger.catchUp();
    await this.resolveConfirmations(now);
    await this.commands.pix.resolveStuck(now, this.stuck_after_ms);
    await this.resolveModifications(now);
    await this.resolveRefunds(now);
  }

  /** Refunds left `approved` (in flight) are resent with their one processor idempotency key. */
  private async resolveRefunds(now: number): Promise<void> {
    const { ledger, logger } = this.deps;
    const stuck = [...ledger.state.refunds.values()].filter((refund) => refund.status === 'approved' && now - refund.updated * 1000 >= this.stuck_after_ms);
    for (const refund of stuck) {
      const correlationId = `resolver_${refund.id}`;
      this.deps.metrics.observeProcessorRetry(this.deps.ledger.state.payments.get(refund.payment_intent)?.processor ?? 'none', 'resend');
      const result = await this.refunds.send(refund, correlationId).catch((error: Error) => {
        logger.error({ refund: refund.id, err: error.message }, 'could not resend a stuck refund');
        return null;
      });
      if (result === null) continue;
      await ledger
        .transact(refund.merchant, (tx) => this.refunds.record(tx, refund.id, result, correlationId, null))
        .then((event) => event && logger.warn({ refund: refund.id, result: event.type }, 'resolved a refund left without a result'))
        .catch((error: Error) => logger.error({ refund: refund.id, err: error.message }, 'could not record a stuck refund'));
    }
  }

  /**
   * Captures and voids left in flight (the process died, or the processor did not answer) are resent
   * with the same processor idempotency key: a processor that did it answers with what it did, one
   * that did not does it now. Either way it acts once, and the result answers the original request.
   */
  private async resolveModifications(now: number): Promise<void> {
    const { ledger, logger } = this.deps;
    const stuck = [...ledger.state.inFlight.values()].filter((flight) => now - flight.requested_ms >= this.stuck_after_ms);
    for (const flight of stuck) {
      const correlationId = `resolver_${flight.payment_intent}`;
      this.deps.metrics.observeProcessorRetry(flight.processor, 'resend');
      const result = await this.commands.sendModification(flight, correlationId).catch((error: Error) => {
        logger.error({ payment_intent: flight.payment_intent, err: error.message }, 'could not resend a stuck capture or void');
        return null;
      });
      if (result === null) continue; // still unknown: try again next pass
      await ledger
        .transact(flight.merchant, (tx) => this.commands.recordModification(tx, flight, result, correlationId, null))
        .then((event) => event && logger.warn({ payment_intent: flight.payment_intent, action: flight.action, result: event.type }, 'resolved a capture or void left without a result'))
        .catch((error: Error) => logger.error({ payment_intent: flight.payment_intent, err: error.message }, 'could not record a stuck capture or void'));
    }
  }

  private async resolveConfirmations(now: number): Promise<void> {
    const { ledger, processors, logger } = this.deps;
    // A Pix payment waiting for its customer is processing too, but no authorization is stuck: its
    // expiry ends it (PixExpiry), and a Pix charge never recorded is asked again (resolveStuck).
    const stuck = [...ledger.state.payments.values()].filter((p) => p.processing && p.status === 'created' && !isPixPayment(p) && now - p.updated * 1000 >= this.stuck_after_ms);
    for (const intent of stuck) {
      const processor = intent.processor as ProcessorName;
      const correlationId = `resolver_${intent.id}`;
      const known = await processors.call(processor, (client) => client.inquire({ payment_intent: intent.id, correlationId })).catch(() => null);
      if (known === null) continue; // still unknown: try again next pass
      const outcome = known.status === 'authorized' || known.status === 'captured'
        ? { outcome: 'authorized' as const, processor_reference: known.processor_reference, captured: known.status === 'captured' }
        : { outcome: 'declined' as const, decline_code: 'processing_error' as const, message: `The confirmation was interrupted and ${processor} has no authorization for it; nothing was charged.`, processor_reference: null };
      await ledger
        .transact(intent.merchant, (tx) => {
          const current = ledger.state.payments.get(intent.id);
          if (current === undefined || !current.processing) return null;
          return this.commands.appendResult(tx, intent.id, intent.merchant, processor, outcome, correlationId, ledger.state.pendingConfirmations.get(intent.id) ?? null);
        })
        .then((event) => event && logger.warn({ payment_intent: intent.id, processor, result: event.type }, 'resolved a confirmation left without a result'))
        .catch((error: Error) => logger.error({ payment_intent: intent.id, err: error.message }, 'could not resolve a stuck confirmation'));
    }
  }
}
