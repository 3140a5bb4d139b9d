import { assert, buildBrCode, PayrailError, SIMULATED_DECLINES, type ProcessorDeclineCode, type ProcessorName, type SimulatedOutcome, type TestCardBehaviour } from '@payrail/core';
import { JournalCorruptError, JournalUnavailableError, type Journal, type JournalTransaction } from '@payrail/journal';
import { journalError } from '@payrail/service-kit';
import { BOOK_EVENTS, BOOK_STREAMS } from '../books/bookStreams';
import { disputeFundsWithdrawn, nextCharge, pixRefundWindowOpen, pixStatus, refundableAmount, type CaptureMethod, type CardSummary, type SimCharge, type SimRefund } from '../books/charge';
import type { SimBooks } from '../books/simBooks';
import type { FaultInjector } from '../faults/faultInjector';
import type { CausingRequest, ChargeChange, ProcessorDialect } from './processorDialect';
import { pixEndToEndId, pixTxid } from './references';

/** What an admin (or the auto timer) may make of a dispute: see `ChargeService.closeDispute`. */
export type DisputeOutcome = 'won' | 'lost' | 'reversed_after_loss';

/** Who is asking: the Idempotency-Key (with the hash of the request) and the correlation id. */
export interface CallContext {
  idempotency: { key: string; request_hash: string } | null;
  correlation_id: string;
  /** The API request's id (Stripe's `req_...`): the `request` of the events it causes. */
  request_id?: string;
}

/** An HTTP answer in the processor's dialect. */
export interface Rendered {
  status: number;
  body: Record<string, unknown>;
}

export interface CallOutcome extends Rendered {
  /** The stored answer to an earlier request with the same Idempotency-Key. */
  replayed: boolean;
  /** The effect is recorded, but the answer must wait PROVIDER_TIMEOUT_MS (timeout fault or card). */
  timeout: boolean;
  /** A scripted processing_delay: the answer waits PROVIDER_SIMULATED_DELAY_MS. */
  delayed: boolean;
  /** A scripted network_timeout: nothing was done, and no answer is ever sent (the connection is dropped). */
  dropped: boolean;
}

export interface AuthorizeCommand {
  provider: ProcessorName;
  payment_intent: string;
  amount: number;
  currency: string;
  card: CardSummary;
  behaviour: TestCardBehaviour;
  /** A decline the card details cause by themselves: an expiry in the past, a malformed CVC. */
  card_decline: ProcessorDeclineCode | null;
  capture_method: CaptureMethod;
  description: string | null;
  merchant_account: string | null;
  /** The outcome the caller scripted (X-Simulate-Outcome), which replaces what the card and the faults would decide; null: none. */
  simulated: SimulatedOutcome | null;
}

/** A Pix charge to create (providerA): a one-time dynamic BR Code for `amount` centavos. */
export interface CreatePixCommand {
  payment_intent: string;
  amount: number;
  expires_after_s: number;
  description: string | null;
}

/** Where the payer's bank would fetch a charge (field 26-25 of its payload); `.test` never resolves. */
const PIX_LOCATION_HOST = 'pix.provider-sim.payrail.test';
/** The receiver the payloads name (fields 59 and 60): the sandbox acquirer's own account. */
const PIX_RECEIVER = { merchant_name: 'PAYRAIL SANDBOX', merchant_city: 'SAO PAULO' } as const;

interface Work {
  ref: string;
  rendered: Rendered;
  timeout: boolean;
  delayed?: boolean;
  dropped?: boolean;
}

/** Maps journal failures to the errors clients see: retry later (503), or an operator must look (500). */
export async function journalCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof JournalUnavailableError) throw new PayrailError('journal_unavailable', 'The processor books cannot be written right now; retry with the same Idempotency-Key.');
    if (error instanceof JournalCorruptError) throw journalError(error) as PayrailError;
    throw error;
  }
}

/**
 * The processors' operations on their books. Each runs as one journal command: under the lock it
 * checks the state, draws its faults, stages the events (the change, the webhooks it causes, and
 * the answer kept for its Idempotency-Key) and renders the answer from the state those events make.
 */
export class ChargeService {
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly deps: {
      journal: Journal;
      books: SimBooks;
      faults: FaultInjector;
      dialects: Readonly<Record<ProcessorName, ProcessorDialect>>;
    },
  ) {}

  /** Called after every commit (webhook dispatch, dispute timers). */
  onCommitted(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * Authorizes a card (and captures it, with automatic capture). The card's test behaviour and the
   * injected faults decide the outcome, unless the caller scripted one (`simulated`): then that
   * outcome is produced the way the card or fault that has it would produce it (a decline with its
   * code, a dispute after capture, a slow answer), and a network_timeout does nothing at all but note
   * the dropped call, so that the processor holds no charge for it.
   */
  authorize(command: AuthorizeCommand, context: CallContext, render: (charge: SimCharge) => Rendered): Promise<CallOutcome> {
    const { provider, simulated } = command;
    return this.call(provider, context, (tx) => {
      const dialect = this.deps.dialects[provider];
      const injected = this.deps.faults.authorization(provider); // drawn for every authorization, so streams stay aligned
      const base = {
        provider,
        payment_intent: command.payment_intent,
        amount: command.amount,
        currency: command.currency,
      };
      if (simulated === 'network_timeout') {
        tx.append(BOOK_STREAMS[provider], {
          type: BOOK_EVENTS.callDropped,
          ref: command.payment_intent,
          correlation_id: context.correlation_id,
          data: { ...base, simulated, ...(context.idempotency === null ? {} : { idempotency_key: context.idempotency.key }) },
        });
        // Never sent: sendOutcome drops the connection of a dropped call instead of answering it.
        return { ref: command.payment_intent, rendered: { status: 504, body: {} }, timeout: false, dropped: true };
      }
      // A script decides instead of the card (its number, expiry and CVC) and the injected decline and timeout.
      const scripted = simulated === null ? null : { simulated };
      const cardDecline = command.card_decline ?? (command.behaviour.kind === 'declines' ? command.behaviour.decline_code : null);
      const decline = simulated === null ? cardDecline ?? injected.decline : (SIMULATED_DECLINES[simulated] ?? null);
      const ref = dialect.chargeReference();
      const charged = {
        ...base,
        card: command.card,
        ...(command.description === null ? {} : { description: command.description }),
        ...(command.merchant_account === null ? {} : { merchant_account: command.merchant_account }),
      };
      let charge: SimCharge;
      let timeout = false;
      if (decline !== null) {
        charge = this.stage(tx, undefined, 'declined', context, {
          type: BOOK_EVENTS.chargeDeclined,
          ref,
          data: { ...charged, decline_code: decline, injected_fault: simulated === null && cardDecline === null ? 'decline' : null, ...scripted },
        });
      } else {
        const behaviour = simulated === null ? command.behaviour.kind : simulated === 'dispute_after_capture' ? 'succeeds_then_disputed' : 'succeeds';
        assert(behaviour !== 'declines', 'a declining test card always declines');
        const injectedTimeout = simulated === null && injected.timeout;
        timeout = behaviour === 'times_out' || injectedTimeout;
        charge = this.stage(tx, undefined, 'authorized', context, {
          type: BOOK_EVENTS.chargeAuthorized,
          ref,
          data: { ...charged, capture_method: command.capture_method, card_behaviour: behaviour, injected_fault: behaviour !== 'times_out' && injectedTimeout ? 'timeout' : null, ...scripted },
        });
        if (command.capture_method === 'automatic') charge = this.stageCapture(tx, charge, command.amount, context);
      }
      return { ref, rendered: render(charge), timeout, delayed: simulated === 'processing_delay' };
    });
  }

  /**
   * Creates a Pix charge through providerA: a txid, its one-time dynamic BR Code (the location names
   * the txid, field 62-05 is `***`, as Bacen specifies for dynamic payloads) and its expiry. No
   * webhook: the charge is pending until the payer pays it (`payPix`).
   */
  createPix(command: CreatePixCommand, context: CallContext, render: (charge: SimCharge) => Rendered): Promise<CallOutcome> {
    return this.call('providerA', context, (tx) => {
      const ref = this.deps.dialects.providerA.chargeReference();
      const txid = pixTxid();
      const payload = buildBrCode({ location: `${PIX_LOCATION_HOST}/qr/v2/cob/${txid}`, amount_minor: command.amount, ...PIX_RECEIVER });
      // A whole second, as the charge shows it (unix seconds): the gateway and the books expire it at the same instant.
      const expires_at = new Date((Math.floor(Date.now() / 1000) + command.expires_after_s) * 1000).toISOString();
      const charge = this.stage(tx, undefined, 'pix_created', context, {
        type: BOOK_EVENTS.pixChargeCreated,
        ref,
        data: {
          provider: 'providerA',
          payment_intent: command.payment_intent,
          amount: command.amount,
          currency: 'BRL',
          txid,
          payload,
          expires_at,
          ...(command.description === null ? {} : { description: command.description }),
        },
      });
      return { ref, rendered: render(charge), timeout: this.deps.faults.operationTimesOut('providerA') };
    });
  }

  /**
   * The payer pays a Pix charge (an admin, or the auto-pay timer): its money is captured and the
   * gateway told (`charge.succeeded`). A paid charge cannot be paid again (409); an expired one neither,
   * unless the late confirmation fault is on: then it is paid and reported after its expiry. With the
   * duplicate confirmation fault, a second notice (another event id) reports the same payment.
   */
  payPix(txid: string, trigger: 'admin' | 'auto', correlation_id: string): Promise<SimCharge> {
    return this.commit(() =>
      this.deps.journal.transact((tx) => {
        const charge = this.deps.books.chargeOfTxid(txid);
        if (charge === undefined || charge.pix === null) throw new PayrailError('resource_missing', `No Pix charge with txid ${txid}.`, { param: 'txid' });
        const status = pixStatus(charge);
        const faults = this.deps.faults.of('providerA');
        if (status === 'paid') throw new PayrailError('invalid_state_transition', `The Pix charge ${txid} is paid already; a dynamic BR Code is paid once.`, { details: { status } });
        if (status === 'expired' && !faults.pix_late_confirmation) {
          throw new PayrailError('invalid_state_transition', `The Pix charge ${txid} expired at ${charge.pix.expires_at}; it can no longer be paid.`, { details: { status } });
        }
        const context = { idempotency: null, correlation_id };
        const balance_transaction = this.deps.dialects.providerA.balanceTransactionReference();
        const paid = this.stage(tx, charge, 'captured', context, {
          type: BOOK_EVENTS.pixChargePaid,
          ref: charge.reference,
          data: { provider: 'providerA', amount: charge.amount, end_to_end_id: pixEndToEndId(new Date()), late: status === 'expired', trigger, ...(balance_transaction === null ? {} : { balance_transaction }) },
        });
        if (faults.pix_duplicate_confirmation) this.queueWebhooks(tx, paid, 'captured', new Date().toISOString(), correlation_id, null);
        return paid;
      }),
    );
  }

  capture(provider: ProcessorName, reference: string, amount: number | null, currency: string | null, context: CallContext, render: (charge: SimCharge) => Rendered): Promise<CallOutcome> {
    return this.call(provider, context, (tx) => {
      const charge = this.chargeIn(provider, reference, 'authorized', 'capture');
      const toCapture = amount ?? charge.amount;
      this.checkCurrency(charge, currency);
      if (toCapture > charge.amount) {
        throw new PayrailError('amount_exceeds_capturable', `At most ${charge.amount} can be captured on ${reference}.`, { param: 'amount', details: { amount_capturable: charge.amount } });
      }
      const timeout = this.deps.faults.operationTimesOut(provider);
      return { ref: reference, rendered: render(this.stageCapture(tx, charge, toCapture, context)), timeout };
    });
  }

  void(provider: ProcessorName, reference: string, context: CallContext, render: (charge: SimCharge) => Rendered): Promise<CallOutcome> {
    return this.call(provider, context, (tx) => {
      const charge = this.chargeIn(provider, reference, 'authorized', 'void');
      const timeout = this.deps.faults.operationTimesOut(provider);
      const void_reference = this.deps.dialects[provider].modificationReference();
      const voided = this.stage(tx, charge, 'voided', context, {
        type: BOOK_EVENTS.chargeVoided,
        ref: reference,
        data: { provider, ...(void_reference === null ? {} : { void_reference }) },
      });
      return { ref: reference, rendered: render(voided), timeout };
    });
  }

  refund(
    provider: ProcessorName,
    reference: string,
    amount: number | null,
    currency: string | null,
    context: CallContext,
    render: (charge: SimCharge, refund: SimRefund) => Rendered,
  ): Promise<CallOutcome> {
    return this.call(provider, context, (tx) => {
      const charge = this.chargeIn(provider, reference, 'captured', 'refund', 'charge');
      this.checkCurrency(charge, currency);
      if (charge.dispute !== null && charge.dispute.status !== 'won') {
        throw new PayrailError('invalid_state_transition', `${reference} is disputed; a disputed payment cannot be refunded.`, { details: { status: charge.status, dispute_status: charge.dispute.status } });
      }
      if (charge.pix !== null && !pixRefundWindowOpen(charge)) {
        throw new PayrailError('invalid_state_transition', `${reference} is a Pix payment of ${charge.captured_at}; a devolução is possible within 90 days of the payment only.`, { details: { status: charge.status } });
      }
      const refundable = refundableAmount(charge);
      const toRefund = amount ?? refundable;
      if (toRefund > refundable || toRefund === 0) {
        throw new PayrailError('amount_exceeds_refundable', `At most ${refundable} can still be refunded on ${reference}.`, { param: 'amount', details: { amount_refundable: refundable } });
      }
      const timeout = this.deps.faults.operationTimesOut(provider);
      const refundRef = this.deps.dialects[provider].refundReference();
      const refunded = this.stage(tx, charge, 'refunded', context, {
        type: BOOK_EVENTS.refundSucceeded,
        ref: refundRef,
        data: { provider, charge: reference, amount: toRefund, currency: charge.currency },
      });
      const refund = refunded.refunds.at(-1) as SimRefund;
      return { ref: refundRef, rendered: render(refunded, refund), timeout };
    });
  }

  /**
   * Opens a dispute on a captured charge (the dispute card after its delay, or an admin). providerA
   * withdraws the funds at once, as Stripe does (`charge.dispute.created`, then
   * `charge.dispute.funds_withdrawn`); providerB only announces it (NOTIFICATION_OF_CHARGEBACK):
   * Adyen's CHARGEBACK, which withdraws, comes with the outcome.
   */
  openDispute(provider: ProcessorName, reference: string, trigger: 'test_card' | 'admin', correlation_id: string): Promise<SimCharge> {
    return this.commit(() =>
      this.deps.journal.transact((tx) => {
        const charge = this.chargeIn(provider, reference, 'captured', 'dispute', 'reference');
        if (charge.dispute !== null) {
          throw new PayrailError('invalid_state_transition', `${reference} already has dispute ${charge.dispute.id}.`, { details: { dispute: charge.dispute.id, dispute_status: charge.dispute.status } });
        }
        const amount = refundableAmount(charge);
        if (amount === 0) throw new PayrailError('invalid_state_transition', `${reference} is fully refunded; nothing is left to dispute.`, { details: { status: charge.status } });
        const context = { idempotency: null, correlation_id };
        const opened = this.stage(tx, charge, 'dispute_opened', context, {
          type: BOOK_EVENTS.disputeOpened,
          ref: this.deps.dialects[provider].disputeReference(),
          data: { provider, charge: reference, amount, currency: charge.currency, reason: 'fraudulent', trigger },
        });
        return provider === 'providerA' ? this.stageFunds(tx, opened, 'withdrawn', context) : opened;
      }),
    );
  }

  /**
   * Gives the dispute of a charge (`reference`: the charge's or the dispute's) an outcome, with the
   * money movements the processor makes for it:
   * - `won`: the funds come back (withdrawn first when they were not yet: Adyen's CHARGEBACK, then
   *   CHARGEBACK_REVERSED; Stripe's `charge.dispute.closed` won and `funds_reinstated`);
   * - `lost`: the funds stay withdrawn (Stripe `closed` lost; Adyen CHARGEBACK with disputeStatus
   *   Lost); on a dispute already won it is the issuer's second chargeback (Adyen SECOND_CHARGEBACK,
   *   pre-arbitration; Stripe has none, so providerA refuses it);
   * - `reversed_after_loss`: lost as above (if it is not already), then reversed: the funds come
   *   back and the verdict turns to won (Adyen CHARGEBACK_REVERSED; Stripe `funds_reinstated`).
   */
  closeDispute(reference: string, outcome: DisputeOutcome, trigger: 'auto' | 'admin', correlation_id: string): Promise<SimCharge> {
    return this.commit(() =>
      this.deps.journal.transact((tx) => {
        const found = this.deps.books.charge(reference) ?? this.deps.books.chargeOfDispute(reference);
        if (found === undefined) throw new PayrailError('resource_missing', `No charge or dispute ${reference}.`, { param: 'reference' });
        const dispute = found.dispute;
        if (dispute === null) throw new PayrailError('resource_missing', `${reference} has no dispute.`, { param: 'reference' });
        const context = { idempotency: null, correlation_id };
        const refuse = (why: string): never => {
          throw new PayrailError('invalid_state_transition', `The dispute of ${found.reference} is ${dispute.status}; ${why}`, { details: { dispute_status: dispute.status } });
        };
        const verdict = (charge: SimCharge, to: 'won' | 'lost'): SimCharge =>
          this.stage(tx, charge, 'dispute_closed', context, { type: BOOK_EVENTS.disputeClosed, ref: dispute.id, data: { provider: charge.provider, charge: charge.reference, outcome: to, trigger } });
        const withdrawn = (charge: SimCharge): boolean => charge.dispute !== null && disputeFundsWithdrawn(charge.dispute);
        let charge = found;
        switch (outcome) {
          case 'won':
            if (dispute.status !== 'needs_response') refuse('only an open dispute can be won (a lost one is reversed: reversed_after_loss).');
            if (!withdrawn(charge)) charge = this.stageFunds(tx, charge, 'withdrawn', context);
            charge = verdict(charge, 'won');
            return this.stageFunds(tx, charge, 'reinstated', context);
          case 'lost':
            if (dispute.status === 'lost') refuse('it is lost already.');
            if (dispute.status === 'won' && found.provider === 'providerA') refuse('providerA (Stripe) has no second chargeback.');
            charge = verdict(charge, 'lost');
            return withdrawn(charge) ? charge : this.stageFunds(tx, charge, 'withdrawn', context);
          case 'reversed_after_loss':
            if (dispute.status === 'won') refuse('there is no loss to reverse.');
            if (dispute.status === 'needs_response') {
              charge = verdict(charge, 'lost');
              if (!withdrawn(charge)) charge = this.stageFunds(tx, charge, 'withdrawn', context);
            }
            charge = verdict(charge, 'won');
            return this.stageFunds(tx, charge, 'reinstated', context);
        }
      }),
    );
  }

  /** Moves a dispute's funds: withdrawn from the merchant, or reinstated. */
  private stageFunds(tx: JournalTransaction, charge: SimCharge, direction: 'withdrawn' | 'reinstated', context: CallContext): SimCharge {
    const dispute = charge.dispute;
    assert(dispute !== null, 'dispute funds move only on a disputed charge');
    const balance_transaction = this.deps.dialects[charge.provider].balanceTransactionReference();
    return this.stage(tx, charge, direction === 'withdrawn' ? 'dispute_funds_withdrawn' : 'dispute_funds_reinstated', context, {
      type: BOOK_EVENTS.disputeFundsMoved,
      ref: dispute.id,
      data: { provider: charge.provider, charge: charge.reference, direction, amount: dispute.amount, ...(balance_transaction === null ? {} : { balance_transaction }) },
    });
  }

  private async call(provider: ProcessorName, context: CallContext, work: (tx: JournalTransaction) => Work): Promise<CallOutcome> {
    return this.commit(() =>
      this.deps.journal.transact((tx): CallOutcome => {
        const { idempotency } = context;
        if (idempotency !== null) {
          const stored = this.deps.books.response(provider, idempotency.key);
          if (stored !== undefined) {
            if (stored.request_hash !== idempotency.request_hash) {
              throw new PayrailError('idempotency_key_reused', undefined, { param: 'Idempotency-Key' });
            }
            return { status: stored.status, body: stored.body, replayed: true, timeout: false, delayed: false, dropped: false };
          }
        }
        const { ref, rendered, timeout, delayed = false, dropped = false } = work(tx);
        // A dropped call was never answered, so there is no answer to keep for its key.
        if (idempotency !== null && !dropped) {
          tx.append(BOOK_STREAMS[provider], {
            type: BOOK_EVENTS.responseRecorded,
            ref,
            correlation_id: context.correlation_id,
            data: { provider, idempotency_key: idempotency.key, request_hash: idempotency.request_hash, status: rendered.status, body: rendered.body },
          });
        }
        return { ...rendered, replayed: false, timeout, delayed, dropped };
      }),
    );
  }

  private async commit<T>(transact: () => Promise<T>): Promise<T> {
    const result = await journalCall(transact);
    for (const listener of this.listeners) listener();
    return result;
  }

  private chargeIn(provider: ProcessorName, reference: string, status: SimCharge['status'], action: string, param = 'id'): SimCharge {
    const charge = this.deps.books.charge(reference);
    if (charge === undefined || charge.provider !== provider) throw new PayrailError('resource_missing', `No such charge: ${reference}.`, { param });
    if (charge.status !== status) {
      throw new PayrailError('invalid_state_transition', `${reference} is ${charge.status}; only an ${status} charge allows ${action}.`, { details: { status: charge.status } });
    }
    return charge;
  }

  private checkCurrency(charge: SimCharge, currency: string | null): void {
    if (currency !== null && currency !== charge.currency) {
      throw new PayrailError('parameter_invalid', `${charge.reference} is in ${charge.currency}, not ${currency}.`, { param: 'amount.currency' });
    }
  }

  private stageCapture(tx: JournalTransaction, charge: SimCharge, amount: number, context: CallContext): SimCharge {
    const dialect = this.deps.dialects[charge.provider];
    const capture_reference = dialect.modificationReference();
    const balance_transaction = dialect.balanceTransactionReference();
    return this.stage(tx, charge, 'captured', context, {
      type: BOOK_EVENTS.chargeCaptured,
      ref: charge.reference,
      data: {
        provider: charge.provider,
        amount,
        currency: charge.currency,
        ...(capture_reference === null ? {} : { capture_reference }),
        ...(balance_transaction === null ? {} : { balance_transaction }),
      },
    });
  }

  /** Appends one charge event and the webhooks it causes; returns the charge after it. */
  private stage(
    tx: JournalTransaction,
    charge: SimCharge | undefined,
    change: ChargeChange,
    context: CallContext,
    draft: { type: string; ref: string; data: Record<string, unknown> },
  ): SimCharge {
    const provider = draft.data['provider'] as ProcessorName;
    const event = tx.append(BOOK_STREAMS[provider], { ...draft, correlation_id: context.correlation_id });
    const next = nextCharge(charge, event);
    const request: CausingRequest = context.request_id === undefined ? null : { id: context.request_id, idempotency_key: context.idempotency?.key ?? null };
    this.queueWebhooks(tx, next, change, event.timestamp, context.correlation_id, request);
    return next;
  }

  private queueWebhooks(tx: JournalTransaction, charge: SimCharge, change: ChargeChange, at: string, correlation_id: string, request: CausingRequest): void {
    for (const webhook of this.deps.dialects[charge.provider].webhooks(change, charge, at, request)) {
      tx.append(BOOK_STREAMS[charge.provider], {
        type: BOOK_EVENTS.webhookQueued,
        ref: webhook.id,
        correlation_id,
        data: {
          provider: charge.provider,
          event_type: webhook.event_type,
          payment_intent: charge.payment_intent,
          payload: webhook.payload,
          deliveries: this.deps.faults.webhookDeliveries(charge.provider),
        },
      });
    }
  }
}
