import { PAYEE_ID_PATTERN, type JsonSchema } from '@payrail/schemas';
import type { Escrow } from '@payrail/ledger';
import type { GatewayDeps } from '../common/deps';
import { AMOUNT_SCHEMA, CURRENCY_SCHEMA, LIST_QUERY_PROPERTIES, METADATA_SCHEMA, TOKEN_SCHEMA, paginate } from '../common/schemas';
import { defineRoute, type RouteSpec } from '../http/route';
import { idempotentRequest } from '../paymentIntents/paymentIntentRoutes';
import { EscrowCommands, type CreateEscrowInput } from './escrowCommands';

const PAYEE: JsonSchema = { type: 'string', pattern: PAYEE_ID_PATTERN, description: "the payee's id on your platform (letters, digits, _ . : -)", examples: ['seller_42'] };
const APPROVER: JsonSchema = { type: 'string', minLength: 1, maxLength: 100, description: 'who decided (recorded on the ledger event)' };
const UNIX: JsonSchema = { type: 'integer', minimum: 0, maximum: 32503680000, description: 'unix seconds' };
const STATUSES = ['awaiting_payment', 'in_custody', 'released', 'refunded', 'disputed', 'canceled'];

const CREATE_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['amount', 'currency', 'payees'],
  properties: {
    amount: AMOUNT_SCHEMA,
    currency: CURRENCY_SCHEMA,
    payees: {
      type: 'array', minItems: 1, maxItems: 10,
      description: "who is paid on release: sellers and at most one platform_fee, whose amounts sum to the escrow's amount",
      items: { type: 'object', additionalProperties: false, required: ['payee', 'role', 'amount'], properties: { payee: PAYEE, role: { type: 'string', enum: ['seller', 'platform_fee'] }, amount: AMOUNT_SCHEMA } },
    },
    payment_method: TOKEN_SCHEMA,
    payment_method_types: { type: 'array', minItems: 1, maxItems: 1, items: { type: 'string', enum: ['card', 'pix'] }, description: 'card (default) or pix (BRL): how the buyer pays the escrow\'s PaymentIntent' },
    release_at: { ...UNIX, description: 'release everything to the payees at this time (unless disputed)' },
    refund_deadline: { ...UNIX, description: 'refund what custody still holds at this time (default: ESCROW_REFUND_DEADLINE_MS after creation); an escrow never paid by then is canceled' },
    description: { type: 'string', maxLength: 1000 },
    metadata: METADATA_SCHEMA,
  },
};

const RELEASE_BODY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['approver'],
  properties: {
    approver: APPROVER,
    payees: {
      type: 'array', minItems: 1, maxItems: 10, description: 'a partial release: these payees, these amounts (default: everything left, to everyone)',
      items: { type: 'object', additionalProperties: false, required: ['payee', 'amount'], properties: { payee: PAYEE, amount: AMOUNT_SCHEMA } },
    },
  },
};

const ESCROW_RESPONSE = { 200: { description: 'The Escrow', schema: { $ref: '#/components/schemas/Escrow' } } };

export function escrowRoutes(deps: GatewayDeps): RouteSpec[] {
  const commands = new EscrowCommands(deps);
  const tag = 'Escrows';
  const id = (params: Record<string, string>): string => params['id'] ?? '';
  return [
    defineRoute({
      method: 'post', path: '/v1/escrows', operationId: 'createEscrow', tag, auth: 'merchant', scope: 'payments:write', idempotency: 'required',
      summary: "Create an escrow and its PaymentIntent (one commit): confirm the PaymentIntent to pay it; once captured, custody holds it for the payees.",
      body: CREATE_BODY,
      example: { amount: 10000, currency: 'brl', payees: [{ payee: 'seller_42', role: 'seller', amount: 9000 }, { payee: 'platform', role: 'platform_fee', amount: 1000 }], metadata: { order: '1001' } },
      responses: ESCROW_RESPONSE, errors: [503],
      handler: (c) => commands.create(idempotentRequest(c), c.body as unknown as CreateEscrowInput, c.req.correlationId),
    }),
    defineRoute({
      method: 'get', path: '/v1/escrows', operationId: 'listEscrows', tag, auth: 'merchant', scope: 'read',
      summary: 'List escrows, newest first.',
      query: { type: 'object', additionalProperties: false, properties: { ...LIST_QUERY_PROPERTIES, status: { type: 'string', enum: STATUSES }, payment_intent: { type: 'string', maxLength: 64 } } },
      responses: { 200: { description: 'A list of escrows', schema: { $ref: '#/components/schemas/EscrowList' } } },
      handler: async (c) => {
        await deps.ledger.catchUp();
        const all = deps.ledger.state.escrows.byMerchant.get(c.merchant.id) ?? [];
        const matches = [...all].reverse().filter((escrow: Escrow) =>
          (c.query['status'] === undefined || escrow.status === c.query['status']) && (c.query['payment_intent'] === undefined || escrow.payment_intent === c.query['payment_intent']));
        return { body: paginate(matches, c.query, '/v1/escrows') };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/escrows/:id', operationId: 'retrieveEscrow', tag, auth: 'merchant', scope: 'read', summary: 'Retrieve an escrow.', responses: ESCROW_RESPONSE,
      handler: async (c) => {
        await deps.ledger.catchUp();
        return { body: commands.find(c.merchant.id, id(c.params)) };
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/escrows/:id/release', operationId: 'releaseEscrow', tag, auth: 'merchant', scope: 'payments:write', idempotency: 'optional',
      summary: 'Release custody to the payees: all of it, or part per payee (escrow.partially_released). Frozen while disputed.',
      body: RELEASE_BODY, example: { approver: 'ops@example.com', payees: [{ payee: 'seller_42', amount: 3000 }] },
      responses: ESCROW_RESPONSE, errors: [409],
      handler: (c) => commands.release(idempotentRequest(c), id(c.params), c.body['approver'] as string, c.body['payees'] as Array<{ payee: string; amount: number }> | undefined, c.req.correlationId),
    }),
    defineRoute({
      method: 'post', path: '/v1/escrows/:id/refund', operationId: 'refundEscrow', tag, auth: 'merchant', scope: 'refunds:write', idempotency: 'optional',
      summary: 'Refund the buyer what custody still holds (a refund of the PaymentIntent, sent to its processor); released money stays with the payees.',
      body: { type: 'object', additionalProperties: false, required: ['approver'], properties: { approver: APPROVER, reason: { type: 'string', maxLength: 500 } } },
      example: { approver: 'ops@example.com', reason: 'item never shipped' },
      responses: ESCROW_RESPONSE, errors: [409],
      handler: (c) => commands.refund(idempotentRequest(c), id(c.params), c.body['approver'] as string, c.body['reason'] as string | undefined, c.req.correlationId),
    }),
    defineRoute({
      method: 'post', path: '/v1/escrows/:id/dispute', operationId: 'disputeEscrow', tag, auth: 'merchant', scope: 'payments:write', idempotency: 'optional',
      summary: "Open a buyer's claim on your platform: release is frozen until it is resolved.",
      body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } } },
      example: { reason: 'item not as described' },
      responses: ESCROW_RESPONSE, errors: [409],
      handler: (c) => commands.dispute(idempotentRequest(c), id(c.params), c.body['reason'] as string, c.req.correlationId),
    }),
    defineRoute({
      method: 'post', path: '/v1/escrows/:id/resolve', operationId: 'resolveEscrow', tag, auth: 'merchant', scope: 'payments:write', idempotency: 'optional',
      summary: 'End a dispute: release what custody holds to the payees, or refund it to the buyer (refused while a card dispute is undecided at the processor).',
      body: { type: 'object', additionalProperties: false, required: ['approver', 'outcome'], properties: { approver: APPROVER, outcome: { type: 'string', enum: ['release', 'refund'] } } },
      example: { approver: 'ops@example.com', outcome: 'refund' },
      responses: ESCROW_RESPONSE, errors: [409],
      handler: (c) => commands.resolve(idempotentRequest(c), id(c.params), c.body['approver'] as string, c.body['outcome'] as 'release' | 'refund', c.req.correlationId),
    }),
    defineRoute({
      method: 'post', path: '/v1/escrows/:id/cancel', operationId: 'cancelEscrow', tag, auth: 'merchant', scope: 'payments:write', idempotency: 'optional',
      summary: 'Cancel an escrow nobody has paid (its PaymentIntent is canceled with it).',
      body: { type: 'object', additionalProperties: false, properties: {} }, example: {},
      responses: ESCROW_RESPONSE, errors: [409],
      handler: (c) => commands.cancel(idempotentRequest(c), id(c.params), c.req.correlationId),
    }),
  ];
}
