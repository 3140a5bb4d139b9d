import { PayrailError, newId } from '@payrail/core';
import type { JournalEvent, JournalTransaction } from '@payrail/journal';
import {
  STREAMS, custodyRefundPostings, releasePostings, unreleased,
  type Escrow, type PayeeRole, type PaymentIntent, type Release,
} from '@payrail/ledger';
import type { GatewayDeps } from '../common/deps';
import { checkAmount, checkCurrency } from '../common/schemas';
import { illegalTransition, notFound, type RouteResult } from '../http/route';
import { committedResponse, idempotencyField, priorUse, replay, type IdempotentRequest } from '../idempotency/idempotency';
import { checkPixCreation } from '../paymentIntents/pixPayments';
import { RefundCommands } from '../refunds/refundCommands';

export interface CreateEscrowInput {
  amount: number;
  currency: string;
  payees: Array<{ payee: string; role: PayeeRole; amount: number }>;
  payment_method?: string;
  payment_method_types?: Array<'card' | 'pix'>;
  release_at?: number;
  refund_deadline?: number;
  description?: string;
  metadata?: Record<string, string>;
}

/** What starts a transition (recorded on its event). */
export type EscrowTrigger = 'api' | 'release_at' | 'refund_deadline' | 'dispute_resolution' | 'chargeback';

type Prior = { prior: true };
const PRIOR: Prior = { prior: true };
type Base = { ref: string; merchant_id: string; correlation_id: string; causation_id?: string } & ReturnType<typeof idempotencyField>;

/** A payment dispute the processor has not decided yet: while it lasts, the escrow's money is the network's call. */
const undecided = (status: string | undefined): boolean => status === 'opened' || status === 'under_review';

/**
 * Escrow orders (the Ventra seed): a payment held in custody for its payees. Every decision is taken
 * under the ledger lock against caught-up state, like the payment commands, so two gateway processes
 * can never both release, or release what was refunded. The money moves with each event's postings:
 * the captured payment into `escrow_custody:<id>` (escrow.funded, in the capture's own commit), out
 * to each payee (released) or back to the merchant's balance for the buyer's refund (refunded).
 */
export class EscrowCommands {
  private readonly refunds: RefundCommands;

  constructor(private readonly deps: GatewayDeps) {
    this.refunds = new RefundCommands(deps);
  }

  private get state() {
    return this.deps.ledger.state;
  }

  find(merchant: string | null, id: string): Escrow {
    const escrow = this.state.escrows.escrows.get(id);
    if (escrow === undefined || (merchant !== null && escrow.merchant !== merchant)) throw notFound('escrow', id);
    return escrow;
  }

  async create(request: IdempotentRequest, input: CreateEscrowInput, correlationId: string): Promise<RouteResult> {
    const { config, ledger, vault } = this.deps;
    checkAmount(input.amount, config.AMOUNT_MAX);
    const currency = checkCurrency(input.currency);
    checkSplit(input);
    const pix = input.payment_method_types?.includes('pix') === true;
    if (pix) checkPixCreation({ currency: input.currency, ...(input.payment_method === undefined ? {} : { payment_method: input.payment_method }) });
    const now = Math.floor(Date.now() / 1000);
    const deadline = input.refund_deadline ?? now + Math.ceil(config.ESCROW_REFUND_DEADLINE_MS / 1000);
    if (deadline <= now) throw new PayrailError('parameter_invalid', 'refund_deadline must be in the future.', { param: 'refund_deadline' });
    if (input.release_at !== undefined && (input.release_at <= now || input.release_at >= deadline)) {
      throw new PayrailError('parameter_invalid', 'release_at must be in the future and before the refund_deadline.', { param: 'release_at' });
    }
    const card = input.payment_method === undefined ? null : await vault.card(input.payment_method, correlationId);
    const outcome = await ledger.transact(request.merchant, (tx): Prior | JournalEvent => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return PRIOR;
      const escrowId = newId('esc');
      const paymentId = newId('pi');
      tx.append(STREAMS.payments, {
        type: 'payment_intent.created',
        ref: paymentId,
        merchant_id: request.merchant,
        correlation_id: correlationId,
        data: {
          amount: input.amount,
          currency,
          capture_method: 'automatic',
          payment_method: input.payment_method ?? null,
          card,
          customer: null,
          metadata: { escrow: escrowId },
          description: input.description ?? null,
          ...(pix ? { payment_method_types: ['pix'] } : {}),
        },
      });
      return tx.append(STREAMS.escrows, {
        type: 'escrow.created',
        ref: escrowId,
        merchant_id: request.merchant,
        correlation_id: correlationId,
        ...idempotencyField(request),
        data: {
          payment_intent: paymentId,
          amount: input.amount,
          currency,
          payees: input.payees.map((payee) => ({ payee: payee.payee, role: payee.role, amount: payee.amount })),
          release_at: input.release_at ?? null,
          refund_deadline: deadline,
          description: input.description ?? null,
          metadata: input.metadata ?? {},
        },
      });
    });
    if ('prior' in outcome) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    return committedResponse(this.state, request, outcome, this.find(request.merchant, outcome.ref));
  }

  /** Releases to the payees named (each at most what it still has in custody), or everything left to everyone. */
  async release(request: IdempotentRequest, id: string, approver: string, payees: Array<{ payee: string; amount: number }> | undefined, correlationId: string): Promise<RouteResult> {
    return this.decide(request, id, (tx, escrow, base) => {
      if (escrow.status === 'disputed') {
        throw new PayrailError('invalid_state_transition', `This escrow is disputed: release is frozen until the dispute is resolved (POST /v1/escrows/${id}/resolve).`, { details: { current_state: 'disputed', escrow: id } });
      }
      if (escrow.status !== 'in_custody') throw illegalTransition('escrow', id, escrow.status, 'released');
      return this.releaseIn(tx, escrow, base, approver, payees === undefined ? remaining(escrow) : chosen(escrow, payees), 'api');
    }, correlationId);
  }

  /** Refunds the buyer what custody still holds (payees keep what was released to them). */
  async refund(request: IdempotentRequest, id: string, approver: string, reason: string | undefined, correlationId: string): Promise<RouteResult> {
    const result = await this.decide(request, id, (tx, escrow, base) => {
      if (escrow.status !== 'in_custody' && escrow.status !== 'disputed') throw illegalTransition('escrow', id, escrow.status, 'refunded');
      this.refuseWhileProcessorDecides(escrow, 'refunded');
      return this.refundIn(tx, escrow, base, approver, reason, 'api');
    }, correlationId);
    await this.sendRefund(id, correlationId);
    return result;
  }

  /** A buyer's claim on the platform: release is frozen until it is resolved. */
  async dispute(request: IdempotentRequest, id: string, reason: string, correlationId: string): Promise<RouteResult> {
    return this.decide(request, id, (tx, escrow, base) => {
      if (escrow.status !== 'in_custody') throw illegalTransition('escrow', id, escrow.status, 'disputed');
      return tx.append(STREAMS.escrows, { ...base, type: 'escrow.disputed', data: { reason, source: 'platform', dispute: null } });
    }, correlationId);
  }

  /** Ends a dispute: everything left in custody is released to the payees, or refunded to the buyer. */
  async resolve(request: IdempotentRequest, id: string, approver: string, outcome: 'release' | 'refund', correlationId: string): Promise<RouteResult> {
    const result = await this.decide(request, id, (tx, escrow, base) => {
      if (escrow.status !== 'disputed') throw illegalTransition('escrow', id, escrow.status, 'resolved (it is not disputed)');
      this.refuseWhileProcessorDecides(escrow, 'resolved');
      if (outcome === 'refund') return this.refundIn(tx, escrow, base, approver, 'dispute resolved for the buyer', 'dispute_resolution');
      return this.releaseIn(tx, escrow, base, approver, remaining(escrow), 'dispute_resolution');
    }, correlationId);
    if (outcome === 'refund') await this.sendRefund(id, correlationId);
    return result;
  }

  /** Cancels an escrow nobody paid (its PaymentIntent is canceled with it). */
  async cancel(request: IdempotentRequest, id: string, correlationId: string): Promise<RouteResult> {
    return this.decide(request, id, (tx, escrow, base) => {
      if (escrow.status !== 'awaiting_payment') throw illegalTransition('escrow', id, escrow.status, 'canceled');
      const intent = this.state.payments.get(escrow.payment_intent);
      if (intent?.processing === true || (intent !== undefined && intent.status !== 'created' && intent.status !== 'declined' && intent.status !== 'reversed')) {
        throw illegalTransition('escrow', id, `awaiting_payment with its payment ${intent.processing ? 'processing' : intent.status}`, 'canceled');
      }
      return this.cancelIn(tx, escrow, base, 'requested', intent);
    }, correlationId);
  }

  /**
   * One pass of the escrows' clock: releases at release_at, refunds at refund_deadline, cancels those
   * whose payment can no longer be paid. Each escrow is decided in its own commit, against caught-up
   * state, so every gateway process may run it: the first one wins and the others find nothing to do.
   */
  async tick(now = Date.now()): Promise<number> {
    await this.deps.ledger.catchUp();
    let changed = 0;
    for (const id of [...this.state.escrows.open]) {
      const escrow = this.state.escrows.escrows.get(id);
      if (escrow === undefined || this.due(escrow, now) === null) continue;
      const correlationId = `escrow_clock_${id}`;
      const event = await this.deps.ledger.transact(escrow.merchant, (tx) => {
        const current = this.find(null, id);
        const action = this.due(current, now);
        if (action === null) return null;
        const base: Base = { ref: id, merchant_id: current.merchant, correlation_id: correlationId };
        if (action === 'release') return this.releaseIn(tx, current, base, 'release_at', remaining(current), 'release_at');
        if (action === 'refund') return this.refundIn(tx, current, base, 'refund_deadline', 'refund_deadline passed without a release', 'refund_deadline');
        const intent = this.state.payments.get(current.payment_intent);
        return this.cancelIn(tx, current, base, action === 'cancel_failed' ? 'payment_failed' : 'refund_deadline', intent);
      });
      if (event === null) continue;
      changed++;
      if (event.type === 'escrow.refunded') await this.sendRefund(id, correlationId);
    }
    return changed;
  }

  /** What the clock must do to `escrow` at `now`, if anything. */
  private due(escrow: Escrow, now: number): 'release' | 'refund' | 'cancel_failed' | 'cancel_deadline' | null {
    const seconds = now / 1000;
    if (escrow.status === 'in_custody') {
      if (escrow.release_at !== null && escrow.release_at <= seconds) return 'release';
      if (escrow.refund_deadline <= seconds) return 'refund';
      return null;
    }
    if (escrow.status !== 'awaiting_payment') return null; // disputed: the dispute decides
    const intent = this.state.payments.get(escrow.payment_intent);
    if (intent === undefined || intent.processing) return null;
    if (intent.status === 'declined' || intent.status === 'reversed') return 'cancel_failed';
    if (intent.status === 'created' && escrow.refund_deadline <= seconds) return 'cancel_deadline';
    return null;
  }

  /** Runs one escrow command under the lock: idempotency, the escrow's check and events, the answer. */
  private async decide(request: IdempotentRequest, id: string, act: (tx: JournalTransaction, escrow: Escrow, base: Base) => JournalEvent, correlationId: string): Promise<RouteResult> {
    const { config, ledger } = this.deps;
    const outcome = await ledger.transact(request.merchant, (tx): Prior | JournalEvent => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return PRIOR;
      const escrow = this.find(request.merchant, id);
      return act(tx, escrow, { ref: id, merchant_id: request.merchant, correlation_id: correlationId, ...idempotencyField(request) });
    });
    if ('prior' in outcome) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    return committedResponse(this.state, request, outcome, this.find(request.merchant, id));
  }

  private releaseIn(tx: JournalTransaction, escrow: Escrow, base: Base, approver: string, releases: Release[], trigger: EscrowTrigger): JournalEvent {
    const total = releases.reduce((sum, release) => sum + release.amount, 0);
    if (total <= 0) throw illegalTransition('escrow', escrow.id, escrow.status, 'released (nothing is left in custody for those payees)');
    const all = total === escrow.amount_in_custody;
    return tx.append(STREAMS.escrows, {
      ...base,
      type: all ? 'escrow.released' : 'escrow.partially_released',
      data: { releases, approver, trigger },
      postings: releasePostings({ escrow: escrow.id, merchant: escrow.merchant, currency: escrow.currency, releases }),
    });
  }

  /**
   * What custody holds goes back to the buyer: escrow.refunded moves it to the merchant's balance and a
   * refund of the payment (created approved: the escrow's approver decided) pays it back through the
   * processor, sent after the commit like any refund, resent by the resolver when unanswered.
   */
  private refundIn(tx: JournalTransaction, escrow: Escrow, base: Base, approver: string, reason: string | undefined, trigger: EscrowTrigger): JournalEvent {
    const amount = escrow.amount_in_custody;
    if (amount <= 0) throw illegalTransition('escrow', escrow.id, escrow.status, 'refunded (custody holds nothing)');
    const { idempotency: _keyed, ...unkeyed } = base;
    const refund = tx.append(STREAMS.refunds, {
      ...unkeyed,
      type: 'refund.created',
      ref: newId('re'),
      data: { payment_intent: escrow.payment_intent, amount, currency: escrow.currency, reason: 'requested_by_customer', status: 'approved', metadata: { escrow: escrow.id } },
    });
    return tx.append(STREAMS.escrows, {
      ...base,
      type: 'escrow.refunded',
      data: { amount, refund: refund.ref, approver, ...(reason === undefined ? {} : { reason: reason.slice(0, 500) }), trigger },
      postings: custodyRefundPostings({ escrow: escrow.id, merchant: escrow.merchant, amount, currency: escrow.currency }),
    });
  }

  private cancelIn(tx: JournalTransaction, escrow: Escrow, base: Base, reason: 'requested' | 'refund_deadline' | 'payment_failed', intent: PaymentIntent | undefined): JournalEvent {
    if (intent?.status === 'created' && !intent.processing) {
      const { idempotency: _keyed, ...unkeyed } = base;
      tx.append(STREAMS.payments, { ...unkeyed, ref: intent.id, type: 'payment_intent.reversed', data: { reason: 'canceled', cancellation_reason: 'abandoned' } });
    }
    return tx.append(STREAMS.escrows, { ...base, type: 'escrow.canceled', data: { reason } });
  }

  /** A card dispute still open at the processor decides where the money goes: no one else may. */
  private refuseWhileProcessorDecides(escrow: Escrow, action: string): void {
    const intent = this.state.payments.get(escrow.payment_intent);
    const dispute = intent?.dispute === null || intent?.dispute === undefined ? undefined : this.state.disputes.get(intent.dispute);
    if (dispute !== undefined && undecided(dispute.status)) {
      throw new PayrailError('invalid_state_transition', `The card dispute ${dispute.id} on this escrow's payment is ${dispute.status}: the escrow cannot be ${action} until the processor decides it.`, { details: { current_state: escrow.status, escrow: escrow.id, dispute: dispute.id } });
    }
  }

  /** Sends the escrow's refund to the processor (when there is one in flight); a missing answer is left to the resolver. */
  private async sendRefund(id: string, correlationId: string): Promise<void> {
    const refundId = this.state.escrows.escrows.get(id)?.refund ?? null;
    const refund = refundId === null ? undefined : this.state.refunds.get(refundId);
    if (refund === undefined || refund.status !== 'approved') return;
    await this.refunds.execute({ merchant: refund.merchant, key: null, request_hash: '' }, refund.id, correlationId).catch((error: Error) => {
      this.deps.logger.warn({ escrow: id, refund: refund.id, err: error.message, correlation_id: correlationId }, 'escrow refund not answered yet; the resolver resends it');
    });
  }
}

/** Every payee's unreleased share. */
function remaining(escrow: Escrow): Release[] {
  return escrow.payees.filter((payee) => unreleased(payee) > 0).map((payee) => ({ payee: payee.payee, role: payee.role, amount: unreleased(payee) }));
}

/** The releases asked for: known payees, once each, each within what it still has in custody. */
function chosen(escrow: Escrow, asked: Array<{ payee: string; amount: number }>): Release[] {
  const seen = new Set<string>();
  return asked.map((ask, index) => {
    const payee = escrow.payees.find((candidate) => candidate.payee === ask.payee);
    if (payee === undefined) throw new PayrailError('parameter_invalid', `payees[${index}]: '${ask.payee}' is not a payee of this escrow.`, { param: `payees[${index}][payee]` });
    if (seen.has(ask.payee)) throw new PayrailError('parameter_invalid', `payees[${index}]: '${ask.payee}' is named twice.`, { param: `payees[${index}][payee]` });
    seen.add(ask.payee);
    if (ask.amount > unreleased(payee)) {
      throw new PayrailError('amount_exceeds_custody', `payees[${index}]: ${ask.amount} is above the ${unreleased(payee)} '${ask.payee}' still has in custody.`, { param: `payees[${index}][amount]`, details: { unreleased: unreleased(payee) } });
    }
    return { payee: payee.payee, role: payee.role, amount: ask.amount };
  });
}

/** The payees of a new escrow: distinct, one platform fee at most, their amounts summing to the escrow's. */
function checkSplit(input: CreateEscrowInput): void {
  const seen = new Set<string>();
  let total = 0;
  input.payees.forEach((payee, index) => {
    if (seen.has(payee.payee)) throw new PayrailError('escrow_split_invalid', `payees[${index}]: '${payee.payee}' is named twice.`, { param: `payees[${index}][payee]` });
    seen.add(payee.payee);
    if (payee.amount <= 0) throw new PayrailError('escrow_split_invalid', `payees[${index}]: amounts are integers in minor units, greater than zero.`, { param: `payees[${index}][amount]` });
    total += payee.amount;
  });
  if (input.payees.filter((payee) => payee.role === 'platform_fee').length > 1) throw new PayrailError('escrow_split_invalid', 'An escrow has at most one platform_fee payee.', { param: 'payees' });
  if (total !== input.amount) throw new PayrailError('escrow_split_invalid', `The payees' amounts sum to ${total}, not to the escrow's amount ${input.amount}.`, { param: 'payees' });
}
