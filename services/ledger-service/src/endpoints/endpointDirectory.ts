import { fernetDecrypt } from '@payrail/core';
import { StreamTailer } from '@payrail/journal';
import { WEBHOOK_ENDPOINTS_STREAM, applyEndpointEvent, eventTypeMatches, stripeEventEnabled, type EndpointSecret, type WebhookEndpoint } from '@payrail/ledger';
import type { Logger } from '@payrail/service-kit';

/** An endpoint as the dispatcher sees it: the gateway's own record of it. */
export type DispatchEndpoint = WebhookEndpoint;

/**
 * The dispatcher's read-only view of the gateway's `gateway/webhook_endpoints` stream (the gateway is
 * its only writer): followed from byte 0 with the journal's tailer, secrets decrypted with
 * WEBHOOK_SECRET_KEY into memory only.
 */
export class EndpointDirectory {
  private readonly endpoints = new Map<string, WebhookEndpoint>();
  /** Decrypted signing secrets by `endpoint:secret id`, in memory only; null when the key cannot decrypt one. */
  private readonly decrypted = new Map<string, string | null>();
  private readonly tailer: StreamTailer;

  constructor(dataDir: string, private readonly secretKey: string, private readonly logger: Logger, poll_ms: number) {
    this.tailer = new StreamTailer({
      dataDir,
      stream: WEBHOOK_ENDPOINTS_STREAM,
      poll_ms,
      onEvents: async (events) => events.forEach((event) => applyEndpointEvent(this.endpoints, event)),
      onError: (error) => logger.error({ err: error.message }, 'webhook endpoints: cannot read the stream; deliveries use the endpoints read so far'),
    });
  }

  /** Reads the stream and keeps following it. */
  async start(): Promise<void> {
    this.tailer.start();
    await this.refresh();
  }

  /** Reads every change committed so far. */
  async refresh(): Promise<void> {
    // A read already running may have started before the latest append: wait for it, then read again.
    await this.tailer.wake();
    await this.tailer.wake();
  }

  get(id: string): DispatchEndpoint | undefined {
    return this.endpoints.get(id);
  }

  all(): DispatchEndpoint[] {
    return [...this.endpoints.values()];
  }

  /** The merchant's endpoints that take an event of `type` committed at `at_ms`: enabled, subscribed, and created by then. */
  subscribers(merchant: string, type: string, at_ms: number): DispatchEndpoint[] {
    return this.all().filter((e) => e.merchant === merchant && e.dialect !== 'stripe' && isDeliverable(e) && Date.parse(e.created) <= at_ms && e.enabled_events.some((p) => eventTypeMatches(p, type)));
  }

  /** The merchant's Stripe-format endpoints that take a Stripe event of `type` committed at `at_ms`. */
  stripeSubscribers(merchant: string, type: string, at_ms: number): DispatchEndpoint[] {
    return this.all().filter((e) => e.merchant === merchant && e.dialect === 'stripe' && isDeliverable(e) && Date.parse(e.created) <= at_ms && stripeEventEnabled(e.enabled_events, type));
  }

  /** The secrets that sign a delivery sent at `now`: the current one and any still in a rotation's grace period, newest first. */
  signingSecrets(endpoint: DispatchEndpoint, now = Date.now()): Array<{ id: string; value: string }> {
    return endpoint.secrets
      .filter((s) => s.expires_at === null || Date.parse(s.expires_at) > now)
      .map((s) => ({ id: s.id, value: this.decrypt(endpoint.id, s) }))
      .filter((s): s is { id: string; value: string } => s.value !== null)
      .reverse();
  }

  async stop(): Promise<void> {
    await this.tailer.stop();
  }

  private decrypt(endpoint: string, secret: EndpointSecret): string | null {
    const key = `${endpoint}:${secret.id}`;
    let value = this.decrypted.get(key);
    if (value === undefined) {
      try {
        value = fernetDecrypt(this.secretKey, secret.ciphertext).toString('utf8');
      } catch {
        this.logger.error({ endpoint, secret_id: secret.id }, "webhook endpoints: cannot decrypt a signing secret; is WEBHOOK_SECRET_KEY the same as the gateway's?");
        value = null;
      }
      this.decrypted.set(key, value);
    }
    return value;
  }
}

/** Deliveries go to an endpoint that is enabled and not deleted. */
export const isDeliverable = (endpoint: DispatchEndpoint): boolean => endpoint.status === 'enabled' && !endpoint.deleted;
