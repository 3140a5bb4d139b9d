import { contractCheck, correlation, errorHandler, healthRoutes, inputGate, jsonBody, notFound, requestLog, requireToken, type Logger, type Readiness } from '@payrail/service-kit';
import { merchantSimOpenApi } from './docs/openapi';
import express, { type Express } from 'express';
import type { DeliveryLog } from './deliveries/DeliveryLog';
import { eventRoutes } from './deliveries/eventRoutes';
import type { MerchantView } from './MerchantView';
import type { ModeBoard } from './modes/ModeBoard';
import { modeRoutes } from './modes/modeRoutes';
import type { GatewayReader } from './orders/ledgerView';
import { orderRoutes } from './orders/orderRoutes';
import type { SecretStore } from './secrets/SecretStore';
import { secretRoutes } from './secrets/secretRoutes';
import { webhookRoutes } from './webhooks/webhookRoutes';

export interface AppDeps {
  internalToken: string;
  logger: Logger;
  view: MerchantView;
  deliveries: DeliveryLog;
  secrets: SecretStore;
  modes: ModeBoard;
  gateway: GatewayReader;
  ready(): Promise<Readiness>;
  /** Aborted at shutdown; defaults to never. */
  stopping?: AbortSignal;
  /** Picks flaky failures; defaults to Math.random. */
  random?: () => number;
}

/** Admin bodies are a mode or a few secrets. */
const ADMIN_BODY_BYTES_MAX = 8 * 1024;

/**
 * merchant-sim's HTTP API: the webhook receiver (`POST /webhooks/:env`, open, as a merchant's is), the
 * read API the merchant's dashboard uses (`/events`, `/orders`, open on loopback), and `/admin/*`
 * (modes, secrets) behind X-Internal-Token.
 */
export function createApp({ internalToken, logger, view, deliveries, secrets, modes, gateway, ready, stopping = new AbortController().signal, random = Math.random }: AppDeps): Express {
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
  app.use(orderRoutes(view.orders, gateway));
  app.use('/admin', requireToken('x-internal-token', internalToken, 'internal_token_invalid'), jsonBody({ limit: ADMIN_BODY_BYTES_MAX }));
  app.use(modeRoutes(modes, logger));
  app.use(secretRoutes(secrets, logger));
  app.use(notFound());
  app.use(errorHandler(logger));
  return app;
}
