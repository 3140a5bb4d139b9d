import { closedObject, componentRef, nullable } from '@payrail/schemas';
import { TOKEN_SECURITY_SCHEMES, openApiDocument, type OperationDoc } from '@payrail/service-kit';
import { RETRY_BODY } from '../outbox/outboxRoutes';

/*
 * ledger-service's document: the dispatcher's internal routes (manual retries for the gateway, the
 * outbox status) and the nightly jobs run on demand. All behind X-Internal-Token.
 */

type Schema = Record<string, unknown>;
const ref = componentRef;
const closed = closedObject;
const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer', minimum: 0 };
const counts: Record<string, Schema> = { queued: int, in_flight: int, pending_retries: int, dead_letter_queue: int, delivered: int };

const SCHEMAS: Record<string, Schema> = {
  DeliveryAttemptList: closed({
    object: { const: 'list' },
    data: { type: 'array', items: { type: 'object', required: ['delivery_id', 'event_id', 'attempt', 'outcome'], description: "one attempt, as the gateway's DeliveryAttempt" } },
    has_more: { type: 'boolean' },
    replayed: { type: 'boolean', description: 'the Idempotency-Key of this retry was used before: these are its attempts' },
  }),
  OutboxStatus: closed({
    object: { const: 'outbox_status' },
    endpoints: { type: 'array', items: closed({ id: str, merchant: nullable(str), url: nullable(str), status: str, ...counts, last_attempt_at: nullable(str) }) },
    totals: closed({ ...counts, first_attempts_pending: int }),
    checkpoint: { type: 'object', description: 'per ledger stream, the offset the dispatcher has delivered up to' },
    ledger: { type: 'object', description: "per ledger stream, the journal's head" },
    settings: { type: 'object', description: 'timeouts, retry schedule, jitter and concurrency in force' },
    lease: closed({
      role: { type: 'string', enum: ['active', 'standby'], description: 'active: this process holds the dispatcher lease (ops/dispatcher.lease.json) and delivers webhooks and runs the nightly jobs; standby: another does (or none yet), and the counts are read from the files' },
      self: { type: 'string', description: "this process's holder id (`<hostname>/<pid>/<random>`)" },
      holder: { ...nullable(str), description: 'the holder of the lease as last read' },
      epoch: { type: 'integer', minimum: 0, description: 'the lease epoch: one more at every takeover (0 before any)' },
      expires_at: { ...nullable(str), description: 'when the lease expires unless renewed' },
    }),
  }),
  SettlementRun: {
    type: 'object',
    additionalProperties: false,
    required: ['ran', 'object', 'date', 'file', 'payouts'],
    properties: {
      ran: { type: 'boolean', description: 'false when another run had finished the day and its summary is answered' },
      object: { const: 'settlement' },
      date: { type: 'string', format: 'date' },
      timezone: str,
      file: { type: 'string', description: 'settlement/payouts_YYYY-MM-DD.csv' },
      payments: int,
      payouts: { type: 'array', items: closed({ merchant: str, currency: str, payments: int, gross: { type: 'integer' }, fee: { type: 'integer' }, held: { type: 'integer', description: 'kept in escrow custody, net of custody refunds' }, net: { type: 'integer' } }) },
      payees: { type: 'array', description: "escrow payees paid from the day's releases", items: closed({ merchant: str, payee: str, role: { type: 'string', enum: ['seller', 'platform_fee'] }, currency: str, releases: int, net: { type: 'integer' } }) },
      stats: { type: 'object', additionalProperties: { type: 'number' } },
    },
  },
  ReconciliationRun: {
    type: 'object',
    required: ['ran', 'status'],
    properties: { ran: { type: 'boolean' }, status: str },
    description: 'The run and its report without the items (reconciliation/report_YYYY-MM-DD.json holds them): status, counts by mismatch kind, stats.',
  },
};

const DATE_ERRORS = [400, 401, 404, 405, 409, 413, 415];
const OPERATIONS: OperationDoc[] = [
  { method: 'post', path: '/internal/events/:id/retry', operationId: 'retryEventNow', tag: 'Outbox', security: ['internal'], summary: "Send an event again now to one or every endpoint of the merchant (the gateway's POST /v1/events/{id}/retry).", body: RETRY_BODY, responses: { 200: { description: 'The attempts made', schema: ref('DeliveryAttemptList') } }, errors: [400, 401, 404, 405, 409, 413, 415, 422, 503] },
  { method: 'get', path: '/outbox/status', operationId: 'retrieveOutboxStatus', tag: 'Outbox', security: ['internal'], summary: 'Per endpoint: queued, in flight, retries pending, dead letters, delivered; the totals; and the dispatcher lease (active or standby, holder, epoch).', responses: { 200: { description: 'The status', schema: ref('OutboxStatus') } }, errors: [401, 405] },
  { method: 'post', path: '/jobs/settlement/:date', operationId: 'runSettlementJob', tag: 'Jobs', security: ['internal'], summary: 'Run the settlement of a business day now (again if it ran): the payouts file.', responses: { 200: { description: 'The run', schema: ref('SettlementRun') } }, errors: DATE_ERRORS },
  { method: 'post', path: '/jobs/reconciliation/:date', operationId: 'runReconciliationJob', tag: 'Jobs', security: ['internal'], summary: "Reconcile a business day now against the bank's statement: the report.", responses: { 200: { description: 'The run', schema: ref('ReconciliationRun') } }, errors: DATE_ERRORS },
];

/** ledger-service's OpenAPI 3.1 document, served at GET /openapi.json. */
export function ledgerServiceOpenApi(): Record<string, unknown> {
  return openApiDocument({
    title: 'PayRail ledger-service',
    description: 'The webhook dispatcher (outbox, retries, dead letters) and the nightly settlement and reconciliation, on demand.',
    operations: OPERATIONS,
    schemas: SCHEMAS,
    securitySchemes: TOKEN_SECURITY_SCHEMES,
  });
}
