import fc from 'fast-check';
import { CANONICAL_JSON_DEPTH_MAX, CanonicalJsonDepthError, canonicalJson } from './canonicalJson';

/** `[[[...0...]]]` nested `depth` levels, built without recursion. */
function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 0;
  for (let level = 0; level < depth; level += 1) value = kind === 'array' ? [value] : { a: value };
  return value;
}

describe('canonicalJson', () => {
  it('sorts keys and drops whitespace: equal values give equal bytes', () => {
    expect(canonicalJson({ b: [1, 'x', null, undefined], a: { d: true, c: 2 } })).toBe('{"a":{"c":2,"d":true},"b":[1,"x",null,null]}');
  });

  it('agrees with JSON.parse for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
    }), { seed: 12, numRuns: 200 });
  });

  it('writes byte for byte what a sorted JSON.stringify writes (hashes of lines already written depend on it)', () => {
    // The reference: JSON.stringify with every object's keys sorted, as the first encoder did it.
    const sorted = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sorted(item)));
      if (typeof value !== 'object' || value === null) return value;
      return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
    };
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('"', '\\', '\u2028', '\ud800', '\u001f', 'é'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.oneof(tie('node'), fc.constant(undefined))), fc.dictionary(text, fc.oneof(tie('node'), fc.constant(undefined)))),
    })).node;
    fc.assert(fc.property(value, (v) => {
      expect(canonicalJson(v)).toBe(JSON.stringify(sorted(v)));
    }), { seed: 20, numRuns: 500 });
  });

  it('encodes values nested up to the limit', () => {
    expect(canonicalJson(nested(CANONICAL_JSON_DEPTH_MAX, 'array'))).toBe(`${'['.repeat(CANONICAL_JSON_DEPTH_MAX)}0${']'.repeat(CANONICAL_JSON_DEPTH_MAX)}`);
  });

  it('refuses deeper nesting with a clear error, not a stack overflow (10,000 levels)', () => {
    for (const kind of ['array', 'object'] as const) {
      expect(() => canonicalJson(nested(CANONICAL_JSON_DEPTH_MAX + 1, kind))).toThrow(CanonicalJsonDepthError);
      expect(() => canonicalJson(nested(10_000, kind))).toThrow(/deeper than 128 levels/);
    }
  });
});
