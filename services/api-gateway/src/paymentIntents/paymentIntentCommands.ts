import { ERROR_CATALOGUE, PayrailError, newId, simulatedStep, type SimulateScript } from '@payrail/core';
import type { JournalEvent, JournalTransaction } from '@payrail/journal';
import type { GatewayDeps } from '../common/deps';
import { checkAmount, checkCurrency } from '../common/schemas';
import { illegalTransition, notFound, type RouteResult } from '../http/route';
import { committedResponse, idempotencyField, priorUse, replay, type IdempotentRequest } from '../idempotency/idempotency';
import { STREAMS, capturePostings, type CardSummary, type InFlightModification, type PaymentIntent, type ProcessorName } from '@payrail/ledger';
import { fundEscrowIn } from '../escrows/escrowHooks';
import { NoAnswerError } from '../processors/http';
import { ProcessorAttempt } from '../processors/processorAttempt';
import type { AuthorizeOutcome, InquiryOutcome } from '../processors/processorClient';
import { PixPayments, checkPixCreation, isPixPayment, pixNotSimulated } from './pixPayments';

export interface CreateInput {
  amount: number;
  currency: string;
  /** `['card']` (the default) or `['pix']`. */
  payment_method_types?: Array<'card' | 'pix'>;
  payment_method?: string;
  capture_method?: 'automatic' | 'manual';
  customer?: Record<string, unknown>;
  metadata?: Record<string, string>;
  description?: string;
  /** Test mode: the scripted outcome of each processor attempt (card payments only). */
  simulate?: SimulateScript;
}

/** What an update before confirmation may change. */
export interface UpdateInput {
  amount?: number;
  currency?: string;
  payment_method?: string;
  customer?: Record<string, unknown> | null;
  metadata?: Record<string, string>;
  description?: string | null;
}

type Prior = { prior: true };
const PRIOR: Prior = { prior: true };

/**
 * The PaymentIntent state machine (DESIGN §4): created → authorized → captured → settled, declined from
 * created, reversed from authorized. Every decision is taken inside the ledger lock against caught-up
 * state; processor calls happen outside it, bracketed by a pending marker and the result event.
 */
export class PaymentIntentCommands {
  private pixPayments: PixPayments | null = null;

  constructor(private readonly deps: GatewayDeps) {}

  /** The Pix side of these commands (confirmation, expiry, late payments). */
  get pix(): PixPayments {
    this.pixPayments ??= new PixPayments(this.deps, this);
    return this.pixPayments;
  }

  private get state() {
    return this.deps.ledger.state;
  }

  /** The merchant's payment, or 404 (another merchant's id is as unknown as a made-up one). */
  find(merchant: string, id: string): PaymentIntent {
    const intent = this.state.payments.get(id);
    if (intent === undefined || intent.merchant !== merchant) throw notFound('payment_intent', id);
    return intent;
  }

  async create(request: IdempotentRequest, input: CreateInput, correlationId: string): Promise<RouteResult> {
    const { config, ledger, vault } = this.deps;
    checkAmount(input.amount, config.AMOUNT_MAX);
    const currency = checkCurrency(input.currency);
    const pix = input.payment_method_types?.[0] === 'pix';
    if (pix) checkPixCreation(input);
    const card = input.payment_method === undefined ? null : await vault.card(input.payment_method, correlationId);
    const outcome = await ledger.transact(request.merchant, (tx): Prior | JournalEvent => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return PRIOR;
      return tx.append(STREAMS.payments, {
        type: 'payment_intent.created',
        ref: newId('pi'),
        merchant_id: request.merchant,
        correlation_id: correlationId,
        ...idempotencyField(request),
        data: {
          amount: input.amount,
          currency,
          capture_method: input.capture_method ?? 'automatic',
          payment_method: input.payment_method ?? null,
          card,
          customer: input.customer ?? null,
          metadata: input.metadata ?? {},
          description: input.description ?? null,
          ...(pix ? { payment_method_types: ['pix'] } : {}),
          ...(input.simulate === undefined ? {} : { simulate: input.simulate }),
        },
      });
    });
    if ('prior' in outcome) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    return committedResponse(this.state, request, outcome, this.find(request.merchant, outcome.ref));
  }

  /**
   * Changes a PaymentIntent before its confirmation (the Stripe-compatible API's update): amount,
   * currency, payment method, customer, description, metadata (merged; an empty value removes a key).
   */
  async update(request: IdempotentRequest, id: string, input: UpdateInput, correlationId: string): Promise<RouteResult> {
    const { config, ledger, vault } = this.deps;
    if (input.amount !== undefined) checkAmount(input.amount, config.AMOUNT_MAX);
    const currency = input.currency === undefined ? undefined : checkCurrency(input.currency);
    const card = input.payment_method === undefined ? undefined : await vault.card(input.payment_method, correlationId);
    const outcome = await ledger.transact(request.merchant, (tx): Prior | JournalEvent => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return PRIOR;
      const intent = this.find(request.merchant, id);
      if (intent.status !== 'created' || intent.processing) throw illegalTransition('payment_intent', id, intent.processing ? 'processing' : intent.status, 'updated');
      const escrow = this.state.escrows.ofPayment(id);
      if (escrow !== undefined) throw illegalTransition('payment_intent', id, `the payment of escrow ${escrow.id}`, 'updated (its payees share its amount)');
      if (isPixPayment(intent)) checkPixCreation({ currency: currency ?? intent.currency, ...(input.payment_method === undefined ? {} : { payment_method: input.payment_method }) });
      const data: Record<string, unknown> = {
        ...(input.amount === undefined ? {} : { amount: input.amount }),
        ...(currency === undefined ? {} : { currency }),
        ...(input.payment_method === undefined ? {} : { payment_method: input.payment_method, card }),
        ...(input.customer === undefined ? {} : { customer: input.customer }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.metadata === undefined ? {} : { metadata: input.metadata }),
      };
      return tx.append(STREAMS.payments, { type: 'payment_intent.updated', ref: id, merchant_id: request.merchant, correlation_id: correlationId, ...idempotencyField(request), data });
    });
    if ('prior' in outcome) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    return committedResponse(this.state, request, outcome, this.find(request.merchant, id));
  }

  /** Cancels a PaymentIntent no processor has seen (not confirmed): nothing to void, it becomes `reversed`. */
  async cancelUnconfirmed(request: IdempotentRequest, id: string, reason: string | undefined, correlationId: string): Promise<RouteResult> {
    const { config, ledger } = this.deps;
    const outcome = await ledger.transact(request.merchant, (tx): Prior | JournalEvent => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return PRIOR;
      const intent = this.find(request.merchant, id);
      if (intent.status !== 'created' || intent.processing) throw illegalTransition('payment_intent', id, intent.processing ? 'processing' : intent.status, 'canceled before confirmation');
      return tx.append(STREAMS.payments, {
        type: 'payment_intent.reversed', ref: id, merchant_id: request.merchant, correlation_id: correlationId, ...idempotencyField(request),
        data: { reason: 'canceled', ...(reason === undefined ? {} : { cancellation_reason: reason }) },
      });
    });
    if ('prior' in outcome) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    return committedResponse(this.state, request, outcome, this.find(request.merchant, id));
  }

  /**
   * Authorizes through the processor the routing rules pick (capturing too when capture_method is
   * automatic), failing over to the next one when a processor is down, and never charging twice.
   * `simulate` (test mode) replaces the creation's script of the processor attempts for this confirmation.
   */
  async confirm(request: IdempotentRequest, id: string, paymentMethod: string | undefined, correlationId: string, simulate?: SimulateScript): Promise<RouteResult> {
    const { config, ledger, vault, processors } = this.deps;
    // How a PaymentIntent is paid never changes after its creation: reading it before the lock is safe.
    if (!this.state.payments.has(id)) await ledger.catchUp();
    const known = this.state.payments.get(id);
    if (known !== undefined && known.merchant === request.merchant && isPixPayment(known)) {
      if (simulate !== undefined) throw pixNotSimulated();
      return this.pix.confirm(request, id, paymentMethod, correlationId);
    }
    const card: CardSummary | undefined = paymentMethod === undefined ? undefined : await vault.card(paymentMethod, correlationId);
    type Started = { intent: PaymentIntent; processor: ProcessorName; token: string; order: ProcessorName[]; script: SimulateScript | null; reason: string } | { final: JournalEvent };
    const started = await ledger.transact(request.merchant, (tx): Prior | Started => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return PRIOR;
      const intent = this.find(request.merchant, id);
      if (intent.status !== 'created') throw illegalTransition('payment_intent', id, intent.status, 'confirmed');
      if (intent.processing) throw illegalTransition('payment_intent', id, 'processing', 'confirmed again while a confirmation is in flight');
      const token = paymentMethod ?? intent.payment_method;
      if (token === null) throw new PayrailError('parameter_missing', 'Confirming needs a payment_method: give it here or when creating the PaymentIntent.', { param: 'payment_method' });
      const cardSummary = card ?? intent.card;
      const base = { ref: id, merchant_id: request.merchant, correlation_id: correlationId };
      if (this.overVelocity(cardSummary)) {
        const message = `More than ${config.VELOCITY_MAX_PAYMENTS} payments on this card within ${config.VELOCITY_WINDOW_MS / 60_000} minutes (velocity rule).`;
        return { final: tx.append(STREAMS.payments, { ...base, type: 'payment_intent.declined', ...idempotencyField(request), data: { decline_code: 'fraudulent', message, processor: null, processor_reference: null } }) };
      }
      const ranked = processors.rank(intent, cardSummary);
      const processor = ranked.order.find((name) => processors.allow(name));
      if (processor === undefined) {
        const message = `No processor is available (circuit open for ${ranked.order.join(', ')}); nothing was charged.`;
        return { final: tx.append(STREAMS.payments, { ...base, type: 'payment_intent.declined', ...idempotencyField(request), data: { decline_code: 'processing_error', message, processor: null, processor_reference: null } }) };
      }
      const skipped = ranked.order.slice(0, ranked.order.indexOf(processor));
      const reason = skipped.length === 0 ? ranked.reason : `${ranked.reason}; skipped ${skipped.join(', ')} (circuit open)`;
      const script = simulate ?? intent.simulate;
      tx.append(STREAMS.payments, {
        ...base,
        type: 'payment_intent.authorization_requested',
        ...idempotencyField(request, true),
        data: { processor, routing_reason: reason, attempt: 1, payment_method: token, ...(cardSummary ? { card: cardSummary } : {}), ...scriptedAttempt(script, 1), ...(ranked.canary === undefined ? {} : { canary: ranked.canary }) },
      });
      return { intent: { ...intent }, processor, token, order: ranked.order, script, reason };
    });
    if ('prior' in started) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    if ('final' in started) return committedResponse(this.state, request, started.final, this.find(request.merchant, id));

    const { outcome, processor, unknown } = await this.authorizeWithFailover(started.intent, started.processor, started.order, started.token, started.script, started.reason, correlationId);
    if (outcome === null) {
      // The processor may have authorized it: the payment stays processing, and what the processor
      // did is recorded when it is known (the resolver asks it again; its webhook may tell first).
      throw new PayrailError('upstream_unavailable', `${processor} did not answer the authorization (${unknown}) and could not be asked about it, so its outcome is unknown: no other processor was tried, and the payment stays processing until PayRail learns the result from ${processor}. Retry with the same Idempotency-Key to get it.`, { details: { payment_intent: id } });
    }
    const final = await ledger.transact(request.merchant, (tx) => {
      // The processor's webhook (or the resolver) may have recorded the result first: then it stands.
      if (!this.find(request.merchant, id).processing) return null;
      return this.appendResult(tx, id, request.merchant, processor, outcome, correlationId, request.key === null ? null : { key: request.key, request_hash: request.request_hash });
    });
    if (final === null) return this.recordedElsewhere(request, id);
    return committedResponse(this.state, request, final, this.find(request.merchant, id));
  }

  /** The answer when another path (a processor webhook, the resolver) recorded this command's result. */
  private recordedElsewhere(request: IdempotentRequest, id: string): Promise<RouteResult> | RouteResult {
    if (request.key !== null) return replay(this.deps.ledger, request, this.deps.config.IDEMPOTENCY_WAIT_MS);
    const intent = this.find(request.merchant, id);
    if (intent.status === 'declined') {
      return { status: ERROR_CATALOGUE.card_declined.status, body: { error: { type: 'card_error', code: 'card_declined', decline_code: intent.decline_code, message: intent.last_error?.message, payment_intent: intent } } };
    }
    return { status: 200, body: intent };
  }

  /** More first authorizations on this card than the velocity rule allows, within its window. */
  private overVelocity(card: CardSummary | null): boolean {
    if (card?.fingerprint === undefined) return false;
    const since = Date.now() - this.deps.config.VELOCITY_WINDOW_MS;
    const times = this.state.authorizationsByCard.get(card.fingerprint) ?? [];
    let recent = 0;
    for (let i = times.length - 1; i >= 0 && (times[i] ?? 0) >= since; i--) recent++;
    return recent >= this.deps.config.VELOCITY_MAX_PAYMENTS;
  }

  /** The result event(s) of an authorization: declined, or authorized (+ captured with automatic capture). */
  appendResult(tx: JournalTransaction, id: string, merchant: string, processor: ProcessorName, outcome: AuthorizeOutcome, correlationId: string, idempotency: { key: string; request_hash: string } | null, causation?: string): JournalEvent {
    const intent = this.find(merchant, id);
    const base = { ref: id, merchant_id: merchant, correlation_id: correlationId, ...(causation ? { causation_id: causation } : {}) };
    const keyed = idempotency === null ? {} : { idempotency: { key: idempotency.key, request_hash: idempotency.request_hash } };
    if (!intent.processing || intent.status !== 'created') throw illegalTransition('payment_intent', id, intent.status, 'given an authorization result');
    if (outcome.outcome === 'declined') {
      return tx.append(STREAMS.payments, {
        ...base,
        type: 'payment_intent.declined',
        ...keyed,
        data: { decline_code: outcome.decline_code, message: outcome.message, processor, processor_reference: outcome.processor_reference },
      });
    }
    // A Pix payment has no authorization: it is captured when paid.
    if (isPixPayment(intent)) return this.appendCapture(tx, intent, processor, intent.amount, outcome.processor_reference, outcome.fee, base, keyed);
    const authorized = tx.append(STREAMS.payments, {
      ...base,
      type: 'payment_intent.authorized',
      ...(outcome.captured ? {} : keyed),
      data: { processor, processor_reference: outcome.processor_reference, amount_capturable: intent.amount },
    });
    if (!outcome.captured) return authorized;
    return this.appendCapture(tx, intent, processor, intent.amount, outcome.processor_reference, outcome.fee, base, keyed);
  }

  /** The captured event of `amount`, with its postings (and the processor's fee when it reported one). */
  appendCapture(tx: JournalTransaction, intent: PaymentIntent, processor: ProcessorName, amount: number, processorReference: string, fee: number | undefined, base: { ref: string; merchant_id: string; correlation_id: string; causation_id?: string }, keyed: object = {}): JournalEvent {
    const withFee = fee === undefined ? {} : { fee };
    const captured = tx.append(STREAMS.payments, {
      ...base,
      type: 'payment_intent.captured',
      ...keyed,
      data: { amount_captured: amount, processor, processor_reference: processorReference, ...withFee },
      postings: capturePostings({ processor, merchant: intent.merchant, amount, currency: intent.currency, ...withFee }),
    });
    fundEscrowIn(this.state, tx, intent, amount, { correlation_id: base.correlation_id, ...(base.causation_id ? { causation_id: base.causation_id } : {}) });
    return captured;
  }

  /** Captures all or part of an authorized amount; the rest is released. */
  async capture(request: IdempotentRequest, id: string, amountToCapture: number | undefined, correlationId: string): Promise<RouteResult> {
    const { config } = this.deps;
    return this.modify(request, id, 'capture', correlationId, (intent) => {
      if (amountToCapture === undefined) return intent.amount_capturable;
      checkAmount(amountToCapture, config.AMOUNT_MAX, 'amount_to_capture');
      if (amountToCapture > intent.amount_capturable) {
        throw new PayrailError('amount_exceeds_capturable', `amount_to_capture ${amountToCapture} is above the ${intent.amount_capturable} authorized.`, { param: 'amount_to_capture' });
      }
      return amountToCapture;
    });
  }

  /** Voids an authorization: the intent becomes `reversed` and the hold on the card is released. */
  async cancel(request: IdempotentRequest, id: string, correlationId: string): Promise<RouteResult> {
    return this.modify(request, id, 'cancel', correlationId, () => null);
  }

  /**
   * A capture or a void, in three steps. Under the lock: check the payment is authorized with nothing
   * in flight, and record the attempt (`capture_requested` / `cancel_requested`, with the processor
   * idempotency key naming this attempt); a second request, in this process or another, now gets 409
   * at once. Then the processor call. Then, under the lock, the result: what the processor did, never a
   * guess. A refusal is checked against the processor's own books first (another path may have moved
   * the payment there). No answer leaves the attempt in flight for the resolver, which resends it with
   * the same key, so it can never act twice.
   */
  private async modify(request: IdempotentRequest, id: string, action: 'capture' | 'cancel', correlationId: string, amountOf: (intent: PaymentIntent) => number | null): Promise<RouteResult> {
    const { config, ledger } = this.deps;
    const verb = action === 'capture' ? 'captured' : 'canceled';
    const started = await ledger.transact(request.merchant, (tx): Prior | InFlightModification => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return PRIOR;
      const intent = this.find(request.merchant, id);
      if (intent.status !== 'authorized') throw illegalTransition('payment_intent', id, intent.status, verb);
      const other = this.state.inFlight.get(id);
      if (intent.processing || other !== undefined) throw inFlightConflict(id, other?.action ?? 'capture', verb);
      const amount = amountOf(intent);
      const flight: InFlightModification = {
        action,
        payment_intent: id,
        merchant: request.merchant,
        processor: intent.processor as ProcessorName,
        amount,
        processor_idempotency_key: `${id}:${action}:${(this.state.modificationAttempts.get(id) ?? 0) + 1}`,
        idempotency: request.key === null ? null : { key: request.key, request_hash: request.request_hash },
        requested_ms: Date.now(),
      };
      tx.append(STREAMS.payments, {
        ref: id,
        merchant_id: request.merchant,
        correlation_id: correlationId,
        type: action === 'capture' ? 'payment_intent.capture_requested' : 'payment_intent.cancel_requested',
        ...idempotencyField(request, true),
        data: { processor: flight.processor, ...(amount === null ? {} : { amount }), processor_idempotency_key: flight.processor_idempotency_key },
      });
      return flight;
    });
    if ('prior' in started) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    const result = await this.sendModification(started, correlationId);
    if (result === null) {
      throw new PayrailError('upstream_unavailable', `${started.processor} did not answer the ${action}; PayRail resends it with the same processor idempotency key until it has the result. Retry with the same Idempotency-Key to get it.`, { details: { payment_intent: id } });
    }
    const final = await ledger.transact(request.merchant, (tx) => this.recordModification(tx, started, result, correlationId, request));
    if (final === null) return this.modificationAnswer(request, id, action);
    return committedResponse(this.state, request, final, this.find(request.merchant, id));
  }

  /**
   * Sends an in-flight capture or void to its processor. On a refusal, asks the processor's books what
   * they hold. Null when the processor could not be reached or asked: the outcome is unknown.
   */
  async sendModification(flight: InFlightModification, correlationId: string): Promise<ModificationResult | null> {
    const { processors } = this.deps;
    const intent = this.state.payments.get(flight.payment_intent) as PaymentIntent;
    const reference = intent.processor_reference ?? '';
    const context = { processor_reference: reference, correlationId, idempotencyKey: flight.processor_idempotency_key };
    try {
      const answer = await processors.call(flight.processor, (client) =>
        flight.action === 'capture'
          ? client.capture({ ...context, amount: flight.amount ?? intent.amount_capturable, currency: intent.currency })
          : client.void(context),
      );
      if (answer.ok) return { kind: 'done', processor_reference: answer.processor_reference, ...(answer.fee === undefined ? {} : { fee: answer.fee }) };
      const books = await processors.call(flight.processor, (client) => client.inquire({ payment_intent: intent.id, correlationId }));
      return { kind: 'refused', reason: answer.reason, books };
    } catch (error) {
      if (error instanceof NoAnswerError) return null;
      throw error;
    }
  }

  /**
   * Records the result of an in-flight capture or void, under the lock. Null when another path (a
   * processor webhook, the resolver, another process) recorded it first: that record stands.
   */
  recordModification(tx: JournalTransaction, flight: InFlightModification, result: ModificationResult, correlationId: string, request: IdempotentRequest | null): JournalEvent | null {
    const id = flight.payment_intent;
    const intent = this.state.payments.get(id) as PaymentIntent;
    if (this.state.inFlight.get(id)?.processor_idempotency_key !== flight.processor_idempotency_key) return null;
    const keyed = request === null ? {} : idempotencyField(request);
    const base = { ref: id, merchant_id: intent.merchant, correlation_id: correlationId, ...keyed };
    if (result.kind === 'done') {
      if (flight.action === 'capture') return this.appendCapture(tx, intent, flight.processor, flight.amount ?? intent.amount_capturable, result.processor_reference, result.fee, base);
      return tx.append(STREAMS.payments, { ...base, type: 'payment_intent.reversed', data: { reason: 'voided', processor_reference: result.processor_reference } });
    }
    // Refused: the processor's books say why. Record what they hold, not what was asked.
    const { books } = result;
    if (books.status === 'captured') {
      return this.appendCapture(tx, intent, flight.processor, books.amount_captured, books.processor_reference, undefined, base);
    }
    if (books.status === 'voided') {
      return tx.append(STREAMS.payments, { ...base, type: 'payment_intent.reversed', data: { reason: 'voided', processor_reference: books.processor_reference } });
    }
    return tx.append(STREAMS.payments, { ...base, type: 'payment_intent.processor_refused', data: { action: flight.action, reason: `${flight.processor} refused the ${flight.action}: ${result.reason}`.slice(0, 500) } });
  }

  /** The answer to a capture or void whose result another path recorded (a webhook, another process). */
  private modificationAnswer(request: IdempotentRequest, id: string, action: 'capture' | 'cancel'): Promise<RouteResult> | RouteResult {
    if (request.key !== null) return replay(this.deps.ledger, request, this.deps.config.IDEMPOTENCY_WAIT_MS);
    const intent = this.find(request.merchant, id);
    const wanted = action === 'capture' ? 'captured' : 'reversed';
    if (intent.status !== wanted) throw illegalTransition('payment_intent', id, intent.status, action === 'capture' ? 'captured' : 'canceled');
    return { status: 200, body: intent };
  }

  /**
   * Calls the processors in routing order with the card from the vault, at most AUTHORIZE_ATTEMPTS_MAX
   * times. A processor that refused the connection or answered 503 did nothing, so the next attempt
   * goes out at once. One that timed out may have authorized: it is asked first, and only when it says
   * it has nothing does the next attempt go out. When it cannot be asked, nothing else is tried: a
   * decline is safer than a double charge. The next attempt goes to the next processor in routing order
   * whose breaker lets it through, back to the first after the last (with one processor, the same one
   * again); each has its own processor idempotency key (`pi_…:authorize:N`) and, when scripted, runs
   * step N of the script. Any answer (an authorization or a decline) ends the confirmation. Each
   * attempt is a `processor.attempt` span (processor, attempt, routing reason, outcome).
   */
  /**
   * The outcome of the authorization, or null with the reason when `processor` did not answer and could
   * not be asked about it: it may have authorized, so nothing may be recorded as declined.
   */
  private async authorizeWithFailover(intent: PaymentIntent, first: ProcessorName, order: ProcessorName[], token: string, script: SimulateScript | null, routingReason: string, correlationId: string): Promise<{ outcome: AuthorizeOutcome; processor: ProcessorName; unknown?: undefined } | { outcome: null; processor: ProcessorName; unknown: string }> {
    const { processors, vault, logger, ledger, config } = this.deps;
    const card = await vault.detokenize(token, 'authorization', correlationId);
    let processor = first;
    let reason = routingReason;
    for (let attempt = 1; ; attempt++) {
      const span = new ProcessorAttempt({ processor, attempt, routing_reason: reason, payment_intent: intent.id });
      let failure: NoAnswerError;
      try {
        const outcome = await span.run(() => processors.call(processor, (client) => client.authorize({
          payment_intent: intent.id,
          amount: intent.amount,
          currency: intent.currency,
          capture: intent.capture_method === 'automatic',
          card,
          correlationId,
          idempotencyKey: `${intent.id}:authorize:${attempt}`,
          ...(script === null ? {} : { simulate: simulatedStep(script, attempt).outcome }),
        })));
        span.end(outcome.outcome);
        return { outcome, processor };
      } catch (error) {
        if (!(error instanceof NoAnswerError)) {
          span.end('error', { error });
          throw error;
        }
        failure = error;
      }
      logger.warn({ payment_intent: intent.id, processor, attempt, err: failure.message, correlation_id: correlationId }, 'processor gave no answer to an authorization');
      let nothingThere = failure.processed === 'no';
      if (!nothingThere) {
        const known = await span.run(() => processors.call(processor, (client) => client.inquire({ payment_intent: intent.id, correlationId }))).catch(() => null);
        if (known?.status === 'authorized' || known?.status === 'captured') {
          span.end('authorized', { no_answer_reason: `${failure.reason}; the processor's books hold the authorization` });
          return { outcome: { outcome: 'authorized', processor_reference: known.processor_reference, captured: known.status === 'captured' }, processor };
        }
        nothingThere = known !== null;
      }
      const last = attempt >= config.AUTHORIZE_ATTEMPTS_MAX;
      const next = nothingThere && !last ? nextProcessor(order, processor, (name) => processors.allow(name)) : undefined;
      span.end('no_answer', { no_answer_reason: failure.reason, next: next === undefined ? 'none' : next === processor ? 'retry' : 'failover' });
      if (!nothingThere) return { outcome: null, processor, unknown: failure.reason };
      if (next === undefined) {
        const why = last ? `that was attempt ${attempt}, the most one confirmation makes` : 'no processor is available (circuit open)';
        return { outcome: { outcome: 'declined', decline_code: 'processing_error', message: `${processor} did not answer (${failure.reason}); ${why}. Nothing was charged.`, processor_reference: null }, processor };
      }
      const kind = next === processor ? 'retry' : 'failover';
      const retryReason = `${kind}: ${processor} did not answer (${failure.reason}${failure.processed === 'no' ? ', nothing processed' : ', confirmed nothing authorized'})`;
      await ledger.transact(intent.merchant, (tx) => tx.append(STREAMS.payments, {
        type: 'payment_intent.authorization_requested',
        ref: intent.id,
        merchant_id: intent.merchant,
        correlation_id: correlationId,
        data: {
          processor: next,
          routing_reason: retryReason,
          attempt: attempt + 1,
          payment_method: token,
          ...scriptedAttempt(script, attempt + 1),
        },
      }));
      this.deps.metrics.observeProcessorRetry(next, kind);
      processor = next;
      reason = retryReason;
    }
  }
}

/** The script of a scripted confirmation and the step of it `attempt` runs, as its authorization_requested records them. */
function scriptedAttempt(script: SimulateScript | null, attempt: number): { simulate?: SimulateScript; simulate_step?: ReturnType<typeof simulatedStep> } {
  return script === null ? {} : { simulate: script, simulate_step: simulatedStep(script, attempt) };
}

/**
 * The processor of the attempt after one on `current`: the next in routing order whose breaker lets a
 * call through, back to the first after the last, `current` itself last of all.
 */
function nextProcessor(order: ProcessorName[], current: ProcessorName, allow: (name: ProcessorName) => boolean): ProcessorName | undefined {
  const start = order.indexOf(current);
  for (let offset = 1; offset <= order.length; offset++) {
    const candidate = order[(start + offset) % order.length] as ProcessorName;
    if (allow(candidate)) return candidate;
  }
  return undefined;
}

/** What came of sending a capture or void: done, or refused with what the processor's books hold. */
export type ModificationResult =
  | { kind: 'done'; processor_reference: string; fee?: number }
  | { kind: 'refused'; reason: string; books: InquiryOutcome };

/** The 409 for a capture or void while another one is in flight (this process or another). */
function inFlightConflict(id: string, inFlight: 'capture' | 'cancel', verb: string): PayrailError {
  return new PayrailError('invalid_state_transition', `A ${inFlight === 'capture' ? 'capture' : 'void'} of this payment_intent is in flight at the processor; it cannot be ${verb} now.`, {
    details: { current_state: 'authorized', in_flight: inFlight, payment_intent: id },
  });
}
