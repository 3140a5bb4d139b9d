import { ERROR_CATALOGUE, PayrailError, type ErrorCode } from '@payrail/core';
import { callJson, unavailable } from '../processors/http';
import { attemptView, type DeliveryAttempt } from './deliveryLog';

/**
 * How long a manual retry may take: ledger-service sends at once and answers with the attempt, which
 * may wait for the endpoint's whole WEBHOOK_TIMEOUT_MS (15 s by default).
 */
export const RETRY_CALL_TIMEOUT_MS = 30_000;

/** The gateway's client of ledger-service's internal webhook routes. */
export class LedgerServiceClient {
  constructor(private readonly baseUrl: string, private readonly internalToken: string) {}

  /**
   * Asks the dispatcher to send `eventId` now (to one endpoint, or to every endpoint it concerns),
   * re-signed with each endpoint's current secrets. Resolves with the attempts it made (or, for a
   * repeated Idempotency-Key, those of the first request); 503 when ledger-service is down.
   */
  async retryEvent(eventId: string, target: { merchant_id: string; endpoint?: string; idempotency?: { key: string; request_hash: string } }, correlationId: string): Promise<{ attempts: DeliveryAttempt[]; replayed: boolean }> {
    const answer = await callJson<{ data?: Array<Record<string, unknown>>; replayed?: boolean; error?: { code?: string; message?: string; param?: string } }>('ledger-service', `${this.baseUrl}/internal/events/${encodeURIComponent(eventId)}/retry`, {
      method: 'POST',
      headers: { 'x-internal-token': this.internalToken, 'x-correlation-id': correlationId },
      body: target,
      timeout_ms: RETRY_CALL_TIMEOUT_MS,
    }).catch(unavailable);
    if (answer.status === 200 && Array.isArray(answer.body.data)) return { attempts: answer.body.data.map(attemptView), replayed: answer.body.replayed === true };
    const error = answer.body.error;
    const code = error?.code;
    if (code !== undefined && code in ERROR_CATALOGUE && answer.status < 500) {
      throw new PayrailError(code as ErrorCode, error?.message, error?.param === undefined ? {} : { param: error.param });
    }
    throw new PayrailError('upstream_unavailable', `ledger-service answered ${answer.status}; retry later.`);
  }
}

