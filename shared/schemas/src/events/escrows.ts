import type { JsonSchema } from '../jsonSchema';

const ID = (prefix: string): JsonSchema => ({ type: 'string', pattern: `^${prefix}_[0-9a-z]{26}$` });
const amount: JsonSchema = { type: 'integer', minimum: 1 };
const currency: JsonSchema = { type: 'string', pattern: '^[A-Z]{3}$' };
const text = (max: number): JsonSchema => ({ type: 'string', maxLength: max });
const unix: JsonSchema = { type: 'integer', minimum: 0, maximum: 32503680000 };
const object = (required: string[], properties: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', additionalProperties: false, required, properties });

/** A payee's id on the merchant's platform: letters, digits and `_-.:` (it names a ledger account). */
export const PAYEE_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$';
const payee: JsonSchema = { type: 'string', pattern: PAYEE_ID_PATTERN };
const role: JsonSchema = { type: 'string', enum: ['seller', 'platform_fee'] };
const releases: JsonSchema = { type: 'array', minItems: 1, maxItems: 10, items: object(['payee', 'role', 'amount'], { payee, role, amount }) };
/** What started a transition: a person through the API, the escrow's own dates, or the card network. */
const trigger: JsonSchema = { type: 'string', enum: ['api', 'release_at', 'refund_deadline', 'dispute_resolution', 'chargeback'] };

/** Events of ledger/escrows.jsonl (under the ledger lock, with the payment streams). */
export const ESCROW_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  'escrow.created': object(['payment_intent', 'amount', 'currency', 'payees', 'refund_deadline'], {
    payment_intent: ID('pi'),
    amount,
    currency,
    payees: { type: 'array', minItems: 1, maxItems: 10, items: object(['payee', 'role', 'amount'], { payee, role, amount }) },
    release_at: { anyOf: [unix, { type: 'null' }] },
    refund_deadline: unix,
    description: { anyOf: [text(1000), { type: 'null' }] },
    metadata: { type: 'object', maxProperties: 50, additionalProperties: { type: 'string', maxLength: 500 } },
  }),
  // The escrow's payment was captured (same commit as payment_intent.captured): custody holds it.
  'escrow.funded': object(['payment_intent', 'amount'], { payment_intent: ID('pi'), amount }),
  'escrow.partially_released': object(['releases', 'approver', 'trigger'], { releases, approver: text(100), trigger }),
  'escrow.released': object(['releases', 'approver', 'trigger'], { releases, approver: text(100), trigger }),
  // What custody held goes back to the buyer: by the refund `refund` (null for a chargeback, which the network already paid back).
  'escrow.refunded': object(['amount', 'approver', 'trigger'], { amount, refund: { anyOf: [ID('re'), { type: 'null' }] }, approver: text(100), reason: text(500), trigger }),
  'escrow.disputed': object(['reason', 'source'], { reason: text(500), source: { type: 'string', enum: ['platform', 'processor'] }, dispute: { anyOf: [ID('dp'), { type: 'null' }] } }),
  'escrow.canceled': object(['reason'], { reason: { type: 'string', enum: ['requested', 'refund_deadline', 'payment_failed'] }, approver: text(100) }),
};
