import { canonicalJson } from '@payrail/core';
import { JSON_DEPTH_MAX, maskPans } from '@payrail/service-kit';

/** The most bytes of a body kept in a journal line (lines are at most 64 KiB). */
export const BODY_STORED_BYTES_MAX = 32 * 1024;
/** Deeper JSON is kept as text: canonical encoding recurses. The same limit as every JSON body a service reads. */
const BODY_DEPTH_MAX = JSON_DEPTH_MAX;

export interface StoredBody {
  /** The parsed JSON, or the raw text when it is not storable JSON. */
  body: unknown;
  body_bytes: number;
  body_truncated?: true;
  body_masked?: true;
}

/** True when `value` is plain JSON with finite numbers, nested at most BODY_DEPTH_MAX deep. */
function isStorableJson(value: unknown): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const next = stack.pop() as { value: unknown; depth: number };
    if (typeof next.value === 'number' && !Number.isFinite(next.value)) return false;
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth >= BODY_DEPTH_MAX) return false;
    for (const child of Object.values(next.value)) stack.push({ value: child, depth: next.depth + 1 });
  }
  return true;
}

function boundedText(text: string): { text: string; truncated: boolean } {
  let kept = text.slice(0, BODY_STORED_BYTES_MAX);
  // Escaping can grow text up to six times; halving converges within log2(BODY_STORED_BYTES_MAX) steps.
  while (Buffer.byteLength(JSON.stringify(kept)) > BODY_STORED_BYTES_MAX) kept = kept.slice(0, Math.floor(kept.length / 2));
  return { text: kept, truncated: kept.length < text.length };
}

/**
 * What is kept of a delivery's body: the parsed JSON when it fits, else the text, cut to fit a journal
 * line. Card numbers are masked first (nothing but the vault may store one), and flagged as such;
 * the signature was already checked over the original bytes.
 */
export function storedBody(raw: Buffer): StoredBody {
  const original = raw.toString('utf8');
  const text = maskPans(original);
  const flags = { body_bytes: raw.length, ...(text === original ? {} : { body_masked: true as const }) };
  if (raw.length <= BODY_STORED_BYTES_MAX) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (isStorableJson(parsed) && Buffer.byteLength(canonicalJson(parsed)) <= BODY_STORED_BYTES_MAX) return { body: parsed, ...flags };
    } catch {
      // not JSON: kept as text below
    }
  }
  const bounded = boundedText(text);
  return { body: bounded.text, ...flags, ...(bounded.truncated ? { body_truncated: true as const } : {}) };
}

/** The event fields merchant-sim reads from a payload: `{id, type, created, data: {object}}`. */
export interface WebhookPayload {
  id?: string;
  type?: string;
  created?: number;
  object?: Record<string, unknown>;
}

/** Picks the Standard-Webhooks-style event fields out of a stored body; absent fields stay absent. */
export function payloadFields(body: unknown): WebhookPayload {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const { id, type, created, data } = body as Record<string, unknown>;
  const object = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['object'] : undefined;
  return {
    ...(typeof id === 'string' ? { id } : {}),
    ...(typeof type === 'string' ? { type } : {}),
    ...(typeof created === 'number' && Number.isInteger(created) ? { created } : {}),
    ...(typeof object === 'object' && object !== null && !Array.isArray(object) ? { object: object as Record<string, unknown> } : {}),
  };
}
