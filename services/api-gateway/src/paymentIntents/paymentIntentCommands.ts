import { PayrailError, newId } from '@payrail/core';
import type { JournalEvent } from '@payrail/journal';
import type { GatewayDeps } from '../common/deps';
import { checkAmount, checkCurrency } from '../common/schemas';
import { illegalTransition, notFound, type RouteResult } from '../http/route';
import { committedResponse, idempotencyField, priorUse, replay, type IdempotentRequest } from '../idempotency/idempotency';
import { STREAMS, capturePostings, type CardSummary, type PaymentIntent, type ProcessorName } from '@payrail/ledger';
import { NoAnswerError } from '../processors/http';
import type { AuthorizeOutcome } from '../processors/processorClient';

export interface CreateInput {
  amount: number;
  currency: string;
  payment_method?: string;
  capture_method?: 'automatic' | 'manual';
  customer?: Record<string, unknown>;
  metadata?: Record<string, string>;
  description?: string;
}

type Prior = { prior: true };
const PRIOR: Prior = { prior: true };

/**
 * The PaymentIntent state machine (DESIGN §4): created → authorized → captured → settled, declined from
 * created, reversed from authorized. Every decision is taken inside the ledger lock against caught-up
 * state; processor calls happen outside it, bracketed by a pending marker and the result event.
 */
export class PaymentIntentCommands {
  constructor(private readonly deps: GatewayDeps) {}

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
    const card = input.payment_method === undefined ? null : await vault.card(input.payment_method, correlationId);
    const outcome = await ledger.transact((tx): Prior | JournalEvent => {
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
        },
      });
    });
    if ('prior' in outcome) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    return committedResponse(this.state, request, outcome, this.find(request.merchant, outcome.ref));
  }

  /** Authorizes through the chosen processor (capturing too when capture_method is automatic). */
  async confirm(request: IdempotentRequest, id: string, paymentMethod: string | undefined, correlationId: string): Promise<RouteResult> {
    const { config, ledger, vault, processors } = this.deps;
    const card: CardSummary | undefined = paymentMethod === undefined ? undefined : await vault.card(paymentMethod, correlationId);
    const started = await ledger.transact((tx): Prior | { intent: PaymentIntent; processor: ProcessorName; token: string } => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return PRIOR;
      const intent = this.find(request.merchant, id);
      if (intent.status !== 'created') throw illegalTransition('payment_intent', id, intent.status, 'confirmed');
      if (intent.processing) throw illegalTransition('payment_intent', id, 'processing', 'confirmed again while a confirmation is in flight');
      const token = paymentMethod ?? intent.payment_method;
      if (token === null) throw new PayrailError('parameter_missing', 'Confirming needs a payment_method: give it here or when creating the PaymentIntent.', { param: 'payment_method' });
      const route = processors.choose(intent, card ?? intent.card);
      tx.append(STREAMS.payments, {
        type: 'payment_intent.authorization_requested',
        ref: id,
        merchant_id: request.merchant,
        correlation_id: correlationId,
        ...idempotencyField(request, true),
        data: { processor: route.processor, routing_reason: route.reason, attempt: 1, payment_method: token, ...(card ? { card } : {}) },
      });
      return { intent: { ...intent }, processor: route.processor, token };
    });
    if ('prior' in started) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);

    const outcome = await this.authorize(started.intent, started.processor, started.token, correlationId);
    const final = await ledger.transact((tx) => {
      const intent = this.find(request.merchant, id);
      const base = { ref: id, merchant_id: request.merchant, correlation_id: correlationId };
      if (outcome.outcome === 'declined') {
        return tx.append(STREAMS.payments, {
          ...base,
          type: 'payment_intent.declined',
          ...idempotencyField(request),
          data: { decline_code: outcome.decline_code, message: outcome.message, processor: started.processor, processor_reference: outcome.processor_reference },
        });
      }
      const authorized = tx.append(STREAMS.payments, {
        ...base,
        type: 'payment_intent.authorized',
        ...(outcome.captured ? {} : idempotencyField(request)),
        data: { processor: started.processor, processor_reference: outcome.processor_reference, amount_capturable: intent.amount },
      });
      if (!outcome.captured) return authorized;
      return tx.append(STREAMS.payments, {
        ...base,
        type: 'payment_intent.captured',
        ...idempotencyField(request),
        data: { amount_captured: intent.amount, processor: started.processor, processor_reference: outcome.processor_reference, ...(outcome.fee === undefined ? {} : { fee: outcome.fee }) },
        postings: capturePostings({ processor: started.processor, merchant: request.merchant, amount: intent.amount, currency: intent.currency, ...(outcome.fee === undefined ? {} : { fee: outcome.fee }) }),
      });
    });
    return committedResponse(this.state, request, final, this.find(request.merchant, id));
  }

  /** Captures all or part of an authorized amount; the rest is released. */
  async capture(request: IdempotentRequest, id: string, amountToCapture: number | undefined, correlationId: string): Promise<RouteResult> {
    const { config, ledger, processors } = this.deps;
    const check = await ledger.transact((): Prior | PaymentIntent => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return PRIOR;
      const intent = this.find(request.merchant, id);
      if (intent.status !== 'authorized') throw illegalTransition('payment_intent', id, intent.status, 'captured');
      if (amountToCapture !== undefined) {
        checkAmount(amountToCapture, config.AMOUNT_MAX, 'amount_to_capture');
        if (amountToCapture > intent.amount_capturable) {
          throw new PayrailError('amount_exceeds_capturable', `amount_to_capture ${amountToCapture} is above the ${intent.amount_capturable} authorized.`, { param: 'amount_to_capture' });
        }
      }
      return { ...intent };
    });
    if ('prior' in check) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    const amount = amountToCapture ?? check.amount_capturable;
    const processor = check.processor as ProcessorName;
    const result = await processors
      .get(processor)
      .capture({ processor_reference: check.processor_reference ?? '', amount, currency: check.currency, correlationId, idempotencyKey: `${id}:capture` })
      .catch(unknownOutcome);
    const final = await ledger.transact((tx) => {
      const intent = this.find(request.merchant, id);
      if (intent.status !== 'authorized') throw illegalTransition('payment_intent', id, intent.status, 'captured');
      const base = { ref: id, merchant_id: request.merchant, correlation_id: correlationId, ...idempotencyField(request) };
      if (!result.ok) return tx.append(STREAMS.payments, { ...base, type: 'payment_intent.reversed', data: { reason: 'capture_failed' } });
      return tx.append(STREAMS.payments, {
        ...base,
        type: 'payment_intent.captured',
        data: { amount_captured: amount, processor, processor_reference: result.processor_reference, ...(result.fee === undefined ? {} : { fee: result.fee }) },
        postings: capturePostings({ processor, merchant: request.merchant, amount, currency: intent.currency, ...(result.fee === undefined ? {} : { fee: result.fee }) }),
      });
    });
    return committedResponse(this.state, request, final, this.find(request.merchant, id));
  }

  /** Voids an authorization: the intent becomes `reversed` and the hold on the card is released. */
  async cancel(request: IdempotentRequest, id: string, correlationId: string): Promise<RouteResult> {
    const { config, ledger, processors } = this.deps;
    const check = await ledger.transact((): Prior | PaymentIntent => {
      if (priorUse(this.state, request, config.IDEMPOTENCY_TTL_MS) !== null) return PRIOR;
      const intent = this.find(request.merchant, id);
      if (intent.status !== 'authorized') throw illegalTransition('payment_intent', id, intent.status, 'canceled');
      return { ...intent };
    });
    if ('prior' in check) return replay(ledger, request, config.IDEMPOTENCY_WAIT_MS);
    const result = await processors
      .get(check.processor as ProcessorName)
      .void({ processor_reference: check.processor_reference ?? '', correlationId, idempotencyKey: `${id}:void` })
      .catch(unknownOutcome);
    if (!result.ok) throw new PayrailError('upstream_unavailable', `The processor refused the void: ${result.reason}`);
    const final = await ledger.transact((tx) => {
      const intent = this.find(request.merchant, id);
      if (intent.status !== 'authorized') throw illegalTransition('payment_intent', id, intent.status, 'canceled');
      return tx.append(STREAMS.payments, {
        ref: id,
        merchant_id: request.merchant,
        correlation_id: correlationId,
        ...idempotencyField(request),
        type: 'payment_intent.reversed',
        data: { reason: 'voided', processor_reference: result.processor_reference },
      });
    });
    return committedResponse(this.state, request, final, this.find(request.merchant, id));
  }

  /**
   * Calls the processor with the card from the vault. When the processor does not answer, the outcome
   * is unknown: we ask it what happened before deciding, and void what we cannot use, so a timeout
   * never leaves a hidden authorization behind.
   */
  private async authorize(intent: PaymentIntent, processor: ProcessorName, token: string, correlationId: string): Promise<AuthorizeOutcome> {
    const client = this.deps.processors.get(processor);
    const card = await this.deps.vault.detokenize(token, 'authorization', correlationId);
    try {
      return await client.authorize({
        payment_intent: intent.id,
        amount: intent.amount,
        currency: intent.currency,
        capture: intent.capture_method === 'automatic',
        card,
        correlationId,
        idempotencyKey: `${intent.id}:authorize:1`,
      });
    } catch (error) {
      if (!(error instanceof NoAnswerError)) throw error;
      this.deps.logger.warn({ payment_intent: intent.id, processor, err: error.message, correlation_id: correlationId }, 'processor did not answer the authorization; asking what happened');
      const known = await client.inquire({ payment_intent: intent.id, correlationId }).catch(() => null);
      if (known !== null && (known.status === 'authorized' || known.status === 'captured')) {
        return { outcome: 'authorized', processor_reference: known.processor_reference, captured: known.status === 'captured' };
      }
      return { outcome: 'declined', decline_code: 'processing_error', message: `${processor} did not answer in time; nothing was charged.`, processor_reference: null };
    }
  }
}

function unknownOutcome(error: unknown): never {
  if (error instanceof NoAnswerError) throw new PayrailError('upstream_unavailable', `${error.target} did not answer (${error.reason}); retry with the same Idempotency-Key.`);
  throw error;
}
