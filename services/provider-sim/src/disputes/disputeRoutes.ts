import { isProcessorName, PayrailError, PROCESSORS } from '@payrail/core';
import { Router } from 'express';
import type { SimCharge } from '../books/charge';
import type { SimBooks } from '../books/simBooks';
import type { ChargeService, DisputeOutcome } from '../charges/chargeService';
import { bodyValidator } from '../http/bodyValidator';

export const readOpenBody = bodyValidator<{ provider: string; reference: string }>(
  {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'reference'],
    properties: { provider: { type: 'string', enum: [...PROCESSORS] }, reference: { type: 'string', minLength: 1, maxLength: 128 } },
  },
  'dots',
);

export const readResolveBody = bodyValidator<{ outcome: DisputeOutcome }>(
  { type: 'object', additionalProperties: false, required: ['outcome'], properties: { outcome: { type: 'string', enum: ['won', 'lost', 'reversed_after_loss'] } } },
  'dots',
);

const disputeView = (charge: SimCharge): Record<string, unknown> => ({
  provider: charge.provider,
  charge: charge.reference,
  payment_intent: charge.payment_intent,
  dispute: charge.dispute,
});

/**
 * Admin control of disputes: `POST /admin/disputes {provider, reference}` opens one on any captured
 * payment (reference: the charge id / pspReference, or the payment intent id);
 * `POST /admin/disputes/{reference}/resolve {outcome}` (reference: the charge's or the dispute's)
 * gives it an outcome, `won`, `lost` or `reversed_after_loss`, with the webhooks the processor sends
 * for it (see ChargeService.closeDispute). A body that is not one of those is a 400 and an unknown
 * reference a 404; an outcome the dispute's state does not allow is a 409; none of them writes.
 */
export function disputeRoutes({ books, charges }: { books: SimBooks; charges: ChargeService }): Router {
  const router = Router();

  router.post('/disputes', async (req, res) => {
    const body = readOpenBody(req.body);
    if (!isProcessorName(body.provider)) throw new PayrailError('parameter_invalid', undefined, { param: 'provider' });
    const provider = body.provider;
    const byIntent = books.chargesOf(provider, body.reference).find((charge) => charge.status === 'captured');
    const reference = byIntent?.reference ?? body.reference;
    const charge = await charges.openDispute(provider, reference, 'admin', req.correlationId);
    res.status(201).json(disputeView(charge));
  });

  router.post('/disputes/:reference/resolve', async (req, res) => {
    const { outcome } = readResolveBody(req.body);
    const charge = await charges.closeDispute(req.params.reference, outcome, 'admin', req.correlationId);
    res.json(disputeView(charge));
  });

  return router;
}
