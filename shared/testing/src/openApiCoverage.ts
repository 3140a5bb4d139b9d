import { validateOpenApiDocument } from './openApiValidator';

const OPERATIONS_ROUTES = ['get /health', 'get /ready', 'get /readiness', 'get /metrics', 'get /openapi.json'];

/**
 * What a service's OpenAPI document gets wrong about its app (`routes`: `routeTable(app)`): routes the app mounts that the document
 * lacks, operations the document lists that the app does not mount (the operations routes aside:
 * `/metrics` is served by the wrapper of withMetrics), operations without an operationId, duplicate
 * operationIds, and what an independent OpenAPI validator says. Empty lists mean the document is true.
 */
export function openApiProblems(routes: Array<{ method: string; path: string }>, document: Record<string, unknown>): { undocumented: string[]; unmounted: string[]; without_operation_id: string[]; duplicate_operation_ids: string[]; invalid: unknown[] } {
  const mounted = new Set(routes.filter((r) => r.method !== 'all').map((r) => `${r.method} ${r.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')}`));
  const paths = (document['paths'] ?? {}) as Record<string, Record<string, { operationId?: string }>>;
  const documented = new Map<string, string | undefined>();
  for (const [path, ops] of Object.entries(paths)) for (const [method, op] of Object.entries(ops)) documented.set(`${method} ${path}`, op.operationId);
  const ids = [...documented.values()].filter((id): id is string => id !== undefined);
  return {
    undocumented: [...mounted].filter((route) => !documented.has(route)),
    unmounted: [...documented.keys()].filter((route) => !mounted.has(route) && !OPERATIONS_ROUTES.includes(route)),
    without_operation_id: [...documented].filter(([, id]) => id === undefined).map(([route]) => route),
    duplicate_operation_ids: ids.filter((id, i) => ids.indexOf(id) !== i),
    invalid: validateOpenApiDocument(document).errors,
  };
}

export const NO_OPENAPI_PROBLEMS = { undocumented: [], unmounted: [], without_operation_id: [], duplicate_operation_ids: [], invalid: [] };
