import { PayrailError } from '@payrail/core';
import { Router } from 'express';
import type { SimBooks } from '../books/simBooks';
import { readCard, readMoney, readOptionalAmount } from '../charges/cardInput';
import type { ChargeService, Rendered } from '../charges/chargeService';
import type { FaultInjector } from '../faults/faultInjector';
import { bodyValidator } from '../http/bodyValidator';
import { callContext, processorGate, readSimulatedOutcome, sendOutcome, type SimDelays } from '../http/processorCall';
import type { SimCharge } from '../books/charge';
import { stripeBalanceTransaction, stripeCharge, stripeDeclineError, stripeRefund } from './stripeObjects';

const REFERENCE = { type: 'string', minLength: 1, maxLength: 64 };
const PAYMENT_INTENT = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$' };
const EXPIRY = { anyOf: [{ type: 'integer' }, { type: 'string', maxLength: 4 }] };

interface ChargeBody {
  amount: number;
  currency: string;
  card: { number: string; exp_month: number | string; exp_year: number | string; cvc?: string };
  capture?: boolean;
  metadata: { payment_intent: string };
  description?: string;
}

export const readChargeBody = bodyValidator<ChargeBody>(
  {
    type: 'object',
    additionalProperties: false,
    required: ['amount', 'currency', 'card', 'metadata'],
    properties: {
      amount: { type: 'integer' },
      currency: { type: 'string', minLength: 3, maxLength: 3, examples: ['usd'] },
      card: {
        type: 'object',
        additionalProperties: false,
        required: ['number', 'exp_month', 'exp_year'],
        properties: { number: { type: 'string', minLength: 1, maxLength: 32 }, exp_month: EXPIRY, exp_year: EXPIRY, cvc: { type: 'string', maxLength: 4 } },
      },
      capture: { type: 'boolean' },
      metadata: {
        type: 'object',
        required: ['payment_intent'],
        maxProperties: 50,
        properties: { payment_intent: PAYMENT_INTENT },
        additionalProperties: { type: 'string', maxLength: 500 },
      },
      description: { type: 'string', maxLength: 1000 },
      statement_descriptor: { type: 'string', maxLength: 22 },
    },
  },
  'brackets',
);

/** Stripe's bounds of a Pix expiry are 10 s to 14 days; the sandbox allows 1 s, for tests of expiry. */
const PIX_EXPIRES_AFTER_S_MAX = 1_209_600;

export const readPixChargeBody = bodyValidator<{ amount: number; currency: string; expires_after_seconds: number; metadata: { payment_intent: string }; description?: string }>(
  {
    type: 'object',
    additionalProperties: false,
    required: ['amount', 'currency', 'expires_after_seconds', 'metadata'],
    properties: {
      amount: { type: 'integer' },
      currency: { type: 'string', minLength: 3, maxLength: 3, examples: ['brl'] },
      expires_after_seconds: { type: 'integer', minimum: 1, maximum: PIX_EXPIRES_AFTER_S_MAX, examples: [3600] },
      metadata: {
        type: 'object',
        required: ['payment_intent'],
        maxProperties: 50,
        properties: { payment_intent: PAYMENT_INTENT },
        additionalProperties: { type: 'string', maxLength: 500 },
      },
      description: { type: 'string', maxLength: 1000 },
    },
  },
  'brackets',
);

export const readCaptureBody = bodyValidator<{ amount?: number }>(
  { type: 'object', additionalProperties: false, properties: { amount: { type: 'integer' } } },
  'brackets',
);

export const readCancelBody = bodyValidator<Record<string, never>>(
  { type: 'object', additionalProperties: false, properties: { cancellation_reason: { type: 'string', maxLength: 64 } } },
  'brackets',
);

export const readRefundBody = bodyValidator<{ charge: string; amount?: number }>(
  {
    type: 'object',
    additionalProperties: false,
    required: ['charge'],
    properties: {
      charge: REFERENCE,
      amount: { type: 'integer' },
      reason: { type: 'string', enum: ['duplicate', 'fraudulent', 'requested_by_customer'] },
      metadata: { type: 'object', maxProperties: 50, additionalProperties: { type: 'string', maxLength: 500 } },
    },
  },
  'brackets',
);

const chargeAnswer = (charge: SimCharge): Rendered =>
  charge.status === 'declined' ? { status: 402, body: stripeDeclineError(charge) } : { status: 200, body: stripeCharge(charge) };

/**
 * providerA, Stripe-like, under `/providerA/v1`: charges (authorize with `capture: false`, or
 * authorize and capture), Pix charges (pending until paid), partial capture, cancel (void), refunds, status inquiries, and balance
 * transactions (the fee and net of a capture, a dispute's withdrawal or reinstatement).
 */
export function stripeRoutes(deps: { charges: ChargeService; books: SimBooks; faults: FaultInjector; internalToken: string; delays: SimDelays }): Router {
  const { charges, books } = deps;
  const router = Router();
  router.use(processorGate('providerA', deps.faults, deps.internalToken));

  router.post('/charges', async (req, res) => {
    const body = readChargeBody(req.body);
    const currency = readMoney(body.amount, body.currency, { amount: 'amount', currency: 'currency' });
    const reading = readCard(
      { number: body.card.number, exp_month: body.card.exp_month, exp_year: body.card.exp_year, cvc: body.card.cvc },
      { number: 'card[number]', exp_month: 'card[exp_month]', exp_year: 'card[exp_year]', cvc: 'card[cvc]' },
    );
    const outcome = await charges.authorize(
      {
        provider: 'providerA',
        payment_intent: body.metadata.payment_intent,
        amount: body.amount,
        currency,
        ...reading,
        capture_method: body.capture === false ? 'manual' : 'automatic',
        description: body.description ?? null,
        merchant_account: null,
        simulated: readSimulatedOutcome(req),
      },
      callContext(req),
      chargeAnswer,
    );
    await sendOutcome(res, outcome, deps.delays);
  });

  // A Pix charge: pending until its payer pays the BR Code in `pix.data` (then charge.succeeded).
  router.post('/pix/charges', async (req, res) => {
    const body = readPixChargeBody(req.body);
    const currency = readMoney(body.amount, body.currency, { amount: 'amount', currency: 'currency' });
    if (currency !== 'BRL') throw new PayrailError('currency_unsupported', 'Pix charges are in Brazilian reais only: currency brl.', { param: 'currency' });
    const outcome = await charges.createPix(
      { payment_intent: body.metadata.payment_intent, amount: body.amount, expires_after_s: body.expires_after_seconds, description: body.description ?? null },
      callContext(req),
      (charge) => ({ status: 200, body: stripeCharge(charge) }),
    );
    await sendOutcome(res, outcome, deps.delays);
  });

  router.get('/charges', (req, res) => {
    const paymentIntent = req.query['payment_intent'];
    if (typeof paymentIntent !== 'string' || paymentIntent === '') {
      throw new PayrailError('parameter_missing', 'List charges of one payment intent: ?payment_intent=pi_...', { param: 'payment_intent' });
    }
    const data = books.chargesOf('providerA', paymentIntent).reverse().map(stripeCharge);
    res.json({ object: 'list', data, has_more: false, url: '/providerA/v1/charges' });
  });

  router.get('/charges/:id', (req, res) => {
    const charge = books.charge(req.params.id);
    if (charge === undefined || charge.provider !== 'providerA') throw new PayrailError('resource_missing', `No such charge: ${req.params.id}.`, { param: 'id' });
    res.json(stripeCharge(charge));
  });

  router.get('/balance_transactions/:id', (req, res) => {
    const charge = books.chargeOfBalanceTransaction(req.params.id);
    const transaction = charge === undefined || charge.provider !== 'providerA' ? null : stripeBalanceTransaction(charge, req.params.id);
    if (transaction === null) throw new PayrailError('resource_missing', `No such balance transaction: ${req.params.id}.`, { param: 'id' });
    res.json(transaction);
  });

  router.post('/charges/:id/capture', async (req, res) => {
    const amount = readOptionalAmount(readCaptureBody(req.body).amount, 'amount');
    const outcome = await charges.capture('providerA', req.params.id, amount, null, callContext(req), chargeAnswer);
    await sendOutcome(res, outcome, deps.delays);
  });

  router.post('/charges/:id/cancel', async (req, res) => {
    readCancelBody(req.body);
    const outcome = await charges.void('providerA', req.params.id, callContext(req), chargeAnswer);
    await sendOutcome(res, outcome, deps.delays);
  });

  router.post('/refunds', async (req, res) => {
    const body = readRefundBody(req.body);
    const amount = readOptionalAmount(body.amount, 'amount');
    const outcome = await charges.refund('providerA', body.charge, amount, null, callContext(req), (charge, refund) => ({ status: 200, body: stripeRefund(charge, refund) }));
    await sendOutcome(res, outcome, deps.delays);
  });

  return router;
}
