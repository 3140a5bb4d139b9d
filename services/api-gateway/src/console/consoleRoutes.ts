import * as path from 'node:path';
import { PayrailError } from '@payrail/core';
import type { JsonSchema } from '@payrail/schemas';
import { serviceUrls } from '@payrail/service-kit';
import { checkBusinessDate } from '@payrail/settlement';
import express, { Router } from 'express';
import type { GatewayDeps } from '../common/deps';
import { LIST_QUERY_PROPERTIES } from '../common/schemas';
import { defineRoute, type RouteSpec } from '../http/route';
import { DeliveryLog } from '../webhooks/deliveryLog';
import { EVENT_TYPE_FILTER } from '../webhooks/eventRoutes';
import { auditExport, type AuditScope } from './auditExport';
import { auditReportPdf, scopeTitle } from './auditReportPdf';
import { consoleEventsPage } from './consoleEvents';
import { deadLetters } from './deadLetters';
import { escrowCustodyOf } from './escrowCustody';
import { overviewOf } from './overview';
import { paymentTraceRoute } from './paymentTrace';
import { pulse } from './pulse';
import { JOB_TIMEOUT_MS, relay } from './relay';
import { SEARCH_TEXT_MAX, search } from './search';
import { dayReport, listSettlementDays, settlementDay } from './settlementDays';

/** The console's files: `static/` (index.html, CSS) and `dist/` (the compiled ES modules, served under /console/js). */
export const CONSOLE_DIR = path.resolve(__dirname, '../../console');

/** Pages of merchant-sim's received events read to badge the console's timeline (100 each). */
const MERCHANT_SIM_PAGES_MAX = 5;
const DAY_MS = 86_400_000;

export const CONSOLE_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

/**
 * The merchant console's static files, for `app.use('/console', consoleRoutes())`: the page and its
 * stylesheet from `console/static`, the compiled modules from `console/dist` under `/console/js`.
 */
export function consoleRoutes(): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.set(CONSOLE_HEADERS);
    next();
  });
  router.use('/js', express.static(path.join(CONSOLE_DIR, 'dist'), { index: false }));
  router.use(express.static(path.join(CONSOLE_DIR, 'static'), { index: 'index.html' }));
  return router;
}

const AUDIT_QUERY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    payment_intent: { type: 'string', pattern: '^pi_[0-9a-z]{26}$' },
    'created[gte]': { type: 'integer', minimum: 0, description: 'unix seconds' },
    'created[lte]': { type: 'integer', minimum: 0, description: 'unix seconds' },
  },
};

const FAULTS_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { seed: { type: 'integer' }, providerA: { type: 'object' }, providerB: { type: 'object' } },
  description: "a partial update, merged by provider-sim (see its README): e.g. {\"providerA\":{\"outage\":\"503\"}}",
};

/** A received event as merchant-sim lists it (GET /events), with its dashboard badges. */
interface Receipt {
  id: string;
  order_id: string | null;
  [field: string]: unknown;
}

function auditScope(query: Record<string, unknown>): AuditScope {
  const payment = query['payment_intent'] as string | undefined;
  const gte = query['created[gte]'] as number | undefined;
  const lte = query['created[lte]'] as number | undefined;
  if (payment !== undefined) return { payment_intent: payment };
  if (gte === undefined) throw new PayrailError('parameter_missing', 'Give payment_intent, or created[gte] and created[lte] (unix seconds).', { param: 'payment_intent' });
  return { created_gte: gte, created_lte: lte ?? Math.floor(Date.now() / 1000) };
}

const fileStem = (scope: AuditScope): string =>
  'payment_intent' in scope ? scope.payment_intent : `${new Date(scope.created_gte * 1000).toISOString().slice(0, 10)}_${new Date(scope.created_lte * 1000).toISOString().slice(0, 10)}`;

/**
 * What the console needs beyond the public API: an overview, the escrows' custody balance, the
 * dead-letter queue, the events list with each endpoint's delivery state, search, the live-update
 * pulse, merchant-sim's badges,
 * settlement days and reports (the merchant's, and every merchant's for the admin), audit exports
 * (JSON and PDF), and admin relays to provider-sim (faults, bank statements) and ledger-service
 * (settlement and reconciliation runs).
 */
export function consoleApiRoutes(deps: GatewayDeps): RouteSpec[] {
  const state = deps.ledger.state;
  const dataDir = deps.config.DATA_DIR;
  const urls = serviceUrls(deps.config);
  const deliveries = new DeliveryLog(dataDir, deps.logger);
  const admin = { 'x-admin-token': deps.config.ADMIN_TOKEN };
  const internal = { 'x-internal-token': deps.config.INTERNAL_TOKEN };
  const tag = 'Console';

  const receipts = async (correlationId: string, merchant: string): Promise<{ available: boolean; reason: string | null; data: Receipt[] }> => {
    const mine: Receipt[] = [];
    let after: string | undefined;
    try {
      for (let page = 0; page < MERCHANT_SIM_PAGES_MAX; page++) {
        const query = `limit=100${after === undefined ? '' : `&starting_after=${encodeURIComponent(after)}`}`;
        const list = await relay<{ data: Receipt[]; has_more: boolean }>('merchant-sim', `${urls.merchantSim}/events?${query}`, { method: 'GET', headers: {}, correlationId });
        mine.push(...list.data.filter((r) => r.order_id !== null && state.payments.get(r.order_id)?.merchant === merchant));
        if (!list.has_more || list.data.length === 0) break;
        after = list.data[list.data.length - 1]?.id;
      }
    } catch (error) {
      // The badges are an extra: without merchant-sim the timeline still shows the gateway's side.
      return { available: false, reason: (error as Error).message, data: mine };
    }
    return { available: true, reason: null, data: mine };
  };

  return [
    defineRoute({
      method: 'get', path: '/v1/console/overview', operationId: 'retrieveOverview', tag, auth: 'merchant', scope: 'read',
      summary: 'Payments since `since` (unix seconds, default 24 h ago) by status, captured volume, decline reasons, and the webhook success rate of their events.',
      query: { type: 'object', additionalProperties: false, properties: { since: { type: 'integer', minimum: 0 } } },
      responses: { 200: { description: 'The overview', schema: { $ref: '#/components/schemas/Overview' } } },
      handler: async (c) => {
        await Promise.all([deps.ledger.catchUp(), deliveries.refresh()]);
        const since = (c.query['since'] as number | undefined) ?? Math.floor((Date.now() - DAY_MS) / 1000);
        return { body: overviewOf(state, c.merchant.id, since, deliveries) };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/console/escrow-custody', operationId: 'retrieveEscrowCustody', tag, auth: 'merchant', scope: 'read',
      summary: "What the merchant's escrows hold now: the sum of every open escrow's amount_in_custody per currency, and how many escrows are open (by status).",
      responses: { 200: { description: 'The custody balance', schema: { $ref: '#/components/schemas/EscrowCustody' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        return { body: escrowCustodyOf(state, c.merchant.id) };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/console/dead-letters', operationId: 'listDeadLetters', tag, auth: 'merchant', scope: 'read',
      summary: 'Deliveries in the dead-letter queue (every scheduled attempt failed, none succeeded since), newest event first, with `total`: how many the merchant has in the queue. `starting_after` (a delivery id) continues after that delivery. POST /v1/events/{id}/retry sends one again.',
      query: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 }, starting_after: { type: 'string', pattern: '^del_[0-9a-z]{1,64}$' } } },
      responses: { 200: { description: 'A page of dead letters', schema: { $ref: '#/components/schemas/DeadLetterList' } } },
      handler: async (c) => {
        await Promise.all([deps.ledger.catchUp(), deliveries.refresh()]);
        const after = c.query['starting_after'] as string | undefined;
        const page = deadLetters(state, c.merchant.id, deliveries, (c.query['limit'] as number | undefined) ?? 50, after);
        if (page === null) throw new PayrailError('resource_missing', `starting_after: no such delivery '${after}' in this list.`, { param: 'starting_after' });
        return { body: { object: 'list', url: '/v1/console/dead-letters', ...page } };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/console/events', operationId: 'listConsoleEvents', tag, auth: 'merchant', scope: 'read',
      summary: 'The events of GET /v1/events (newest first, `type` an exact type or a domain such as `refund.*`), each with where its delivery to each endpoint stands (the states of GET /v1/events/{id}/deliveries).',
      query: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 25 }, starting_after: LIST_QUERY_PROPERTIES['starting_after'] as JsonSchema, type: EVENT_TYPE_FILTER } },
      responses: { 200: { description: 'A page of events with their deliveries', schema: { $ref: '#/components/schemas/ConsoleEventList' } } },
      handler: async (c) => {
        await Promise.all([deps.ledger.catchUp(), deliveries.refresh()]);
        return { body: { object: 'list', url: '/v1/console/events', ...consoleEventsPage(state, c.merchant.id, deliveries, c.query, 25) } };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/console/search', operationId: 'searchConsole', tag, auth: 'merchant', scope: 'read',
      summary: "The merchant's payments, refunds, disputes, escrows and events that `q` names, newest first: an id (pi_, re_, dp_, esc_, evt_) or its first 8+ characters, a customer email (any part of it, with an @), or a card's last 4 digits.",
      query: { type: 'object', additionalProperties: false, required: ['q'], properties: { q: { type: 'string', minLength: 1, maxLength: SEARCH_TEXT_MAX, pattern: '\\S' }, limit: { type: 'integer', minimum: 1, maximum: 50, default: 20 } } },
      responses: { 200: { description: 'What matches', schema: { $ref: '#/components/schemas/SearchResultList' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        const page = search(state, c.merchant.id, c.query['q'] as string, (c.query['limit'] as number | undefined) ?? 20);
        return { body: { object: 'list', url: '/v1/console/search', ...page } };
      },
    }),
    paymentTraceRoute(deps),
    defineRoute({
      method: 'get', path: '/v1/console/pulse', operationId: 'retrievePulse', tag, auth: 'merchant', scope: 'read',
      summary: 'A short cursor that moves whenever something the console shows may have changed (a ledger line, a delivery attempt, an endpoint, a settlement or report file): the console polls it every 2 s and reloads what it shows when it moved. Compare it, do not parse it.',
      responses: { 200: { description: 'The pulse', schema: { $ref: '#/components/schemas/Pulse' } } },
      handler: async () => {
        const endpoints = deps.webhooks.store;
        await Promise.all([deps.ledger.catchUp(), deliveries.refresh(), endpoints.catchUp()]);
        return { body: await pulse({ ledger: state, delivery_lines: deliveries.version, endpoint_lines: endpoints.version, dataDir }) };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/console/merchant-sim/events', operationId: 'listReceivedEvents', tag, auth: 'merchant', scope: 'read',
      summary: "What merchant-sim received of the merchant's events, with its badges (SIG OK/FAIL, RETRY n, Δ +s). `available: false` when merchant-sim cannot be reached.",
      responses: { 200: { description: 'The received events', schema: { $ref: '#/components/schemas/ReceivedEventList' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        const { available, reason, data } = await receipts(c.req.correlationId, c.merchant.id);
        return { body: { object: 'list', url: '/v1/console/merchant-sim/events', available, reason, has_more: false, data } };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/console/merchant-sim/events/:id', operationId: 'retrieveReceivedEvent', tag, auth: 'merchant', scope: 'read',
      summary: "One event as merchant-sim received it: every attempt with its signature check and the headers it got.",
      responses: { 200: { description: 'The received event', schema: { $ref: '#/components/schemas/ReceivedEvent' } } }, errors: [503],
      handler: async (c) => {
        await deps.ledger.catchUp();
        const id = c.params['id'] ?? '';
        const receipt = await relay<Receipt>('merchant-sim', `${urls.merchantSim}/events/${encodeURIComponent(id)}`, { method: 'GET', headers: {}, correlationId: c.req.correlationId });
        if (receipt.order_id === null || state.payments.get(receipt.order_id)?.merchant !== c.merchant.id) throw new PayrailError('resource_missing', `merchant-sim has no event ${id} of yours.`, { param: 'id' });
        return { body: receipt };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/settlements', operationId: 'listSettlementDays', tag, auth: 'merchant', scope: 'read',
      summary: "Business days with a bank statement, payouts or a reconciliation report, newest first, with the merchant's payouts.",
      responses: { 200: { description: 'A list of settlement days', schema: { $ref: '#/components/schemas/SettlementDayList' } } },
      handler: async (c) => ({ body: { object: 'list', url: '/v1/settlements', has_more: false, data: await listSettlementDays(dataDir, c.merchant.id) } }),
    }),
    defineRoute({
      method: 'get', path: '/v1/settlements/:date', operationId: 'retrieveSettlementDay', tag, auth: 'merchant', scope: 'read',
      summary: "One business day: files, the merchant's payouts, and the reconciliation report: the merchant's mismatches, the whole report's counts, and how many items are not the merchant's.",
      responses: { 200: { description: 'The settlement day and its report (null before reconciliation)', schema: { $ref: '#/components/schemas/SettlementDayWithReport' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        const date = c.params['date'] ?? '';
        const day = await settlementDay(dataDir, c.merchant.id, date);
        return { body: { ...day, report: await dayReport(dataDir, state, c.merchant.id, date) } };
      },
    }),
    defineRoute({
      method: 'get', path: '/admin/settlements', operationId: 'listAllSettlementDays', tag, auth: 'admin',
      summary: "Business days as /v1/settlements lists them, with every merchant's payouts.",
      responses: { 200: { description: 'A list of settlement days', schema: { $ref: '#/components/schemas/SettlementDayList' } } },
      handler: async () => ({ body: { object: 'list', url: '/admin/settlements', has_more: false, data: await listSettlementDays(dataDir, null) } }),
    }),
    defineRoute({
      method: 'get', path: '/admin/settlements/:date', operationId: 'retrieveAllSettlementDay', tag, auth: 'admin',
      summary: "One business day with every merchant's payouts and every item of its reconciliation report (scope `all`), unexpected bank rows included.",
      responses: { 200: { description: 'The settlement day and its whole report (null before reconciliation)', schema: { $ref: '#/components/schemas/SettlementDayWithReport' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        const date = c.params['date'] ?? '';
        const day = await settlementDay(dataDir, null, date);
        return { body: { ...day, report: await dayReport(dataDir, state, null, date) } };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/audit-export', operationId: 'retrieveAuditExport', tag, auth: 'merchant', scope: 'read',
      summary: 'The audit export of a payment (payment_intent) or of a date range (created[gte], created[lte]): objects, every ledger event with its hash and previous hash, and the chain verification.',
      query: AUDIT_QUERY, responses: { 200: { description: 'The audit export', schema: { $ref: '#/components/schemas/AuditExport' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        return { body: auditExport(state, c.merchant.id, auditScope(c.query)) };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/audit-export/pdf', operationId: 'retrieveAuditExportPdf', tag, auth: 'merchant', scope: 'read',
      summary: 'The same export as a PDF report a person reads (header, summary, chain verification, events table), base64 in `content_base64`.',
      query: AUDIT_QUERY, responses: { 200: { description: 'The PDF as a file object', schema: { $ref: '#/components/schemas/File' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        const report = auditExport(state, c.merchant.id, auditScope(c.query));
        const pdf = await auditReportPdf(report);
        return {
          body: {
            object: 'file',
            file_name: `payrail_audit_${fileStem(report.scope)}.pdf`,
            title: scopeTitle(report),
            content_type: 'application/pdf',
            size: pdf.length,
            chain_verified: report.chain_verified,
            content_base64: pdf.toString('base64'),
          },
        };
      },
    }),
    defineRoute({
      method: 'get', path: '/admin/processors/faults', operationId: 'retrieveProcessorFaults', tag, auth: 'admin',
      summary: "provider-sim's failure injection per processor (outage, latency, timeouts, declines...).",
      responses: { 200: { description: '{seed, providerA, providerB}', schema: { $ref: '#/components/schemas/FaultSettings' } } }, errors: [503],
      handler: async (c) => ({ body: await relay('provider-sim', `${urls.providerSim}/admin/faults`, { method: 'GET', headers: admin, correlationId: c.req.correlationId }) }),
    }),
    defineRoute({
      method: 'put', path: '/admin/processors/faults', operationId: 'updateProcessorFaults', tag, auth: 'admin',
      summary: "Changes provider-sim's failure injection (a partial object, merged and validated by provider-sim).",
      body: FAULTS_BODY, responses: { 200: { description: 'The settings now in force', schema: { $ref: '#/components/schemas/FaultSettings' } } }, errors: [503],
      handler: async (c) => ({ body: await relay('provider-sim', `${urls.providerSim}/admin/faults`, { method: 'PUT', headers: admin, body: c.body, correlationId: c.req.correlationId }) }),
    }),
    defineRoute({
      method: 'post', path: '/admin/bank-statements/:date', operationId: 'writeBankStatement', tag, auth: 'admin',
      summary: "Has provider-sim (the bank) write the day's settlement statement now: settlement/settlement_YYYY-MM-DD.csv.",
      responses: { 201: { description: 'What provider-sim wrote', schema: { $ref: '#/components/schemas/BankStatement' } } }, errors: [503],
      handler: async (c) => {
        const date = checkBusinessDate(c.params['date']);
        return { status: 201, body: await relay('provider-sim', `${urls.providerSim}/admin/settlements/${date}`, { method: 'POST', headers: admin, correlationId: c.req.correlationId, timeout_ms: JOB_TIMEOUT_MS }) };
      },
    }),
    ...(['settlement', 'reconciliation'] as const).map((kind) =>
      defineRoute({
        method: 'post', path: `/admin/jobs/${kind}/:date`, operationId: kind === 'settlement' ? 'runSettlement' : 'runReconciliation', tag, auth: 'admin',
        summary: `Runs the ${kind} of a business day now in ledger-service (again if it ran before) and answers its summary.`,
        responses: { 200: { description: 'The run summary', schema: { $ref: '#/components/schemas/JobRun' } } }, errors: [409, 503],
        handler: async (c) => {
          const date = checkBusinessDate(c.params['date']);
          return { body: await relay('ledger-service', `${urls.ledger}/jobs/${kind}/${date}`, { method: 'POST', headers: internal, correlationId: c.req.correlationId, timeout_ms: JOB_TIMEOUT_MS }) };
        },
      })),
  ];
}
