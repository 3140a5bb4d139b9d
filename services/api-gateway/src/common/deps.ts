import type { Logger } from '@payrail/service-kit';
import type { GatewayConfig } from '../config';
import type { GatewayMetrics } from './gatewayMetrics';
import type { Ledger } from '../ledger/ledger';
import type { MerchantStore } from '../merchants/merchantStore';
import type { Processors } from '../processors/processors';
import type { VaultClient } from '../processors/vaultClient';
import type { Webhooks } from '../webhooks';
import type { WebhookInbox } from '../providerWebhooks/webhookInbox';
import type { CustomerStore } from '../stripe/customerStore';
import type { SloEvaluator } from '../ops/sloEvaluator';

/** What the gateway's routes and commands are built from (index.ts wires the real ones). */
import type { RateLimiter } from '../merchants/rateLimiter';

export interface GatewayDeps {
  config: GatewayConfig;
  logger: Logger;
  ledger: Ledger;
  merchants: MerchantStore;
  vault: VaultClient;
  processors: Processors;
  webhooks: Webhooks;
  metrics: GatewayMetrics;
  /** Every processor webhook received. */
  inbox: WebhookInbox;
  /** The customers of the Stripe-compatible API. */
  customers: CustomerStore;
  /** The SLOs, evaluated from every service's metrics samples; alerts in ops/alerts.jsonl. */
  slos: SloEvaluator;
  /** Every merchant's rate limit, shared by all gateway processes on the data folder (gateway/rate_limits.json). */
  rateLimiter: RateLimiter;
}
