import type { JsonSchema } from '../jsonSchema';

const object = (required: string[], properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

/** Where a webhook goes: an absolute http(s) URL. */
const WEBHOOK_URL_SCHEMA: JsonSchema = { type: 'string', minLength: 8, maxLength: 2048, pattern: '^https?://[^\\s/?#]+[^\\s]*$' };

/** The event types an endpoint subscribes to: `*`, a whole domain (`refund.*`) or one type (`refund.succeeded`). */
const ENABLED_EVENTS_SCHEMA: JsonSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 32,
  uniqueItems: true,
  items: { type: 'string', pattern: '^(\\*|[a-z_]+(\\.[a-z_]+){0,3}(\\.\\*)?)$', maxLength: 64 },
};

const description: JsonSchema = { anyOf: [{ type: 'string', maxLength: 500 }, { type: 'null' }] };

/** A signing secret as stored: its id and the `whsec_...` value Fernet-encrypted under WEBHOOK_SECRET_KEY. */
const storedSecret = object(['id', 'ciphertext'], {
  id: { type: 'string', pattern: '^sec_[0-9]{1,6}$' },
  ciphertext: { type: 'string', pattern: '^[A-Za-z0-9_-]+=*$', maxLength: 1024 },
});

/**
 * Events of gateway/webhook_endpoints.jsonl (the gateway is their only writer): a merchant's webhook
 * endpoints, their subscriptions and signing secrets. A secret is never written in clear.
 */
export const WEBHOOK_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  'webhook_endpoint.created': object(['url', 'enabled_events', 'secret'], {
    url: WEBHOOK_URL_SCHEMA,
    enabled_events: ENABLED_EVENTS_SCHEMA,
    description,
    secret: storedSecret,
    /** What the endpoint receives: PayRail's events signed per Standard Webhooks (default), or Stripe's, signed with Stripe-Signature. */
    dialect: { type: 'string', enum: ['payrail', 'stripe'] },
    metadata: { type: 'object', maxProperties: 50, additionalProperties: { type: 'string', maxLength: 500 } },
  }),
  'webhook_endpoint.updated': {
    ...object([], { url: WEBHOOK_URL_SCHEMA, enabled_events: ENABLED_EVENTS_SCHEMA, description, metadata: { type: 'object', maxProperties: 50, additionalProperties: { type: 'string', maxLength: 500 } } }),
    minProperties: 1,
  },
  /** A new secret signs from now on; each older one still valid keeps signing until its `expires_at`. */
  'webhook_endpoint.secret_rotated': object(['secret', 'expiring'], {
    secret: storedSecret,
    expiring: {
      type: 'array',
      maxItems: 16,
      items: object(['id', 'expires_at'], { id: { type: 'string', pattern: '^sec_[0-9]{1,6}$' }, expires_at: { type: 'string', format: 'date-time' } }),
    },
  }),
  /** Deliveries stop: the merchant asked, or the endpoint answered 410 Gone to the event `event_id`. */
  'webhook_endpoint.disabled': object(['reason'], {
    reason: { type: 'string', enum: ['requested', 'gone'] },
    status_code: { type: 'integer', minimum: 100, maximum: 599 },
    event_id: { type: 'string', pattern: '^evt_[0-9a-z]{26}$' },
  }),
  'webhook_endpoint.enabled': object([], {}),
  /** The endpoint is gone for good; its history stays in the stream. */
  'webhook_endpoint.deleted': object([], {}),
};
