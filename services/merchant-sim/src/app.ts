import { contractCheck, correlation, errorHandler, healthRoutes, inputGate, jsonBody, notFound, requestLog, requireToken, type Logger, type Readiness } from '@payrail/service-kit';
import { merchantSimOpenApi } from './docs/openapi';
import express, { type Express } from 'express';
import type { DeliveryLog } from './deliveries/DeliveryLog';
import { eventRoutes } from './deliveries/eventRoutes';
import { apiKeyRoutes } from './envs/apiKeyRoutes';
import type { ApiKeyStore } from './envs/ApiKeyStore';
import type { MerchantView } from './MerchantView';
import type { ModeBoard } from './modes/ModeBoard';
import { modeRoutes } from './modes/modeRoutes';
import type { GatewayReader } from './orders/ledgerView';
import { orderRoutes } from './orders/orderRoutes';
import type { SecretStore } from './secrets/SecretStore';
import { secretRoutes } from './secrets/secretRoutes';
import type { Checkout } from './storefront/Checkout';
import type { GatewayApi } from './storefront/GatewayApi';
import { shopPages } from './storefront/shopPages';
import { storefrontRoutes } from './storefront/storefrontRoutes';
import { webhookRoutes } from './webhooks/webhookRoutes';

export interface AppDeps {
  internalToken: string;
  logger: Logger;
  view: MerchantView;
  deliveries: DeliveryLog;
  secrets: SecretStore;
  modes: ModeBoard;
  /** Reads of the gateway (ledger views), with each env's API key. */
  gateway: GatewayReader;
  /** The storefront's calls to the gateway, and the checkout that makes them. */
  gatewayApi: GatewayApi;
  checkout: Checkout;
  apiKeys: ApiKeyStore;
  /** MERCHANT_SIM_SECRET_KEY: the storefront keys its request hashes with it. */
  secretKey: string;
  ready(): Promise<Readiness>;
  /** Aborted at shutdown; defaults to never. */
  stopping?: AbortSignal;
  /** Picks flaky failures; defaults to Math.random. */
  random?: () => number;
}

/** Admin bodies are a mode, a key or a few secrets. */
const ADMIN_BODY_BYTES_MAX = 8 * 1024;

/**
 * merchant-sim's HTTP API: the webhook receiver (`POST /webhooks/:env`, open, as a merchant's is), the
 * storefront (`POST /orders` and the `/shop` pages) and the read API of the merchant's dashboard
 * (`/events`, `/orders`), open on loopback, and `/admin/*` (modes, secrets, API keys) behind
 * X-Internal-Token.
 */
export function createApp({ internalToken, logger, view, deliveries, secrets, modes, gateway, gatewayApi, checkout, apiKeys, secretKey, ready, stopping = new AbortController().signal, random = Math.random }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  const document = merchantSimOpenApi();
  app.use(contractCheck('merchant-sim', document));
  app.use(correlation(logger));
  app.use(requestLog(logger));
  app.use(inputGate());
  app.use(healthRoutes({ service: 'merchant-sim', ready }));
  app.get('/openapi.json', (_req, res) => void res.json(document));
  app.use(webhookRoutes({ modes, secrets, deliveries, logger, random, stopping }));
  app.use(eventRoutes(view.deliveries));
  app.use(storefrontRoutes({ checkout, placed: view.placed, orders: view.orders, gateway: gatewayApi, reader: gateway, secretKey }));
  app.use(orderRoutes(view.orders, view.placed, gateway));
  app.use(shopPages(view.placed, view.orders, view.deliveries));
  app.use('/admin', requireToken('x-internal-token', internalToken, 'internal_token_invalid'), jsonBody({ limit: ADMIN_BODY_BYTES_MAX }));
  app.use(modeRoutes(modes, logger));
  app.use(secretRoutes(secrets, logger));
  app.use(apiKeyRoutes(apiKeys, logger));
  app.use(notFound());
  app.use(errorHandler(logger));
  return app;
}
