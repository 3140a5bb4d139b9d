import { AMOUNT_MINOR_MAX, canonicalJson, findPansInKey, hmacSha256, isSupportedCurrency, PayrailError, SUCCEEDING_TEST_CARD, validateCard } from '@payrail/core';
import type { JsonSchema } from '@payrail/schemas';
import { inputChecker, refuse } from '../http/checkInput';
import { WEBHOOK_ENVS, type WebhookEnv } from '../webhooks/webhookEnvs';
import type { EscrowPayee, OrderItem } from './orderRecords';

/** The test card that succeeds, for the examples in messages and docs (from the test-card table). */

/** The most items, and payees, one order may have. */
export const ORDER_ITEMS_MAX = 50;
export const ESCROW_PAYEES_MAX = 20;
/** Idempotency-Key: printable ASCII, as the gateway takes it. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Pix is Brazil's: only BRL. */
export const PIX_CURRENCY = 'BRL';

const minor: JsonSchema = { type: 'integer', minimum: 1, maximum: AMOUNT_MINOR_MAX, description: 'minor units (cents)' };

/** The body of `POST /orders`. */
export const ORDER_BODY_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['currency', 'payment'],
  properties: {
    env: { enum: [...WEBHOOK_ENVS], description: "the receiver environment (and its gateway account) the order's payment and webhooks belong to; default local" },
    items: {
      type: 'array', minItems: 1, maxItems: ORDER_ITEMS_MAX,
      items: { type: 'object', additionalProperties: false, required: ['name', 'unit_amount'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, quantity: { type: 'integer', minimum: 1, maximum: 1000 }, unit_amount: minor } },
      description: 'what is bought; the amount is their sum (quantity defaults to 1)',
    },
    amount: { ...minor, description: 'the amount in minor units, when no items are given (or their sum, checked)' },
    currency: { type: 'string', pattern: '^[A-Za-z]{3}$', description: 'ISO 4217; pix takes BRL only' },
    description: { type: 'string', minLength: 1, maxLength: 500 },
    payment: {
      type: 'object', additionalProperties: false, required: ['method'],
      properties: {
        method: { enum: ['card', 'pix'] },
        card: {
          type: 'object', additionalProperties: false, required: ['number'],
          properties: {
            number: { type: 'string', minLength: 12, maxLength: 23, description: `a test card number such as ${SUCCEEDING_TEST_CARD}; tokenized by the gateway, never stored` },
            exp_month: { type: 'integer', minimum: 1, maximum: 12, description: 'default 12' },
            exp_year: { type: 'integer', minimum: 2000, maximum: 2200, description: 'default three years from now' },
            cvc: { type: 'string', pattern: '^[0-9]{3,4}$' },
          },
        },
      },
    },
    escrow: {
      type: 'object', additionalProperties: false, required: ['payees'],
      description: "a marketplace order: the payment is held in escrow for these payees, whose amounts sum to the order's",
      properties: {
        payees: {
          type: 'array', minItems: 1, maxItems: ESCROW_PAYEES_MAX,
          items: { type: 'object', additionalProperties: false, required: ['payee', 'role', 'amount'], properties: { payee: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,64}$' }, role: { enum: ['seller', 'platform_fee'] }, amount: minor } },
        },
        release_at: { type: 'integer', minimum: 0, maximum: 32_503_680_000, description: 'unix seconds: released on that date' },
        refund_deadline: { type: 'integer', minimum: 0, maximum: 32_503_680_000, description: 'unix seconds: refunded if not released by then (gateway default: 30 days)' },
      },
    },
  },
};

const checkBody = inputChecker(ORDER_BODY_SCHEMA);

/** A checked order request: what is placed, and the card to tokenize (kept in memory only, never written). */
export interface OrderRequest {
  env: WebhookEnv;
  amount: number;
  currency: string;
  items?: OrderItem[];
  description?: string;
  payment_method: 'card' | 'pix';
  card?: { number: string; exp_month: number; exp_year: number; cvc?: string };
  escrow?: { payees: EscrowPayee[]; release_at?: number; refund_deadline?: number };
}

type Body = {
  env?: WebhookEnv;
  items?: Array<{ name: string; quantity?: number; unit_amount: number }>;
  amount?: number;
  currency: string;
  description?: string;
  payment: { method: 'card' | 'pix'; card?: { number: string; exp_month?: number; exp_year?: number; cvc?: string } };
  escrow?: { payees: EscrowPayee[]; release_at?: number; refund_deadline?: number };
};

/** Reads the Idempotency-Key a POST /orders must carry: a retry with it never places (or pays) twice. */
export function idempotencyKeyOf(header: string | undefined): string {
  if (header === undefined) throw new PayrailError('idempotency_key_missing', 'POST /orders needs an Idempotency-Key header (your order reference, say): a retry with the same key is the same order, paid once.', { param: 'Idempotency-Key' });
  if (!IDEMPOTENCY_KEY_PATTERN.test(header)) throw new PayrailError('parameter_invalid', 'Idempotency-Key must be 1 to 255 printable ASCII characters.', { param: 'Idempotency-Key' });
  if (findPansInKey(header).length > 0) throw new PayrailError('parameter_invalid', 'An Idempotency-Key must not contain a card number: it is stored.', { param: 'Idempotency-Key' });
  return header;
}

/**
 * Checks a POST /orders body: the schema, then what a schema cannot say (items or amount, their sum,
 * the currency, a card that passes the brand, Luhn and expiry checks, Pix in BRL only, payees that
 * sum to the amount). Throws the first problem as a 4xx naming the field; nothing has been written.
 */
export function parseOrderRequest(body: unknown, now = new Date()): OrderRequest {
  refuse(checkBody(body));
  const given = body as Body;
  const currency = given.currency.toUpperCase();
  if (!isSupportedCurrency(currency)) throw new PayrailError('parameter_invalid', `currency: ${currency} is not a currency PayRail accepts.`, { param: 'currency' });
  const items = given.items?.map((item) => ({ name: item.name, quantity: item.quantity ?? 1, unit_amount: item.unit_amount }));
  const sum = items?.reduce((total, item) => total + item.quantity * item.unit_amount, 0);
  if (sum === undefined && given.amount === undefined) throw new PayrailError('parameter_missing', 'Give items (the amount is their sum) or an amount.', { param: 'amount' });
  if (sum !== undefined && sum > AMOUNT_MINOR_MAX) throw new PayrailError('parameter_invalid', `items: their sum is above ${AMOUNT_MINOR_MAX} minor units.`, { param: 'items' });
  if (sum !== undefined && given.amount !== undefined && sum !== given.amount) throw new PayrailError('parameter_invalid', `amount: ${given.amount} is not the sum of the items (${sum}); leave it out or make them agree.`, { param: 'amount' });
  const amount = (sum ?? given.amount) as number;

  const method = given.payment.method;
  let card: OrderRequest['card'];
  if (method === 'card') {
    const input = given.payment.card;
    if (input === undefined) throw new PayrailError('parameter_missing', `payment.card is required for a card payment: {"number": "${SUCCEEDING_TEST_CARD}"}.`, { param: 'payment' });
    const exp_month = input.exp_month ?? 12;
    const exp_year = input.exp_year ?? now.getUTCFullYear() + 3;
    const checked = validateCard({ pan: input.number, exp_month, exp_year, ...(input.cvc === undefined ? {} : { cvv: input.cvc }) }, now);
    if (!checked.ok) throw new PayrailError(checked.code, checked.message, { param: 'payment' });
    card = { number: input.number.replace(/[\s-]/g, ''), exp_month, exp_year, ...(input.cvc === undefined ? {} : { cvc: input.cvc }) };
  } else {
    if (given.payment.card !== undefined) throw new PayrailError('parameter_unknown', 'payment.card is for card payments; a Pix payment takes no card.', { param: 'payment' });
    if (currency !== PIX_CURRENCY) throw new PayrailError('parameter_invalid', `currency: Pix payments are in ${PIX_CURRENCY} only, not ${currency}.`, { param: 'currency' });
  }

  if (given.escrow !== undefined) {
    const payees = given.escrow.payees;
    const names = new Set(payees.map((payee) => payee.payee));
    const split = payees.reduce((total, payee) => total + payee.amount, 0);
    if (names.size !== payees.length || split !== amount) {
      throw new PayrailError('escrow_split_invalid', `escrow.payees: ${names.size !== payees.length ? 'each payee may appear once' : `their amounts sum to ${split}, not to the order's ${amount}`}.`, { param: 'escrow' });
    }
  }
  return {
    env: given.env ?? 'local',
    amount,
    currency,
    ...(items === undefined ? {} : { items }),
    ...(given.description === undefined ? {} : { description: given.description }),
    payment_method: method,
    ...(card === undefined ? {} : { card }),
    ...(given.escrow === undefined ? {} : { escrow: given.escrow }),
  };
}

/**
 * The fingerprint a retry is compared by: HMAC-SHA256 of the canonical body under a key derived from
 * MERCHANT_SIM_SECRET_KEY, so the card number in the body can be compared without being kept (a
 * plain hash of a card number can be reversed by trying every number).
 */
export function orderRequestHash(secretKey: string, body: unknown): string {
  const key = hmacSha256(secretKey, 'merchant-sim order request hash v1');
  return hmacSha256(key, canonicalJson(body)).toString('hex');
}
