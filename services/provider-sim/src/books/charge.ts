import { assert, type ProcessorDeclineCode, type ProcessorName } from '@payrail/core';
import type { JournalEvent } from '@payrail/journal';
import { BOOK_EVENTS } from './bookStreams';

/** What the books keep of a card: never the number, only what a receipt shows. */
export interface CardSummary {
  brand: string;
  bin: string;
  last4: string;
}

/** `pending`: a Pix charge not paid yet (it may have expired: see `pixStatus`). */
export type ChargeStatus = 'pending' | 'authorized' | 'captured' | 'voided' | 'declined';
export type CaptureMethod = 'automatic' | 'manual';

export interface SimRefund {
  reference: string;
  amount: number;
  created_at: string;
}

/** One movement of a dispute's funds: withdrawn from the merchant, or reinstated. */
export interface SimDisputeMovement {
  direction: 'withdrawn' | 'reinstated';
  amount: number;
  at: string;
  /** Stripe's balance transaction of the movement (`txn_...`); null for providerB. */
  balance_transaction: string | null;
}

export interface SimDispute {
  id: string;
  amount: number;
  reason: string;
  /** The verdict so far; it can turn (a reversal after a loss, a second chargeback after a win). */
  status: 'needs_response' | 'won' | 'lost';
  opened_at: string;
  closed_at: string | null;
  /** How many verdicts were given (the first one is Stripe's `charge.dispute.closed`). */
  verdicts: number;
  movements: SimDisputeMovement[];
}

/** Whether the disputed funds are withdrawn from the merchant right now. */
export const disputeFundsWithdrawn = (dispute: SimDispute): boolean => dispute.movements.at(-1)?.direction === 'withdrawn';

/** How long after its payment a Pix payment can be returned (devolução): 90 days, per Bacen's rules. */
export const PIX_REFUND_WINDOW_MS = 90 * 86_400_000;

/** What the books keep of a Pix charge (cobrança imediata). */
export interface SimPix {
  /** The charge's Pix id: 26 to 35 letters and digits. */
  txid: string;
  /** The BR Code "copia e cola" payload (dynamic, one payment). */
  payload: string;
  expires_at: string;
  /** The payment's end-to-end id in Pix, once paid. */
  end_to_end_id: string | null;
  /** Paid after `expires_at` (the late confirmation fault). */
  paid_late: boolean;
}

/** A Pix charge's state now: pending, paid (its money captured), or expired unpaid. */
export function pixStatus(charge: SimCharge, now_ms = Date.now()): 'pending' | 'paid' | 'expired' {
  if (charge.status === 'captured') return 'paid';
  return charge.pix !== null && Date.parse(charge.pix.expires_at) <= now_ms ? 'expired' : 'pending';
}

/** Whether a paid Pix charge can still be returned (devolução): within 90 days of its payment. */
export const pixRefundWindowOpen = (charge: SimCharge, now_ms = Date.now()): boolean =>
  charge.captured_at !== null && now_ms - Date.parse(charge.captured_at) <= PIX_REFUND_WINDOW_MS;

/**
 * One payment as a processor's books know it (a Stripe charge, an Adyen payment), built from the
 * events about it by `nextCharge`. Amounts are minor units; currency is upper-case ISO 4217.
 */
export interface SimCharge {
  provider: ProcessorName;
  /** `ch_...` (providerA) or the payment's pspReference (providerB). */
  reference: string;
  payment_intent: string;
  amount: number;
  currency: string;
  /** The card of a card payment; null for Pix. */
  card: CardSummary | null;
  /** The Pix charge of a Pix payment; null for a card. */
  pix: SimPix | null;
  capture_method: CaptureMethod;
  /** The test card's behaviour; null for a declined charge. */
  card_behaviour: 'succeeds' | 'succeeds_then_disputed' | 'times_out' | null;
  status: ChargeStatus;
  decline_code: ProcessorDeclineCode | null;
  injected_fault: 'timeout' | 'decline' | null;
  description: string | null;
  merchant_account: string | null;
  created_at: string;
  amount_captured: number;
  captured_at: string | null;
  capture_reference: string | null;
  /** Stripe's balance transaction of the capture (`txn_...`, where its fee is); null for providerB. */
  balance_transaction: string | null;
  voided_at: string | null;
  void_reference: string | null;
  refunds: SimRefund[];
  amount_refunded: number;
  dispute: SimDispute | null;
}

const CHARGE_EVENT_TYPES: ReadonlySet<string> = new Set([
  BOOK_EVENTS.chargeAuthorized,
  BOOK_EVENTS.chargeDeclined,
  BOOK_EVENTS.pixChargeCreated,
  BOOK_EVENTS.pixChargePaid,
  BOOK_EVENTS.chargeCaptured,
  BOOK_EVENTS.chargeVoided,
  BOOK_EVENTS.refundSucceeded,
  BOOK_EVENTS.disputeOpened,
  BOOK_EVENTS.disputeClosed,
  BOOK_EVENTS.disputeFundsMoved,
]);

/** The charge an event is about, or null when the event is not about a charge. */
export function chargeReferenceOf(event: Pick<JournalEvent, 'type' | 'ref' | 'data'>): string | null {
  if (!CHARGE_EVENT_TYPES.has(event.type)) return null;
  const charge = event.data['charge'];
  return typeof charge === 'string' ? charge : event.ref;
}

type Data = Record<string, unknown>;
const str = (data: Data, key: string): string => data[key] as string;
const num = (data: Data, key: string): number => data[key] as number;
const optional = (data: Data, key: string): string | null => (typeof data[key] === 'string' ? (data[key] as string) : null);

/**
 * The state of a charge after `event` (already validated against its schema). The books replay
 * events through it, and commands run it on the events they stage, so the answer they give is the
 * state the books will hold.
 */
export function nextCharge(current: SimCharge | undefined, event: Pick<JournalEvent, 'type' | 'ref' | 'data' | 'timestamp'>): SimCharge {
  const data = event.data;
  if (event.type === BOOK_EVENTS.pixChargeCreated) {
    assert(current === undefined, `charge ${event.ref} is created twice`);
    return {
      ...newCharge(event),
      card: null,
      pix: { txid: str(data, 'txid'), payload: str(data, 'payload'), expires_at: str(data, 'expires_at'), end_to_end_id: null, paid_late: false },
      capture_method: 'automatic',
      card_behaviour: null,
      status: 'pending',
      injected_fault: null,
    };
  }
  if (event.type === BOOK_EVENTS.chargeAuthorized || event.type === BOOK_EVENTS.chargeDeclined) {
    assert(current === undefined, `charge ${event.ref} is created twice`);
    const declined = event.type === BOOK_EVENTS.chargeDeclined;
    return {
      ...newCharge(event),
      card: data['card'] as CardSummary,
      pix: null,
      capture_method: declined ? 'manual' : (data['capture_method'] as CaptureMethod),
      card_behaviour: declined ? null : (data['card_behaviour'] as SimCharge['card_behaviour']),
      status: declined ? 'declined' : 'authorized',
      decline_code: declined ? (data['decline_code'] as ProcessorDeclineCode) : null,
      injected_fault: (data['injected_fault'] as SimCharge['injected_fault']) ?? null,
    };
  }
  assert(current !== undefined, `${event.type} for unknown charge ${chargeReferenceOf(event) ?? event.ref}`);
  switch (event.type) {
    case BOOK_EVENTS.chargeCaptured:
      return {
        ...current,
        status: 'captured',
        amount_captured: num(data, 'amount'),
        captured_at: event.timestamp,
        capture_reference: optional(data, 'capture_reference'),
        balance_transaction: optional(data, 'balance_transaction'),
      };
    case BOOK_EVENTS.pixChargePaid:
      assert(current.pix !== null && current.status === 'pending', `pix payment for ${current.reference}, which is no pending Pix charge`);
      return {
        ...current,
        status: 'captured',
        amount_captured: num(data, 'amount'),
        captured_at: event.timestamp,
        balance_transaction: optional(data, 'balance_transaction'),
        pix: { ...current.pix, end_to_end_id: str(data, 'end_to_end_id'), paid_late: data['late'] === true },
      };
    case BOOK_EVENTS.chargeVoided:
      return { ...current, status: 'voided', voided_at: event.timestamp, void_reference: optional(data, 'void_reference') };
    case BOOK_EVENTS.refundSucceeded: {
      const refund: SimRefund = { reference: event.ref, amount: num(data, 'amount'), created_at: event.timestamp };
      return { ...current, refunds: [...current.refunds, refund], amount_refunded: current.amount_refunded + refund.amount };
    }
    case BOOK_EVENTS.disputeOpened:
      return {
        ...current,
        dispute: { id: event.ref, amount: num(data, 'amount'), reason: str(data, 'reason'), status: 'needs_response', opened_at: event.timestamp, closed_at: null, verdicts: 0, movements: [] },
      };
    case BOOK_EVENTS.disputeClosed:
      assert(current.dispute !== null, `dispute closed on ${current.reference}, which has none`);
      return { ...current, dispute: { ...current.dispute, status: data['outcome'] as 'won' | 'lost', closed_at: event.timestamp, verdicts: current.dispute.verdicts + 1 } };
    case BOOK_EVENTS.disputeFundsMoved: {
      assert(current.dispute !== null, `dispute funds moved on ${current.reference}, which has none`);
      const movement: SimDisputeMovement = { direction: data['direction'] as SimDisputeMovement['direction'], amount: num(data, 'amount'), at: event.timestamp, balance_transaction: optional(data, 'balance_transaction') };
      return { ...current, dispute: { ...current.dispute, movements: [...current.dispute.movements, movement] } };
    }
    default:
      throw new Error(`assertion failed: ${event.type} is not a charge event`);
  }
}

/** What every new charge starts with, card or Pix. */
function newCharge(event: Pick<JournalEvent, 'ref' | 'data' | 'timestamp'>): Omit<SimCharge, 'card' | 'pix' | 'capture_method' | 'card_behaviour' | 'status' | 'injected_fault'> {
  const data = event.data;
  return {
    provider: data['provider'] as ProcessorName,
    reference: event.ref,
    payment_intent: str(data, 'payment_intent'),
    amount: num(data, 'amount'),
    currency: str(data, 'currency'),
    decline_code: null,
    description: optional(data, 'description'),
    merchant_account: optional(data, 'merchant_account'),
    created_at: event.timestamp,
    amount_captured: 0,
    captured_at: null,
    capture_reference: null,
    balance_transaction: null,
    voided_at: null,
    void_reference: null,
    refunds: [],
    amount_refunded: 0,
    dispute: null,
  };
}

/** What may still be refunded: captured, less refunds. */
export const refundableAmount = (charge: SimCharge): number => (charge.status === 'captured' ? charge.amount_captured - charge.amount_refunded : 0);
