import { PayrailError, newId } from '@payrail/core';
import type { JournalEvent, JournalTransaction } from '@payrail/journal';
import { STREAMS, type PaymentIntent, type Refund } from '@payrail/ledger';
import type { GatewayDeps } from '../common/deps';
import { illegalTransition, type RouteResult } from '../http/route';
import { committedResponse, idempotencyField, priorUse, replay, type IdempotentRequest } from '../idempotency/idempotency';
import { NoAnswerError } from '../processors/http';
import type { PixChargeOutcome } from '../processors/processorClient';
import type { ProviderNotice } from '../providerWebhooks/providerNotice';
import type { RejectionReason } from '../providerWebhooks/noticeChecks';
import { RefundCommands } from '../refunds/refundCommands';
import type { PaymentIntentCommands } from './paymentIntentCommands';

/** Pix is acquired by providerA only (Stripe acquires Pix), so its payments are in providerA's books and bank file. */
const PIX_PROCESSOR = 'providerA' as const;
const ROUTING_REASON = 'pix: acquired by providerA (the Pix acquirer)';
/** The refund reason of the gateway's own refund of a Pix payment reported after its PaymentIntent expired. */
const PAID_AFTER_EXPIRY = 'paid_after_expiry';

/** Whether a PaymentIntent is paid by Pix. */
export const isPixPayment = (intent: PaymentIntent): boolean => intent.payment_method_types[0] === 'pix';

/** What creating a Pix PaymentIntent must hold: BRL, no card, captured when paid. Throws a 400 naming the parameter. */
export function checkPixCreation(input: { currency: string; payment_method?: string; capture_method?: string; simulate?: unknown }): void {
  if (input.currency.toUpperCase() !== 'BRL') throw new PayrailError('parameter_invalid', 'Pix payments are in Brazilian reais: currency must be brl.', { param: 'currency' });
  if (input.simulate !== undefined) throw pixNotSimulated();
  if (input.payment_method !== undefined) throw new PayrailError('parameter_invalid', "A Pix payment is paid from the customer's bank with its BR Code: it takes no payment_method.", { param: 'payment_method' });
  if (input.capture_method === 'manual') throw new PayrailError('parameter_invalid', 'A Pix payment is captured when it is paid: capture_method must be automatic.', { param: 'capture_method' });
}

/** A Pix payment has no processor authorization to script: its payer pays it (or not). */
export const pixNotSimulated = (): PayrailError =>
  new PayrailError('parameter_invalid', "simulate scripts the processor attempts of a card payment; a Pix payment is paid by its payer's bank (provider-sim: POST /admin/pix/{txid}/pay).", { param: 'simulate' });

type Prior = { prior: true };

/**
 * Pix PaymentIntents (BRL). Confirming creates providerA's Pix charge and records its BR Code
 * (`payment_intent.pix_qr_code_issued`: the PaymentIntent stays `created` and `processing`, with
 * `next_action`); the payment's notice captures it (`appendCapture`); unpaid at its expiry it is
 * `reversed` (reason `expired`); a payment reported after that is recorded (captured) and refunded
 * at once by the gateway itself (reason `paid_after_expiry`). Every decision is taken under the ledger
 * lock against caught-up state, so two gateway processes (or a webhook and the expiry timer) never
 * both act.
 */
export class PixPayments {
  private readonly refunds: RefundCommands;

  constructor(
    private readonly deps: GatewayDeps,
    private readonly commands: PaymentIntentCommands,
  ) {
    this.refunds = new RefundCommands(deps);
  }

  private get state() {
    return this.deps.ledger.state;
  }

  /** Confirms a Pix PaymentIntent: answers it with its BR Code in `next_action`. */
  async confirm(request: IdempotentRequest, id: string, paymentMethod: string | undefined, correlationId: string): Promise<RouteResult> {
    const { config, ledger, processors } = this.deps;
    if (paymentMethod !== undefined) throw new PayrailError('parameter_invalid', "A Pix payment is paid from the customer's bank with its BR Code: confirm it without payment_method.", { param: 'payment_method' });
    const started = await ledger.transact(request.merchant, (tx): Prior | { final: JournalEvent } | { intent: PaymentIntent } => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return { prior: true };
      const intent = this.commands.find(request.merchant, id);
      if (intent.status !== 'created') throw illegalTransition('payment_intent', id, intent.status, 'confirmed');
      if (intent.processing) throw illegalTransition('payment_intent', id, 'processing', intent.next_action === null ? 'confirmed again while a confirmation is in flight' : 'confirmed again: its BR Code waits for the payment');
      const base = { ref: id, merchant_id: request.merchant, correlation_id: correlationId };
      if (!processors.allow(PIX_PROCESSOR)) {
        const message = `${PIX_PROCESSOR}, the Pix acquirer, is unavailable (circuit open); nothing was charged.`;
        return { final: tx.append(STREAMS.payments, { ...base, type: 'payment_intent.declined', ...idempotencyField(request), data: { decline_code: 'processing_error', message, processor: null, processor_reference: null } }) };
      }
      tx.append(STREAMS.payments, { ...base, type: 'payment_intent.authorization_requested', ...idempotencyField(request, true), data: { processor: PIX_PROCESSOR, routing_reason: ROUTING_REASON, attempt: 1 } });
      return { intent: { ...intent } };
    });
    if ('prior' in started) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    if ('final' in started) return committedResponse(this.state, request, started.final, this.commands.find(request.merchant, id));
    const outcome = await this.createCharge(started.intent, correlationId);
    if (outcome === null) {
      throw new PayrailError('upstream_unavailable', `${PIX_PROCESSOR} did not answer the Pix charge; PayRail asks again with the same processor idempotency key until it has it. Retry with the same Idempotency-Key to get the BR Code.`, { details: { payment_intent: id } });
    }
    const final = await ledger.transact(request.merchant, (tx) => this.record(tx, id, outcome, correlationId));
    if (final !== null) return committedResponse(this.state, request, final, this.commands.find(request.merchant, id));
    // The payment's notice (or the resolver) recorded the result first: that record answers.
    if (request.key !== null) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    return { status: 200, body: this.commands.find(request.merchant, id) };
  }

  /**
   * Asks providerA for the Pix charge of a PaymentIntent. One processor idempotency key per payment, so
   * a retry (the resolver's) gets the same charge, never a second one. Null when providerA did not answer.
   */
  private async createCharge(intent: PaymentIntent, correlationId: string): Promise<PixChargeOutcome | null> {
    const { processors, config } = this.deps;
    try {
      return await processors.call(PIX_PROCESSOR, async (client) => {
        if (client.createPix === undefined) throw new Error(`assertion failed: ${PIX_PROCESSOR} has no Pix`);
        return client.createPix({ payment_intent: intent.id, amount: intent.amount, expires_after_s: config.PIX_EXPIRES_AFTER_S, correlationId, idempotencyKey: `${intent.id}:pix:1` });
      });
    } catch (error) {
      if (error instanceof NoAnswerError) return null;
      throw error;
    }
  }

  /**
   * Records the Pix charge under the lock (the BR Code, or a decline when providerA refused); it answers
   * the confirmation's request. Null when something else recorded the result first.
   */
  private record(tx: JournalTransaction, id: string, outcome: PixChargeOutcome, correlationId: string): JournalEvent | null {
    const current = this.state.payments.get(id);
    if (current === undefined || !current.processing || current.status !== 'created' || this.state.pixCharges.has(id)) return null;
    const pending = this.state.pendingConfirmations.get(id) ?? null;
    const keyed = pending === null ? {} : { idempotency: { key: pending.key, request_hash: pending.request_hash } };
    const base = { ref: id, merchant_id: current.merchant, correlation_id: correlationId, ...keyed };
    if (!outcome.ok) {
      const message = `${PIX_PROCESSOR} refused the Pix charge: ${outcome.reason}`.slice(0, 500);
      return tx.append(STREAMS.payments, { ...base, type: 'payment_intent.declined', data: { decline_code: 'processing_error', message, processor: PIX_PROCESSOR, processor_reference: null } });
    }
    return tx.append(STREAMS.payments, {
      ...base,
      type: 'payment_intent.pix_qr_code_issued',
      data: { processor: PIX_PROCESSOR, processor_reference: outcome.processor_reference, txid: outcome.txid, data: outcome.data, expires_at: outcome.expires_at },
    });
  }

  /**
   * Confirmations whose Pix charge was never recorded (providerA did not answer, or the process died):
   * asked again with the same processor idempotency key, so providerA answers the same charge.
   */
  async resolveStuck(now: number, stuck_after_ms: number): Promise<void> {
    const { ledger, logger } = this.deps;
    const stuck = [...this.state.payments.values()].filter((p) => isPixPayment(p) && p.processing && p.status === 'created' && !this.state.pixCharges.has(p.id) && now - p.updated * 1000 >= stuck_after_ms);
    for (const intent of stuck) {
      const correlationId = `resolver_${intent.id}`;
      const outcome = await this.createCharge(intent, correlationId).catch((error: Error) => {
        logger.error({ payment_intent: intent.id, err: error.message }, 'could not ask providerA again for a Pix charge');
        return null;
      });
      if (outcome === null) continue; // still unknown: next pass
      await ledger
        .transact(intent.merchant, (tx) => this.record(tx, intent.id, outcome, correlationId))
        .then((event) => event && logger.warn({ payment_intent: intent.id, result: event.type }, 'resolved a Pix confirmation left without its charge'))
        .catch((error: Error) => logger.error({ payment_intent: intent.id, err: error.message }, 'could not record a stuck Pix confirmation'));
    }
  }

  /** Reverses every Pix PaymentIntent still unpaid at its expiry (reason `expired`); answers how many. */
  async expireDue(now: number): Promise<number> {
    const { ledger, logger } = this.deps;
    await ledger.catchUp();
    const due = [...this.state.pixCharges.entries()].filter(([id, pix]) => !pix.expired && pix.expires_at * 1000 <= now && this.state.payments.get(id)?.status === 'created');
    let expired = 0;
    for (const [id] of due) {
      const event = await ledger.transact(await ledger.ownerOf(id), (tx) => {
        // Decided again against caught-up state: the payment's notice, or another process, may have been first.
        const current = this.state.payments.get(id);
        const pix = this.state.pixCharges.get(id);
        if (current === undefined || pix === undefined || pix.expired || current.status !== 'created' || pix.expires_at * 1000 > now) return null;
        return tx.append(STREAMS.payments, { ref: id, merchant_id: current.merchant, correlation_id: `pix_expiry_${id}`, type: 'payment_intent.reversed', data: { reason: 'expired' } });
      });
      if (event !== null) {
        expired += 1;
        logger.info({ payment_intent: id }, 'Pix payment expired unpaid');
      }
    }
    return expired;
  }

  /** A capture notice for a Pix PaymentIntent that expired unpaid: the money came after all. */
  isLatePayment(notice: ProviderNotice, intent: PaymentIntent): boolean {
    const captures = notice.kind === 'captured' || (notice.kind === 'authorized' && notice.captured === true);
    return captures && intent.status === 'reversed' && this.state.pixCharges.get(intent.id)?.expired === true;
  }

  /**
   * Records a late Pix payment in one commit (under the lock; the caller checked the notice is new): the
   * capture, through the usual capture path, and the gateway's own full refund of it, approved at once
   * (reason `paid_after_expiry`). The refund goes to providerA after the commit (`sendLateRefunds`).
   */
  applyLatePayment(tx: JournalTransaction, notice: ProviderNotice, intent: PaymentIntent, correlationId: string, causation: string): { events: JournalEvent[] } | { rejected: RejectionReason } {
    const pix = this.state.pixCharges.get(intent.id);
    if (pix === undefined) throw new Error(`assertion failed: late Pix payment of ${intent.id} without its charge`);
    if (notice.provider !== PIX_PROCESSOR) return { rejected: 'processor_mismatch' };
    if (notice.processor_reference !== null && notice.processor_reference !== pix.processor_reference) return { rejected: 'processor_reference_mismatch' };
    if (notice.currency !== undefined && notice.currency !== intent.currency) return { rejected: 'currency_mismatch' };
    if (notice.amount_invalid === true) return { rejected: 'amount_invalid' };
    if (notice.amount !== undefined && notice.amount !== intent.amount) return { rejected: 'amount_mismatch' };
    const base = { ref: intent.id, merchant_id: intent.merchant, correlation_id: correlationId, causation_id: causation };
    const captured = this.commands.appendCapture(tx, intent, PIX_PROCESSOR, intent.amount, pix.processor_reference, notice.fee, base);
    const refund = tx.append(STREAMS.refunds, {
      type: 'refund.created',
      ref: newId('re'),
      merchant_id: intent.merchant,
      correlation_id: correlationId,
      causation_id: causation,
      data: { payment_intent: intent.id, amount: intent.amount, currency: intent.currency, reason: PAID_AFTER_EXPIRY, status: 'approved' },
    });
    return { events: [captured, refund] };
  }

  /**
   * Sends the gateway's refunds of late Pix payments among `events` to providerA and records them. A
   * failure is logged, never thrown: the refund stays `approved` and the resolver sends it again with
   * the same processor idempotency key.
   */
  async sendLateRefunds(events: readonly JournalEvent[], correlationId: string): Promise<void> {
    const { ledger, logger } = this.deps;
    for (const event of events) {
      if (event.type !== 'refund.created' || (event.data as { reason?: unknown }).reason !== PAID_AFTER_EXPIRY) continue;
      const refund = this.state.refunds.get(event.ref) as Refund;
      try {
        const result = await this.refunds.send(refund, correlationId);
        if (result === null) continue;
        const recorded = await ledger.transact(refund.merchant, (tx) => this.refunds.record(tx, refund.id, result, correlationId, null));
        logger.warn({ payment_intent: refund.payment_intent, refund: refund.id, result: recorded?.type ?? 'recorded elsewhere' }, 'refunded a Pix payment made after its PaymentIntent expired');
      } catch (error) {
        logger.error({ refund: refund.id, err: (error as Error).message }, 'could not send the refund of a late Pix payment; the resolver sends it again');
      }
    }
  }
}
