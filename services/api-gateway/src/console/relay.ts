import { ERROR_CATALOGUE, PayrailError, type ErrorCode } from '@payrail/core';
import { callJson, unavailable } from '../processors/http';

/** How long the console's calls to provider-sim and merchant-sim may take. */
export const RELAY_TIMEOUT_MS = 5_000;
/** How long a settlement or reconciliation run may take before the console stops waiting for it. */
export const JOB_TIMEOUT_MS = 120_000;

type ErrorBody = { error?: { code?: string; message?: string; param?: string } };

/**
 * Calls another PayRail service for the console, forwarding the correlation id. A 2xx answer is
 * returned; the service's own client error (in PayRail's error shape) is raised as the same error,
 * so the console shows its message; anything else is 503 upstream_unavailable.
 */
export async function relay<T>(target: string, url: string, init: { method: string; headers: Record<string, string>; body?: unknown; timeout_ms?: number; correlationId: string }): Promise<T> {
  const answer = await callJson<T & ErrorBody>(target, url, {
    method: init.method,
    headers: { ...init.headers, 'x-correlation-id': init.correlationId },
    ...(init.body === undefined ? {} : { body: init.body }),
    timeout_ms: init.timeout_ms ?? RELAY_TIMEOUT_MS,
  }).catch(unavailable);
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  const error = (answer.body as ErrorBody | null)?.error;
  const code = error?.code;
  if (code !== undefined && code in ERROR_CATALOGUE && answer.status < 500) {
    throw new PayrailError(code as ErrorCode, error?.message, error?.param === undefined ? {} : { param: error.param });
  }
  throw new PayrailError('upstream_unavailable', `${target} answered ${answer.status}; retry later.`);
}
