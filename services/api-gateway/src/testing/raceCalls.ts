import type { RunningService } from '@payrail/testing';
import { DEMO_KEY } from './gatewayHarness';

/** One answer of a gateway child process: status, parsed body and the raw text. */
export type Answer = { status: number; body: any; text: string };

/** How long one call of a race may take. */
export const CALL_TIMEOUT_MS = 20_000;

/** Polls `read` until `done` holds, for at most `timeout_ms`; returns the last reading. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeout_ms = 15_000): Promise<T> {
  const deadline = Date.now() + timeout_ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** A JSON call to a gateway process as the demo merchant, with an Idempotency-Key when `key` is given. */
export async function call(gateway: RunningService, method: string, route: string, body?: unknown, key?: string): Promise<Answer> {
  const res = await fetch(`${gateway.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), text };
}
