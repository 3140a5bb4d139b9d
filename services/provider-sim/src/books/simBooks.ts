import type { ProcessorName } from '@payrail/core';
import type { JournalEvent } from '@payrail/journal';
import { BOOK_EVENTS } from './bookStreams';
import { chargeReferenceOf, nextCharge, refundableAmount, type SimCharge } from './charge';

/** A response kept for an Idempotency-Key: the same key gets the same answer, with no second effect. */
export interface StoredResponse {
  request_hash: string;
  status: number;
  body: Record<string, unknown>;
}

/** A webhook the processor still owes the gateway. */
export interface PendingWebhook {
  id: string;
  provider: ProcessorName;
  event_type: string;
  payment_intent: string;
  payload: Record<string, unknown>;
  deliveries: 1 | 2;
  correlation_id: string | undefined;
  /** The trace of the call that queued it (its line's traceparent): the delivery joins that trace, even after a restart. */
  traceparent: string | undefined;
}

/**
 * The in-memory projection of the books, rebuilt from the streams at start-up: every charge, the
 * responses kept for idempotent retries, and the webhooks not yet delivered (in the order they were
 * queued). Only the journal's `onEvent` changes it.
 */
export class SimBooks {
  private readonly charges = new Map<string, SimCharge>();
  private readonly byPaymentIntent = new Map<string, string[]>();
  private readonly disputes = new Map<string, string>();
  /** Stripe balance transactions (`txn_...`) → the charge they belong to. */
  private readonly balanceTransactions = new Map<string, string>();
  private readonly responses = new Map<string, StoredResponse>();
  private readonly pending = new Map<string, PendingWebhook>();
  private readonly awaitingDispute = new Set<string>();
  private readonly openDisputes = new Set<string>();
  /** Pix txid → the charge. */
  private readonly byTxid = new Map<string, string>();
  /** Pix charges not paid yet (expired ones too: the late confirmation fault may still pay them). */
  private readonly unpaidPix = new Set<string>();

  apply(event: JournalEvent): void {
    const chargeRef = chargeReferenceOf(event);
    if (chargeRef !== null) {
      const charge = nextCharge(this.charges.get(chargeRef), event);
      if (!this.charges.has(chargeRef)) {
        const key = `${charge.provider}:${charge.payment_intent}`;
        this.byPaymentIntent.set(key, [...(this.byPaymentIntent.get(key) ?? []), chargeRef]);
      }
      if (charge.dispute !== null) this.disputes.set(charge.dispute.id, chargeRef);
      if (charge.balance_transaction !== null) this.balanceTransactions.set(charge.balance_transaction, chargeRef);
      for (const movement of charge.dispute?.movements ?? []) if (movement.balance_transaction !== null) this.balanceTransactions.set(movement.balance_transaction, chargeRef);
      this.charges.set(chargeRef, charge);
      const awaiting = charge.card_behaviour === 'succeeds_then_disputed' && charge.dispute === null && refundableAmount(charge) > 0;
      if (awaiting) this.awaitingDispute.add(chargeRef);
      else this.awaitingDispute.delete(chargeRef);
      if (charge.dispute?.status === 'needs_response') this.openDisputes.add(chargeRef);
      else this.openDisputes.delete(chargeRef);
      if (charge.pix !== null) this.byTxid.set(charge.pix.txid, chargeRef);
      if (charge.pix !== null && charge.status === 'pending') this.unpaidPix.add(chargeRef);
      else this.unpaidPix.delete(chargeRef);
      return;
    }
    const data = event.data;
    switch (event.type) {
      case BOOK_EVENTS.responseRecorded:
        this.responses.set(`${String(data['provider'])}:${String(data['idempotency_key'])}`, {
          request_hash: data['request_hash'] as string,
          status: data['status'] as number,
          body: data['body'] as Record<string, unknown>,
        });
        return;
      case BOOK_EVENTS.webhookQueued:
        this.pending.set(event.ref, {
          id: event.ref,
          provider: data['provider'] as ProcessorName,
          event_type: data['event_type'] as string,
          payment_intent: data['payment_intent'] as string,
          payload: data['payload'] as Record<string, unknown>,
          deliveries: data['deliveries'] as 1 | 2,
          correlation_id: event.correlation_id,
          traceparent: event.traceparent,
        });
        return;
      case BOOK_EVENTS.webhookSent:
      case BOOK_EVENTS.webhookAbandoned:
        this.pending.delete(event.ref);
        return;
      default:
        return; // settlement records, dropped calls (no charge): nothing to project
    }
  }

  clear(): void {
    for (const map of [this.charges, this.byPaymentIntent, this.disputes, this.balanceTransactions, this.responses, this.pending, this.byTxid]) map.clear();
    this.awaitingDispute.clear();
    this.openDisputes.clear();
    this.unpaidPix.clear();
  }

  charge(reference: string): SimCharge | undefined {
    return this.charges.get(reference);
  }

  /** The charge of a dispute id (`dp_...`), or of a charge reference. */
  chargeOfDispute(reference: string): SimCharge | undefined {
    const chargeRef = this.disputes.get(reference);
    return chargeRef === undefined ? undefined : this.charges.get(chargeRef);
  }

  /** The charge a balance transaction (`txn_...`: a capture, or a dispute's withdrawal or reinstatement) belongs to. */
  chargeOfBalanceTransaction(id: string): SimCharge | undefined {
    const chargeRef = this.balanceTransactions.get(id);
    return chargeRef === undefined ? undefined : this.charges.get(chargeRef);
  }

  /** A processor's charges for one payment intent, oldest first (status inquiries). */
  chargesOf(provider: ProcessorName, payment_intent: string): SimCharge[] {
    return (this.byPaymentIntent.get(`${provider}:${payment_intent}`) ?? []).flatMap((ref) => this.charges.get(ref) ?? []);
  }

  allCharges(): IterableIterator<SimCharge> {
    return this.charges.values();
  }

  /** Captured charges of the dispute test card whose dispute has not opened yet. */
  chargesAwaitingDispute(): SimCharge[] {
    return [...this.awaitingDispute].flatMap((ref) => this.charges.get(ref) ?? []);
  }

  /** Charges whose dispute is open (needs a response). */
  chargesWithOpenDispute(): SimCharge[] {
    return [...this.openDisputes].flatMap((ref) => this.charges.get(ref) ?? []);
  }

  /** The Pix charge of a txid. */
  chargeOfTxid(txid: string): SimCharge | undefined {
    const chargeRef = this.byTxid.get(txid);
    return chargeRef === undefined ? undefined : this.charges.get(chargeRef);
  }

  /** Pix charges not paid yet, expired or not. */
  unpaidPixCharges(): SimCharge[] {
    return [...this.unpaidPix].flatMap((ref) => this.charges.get(ref) ?? []);
  }

  response(provider: ProcessorName, idempotency_key: string): StoredResponse | undefined {
    return this.responses.get(`${provider}:${idempotency_key}`);
  }

  /** Undelivered webhooks, oldest first. */
  pendingWebhooks(): IterableIterator<PendingWebhook> {
    return this.pending.values();
  }
}
