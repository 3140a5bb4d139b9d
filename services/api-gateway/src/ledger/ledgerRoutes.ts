import { canonicalJson, sha256Hex } from '@payrail/core';
import { GENESIS_HASH } from '@payrail/journal';
import type { GatewayDeps } from '../common/deps';
import { defineRoute, notFound, type RouteSpec } from '../http/route';

/** `GET /v1/ledger/{id}`: every event of one payment (and its refunds and disputes) with a chain check. */
export function ledgerRoutes(deps: GatewayDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get', path: '/v1/ledger/:id', operationId: 'retrieveLedger', tag: 'Ledger', auth: 'merchant', scope: 'read',
      summary: 'Every ledger event of a payment, its refunds and disputes, in commit order, each re-hashed and linked to the line before it (chain_verified).',
      responses: { 200: { description: 'The events and the verification result', schema: { $ref: '#/components/schemas/Ledger' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        const id = c.params['id'] ?? '';
        const state = deps.ledger.state;
        const intent = state.payments.get(id);
        if (intent === undefined || intent.merchant !== c.merchant.id) throw notFound('payment_intent', id);
        const events = (state.eventsByPayment.get(id) ?? []).map(({ stream, event }) => {
          const { hash, ...rest } = event;
          const hashValid = sha256Hex(event.prev_hash + canonicalJson(rest)) === hash;
          const previous = event.seq === 1 ? GENESIS_HASH : state.hashes.get(stream)?.[event.seq - 2];
          return { stream, ...event, verification: { hash_valid: hashValid, linked_to_previous: previous === event.prev_hash } };
        });
        const chainVerified = events.every((e) => e.verification.hash_valid && e.verification.linked_to_previous);
        return { body: { object: 'ledger', payment_intent: id, chain_verified: chainVerified, events } };
      },
    }),
  ];
}
