import { ESCROW_EVENT_TYPES } from './escrows/escrowBook';

/**
 * The ledger event types a merchant sees (events API and webhooks). Others, such as
 * `payment_intent.authorization_requested`, are the gateway's own bookkeeping.
 */
export const MERCHANT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'payment_intent.created',
  'payment_intent.authorized',
  'payment_intent.pix_qr_code_issued',
  'payment_intent.captured',
  'payment_intent.declined',
  'payment_intent.reversed',
  'payment_intent.settled',
  'payment_intent.chargeback',
  'payment_intent.chargeback_reversed',
  'refund.created',
  'refund.approved',
  'refund.succeeded',
  'refund.failed',
  'dispute.opened',
  'dispute.evidence_submitted',
  'dispute.funds_withdrawn',
  'dispute.funds_reinstated',
  'dispute.won',
  'dispute.lost',
  ...ESCROW_EVENT_TYPES,
]);
