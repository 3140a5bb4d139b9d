import type { Dispute, Escrow, LedgerState, PaymentIntent, Refund } from '@payrail/ledger';
import DataLoader from 'dataloader';
import type { DeliveryLog } from '../webhooks/deliveryLog';
import { eventDeliveries } from '../webhooks/eventRoutes';

/** The most keys one batch reads (a page is at most 100 objects; a query may nest several). */
const BATCH_KEYS_MAX = 1_000;

/**
 * The lookups a nested field makes for each object of a list (a payment's refunds, a refund's
 * payment, an event's deliveries), batched per request: every lookup of a kind asked for while one
 * level of a query resolves is one read of the read model, and one key is read once. Every read is
 * the merchant's only: another merchant's object is null, as REST's 404. `batches` records the size
 * of each batch (the request's log line shows them).
 */
export class ReadLoaders {
  readonly batches: Record<string, number[]> = {};

  /** A payment by id. */
  readonly paymentIntent: DataLoader<string, PaymentIntent | null>;
  /** Every refund of a payment, newest first (as `GET /v1/refunds?payment_intent=` lists them). */
  readonly refundsOfPayment: DataLoader<string, Refund[]>;
  /** A dispute by id. */
  readonly dispute: DataLoader<string, Dispute | null>;
  /** The escrow a payment funds, or null. */
  readonly escrowOfPayment: DataLoader<string, Escrow | null>;
  /** What `GET /v1/events/{id}/deliveries` answers, for events already found to be the merchant's. */
  readonly deliveriesOfEvent: DataLoader<string, ReturnType<typeof eventDeliveries>>;

  constructor(state: LedgerState, merchant: string, deliveries: DeliveryLog) {
    const mine = <T extends { merchant: string }>(object: T | undefined): T | null => (object !== undefined && object.merchant === merchant ? object : null);
    this.paymentIntent = this.loader('payment_intent', (ids) => ids.map((id) => mine(state.payments.get(id))));
    this.refundsOfPayment = this.loader('refunds_of_payment', (ids) => ids.map((id) => mine(state.payments.get(id)) === null ? [] : [...(state.refundsByPayment.get(id) ?? [])].reverse()));
    this.dispute = this.loader('dispute', (ids) => ids.map((id) => mine(state.disputes.get(id))));
    this.escrowOfPayment = this.loader('escrow_of_payment', (ids) => ids.map((id) => mine(state.escrows.ofPayment(id))));
    this.deliveriesOfEvent = this.loader('deliveries_of_event', async (ids) => {
      // One read of the delivery log for the whole batch: the REST route reads it once per event.
      await deliveries.refresh();
      return ids.map((id) => eventDeliveries(deliveries, id));
    });
  }

  private loader<V>(name: string, read: (ids: readonly string[]) => V[] | Promise<V[]>): DataLoader<string, V> {
    return new DataLoader<string, V>(async (ids) => {
      (this.batches[name] ??= []).push(ids.length);
      return read(ids);
    }, { maxBatchSize: BATCH_KEYS_MAX });
  }
}
