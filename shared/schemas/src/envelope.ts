import type { JsonSchema } from './jsonSchema';

export const HASH_PATTERN = '^[0-9a-f]{64}$';
/** A W3C traceparent (version 00), as @payrail/tracing writes it. */
const TRACEPARENT_PATTERN = '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$';

const posting: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['account', 'amount', 'currency'],
  properties: {
    account: { type: 'string', minLength: 1, maxLength: 128 },
    amount: { type: 'integer' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
};

/**
 * The envelope of every journal line (DESIGN §3). `data` is checked separately against the schema of
 * the event's `type`. `hash = sha256(prev_hash + canonical JSON of the line without hash)`.
 */
export const EVENT_ENVELOPE_SCHEMA: JsonSchema = {
  $id: 'payrail/event-envelope',
  type: 'object',
  additionalProperties: false,
  required: ['event_id', 'type', 'ref', 'seq', 'timestamp', 'data', 'prev_hash', 'hash'],
  properties: {
    event_id: { type: 'string', pattern: '^evt_[0-9a-z]{26}$' },
    type: { type: 'string', pattern: '^[a-z_]+(\\.[a-z_]+)+$', maxLength: 64 },
    ref: { type: 'string', minLength: 1, maxLength: 128 },
    seq: { type: 'integer', minimum: 1 },
    /** The lock epoch of the process that wrote the line: never lower than the line before's (fencing). */
    epoch: { type: 'integer', minimum: 1 },
    timestamp: { type: 'string', format: 'date-time' },
    correlation_id: { type: 'string', minLength: 1, maxLength: 128 },
    causation_id: { type: 'string', minLength: 1, maxLength: 128 },
    merchant_id: { type: 'string', minLength: 1, maxLength: 64 },
    /** The trace of the commit that wrote the line (its journal.commit span), when it was traced: work done later about it joins that trace. */
    traceparent: { type: 'string', pattern: TRACEPARENT_PATTERN },
    idempotency: {
      type: 'object',
      additionalProperties: false,
      required: ['key', 'request_hash'],
      properties: {
        key: { type: 'string', minLength: 1, maxLength: 255 },
        /** sha256 of method, path and canonical body: the same key with another request is refused. */
        request_hash: { type: 'string', pattern: HASH_PATTERN },
        /** Set on the event that starts a command whose result comes later (a processor call in flight). */
        pending: { type: 'boolean' },
      },
    },
    data: { type: 'object' },
    postings: { type: 'array', maxItems: 16, items: posting },
    prev_hash: { type: 'string', pattern: HASH_PATTERN },
    hash: { type: 'string', pattern: HASH_PATTERN },
  },
};
