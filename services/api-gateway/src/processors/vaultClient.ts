import { PayrailError } from '@payrail/core';
import { callJson, unavailable } from './http';
import type { CardSummary } from '@payrail/ledger';

export type DetokenizePurpose = 'authorization' | 'refund' | 'dispute_evidence';

export interface CardData {
  pan: string;
  exp_month: number;
  exp_year: number;
}

/**
 * The gateway's only way to a card: token metadata for display and routing, and the PAN for the one
 * call that needs it (a processor request), always with a purpose that the vault logs.
 */
export class VaultClient {
  constructor(private readonly baseUrl: string, private readonly internalToken: string, private readonly timeout_ms = 5_000) {}

  /** Brand, BIN, last 4 and expiry of a token, or a 400 naming `param` when the vault does not know it. */
  async card(token: string, correlationId: string, param = 'payment_method'): Promise<CardSummary> {
    const answer = await callJson<Record<string, unknown>>('vault-service', `${this.baseUrl}/tokens/${encodeURIComponent(token)}`, {
      method: 'GET',
      headers: this.headers(correlationId),
      timeout_ms: this.timeout_ms,
    }).catch(unavailable);
    if (answer.status === 404) throw new PayrailError('parameter_invalid', `No such payment method: '${token}'. Tokenize the card with the vault first.`, { param });
    if (answer.status !== 200) throw new PayrailError('upstream_unavailable', `vault-service answered ${answer.status}`);
    const body = answer.body;
    return {
      brand: String(body['brand']),
      bin: String(body['bin']),
      last4: String(body['last4']),
      exp_month: Number(body['exp_month']),
      exp_year: Number(body['exp_year']),
      ...(typeof body['fingerprint'] === 'string' ? { fingerprint: body['fingerprint'] } : {}),
      ...(typeof body['country'] === 'string' ? { country: body['country'] } : {}),
    };
  }

  /** The card number, for a processor call only. Never log or store what this returns. */
  async detokenize(token: string, purpose: DetokenizePurpose, correlationId: string): Promise<CardData> {
    const answer = await callJson<Record<string, unknown>>('vault-service', `${this.baseUrl}/tokens/${encodeURIComponent(token)}/detokenize`, {
      method: 'POST',
      headers: this.headers(correlationId),
      body: { purpose, requester: 'api-gateway' },
      timeout_ms: this.timeout_ms,
    });
    if (answer.status !== 200) throw new PayrailError('upstream_unavailable', `vault-service refused detokenization (${answer.status})`);
    return { pan: String(answer.body['pan']), exp_month: Number(answer.body['exp_month']), exp_year: Number(answer.body['exp_year']) };
  }

  /**
   * Tokenizes a card (the Stripe-compatible API's test PaymentMethods and `card[number]`): the number
   * goes to the vault only, never to a log or a file of the gateway. A card the vault refuses is a 400.
   */
  async tokenize(card: { pan: string; exp_month: number; exp_year: number; cvv?: string }, correlationId: string, param = 'card[number]'): Promise<string> {
    const answer = await callJson<Record<string, unknown>>('vault-service', `${this.baseUrl}/tokens`, {
      method: 'POST',
      headers: this.headers(correlationId),
      body: { pan: card.pan, exp_month: card.exp_month, exp_year: card.exp_year, ...(card.cvv === undefined ? {} : { cvv: card.cvv }) },
      timeout_ms: this.timeout_ms,
    }).catch(unavailable);
    if (answer.status >= 400 && answer.status < 500) {
      const error = (answer.body['error'] ?? {}) as Record<string, unknown>;
      throw new PayrailError('card_invalid', typeof error['message'] === 'string' ? error['message'] : 'The vault refused the card.', { param });
    }
    if (answer.status !== 200 && answer.status !== 201) throw new PayrailError('upstream_unavailable', `vault-service answered ${answer.status}`);
    return String(answer.body['token']);
  }

  private headers(correlationId: string): Record<string, string> {
    return { 'x-internal-token': this.internalToken, 'x-correlation-id': correlationId };
  }
}
