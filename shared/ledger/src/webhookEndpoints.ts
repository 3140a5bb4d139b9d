import type { JournalEvent } from '@payrail/journal';

/** The stream of merchant webhook endpoints (written by the gateway, followed by ledger-service). */
export const WEBHOOK_ENDPOINTS_STREAM = 'gateway/webhook_endpoints';

/** A signing secret as stored: Fernet ciphertext under WEBHOOK_SECRET_KEY, never the secret itself. */
export interface EndpointSecret {
  id: string;
  ciphertext: string;
  created: string;
  expires_at: string | null;
}

/** A merchant's webhook endpoint as the events of `gateway/webhook_endpoints` build it. */
export interface WebhookEndpoint {
  id: string;
  merchant: string;
  url: string;
  enabled_events: string[];
  description: string | null;
  /** `payrail` (Standard Webhooks, PayRail's events) or `stripe` (Stripe's events and Stripe-Signature). */
  dialect: 'payrail' | 'stripe';
  metadata: Record<string, string>;
  status: 'enabled' | 'disabled';
  disabled_reason: 'requested' | 'gone' | null;
  deleted: boolean;
  /** Oldest first; the last one is the current secret. */
  secrets: EndpointSecret[];
  created: string;
}

/**
 * Applies one `webhook_endpoint.*` event to `endpoints` (the one reducer of the stream, for the gateway
 * and the dispatcher alike) and returns the endpoint it changed, or null.
 */
export function applyEndpointEvent(endpoints: Map<string, WebhookEndpoint>, event: JournalEvent): WebhookEndpoint | null {
  const data = event.data;
  const endpoint = endpoints.get(event.ref);
  switch (event.type) {
    case 'webhook_endpoint.created': {
      const created: WebhookEndpoint = {
        id: event.ref,
        merchant: event.merchant_id ?? '',
        url: data['url'] as string,
        enabled_events: data['enabled_events'] as string[],
        description: (data['description'] as string | null | undefined) ?? null,
        dialect: data['dialect'] === 'stripe' ? 'stripe' : 'payrail',
        metadata: (data['metadata'] as Record<string, string> | undefined) ?? {},
        status: 'enabled',
        disabled_reason: null,
        deleted: false,
        secrets: [{ ...(data['secret'] as { id: string; ciphertext: string }), created: event.timestamp, expires_at: null }],
        created: event.timestamp,
      };
      endpoints.set(event.ref, created);
      return created;
    }
    case 'webhook_endpoint.updated':
      if (endpoint === undefined) return null;
      if (typeof data['url'] === 'string') endpoint.url = data['url'];
      if (Array.isArray(data['enabled_events'])) endpoint.enabled_events = data['enabled_events'] as string[];
      if (data['description'] !== undefined) endpoint.description = data['description'] as string | null;
      if (data['metadata'] !== undefined) endpoint.metadata = data['metadata'] as Record<string, string>;
      return endpoint;
    case 'webhook_endpoint.secret_rotated':
      if (endpoint === undefined) return null;
      for (const { id, expires_at } of data['expiring'] as Array<{ id: string; expires_at: string }>) {
        const old = endpoint.secrets.find((s) => s.id === id);
        if (old !== undefined) old.expires_at = expires_at;
      }
      endpoint.secrets.push({ ...(data['secret'] as { id: string; ciphertext: string }), created: event.timestamp, expires_at: null });
      return endpoint;
    case 'webhook_endpoint.disabled':
      if (endpoint === undefined) return null;
      endpoint.status = 'disabled';
      endpoint.disabled_reason = data['reason'] as 'requested' | 'gone';
      return endpoint;
    case 'webhook_endpoint.enabled':
      if (endpoint === undefined) return null;
      endpoint.status = 'enabled';
      endpoint.disabled_reason = null;
      return endpoint;
    case 'webhook_endpoint.deleted':
      if (endpoint === undefined) return null;
      endpoint.deleted = true;
      return endpoint;
    default:
      return null;
  }
}
