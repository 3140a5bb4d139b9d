import { PayrailError } from '@payrail/core';
import { parseSince, triage } from '@payrail/ops';
import { checkBusinessDate, explainMismatches, reportFileName } from '@payrail/settlement';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
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
    defineRoute({
      method: 'get', path: '/admin/triage', operationId: 'retrieveTriage', tag, auth: 'admin',
      summary: 'Recent failures grouped into incidents (what `payrail triage` prints): processors not answering and their breaker openings, declines by code and processor, card testing, webhook failures by endpoint and status, torn journal lines; each with its probable cause, blast radius (payments, merchants, amount), next action and the lines it stands on (file, seq, event id). Rule-based: the same files give the same answer. It reads the ledger, delivery and metrics files whole.',
      query: { type: 'object', additionalProperties: false, properties: { since: { type: 'string', maxLength: 40, default: '1h', description: 'a duration back from now (30m, 1h, 2d) or an ISO time' } } },
      responses: { 200: { description: 'The incidents', schema: { $ref: '#/components/schemas/TriageReport' } } },
      handler: async (c) => {
        const text = (c.query['since'] as string | undefined) ?? '1h';
        const since = parseSince(text);
        if (since === null) throw new PayrailError('parameter_invalid', `since: '${text}' is neither a duration back from now (30m, 1h, 2d) nor an ISO time.`, { param: 'since' });
        return { body: await triage({ dataDir: deps.config.DATA_DIR, since_ms: since }) };
      },
    }),
    defineRoute({
      method: 'get', path: '/admin/settlements/:date/explanations', operationId: 'explainReconciliation', tag, auth: 'admin',
      summary: "Each mismatch of the day's reconciliation report with its most likely cause (bank file late, fee changed, partial capture, refund after cut-off, duplicate bank row, currency mismatch, payment unknown to us...), what to do, and the lines it stands on (journal seq, bank CSV line): what `payrail explain --date` prints. Rule-based; it streams the ledger and the bank files of the day and its neighbours.",
      responses: { 200: { description: 'The explanations', schema: { $ref: '#/components/schemas/MismatchExplanations' } } },
      handler: async (c) => {
        const date = checkBusinessDate(c.params['date']);
        const report = await fs.stat(path.join(deps.config.DATA_DIR, reportFileName(date))).catch(() => null);
        if (report === null) throw new PayrailError('resource_missing', `No reconciliation report for ${date}: reconcile the day first (POST /admin/jobs/reconciliation/${date}).`, { param: 'date' });
        return { body: await explainMismatches({ dataDir: deps.config.DATA_DIR, date }) };
      },
    }),
    defineRoute({
      method: 'get', path: '/admin/canaries', operationId: 'listCanaries', tag, auth: 'admin',
      summary: "The routing canaries of routing.json: each one's state (running, promoted, rolled_back), its split, its configuration, the comparison of candidate and baseline now (payments, declines, errors, p99 latency over the window since its step began) and its decisions (the lines of data/ops/routing_decisions.jsonl).",
      responses: { 200: { description: 'The canaries', schema: { $ref: '#/components/schemas/CanaryList' } } },
      handler: async () => {
        await deps.ledger.catchUp();
        return { body: { object: 'list', url: '/admin/canaries', has_more: false, data: deps.processors.canaries?.list() ?? [] } };
      },
    }),
    ...(['promote', 'rollback'] as const).map((decision) => defineRoute({
      method: 'post', path: `/admin/canaries/:name/${decision}`, operationId: decision === 'promote' ? 'promoteCanary' : 'rollbackCanary', tag, auth: 'admin',
      summary: decision === 'promote'
        ? 'Promotes a running canary by hand: the candidate takes every matching payment from now on (a routing.canary_promoted line with the comparison of the moment, `manual: true`).'
        : 'Rolls a running canary back by hand: the usual routing takes every matching payment from now on (a routing.canary_rolled_back line, `manual: true`).',
      responses: { 200: { description: 'The canary after the decision', schema: { $ref: '#/components/schemas/Canary' } } }, errors: [409],
      handler: async (c) => {
        const name = c.params['name'] ?? '';
        const canaries = deps.processors.canaries;
        const known = canaries?.list().find((canary) => canary.name === name);
        if (canaries === null || canaries === undefined || known === undefined) throw new PayrailError('resource_missing', `No canary named '${name}' in routing.json.`, { param: 'name' });
        if (known.status !== 'running') throw new PayrailError('invalid_state_transition', `Canary '${name}' is ${known.status.replace('_', ' ')} already: only a running canary can be promoted or rolled back.`, { param: 'name' });
        await canaries.decide(name, decision);
        return { body: canaries.list().find((canary) => canary.name === name) };
      },
    })),
  ];
}
