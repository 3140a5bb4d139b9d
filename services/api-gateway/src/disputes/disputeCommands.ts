import { PayrailError, newId } from '@payrail/core';
import type { JournalEvent, JournalTransaction } from '@payrail/journal';
import type { GatewayDeps } from '../common/deps';
import { chargebackEscrowIn, disputeEscrowIn } from '../escrows/escrowHooks';
import { illegalTransition, notFound, type RouteResult } from '../http/route';
import { committedResponse, idempotencyField, priorUse, replay, type IdempotentRequest } from '../idempotency/idempotency';
import { STREAMS, reinstatementPostings, reversalPostings, unixSeconds, type Dispute, type DisputeFundsStatus, type ProcessorName } from '@payrail/ledger';

export interface OpenDisputeInput {
  payment_intent: string;
  reason: string;
  amount?: number;
  processor_dispute_id?: string;
  processor_event?: string;
}

/**
 * Disputes (DESIGN §4): opened → under_review → won | lost, and a verdict can turn (won → lost at
 * pre-arbitration, lost → won when a chargeback is reversed). They are opened and closed by the
 * processor; the merchant submits evidence. Money follows the processor, not the verdict: a withdrawal
 * moves the payment to `chargeback` and reverses its postings, a reinstatement puts both back.
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

  /** Opens a dispute on a captured payment (the internal route in tests and demos). */
  async open(input: OpenDisputeInput, correlationId: string): Promise<Dispute> {
    const dispute = await this.deps.ledger.transact(await this.deps.ledger.ownerOf(input.payment_intent), (tx) => this.openIn(tx, input, correlationId).dispute);
    return this.find(null, dispute.id);
  }

  /**
   * A processor's notice about the dispute of a payment, in one ledger transaction: the dispute is
   * opened when the payment has none yet, then the notice's step is applied (see `applyStep`).
   */
  async applyNotice(input: OpenDisputeInput, step: DisputeStep, correlationId: string): Promise<StepResult> {
    return this.deps.ledger.transact(await this.deps.ledger.ownerOf(input.payment_intent), (tx): StepResult => {
      if (input.processor_event !== undefined && this.state.causations.has(input.processor_event)) return { outcome: 'duplicate', events: [] };
      const before = this.state.payments.get(input.payment_intent)?.dispute ?? null;
      const { dispute, event } = this.openIn(tx, input, correlationId);
      const result = this.stepIn(tx, dispute, step, correlationId, input.processor_event);
      const events = event === null ? result.events : [event, ...result.events];
      return before === null ? { outcome: 'applied', events } : result;
    });
  }

  /**
   * The payment's dispute, opened now (staged) when it has none. The state applies staged events only
   * when the command returns, so the dispute opened here is returned as it will be.
   */
  private openIn(tx: JournalTransaction, input: OpenDisputeInput, correlationId: string): { dispute: Dispute; event: JournalEvent | null } {
    const intent = this.state.payments.get(input.payment_intent);
    if (intent === undefined) throw notFound('payment_intent', input.payment_intent, 'payment_intent');
    if (intent.dispute !== null) return { dispute: this.find(null, intent.dispute), event: null };
    if (intent.status !== 'captured' && intent.status !== 'settled') throw illegalTransition('payment_intent', intent.id, intent.status, 'disputed');
    const amount = input.amount ?? intent.amount_received;
    if (amount <= 0 || amount > intent.amount_received) throw new PayrailError('parameter_invalid', `A dispute is at most the ${intent.amount_received} captured.`, { param: 'amount' });
    const event = tx.append(STREAMS.disputes, {
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
    disputeEscrowIn(this.state, tx, intent.id, event.ref, input.reason, { correlation_id: correlationId, ...(input.processor_event ? { causation_id: input.processor_event } : {}) });
    const at = unixSeconds(event.timestamp);
    const dispute: Dispute = {
      id: event.ref, object: 'dispute', merchant: intent.merchant, payment_intent: intent.id, amount, currency: intent.currency, status: 'opened', reason: input.reason,
      processor: intent.processor as ProcessorName, processor_dispute_id: input.processor_dispute_id || null, funds_status: 'not_withdrawn', amount_withdrawn: 0, evidence: null, created: at, updated: at,
    };
    return { dispute, event };
  }

  /** The merchant's evidence: moves an opened dispute to under_review. */
  async submitEvidence(request: IdempotentRequest, id: string, evidence: { text: string; file_name?: string }, correlationId: string): Promise<RouteResult> {
    const { config, ledger } = this.deps;
    const event = await ledger.transact(request.merchant, (tx): { prior: true } | JournalEvent => {
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
   * One step of the dispute at the processor (see `DisputeStep`), in one ledger transaction: the money
   * moves to where the processor says it is (each movement a `payment_intent.chargeback` or
   * `payment_intent.chargeback_reversed` with balanced postings, plus `dispute.funds_withdrawn` or
   * `dispute.funds_reinstated`), then the verdict is recorded. A step of an earlier stage than the
   * dispute has reached is old news (`out_of_order`) and writes nothing; a repeated one writes nothing.
   */
  async applyStep(id: string, step: DisputeStep, correlationId: string, processorEvent?: string): Promise<StepResult> {
    return this.deps.ledger.transact(await this.deps.ledger.ownerOf(id), (tx) => this.stepIn(tx, this.find(null, id), step, correlationId, processorEvent));
  }

  private stepIn(tx: JournalTransaction, dispute: Dispute, step: DisputeStep, correlationId: string, processorEvent?: string): StepResult {
    const id = dispute.id;
    const reached = this.state.disputeStages.get(id) ?? 0;
    if (step.stage < reached) return { outcome: 'out_of_order', events: [] };
    const base = { merchant_id: dispute.merchant, correlation_id: correlationId, ...(processorEvent ? { causation_id: processorEvent } : {}) };
    const said = { ...(processorEvent ? { processor_event: processorEvent } : {}), ...(step.processor_status ? { processor_status: step.processor_status } : {}) };
    const money = { processor: dispute.processor, merchant: dispute.merchant, amount: dispute.amount, currency: dispute.currency };
    const events: JournalEvent[] = [];
    const move = (direction: 'withdraw' | 'reinstate', stage: number): void => {
      const withdraw = direction === 'withdraw';
      events.push(
        tx.append(STREAMS.payments, {
          ...base,
          type: withdraw ? 'payment_intent.chargeback' : 'payment_intent.chargeback_reversed',
          ref: dispute.payment_intent,
          data: { dispute: id, amount: dispute.amount },
          postings: withdraw ? reversalPostings(money) : reinstatementPostings(money),
        }),
        tx.append(STREAMS.disputes, { ...base, type: withdraw ? 'dispute.funds_withdrawn' : 'dispute.funds_reinstated', ref: id, data: { amount: dispute.amount, stage, ...said } }),
      );
      if (withdraw) chargebackEscrowIn(this.state, tx, dispute.payment_intent, dispute.amount, { correlation_id: correlationId, ...(processorEvent ? { causation_id: processorEvent } : {}) });
    };
    if (step.stage > reached && step.funds !== 'not_withdrawn') {
      const withdrawn = dispute.funds_status === 'withdrawn';
      const wantWithdrawn = step.funds === 'withdrawn';
      if (withdrawn !== wantWithdrawn) move(wantWithdrawn ? 'withdraw' : 'reinstate', step.stage);
      else if (step.stage - reached >= 2) {
        // The step in between never reached us (or comes later): the processor moved the money out
        // and back (or back and out again); both movements are recorded, as the processor made them.
        move(wantWithdrawn ? 'reinstate' : 'withdraw', step.stage - 1);
        move(wantWithdrawn ? 'withdraw' : 'reinstate', step.stage);
      }
    }
    if (step.verdict !== null && step.verdict !== dispute.status) {
      events.push(tx.append(STREAMS.disputes, { ...base, type: `dispute.${step.verdict}`, ref: id, data: { stage: Math.max(step.stage, reached), ...said } }));
    }
    return { outcome: events.length === 0 ? 'ignored' : 'applied', events };
  }

  /**
   * The internal close route (tests and demos), as a processor would do it: lost withdraws the money if
   * it is not withdrawn yet; won gives back what is withdrawn.
   */
  async close(id: string, outcome: 'won' | 'lost', correlationId: string): Promise<Dispute> {
    await this.deps.ledger.catchUp();
    const dispute = this.find(null, id);
    const reached = this.state.disputeStages.get(id) ?? 0;
    const withdrawn = dispute.funds_status === 'withdrawn';
    const moves = outcome === 'lost' ? !withdrawn : withdrawn;
    await this.applyStep(id, { stage: moves ? reached + 1 : reached, funds: outcome === 'lost' ? 'withdrawn' : withdrawn ? 'reinstated' : dispute.funds_status, verdict: outcome }, correlationId);
    return this.find(null, id);
  }
}

/**
 * What a processor notice says of a dispute: how far it has gone (`stage`: 0 opened or an inquiry,
 * 1 funds withdrawn, 2 reinstated, 3 withdrawn again at pre-arbitration, 4 its end), where the money
 * is, and the verdict when there is one.
 */
export interface DisputeStep {
  stage: number;
  funds: DisputeFundsStatus;
  verdict: 'won' | 'lost' | null;
  /** The processor's own word for the dispute's status (Stripe `status`, Adyen `disputeStatus`). */
  processor_status?: string;
}

export interface StepResult {
  outcome: 'applied' | 'ignored' | 'out_of_order' | 'duplicate';
  events: JournalEvent[];
}
