import type { WebhookEnv } from '../webhooks/webhookEnvs';
import type { CheckoutOutcome, GatewayErrorSummary } from './orderRecords';

/** How long one call to the gateway may take: a confirmation waits for the processor. */
export const GATEWAY_CALL_TIMEOUT_MS = 20_000;
const ERROR_FIELD_CHARS_MAX = { type: 64, code: 64, message: 1000, param: 200, decline_code: 64 } as const;

/** One answer of the gateway, or none: `status` 0 when it could not be reached or did not answer in time. */
export interface GatewayAnswer {
  status: number;
  body: any;
  outcome: CheckoutOutcome;
  error?: GatewayErrorSummary;
}

/** How an answer reads: 200 confirmed, 402 declined, another 4xx refused, no answer or a 5xx unreachable (retry). */
export function outcomeOf(status: number): CheckoutOutcome {
  if (status >= 200 && status < 300) return 'confirmed';
  if (status === 402) return 'declined';
  if (status >= 400 && status < 500) return 'refused';
  return 'unreachable';
}

/** The error object of a gateway answer (native or Stripe-shaped), each field bounded. */
function errorSummary(status: number, body: unknown, reason: string): GatewayErrorSummary {
  const error = (typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined) as Record<string, unknown> | undefined;
  const field = (name: keyof typeof ERROR_FIELD_CHARS_MAX): Record<string, string> => {
    const value = error?.[name];
    return typeof value === 'string' && value !== '' ? { [name]: value.slice(0, ERROR_FIELD_CHARS_MAX[name]) } : {};
  };
  const message = typeof error?.['message'] === 'string' && error['message'] !== '' ? (error['message'] as string).slice(0, ERROR_FIELD_CHARS_MAX.message) : status === 0 ? reason : `the gateway answered ${status}`;
  return { ...field('type'), ...field('code'), message, ...field('param'), ...field('decline_code') };
}

/**
 * The gateway's public API as merchant-sim's storefront calls it: JSON over HTTP with the API key of
 * the order's env, the request's correlation id, and an Idempotency-Key on every POST, so a retried
 * order replays the gateway's stored answers instead of paying twice.
 */
export class GatewayApi {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKeyFor: (env: WebhookEnv) => string,
    private readonly timeout_ms = GATEWAY_CALL_TIMEOUT_MS,
  ) {}

  async call(env: WebhookEnv, method: 'GET' | 'POST', path: string, options: { body?: unknown; idempotencyKey?: string; correlationId: string }): Promise<GatewayAnswer> {
    const apiKey = this.apiKeyFor(env);
    if (apiKey === '') return { status: 0, body: null, outcome: 'unreachable', error: { message: `merchant-sim has no gateway API key for ${env}: set MERCHANT_API_KEY, or PUT /admin/api-keys/${env}.` } };
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          accept: 'application/json',
          'x-correlation-id': options.correlationId,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey }),
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(this.timeout_ms),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `the gateway did not answer within ${this.timeout_ms} ms` : `the gateway at ${this.baseUrl} is unreachable`;
      return { status: 0, body: null, outcome: 'unreachable', error: { message: reason } };
    }
    const text = await response.text().catch(() => '');
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: the status says enough
    }
    const outcome = outcomeOf(response.status);
    return { status: response.status, body, outcome, ...(outcome === 'confirmed' ? {} : { error: errorSummary(response.status, body, '') }) };
  }
}
