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

/** A decline_code as a label: lower-case words, short (a processor's odd value must not grow the series without bound). */
const DECLINE_CODE_LABEL = /^[a-z_]{1,40}$/;

const BREAKER_LEVEL = { closed: 0, half_open: 1, open: 2 } as const;

/** The gateway's Prometheus instruments (README "Observability" lists them). */
export class GatewayMetrics extends ServiceMetrics {
  readonly payments = this.counter('payments_total', 'PaymentIntents reaching each status, by processor', ['status', 'provider']);
  /** Declines by reason: `decline_code` as the ledger recorded it (a short closed set; anything else counts as `other`). */
  readonly declines = this.counter('payment_declines_total', 'Declined PaymentIntents by processor and decline_code', ['provider', 'decline_code']);
  readonly paymentDuration = this.histogram('payment_duration_seconds', 'Time to confirm a PaymentIntent (routing, vault, processor, ledger)', ['outcome'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
  readonly providerRequests = this.counter('provider_requests_total', 'Calls to processors by outcome (answered or no_answer)', ['provider', 'outcome']);
  readonly journalAppend = this.histogram('journal_append_seconds', 'Time from a ledger batch taking the lock to its fsync and release', [], [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25]);
  /** Contention on the ledger lock (other gateway processes, ledger-service): 0 for a batch that kept the lock of the one before. */
  readonly journalLockWait = this.histogram('journal_lock_wait_seconds', 'Time a ledger batch waited for the journal lock before its catch-up, write and fsync (0 when it still held it)', [], [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 15]);
  /** An alert: an authentic processor webhook disagreed with the ledger (amount, reference, currency, order). */
  readonly providerWebhooksRejected = this.counter('provider_webhooks_rejected_total', 'Authentic processor webhooks refused because they disagree with the payment (never applied)', ['provider', 'reason']);
  /** An alert: a ledger stream failed its check before write; the gateway refuses to write until repaired. */
  readonly journalCorrupt = this.counter('journal_corrupt_total', 'Ledger streams found changed outside the journal (writes refused until repaired)', ['stream']);
  readonly journalBatch = this.histogram('journal_batch_size', 'Commands served by one lock and one fsync (group commit)', [], [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
  readonly idempotentReplays = this.counter('idempotent_replays_total', 'Requests answered with the stored response of an earlier use of their Idempotency-Key', ['route']);
  /** A processor call sent again: to the next processor after no answer (`failover`), or a stuck capture, void or refund resent (`resend`). */
  readonly processorRetries = this.counter('processor_retries_total', 'Processor calls sent again: failover to the next processor, a retry on the same one (the only one left), or the resolver resending a stuck command', ['provider', 'kind']);
  // The interval's tallies for the JSONL sample: provider → [calls, calls without an answer].
  private providerCalls = new Map<string, [number, number]>();
  private replays = 0;

  constructor() {
    super('api-gateway');
  }

  /** One call to a processor: counted in `provider_requests_total` and in the sample's error rate per processor. */
  observeProviderCall(provider: string, answered: boolean): void {
    this.providerRequests.inc({ provider, outcome: answered ? 'answered' : 'no_answer' });
    const tally = this.providerCalls.get(provider) ?? [0, 0];
    tally[0] += 1;
    if (!answered) tally[1] += 1;
    this.providerCalls.set(provider, tally);
  }

  observeReplay(route: string): void {
    this.idempotentReplays.inc({ route });
    this.replays += 1;
  }

  observeProcessorRetry(provider: string, kind: 'failover' | 'retry' | 'resend'): void {
    this.processorRetries.inc({ provider, kind });
    this.noteRetry();
  }

  /**
   * `processor_breaker_state{provider}`: 0 closed, 1 half open, 2 open, read from the breakers at each
   * scrape (they are shared through files by every gateway process).
   */
  watchBreakers(health: () => Array<{ provider: string; breaker: 'closed' | 'half_open' | 'open' }>): void {
    this.gauge('processor_breaker_state', 'Circuit breaker per processor: 0 closed, 1 half open, 2 open', ['provider'], function collect() {
      for (const { provider, breaker } of health()) this.set({ provider }, BREAKER_LEVEL[breaker]);
    });
  }

  /** What the gateway adds to each JSONL sample (and resets): error rate per processor, idempotent replays. */
  takeGatewaySample(): { error_rate_by_provider: Record<string, number>; idempotent_replays: number } {
    const error_rate_by_provider: Record<string, number> = {};
    for (const [provider, [calls, unanswered]] of this.providerCalls) error_rate_by_provider[provider] = Math.round((unanswered / calls) * 10_000) / 10_000;
    const sample = { error_rate_by_provider, idempotent_replays: this.replays };
    this.providerCalls = new Map();
    this.replays = 0;
    return sample;
  }

  /** Counts a payment event as it is applied (replay at start-up included). */
  observeLedgerEvent(event: JournalEvent, provider: string | null): void {
    const status = STATUS_OF[event.type];
    if (status !== undefined) this.payments.inc({ status, provider: provider ?? 'none' });
    if (status === 'declined') {
      const code = event.data['decline_code'];
      this.declines.inc({ provider: provider ?? 'none', decline_code: typeof code === 'string' && DECLINE_CODE_LABEL.test(code) ? code : 'other' });
    }
  }

  observeBatch(stats: { commands: number; lock_ms: number; lock_wait_ms: number }): void {
    this.journalAppend.observe(stats.lock_ms / 1000);
    this.journalLockWait.observe(stats.lock_wait_ms / 1000);
    this.journalBatch.observe(stats.commands);
  }
}
