import { LEDGER_OBJECT_SCHEMAS, WEBHOOK_API_VERSION, listSchema } from '@payrail/ledger';
import { API_KEY_SCOPES, EVENT_ENVELOPE_SCHEMA, closedObject, componentRef, nullable, type JsonSchema } from '@payrail/schemas';
import { MISMATCH_CAUSES, MISMATCH_STATUSES } from '@payrail/settlement';
import { DISPUTE_DRAFT_COMPONENTS } from '../disputes/disputeDraftComponents';

/*
 * The gateway's named response objects besides the ledger's (PaymentIntent, Refund, Dispute, Event:
 * shared/ledger/src/objectSchemas.ts). Each is closed, so the contract check of the test suite fails on
 * a field a view function sends without its schema here. The few objects the gateway relays from
 * another service as they are (merchant-sim's receipts, provider-sim's faults and bank statements,
 * ledger-service's job summaries) say so and are open: that service's own document describes them.
 */

const closed = closedObject;
const relayed = (service: string, description: string, required: string[] = []): JsonSchema => ({
  type: 'object',
  additionalProperties: true,
  required,
  description: `${description} Relayed from ${service} as it answered: ${service}'s /openapi.json documents its fields.`,
});
const isoTime: JsonSchema = { type: 'string', format: 'date-time' };
const unixTime: JsonSchema = { type: 'integer', minimum: 0 };
const ref = componentRef;

const ENDPOINT_SECRET: JsonSchema = closed({
  id: { type: 'string', pattern: '^sec_[0-9]+$', examples: ['sec_1'] },
  created: unixTime,
  expires_at: nullable(unixTime),
  status: { type: 'string', enum: ['active', 'expiring', 'expired'] },
});

const WEBHOOK_ENDPOINT_PROPERTIES: Record<string, JsonSchema> = {
  id: { type: 'string', pattern: '^we_[0-9a-z]{26}$' },
  object: { const: 'webhook_endpoint' },
  url: { type: 'string', format: 'uri' },
  enabled_events: { type: 'array', items: { type: 'string' } },
  description: nullable({ type: 'string' }),
  status: { type: 'string', enum: ['enabled', 'disabled'] },
  disabled_reason: nullable({ type: 'string', enum: ['requested', 'gone'] }),
  api_version: { type: 'string' },
  dialect: { type: 'string', enum: ['payrail', 'stripe'], description: "payrail: PayRail's events signed per Standard Webhooks; stripe: created on the Stripe-compatible API, Stripe's events signed with Stripe-Signature" },
  livemode: { const: false },
  secrets: { type: 'array', items: ENDPOINT_SECRET },
  created: unixTime,
};

const WEBHOOK_ENDPOINT_EXAMPLE = {
  id: 'we_01jcy4pc3e5g7j9k1m3p5r7t9v', object: 'webhook_endpoint', url: 'https://merchant.example/webhooks/payrail', enabled_events: ['payment_intent.captured', 'refund.*'],
  description: null, status: 'enabled', disabled_reason: null, api_version: WEBHOOK_API_VERSION, dialect: 'payrail', livemode: false,
  secrets: [{ id: 'sec_2', created: 1_796_216_400, expires_at: null, status: 'active' }, { id: 'sec_1', created: 1_796_212_800, expires_at: 1_796_302_800, status: 'expiring' }],
  created: 1_796_212_800,
};

const DELIVERY_ENDPOINT: JsonSchema = closed({ id: { type: 'string' }, url: { type: 'string' }, secret_ids: { type: 'array', items: { type: 'string' } } });

const DELIVERY_ATTEMPT: JsonSchema = {
  ...closed({
    object: { const: 'webhook_delivery_attempt' },
    delivery_id: { type: 'string' },
    event_id: { type: 'string', pattern: '^evt_' },
    event_type: { type: 'string' },
    endpoint: DELIVERY_ENDPOINT,
    attempt: { type: 'integer', minimum: 1 },
    attempted_at: isoTime,
    status_code: nullable({ type: 'integer' }),
    latency_ms: { type: 'number', minimum: 0 },
    error: nullable({ type: 'string' }),
    outcome: { type: 'string', enum: ['delivered', 'failed', 'dead_lettered', 'disabled'] },
    next_retry_at: nullable(isoTime),
    webhook_lag_ms: { type: 'number', minimum: 0 },
    headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'the Standard Webhooks headers sent (webhook-id, webhook-timestamp, webhook-signature, webhook-attempt)' },
    manual: { type: 'boolean' },
  }),
  description: 'One attempt to deliver an event to an endpoint.',
  examples: [{
    object: 'webhook_delivery_attempt', delivery_id: 'del_01jcy4pd5g7j9k1m3p5r7t9v1x', event_id: 'evt_01jcy4pa1c3e5g7j9k1m3p5r7t', event_type: 'payment_intent.captured',
    endpoint: { id: 'we_01jcy4pc3e5g7j9k1m3p5r7t9v', url: 'https://merchant.example/webhooks/payrail', secret_ids: ['sec_2', 'sec_1'] },
    attempt: 1, attempted_at: '2026-12-02T12:01:00.120Z', status_code: 200, latency_ms: 18.4, error: null, outcome: 'delivered', next_retry_at: null, webhook_lag_ms: 120,
    headers: { 'webhook-id': 'evt_01jcy4pa1c3e5g7j9k1m3p5r7t', 'webhook-timestamp': '1796212860', 'webhook-signature': 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=', 'webhook-attempt': '1' },
    manual: false,
  }],
};

const DELIVERY_SUMMARY_PROPERTIES: Record<string, JsonSchema> = {
  delivery_id: { type: 'string' },
  endpoint: DELIVERY_ENDPOINT,
  attempts: { type: 'integer', minimum: 1 },
  state: { type: 'string', enum: ['delivered', 'retrying', 'dead_lettered', 'disabled', 'failed'] },
  next_retry_at: nullable(isoTime),
};

const DELIVERY_SUMMARY: JsonSchema = closed(DELIVERY_SUMMARY_PROPERTIES);

const MERCHANT_PROPERTIES: Record<string, JsonSchema> = {
  id: { type: 'string', pattern: '^m_' },
  object: { const: 'merchant' },
  name: { type: 'string' },
  rate_limit_requests: nullable({ type: 'integer', minimum: 1 }),
  keys: { type: 'array', items: closed({ id: { type: 'string' }, prefix: { type: 'string' }, created: { type: 'string' }, expires_at: nullable({ type: 'string' }) }) },
  created: { type: 'string' },
};

const API_KEY_PROPERTIES: Record<string, JsonSchema> = {
  id: { type: 'string', pattern: '^key_[0-9a-z]{26}$' },
  object: { const: 'api_key' },
  name: nullable({ type: 'string' }),
  prefix: { type: 'string', description: 'the first 12 characters: sk_test_ (unrestricted) or rk_test_ (restricted) and four more', examples: ['rk_test_9f2c'] },
  scopes: nullable({ type: 'array', items: { type: 'string', enum: [...API_KEY_SCOPES] }, description: 'null: an unrestricted key (every scope)' }),
  created: unixTime,
  expires_at: nullable({ ...unixTime, description: 'when it stops working (its own expiry, or the end of a rotation grace period); null: never' }),
  last_used: nullable({ ...unixTime, description: 'its last answer without an error, to the hour; null: never used' }),
};

const API_KEY_EXAMPLE = { id: 'key_01jcy4pe7j9k1m3p5r7t9v1x3z', object: 'api_key', name: 'refunds desk', prefix: 'rk_test_9f2c', scopes: ['refunds:write'], created: 1_796_212_800, expires_at: 1_798_804_800, last_used: null };

const PROVIDER_HEALTH: JsonSchema = closed({
  provider: { type: 'string', enum: ['providerA', 'providerB'] },
  breaker: { type: 'string', enum: ['closed', 'half_open', 'open'] },
  error_rate: { type: 'number', minimum: 0, maximum: 1 },
  requests_in_window: { type: 'integer', minimum: 0 },
  requests_min: { type: 'integer', minimum: 1, description: 'the breaker judges only once this many calls are in the window' },
  error_rate_max: { type: 'number', minimum: 0, maximum: 1, description: 'and opens when this share of them failed' },
  latency_ms: closed({ p50: nullable({ type: 'number' }), p99: nullable({ type: 'number' }) }),
  last_failure: nullable(closed({ at: isoTime, error: { type: 'string' } })),
  opened_at: nullable(isoTime),
});

const VERIFICATION: JsonSchema = closed({ hash_valid: { type: 'boolean' }, linked_to_previous: { type: 'boolean' } });
const { $id: _envelopeId, ...ENVELOPE } = EVENT_ENVELOPE_SCHEMA as JsonSchema & { $id?: string };
const envelopeProperties = ENVELOPE['properties'] as Record<string, JsonSchema>;

/** A journal line as GET /v1/ledger/{id} shows it: the line, its stream, and its hash check. */
const LEDGER_LINE: JsonSchema = {
  ...ENVELOPE,
  required: [...(ENVELOPE['required'] as string[]), 'stream', 'verification'],
  properties: { ...envelopeProperties, type: { ...envelopeProperties['type'], examples: ['payment_intent.captured'] }, prev_hash: { ...envelopeProperties['prev_hash'], examples: ['0'.repeat(64)] }, hash: { ...envelopeProperties['hash'], examples: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'] }, stream: { type: 'string', examples: ['payments'] }, verification: VERIFICATION },
};

const AUDIT_EVENT: JsonSchema = closed({
  stream: { type: 'string' },
  seq: { type: 'integer', minimum: 1 },
  event_id: { type: 'string' },
  type: { type: 'string' },
  ref: { type: 'string' },
  timestamp: isoTime,
  correlation_id: nullable({ type: 'string' }),
  data: { type: 'object' },
  postings: nullable({ type: 'array', items: { type: 'object' } }),
  prev_hash: { type: 'string' },
  hash: { type: 'string' },
  verification: VERIFICATION,
});

const FILE_INFO: JsonSchema = nullable(closed({ file: { type: 'string' }, bytes: { type: 'integer', minimum: 0 }, modified: isoTime }));

/** A payout total of a day for one merchant and currency (data/settlement/payouts_*.csv, summed). */
const PAYOUT_TOTAL: JsonSchema = closed({
  merchant: { type: 'string' },
  currency: { type: 'string' },
  payments: { type: 'integer', minimum: 0 },
  gross: { type: 'integer' },
  fee: { type: 'integer' },
  held: { type: 'integer', description: 'kept in escrow custody (net of what custody refunded); not paid to the merchant' },
  net: { type: 'integer' },
});

/** A count per mismatch status, every status present. */
const MISMATCH_COUNTS: JsonSchema = closed(Object.fromEntries(MISMATCH_STATUSES.map((status) => [status, { type: 'integer', minimum: 0 }])));

const LEDGER_SIDE: JsonSchema = closed({
  gross: { type: 'integer' }, fee: { type: 'integer' }, net: { type: 'integer' }, currency: { type: 'string' }, merchant: { type: 'string' }, processor: { type: 'string', enum: ['providerA', 'providerB'] },
});

const BANK_SIDE: JsonSchema = closed({
  gross: { type: 'integer' }, fee: { type: 'integer' }, net: { type: 'integer' }, currency: { type: 'string', description: "the rows' currency, or 'mixed'" }, rows: { type: 'integer', minimum: 1 }, processor_reference: { type: 'string' },
});

/** A line of the reconciliation report (data/reports/reconciliation_report_*.json) with its merchant. */
const DAY_REPORT_ITEM: JsonSchema = closed({
  payment_id: { type: 'string' },
  status: { type: 'string', enum: [...MISMATCH_STATUSES] },
  merchant: nullable({ type: 'string', description: "the ledger's merchant of the payment; null when the ledger does not know the payment (an unexpected bank row)" }),
  ledger: nullable(LEDGER_SIDE),
  bank: nullable(BANK_SIDE),
});

const SETTLEMENT_DAY_PROPERTIES: Record<string, JsonSchema> = {
  object: { const: 'settlement_day' },
  date: { type: 'string', format: 'date' },
  bank_file: FILE_INFO,
  payouts_file: FILE_INFO,
  report_file: FILE_INFO,
  payouts: nullable({ type: 'array', items: PAYOUT_TOTAL, description: "the merchant's payouts (every merchant's on the admin routes), per currency" }),
  settled_at: nullable(isoTime),
  reconciliation: nullable(closed({ status: { type: 'string' }, finished_at: isoTime })),
};

const DAY_REPORT: JsonSchema = closed({
  status: { type: 'string', enum: ['awaiting_bank_file', 'balanced', 'unbalanced'] },
  generated_at: isoTime,
  run_id: { type: 'string' },
  bank: closed({ present: { type: 'boolean' }, rows: { type: 'integer', minimum: 0 } }),
  scope: { type: 'string', enum: ['merchant', 'all'], description: "whose items are listed: the merchant's, or every merchant's (the admin route)" },
  mismatches: { ...MISMATCH_COUNTS, description: 'the listed scope, by status' },
  report_mismatches: { ...MISMATCH_COUNTS, description: 'the whole report (every merchant), by status' },
  report_items: { type: 'integer', minimum: 0, description: 'items of the whole report' },
  other_items: { type: 'integer', minimum: 0, description: "items that are not the merchant's: other merchants', and payments the ledger does not know (unexpected_at_bank); 0 for the admin" },
  items: { type: 'array', items: DAY_REPORT_ITEM },
  items_truncated: { type: 'boolean' },
  items_unavailable: nullable({ type: 'string' }),
});

const AUDIT_SCOPE: JsonSchema = {
  oneOf: [closed({ payment_intent: { type: 'string' } }), closed({ created_gte: unixTime, created_lte: unixTime })],
};

/** Every component schema of the gateway's document but `Error`, by name. */
const WINDOW_FIGURES: JsonSchema = closed({
  window: { type: 'string', description: 'a duration such as 5m or 1h (`day` for the reconciliation SLO)' },
  good: { type: 'number', minimum: 0 },
  total: { type: 'number', minimum: 0 },
  burn_rate: { type: 'number', minimum: 0, description: 'the bad share over the share the objective allows: 1 spends the budget exactly over the period' },
});

const RECONCILIATION_DAY: JsonSchema = closed({
  date: { type: 'string', format: 'date' },
  deadline: isoTime,
  good: { type: 'boolean' },
  reason: { type: 'string' },
  report: nullable({ type: 'string' }),
  generated_at: nullable({ type: 'string' }),
});

const SLO_STATUS: JsonSchema = closed({
  id: { type: 'string' },
  name: { type: 'string' },
  kind: { type: 'string', enum: ['availability', 'latency', 'webhook_delivery', 'reconciliation'] },
  objective: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
  budget_period: { type: 'string' },
  good: { type: 'number', minimum: 0 },
  total: { type: 'number', minimum: 0 },
  compliance: nullable({ type: 'number', minimum: 0, maximum: 1 }),
  error_budget: closed({ allowed: { type: 'number', minimum: 0 }, spent: { type: 'number', minimum: 0 }, remaining: { type: 'number', description: '1 untouched, 0 spent, negative when overspent' } }),
  policies: { type: 'array', items: closed({
    policy: { type: 'string' },
    severity: { type: 'string', enum: ['page', 'ticket'] },
    burn_rate_threshold: { type: 'number', minimum: 0 },
    firing: { type: 'boolean' },
    long: WINDOW_FIGURES,
    short: WINDOW_FIGURES,
    note: nullable({ type: 'string' }),
  }) },
  days: { type: 'array', items: RECONCILIATION_DAY, description: 'the reconciliation SLO only: the days it counts' },
}, ['days']);

const SLO_ALERT: JsonSchema = closed({
  seq: { type: 'integer', minimum: 1, description: 'the line of data/ops/alerts.jsonl' },
  event_id: { type: 'string', pattern: '^evt_' },
  type: { type: 'string', enum: ['slo.alert_fired', 'slo.alert_resolved'] },
  ref: { type: 'string', description: '<slo id>/<policy name>' },
  timestamp: isoTime,
  data: { type: 'object', additionalProperties: true, description: 'slo, policy, severity, objective, the two windows with their figures, error_budget_remaining, message (fired_at on a resolution)' },
});

const window = (name: string, good: number, total: number, burn_rate: number): Record<string, unknown> => ({ window: name, good, total, burn_rate });
const SLO_ALERT_EXAMPLE = {
  seq: 7, event_id: 'evt_01jd4ex8m3q2w5e7r9t1y3u5i7', type: 'slo.alert_fired', ref: 'payment-confirmation-availability/fast burn', timestamp: '2026-12-07T14:05:30.200Z',
  data: {
    slo: 'payment-confirmation-availability', slo_name: 'Payment confirmation answers without a 5xx', policy: 'fast burn', severity: 'page', objective: 0.999, error_budget_remaining: 0.62,
    burn_rate_threshold: 14.4, long: window('1h', 9_810, 10_000, 19), short: window('5m', 610, 800, 237.5),
    message: 'Payment confirmation answers without a 5xx: the error budget of 0.1% burns at ≥ 14.4x over 1h and 5m: 190 bad of 10000 in 1h (burn 19x), 190 of 800 in 5m (burn 237.5x)',
  },
};
const SLO_REPORT_EXAMPLE = {
  object: 'slo_report', evaluated_at: '2026-12-07T14:05:30.200Z', budget_period: '30d', problem: null,
  slos: [{
    id: 'payment-confirmation-availability', name: 'Payment confirmation answers without a 5xx', kind: 'availability', objective: 0.999, budget_period: '30d',
    good: 499_310, total: 500_000, compliance: 0.99862, error_budget: { allowed: 500, spent: 690, remaining: -0.38 },
    policies: [
      { policy: 'fast burn', severity: 'page', burn_rate_threshold: 14.4, firing: true, long: window('1h', 9_810, 10_000, 19), short: window('5m', 610, 800, 237.5), note: null },
      { policy: 'slow burn', severity: 'page', burn_rate_threshold: 6, firing: false, long: window('6h', 59_700, 60_000, 5), short: window('30m', 4_800, 5_000, 40), note: null },
    ],
  }],
  firing: [SLO_ALERT_EXAMPLE],
};

const ARM_FIGURES: JsonSchema = closed({
  payments: { type: 'integer', minimum: 0 },
  approved: { type: 'integer', minimum: 0 },
  declined: { type: 'integer', minimum: 0 },
  errors: { type: 'integer', minimum: 0, description: 'declines without a processor answer (processing_error)' },
  decline_rate: { type: 'number', minimum: 0, maximum: 1 },
  error_rate: { type: 'number', minimum: 0, maximum: 1 },
  latency_p99_ms: nullable({ type: 'number', minimum: 0 }),
});
const CANARY_MARGIN: JsonSchema = closed({ decline_rate: { type: 'number' }, error_rate: { type: 'number' }, latency_p99_ratio: { type: 'number' } });
const CANARY: JsonSchema = closed({
  name: { type: 'string' },
  status: { type: 'string', enum: ['running', 'promoted', 'rolled_back'] },
  step: { type: 'integer', minimum: 0 },
  split_percent: { type: 'integer', minimum: 0, maximum: 100, description: "the candidate's share of matching payments now" },
  step_started_at: nullable(isoTime),
  decisions: { type: 'array', items: closed({ seq: { type: 'integer', minimum: 1 }, type: { type: 'string' }, timestamp: isoTime, manual: { type: 'boolean' }, reason: { type: 'string' } }) },
  config: { type: 'object', additionalProperties: true, description: 'the canary as routing.json defines it' },
  comparison: closed({ since: isoTime, window_ms: { type: 'integer' }, candidate: ARM_FIGURES, baseline: ARM_FIGURES, margin: CANARY_MARGIN, verdict: { type: 'string' } }),
});
const ARM_EXAMPLE = (payments: number, declined: number): Record<string, unknown> => ({ payments, approved: payments - declined, declined, errors: 0, decline_rate: Math.round((declined / payments) * 10_000) / 10_000, error_rate: 0, latency_p99_ms: 41 });
const CANARY_EXAMPLE = {
  name: 'providerB for USD', status: 'running', step: 1, split_percent: 25, step_started_at: '2026-12-07T14:00:00.000Z',
  decisions: [{ seq: 1, type: 'routing.canary_started', timestamp: '2026-12-07T13:50:00.000Z', manual: false, reason: 'started at 10 %' }, { seq: 2, type: 'routing.canary_stepped', timestamp: '2026-12-07T14:00:00.000Z', manual: false, reason: 'within the margin over 600 s' }],
  config: { name: 'providerB for USD', when: { currency: ['USD'] }, candidate: { processor: 'providerB' }, steps_percent: [10, 25, 50, 100], sticky_by: 'card_fingerprint', window_ms: 600_000, min_payments: 50, margin: { decline_rate: 0.05, error_rate: 0.02, latency_p99_ratio: 1.5 } },
  comparison: { since: '2026-12-07T14:00:00.000Z', window_ms: 600_000, candidate: ARM_EXAMPLE(60, 3), baseline: ARM_EXAMPLE(180, 8), margin: { decline_rate: 0.05, error_rate: 0.02, latency_p99_ratio: 1.5 }, verdict: 'within the margin so far; the step lasts 600 s' },
};

const CITATION: JsonSchema = closed({
  file: { type: 'string', description: 'relative to the data folder' },
  seq: { type: 'integer', minimum: 1, description: "the journal line's seq: its line number in the file" },
  event_id: { type: 'string' },
  note: { type: 'string' },
}, ['seq', 'event_id', 'note']);
const INCIDENT: JsonSchema = closed({
  kind: { type: 'string', enum: ['processor_unavailable', 'declines', 'card_testing', 'webhook_failures', 'journal'] },
  severity: { type: 'string', enum: ['page', 'ticket'] },
  title: { type: 'string' },
  probable_cause: { type: 'string' },
  next_action: { type: 'string' },
  first_seen: { type: 'string' },
  last_seen: { type: 'string' },
  count: { type: 'integer', minimum: 0 },
  blast_radius: closed({ payments: { type: 'integer', minimum: 0 }, merchants: { type: 'array', items: { type: 'string' } }, amount: { type: 'object', additionalProperties: { type: 'integer' } }, events: { type: 'integer', minimum: 0 } }, ['events']),
  evidence: { type: 'array', items: CITATION },
});
const EXPLANATION_CITATION: JsonSchema = closed({
  file: { type: 'string', description: 'relative to the data folder' },
  seq: { type: 'integer', minimum: 1, description: "a journal line's seq (its line number)" },
  event_id: { type: 'string' },
  line: { type: 'integer', minimum: 1, description: 'a CSV line (1 is the header)' },
}, ['seq', 'event_id', 'line']);
const EXPLANATIONS_EXAMPLE = {
  object: 'reconciliation_explanations', date: '2026-02-09', timezone: 'UTC', report: 'reports/reconciliation_report_2026-02-09.json', status: 'unbalanced', explained: 1,
  by_cause: Object.fromEntries(MISMATCH_CAUSES.map((cause) => [cause, cause === 'duplicate_bank_row' ? 1 : 0])), notes: [],
  items: [{
    payment_id: 'pi_01m98eyykgc948jq335m05cvf8', status: 'amount_mismatch', cause: 'duplicate_bank_row',
    explanation: "The bank's statement of 2026-02-09 has 2 capture rows for it (lines 13, 15: USD 10.99, USD 10.99) where the ledger has one (captured USD 10.99 at 2026-02-09T12:00:00.000Z (seq 60)): the bank settled it twice, USD 10.99 too much.",
    action: "Ask providerA to reverse the extra row (line 15); the merchant's payout counts it once.",
    evidence: [{ file: 'ledger/payments.jsonl', seq: 60, event_id: 'evt_01m98eyykgc948jq335m05cvf9' }, { file: 'settlement/settlement_2026-02-09.csv', line: 13 }, { file: 'settlement/settlement_2026-02-09.csv', line: 15 }],
  }],
};

const TRIAGE_EXAMPLE = {
  object: 'triage', since: '2026-12-07T13:00:00.000Z', generated_at: '2026-12-07T14:00:00.000Z', read: { 'ledger/payments.jsonl': 120 },
  incidents: [{
    kind: 'processor_unavailable', severity: 'page', title: 'providerB is not answering', first_seen: '2026-12-07T13:40:02.120Z', last_seen: '2026-12-07T13:41:10.004Z', count: 5,
    probable_cause: 'providerB did not answer 4 authorizations (outage or timeouts); its breaker opened 1 time: the processor, not the cards.',
    next_action: 'Check providerB (provider-sim: GET /admin/processors/faults; a real gateway: its status page). Routing fails over while its breaker is open; if it lasts, add it to "disabled" in data/gateway/routing.json. Nothing was charged for these payments.',
    blast_radius: { payments: 4, merchants: ['m_demo'], amount: { USD: 4006 } },
    evidence: [{ file: 'ledger/payments.jsonl', seq: 3, event_id: 'evt_01jd4ex8m3q2w5e7r9t1y3u5i7', note: 'declined processing_error at providerB' }],
  }],
};

export const GATEWAY_COMPONENTS: Readonly<Record<string, JsonSchema>> = {
  ...DISPUTE_DRAFT_COMPONENTS,
  ...LEDGER_OBJECT_SCHEMAS,
  PaymentIntentList: listSchema(ref('PaymentIntent')),
  RefundList: listSchema(ref('Refund')),
  DisputeList: listSchema(ref('Dispute')),
  EscrowList: listSchema(ref('Escrow')),
  EventList: listSchema(ref('Event')),
  WebhookEndpoint: { ...closed(WEBHOOK_ENDPOINT_PROPERTIES), description: 'Where events are sent, and which; its secrets by id and lifetime, never their value.', examples: [WEBHOOK_ENDPOINT_EXAMPLE] },
  WebhookEndpointWithSecret: {
    ...closed({ ...WEBHOOK_ENDPOINT_PROPERTIES, secret: { type: 'string', pattern: '^whsec_' } }),
    description: 'A webhook endpoint with its new signing secret (whsec_...), shown this once.',
    examples: [{ ...WEBHOOK_ENDPOINT_EXAMPLE, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }],
  },
  WebhookEndpointList: listSchema(ref('WebhookEndpoint')),
  DeletedWebhookEndpoint: closed({ id: { type: 'string' }, object: { const: 'webhook_endpoint' }, deleted: { const: true } }),
  DeliveryAttempt: DELIVERY_ATTEMPT,
  DeliveryAttemptList: listSchema(ref('DeliveryAttempt')),
  Deliveries: { ...listSchema(ref('DeliveryAttempt'), { deliveries: { type: 'array', items: DELIVERY_SUMMARY } }), description: 'The attempts of an event, oldest first, and one summary per delivery (event × endpoint).' },
  ApiKey: { ...closed(API_KEY_PROPERTIES), description: 'An API key of the merchant: never its secret, which only its create answer holds.', examples: [API_KEY_EXAMPLE] },
  ApiKeyWithSecret: {
    ...closed({ ...API_KEY_PROPERTIES, secret: { type: 'string', pattern: '^(sk|rk)_test_[0-9a-f]{40}$' } }),
    description: 'A new API key with its secret, shown this once (it is stored as a keyed hash).',
    examples: [{ ...API_KEY_EXAMPLE, secret: 'rk_test_9f2c61d0b7a54e3f8c2a1b0d9e8f7a6b5c4d3e2f' }],
  },
  ApiKeyList: listSchema(ref('ApiKey')),
  DeletedApiKey: closed({ id: { type: 'string' }, object: { const: 'api_key' }, deleted: { const: true } }),
  Merchant: closed(MERCHANT_PROPERTIES),
  MerchantWithKey: { ...closed({ ...MERCHANT_PROPERTIES, api_key: { type: 'string', pattern: '^sk_test_' } }), description: 'A merchant with its new API key, shown this once.' },
  MerchantList: closed({ object: { const: 'list' }, data: { type: 'array', items: ref('Merchant') }, has_more: { type: 'boolean' } }),
  ProviderHealthList: closed({ object: { const: 'list' }, data: { type: 'array', items: PROVIDER_HEALTH } }),
  Ledger: closed({ object: { const: 'ledger' }, payment_intent: { type: 'string' }, chain_verified: { type: 'boolean' }, events: { type: 'array', items: LEDGER_LINE } }),
  ProviderWebhookReceipt: closed({ received: { const: true } }),
  Overview: closed({
    object: { const: 'overview' },
    since: unixTime,
    payments: closed({ total: { type: 'integer' }, by_status: { type: 'object', additionalProperties: { type: 'integer' } } }),
    volume: { type: 'array', items: closed({ currency: { type: 'string' }, captured: { type: 'integer' }, refunded: { type: 'integer' }, payments: { type: 'integer' } }) },
    decline_reasons: { type: 'array', items: closed({ decline_code: { type: 'string' }, count: { type: 'integer' } }) },
    webhooks: closed({ deliveries: { type: 'integer' }, delivered: { type: 'integer' }, delivered_first_attempt: { type: 'integer' }, success_rate: nullable({ type: 'number' }) }),
    refunds_pending_approval: { type: 'integer' },
    disputes_open: { type: 'integer' },
  }),
  DeadLetterList: listSchema(closed({
    object: { const: 'dead_letter' },
    delivery_id: { type: 'string' },
    event_id: { type: 'string' },
    event_type: { type: 'string' },
    endpoint: DELIVERY_ENDPOINT,
    attempts: { type: 'integer' },
    last_attempt_at: isoTime,
    last_status_code: nullable({ type: 'integer' }),
    last_error: nullable({ type: 'string' }),
  }), { total: { type: 'integer', minimum: 0, description: 'dead letters in the queue in all' } }),
  SearchResultList: listSchema(closed({
    object: { const: 'search_result' },
    kind: { type: 'string', enum: ['payment_intent', 'refund', 'dispute', 'escrow', 'event'] },
    id: { type: 'string' },
    payment_intent: nullable({ type: 'string' }),
    status: nullable({ type: 'string' }),
    amount: nullable({ type: 'integer' }),
    currency: nullable({ type: 'string' }),
    created: unixTime,
    summary: { type: 'string' },
    matched: { type: 'string', enum: ['id', 'email', 'last4'] },
  })),
  EscrowCustody: {
    ...closed({
      object: { const: 'escrow_custody' },
      open_escrows: { type: 'integer', minimum: 0, description: 'escrows not closed yet (awaiting payment, in custody or disputed)' },
      by_status: closed({ awaiting_payment: { type: 'integer', minimum: 0 }, in_custody: { type: 'integer', minimum: 0 }, disputed: { type: 'integer', minimum: 0 } }),
      in_custody: { type: 'array', items: closed({ currency: { type: 'string' }, amount: { type: 'integer', minimum: 1, description: 'minor units' }, escrows: { type: 'integer', minimum: 1 } }), description: 'what custody holds per currency, largest first' },
    }),
    description: "What the merchant's escrows hold now (the console's custody balance).",
  },
  Pulse: closed({ object: { const: 'pulse' }, cursor: { type: 'string', maxLength: 64, description: 'moves whenever a ledger line, a delivery attempt, an endpoint or a settlement or report file is written; compare it, do not parse it' } }),
  ConsoleEventList: listSchema(closed({
    object: { const: 'console_event' },
    event: ref('Event'),
    deliveries: { type: 'array', items: closed({ ...DELIVERY_SUMMARY_PROPERTIES, endpoint: closed({ id: { type: 'string' }, url: { type: 'string' } }) }), description: 'one per endpoint the event went to, in the order of their first attempts' },
  })),
  ReceivedEvent: relayed('merchant-sim', 'An event as merchant-sim received it, with its attempts and signature checks.', ['id', 'order_id']),
  ReceivedEventList: listSchema(ref('ReceivedEvent'), { available: { type: 'boolean', description: 'false when merchant-sim could not be reached' }, reason: nullable({ type: 'string' }) }),
  SettlementDay: closed(SETTLEMENT_DAY_PROPERTIES),
  SettlementDayList: listSchema(ref('SettlementDay')),
  SettlementDayWithReport: closed({ ...SETTLEMENT_DAY_PROPERTIES, report: nullable(DAY_REPORT) }),
  AuditExport: closed({
    object: { const: 'audit_export' },
    merchant: { type: 'string' },
    generated_at: isoTime,
    scope: AUDIT_SCOPE,
    chain_verified: { type: 'boolean' },
    first_failure: nullable(closed({ stream: { type: 'string' }, seq: { type: 'integer' }, event_id: { type: 'string' } })),
    payments: { type: 'array', items: ref('PaymentIntent') },
    refunds: { type: 'array', items: ref('Refund') },
    disputes: { type: 'array', items: ref('Dispute') },
    events: { type: 'array', items: AUDIT_EVENT },
  }),
  File: closed({
    object: { const: 'file' },
    file_name: { type: 'string' },
    title: { type: 'string' },
    content_type: { const: 'application/pdf' },
    size: { type: 'integer', minimum: 0 },
    chain_verified: { type: 'boolean' },
    content_base64: { type: 'string', contentEncoding: 'base64' },
  }),
  FaultSettings: relayed('provider-sim', "provider-sim's failure injection: {seed, providerA, providerB}."),
  BankStatement: relayed('provider-sim', 'What provider-sim (the bank) wrote for the day.'),
  JobRun: relayed('ledger-service', 'The summary of a settlement or reconciliation run.'),
  SloReport: { ...closed({
    object: { const: 'slo_report' },
    evaluated_at: nullable(isoTime),
    budget_period: { type: 'string' },
    problem: nullable({ type: 'string', description: 'why the SLOs could not be evaluated (null when they were)' }),
    slos: { type: 'array', items: SLO_STATUS },
    firing: { type: 'array', items: SLO_ALERT },
  }), examples: [SLO_REPORT_EXAMPLE] },
  Canary: { ...CANARY, examples: [CANARY_EXAMPLE] },
  MismatchExplanations: {
    ...closed({
      object: { const: 'reconciliation_explanations' },
      date: { type: 'string', format: 'date' },
      timezone: { type: 'string' },
      report: { type: 'string' },
      status: { type: 'string', enum: ['awaiting_bank_file', 'balanced', 'unbalanced'] },
      explained: { type: 'integer', minimum: 0 },
      by_cause: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
      notes: { type: 'array', items: { type: 'string' } },
      items: { type: 'array', items: closed({
        payment_id: { type: 'string' },
        status: { type: 'string', enum: [...MISMATCH_STATUSES] },
        cause: { type: 'string', enum: [...MISMATCH_CAUSES] },
        explanation: { type: 'string' },
        action: { type: 'string' },
        evidence: { type: 'array', items: EXPLANATION_CITATION },
      }) },
    }),
    examples: [EXPLANATIONS_EXAMPLE],
  },
  TriageReport: { ...closed({ object: { const: 'triage' }, since: isoTime, generated_at: isoTime, incidents: { type: 'array', items: INCIDENT }, read: { type: 'object', additionalProperties: { type: 'integer' } } }), examples: [TRIAGE_EXAMPLE] },
  CanaryList: { ...listSchema(ref('Canary')), examples: [{ object: 'list', url: '/admin/canaries', has_more: false, data: [CANARY_EXAMPLE] }] },
  SloAlertList: { ...listSchema(SLO_ALERT), examples: [{ object: 'list', url: '/admin/alerts', has_more: false, data: [SLO_ALERT_EXAMPLE] }] },
};
