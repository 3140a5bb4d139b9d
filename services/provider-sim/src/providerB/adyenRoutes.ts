import { PayrailError } from '@payrail/core';
import { Router } from 'express';
import type { SimBooks } from '../books/simBooks';
import { readCard, readMoney, readOptionalAmount } from '../charges/cardInput';
import type { ChargeService } from '../charges/chargeService';
import type { FaultInjector } from '../faults/faultInjector';
import { bodyValidator } from '../http/bodyValidator';
import { callContext, processorGate, readSimulatedOutcome, sendOutcome, type SimDelays } from '../http/processorCall';
import { adyenModificationResponse, adyenPayment, adyenPaymentResponse, adyenRefundResponse } from './adyenObjects';

const AMOUNT = {
  type: 'object',
  additionalProperties: false,
  required: ['value', 'currency'],
  properties: { value: { type: 'integer', examples: [1000] }, currency: { type: 'string', minLength: 3, maxLength: 3, examples: ['EUR'] } },
};
const MERCHANT_ACCOUNT = { type: 'string', minLength: 1, maxLength: 128 };
const MODIFICATION_REFERENCE = { type: 'string', maxLength: 128 };
const EXPIRY = { anyOf: [{ type: 'integer' }, { type: 'string', maxLength: 4 }] };

interface Amount {
  value: number;
  currency: string;
}

interface PaymentBody {
  amount: Amount;
  reference: string;
  merchantAccount: string;
  paymentMethod: { type: 'scheme'; number: string; expiryMonth: string | number; expiryYear: string | number; cvc?: string };
  captureDelayHours?: number;
}

export const readPaymentBody = bodyValidator<PaymentBody>(
  {
    type: 'object',
    additionalProperties: false,
    required: ['amount', 'reference', 'merchantAccount', 'paymentMethod'],
    properties: {
      amount: AMOUNT,
      reference: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$' },
      merchantAccount: MERCHANT_ACCOUNT,
      paymentMethod: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'number', 'expiryMonth', 'expiryYear'],
        properties: {
          type: { const: 'scheme' },
          number: { type: 'string', minLength: 1, maxLength: 32 },
          expiryMonth: EXPIRY,
          expiryYear: EXPIRY,
          cvc: { type: 'string', maxLength: 4 },
          holderName: { type: 'string', maxLength: 128 },
        },
      },
      captureDelayHours: { type: 'integer', minimum: 0, maximum: 168 },
      shopperReference: { type: 'string', maxLength: 256 },
      shopperInteraction: { type: 'string', enum: ['Ecommerce', 'ContAuth', 'Moto', 'POS'] },
      metadata: { type: 'object', maxProperties: 20, additionalProperties: { type: 'string', maxLength: 80 } },
    },
  },
  'dots',
);

const modification = (amountRequired: boolean) =>
  bodyValidator<{ amount?: Amount; reference?: string }>(
    {
      type: 'object',
      additionalProperties: false,
      required: amountRequired ? ['amount'] : [],
      properties: { amount: AMOUNT, merchantAccount: MERCHANT_ACCOUNT, reference: MODIFICATION_REFERENCE },
    },
    'dots',
  );

export const readCaptureBody = modification(true);
export const readCancelBody = modification(false);
export const readRefundBody = modification(false);

/** Reads an optional modification amount: its value, and its currency upper-cased. */
function readAmount(amount: Amount | undefined): { value: number | null; currency: string | null } {
  if (amount === undefined) return { value: null, currency: null };
  return { value: readOptionalAmount(amount.value, 'amount.value'), currency: amount.currency.toUpperCase() };
}

/**
 * providerB, Adyen-like, under `/providerB/v68`: payments (captureDelayHours 0 captures at once; absent
 * or above 0 waits for a capture, as the sim runs no delayed captures), captures, cancels, refunds
 * (each answered `received` with its own pspReference, the result following as a notification),
 * and status inquiries.
 */
export function adyenRoutes(deps: { charges: ChargeService; books: SimBooks; faults: FaultInjector; internalToken: string; delays: SimDelays }): Router {
  const { charges, books } = deps;
  const router = Router();
  router.use(processorGate('providerB', deps.faults, deps.internalToken));

  router.post('/payments', async (req, res) => {
    const body = readPaymentBody(req.body);
    const currency = readMoney(body.amount.value, body.amount.currency, { amount: 'amount.value', currency: 'amount.currency' });
    const method = body.paymentMethod;
    const reading = readCard(
      { number: method.number, exp_month: method.expiryMonth, exp_year: method.expiryYear, cvc: method.cvc },
      { number: 'paymentMethod.number', exp_month: 'paymentMethod.expiryMonth', exp_year: 'paymentMethod.expiryYear', cvc: 'paymentMethod.cvc' },
    );
    const outcome = await charges.authorize(
      {
        provider: 'providerB',
        payment_intent: body.reference,
        amount: body.amount.value,
        currency,
        ...reading,
        capture_method: body.captureDelayHours === 0 ? 'automatic' : 'manual',
        description: null,
        merchant_account: body.merchantAccount,
        simulated: readSimulatedOutcome(req),
      },
      callContext(req),
      (charge) => ({ status: 200, body: adyenPaymentResponse(charge) }),
    );
    await sendOutcome(res, outcome, deps.delays);
  });

  router.get('/payments', (req, res) => {
    const reference = req.query['reference'];
    if (typeof reference !== 'string' || reference === '') {
      throw new PayrailError('parameter_missing', 'List payments of one merchant reference: ?reference=pi_...', { param: 'reference' });
    }
    res.json({ data: books.chargesOf('providerB', reference).reverse().map(adyenPayment) });
  });

  router.get('/payments/:pspReference', (req, res) => {
    const charge = books.charge(req.params.pspReference);
    if (charge === undefined || charge.provider !== 'providerB') {
      throw new PayrailError('resource_missing', `No such payment: ${req.params.pspReference}.`, { param: 'pspReference' });
    }
    res.json(adyenPayment(charge));
  });

  router.post('/payments/:pspReference/captures', async (req, res) => {
    const body = readCaptureBody(req.body);
    const amount = readAmount(body.amount);
    const outcome = await charges.capture('providerB', req.params.pspReference, amount.value, amount.currency, callContext(req), (charge) => ({
      status: 201,
      body: adyenModificationResponse(charge, 'capture', body.reference),
    }));
    await sendOutcome(res, outcome, deps.delays);
  });

  router.post('/payments/:pspReference/cancels', async (req, res) => {
    const body = readCancelBody(req.body);
    const outcome = await charges.void('providerB', req.params.pspReference, callContext(req), (charge) => ({
      status: 201,
      body: adyenModificationResponse(charge, 'cancel', body.reference),
    }));
    await sendOutcome(res, outcome, deps.delays);
  });

  router.post('/payments/:pspReference/refunds', async (req, res) => {
    const body = readRefundBody(req.body);
    const amount = readAmount(body.amount);
    const outcome = await charges.refund('providerB', req.params.pspReference, amount.value, amount.currency, callContext(req), (charge, refund) => ({
      status: 201,
      body: adyenRefundResponse(charge, refund, body.reference),
    }));
    await sendOutcome(res, outcome, deps.delays);
  });

  return router;
}
