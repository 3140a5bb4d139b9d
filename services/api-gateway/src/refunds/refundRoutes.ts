import type { JsonSchema } from '@payrail/schemas';
import type { GatewayDeps } from '../common/deps';
import { AMOUNT_SCHEMA, LIST_QUERY_PROPERTIES, METADATA_SCHEMA, paginate } from '../common/schemas';
import { defineRoute, type RouteSpec } from '../http/route';
import { idempotentRequest } from '../paymentIntents/paymentIntentRoutes';
import type { Refund } from '@payrail/ledger';
import { RefundCommands, type CreateRefundInput } from './refundCommands';

const CREATE_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['payment_intent'],
  properties: {
    payment_intent: { type: 'string', pattern: '^pi_[0-9a-z]{26}$' },
    amount: AMOUNT_SCHEMA,
    reason: { type: 'string', enum: ['duplicate', 'fraudulent', 'requested_by_customer', 'other'] },
    metadata: METADATA_SCHEMA,
  },
};

const APPROVER_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['approver'],
  properties: { approver: { type: 'string', minLength: 1, maxLength: 100 }, reason: { type: 'string', maxLength: 500 } },
};

export function refundRoutes(deps: GatewayDeps): RouteSpec[] {
  const commands = new RefundCommands(deps);
  const tag = 'Refunds';
  return [
    defineRoute({
      method: 'post', path: '/v1/refunds', operationId: 'createRefund', tag, auth: 'merchant', scope: 'refunds:write', idempotency: 'optional',
      summary: `Refund a captured payment, fully or partially. Above REFUND_APPROVAL_THRESHOLD it waits in pending_approval.`,
      body: CREATE_BODY, example: { payment_intent: 'pi_01jd4ex8m3q2w5e7r9t1y3u5i7', amount: 500, reason: 'requested_by_customer' },
      responses: { 200: { description: 'The Refund', schema: { $ref: '#/components/schemas/Refund' } } }, errors: [409, 503],
      handler: (c) => commands.create(idempotentRequest(c), c.body as unknown as CreateRefundInput, c.req.correlationId),
    }),
    defineRoute({
      method: 'get', path: '/v1/refunds', operationId: 'listRefunds', tag, auth: 'merchant', scope: 'read',
      summary: 'List refunds, newest first.',
      query: {
        type: 'object', additionalProperties: false,
        properties: { ...LIST_QUERY_PROPERTIES, status: { type: 'string', enum: ['pending_approval', 'approved', 'succeeded', 'failed'] }, payment_intent: { type: 'string', maxLength: 64 } },
      },
      responses: { 200: { description: 'A list of refunds', schema: { $ref: '#/components/schemas/RefundList' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        const all = deps.ledger.state.refundsByMerchant.get(c.merchant.id) ?? [];
        const matches = [...all].reverse().filter((r: Refund) =>
          (c.query['status'] === undefined || r.status === c.query['status']) && (c.query['payment_intent'] === undefined || r.payment_intent === c.query['payment_intent']));
        return { body: paginate(matches, c.query, '/v1/refunds') };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/refunds/:id', operationId: 'retrieveRefund', tag, auth: 'merchant', scope: 'read', summary: 'Retrieve a refund.', responses: { 200: { description: 'The Refund', schema: { $ref: '#/components/schemas/Refund' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        return { body: commands.find(c.merchant.id, c.params['id'] ?? '') };
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/refunds/:id/approve', operationId: 'approveRefund', tag, auth: 'merchant', scope: 'refunds:write', idempotency: 'optional',
      summary: 'Approve a pending_approval refund (the approver is recorded); it is then sent to the processor.',
      body: APPROVER_BODY, responses: { 200: { description: 'The Refund', schema: { $ref: '#/components/schemas/Refund' } } }, errors: [409, 503],
      handler: (c) => commands.approve(idempotentRequest(c), c.params['id'] ?? '', c.body['approver'] as string, c.req.correlationId),
    }),
    defineRoute({
      method: 'post', path: '/v1/refunds/:id/reject', operationId: 'rejectRefund', tag, auth: 'merchant', scope: 'refunds:write', idempotency: 'optional',
      summary: 'Reject a pending_approval refund (status failed, its amount refundable again).',
      body: APPROVER_BODY, responses: { 200: { description: 'The Refund', schema: { $ref: '#/components/schemas/Refund' } } }, errors: [409],
      handler: (c) => commands.reject(idempotentRequest(c), c.params['id'] ?? '', c.body['approver'] as string, c.body['reason'] as string | undefined, c.req.correlationId),
    }),
  ];
}
