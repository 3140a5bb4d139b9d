import type { GatewayDeps } from '../common/deps';
import { LIST_QUERY_PROPERTIES, paginate } from '../common/schemas';
import { defineRoute, type RouteSpec } from '../http/route';
import { idempotentRequest } from '../paymentIntents/paymentIntentRoutes';
import { DisputeCommands, type OpenDisputeInput } from './disputeCommands';

export function disputeRoutes(deps: GatewayDeps): RouteSpec[] {
  const commands = new DisputeCommands(deps);
  const tag = 'Disputes';
  return [
    defineRoute({
      method: 'get', path: '/v1/disputes', operationId: 'listDisputes', tag, auth: 'merchant', scope: 'read', summary: 'List disputes, newest first.',
      query: { type: 'object', additionalProperties: false, properties: { ...LIST_QUERY_PROPERTIES, status: { type: 'string', enum: ['opened', 'under_review', 'won', 'lost'] } } },
      responses: { 200: { description: 'A list of disputes', schema: { $ref: '#/components/schemas/DisputeList' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        const all = deps.ledger.state.disputesByMerchant.get(c.merchant.id) ?? [];
        const matches = [...all].reverse().filter((d) => c.query['status'] === undefined || d.status === c.query['status']);
        return { body: paginate(matches, c.query, '/v1/disputes') };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/disputes/:id', operationId: 'retrieveDispute', tag, auth: 'merchant', scope: 'read', summary: 'Retrieve a dispute.', responses: { 200: { description: 'The Dispute', schema: { $ref: '#/components/schemas/Dispute' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        return { body: commands.find(c.merchant.id, c.params['id'] ?? '') };
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/disputes/:id/evidence', operationId: 'submitDisputeEvidence', tag, auth: 'merchant', scope: 'payments:write', idempotency: 'optional',
      summary: 'Submit evidence (text and a file name): the dispute moves to under_review.',
      body: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: { type: 'string', minLength: 1, maxLength: 20_000 }, file_name: { type: 'string', maxLength: 255 } } },
      responses: { 200: { description: 'The Dispute', schema: { $ref: '#/components/schemas/Dispute' } } }, errors: [409],
      example: { text: 'Delivered and signed for on 2026-12-03.', file_name: 'proof_of_delivery.pdf' },
      handler: (c) => commands.submitEvidence(idempotentRequest(c), c.params['id'] ?? '', c.body as { text: string; file_name?: string }, c.req.correlationId),
    }),
    defineRoute({
      method: 'post', path: '/internal/disputes', operationId: 'openDispute', tag: 'Internal', auth: 'internal',
      summary: 'Open a dispute on a captured payment (what a processor webhook does; for tests and demos).',
      body: {
        type: 'object', additionalProperties: false, required: ['payment_intent', 'reason'],
        properties: { payment_intent: { type: 'string', pattern: '^pi_[0-9a-z]{26}$' }, reason: { type: 'string', minLength: 1, maxLength: 100 }, amount: { type: 'integer', minimum: 1 } },
      },
      responses: { 200: { description: 'The Dispute', schema: { $ref: '#/components/schemas/Dispute' } } }, errors: [409],
      example: { payment_intent: 'pi_01jcy4p8zq3x5v7k9m2n4r6t8w', reason: 'fraudulent', amount: 2000 },
      handler: async (c) => ({ body: await commands.open(c.body as unknown as OpenDisputeInput, c.req.correlationId) }),
    }),
    defineRoute({
      method: 'post', path: '/internal/disputes/:id/close', operationId: 'closeDispute', tag: 'Internal', auth: 'internal',
      summary: 'Close a dispute as won or lost (what a processor webhook does; for tests and demos).',
      body: { type: 'object', additionalProperties: false, required: ['outcome'], properties: { outcome: { type: 'string', enum: ['won', 'lost'] } } },
      responses: { 200: { description: 'The Dispute', schema: { $ref: '#/components/schemas/Dispute' } } }, errors: [409],
      handler: async (c) => ({ body: await commands.close(c.params['id'] ?? '', c.body['outcome'] as 'won' | 'lost', c.req.correlationId) }),
    }),
  ];
}
