import { randomInt } from 'node:crypto';
import { createPayrailClient, type PayrailClient } from '@payrail/client';
import { luhnCheckDigit, newId } from '@payrail/core';
import type { DemoTarget, ServiceKey } from './demoTarget';

/** How long one HTTP call of a scenario may take. */
const REQUEST_TIMEOUT_MS = 30_000;

/** One answer: status, headers, the body as text and parsed (loosely, as a merchant's code reads it). */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** The Answer of a typed client call (its body as the gateway sent it: compact JSON, re-serialized in order). */
export function answerOf(result: { data?: unknown; error?: unknown; response: Response }): Answer {
  const body = result.data ?? result.error ?? null;
  return { status: result.response.status, headers: result.response.headers, text: body === null ? '' : JSON.stringify(body), body };
}

/** A card a scenario pays with: a PAN it never prints, and its vault token. */
export interface DemoCard {
  pan: string;
  token: string;
}

/** What both processors hold for one payment intent: successful authorizations at each. */
export interface ProcessorCharges {
  providerA: number;
  providerB: number;
}

/** A fresh Luhn-valid Visa number on the 424242 BIN: a card that succeeds, new each time (the velocity rule counts per card). */
export function freshCardNumber(): string {
  let body = '424242';
  while (body.length < 15) body += String(randomInt(10));
  return body + luhnCheckDigit(body);
}

/** A time-sortable id with a prefix of the demo's own (`order_...`, `demo_...`): newId's shape, any prefix. */
export function demoId(prefix: string): string {
  return `${prefix}_${newId('corr').slice('corr_'.length)}`;
}

/** A correlation id that names the scenario, so a reader can grep for it. */
export function demoCorrelationId(label: string): string {
  return demoId(`corr_demo_${label}`);
}

/** HTTP calls to the five services with the right credentials, and the few steps every scenario repeats. */
export class DemoClient {
  /** The gateway's API as the demo merchant, typed by its OpenAPI document (@payrail/client). */
  readonly gateway: PayrailClient;

  constructor(readonly target: DemoTarget) {
    this.gateway = createPayrailClient({ baseUrl: target.urls.gateway, apiKey: target.apiKey, timeout_ms: REQUEST_TIMEOUT_MS });
  }

  /** A call to `service`; JSON bodies in and out. */
  async call(service: ServiceKey, method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${this.target.urls[service]}${route}`, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  }

  /** The gateway's public API as the demo merchant. */
  api(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return this.call('gateway', method, route, body, { authorization: `Bearer ${this.target.apiKey}`, ...headers });
  }

  /** An internal route (X-Internal-Token) of vault-service, provider-sim, ledger-service or merchant-sim. */
  internal(service: ServiceKey, method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return this.call(service, method, route, body, { 'x-internal-token': this.target.internalToken, ...headers });
  }

  /** provider-sim's admin API (X-Admin-Token): faults, disputes, settlement files. */
  simAdmin(method: string, route: string, body?: unknown): Promise<Answer> {
    return this.call('providerSim', method, route, body, { 'x-admin-token': this.target.adminToken });
  }

  /** Tokenizes `pan` at the vault (what a checkout page does before the merchant ever sees the card). */
  async tokenize(pan: string, correlationId?: string): Promise<DemoCard> {
    const answer = await this.internal('vault', 'POST', '/tokens', { pan, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvv: '123' }, correlationId === undefined ? {} : { 'x-correlation-id': correlationId });
    if (answer.status !== 201 || typeof answer.body?.token !== 'string') throw new Error(`the vault did not tokenize the card: ${answer.status} ${answer.text}`);
    return { pan, token: answer.body.token as string };
  }

  /** Creates a PaymentIntent for `token` and confirms it (automatic capture); answers the confirmation. */
  async pay(token: string, amount: number, options: { currency?: string; metadata?: Record<string, string>; correlationId?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = options.correlationId === undefined ? {} : { 'x-correlation-id': options.correlationId };
    const created = await this.gateway.POST('/v1/payment-intents', {
      params: { header: { 'Idempotency-Key': demoId('demo') } },
      body: { amount, currency: options.currency ?? 'usd', payment_method: token, ...(options.metadata === undefined ? {} : { metadata: options.metadata }) },
      headers,
    });
    if (created.data === undefined) throw new Error(`POST /v1/payment-intents answered ${created.response.status}: ${JSON.stringify(created.error)}`);
    return answerOf(await this.gateway.POST('/v1/payment-intents/{id}/confirm', { params: { path: { id: created.data.id } }, body: {}, headers }));
  }

  /** Successful authorizations each processor's own books hold for a payment intent (their status inquiry APIs). */
  async processorCharges(paymentIntent: string): Promise<ProcessorCharges> {
    const a = await this.internal('providerSim', 'GET', `/providerA/v1/charges?payment_intent=${paymentIntent}`);
    const b = await this.internal('providerSim', 'GET', `/providerB/v68/payments?reference=${paymentIntent}`);
    if (a.status !== 200 || b.status !== 200) throw new Error(`provider-sim's inquiry answered ${a.status} / ${b.status}`);
    const authorizedA = (a.body.data as Array<{ status: string }>).filter((charge) => charge.status === 'succeeded').length;
    const authorizedB = (b.body.data as Array<{ resultCode: string }>).filter((payment) => payment.resultCode === 'Authorised').length;
    return { providerA: authorizedA, providerB: authorizedB };
  }

  /** provider-sim's failure injection now, to put back when a scenario is done. */
  async faults(): Promise<Record<string, unknown>> {
    const answer = await this.simAdmin('GET', '/admin/faults');
    if (answer.status !== 200) throw new Error(`GET /admin/faults answered ${answer.status}: ${answer.text}`);
    return answer.body as Record<string, unknown>;
  }

  /** Changes provider-sim's failure injection (a partial object, merged). */
  async setFaults(change: Record<string, unknown>): Promise<void> {
    const answer = await this.simAdmin('PUT', '/admin/faults', change);
    if (answer.status !== 200) throw new Error(`PUT /admin/faults answered ${answer.status}: ${answer.text}`);
  }
}
