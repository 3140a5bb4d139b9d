import { BrCodeError, PROCESSOR_DECLINE_CODES, parseBrCode } from '@payrail/core';
import { callJson } from './http';
import { simulateHeaders, type AuthorizeInput, type AuthorizeOutcome, type CallContext, type DeclineCode, type InquiryOutcome, type MoneyMoveOutcome, type PixChargeInput, type PixChargeOutcome, type ProcessorClient } from './processorClient';


interface Charge {
  id: string;
  status: string;
  captured?: boolean;
  refunded?: boolean;
  amount_captured?: number;
  amount_refunded?: number;
  /** Stripe's `txn_...` id (its fee is read from GET /v1/balance_transactions/{id}), or null before capture. */
  balance_transaction?: string | { fee?: number } | null;
}

/**
 * The most a capture waits for its fee from the balance transaction. When that call fails or is slow
 * the capture is recorded without a fee (never delayed, never lost): the fee is then known from the
 * bank's statement, which reconciliation checks against PROCESSOR_PRICING.
 */
export const BALANCE_TRANSACTION_TIMEOUT_MS_MAX = 2_000;

interface StripeError {
  error?: { code?: string; decline_code?: string; message?: string; charge?: string };
}

/** providerA speaks Stripe's dialect: charges, capture, cancel, refunds; declines are 402 card_error. */
export class ProviderAClient implements ProcessorClient {
  readonly name = 'providerA' as const;

  constructor(private readonly baseUrl: string, private readonly internalToken: string, private readonly timeout_ms: number) {}

  async authorize(input: AuthorizeInput): Promise<AuthorizeOutcome> {
    const answer = await this.call<Charge & StripeError>('POST', '/charges', input, {
      amount: input.amount,
      currency: input.currency.toLowerCase(),
      card: { number: input.card.pan, exp_month: input.card.exp_month, exp_year: input.card.exp_year },
      capture: input.capture,
      metadata: { payment_intent: input.payment_intent },
    }, simulateHeaders(input));
    if (answer.status === 200) {
      const captured = answer.body.captured === true;
      return { outcome: 'authorized', processor_reference: answer.body.id, captured, ...(captured ? await this.feeOf(answer.body, input.correlationId) : {}) };
    }
    const error = answer.body.error ?? {};
    const code = (error.decline_code ?? error.code ?? 'card_declined') as DeclineCode;
    return {
      outcome: 'declined',
      decline_code: (PROCESSOR_DECLINE_CODES as readonly string[]).includes(code) ? code : 'card_declined',
      message: error.message ?? 'The card was declined.',
      processor_reference: error.charge ?? null,
    };
  }

  /**
   * A Pix charge (`POST /pix/charges`). Its answer is checked before it is used: a BR Code that does not
   * parse, or is for another amount, is a refusal, never shown to a customer.
   */
  async createPix(input: PixChargeInput): Promise<PixChargeOutcome> {
    const answer = await this.call<{ id?: string; pix?: { txid?: unknown; data?: unknown; expires_at?: unknown } } & StripeError>('POST', '/pix/charges', input, {
      amount: input.amount,
      currency: 'brl',
      expires_after_seconds: input.expires_after_s,
      metadata: { payment_intent: input.payment_intent },
    });
    if (answer.status !== 200) return { ok: false, reason: answer.body.error?.message ?? `HTTP ${answer.status}` };
    const { id, pix } = answer.body;
    const { txid, data, expires_at } = pix ?? {};
    if (typeof id !== 'string' || typeof txid !== 'string' || !/^[A-Za-z0-9]{26,35}$/.test(txid) || typeof data !== 'string' || typeof expires_at !== 'number' || !Number.isSafeInteger(expires_at)) {
      return { ok: false, reason: 'providerA answered a Pix charge without its id, txid, BR Code or expiry' };
    }
    try {
      const code = parseBrCode(data);
      if (code.amount_minor !== input.amount) return { ok: false, reason: `providerA's BR Code is for ${code.amount ?? 'any amount'}, not ${input.amount} centavos` };
    } catch (error) {
      if (!(error instanceof BrCodeError)) throw error;
      return { ok: false, reason: `providerA's BR Code is not valid: ${error.message}`.slice(0, 500) };
    }
    return { ok: true, processor_reference: id, txid, data, expires_at };
  }

  async capture(input: CallContext & { processor_reference: string; amount: number }): Promise<MoneyMoveOutcome> {
    const answer = await this.call<Charge & StripeError>('POST', `/charges/${input.processor_reference}/capture`, input, { amount: input.amount });
    if (answer.status !== 200) return { ok: false, reason: answer.body.error?.message ?? `HTTP ${answer.status}` };
    return { ok: true, processor_reference: answer.body.id, ...(await this.feeOf(answer.body, input.correlationId)) };
  }

  /** The fee of a balance transaction (`txn_...`), or null when it cannot be read within the bound. */
  async balanceTransactionFee(id: string, correlationId: string): Promise<number | null> {
    try {
      const answer = await callJson<{ object?: string; fee?: unknown }>(this.name, `${this.baseUrl}/providerA/v1/balance_transactions/${encodeURIComponent(id)}`, {
        method: 'GET',
        headers: { 'x-internal-token': this.internalToken, 'x-correlation-id': correlationId },
        timeout_ms: Math.min(this.timeout_ms, BALANCE_TRANSACTION_TIMEOUT_MS_MAX),
      });
      const fee = answer.body.fee;
      return answer.status === 200 && answer.body.object === 'balance_transaction' && typeof fee === 'number' && Number.isSafeInteger(fee) && fee >= 0 ? fee : null;
    } catch {
      return null;
    }
  }

  private async feeOf(charge: Charge, correlationId: string): Promise<{ fee?: number }> {
    const value = charge.balance_transaction;
    if (typeof value === 'string') {
      const fee = await this.balanceTransactionFee(value, correlationId);
      return fee === null ? {} : { fee };
    }
    const fee = value?.fee;
    return typeof fee === 'number' && Number.isSafeInteger(fee) ? { fee } : {};
  }

  async void(input: CallContext & { processor_reference: string }): Promise<MoneyMoveOutcome> {
    const answer = await this.call<Charge & StripeError>('POST', `/charges/${input.processor_reference}/cancel`, input, {});
    return answer.status === 200 ? { ok: true, processor_reference: answer.body.id } : { ok: false, reason: answer.body.error?.message ?? `HTTP ${answer.status}` };
  }

  async refund(input: CallContext & { processor_reference: string; amount: number }): Promise<MoneyMoveOutcome> {
    const answer = await this.call<{ id: string; status: string } & StripeError>('POST', '/refunds', input, { charge: input.processor_reference, amount: input.amount });
    return answer.status === 200 && answer.body.status === 'succeeded'
      ? { ok: true, processor_reference: answer.body.id }
      : { ok: false, reason: answer.body.error?.message ?? `refund ${answer.body.status ?? answer.status}` };
  }

  async inquire(input: { payment_intent: string; correlationId: string }): Promise<InquiryOutcome> {
    const answer = await callJson<{ data?: Charge[] }>(this.name, `${this.baseUrl}/providerA/v1/charges?payment_intent=${encodeURIComponent(input.payment_intent)}`, {
      method: 'GET',
      headers: { 'x-internal-token': this.internalToken, 'x-correlation-id': input.correlationId },
      timeout_ms: this.timeout_ms,
    });
    const charge = (answer.body.data ?? []).find((c) => c.status === 'succeeded');
    if (charge === undefined) return { status: (answer.body.data ?? []).length > 0 ? 'declined' : 'none' };
    const status = charge.captured === true ? 'captured' : charge.refunded === true ? 'voided' : 'authorized';
    return { status, processor_reference: charge.id, amount_captured: charge.amount_captured ?? 0, amount_refunded: status === 'voided' ? 0 : (charge.amount_refunded ?? 0) };
  }

  private call<T>(method: string, path: string, context: CallContext, body: unknown, extraHeaders: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    return callJson<T>(this.name, `${this.baseUrl}/providerA/v1${path}`, {
      method,
      headers: { 'x-internal-token': this.internalToken, 'x-correlation-id': context.correlationId, 'idempotency-key': context.idempotencyKey, ...extraHeaders },
      body,
      timeout_ms: this.timeout_ms,
    });
  }
}
