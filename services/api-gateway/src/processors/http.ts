import { PayrailError } from '@payrail/core';

export interface HttpAnswer<T> {
  status: number;
  body: T;
}

/** Why a call got no answer: the caller must treat the outcome as unknown, never as a decline. */
export class NoAnswerError extends Error {
  constructor(readonly target: string, readonly reason: 'timeout' | 'connection' | 'unavailable', detail: string) {
    super(`${target}: no answer (${reason}): ${detail}`);
    this.name = 'NoAnswerError';
  }
}

/**
 * A JSON call to another service with a deadline. A timeout, a refused or reset connection and a 5xx
 * are NoAnswerError (the outcome is unknown); any other status is returned to the caller.
 */
export async function callJson<T>(target: string, url: string, init: { method: string; headers: Record<string, string>; body?: unknown; timeout_ms: number }): Promise<HttpAnswer<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: { 'content-type': 'application/json', ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(init.timeout_ms),
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new NoAnswerError(target, 'timeout', `no response within ${init.timeout_ms} ms`);
    throw new NoAnswerError(target, 'connection', (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
  }
  const text = await response.text();
  if (response.status >= 500) throw new NoAnswerError(target, 'unavailable', `HTTP ${response.status}`);
  let body: T;
  try {
    body = (text === '' ? {} : JSON.parse(text)) as T;
  } catch {
    body = text as unknown as T;
  }
  return { status: response.status, body };
}

/** Maps a missing answer from a service the request needs to 503 upstream_unavailable. */
export function unavailable(error: unknown): never {
  if (error instanceof NoAnswerError) throw new PayrailError('upstream_unavailable', `${error.target} is unavailable (${error.reason}); retry later.`);
  throw error;
}
