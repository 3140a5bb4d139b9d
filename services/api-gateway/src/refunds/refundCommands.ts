import { PayrailError, newId } from '@payrail/core';
import type { JournalEvent, JournalTransaction } from '@payrail/journal';
import type { GatewayDeps } from '../common/deps';
import { checkAmount } from '../common/schemas';
import { illegalTransition, notFound, type RouteResult } from '../http/route';
import { committedResponse, idempotencyField, priorUse, replay, type IdempotentRequest } from '../idempotency/idempotency';
import { STREAMS, refundableAmount, reversalPostings, type PaymentIntent, type ProcessorName, type Refund } from '@payrail/ledger';
import { NoAnswerError } from '../processors/http';
import type { MoneyMoveOutcome } from '../processors/processorClient';

export interface CreateRefundInput {
  payment_intent: string;
  amount?: number;
  reason?: string;
  metadata?: Record<string, string>;
}

type Prior = { prior: true };
const PRIOR: Prior = { prior: true };

/**
 * Refunds (DESIGN §4): pending_approval → approved → succeeded | failed. A refund reserves its amount
 * when it is created, under the ledger lock, so concurrent refunds (even from two gateway processes)
 * can never add up to more than was captured.
 */
export class RefundCommands {
  constructor(private readonly deps: GatewayDeps) {}

  private get state() {
    return this.deps.ledger.state;
  }

  find(merchant: string, id: string): Refund {
    const refund = this.state.refunds.get(id);
    if (refund === undefined || refund.merchant !== merchant) throw notFound('refund', id);
    return refund;
  }

  async create(request: IdempotentRequest, input: CreateRefundInput, correlationId: string): Promise<RouteResult> {
    const { config, ledger } = this.deps;
    if (input.amount !== undefined) checkAmount(input.amount, config.AMOUNT_MAX);
    const created = await ledger.transact(request.merchant, (tx): Prior | JournalEvent => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return PRIOR;
      const intent = this.state.payments.get(input.payment_intent);
      if (intent === undefined || intent.merchant !== request.merchant) throw notFound('payment_intent', input.payment_intent, 'payment_intent');
      if (intent.status !== 'captured' && intent.status !== 'settled') throw illegalTransition('payment_intent', intent.id, intent.status, 'refunded');
      const escrow = this.state.escrows.ofPayment(intent.id);
      if (escrow !== undefined && escrow.status !== 'canceled') {
        throw new PayrailError('invalid_state_transition', `${intent.id} funds escrow ${escrow.id} (${escrow.status}): refund what custody holds with POST /v1/escrows/${escrow.id}/refund.`, { details: { current_state: escrow.status, escrow: escrow.id } });
      }
      const refundable = refundableAmount(intent, this.state.refundsByPayment.get(intent.id) ?? []);
      const amount = input.amount ?? refundable;
      if (amount <= 0 || amount > refundable) {
        throw new PayrailError('amount_exceeds_refundable', `Refund of ${amount} is above the ${refundable} still refundable on ${intent.id}.`, { param: 'amount', details: { refundable } });
      }
      const status = amount > config.REFUND_APPROVAL_THRESHOLD ? 'pending_approval' : 'approved';
      return tx.append(STREAMS.refunds, {
        type: 'refund.created',
        ref: newId('re'),
        merchant_id: request.merchant,
        correlation_id: correlationId,
        ...idempotencyField(request, status === 'approved'),
        data: { payment_intent: intent.id, amount, currency: intent.currency, reason: input.reason ?? 'requested_by_customer', status, ...(input.metadata ? { metadata: input.metadata } : {}) },
      });
    });
    if ('prior' in created) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    const refund = this.find(request.merchant, created.ref);
    if (refund.status === 'pending_approval') return committedResponse(this.state, request, created, refund);
    return this.execute(request, refund.id, correlationId);
  }

  /** Approves a pending refund (the approver's name is recorded) and sends it to the processor. */
  async approve(request: IdempotentRequest, id: string, approver: string, correlationId: string): Promise<RouteResult> {
    const { config, ledger } = this.deps;
    const approved = await ledger.transact(request.merchant, (tx): Prior | JournalEvent => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return PRIOR;
      const refund = this.find(request.merchant, id);
      if (refund.status !== 'pending_approval') throw illegalTransition('refund', id, refund.status, 'approved');
      return tx.append(STREAMS.refunds, { type: 'refund.approved', ref: id, merchant_id: request.merchant, correlation_id: correlationId, ...idempotencyField(request, true), data: { approver } });
    });
    if ('prior' in approved) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    return this.execute(request, id, correlationId);
  }

  /** Rejects a pending refund: it fails, and its amount is refundable again. */
  async reject(request: IdempotentRequest, id: string, approver: string, reason: string | undefined, correlationId: string): Promise<RouteResult> {
    const { config, ledger } = this.deps;
    const rejected = await ledger.transact(request.merchant, (tx): Prior | JournalEvent => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return PRIOR;
      const refund = this.find(request.merchant, id);
      if (refund.status !== 'pending_approval') throw illegalTransition('refund', id, refund.status, 'rejected');
      return tx.append(STREAMS.refunds, {
        type: 'refund.failed', ref: id, merchant_id: request.merchant, correlation_id: correlationId, ...idempotencyField(request),
        data: { failure_reason: `rejected by ${approver}${reason ? `: ${reason}` : ''}`, approver },
      });
    });
    if ('prior' in rejected) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    return committedResponse(this.state, request, rejected, this.find(request.merchant, id));
  }

  /**
   * Sends an approved refund to the processor that captured the payment and records the result. No
   * answer leaves it `approved` (in flight): the resolver resends it with the same processor
   * idempotency key, so the processor refunds once whatever happened to the first call.
   */
  async execute(request: IdempotentRequest, id: string, correlationId: string): Promise<RouteResult> {
    const { ledger } = this.deps;
    const refund = this.find(request.merchant, id);
    const result = await this.send(refund, correlationId);
    if (result === null) {
      throw new PayrailError('upstream_unavailable', 'The processor did not answer the refund; PayRail resends it with the same processor idempotency key until it has the result. Retry with the same Idempotency-Key to get it.', { details: { refund: id } });
    }
    const final = await ledger.transact(request.merchant, (tx) => this.record(tx, id, result, correlationId, request));
    if (final === null) {
      if (request.key !== null) return replay(ledger, request, this.deps.config.IDEMPOTENCY_WAIT_MS);
      return { status: 200, body: this.find(request.merchant, id) };
    }
    return committedResponse(this.state, request, final, this.find(request.merchant, id));
  }

  /** One refund call to its processor (the same key every time); null when it did not answer. */
  async send(refund: Refund, correlationId: string): Promise<MoneyMoveOutcome | null> {
    const { processors } = this.deps;
    const intent = this.state.payments.get(refund.payment_intent) as PaymentIntent;
    const processor = intent.processor as ProcessorName;
    try {
      return await processors.call(processor, (client) => client.refund({ processor_reference: intent.processor_reference ?? '', amount: refund.amount, currency: refund.currency, correlationId, idempotencyKey: `${refund.id}:refund` }));
    } catch (error) {
      if (error instanceof NoAnswerError) return null;
      throw error;
    }
  }

  /** Records a refund's result under the lock; null when another path recorded it first. */
  record(tx: JournalTransaction, id: string, result: MoneyMoveOutcome, correlationId: string, request: IdempotentRequest | null): JournalEvent | null {
    const refund = this.state.refunds.get(id) as Refund;
    if (refund.status !== 'approved') return null;
    const processor = this.state.payments.get(refund.payment_intent)?.processor as ProcessorName;
    const base = { ref: id, merchant_id: refund.merchant, correlation_id: correlationId, ...(request === null ? {} : idempotencyField(request)) };
    if (!result.ok) return tx.append(STREAMS.refunds, { ...base, type: 'refund.failed', data: { failure_reason: result.reason.slice(0, 500) } });
    return tx.append(STREAMS.refunds, {
      ...base,
      type: 'refund.succeeded',
      data: { processor, processor_reference: result.processor_reference },
      postings: reversalPostings({ processor, merchant: refund.merchant, amount: refund.amount, currency: refund.currency }),
    });
  }
}
