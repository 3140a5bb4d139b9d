import { METHODS } from 'node:http';

/** One route an express app serves: `{ method: 'post', path: '/tokens/:token/detokenize' }`. */
export interface RouteEntry {
  /** Lower case, as express names it; `all` for `app.all`. */
  method: string;
  /** The express path, mount paths included. */
  path: string;
}

/** What this module reads of express 5's router layers (router 2.x). */
interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: unknown };
}

const ALL_METHODS = METHODS.map((method) => method.toLowerCase());
// Mounted routers nest; a limit keeps a cycle (a router mounted in itself) from looping forever.
const ROUTER_DEPTH_MAX = 16;

const joinPath = (prefix: string, path: string): string => {
  const joined = `${prefix}/${path}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
};

const stringPaths = (value: unknown): string[] => [value].flat(Infinity).filter((path): path is string => typeof path === 'string');

function walk(stack: unknown, prefix: string, depth: number, out: RouteEntry[]): void {
  if (!Array.isArray(stack) || depth > ROUTER_DEPTH_MAX) return;
  for (const layer of stack as Layer[]) {
    if (layer.route !== undefined) {
      const on = Object.entries(layer.route.methods).filter(([, enabled]) => enabled).map(([method]) => method);
      // express 5's app.all registers the route for every method node knows: one `all` entry says it.
      const methods = on.includes('_all') || ALL_METHODS.every((method) => on.includes(method)) ? ['all'] : on;
      for (const path of stringPaths(layer.route.path)) {
        for (const method of methods) out.push({ method, path: joinPath(prefix, path) });
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      for (const mount of stringPaths(layer.rawPath ?? '/')) walk(layer.handle.stack, joinPath(prefix, mount), depth + 1, out);
    }
  }
}

/**
 * Every route an express app serves, read from its router stack (routers mounted with `use`
 * included, their mount paths prepended), in mount order. It is what a test or a fuzzer needs to
 * reach every route of a service without a hand-written list that drifts from the code.
 */
export function routeTable(app: { router: unknown }): RouteEntry[] {
  const out: RouteEntry[] = [];
  walk((app.router as { stack?: unknown } | undefined)?.stack, '/', 0, out);
  const seen = new Set<string>();
  return out.filter(({ method, path }) => {
    const key = `${method} ${path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
