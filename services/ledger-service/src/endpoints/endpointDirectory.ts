import { fernetDecrypt } from '@payrail/core';
import { StreamTailer, type JournalEvent } from '@payrail/journal';
import { eventTypeMatches } from '@payrail/ledger';
import type { Logger } from '@payrail/service-kit';

const STREAM = 'gateway/webhook_endpoints';

interface SigningSecret {
  id: string;
  /** The `whsec_...` value, decrypted in memory only; null when WEBHOOK_SECRET_KEY cannot decrypt it. */
  value: string | null;
  expires_ms: number | null;
}

/** An endpoint as the dispatcher needs it: where to send, what it subscribes to, and how to sign. */
export interface DispatchEndpoint {
  id: string;
  merchant: string;
  url: string;
  enabled_events: string[];
  status: 'enabled' | 'disabled';
  deleted: boolean;
  created_ms: number;
  /** Oldest first; the last one is the current secret. */
  secrets: SigningSecret[];
}

/**
 * The dispatcher's read-only view of the gateway's `gateway/webhook_endpoints` stream (the gateway is
 * its only writer): followed from byte 0 with the journal's tailer, secrets decrypted with
 * WEBHOOK_SECRET_KEY into memory only.
 */
export class EndpointDirectory {
  private readonly endpoints = new Map<string, DispatchEndpoint>();
  private readonly tailer: StreamTailer;

  constructor(dataDir: string, private readonly secretKey: string, private readonly logger: Logger, poll_ms: number) {
    this.tailer = new StreamTailer({
      dataDir,
      stream: STREAM,
      poll_ms,
      onEvents: async (events) => events.forEach((event) => this.apply(event)),
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
    return this.all().filter((e) => e.merchant === merchant && isDeliverable(e) && e.created_ms <= at_ms && e.enabled_events.some((p) => eventTypeMatches(p, type)));
  }

  /** The secrets that sign a delivery sent at `now`: the current one and any still in a rotation's grace period, newest first. */
  signingSecrets(endpoint: DispatchEndpoint, now = Date.now()): Array<{ id: string; value: string }> {
    return endpoint.secrets
      .filter((s): s is SigningSecret & { value: string } => s.value !== null && (s.expires_ms === null || s.expires_ms > now))
      .reverse();
  }

  async stop(): Promise<void> {
    await this.tailer.stop();
  }

  private decrypt(endpoint: string, secret: { id: string; ciphertext: string }): SigningSecret {
    try {
      return { id: secret.id, value: fernetDecrypt(this.secretKey, secret.ciphertext).toString('utf8'), expires_ms: null };
    } catch {
      this.logger.error({ endpoint, secret_id: secret.id }, 'webhook endpoints: cannot decrypt a signing secret; is WEBHOOK_SECRET_KEY the same as the gateway\'s?');
      return { id: secret.id, value: null, expires_ms: null };
    }
  }

  private apply(event: JournalEvent): void {
    const data = event.data;
    const endpoint = this.endpoints.get(event.ref);
    switch (event.type) {
      case 'webhook_endpoint.created':
        this.endpoints.set(event.ref, {
          id: event.ref,
          merchant: event.merchant_id ?? '',
          url: data['url'] as string,
          enabled_events: data['enabled_events'] as string[],
          status: 'enabled',
          deleted: false,
          created_ms: Date.parse(event.timestamp),
          secrets: [this.decrypt(event.ref, data['secret'] as { id: string; ciphertext: string })],
        });
        return;
      case 'webhook_endpoint.updated':
        if (endpoint === undefined) return;
        if (typeof data['url'] === 'string') endpoint.url = data['url'];
        if (Array.isArray(data['enabled_events'])) endpoint.enabled_events = data['enabled_events'] as string[];
        return;
      case 'webhook_endpoint.secret_rotated':
        if (endpoint === undefined) return;
        for (const { id, expires_at } of data['expiring'] as Array<{ id: string; expires_at: string }>) {
          const old = endpoint.secrets.find((s) => s.id === id);
          if (old !== undefined) old.expires_ms = Date.parse(expires_at);
        }
        endpoint.secrets.push(this.decrypt(event.ref, data['secret'] as { id: string; ciphertext: string }));
        return;
      case 'webhook_endpoint.disabled':
        if (endpoint !== undefined) endpoint.status = 'disabled';
        return;
      case 'webhook_endpoint.enabled':
        if (endpoint !== undefined) endpoint.status = 'enabled';
        return;
      case 'webhook_endpoint.deleted':
        if (endpoint !== undefined) endpoint.deleted = true;
        return;
      default:
        return;
    }
  }
}

/** Deliveries go to an endpoint that is enabled and not deleted. */
export const isDeliverable = (endpoint: DispatchEndpoint): boolean => endpoint.status === 'enabled' && !endpoint.deleted;
