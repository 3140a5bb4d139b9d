import { PayrailError } from '@payrail/core';
import { Router } from 'express';
import { pixStatus, type SimCharge } from '../books/charge';
import type { SimBooks } from '../books/simBooks';
import type { ChargeService } from '../charges/chargeService';
import { bodyValidator } from '../http/bodyValidator';

export const readPayBody = bodyValidator<Record<string, never>>({ type: 'object', additionalProperties: false, properties: {} }, 'dots');

/** A Pix charge as the admin routes show it: its BR Code, its state now, and its payment and returns. */
function pixView(charge: SimCharge): Record<string, unknown> {
  const pix = charge.pix;
  if (pix === null) throw new Error(`assertion failed: ${charge.reference} is not a Pix charge`);
  return {
    provider: charge.provider,
    charge: charge.reference,
    payment_intent: charge.payment_intent,
    txid: pix.txid,
    amount: charge.amount,
    currency: charge.currency,
    status: pixStatus(charge),
    data: pix.payload,
    expires_at: pix.expires_at,
    paid_at: charge.captured_at,
    paid_late: pix.paid_late,
    end_to_end_id: pix.end_to_end_id,
    amount_refunded: charge.amount_refunded,
    refunds: charge.refunds.map((refund) => ({ reference: refund.reference, amount: refund.amount, created_at: refund.created_at })),
  };
}

/**
 * The payer's side of Pix, for people and tests: `GET /admin/pix/{txid}` reads a charge, and
 * `POST /admin/pix/{txid}/pay` pays it as a payer's bank would (its webhook follows). An unknown txid
 * is a 404; a charge paid already, or expired (unless the late confirmation fault is on), a 409;
 * neither writes.
 */
export function pixRoutes({ books, charges }: { books: SimBooks; charges: ChargeService }): Router {
  const router = Router();

  router.get('/pix/:txid', (req, res) => {
    const charge = books.chargeOfTxid(req.params.txid);
    if (charge === undefined) throw new PayrailError('resource_missing', `No Pix charge with txid ${req.params.txid}.`, { param: 'txid' });
    res.json(pixView(charge));
  });

  router.post('/pix/:txid/pay', async (req, res) => {
    readPayBody(req.body);
    res.json(pixView(await charges.payPix(req.params.txid, 'admin', req.correlationId)));
  });

  return router;
}
