import { PayrailError } from '@payrail/core';

export interface HttpAnswer<T> {
  status: number;
  body: T;
}

/**
 * Why a call got no usable answer. `processed` says whether the other side may have acted: a refused
 * connection or a 503 means it did not (another processor may be tried at once); a timeout, a reset
 * or another 5xx means nobody knows, so the caller must ask before trying elsewhere.
 */
export class NoAnswerError extends Error {
  constructor(
    readonly target: string,
    readonly reason: 'timeout' | 'connection' | 'unavailable',
    detail: string,
    readonly processed: 'no' | 'unknown',
  ) {
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
    if (name === 'TimeoutError' || name === 'AbortError') throw new NoAnswerError(target, 'timeout', `no response within ${init.timeout_ms} ms`, 'unknown');
    const cause = (error as Error & { cause?: Error & { code?: string } }).cause;
    throw new NoAnswerError(target, 'connection', cause?.message ?? (error as Error).message, cause?.code === 'ECONNREFUSED' ? 'no' : 'unknown');
  }
  const text = await response.text().catch(() => {
    throw new NoAnswerError(target, 'connection', 'the connection closed mid-answer', 'unknown');
  });
  if (response.status >= 500) throw new NoAnswerError(target, 'unavailable', `HTTP ${response.status}`, response.status === 503 ? 'no' : 'unknown');
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
