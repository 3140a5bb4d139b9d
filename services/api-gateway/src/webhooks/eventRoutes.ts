import { PayrailError } from '@payrail/core';
import type { JournalEvent } from '@payrail/journal';
import { webhookPayloadOf, type LedgerState } from '@payrail/ledger';
import type { JsonSchema } from '@payrail/schemas';
import type { GatewayDeps } from '../common/deps';
import { LIST_QUERY_PROPERTIES } from '../common/schemas';
import { defineRoute, notFound, type RouteSpec } from '../http/route';
import { idempotentRequest } from '../paymentIntents/paymentIntentRoutes';
import type { DeliveryAttempt, DeliveryLog } from './deliveryLog';
import type { EndpointStore } from './endpointStore';
import type { LedgerServiceClient } from './ledgerServiceClient';
import { findMerchantEvent, merchantEventsPage } from './merchantEvents';

/** The `type` filter of an events list: an exact type or a domain wildcard. */
export const EVENT_TYPE_FILTER: JsonSchema = { type: 'string', maxLength: 64, description: "an exact type, or a domain such as 'refund.*'" };

const LIST_QUERY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...LIST_QUERY_PROPERTIES,
    type: EVENT_TYPE_FILTER,
    payment_intent: { type: 'string', maxLength: 64 },
    'created[gte]': { type: 'integer', minimum: 0 },
    'created[lte]': { type: 'integer', minimum: 0 },
  },
};

const RETRY_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { endpoint: { type: 'string', pattern: '^we_[0-9a-z]{26}$', description: 'only this endpoint; default: every endpoint the event concerns' } },
};

export type DeliveryState = 'delivered' | 'retrying' | 'dead_lettered' | 'disabled' | 'failed';

/** Where one delivery (event × endpoint) stands after its attempts so far. */
export interface DeliverySummary {
  delivery_id: string;
  endpoint: DeliveryAttempt['endpoint'];
  attempts: number;
  state: DeliveryState;
  next_retry_at: string | null;
}

/** One summary per delivery of an event's attempts (oldest first), in the order of their first attempts. */
export function deliverySummaries(log: DeliveryLog, attempts: readonly DeliveryAttempt[]): DeliverySummary[] {
  const byDelivery = new Map<string, DeliveryAttempt[]>();
  for (const attempt of attempts) byDelivery.set(attempt.delivery_id, [...(byDelivery.get(attempt.delivery_id) ?? []), attempt]);
  return [...byDelivery].map(([id, list]) => {
    const last = list[list.length - 1] as DeliveryAttempt;
    let state: DeliveryState = 'failed';
    if (list.some((a) => a.outcome === 'delivered')) state = 'delivered';
    else if (log.inDeadLetterQueue(id, list)) state = 'dead_lettered';
    else if (last.outcome === 'disabled') state = 'disabled';
    else if (last.next_retry_at !== null) state = 'retrying';
    return { delivery_id: id, endpoint: last.endpoint, attempts: list.length, state, next_retry_at: state === 'retrying' ? last.next_retry_at : null };
  });
}

/**
 * What `GET /v1/events/{id}/deliveries` answers for an event of the merchant (GraphQL's too): every
 * attempt, oldest first, and one summary per delivery, as the log holds them (refresh it first).
 */
export function eventDeliveries(log: DeliveryLog, eventId: string): { object: 'list'; data: DeliveryAttempt[]; has_more: false; url: string; deliveries: DeliverySummary[] } {
  const attempts = log.attempts(eventId);
  return { object: 'list', data: attempts, has_more: false, url: `/v1/events/${eventId}/deliveries`, deliveries: deliverySummaries(log, attempts) };
}

/**
 * A page of the merchant's events, newest first, by a list query (limit, starting_after, and the
 * filters type, payment_intent, created[gte|lte] that it holds): `/v1/events` and the console's events
 * list. Reads the state as it is (catch up first). An unknown `starting_after` is refused, naming it.
 */
export function eventListPage(state: LedgerState, merchant: string, q: Record<string, unknown>, limit_default: number): { data: JournalEvent[]; has_more: boolean } {
  const after = q['starting_after'] as string | undefined;
  if (after !== undefined && findMerchantEvent(state, merchant, after) === undefined) {
    throw new PayrailError('resource_missing', `starting_after: no such event '${after}' in this list.`, { param: 'starting_after' });
  }
  const filter = {
    ...(q['type'] === undefined ? {} : { type: q['type'] as string }),
    ...(q['payment_intent'] === undefined ? {} : { payment_intent: q['payment_intent'] as string }),
    ...(q['created[gte]'] === undefined ? {} : { created_gte: q['created[gte]'] as number }),
    ...(q['created[lte]'] === undefined ? {} : { created_lte: q['created[lte]'] as number }),
  };
  return merchantEventsPage(state, merchant, filter, (q['limit'] as number | undefined) ?? limit_default, after);
}

/** `/v1/events`: the ledger's domain events as merchants see them, their deliveries, and manual retries. */
export function eventRoutes(deps: GatewayDeps, endpoints: EndpointStore, log: DeliveryLog, ledgerService: LedgerServiceClient): RouteSpec[] {
  const tag = 'Events';
  const state = deps.ledger.state;
  const find = async (merchant: string, id: string) => {
    await deps.ledger.catchUp();
    const event = findMerchantEvent(state, merchant, id);
    if (event === undefined) throw notFound('event', id);
    return event;
  };
  return [
    defineRoute({
      method: 'get', path: '/v1/events', operationId: 'listEvents', tag, auth: 'merchant', scope: 'read',
      summary: 'List events, newest first: filter by type (or domain.*), payment_intent and created[gte|lte] (unix seconds).',
      query: LIST_QUERY, responses: { 200: { description: 'A list of events, each as its webhook body', schema: { $ref: '#/components/schemas/EventList' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        const page = eventListPage(state, c.merchant.id, c.query, 10);
        return { body: { object: 'list', data: page.data.map((event) => webhookPayloadOf(state, event)), has_more: page.has_more, url: '/v1/events' } };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/events/:id', operationId: 'retrieveEvent', tag, auth: 'merchant', scope: 'read',
      summary: 'Retrieve an event: exactly the body its webhooks carry.',
      responses: { 200: { description: 'The event', schema: { $ref: '#/components/schemas/Event' } } },
      handler: async (c) => ({ body: webhookPayloadOf(state, await find(c.merchant.id, c.params['id'] ?? '')) }),
    }),
    defineRoute({
      method: 'get', path: '/v1/events/:id/deliveries', operationId: 'listEventDeliveries', tag, auth: 'merchant', scope: 'read',
      summary: 'Every attempt to deliver the event to each endpoint: attempt number, time, status code, latency, error, next retry, the signed headers sent.',
      responses: { 200: { description: 'The attempts, oldest first, and one summary per delivery', schema: { $ref: '#/components/schemas/Deliveries' } } },
      handler: async (c) => {
        const event = await find(c.merchant.id, c.params['id'] ?? '');
        await log.refresh();
        return { body: eventDeliveries(log, event.event_id) };
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/events/:id/retry', operationId: 'retryEvent', tag, auth: 'merchant', scope: 'webhooks:write', idempotency: 'optional',
      summary: 'Send the event again now (to one endpoint, or every endpoint it concerns), re-signed with the current secrets: one more attempt, never a new event. Works from the dead-letter queue too.',
      body: RETRY_BODY, responses: { 200: { description: 'The attempts just made', schema: { $ref: '#/components/schemas/DeliveryAttemptList' } } }, errors: [409, 503],
      handler: async (c) => {
        const event = await find(c.merchant.id, c.params['id'] ?? '');
        const endpoint = c.body['endpoint'] as string | undefined;
        if (endpoint !== undefined) {
          await endpoints.catchUp();
          endpoints.get(c.merchant.id, endpoint, 'endpoint');
        }
        const request = idempotentRequest(c);
        const { attempts, replayed } = await ledgerService.retryEvent(event.event_id, {
          merchant_id: c.merchant.id,
          ...(endpoint === undefined ? {} : { endpoint }),
          ...(request.key === null ? {} : { idempotency: { key: request.key, request_hash: request.request_hash } }),
        }, c.req.correlationId);
        return { body: { object: 'list', data: attempts, has_more: false, url: `/v1/events/${event.event_id}/retry` }, ...(replayed ? { headers: { 'Idempotent-Replayed': 'true' } } : {}) };
      },
    }),
  ];
}
