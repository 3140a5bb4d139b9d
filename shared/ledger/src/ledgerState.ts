import { ERROR_CATALOGUE, type SimulateScript } from '@payrail/core';
import type { JournalEvent } from '@payrail/journal';
import { EscrowBook } from './escrows/escrowBook';
import { unixSeconds, type CardSummary, type Dispute, type LedgerObject, type PaymentIntent, type PaymentMethodType, type ProcessorName, type Refund } from './model';

export const STREAMS = { payments: 'ledger/payments', refunds: 'ledger/refunds', disputes: 'ledger/disputes', escrows: 'ledger/escrows' } as const;
/** The one lock of the ledger streams: every writer of the ledger (any process) takes it. */
export const LEDGER_LOCK = 'ledger/.journal';
/** The streams of the webhook outbox (written by ledger-service's dispatcher, read by the gateway). */
export const OUTBOX_STREAMS = { deliveries: 'outbox/deliveries', dlq: 'outbox/dlq' } as const;
/** The merchant created on first start with DEMO_MERCHANT_API_KEY. */
export const DEMO_MERCHANT_ID = 'm_demo';
export type StreamName = (typeof STREAMS)[keyof typeof STREAMS];

/** The remembered result of an idempotent request: which event answered it, and the exact response. */
export interface IdempotencyRecord {
  merchant: string;
  key: string;
  request_hash: string;
  stream: string;
  event_id: string;
  /** The command started (a processor call in flight) and has no result yet. */
  pending: boolean;
  response: { status: number; body: string } | null;
  created_ms: number;
}

/** A Pix payment's charge at its processor (providerA): its BR Code, and whether it expired unpaid. */
export interface PixCharge {
  processor_reference: string;
  txid: string;
  /** The BR Code payload. */
  data: string;
  /** Unix seconds. */
  expires_at: number;
  /** Reversed with reason `expired`: a payment reported after this is a late one (captured, then refunded). */
  expired: boolean;
}

/** A capture or void sent to the processor whose result is not recorded yet (one at a time per payment). */
export interface InFlightModification {
  action: 'capture' | 'cancel';
  payment_intent: string;
  merchant: string;
  processor: ProcessorName;
  /** The amount sent for a capture. */
  amount: number | null;
  /** Sent as the processor's Idempotency-Key: a resend of this attempt can never act twice. */
  processor_idempotency_key: string;
  /** The idempotency of the request that started it: the event recording its result answers it. */
  idempotency: { key: string; request_hash: string } | null;
  requested_ms: number;
}

export interface StoredEvent {
  stream: string;
  event: JournalEvent;
}

type Data = Record<string, unknown>;

/**
 * The in-memory state of the ledger, built only by applying its events in order (at start-up, on
 * catch-up, and for this process's own commits). Every read of the API comes from here.
 */
export class LedgerState {
  readonly payments = new Map<string, PaymentIntent>();
  readonly paymentsByMerchant = new Map<string, PaymentIntent[]>();
  readonly refunds = new Map<string, Refund>();
  readonly refundsByPayment = new Map<string, Refund[]>();
  readonly refundsByMerchant = new Map<string, Refund[]>();
  readonly disputes = new Map<string, Dispute>();
  readonly disputesByMerchant = new Map<string, Dispute[]>();
  /** Every event touching a payment (its own, its refunds', its disputes'), in commit order. */
  readonly eventsByPayment = new Map<string, StoredEvent[]>();
  /** Hash of each line by seq, per stream: for chain checks of single events. */
  readonly hashes = new Map<string, string[]>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  /** The idempotency of a confirmation still in flight, by payment: its result event must carry it. */
  readonly pendingConfirmations = new Map<string, { key: string; request_hash: string } | null>();
  /** Captures and voids in flight at a processor, by payment. */
  readonly inFlight = new Map<string, InFlightModification>();
  /** The idempotency record of each refund in flight at a processor. */
  readonly pendingRefunds = new Map<string, string>();
  /** How many captures and voids each payment has sent: numbers the processor idempotency keys. */
  readonly modificationAttempts = new Map<string, number>();
  /** Causation ids of every event (e.g. `providerA:evt_...`): a processor webhook is applied once. */
  readonly causations = new Set<string>();
  /** When each card fingerprint was last sent for authorization (first attempts), newest last. */
  readonly authorizationsByCard = new Map<string, number[]>();
  /**
   * How far each dispute has gone at its processor (the `stage` its events carry: 0 opened, 1 funds
   * withdrawn, 2 reinstated, 3 withdrawn again...): a processor notice of an earlier stage is old news.
   */
  readonly disputeStages = new Map<string, number>();
  /** The escrows (`ledger/escrows.jsonl`) and the payments that fund them. */
  readonly escrows = new EscrowBook();
  /** The Pix charge of each Pix payment, kept after its `next_action` is gone (paid or expired). */
  readonly pixCharges = new Map<string, PixCharge>();

  clear(): void {
    this.escrows.clear();
    for (const map of [this.payments, this.paymentsByMerchant, this.refunds, this.refundsByPayment, this.refundsByMerchant, this.disputes, this.disputesByMerchant, this.eventsByPayment, this.hashes, this.idempotency, this.pendingConfirmations, this.inFlight, this.pendingRefunds, this.modificationAttempts, this.authorizationsByCard, this.disputeStages, this.pixCharges]) map.clear();
    this.causations.clear();
  }

  apply(stream: string, event: JournalEvent): void {
    if (event.causation_id !== undefined) this.causations.add(event.causation_id);
    const hashes = this.hashes.get(stream) ?? [];
    hashes[event.seq - 1] = event.hash;
    this.hashes.set(stream, hashes);
    const flight = this.inFlight.get(event.ref);
    const object = this.reduce(event);
    if (flight !== undefined && !this.inFlight.has(event.ref)) this.answerInFlight(flight, event, object);
    if (object !== null) {
      const paymentId = object.object === 'payment_intent' ? object.id : object.payment_intent;
      push(this.eventsByPayment, paymentId, { stream, event });
      object.updated = unixSeconds(event.timestamp);
    }
    if (object?.object === 'refund') {
      if (event.idempotency === undefined && (event.type === 'refund.succeeded' || event.type === 'refund.failed')) {
        // A refund the resolver finished: its result answers the request that sent it.
        const index = this.pendingRefunds.get(event.ref);
        const record = index === undefined ? undefined : this.idempotency.get(index);
        if (index !== undefined && record?.pending === true) this.idempotency.set(index, { ...record, event_id: event.event_id, pending: false, response: renderResponse(event, object) });
      }
      if (event.idempotency?.pending !== true) this.pendingRefunds.delete(event.ref);
    }
    if (event.idempotency !== undefined && event.merchant_id !== undefined) {
      const pending = event.idempotency.pending === true;
      if (pending && object?.object === 'refund') this.pendingRefunds.set(event.ref, idempotencyIndexKey(event.merchant_id, event.idempotency.key));
      this.idempotency.set(idempotencyIndexKey(event.merchant_id, event.idempotency.key), {
        merchant: event.merchant_id,
        key: event.idempotency.key,
        request_hash: event.idempotency.request_hash,
        stream,
        event_id: event.event_id,
        pending,
        response: pending || object === null ? null : renderResponse(event, object),
        created_ms: Date.parse(event.timestamp),
      });
    }
  }

  /**
   * A capture or void ended with `event`, recorded by whoever saw the result first (the request, a
   * processor webhook, the resolver, another gateway process). When the event does not carry the
   * request's idempotency itself, the request's pending record is answered here, so a replay of its
   * key gets the result: the payment when it did what was asked, the error a client would have got.
   */
  private answerInFlight(flight: InFlightModification, event: JournalEvent, object: LedgerObject | null): void {
    if (flight.idempotency === null || event.idempotency !== undefined || object?.object !== 'payment_intent') return;
    const index = idempotencyIndexKey(flight.merchant, flight.idempotency.key);
    const record = this.idempotency.get(index);
    if (record === undefined || !record.pending) return;
    const done = (flight.action === 'capture' && event.type === 'payment_intent.captured') || (flight.action === 'cancel' && event.type === 'payment_intent.reversed');
    this.idempotency.set(index, { ...record, event_id: event.event_id, pending: false, response: done ? renderResponse(event, object) : inFlightFailure(flight, event, object) });
  }

  private reduce(event: JournalEvent): LedgerObject | null {
    const data = event.data as Data;
    const at = unixSeconds(event.timestamp);
    switch (event.type) {
      case 'payment_intent.created': {
        const intent: PaymentIntent = {
          id: event.ref,
          object: 'payment_intent',
          merchant: event.merchant_id ?? '',
          amount: data['amount'] as number,
          currency: data['currency'] as string,
          status: 'created',
          capture_method: data['capture_method'] as PaymentIntent['capture_method'],
          amount_capturable: 0,
          amount_received: 0,
          amount_refunded: 0,
          payment_method: (data['payment_method'] as string | null | undefined) ?? null,
          card: sortedKeys((data['card'] as CardSummary | null | undefined) ?? null),
          customer: sortedKeys((data['customer'] as Record<string, unknown> | null | undefined) ?? null),
          metadata: sortedKeys((data['metadata'] as Record<string, string> | undefined) ?? {}),
          description: (data['description'] as string | null | undefined) ?? null,
          processor: null,
          processor_reference: null,
          routing_reason: null,
          processing: false,
          decline_code: null,
          last_error: null,
          dispute: null,
          reconciliation_status: null,
          payment_method_types: [...((data['payment_method_types'] as PaymentMethodType[] | undefined) ?? ['card'])],
          next_action: null,
          simulate: (data['simulate'] as SimulateScript | undefined) ?? null,
          created: at,
          updated: at,
        };
        this.payments.set(intent.id, intent);
        push(this.paymentsByMerchant, intent.merchant, intent);
        return intent;
      }
      case 'payment_intent.updated':
        return this.updatePayment(event.ref, (intent) => {
          if (typeof data['amount'] === 'number') intent.amount = data['amount'];
          if (typeof data['currency'] === 'string') intent.currency = data['currency'];
          if (typeof data['payment_method'] === 'string') intent.payment_method = data['payment_method'];
          if (data['card'] !== undefined) intent.card = sortedKeys(data['card'] as CardSummary | null);
          if (data['customer'] !== undefined) intent.customer = sortedKeys(data['customer'] as Record<string, unknown> | null);
          if (data['description'] !== undefined) intent.description = data['description'] as string | null;
          if (data['metadata'] !== undefined) {
            // Stripe's semantics: keys merge into the metadata, an empty value removes one.
            const merged: Record<string, string> = { ...intent.metadata };
            for (const [key, value] of Object.entries(data['metadata'] as Record<string, string>)) if (value === '') delete merged[key]; else merged[key] = value;
            intent.metadata = sortedKeys(merged);
          }
        });
      case 'payment_intent.authorization_requested':
        if (data['attempt'] === 1) {
          this.pendingConfirmations.set(event.ref, event.idempotency ? { key: event.idempotency.key, request_hash: event.idempotency.request_hash } : null);
          const fingerprint = (data['card'] as CardSummary | undefined)?.fingerprint;
          if (fingerprint !== undefined) push(this.authorizationsByCard, fingerprint, Date.parse(event.timestamp));
        }
        return this.updatePayment(event.ref, (intent) => {
          intent.processing = true;
          intent.processor = data['processor'] as ProcessorName;
          intent.routing_reason = data['routing_reason'] as string;
          if (typeof data['payment_method'] === 'string') intent.payment_method = data['payment_method'];
          if (data['card'] !== undefined) intent.card = sortedKeys(data['card'] as CardSummary | null);
          if (data['simulate'] !== undefined) intent.simulate = data['simulate'] as SimulateScript;
        });
      case 'payment_intent.authorized':
        this.pendingConfirmations.delete(event.ref);
        return this.updatePayment(event.ref, (intent) => {
          intent.status = 'authorized';
          intent.processing = false;
          intent.processor = data['processor'] as ProcessorName;
          intent.processor_reference = data['processor_reference'] as string;
          intent.amount_capturable = data['amount_capturable'] as number;
        });
      case 'payment_intent.declined':
        this.pendingConfirmations.delete(event.ref);
        return this.updatePayment(event.ref, (intent) => {
          intent.status = 'declined';
          intent.processing = false;
          intent.decline_code = data['decline_code'] as string;
          intent.last_error = { code: 'card_declined', decline_code: data['decline_code'] as string, message: data['message'] as string };
          if (typeof data['processor'] === 'string') intent.processor = data['processor'] as ProcessorName;
          if (typeof data['processor_reference'] === 'string') intent.processor_reference = data['processor_reference'];
        });
      case 'payment_intent.pix_qr_code_issued': {
        // The confirmation's answer: the customer now pays the BR Code; the payment stays processing.
        this.pendingConfirmations.delete(event.ref);
        const charge: PixCharge = {
          processor_reference: data['processor_reference'] as string,
          txid: data['txid'] as string,
          data: data['data'] as string,
          expires_at: data['expires_at'] as number,
          expired: false,
        };
        this.pixCharges.set(event.ref, charge);
        return this.updatePayment(event.ref, (intent) => {
          intent.processor_reference = charge.processor_reference;
          intent.next_action = { type: 'pix_display_qr_code', pix_display_qr_code: { data: charge.data, txid: charge.txid, expires_at: charge.expires_at } };
        });
      }
      case 'payment_intent.capture_requested':
      case 'payment_intent.cancel_requested': {
        const action = event.type === 'payment_intent.capture_requested' ? 'capture' : 'cancel';
        this.modificationAttempts.set(event.ref, (this.modificationAttempts.get(event.ref) ?? 0) + 1);
        return this.updatePayment(event.ref, (intent) => {
          intent.processing = true;
          this.inFlight.set(intent.id, {
            action,
            payment_intent: intent.id,
            merchant: intent.merchant,
            processor: data['processor'] as ProcessorName,
            amount: typeof data['amount'] === 'number' ? data['amount'] : null,
            processor_idempotency_key: data['processor_idempotency_key'] as string,
            idempotency: event.idempotency ? { key: event.idempotency.key, request_hash: event.idempotency.request_hash } : null,
            requested_ms: Date.parse(event.timestamp),
          });
        });
      }
      case 'payment_intent.processor_refused':
        this.inFlight.delete(event.ref);
        return this.updatePayment(event.ref, (intent) => {
          intent.processing = false;
          intent.last_error = { code: 'processor_refused', decline_code: '', message: data['reason'] as string };
        });
      case 'payment_intent.captured':
        this.inFlight.delete(event.ref);
        this.pendingConfirmations.delete(event.ref); // a Pix payment paid before its QR code was recorded
        return this.updatePayment(event.ref, (intent) => {
          intent.status = 'captured';
          intent.processing = false;
          intent.next_action = null;
          intent.amount_received = data['amount_captured'] as number;
          intent.amount_capturable = 0;
        });
      case 'payment_intent.reversed': {
        this.inFlight.delete(event.ref);
        const pix = this.pixCharges.get(event.ref);
        if (pix !== undefined && data['reason'] === 'expired') pix.expired = true;
        return this.updatePayment(event.ref, (intent) => {
          intent.status = 'reversed';
          intent.processing = false;
          intent.next_action = null;
          intent.amount_capturable = 0;
        });
      }
      case 'payment_intent.settled':
        return this.updatePayment(event.ref, (intent) => {
          if (intent.status === 'captured') intent.status = 'settled';
          intent.reconciliation_status = 'matched';
        });
      case 'payment_intent.chargeback':
        return this.updatePayment(event.ref, (intent) => {
          intent.status = 'chargeback';
        });
      case 'payment_intent.chargeback_reversed':
        // The money is back with the merchant: the payment is what it was before the withdrawal.
        return this.updatePayment(event.ref, (intent) => {
          intent.status = intent.reconciliation_status === 'matched' ? 'settled' : 'captured';
        });
      case 'payment_intent.reconciliation_flagged':
        return this.updatePayment(event.ref, (intent) => {
          intent.reconciliation_status = data['status'] as string;
        });
      case 'refund.created': {
        const refund: Refund = {
          id: event.ref,
          object: 'refund',
          merchant: event.merchant_id ?? '',
          payment_intent: data['payment_intent'] as string,
          amount: data['amount'] as number,
          currency: data['currency'] as string,
          status: data['status'] as Refund['status'],
          reason: (data['reason'] as string | undefined) ?? null,
          approver: null,
          failure_reason: null,
          processor_reference: null,
          metadata: sortedKeys((data['metadata'] as Record<string, string> | undefined) ?? {}),
          created: at,
          updated: at,
        };
        this.refunds.set(refund.id, refund);
        push(this.refundsByPayment, refund.payment_intent, refund);
        push(this.refundsByMerchant, refund.merchant, refund);
        return refund;
      }
      case 'refund.approved':
        return this.updateRefund(event.ref, (refund) => {
          refund.status = 'approved';
          refund.approver = data['approver'] as string;
        });
      case 'refund.succeeded':
        return this.updateRefund(event.ref, (refund) => {
          refund.status = 'succeeded';
          refund.processor_reference = data['processor_reference'] as string;
          const intent = this.payments.get(refund.payment_intent);
          if (intent !== undefined) intent.amount_refunded += refund.amount;
        });
      case 'refund.failed':
        return this.updateRefund(event.ref, (refund) => {
          refund.status = 'failed';
          refund.failure_reason = data['failure_reason'] as string;
          if (typeof data['approver'] === 'string') refund.approver = data['approver'];
        });
      case 'dispute.opened': {
        const dispute: Dispute = {
          id: event.ref,
          object: 'dispute',
          merchant: event.merchant_id ?? '',
          payment_intent: data['payment_intent'] as string,
          amount: data['amount'] as number,
          currency: data['currency'] as string,
          status: 'opened',
          reason: data['reason'] as string,
          processor: data['processor'] as ProcessorName,
          processor_dispute_id: (data['processor_dispute_id'] as string | undefined) ?? null,
          funds_status: 'not_withdrawn',
          amount_withdrawn: 0,
          evidence: null,
          created: at,
          updated: at,
        };
        this.disputes.set(dispute.id, dispute);
        push(this.disputesByMerchant, dispute.merchant, dispute);
        const intent = this.payments.get(dispute.payment_intent);
        if (intent !== undefined) intent.dispute = dispute.id;
        return dispute;
      }
      case 'dispute.evidence_submitted':
        return this.updateDispute(event.ref, (dispute) => {
          dispute.status = 'under_review';
          dispute.evidence = { text: data['text'] as string, file_name: (data['file_name'] as string | undefined) ?? null, submitted: at };
        });
      case 'dispute.funds_withdrawn':
        this.noteDisputeStage(event.ref, data);
        return this.updateDispute(event.ref, (dispute) => {
          dispute.funds_status = 'withdrawn';
          dispute.amount_withdrawn = data['amount'] as number;
        });
      case 'dispute.funds_reinstated':
        this.noteDisputeStage(event.ref, data);
        return this.updateDispute(event.ref, (dispute) => {
          dispute.funds_status = 'reinstated';
          dispute.amount_withdrawn = 0;
        });
      case 'dispute.won':
      case 'dispute.lost':
        this.noteDisputeStage(event.ref, data);
        return this.updateDispute(event.ref, (dispute) => {
          dispute.status = event.type === 'dispute.won' ? 'won' : 'lost';
        });
      default:
        return event.type.startsWith('escrow.') ? this.escrows.apply(event) : null;
    }
  }

  private noteDisputeStage(id: string, data: Data): void {
    const stage = data['stage'];
    if (typeof stage === 'number' && stage > (this.disputeStages.get(id) ?? 0)) this.disputeStages.set(id, stage);
  }

  private updatePayment(id: string, change: (intent: PaymentIntent) => void): PaymentIntent | null {
    const intent = this.payments.get(id);
    if (intent === undefined) return null;
    change(intent);
    return intent;
  }

  private updateRefund(id: string, change: (refund: Refund) => void): Refund | null {
    const refund = this.refunds.get(id);
    if (refund === undefined) return null;
    change(refund);
    return refund;
  }

  private updateDispute(id: string, change: (dispute: Dispute) => void): Dispute | null {
    const dispute = this.disputes.get(id);
    if (dispute === undefined) return null;
    change(dispute);
    return dispute;
  }
}

export const idempotencyIndexKey = (merchant: string, key: string): string => `${merchant}\u0000${key}`;

/**
 * The response an idempotent request got, rendered when its event is applied. Replaying the ledger
 * renders the same bytes, so a replayed response is byte for byte the original.
 */
export function renderResponse(event: JournalEvent, object: LedgerObject): { status: number; body: string } {
  if (event.type === 'payment_intent.declined' && object.object === 'payment_intent') {
    const error = object.last_error;
    return {
      status: ERROR_CATALOGUE.card_declined.status,
      body: JSON.stringify({
        error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: error?.decline_code ?? 'card_declined',
          message: error?.message ?? ERROR_CATALOGUE.card_declined.message,
          payment_intent: object,
        },
      }),
    };
  }
  if (event.type === 'payment_intent.processor_refused' && object.object === 'payment_intent') {
    return { status: ERROR_CATALOGUE.processor_refused.status, body: JSON.stringify({ error: { type: ERROR_CATALOGUE.processor_refused.type, code: 'processor_refused', message: object.last_error?.message ?? ERROR_CATALOGUE.processor_refused.message, payment_intent: object } }) };
  }
  return { status: 200, body: JSON.stringify(object) };
}

/** What a capture or void request is answered when something else ended it (a void won over a capture). */
function inFlightFailure(flight: InFlightModification, event: JournalEvent, object: LedgerObject): { status: number; body: string } {
  if (event.type === 'payment_intent.processor_refused') return renderResponse(event, object);
  const current = object.object === 'payment_intent' ? object.status : 'unknown';
  const entry = ERROR_CATALOGUE.invalid_state_transition;
  const message = `This payment_intent is ${current}; it cannot be ${flight.action === 'capture' ? 'captured' : 'canceled'}.`;
  return { status: entry.status, body: JSON.stringify({ error: { current_state: current, payment_intent: flight.payment_intent, type: entry.type, code: 'invalid_state_transition', message } }) };
}

/**
 * A copy of a stored object with its keys in canonical (sorted) order, as a line read back from the
 * file has them: the answer rendered on commit and the one rebuilt after a restart are the same bytes.
 */
export function sortedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortedKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedKeys((value as Record<string, unknown>)[key]);
  return out as T;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
