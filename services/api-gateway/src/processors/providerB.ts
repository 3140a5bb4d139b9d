import { declineCodeFromAdyen } from '@payrail/core';
import { callJson } from './http';
import { simulateHeaders, type AuthorizeInput, type AuthorizeOutcome, type CallContext, type InquiryOutcome, type MoneyMoveOutcome, type ProcessorClient } from './processorClient';

interface PaymentAnswer {
  pspReference?: string;
  resultCode?: string;
  refusalReason?: string;
  refusalReasonCode?: string;
  status?: string;
  merchantReference?: string;
}

const MERCHANT_ACCOUNT = 'PayRailSandbox';

/** providerB speaks Adyen's dialect: pspReference, resultCode, refusalReason; amounts as {value, currency}. */
export class ProviderBClient implements ProcessorClient {
  readonly name = 'providerB' as const;

  constructor(private readonly baseUrl: string, private readonly internalToken: string, private readonly timeout_ms: number) {}

  async authorize(input: AuthorizeInput): Promise<AuthorizeOutcome> {
    const answer = await this.call<PaymentAnswer>('POST', '/payments', input, {
      amount: { value: input.amount, currency: input.currency },
      reference: input.payment_intent,
      merchantAccount: MERCHANT_ACCOUNT,
      paymentMethod: { type: 'scheme', number: input.card.pan, expiryMonth: String(input.card.exp_month).padStart(2, '0'), expiryYear: String(input.card.exp_year) },
      ...(input.capture ? { captureDelayHours: 0 } : {}),
    }, simulateHeaders(input));
    const body = answer.body;
    if (answer.status === 200 && body.resultCode === 'Authorised' && body.pspReference !== undefined) {
      return { outcome: 'authorized', processor_reference: body.pspReference, captured: input.capture };
    }
    const reason = body.refusalReason ?? (body.resultCode === 'Error' ? 'Acquirer Error' : 'Refused');
    const declineCode = body.resultCode === 'Error' ? 'processing_error' : declineCodeFromAdyen({ refusalReasonCode: body.refusalReasonCode ?? null, refusalReason: reason });
    return { outcome: 'declined', decline_code: declineCode, message: `Refused by providerB: ${reason}.`, processor_reference: body.pspReference ?? null };
  }

  async capture(input: CallContext & { processor_reference: string; amount: number; currency: string }): Promise<MoneyMoveOutcome> {
    return this.modification(`/payments/${input.processor_reference}/captures`, input, { amount: { value: input.amount, currency: input.currency }, merchantAccount: MERCHANT_ACCOUNT });
  }

  async void(input: CallContext & { processor_reference: string }): Promise<MoneyMoveOutcome> {
    return this.modification(`/payments/${input.processor_reference}/cancels`, input, { merchantAccount: MERCHANT_ACCOUNT });
  }

  async refund(input: CallContext & { processor_reference: string; amount: number; currency: string }): Promise<MoneyMoveOutcome> {
    return this.modification(`/payments/${input.processor_reference}/refunds`, input, { amount: { value: input.amount, currency: input.currency }, merchantAccount: MERCHANT_ACCOUNT });
  }

  async inquire(input: { payment_intent: string; correlationId: string }): Promise<InquiryOutcome> {
    type Modification = { amount?: { value?: number } };
    const answer = await callJson<{ data?: Array<PaymentAnswer & { captures?: Modification[]; refunds?: Modification[] }> }>(this.name, `${this.baseUrl}/providerB/v68/payments?reference=${encodeURIComponent(input.payment_intent)}`, {
      method: 'GET',
      headers: { 'x-internal-token': this.internalToken, 'x-correlation-id': input.correlationId },
      timeout_ms: this.timeout_ms,
    });
    const payments = answer.body.data ?? [];
    const authorised = payments.find((p) => p.resultCode === 'Authorised' && p.pspReference !== undefined);
    if (authorised?.pspReference === undefined) return { status: payments.length > 0 ? 'declined' : 'none' };
    const status = authorised.status === 'Captured' ? 'captured' : authorised.status === 'Cancelled' ? 'voided' : 'authorized';
    const sum = (list: Array<{ amount?: { value?: number } }> | undefined): number => (list ?? []).reduce((total, m) => total + (m.amount?.value ?? 0), 0);
    return { status, processor_reference: authorised.pspReference, amount_captured: sum(authorised.captures), amount_refunded: sum(authorised.refunds) };
  }

  private async modification(path: string, context: CallContext, body: unknown): Promise<MoneyMoveOutcome> {
    const answer = await this.call<PaymentAnswer>('POST', path, context, body);
    return (answer.status === 200 || answer.status === 201) && answer.body.status === 'received' && answer.body.pspReference !== undefined
      ? { ok: true, processor_reference: answer.body.pspReference }
      : { ok: false, reason: answer.body.refusalReason ?? `HTTP ${answer.status}` };
  }

  private call<T>(method: string, path: string, context: CallContext, body: unknown, extraHeaders: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    return callJson<T>(this.name, `${this.baseUrl}/providerB/v68${path}`, {
      method,
      headers: { 'x-internal-token': this.internalToken, 'x-correlation-id': context.correlationId, 'idempotency-key': context.idempotencyKey, ...extraHeaders },
      body,
      timeout_ms: this.timeout_ms,
    });
  }
}
