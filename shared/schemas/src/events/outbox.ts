import type { JsonSchema } from '../jsonSchema';

const object = (required: string[], properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});
const ID = (prefix: string): JsonSchema => ({ type: 'string', pattern: `^${prefix}_[0-9a-z]{26}$` });
const header: JsonSchema = { type: 'string', maxLength: 2048 };
/** A ledger event id; a Stripe-format delivery of the n-th Stripe event of one ledger event adds `_n`. */
const EVENT_ID: JsonSchema = { type: 'string', pattern: '^evt_[0-9a-z]{26}(_[1-9])?$' };

/** Which endpoint an attempt went to, as it was then: never the secret, only which secrets signed. */
const endpointSnapshot = object(['id', 'url', 'secret_ids'], {
  id: ID('we'),
  url: { type: 'string', maxLength: 2048 },
  secret_ids: { type: 'array', maxItems: 16, items: { type: 'string', pattern: '^sec_[0-9]{1,6}$' } },
});

/**
 * Events of outbox/deliveries.jsonl and outbox/dlq.jsonl (ledger-service's dispatcher is their only
 * writer). A delivery is one event to one endpoint (`del_...`); each attempt at it is one line.
 */
export const OUTBOX_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  'outbox.delivery_attempted': object(
    ['delivery_id', 'event_id', 'event_type', 'endpoint', 'attempt', 'attempted_at', 'latency_ms', 'outcome', 'webhook_lag_ms', 'headers'],
    {
      delivery_id: ID('del'),
      event_id: EVENT_ID,
      event_type: { type: 'string', maxLength: 64 },
      endpoint: endpointSnapshot,
      attempt: { type: 'integer', minimum: 1, maximum: 1000 },
      /** When the request left. */
      attempted_at: { type: 'string', format: 'date-time' },
      /** The HTTP status the endpoint answered; absent when it never answered (refused, timed out). */
      status: { type: 'integer', minimum: 100, maximum: 599 },
      latency_ms: { type: 'number', minimum: 0 },
      error: { type: 'string', maxLength: 500 },
      /** delivered: 2xx; failed: a retry follows (at next_retry_at) or none (a manual attempt); dead_lettered: the last scheduled attempt failed; disabled: 410 Gone. */
      outcome: { type: 'string', enum: ['delivered', 'failed', 'dead_lettered', 'disabled'] },
      next_retry_at: { type: 'string', format: 'date-time' },
      /** From the ledger commit of the event to the end of this attempt. */
      webhook_lag_ms: { type: 'integer', minimum: 0 },
      /** The webhook-* headers sent, or Stripe-Signature for a Stripe-format endpoint (signatures are HMACs, never secrets). */
      headers: {
        ...object(['webhook-id', 'webhook-timestamp', 'webhook-attempt'], {
          'webhook-id': header,
          'webhook-timestamp': header,
          'webhook-signature': header,
          'stripe-signature': header,
          'webhook-attempt': header,
        }),
        anyOf: [{ properties: { 'webhook-signature': header }, required: ['webhook-signature'] }, { properties: { 'stripe-signature': header }, required: ['stripe-signature'] }],
      },
      /** Asked for through POST /v1/events/{id}/retry rather than the schedule. */
      manual: { type: 'boolean' },
    },
  ),
  /** The scheduled attempts of a delivery are exhausted; only a manual retry sends it again. */
  'outbox.dead_lettered': object(['delivery_id', 'event_id', 'event_type', 'endpoint', 'attempts'], {
    delivery_id: ID('del'),
    event_id: EVENT_ID,
    event_type: { type: 'string', maxLength: 64 },
    endpoint: endpointSnapshot,
    attempts: { type: 'integer', minimum: 1, maximum: 1000 },
    last_status: { type: 'integer', minimum: 100, maximum: 599 },
    last_error: { type: 'string', maxLength: 500 },
  }),
};
