import { PayrailError, newId } from '@payrail/core';
import type { JournalEvent } from '@payrail/journal';
import type { GatewayDeps } from '../common/deps';
import { illegalTransition, notFound, type RouteResult } from '../http/route';
import { committedResponse, idempotencyField, priorUse, replay, type IdempotentRequest } from '../idempotency/idempotency';
import { STREAMS, reversalPostings, type Dispute, type ProcessorName } from '@payrail/ledger';

export interface OpenDisputeInput {
  payment_intent: string;
  reason: string;
  amount?: number;
  processor_dispute_id?: string;
  processor_event?: string;
}

/**
 * Disputes (DESIGN §4): opened → under_review → won | lost. They are opened and closed by the
 * processor; the merchant submits evidence. A lost dispute moves the payment to `chargeback` and
 * reverses its postings.
 */
export class DisputeCommands {
  constructor(private readonly deps: GatewayDeps) {}

  private get state() {
    return this.deps.ledger.state;
  }

  find(merchant: string | null, id: string): Dispute {
    const dispute = this.state.disputes.get(id);
    if (dispute === undefined || (merchant !== null && dispute.merchant !== merchant)) throw notFound('dispute', id);
    return dispute;
  }

  /** Opens a dispute on a captured payment (from a processor webhook, or the internal route in tests). */
  async open(input: OpenDisputeInput, correlationId: string): Promise<Dispute> {
    const event = await this.deps.ledger.transact((tx) => {
      const intent = this.state.payments.get(input.payment_intent);
      if (intent === undefined) throw notFound('payment_intent', input.payment_intent, 'payment_intent');
      if (intent.dispute !== null) return this.state.disputes.get(intent.dispute) ?? null;
      if (intent.status !== 'captured' && intent.status !== 'settled') throw illegalTransition('payment_intent', intent.id, intent.status, 'disputed');
      const amount = input.amount ?? intent.amount_received;
      if (amount <= 0 || amount > intent.amount_received) throw new PayrailError('parameter_invalid', `A dispute is at most the ${intent.amount_received} captured.`, { param: 'amount' });
      return tx.append(STREAMS.disputes, {
        type: 'dispute.opened',
        ref: newId('dp'),
        merchant_id: intent.merchant,
        correlation_id: correlationId,
        ...(input.processor_event ? { causation_id: input.processor_event } : {}),
        data: {
          payment_intent: intent.id,
          amount,
          currency: intent.currency,
          reason: input.reason,
          processor: intent.processor as ProcessorName,
          ...(input.processor_dispute_id ? { processor_dispute_id: input.processor_dispute_id } : {}),
        },
      });
    });
    if (event === null) throw new Error('a payment names a dispute the ledger does not have');
    return 'object' in event ? event : this.find(null, event.ref);
  }

  /** The merchant's evidence: moves an opened dispute to under_review. */
  async submitEvidence(request: IdempotentRequest, id: string, evidence: { text: string; file_name?: string }, correlationId: string): Promise<RouteResult> {
    const { config, ledger } = this.deps;
    const event = await ledger.transact((tx): { prior: true } | JournalEvent => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return { prior: true };
      const dispute = this.find(request.merchant, id);
      if (dispute.status !== 'opened') throw illegalTransition('dispute', id, dispute.status, 'given evidence');
      return tx.append(STREAMS.disputes, {
        type: 'dispute.evidence_submitted', ref: id, merchant_id: request.merchant, correlation_id: correlationId, ...idempotencyField(request),
        data: { text: evidence.text, ...(evidence.file_name ? { file_name: evidence.file_name } : {}) },
      });
    });
    if ('prior' in event) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    return committedResponse(this.state, request, event, this.find(request.merchant, id));
  }

  /**
   * The processor's verdict. Lost: the payment becomes `chargeback` (its own event, with the reversing
   * postings) and the dispute `lost`. Safe to repeat: a retried verdict completes what is missing.
   */
  async close(id: string, outcome: 'won' | 'lost', correlationId: string, processorEvent?: string): Promise<Dispute> {
    await this.deps.ledger.transact((tx) => {
      const dispute = this.find(null, id);
      if (dispute.status === outcome) return;
      if (dispute.status !== 'opened' && dispute.status !== 'under_review') throw illegalTransition('dispute', id, dispute.status, `closed as ${outcome}`);
      const base = { merchant_id: dispute.merchant, correlation_id: correlationId, ...(processorEvent ? { causation_id: processorEvent } : {}) };
      if (outcome === 'lost') {
        const intent = this.state.payments.get(dispute.payment_intent);
        if (intent !== undefined && intent.status !== 'chargeback') {
          tx.append(STREAMS.payments, {
            ...base,
            type: 'payment_intent.chargeback',
            ref: intent.id,
            data: { dispute: id, amount: dispute.amount },
            postings: reversalPostings({ processor: dispute.processor, merchant: dispute.merchant, amount: dispute.amount, currency: dispute.currency }),
          });
        }
      }
      tx.append(STREAMS.disputes, { ...base, type: `dispute.${outcome}`, ref: id, data: processorEvent ? { processor_event: processorEvent } : {} });
    });
    return this.find(null, id);
  }
}
