import { PayrailError, canonicalJson, sha256Hex } from '@payrail/core';
import type { RouteResult } from '../http/route';
import type { Ledger } from '../ledger/ledger';
import type { JournalEvent } from '@payrail/journal';
import { idempotencyIndexKey, renderResponse, type IdempotencyRecord, type LedgerObject, type LedgerState } from '@payrail/ledger';

/** What an Idempotency-Key may be, on both surfaces: 1 to 255 printable ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** How often a request waiting for the same key in flight looks again. */
const WAIT_POLL_MS = 20;

/** One idempotent request: who sent it, its key (if any) and the fingerprint of what it asked. */
export interface IdempotentRequest {
  merchant: string;
  key: string | null;
  request_hash: string;
}

/** sha256 over method, path and the canonical JSON body: the same key with another request is refused. */
export function requestHash(method: string, path: string, body: unknown): string {
  return sha256Hex(`${method.toUpperCase()} ${path}\n${canonicalJson(body ?? {})}`);
}

/** The `idempotency` field of the event a command appends (pending while a processor call is in flight). */
export function idempotencyField(request: IdempotentRequest, pending = false): { idempotency?: { key: string; request_hash: string; pending?: boolean } } {
  if (request.key === null) return {};
  return { idempotency: { key: request.key, request_hash: request.request_hash, ...(pending ? { pending: true } : {}) } };
}

/**
 * The earlier use of this request's key, if unexpired. Call it inside `transact` (under the lock, after
 * catch-up), so two processes can never both act on one key. Throws 422 when the key was used with a
 * different request.
 */
export function priorUse(state: LedgerState, request: IdempotentRequest, ttl_ms: number, now = Date.now()): IdempotencyRecord | null {
  if (request.key === null) return null;
  const record = state.idempotency.get(idempotencyIndexKey(request.merchant, request.key));
  if (record === undefined || record.created_ms < now - ttl_ms) return null;
  if (record.request_hash !== request.request_hash) {
    throw new PayrailError('idempotency_key_reused', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${request.key}' if you meant to execute a different request.`, { param: 'Idempotency-Key' });
  }
  return record;
}

/**
 * Answers with the stored response of an earlier use of the key, byte for byte, marked
 * `Idempotent-Replayed: true`. A use still in flight (here or in another process) is waited for.
 */
export async function replay(ledger: Ledger, request: IdempotentRequest, wait_ms: number): Promise<RouteResult> {
  const deadline = Date.now() + wait_ms;
  for (;;) {
    const record = request.key === null ? undefined : ledger.state.idempotency.get(idempotencyIndexKey(request.merchant, request.key));
    if (record?.response) return { status: record.response.status, raw: record.response.body, headers: { 'Idempotent-Replayed': 'true' } };
    if (Date.now() >= deadline) {
      throw new PayrailError('idempotency_key_in_use', undefined, { param: 'Idempotency-Key', details: { retry_after_s: 1 } });
    }
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    await ledger.catchUp();
  }
}

/** The response of a command whose final event is `event` (for a keyed request, the bytes a replay will send). */
export function committedResponse(state: LedgerState, request: IdempotentRequest, event: JournalEvent, object: LedgerObject): RouteResult {
  const record = request.key === null ? undefined : state.idempotency.get(idempotencyIndexKey(request.merchant, request.key));
  const response = record?.response ?? renderResponse(event, object);
  return { status: response.status, raw: response.body };
}
