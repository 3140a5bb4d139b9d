/**
 * The few jq programs the demo prints as evidence, evaluated here (no jq needed):
 * `<path> | select(<conditions>) | {<fields>}`. A path is `.a.b`, `.a[2]` or `.items[]` (one result
 * per element); a condition compares a path with a value (`==`), or with a list (`IN(...)`); a field
 * is a path, named after its last key.
 */
export interface JqQuery {
  /** Where to start in each input: `.items[]`; default `.`. */
  path?: string;
  /** Every condition must hold: path → the value it equals, or a list of values it must be one of. */
  where?: Record<string, JqValue | JqValue[]>;
  /** The fields to show: a path (named after its last key) or `name: path`; default the whole value. */
  pick?: string[];
}

export type JqValue = string | number | boolean | null;

type Segment = { key: string } | { index: number } | { each: true };

/** The jq program text of a query, as a reader would type it. */
export function jqProgram(query: JqQuery): string {
  const parts: string[] = [];
  if (query.path !== undefined && query.path !== '.') parts.push(query.path);
  const conditions = Object.entries(query.where ?? {}).map(([path, value]) =>
    Array.isArray(value) ? `(${path} | IN(${value.map((v) => JSON.stringify(v)).join(', ')}))` : `${path}==${JSON.stringify(value)}`,
  );
  if (conditions.length > 0) parts.push(`select(${conditions.join(' and ')})`);
  if (query.pick !== undefined) {
    parts.push(`{${query.pick.map(field).map(({ name, path }) => (path === `.${name}` ? name : `${name}: ${path}`)).join(', ')}}`);
  }
  return parts.length === 0 ? '.' : parts.join(' | ');
}

/** Runs a query over inputs (the lines of a JSONL file, or one JSON document). */
export function runJq(inputs: readonly unknown[], query: JqQuery): unknown[] {
  const start = parsePath(query.path ?? '.');
  const out: unknown[] = [];
  for (const input of inputs) {
    for (const value of evaluate(input, start)) {
      if (!matches(value, query.where ?? {})) continue;
      out.push(query.pick === undefined ? value : Object.fromEntries(query.pick.map(field).map(({ name, path }) => [name, evaluate(value, parsePath(path))[0] ?? null])));
    }
  }
  return out;
}

/** The value at `path` of `value` (the first, when the path iterates), or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  return evaluate(value, parsePath(path))[0];
}

function matches(value: unknown, where: Record<string, JqValue | JqValue[]>): boolean {
  return Object.entries(where).every(([path, wanted]) => {
    const actual = evaluate(value, parsePath(path))[0] ?? null;
    return Array.isArray(wanted) ? wanted.some((w) => w === actual) : wanted === actual;
  });
}

function evaluate(value: unknown, segments: readonly Segment[]): unknown[] {
  let current: unknown[] = [value];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const item of current) {
      if ('key' in segment) {
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) next.push((item as Record<string, unknown>)[segment.key]);
        else next.push(undefined);
      } else if ('index' in segment) {
        next.push(Array.isArray(item) ? item[segment.index] : undefined);
      } else if (Array.isArray(item)) {
        next.push(...item);
      } else if (item !== null && typeof item === 'object') {
        next.push(...Object.values(item));
      }
    }
    current = next;
  }
  return current;
}

const PATH_PART = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d*)\]/y;

function parsePath(path: string): Segment[] {
  if (path === '.') return [];
  const segments: Segment[] = [];
  PATH_PART.lastIndex = 0;
  while (PATH_PART.lastIndex < path.length) {
    const at = PATH_PART.lastIndex;
    const match = PATH_PART.exec(path);
    if (match === null) throw new Error(`jq path ${path} is not understood at character ${at}`);
    if (match[1] !== undefined) segments.push({ key: match[1] });
    else if (match[2] === '') segments.push({ each: true });
    else segments.push({ index: Number(match[2]) });
  }
  return segments;
}

/** A picked field: `name: .path`, or `.path` named after its last key. */
function field(pick: string): { name: string; path: string } {
  const named = /^([A-Za-z_][A-Za-z0-9_]*): *(\..*)$/.exec(pick);
  if (named !== null) return { name: named[1] as string, path: named[2] as string };
  const keys = [...pick.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)/g)];
  return { name: keys[keys.length - 1]?.[1] ?? pick, path: pick };
}
