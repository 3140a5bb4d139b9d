import { serviceUrls, type Logger } from '@payrail/service-kit';
import type { GatewayDeps } from '../common/deps';
import type { RouteSpec } from '../http/route';
import { DeliveryLog } from './deliveryLog';
import { endpointRoutes } from './endpointRoutes';
import { EndpointStore } from './endpointStore';
import { eventRoutes } from './eventRoutes';
import { LedgerServiceClient } from './ledgerServiceClient';
import { loadWebhookConfig } from './webhookConfig';

/** Merchant webhooks on the gateway side: endpoints, the events API, deliveries and manual retries. */
export interface Webhooks {
  routes(deps: GatewayDeps): RouteSpec[];
  /** The endpoint store (the Stripe-compatible API creates endpoints of its own dialect in it). */
  store: EndpointStore;
  /** The dispatcher's delivery attempts as the events routes read them (GraphQL reads the same). */
  deliveries: DeliveryLog;
  close(): Promise<void>;
}

/** Opens the webhook endpoint store (its journal) with its own settings read from `env`. */
export async function openWebhooks(options: { dataDir: string; env: NodeJS.ProcessEnv; logger: Logger }): Promise<Webhooks> {
  const config = loadWebhookConfig(options.env);
  const store = await EndpointStore.open({
    dataDir: options.dataDir,
    secretKey: config.WEBHOOK_SECRET_KEY,
    idempotencyTtlMs: config.IDEMPOTENCY_TTL_MS,
    logger: options.logger,
  });
  const log = new DeliveryLog(options.dataDir, options.logger);
  return {
    store,
    deliveries: log,
    routes: (deps) => [
      ...endpointRoutes(store, config.WEBHOOK_ROTATION_GRACE_MS),
      ...eventRoutes(deps, store, log, new LedgerServiceClient(serviceUrls(deps.config).ledger, deps.config.INTERNAL_TOKEN)),
    ],
    close: async () => {
      await log.close();
      await store.close();
    },
  };
}
