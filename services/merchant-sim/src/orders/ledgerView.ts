/** How long a re-read of the gateway may take before the order is shown without it. */
export const LEDGER_READ_TIMEOUT_MS = 3_000;

/** The gateway's answer for one payment intent, or why there is none; never an error of the order route. */
export type LedgerView =
  | { available: true; fetched_at: string; status_code: number; payment_intent: unknown }
  | { available: false; fetched_at: string; status_code?: number; reason: string; error?: unknown };

export interface GatewayReader {
  baseUrl: string;
  /** The merchant's API key (sk_test_...); empty when none is configured. */
  apiKey: string;
}

/**
 * Re-reads a payment intent from the gateway (`GET /v1/payment-intents/{id}`) with the merchant's API
 * key, to show the ledger's state beside the merchant's own. An unreachable or refusing gateway is
 * reported in the view, not thrown.
 */
export async function readLedgerView({ baseUrl, apiKey }: GatewayReader, id: string, correlationId: string): Promise<LedgerView> {
  const fetched_at = new Date().toISOString();
  if (apiKey === '') return { available: false, fetched_at, reason: 'no merchant API key configured (set MERCHANT_API_KEY)' };
  const url = `${baseUrl}/v1/payment-intents/${encodeURIComponent(id)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${apiKey}`, 'x-correlation-id': correlationId, accept: 'application/json' },
      signal: AbortSignal.timeout(LEDGER_READ_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return { available: false, fetched_at, reason: timedOut ? `the gateway did not answer within ${LEDGER_READ_TIMEOUT_MS} ms` : `the gateway at ${baseUrl} is unreachable` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { available: false, fetched_at, status_code: response.status, reason: 'the gateway answered with a body that is not JSON' };
  }
  if (!response.ok) return { available: false, fetched_at, status_code: response.status, reason: `the gateway answered ${response.status}`, error: (body as { error?: unknown }).error ?? body };
  return { available: true, fetched_at, status_code: response.status, payment_intent: body };
}
