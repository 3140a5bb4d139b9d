import * as path from 'node:path';
import { PayrailError, fernetDecrypt, fernetEncrypt, generateWebhookSecret, newId } from '@payrail/core';
import { Journal, writeJsonAtomic, type EventDraft, type JournalEvent, type JournalLogger } from '@payrail/journal';
import { STRIPE_API_VERSION, WEBHOOK_API_VERSION, WEBHOOK_ENDPOINTS_STREAM as STREAM, applyEndpointEvent, unixSeconds, type WebhookEndpoint } from '@payrail/ledger';
import { notFound } from '../http/route';
import type { IdempotentRequest } from '../idempotency/idempotency';

/** The most endpoints (not deleted) one merchant may have. */
export const ENDPOINTS_PER_MERCHANT_MAX = 16;

export type { EndpointSecret, WebhookEndpoint } from '@payrail/ledger';

export interface EndpointInput {
  url: string;
  enabled_events: string[];
  description?: string | null;
  /** `stripe`: Stripe's events signed with Stripe-Signature (endpoints created on the Stripe-compatible API). */
  dialect?: 'payrail' | 'stripe';
  metadata?: Record<string, string>;
}

export type EndpointChange = Partial<EndpointInput> & { disabled?: boolean };

interface KeyRecord {
  request_hash: string;
  created_ms: number;
  /** The exact body answered, secret included: a replay shows the same secret the first call showed. */
  body: string;
}

/** What a creation or rotation answers: the endpoint and its new secret, shown this once. */
export interface SecretResponse {
  body: string;
  replayed: boolean;
}

/**
 * A merchant's webhook endpoints: the stream `gateway/webhook_endpoints` (the gateway is its only
 * writer, under the lock `gateway/.webhooks`) and its snapshot `gateway/webhook_endpoints.json`.
 * Signing secrets are stored only Fernet-encrypted under WEBHOOK_SECRET_KEY; neither the snapshot nor
 * any answer but the creation or rotation one ever holds a secret.
 */
export class EndpointStore {
  private readonly endpoints = new Map<string, WebhookEndpoint>();
  private readonly keys = new Map<string, KeyRecord>();
  private journal: Journal | null = null;
  private applied = 0;

  private constructor(
    private readonly dataDir: string,
    private readonly secretKey: string,
    private readonly idempotencyTtlMs: number,
  ) {}

  static async open(options: { dataDir: string; secretKey: string; idempotencyTtlMs: number; logger?: JournalLogger }): Promise<EndpointStore> {
    const store = new EndpointStore(options.dataDir, options.secretKey, options.idempotencyTtlMs);
    store.journal = await Journal.open({
      dataDir: options.dataDir,
      streams: [STREAM],
      lockName: 'gateway/.webhooks',
      onEvent: (_stream, event) => store.apply(event),
      onReset: () => {
        store.endpoints.clear();
        store.keys.clear();
      },
      ...(options.logger ? { logger: options.logger } : {}),
    });
    await store.writeSnapshot();
    return store;
  }

  /** Reads what other gateway processes committed. */
  async catchUp(): Promise<void> {
    await this.journal?.catchUp();
  }

  /** Lines applied so far: it grows whenever an endpoint is created, changed, rotated or deleted. */
  get version(): number {
    return this.applied;
  }

  /** The merchant's endpoint `id` (not deleted), or a 404 naming `param`. */
  get(merchant: string, id: string, param = 'id'): WebhookEndpoint {
    const endpoint = this.endpoints.get(id);
    if (endpoint === undefined || endpoint.merchant !== merchant || endpoint.deleted) throw notFound('webhook_endpoint', id, param);
    return endpoint;
  }

  /** The merchant's endpoints, newest first. */
  list(merchant: string): WebhookEndpoint[] {
    return [...this.endpoints.values()].filter((e) => e.merchant === merchant && !e.deleted).reverse();
  }

  /** Creates an endpoint with a fresh secret. A repeated Idempotency-Key replays the first answer. */
  async create(request: IdempotentRequest, input: EndpointInput): Promise<SecretResponse> {
    const id = newId('we');
    const sealed = this.seal(generateWebhookSecret());
    return this.commitKeyed(request, (append) => {
      const count = this.list(request.merchant).length;
      if (count >= ENDPOINTS_PER_MERCHANT_MAX) {
        throw new PayrailError('parameter_invalid', `A merchant may have at most ${ENDPOINTS_PER_MERCHANT_MAX} webhook endpoints; delete one first.`, { param: 'url' });
      }
      append(id, 'webhook_endpoint.created', {
        url: input.url, enabled_events: input.enabled_events, description: input.description ?? null, secret: { id: 'sec_1', ciphertext: sealed },
        ...(input.dialect === 'stripe' ? { dialect: 'stripe' } : {}), ...(input.metadata === undefined ? {} : { metadata: input.metadata }),
      });
      return id;
    });
  }

  /**
   * Adds a new secret, which signs from now on; every older secret still valid keeps signing for
   * `grace_ms` (0: stops at once). The endpoint then sends one signature per valid secret.
   */
  async rotateSecret(request: IdempotentRequest, id: string, grace_ms: number): Promise<SecretResponse> {
    const sealed = this.seal(generateWebhookSecret());
    return this.commitKeyed(request, (append) => {
      const endpoint = this.get(request.merchant, id);
      const now = Date.now();
      const expiresAt = new Date(now + grace_ms).toISOString();
      const expiring = endpoint.secrets
        .filter((s) => s.expires_at === null || Date.parse(s.expires_at) > now + grace_ms)
        .map((s) => ({ id: s.id, expires_at: expiresAt }));
      append(id, 'webhook_endpoint.secret_rotated', { secret: { id: nextSecretId(endpoint), ciphertext: sealed }, expiring });
      return id;
    });
  }

  /** Changes the URL, subscriptions or description, or disables/enables the endpoint. Unchanged fields write nothing. */
  async update(merchant: string, id: string, change: EndpointChange): Promise<WebhookEndpoint> {
    await this.commit((append) => {
      const endpoint = this.get(merchant, id);
      const fields: Record<string, unknown> = {};
      if (change.url !== undefined && change.url !== endpoint.url) fields['url'] = change.url;
      if (change.enabled_events !== undefined && change.enabled_events.join('\n') !== endpoint.enabled_events.join('\n')) fields['enabled_events'] = change.enabled_events;
      if (change.description !== undefined && change.description !== endpoint.description) fields['description'] = change.description;
      if (change.metadata !== undefined) fields['metadata'] = { ...endpoint.metadata, ...change.metadata };
      if (Object.keys(fields).length > 0) append(id, 'webhook_endpoint.updated', fields);
      if (change.disabled === true && endpoint.status === 'enabled') append(id, 'webhook_endpoint.disabled', { reason: 'requested' });
      if (change.disabled === false && endpoint.status === 'disabled') append(id, 'webhook_endpoint.enabled', {});
    });
    return this.get(merchant, id);
  }

  /** Disables an endpoint that answered 410 Gone (the dispatcher asks); already disabled writes nothing. */
  async disableGone(id: string, evidence: { status_code?: number; event_id?: string }): Promise<WebhookEndpoint> {
    await this.commit((append) => {
      const endpoint = this.endpoints.get(id);
      if (endpoint === undefined || endpoint.deleted) throw notFound('webhook_endpoint', id);
      if (endpoint.status === 'enabled') append(id, 'webhook_endpoint.disabled', { reason: 'gone', ...evidence });
    });
    return this.endpoints.get(id) as WebhookEndpoint;
  }

  /** Marks the endpoint deleted: nothing more is sent to it; the stream keeps its history. */
  async delete(merchant: string, id: string): Promise<void> {
    await this.commit((append) => {
      const endpoint = this.get(merchant, id);
      append(endpoint.id, 'webhook_endpoint.deleted', {});
    });
  }

  /** The public view: secret ids and lifetimes, never a secret. */
  static view(endpoint: WebhookEndpoint, now = Date.now()): Record<string, unknown> {
    return {
      id: endpoint.id,
      object: 'webhook_endpoint',
      url: endpoint.url,
      enabled_events: endpoint.enabled_events,
      description: endpoint.description,
      status: endpoint.status,
      disabled_reason: endpoint.disabled_reason,
      api_version: endpoint.dialect === 'stripe' ? STRIPE_API_VERSION : WEBHOOK_API_VERSION,
      dialect: endpoint.dialect,
      livemode: false,
      secrets: endpoint.secrets.map((s) => ({
        id: s.id,
        created: unixSeconds(s.created),
        expires_at: s.expires_at === null ? null : unixSeconds(s.expires_at),
        status: s.expires_at === null ? 'active' : Date.parse(s.expires_at) > now ? 'expiring' : 'expired',
      })),
      created: unixSeconds(endpoint.created),
    };
  }

  async close(): Promise<void> {
    await this.journal?.close();
  }

  private seal(secret: string): string {
    return fernetEncrypt(this.secretKey, secret);
  }

  private async commit(build: (append: (ref: string, type: string, data: Record<string, unknown>, extra?: Partial<EventDraft>) => void) => void): Promise<void> {
    if (this.journal === null) throw new Error('EndpointStore is not open');
    const journal = this.journal;
    let wrote = false;
    await journal.transact((tx) => {
      build((ref, type, data, extra) => {
        const endpoint = this.endpoints.get(ref);
        tx.append(STREAM, { type, ref, data, ...extra, merchant_id: endpoint?.merchant ?? extra?.merchant_id ?? '' });
        wrote = true;
      });
    });
    if (wrote) await this.writeSnapshot();
  }

  /**
   * Commits an event whose answer carries a secret, honouring Idempotency-Key: under the lock, an
   * unexpired key with the same request replays its recorded answer; with another request it is a 422.
   */
  private async commitKeyed(request: IdempotentRequest, build: (append: (ref: string, type: string, data: Record<string, unknown>) => void) => string): Promise<SecretResponse> {
    const indexKey = request.key === null ? null : `${request.merchant}\u0000${request.key}`;
    let replayed: string | null = null;
    let id = '';
    await this.commit((append) => {
      const prior = indexKey === null ? undefined : this.keys.get(indexKey);
      if (prior !== undefined && prior.created_ms >= Date.now() - this.idempotencyTtlMs) {
        if (prior.request_hash !== request.request_hash) {
          throw new PayrailError('idempotency_key_reused', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${request.key ?? ''}' if you meant to execute a different request.`, { param: 'Idempotency-Key' });
        }
        replayed = prior.body;
        return;
      }
      const idempotency = request.key === null ? {} : { idempotency: { key: request.key, request_hash: request.request_hash } };
      id = build((ref, type, data) => append(ref, type, data, { ...idempotency, merchant_id: request.merchant }));
    });
    if (replayed !== null) return { body: replayed, replayed: true };
    const recorded = indexKey === null ? undefined : this.keys.get(indexKey);
    return { body: recorded?.body ?? this.secretResponse(this.endpoints.get(id) as WebhookEndpoint, Date.now()), replayed: false };
  }

  /** The endpoint's view at `now` with its current secret in clear: the one answer that shows it. */
  private secretResponse(endpoint: WebhookEndpoint, now: number): string {
    const current = endpoint.secrets[endpoint.secrets.length - 1];
    const secret = current === undefined ? null : fernetDecrypt(this.secretKey, current.ciphertext).toString('utf8');
    return JSON.stringify({ ...EndpointStore.view(endpoint, now), secret });
  }

  private async writeSnapshot(): Promise<void> {
    const snapshot = Object.fromEntries([...this.endpoints.values()].map((e) => [e.id, {
      ...EndpointStore.view(e),
      merchant: e.merchant,
      deleted: e.deleted,
    }]));
    await writeJsonAtomic(path.join(this.dataDir, 'gateway', 'webhook_endpoints.json'), snapshot);
  }

  private apply(event: JournalEvent): void {
    this.applied += 1;
    if (applyEndpointEvent(this.endpoints, event) === null) return;
    // A keyed creation or rotation records its answer, rendered as of the event, for replays within the TTL.
    const current = this.endpoints.get(event.ref);
    const created_ms = Date.parse(event.timestamp);
    if (event.idempotency !== undefined && event.merchant_id !== undefined && current !== undefined && created_ms >= Date.now() - this.idempotencyTtlMs) {
      this.keys.set(`${event.merchant_id}\u0000${event.idempotency.key}`, {
        request_hash: event.idempotency.request_hash,
        created_ms,
        body: this.secretResponse(current, created_ms),
      });
    }
  }
}

function nextSecretId(endpoint: WebhookEndpoint): string {
  return `sec_${endpoint.secrets.length + 1}`;
}

