import { newId, PayrailError } from '@payrail/core';
import { JournalUnavailableError, type EventDraft, type Journal } from '@payrail/journal';
import type { Logger } from 'pino';
import type { GatewayAnswer, GatewayApi } from './GatewayApi';
import type { OrderRequest } from './orderInput';
import { ORDER_CHECKOUT_UPDATED, ORDER_PAYMENT_CREATED, ORDER_PLACED, ORDERS_STREAM, type CheckoutStep, type OrderCheckoutUpdated, type OrderPaymentCreated, type OrderPlaced } from './orderRecords';
import type { PlacedOrder, PlacedOrders } from './PlacedOrders';

const PAYMENT_METHOD_PATTERN = /^pm_[0-9a-z]{26}$/;
const PAYMENT_INTENT_PATTERN = /^pi_[0-9a-z]{26}$/;
const ESCROW_PATTERN = /^esc_[0-9a-z]{26}$/;

/** The gateway Idempotency-Key of one step of an order: derived from the order id, so a retry replays it. */
export const gatewayKeyOf = (orderId: string, step: CheckoutStep): string => `merchant-sim:${orderId}:${step}`;

export interface PlaceResult {
  order: PlacedOrder;
  /** True when the Idempotency-Key named an order placed before (a retry): nothing new was placed. */
  replayed: boolean;
}

/**
 * The storefront's checkout: places an order (one `order_placed` line), then creates its payment at the
 * gateway (a PaymentIntent, or an escrow holding one) and confirms it, writing what each call answered.
 * Every gateway call carries an Idempotency-Key derived from the order id, and a retry of the order
 * (the same client Idempotency-Key and body) resumes where it stopped: it never creates a second
 * payment. Nothing here sets an order's status: that moves only with the verified webhooks.
 */
export class Checkout {
  /** Placements in flight, by the client's Idempotency-Key: a concurrent retry waits for the first. */
  private readonly placing = new Map<string, Promise<PlacedOrder>>();
  /** Gateway steps in flight, by order id: one at a time per order. */
  private readonly paying = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: { journal: Journal; placed: PlacedOrders; gateway: GatewayApi; logger: Logger },
  ) {}

  /**
   * Places the order of `request` under the client's `key` (or finds the one placed before with it:
   * a different body is 422 idempotency_key_reused), then pays it as far as the gateway lets it.
   */
  async place(key: string, requestHash: string, request: OrderRequest, correlationId: string): Promise<PlaceResult> {
    const known = this.deps.placed.withKey(key) ?? (await this.placing.get(key)?.catch(() => undefined));
    let order: PlacedOrder;
    let replayed = true;
    if (known !== undefined) {
      order = known;
    } else {
      const placing = this.placeNew(key, request, requestHash, correlationId);
      this.placing.set(key, placing.then(({ order: placed }) => placed));
      try {
        const result = await placing;
        order = result.order;
        replayed = !result.placedNow;
      } finally {
        this.placing.delete(key);
      }
    }
    if (order.request_hash !== requestHash) throw new PayrailError('idempotency_key_reused', `Idempotency-Key '${key.slice(0, 80)}' placed order ${order.order_id} with another body; use a new key for a new order.`, { param: 'Idempotency-Key' });
    await this.pay(order.order_id, correlationId);
    return { order: this.deps.placed.get(order.order_id) as PlacedOrder, replayed };
  }

  /** Tokenizes the card (nothing is written if the gateway refuses it), then writes the `order_placed` line. */
  private async placeNew(key: string, request: OrderRequest, requestHash: string, correlationId: string): Promise<{ order: PlacedOrder; placedNow: boolean }> {
    const card = request.card === undefined ? undefined : await this.tokenize(request, correlationId);
    const placed: OrderPlaced = {
      order_id: newId('ord'),
      env: request.env,
      idempotency_key: key,
      request_hash: requestHash,
      placed_at: new Date().toISOString(),
      amount: request.amount,
      currency: request.currency,
      ...(request.items === undefined ? {} : { items: request.items }),
      ...(request.description === undefined ? {} : { description: request.description }),
      payment_method: request.payment_method,
      ...(card === undefined ? {} : { card }),
      ...(request.escrow === undefined ? {} : { escrow: request.escrow }),
    };
    const id = await this.write((append) => {
      // Decided under the journal lock: another placement with this key may have committed meanwhile.
      const other = this.deps.placed.withKey(key);
      if (other !== undefined) return other.order_id;
      append({ type: ORDER_PLACED, ref: placed.order_id, data: placed as unknown as Record<string, unknown>, correlation_id: correlationId });
      return placed.order_id;
    });
    const order = this.deps.placed.get(id) as PlacedOrder;
    if (id !== placed.order_id) return { order, placedNow: false };
    this.deps.logger.info({ order: order.order_id, env: order.env, amount: order.amount, currency: order.currency, payment_method: order.payment_method, escrow: order.escrow !== undefined, correlation_id: correlationId }, 'order placed');
    return { order, placedNow: true };
  }

  /**
   * The card as a vault token, through the gateway's public tokenization route (`POST
   * /stripe/v1/payment_methods`, whose `pm_X` is vault token `tok_X`). The card number goes there and
   * nowhere else: it is never written or logged.
   */
  private async tokenize(request: OrderRequest, correlationId: string): Promise<NonNullable<OrderPlaced['card']>> {
    const card = request.card as NonNullable<OrderRequest['card']>;
    const answer = await this.deps.gateway.call(request.env, 'POST', '/stripe/v1/payment_methods', {
      body: { type: 'card', card: { number: card.number, exp_month: card.exp_month, exp_year: card.exp_year, ...(card.cvc === undefined ? {} : { cvc: card.cvc }) } },
      correlationId,
    });
    const id = answer.body?.id;
    if (answer.outcome === 'confirmed' && typeof id === 'string' && PAYMENT_METHOD_PATTERN.test(id)) {
      const token = `tok_${id.slice('pm_'.length)}`;
      const shown = answer.body.card ?? {};
      return {
        token,
        brand: typeof shown.brand === 'string' && shown.brand !== '' ? shown.brand.slice(0, 32) : 'unknown',
        last4: typeof shown.last4 === 'string' && /^[0-9]{4}$/.test(shown.last4) ? shown.last4 : card.number.slice(-4),
        exp_month: card.exp_month,
        exp_year: card.exp_year,
      };
    }
    // 400 and 402 are about the card; any other answer (a key the gateway refuses, a 5xx, none) is not the client's doing.
    if (answer.status === 400 || answer.status === 402) {
      throw new PayrailError('card_invalid', `The gateway refused to tokenize the card: ${answer.error?.message ?? answer.status}`, { param: 'payment' });
    }
    throw new PayrailError('upstream_unavailable', `The card could not be tokenized: ${answer.error?.message ?? `the gateway answered ${answer.status}`}. Nothing was placed; retry with the same Idempotency-Key.`);
  }

  /** Runs the gateway steps the order still needs, one run per order at a time. */
  private async pay(orderId: string, correlationId: string): Promise<void> {
    const running = this.paying.get(orderId);
    if (running !== undefined) {
      await running;
      return;
    }
    const run = this.payNow(orderId, correlationId).finally(() => this.paying.delete(orderId));
    this.paying.set(orderId, run);
    await run;
  }

  private async payNow(orderId: string, correlationId: string): Promise<void> {
    let order = this.deps.placed.get(orderId) as PlacedOrder;
    if (order.payment_intent === undefined) {
      if (order.last_outcome.create === 'refused') return; // the same request would be refused again
      const answer = await this.create(order, correlationId);
      const created = this.paymentOf(order, answer);
      if (created === null) {
        await this.record(order, 'create', answer.outcome === 'confirmed' ? { ...answer, outcome: 'refused', error: { message: 'the gateway answered 200 without a payment intent id' } } : answer, correlationId);
        return;
      }
      await this.write((append) => append({ type: ORDER_PAYMENT_CREATED, ref: order.order_id, data: created as unknown as Record<string, unknown>, correlation_id: correlationId }));
      order = this.deps.placed.get(orderId) as PlacedOrder;
    }
    const confirmed = order.last_outcome.confirm;
    if (confirmed !== undefined && confirmed !== 'unreachable') return; // answered for good: a decline is a result
    const answer = await this.deps.gateway.call(order.env, 'POST', `/v1/payment-intents/${order.payment_intent}/confirm`, {
      body: order.card === undefined ? {} : { payment_method: order.card.token },
      idempotencyKey: gatewayKeyOf(order.order_id, 'confirm'),
      correlationId,
    });
    await this.record(order, 'confirm', answer, correlationId);
  }

  /** Creates the order's payment: an escrow (which creates its PaymentIntent) for a marketplace order, else a PaymentIntent. */
  private create(order: PlacedOrder, correlationId: string): Promise<GatewayAnswer> {
    const common = {
      amount: order.amount,
      currency: order.currency.toLowerCase(),
      ...(order.description === undefined ? {} : { description: order.description }),
      metadata: { order_id: order.order_id, env: order.env, source: 'merchant-sim' },
      ...(order.payment_method === 'pix' ? { payment_method_types: ['pix'] } : {}),
    };
    const request = { idempotencyKey: gatewayKeyOf(order.order_id, 'create'), correlationId };
    if (order.escrow === undefined) return this.deps.gateway.call(order.env, 'POST', '/v1/payment-intents', { ...request, body: common });
    return this.deps.gateway.call(order.env, 'POST', '/v1/escrows', {
      ...request,
      body: {
        ...common,
        payees: order.escrow.payees,
        ...(order.payment_method === 'card' ? { payment_method_types: ['card'] } : {}),
        ...(order.escrow.release_at === undefined ? {} : { release_at: order.escrow.release_at }),
        ...(order.escrow.refund_deadline === undefined ? {} : { refund_deadline: order.escrow.refund_deadline }),
      },
    });
  }

  /** The payment the create answer names, or null when it names none. */
  private paymentOf(order: PlacedOrder, answer: GatewayAnswer): OrderPaymentCreated | null {
    if (answer.outcome !== 'confirmed') return null;
    const at = new Date().toISOString();
    if (order.escrow === undefined) {
      const id = answer.body?.id;
      return typeof id === 'string' && PAYMENT_INTENT_PATTERN.test(id) ? { order_id: order.order_id, payment_intent: id, at } : null;
    }
    const { id, payment_intent } = answer.body ?? {};
    return typeof id === 'string' && ESCROW_PATTERN.test(id) && typeof payment_intent === 'string' && PAYMENT_INTENT_PATTERN.test(payment_intent)
      ? { order_id: order.order_id, payment_intent, escrow: id, at }
      : null;
  }

  /** Writes what a step answered: how it read, the error, and a Pix QR code to show. */
  private async record(order: PlacedOrder, step: CheckoutStep, answer: GatewayAnswer, correlationId: string): Promise<void> {
    const qr = answer.body?.next_action?.pix_display_qr_code;
    const next_action = step === 'confirm' && answer.outcome === 'confirmed' && typeof qr?.data === 'string' && Number.isInteger(qr?.expires_at)
      ? { type: 'pix_display_qr_code', pix_display_qr_code: { data: String(qr.data).slice(0, 2048), ...(typeof qr.txid === 'string' ? { txid: qr.txid.slice(0, 64) } : {}), expires_at: qr.expires_at as number } }
      : undefined;
    const update: OrderCheckoutUpdated = {
      order_id: order.order_id,
      step,
      outcome: answer.outcome,
      ...(answer.status === 0 ? {} : { gateway_status: answer.status }),
      ...(answer.error === undefined ? {} : { error: answer.error }),
      ...(next_action === undefined ? {} : { next_action }),
      at: new Date().toISOString(),
    };
    await this.write((append) => append({ type: ORDER_CHECKOUT_UPDATED, ref: order.order_id, data: update as unknown as Record<string, unknown>, correlation_id: correlationId }));
    const log = { order: order.order_id, step, outcome: answer.outcome, gateway_status: answer.status, error: answer.error?.code ?? answer.error?.message, correlation_id: correlationId };
    if (answer.outcome === 'unreachable') this.deps.logger.warn(log, 'gateway did not complete an order step; a retry of the order resumes it');
    else this.deps.logger.info(log, 'order step answered by the gateway');
  }

  /** One journal transaction on the orders stream; a journal that cannot write is 503 journal_unavailable. */
  private async write<R>(decide: (append: (draft: EventDraft) => void) => R): Promise<R> {
    try {
      return await this.deps.journal.transact((tx) => decide((draft) => tx.append(ORDERS_STREAM, draft)));
    } catch (error) {
      if (error instanceof JournalUnavailableError) throw new PayrailError('journal_unavailable', 'merchant-sim cannot store the order right now; retry with the same Idempotency-Key.');
      throw error;
    }
  }
}
