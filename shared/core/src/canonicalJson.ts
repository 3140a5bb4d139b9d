/**
 * The deepest nesting of objects and arrays `canonicalJson` encodes. Request bodies are refused far
 * below it (service-kit's `JSON_DEPTH_MAX`); an event envelope adds a few levels around a body. The
 * encoder recurses once per level, so without a bound a deep value would overflow the stack.
 */
export const CANONICAL_JSON_DEPTH_MAX = 128;

/** Thrown by `canonicalJson` for a value nested deeper than `CANONICAL_JSON_DEPTH_MAX`: a programmer error upstream, as input is bounded first. */
export class CanonicalJsonDepthError extends RangeError {
  constructor() {
    super(`canonicalJson: the value nests objects and arrays deeper than ${CANONICAL_JSON_DEPTH_MAX} levels; bound the depth of input before hashing it`);
    this.name = 'CanonicalJsonDepthError';
  }
}

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, integers and strings as JSON.stringify
 * writes them. Two equal values always give the same bytes, so it is what hashes and idempotency
 * fingerprints are computed over. Non-finite numbers and undefined inside arrays are rejected, and so
 * is nesting deeper than `CANONICAL_JSON_DEPTH_MAX` (a `CanonicalJsonDepthError`, never a stack overflow).
 */
export function canonicalJson(value: unknown): string {
  return encode(value, 0);
}

/** A string JSON.stringify would write as-is between quotes: no quote, backslash, control character or surrogate. */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

function encodeString(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}

// The hot path of every journal line and idempotency fingerprint: plain loops, no intermediate arrays,
// and keys sorted only when they are not in order already (most objects are built in order).
function encode(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return encodeString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (depth >= CANONICAL_JSON_DEPTH_MAX) throw new CanonicalJsonDepthError();
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item: unknown = value[i];
          out += item === undefined ? 'null' : encode(item, depth + 1);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let i = 1; i < keys.length; i++) {
        if ((keys[i - 1] as string) > (keys[i] as string)) {
          keys.sort();
          break;
        }
      }
      let out = '{';
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        if (out.length > 1) out += ',';
        out += `${encodeString(key)}:${encode(member, depth + 1)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
  }
}
