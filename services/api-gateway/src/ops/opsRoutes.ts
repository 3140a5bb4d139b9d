import type { GatewayDeps } from '../common/deps';
import { defineRoute, type RouteSpec } from '../http/route';

/**
 * Operations, for the admin: the SLOs as last evaluated (compliance, error budget, burn rates, the
 * alerts firing) and the alert events of `data/ops/alerts.jsonl`, newest first.
 */
export function opsRoutes(deps: GatewayDeps): RouteSpec[] {
  const tag = 'Operations';
  return [
    defineRoute({
      method: 'get', path: '/admin/slos', operationId: 'retrieveSloReport', tag, auth: 'admin',
      summary: "Every SLO of data/gateway/slos.json as last evaluated (every evaluation_interval, from every service's metrics samples): compliance and error budget over the budget period, each burn-rate policy's long and short window (good, total, burn rate) and whether it fires, and the alerts firing now. `?refresh=true` evaluates first.",
      query: { type: 'object', additionalProperties: false, properties: { refresh: { type: 'boolean', default: false } } },
      responses: { 200: { description: 'The SLOs now', schema: { $ref: '#/components/schemas/SloReport' } } },
      handler: async (c) => {
        if (c.query['refresh'] === true) await deps.slos.evaluate();
        return { body: deps.slos.current() };
      },
    }),
    defineRoute({
      method: 'get', path: '/admin/alerts', operationId: 'listSloAlerts', tag, auth: 'admin',
      summary: 'The SLO alerts as they fired and resolved (the lines of data/ops/alerts.jsonl, newest first; the last 200 in memory).',
      query: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } } },
      responses: { 200: { description: 'Alert events', schema: { $ref: '#/components/schemas/SloAlertList' } } },
      handler: async (c) => {
        const limit = (c.query['limit'] as number | undefined) ?? 50;
        return { body: { object: 'list', url: '/admin/alerts', has_more: false, data: deps.slos.recentAlerts(limit) } };
      },
    }),
  ];
}
