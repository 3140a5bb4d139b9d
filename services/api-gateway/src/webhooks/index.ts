import type { Logger } from '@payrail/service-kit';
import type { GatewayDeps } from '../common/deps';
import type { RouteSpec } from '../http/route';

/** Merchant webhooks on the gateway side: endpoints, the events API, deliveries and manual retries. */
export interface Webhooks {
  routes(deps: GatewayDeps): RouteSpec[];
  close(): Promise<void>;
}

/** Opens the webhook endpoint store (its journal) with its own settings read from `env`. */
export async function openWebhooks(_options: { dataDir: string; env: NodeJS.ProcessEnv; logger: Logger }): Promise<Webhooks> {
  return { routes: () => [], close: async () => {} };
}
