import type { WebhookVerifyFailure } from '@payrail/core';
import type { Mode } from '../modes/modeSetting';
import type { WebhookEnv } from '../webhooks/webhookEnvs';

/** The one stream merchant-sim writes, and its lock. */
export const DELIVERIES_STREAM = 'merchant-sim/deliveries';
export const DELIVERIES_LOCK = 'merchant-sim/.journal';
export const DELIVERY_RECEIVED = 'merchant_sim.delivery_received';

/** The webhook-* headers (and two for context) kept with every delivery. */
export const STORED_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'webhook-attempt', 'content-type', 'user-agent'] as const;

export type StoredHeader = (typeof STORED_HEADERS)[number];

export type SignatureReason = WebhookVerifyFailure | 'body_too_large';

/** The data of one `merchant_sim.delivery_received` line: one delivery attempt, valid or not. */
export interface DeliveryRecord {
  delivery_id: string;
  webhook_id?: string;
  env: WebhookEnv;
  attempt: number;
  received_at: string;
  signature_valid: boolean;
  signature_reason?: SignatureReason;
  mode: Mode;
  flaky_pct?: number;
  timeout_ms?: number;
  status: number;
  latency_ms: number;
  delta_ms?: number;
  duplicate: boolean;
  sender_disconnected?: boolean;
  headers: Partial<Record<StoredHeader, string>>;
  body?: unknown;
  body_bytes: number;
  body_truncated?: boolean;
  body_masked?: boolean;
}

/** The key a delivery is deduplicated by: its webhook-id, or its own id when it had none. */
export const eventKeyOf = (record: DeliveryRecord): string => record.webhook_id ?? record.delivery_id;

/** A delivery is processed (applied to the merchant's orders) when it verified, was answered 2xx and was not seen before. */
export const isProcessing = (record: DeliveryRecord): boolean =>
  record.signature_valid && record.status >= 200 && record.status < 300 && !record.duplicate;
