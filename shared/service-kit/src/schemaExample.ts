/*
 * Examples for an OpenAPI document, taken from its schemas so that they cannot say something the
 * schema does not: a schema's own `examples[0]` (or `const`, `default`, first `enum` value) wins, an
 * object is built from its required properties, and a string gets a value of its format or id prefix.
 * The documents' tests validate every example against its schema, so a synthesized value that does
 * not fit shows where an `examples` entry is missing.
 */

type Schema = Record<string, unknown>;

// $refs followed at most this deep: components refer to each other (Event → PaymentIntent → CardSummary).
const REF_DEPTH_MAX = 8;
// The 26 characters after an id's prefix (`pi_`, `we_`...), in the alphabet of shared/core's ids.
const ID_BODY = '01jcy4p8zq3x5v7k9m2n4r6t8w';
const STRING_BY_FORMAT: Readonly<Record<string, string>> = {
  'date-time': '2026-12-02T12:00:00.000Z',
  date: '2026-12-02',
  uri: 'https://merchant.example/webhooks/payrail',
  email: 'ada@example.com',
};

/**
 * An example value of `schema`, resolving `#/components/schemas/<name>` refs in `components`; undefined
 * when the schema says too little to invent one (an untyped value).
 */
export function schemaExample(schema: unknown, components: Readonly<Record<string, unknown>>, depth = 0): unknown {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const s = schema as Schema;
  if (Array.isArray(s['examples']) && s['examples'].length > 0) return s['examples'][0];
  if ('example' in s) return s['example'];
  if ('const' in s) return s['const'];
  if ('default' in s) return s['default'];
  if (Array.isArray(s['enum']) && s['enum'].length > 0) return s['enum'][0];
  if (typeof s['$ref'] === 'string') {
    const name = /^#\/components\/schemas\/(.+)$/.exec(s['$ref'])?.[1];
    return name === undefined || depth >= REF_DEPTH_MAX ? undefined : schemaExample(components[name], components, depth + 1);
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const alternatives = s[key];
    if (!Array.isArray(alternatives)) continue;
    // A nullable value is shown null unless its schema has a value of its own to show.
    const nullable = alternatives.some((alternative) => (alternative as Schema)['type'] === 'null');
    for (const alternative of alternatives as Schema[]) {
      if (alternative['type'] === 'null' || (nullable && alternative['examples'] === undefined && alternative['$ref'] === undefined)) continue;
      const value = schemaExample(alternative, components, depth);
      if (value !== undefined) return value;
    }
    return nullable ? null : undefined;
  }
  if (s['type'] === 'null') return null;
  switch (s['type']) {
    case 'object': {
      const properties = (s['properties'] ?? {}) as Record<string, unknown>;
      const required = Array.isArray(s['required']) ? (s['required'] as string[]) : [];
      const value: Record<string, unknown> = {};
      for (const name of required) {
        const example = schemaExample(properties[name], components, depth);
        value[name] = example === undefined ? {} : example;
      }
      return value;
    }
    case 'array': {
      const item = schemaExample(s['items'], components, depth);
      return item === undefined ? [] : [item];
    }
    case 'string': {
      const format = typeof s['format'] === 'string' ? STRING_BY_FORMAT[s['format']] : undefined;
      if (format !== undefined) return format;
      const prefix = typeof s['pattern'] === 'string' ? /^\^([a-z_]*[a-z]_)/.exec(s['pattern'])?.[1] : undefined;
      return prefix === undefined ? 'string' : `${prefix}${ID_BODY}`;
    }
    case 'integer':
    case 'number':
      return typeof s['minimum'] === 'number' ? s['minimum'] : 1;
    case 'boolean':
      return false;
    default:
      return undefined;
  }
}
