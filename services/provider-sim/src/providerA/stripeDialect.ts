import { stripeSignatureHeader } from '@payrail/core';
import type { SimCharge } from '../books/charge';
import type { ChargeChange, ProcessorDialect, WebhookDraft } from '../charges/processorDialect';
import { stripeStyleId } from '../charges/references';
import { stripeCharge, stripeDispute } from './stripeObjects';

/** The Stripe API version the events claim, so a receiver can tell the shape. */
const API_VERSION = '2024-06-20';

/** Which Stripe event a change causes. */
function eventType(change: ChargeChange, charge: SimCharge): string | null {
  switch (change) {
    // A Pix charge waits for its payer; its payment is a capture, told as charge.succeeded.
    case 'pix_created':
      return null;
    // An automatic capture is one charge.succeeded, sent once the charge is captured (captured: true).
    case 'authorized':
      return charge.capture_method === 'automatic' ? null : 'charge.succeeded';
    case 'declined':
      return 'charge.failed';
    case 'captured':
      return charge.capture_method === 'automatic' ? 'charge.succeeded' : 'charge.captured';
    case 'voided':
    case 'refunded':
      return 'charge.refunded';
    case 'dispute_opened':
      return 'charge.dispute.created';
    case 'dispute_closed':
      // Stripe closes a dispute once; a later turn (a reversal after a loss) shows in funds_reinstated.
      return charge.dispute?.verdicts === 1 ? 'charge.dispute.closed' : null;
    case 'dispute_funds_withdrawn':
      return 'charge.dispute.funds_withdrawn';
    case 'dispute_funds_reinstated':
      return 'charge.dispute.funds_reinstated';
  }
}

/**
 * providerA speaks Stripe: `ch_`/`re_`/`dp_`/`evt_`/`txn_` ids, events `{id, object:"event", type,
 * created, request, data:{object}}` whose object is the charge (or the dispute), signed per attempt
 * with `Stripe-Signature: t=<unix>,v1=<hex>`; any 2xx acknowledges. `request` is the API request that
 * caused the event (`{id, idempotency_key}`), null for what the processor did by itself (disputes).
 */
export function stripeDialect(webhookSecret: string): ProcessorDialect {
  return {
    provider: 'providerA',
    chargeReference: () => stripeStyleId('ch'),
    refundReference: () => stripeStyleId('re'),
    disputeReference: () => stripeStyleId('dp'),
    modificationReference: () => null,
    balanceTransactionReference: () => stripeStyleId('txn'),
    webhooks(change, charge, at, request): WebhookDraft[] {
      const type = eventType(change, charge);
      if (type === null) return [];
      const object = type.startsWith('charge.dispute.') ? stripeDispute(charge) : stripeCharge(charge);
      const id = stripeStyleId('evt');
      return [
        {
          id,
          event_type: type,
          payload: {
            id,
            object: 'event',
            api_version: API_VERSION,
            type,
            created: Math.floor(Date.parse(at) / 1000),
            livemode: false,
            pending_webhooks: 1,
            request,
            data: { object },
          },
        },
      ];
    },
    deliveryHeaders: (body, now_s) => ({
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks) PayRail provider-sim',
      'Stripe-Signature': stripeSignatureHeader(body, webhookSecret, now_s),
    }),
    acknowledged: (status) => status >= 200 && status < 300,
  };
}
