import type { WebhookEnv } from '../webhooks/webhookEnvs';

/** How long a re-read of the gateway may take before the order is shown without it. */
export const LEDGER_READ_TIMEOUT_MS = 3_000;

/** The gateway's answer for one object, or why there is none; never an error of the order route. */
export type GatewayRead<K extends string> =
  | ({ available: true; fetched_at: string; status_code: number } & Record<K, unknown>)
  | { available: false; fetched_at: string; status_code?: number; reason: string; error?: unknown };

export type LedgerView = GatewayRead<'payment_intent'>;

export interface GatewayReader {
  baseUrl: string;
  /** The merchant's API key (sk_test_...) of an env's account; empty when none is configured. */
  apiKeyFor(env: WebhookEnv): string;
}

/**
 * Reads `path` of the gateway's API (`/v1/...`) with the API key of `env`'s account and the request's
 * correlation id, answering the body under `field`. An unreachable or refusing gateway is reported in
 * the view, not thrown.
 */
export async function readGateway<K extends string>(gateway: GatewayReader, env: WebhookEnv, path: string, field: K, correlationId: string): Promise<GatewayRead<K>> {
  const fetched_at = new Date().toISOString();
  const apiKey = gateway.apiKeyFor(env);
  if (apiKey === '') return { available: false, fetched_at, reason: `no merchant API key configured for ${env} (set MERCHANT_API_KEY, or PUT /admin/api-keys/${env})` };
  let response: Response;
  try {
    response = await fetch(`${gateway.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${apiKey}`, 'x-correlation-id': correlationId, accept: 'application/json' },
      signal: AbortSignal.timeout(LEDGER_READ_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return { available: false, fetched_at, reason: timedOut ? `the gateway did not answer within ${LEDGER_READ_TIMEOUT_MS} ms` : `the gateway at ${gateway.baseUrl} is unreachable` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { available: false, fetched_at, status_code: response.status, reason: 'the gateway answered with a body that is not JSON' };
  }
  if (!response.ok) return { available: false, fetched_at, status_code: response.status, reason: `the gateway answered ${response.status}`, error: (body as { error?: unknown }).error ?? body };
  return { available: true, fetched_at, status_code: response.status, [field]: body } as GatewayRead<K>;
}

/**
 * Re-reads a payment intent from the gateway (`GET /v1/payment-intents/{id}`), to show the ledger's
 * state beside the merchant's own.
 */
export function readLedgerView(gateway: GatewayReader, env: WebhookEnv, id: string, correlationId: string): Promise<LedgerView> {
  return readGateway(gateway, env, `/v1/payment-intents/${encodeURIComponent(id)}`, 'payment_intent', correlationId);
}
