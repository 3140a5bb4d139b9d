import { newId } from '@payrail/core';
import type { ProgressListener } from '../progress/progressBar';
import type { PlannedPayment, TrafficPlan } from './trafficPlan';

/** The most payments driven through the API at once. */
export const API_CONCURRENCY_MAX = 256;

export interface ApiTrafficOptions {
  plan: TrafficPlan;
  /** api-gateway's base URL. */
  gatewayUrl: string;
  /** vault-service's base URL (cards are tokenized there, never sent to the gateway). */
  vaultUrl: string;
  /** The merchant's secret key (`sk_test_...`), e.g. DEMO_MERCHANT_API_KEY. */
  apiKey: string;
  /** INTERNAL_TOKEN, for the vault. */
  internalToken: string;
  concurrency: number;
  /** How long one HTTP call may take. */
  request_timeout_ms: number;
  onProgress?: ProgressListener;
}

export interface ApiTrafficSummary {
  payments: number;
  /** Final PaymentIntent status per payment (or `failed` when a call failed first). */
  statuses: Record<string, number>;
  refunds: number;
  /** Failed calls by step and HTTP status or error code, e.g. `confirm 503 upstream_unavailable`. */
  errors: Record<string, number>;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

class CallFailed extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

/**
 * Drives a traffic plan through the real services, as a merchant's integration would: tokenize the
 * card at the vault, create the PaymentIntent (Idempotency-Key derived from the seed and the payment's
 * index, so a re-run replays instead of paying twice), confirm, capture or cancel manual ones, refund
 * the ones the plan refunds. Time is not simulated here: the steps follow each other at once. At most
 * `concurrency` payments are in flight.
 */
export async function driveApiTraffic(options: ApiTrafficOptions): Promise<ApiTrafficSummary> {
  const { plan, onProgress } = options;
  const summary: ApiTrafficSummary = { payments: 0, statuses: {}, refunds: 0, errors: {} };
  const seed = plan.options.seed;
  const total = plan.options.payments;
  const gateway = options.gatewayUrl.replace(/\/$/, '');
  const vault = options.vaultUrl.replace(/\/$/, '');

  const call = async (step: string, url: string, headers: Record<string, string>, body: unknown): Promise<Answer> => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.request_timeout_ms),
      });
    } catch (error) {
      throw new CallFailed(`${step} ${(error as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable'}`);
    }
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON: keep the status only
    }
    return { status: response.status, body: parsed };
  };
  const failure = (step: string, answer: Answer): CallFailed => {
    const error = answer.body['error'] as { code?: string } | undefined;
    return new CallFailed(`${step} ${answer.status}${error?.code === undefined ? '' : ` ${error.code}`}`);
  };

  const drive = async (payment: PlannedPayment): Promise<string> => {
    const correlation = newId('corr');
    const key = (step: string): string => `synthetic-${seed}-${payment.index}-${step}`;
    const merchantHeaders = (step: string): Record<string, string> => ({ authorization: `Bearer ${options.apiKey}`, 'idempotency-key': key(step), 'x-correlation-id': correlation });
    const { card, customer } = payment;
    const token = await call('tokenize', `${vault}/tokens`, { 'x-internal-token': options.internalToken, 'x-correlation-id': correlation }, {
      pan: card.pan,
      exp_month: card.exp_month,
      exp_year: card.exp_year,
      cvv: card.cvv,
      holder_name: customer.name,
    });
    if (token.status !== 201 || typeof token.body['token'] !== 'string') throw failure('tokenize', token);
    const created = await call('create', `${gateway}/v1/payment-intents`, merchantHeaders('create'), {
      amount: payment.amount,
      currency: payment.currency,
      payment_method: token.body['token'],
      capture_method: payment.capture_method,
      customer: { name: customer.name, email: customer.email, country: customer.country, ip: customer.ip },
      metadata: { customer_ref: customer.ref, mcc: customer.mcc },
      description: `Synthetic order ${payment.index + 1}`,
    });
    if (created.status !== 200 || typeof created.body['id'] !== 'string') throw failure('create', created);
    const id = created.body['id'];
    const intentUrl = `${gateway}/v1/payment-intents/${id}`;
    const confirmed = await call('confirm', `${intentUrl}/confirm`, merchantHeaders('confirm'), {});
    if (confirmed.status === 402) return 'declined';
    if (confirmed.status !== 200) throw failure('confirm', confirmed);
    let status = String(confirmed.body['status']);
    if (status === 'authorized' && payment.capture !== null) {
      const captured = await call('capture', `${intentUrl}/capture`, merchantHeaders('capture'), { amount_to_capture: payment.capture.amount });
      if (captured.status !== 200) throw failure('capture', captured);
      status = String(captured.body['status']);
    } else if (status === 'authorized' && payment.void_after_ms !== null) {
      const canceled = await call('cancel', `${intentUrl}/cancel`, merchantHeaders('cancel'), {});
      if (canceled.status !== 200) throw failure('cancel', canceled);
      status = String(canceled.body['status']);
    }
    if (status === 'captured' && payment.refund !== null) {
      const refunded = await call('refund', `${gateway}/v1/refunds`, merchantHeaders('refund'), { payment_intent: id, amount: payment.refund.amount, reason: 'requested_by_customer' });
      if (refunded.status !== 200) throw failure('refund', refunded);
      summary.refunds += 1;
    }
    return status;
  };

  const concurrency = Math.min(Math.max(1, options.concurrency), API_CONCURRENCY_MAX);
  const inFlight = new Set<Promise<void>>();
  for (const payment of plan.payments()) {
    const running: Promise<void> = drive(payment).then(
      (status) => {
        summary.statuses[status] = (summary.statuses[status] ?? 0) + 1;
      },
      (error: unknown) => {
        const key = error instanceof CallFailed ? error.key : `error ${(error as Error).message}`;
        summary.errors[key] = (summary.errors[key] ?? 0) + 1;
        summary.statuses['failed'] = (summary.statuses['failed'] ?? 0) + 1;
      },
    ).finally(() => {
      inFlight.delete(running);
      summary.payments += 1;
      onProgress?.({ phase: 'payments', rows: summary.payments, fraction: summary.payments / total });
    });
    inFlight.add(running);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return summary;
}
