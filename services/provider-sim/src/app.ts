import { contractCheck, correlation, errorHandler, healthRoutes, inputGate, jsonBody, notFound, requestLog, requireToken, type Logger, type Readiness } from '@payrail/service-kit';
import express, { Router, type Express } from 'express';
import type { SimBooks } from './books/simBooks';
import type { ChargeService } from './charges/chargeService';
import { providerSimOpenApi } from './docs/openapi';
import { disputeRoutes } from './disputes/disputeRoutes';
import type { FaultInjector } from './faults/faultInjector';
import { faultRoutes } from './faults/faultRoutes';
import { stripeRoutes } from './providerA/stripeRoutes';
import { pixRoutes } from './pix/pixRoutes';
import { adyenRoutes } from './providerB/adyenRoutes';
import { settlementRoutes } from './settlement/settlementRoutes';
import type { SettlementWriter } from './settlement/settlementWriter';

export interface ProviderSimDeps {
  internalToken: string;
  adminToken: string;
  /** How long a timed-out processor call waits before answering (PROVIDER_TIMEOUT_MS). */
  timeout_ms: number;
  /** How long a scripted processing_delay holds its answer (PROVIDER_SIMULATED_DELAY_MS). */
  simulated_delay_ms: number;
  books: SimBooks;
  charges: ChargeService;
  faults: FaultInjector;
  settlement: SettlementWriter;
  logger: Logger;
  ready: () => Promise<Readiness>;
}

/** Admin bodies are a fault setting, a dispute, a Pix payment or a settlement day. */
const ADMIN_BODY_BYTES_MAX = 16 * 1024;

/**
 * provider-sim's HTTP surface: `/providerA/v1` (Stripe-like) and `/providerB/v68` (Adyen-like) for
 * the gateway (X-Internal-Token), `/admin` for people and tests (X-Admin-Token: faults, disputes, Pix
 * payments, settlement files), `/health`, `/ready`.
 */
export function createApp(deps: ProviderSimDeps): Express {
  const { logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  const document = providerSimOpenApi();
  app.use(contractCheck('provider-sim', document));
  app.use(correlation(logger), requestLog(logger), inputGate());
  app.use(healthRoutes({ service: 'provider-sim', ready: deps.ready }));
  app.get('/openapi.json', (_req, res) => void res.json(document));

  const processor = { charges: deps.charges, books: deps.books, faults: deps.faults, internalToken: deps.internalToken, delays: { timeout_ms: deps.timeout_ms, simulated_delay_ms: deps.simulated_delay_ms } };
  app.use('/providerA/v1', stripeRoutes(processor));
  app.use('/providerB/v68', adyenRoutes(processor));

  const admin = Router();
  admin.use(requireToken('X-Admin-Token', deps.adminToken, 'admin_token_invalid'), jsonBody({ limit: ADMIN_BODY_BYTES_MAX }));
  admin.use(faultRoutes({ faults: deps.faults, logger }));
  admin.use(disputeRoutes({ books: deps.books, charges: deps.charges }));
  admin.use(pixRoutes({ books: deps.books, charges: deps.charges }));
  admin.use(settlementRoutes({ writer: deps.settlement }));
  app.use('/admin', admin);

  app.use(notFound(), errorHandler(logger));
  return app;
}
