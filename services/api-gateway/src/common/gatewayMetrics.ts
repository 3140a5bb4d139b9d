import type { JournalEvent } from '@payrail/journal';
import { ServiceMetrics } from '@payrail/service-kit';

const STATUS_OF: Readonly<Record<string, string>> = {
  'payment_intent.created': 'created',
  'payment_intent.authorized': 'authorized',
  'payment_intent.captured': 'captured',
  'payment_intent.declined': 'declined',
  'payment_intent.reversed': 'reversed',
  'payment_intent.settled': 'settled',
  'payment_intent.chargeback': 'chargeback',
};

/** The gateway's Prometheus instruments (README "Observability" lists them). */
export class GatewayMetrics extends ServiceMetrics {
  readonly payments = this.counter('payments_total', 'PaymentIntents reaching each status, by processor', ['status', 'provider']);
  readonly paymentDuration = this.histogram('payment_duration_seconds', 'Time to confirm a PaymentIntent (routing, vault, processor, ledger)', ['outcome'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
  readonly providerRequests = this.counter('provider_requests_total', 'Calls to processors by outcome (answered or no_answer)', ['provider', 'outcome']);
  readonly journalAppend = this.histogram('journal_append_seconds', 'Time from a ledger batch taking the lock to its fsync and release', [], [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25]);
  /** An alert: an authentic processor webhook disagreed with the ledger (amount, reference, currency, order). */
  readonly providerWebhooksRejected = this.counter('provider_webhooks_rejected_total', 'Authentic processor webhooks refused because they disagree with the payment (never applied)', ['provider', 'reason']);
  /** An alert: a ledger stream failed its check before write; the gateway refuses to write until repaired. */
  readonly journalCorrupt = this.counter('journal_corrupt_total', 'Ledger streams found changed outside the journal (writes refused until repaired)', ['stream']);
  readonly journalBatch = this.histogram('journal_batch_size', 'Commands served by one lock and one fsync (group commit)', [], [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);

  constructor() {
    super('api-gateway');
  }

  /** Counts a payment event as it is applied (replay at start-up included). */
  observeLedgerEvent(event: JournalEvent, provider: string | null): void {
    const status = STATUS_OF[event.type];
    if (status !== undefined) this.payments.inc({ status, provider: provider ?? 'none' });
  }

  observeBatch(stats: { commands: number; lock_ms: number }): void {
    this.journalAppend.observe(stats.lock_ms / 1000);
    this.journalBatch.observe(stats.commands);
  }
}
