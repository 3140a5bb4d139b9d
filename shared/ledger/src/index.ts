export * from './model';
export { DEMO_MERCHANT_ID, LEDGER_LOCK, LedgerState, OUTBOX_STREAMS, STREAMS, idempotencyIndexKey, renderResponse, sortedKeys, type IdempotencyRecord, type InFlightModification, type StoredEvent, type StreamName } from './ledgerState';
export { capturePostings, reinstatementPostings, reversalPostings } from './postings';
export { MERCHANT_EVENT_TYPES } from './merchantEvents';
export { WEBHOOK_API_VERSION, eventTypeMatches, objectAsOf, toWebhookPayload, webhookPayloadOf, type WebhookPayload } from './webhookPayload';
export { WEBHOOK_ENDPOINTS_STREAM, applyEndpointEvent, type EndpointSecret, type WebhookEndpoint } from './webhookEndpoints';
export { CARD_SUMMARY_SCHEMA, DISPUTE_SCHEMA, EVENT_SCHEMA, LEDGER_OBJECT_SCHEMAS, PAYMENT_INTENT_SCHEMA, REFUND_SCHEMA, listSchema } from './objectSchemas';
export * from './stripe/stripeObjects';
export { STRIPE_EVENT_TYPES, parseStripeEventId, paymentIdOf, stripeEventEnabled, stripeEventId, stripeEventsOf, type StripeEvent } from './stripe/stripeEvents';
