import * as path from 'node:path';
import { contractCheck, correlation, errorHandler, healthRoutes, inputGate, jsonBody, notFound, readinessProbe, requestLog, requireToken, type Logger } from '@payrail/service-kit';
import express, { type Express } from 'express';
import { ledgerServiceOpenApi } from './docs/openapi';
import type { LedgerServiceConfig } from './config';
import type { Ledger } from './ledger/ledger';
import type { Jobs } from './jobs';
import { outboxRoutes, type OutboxControl } from './outbox/outboxRoutes';

/** What ledger-service's routes are built from (index.ts wires the real ones). */
export interface LedgerServiceDeps {
  config: LedgerServiceConfig;
  logger: Logger;
  /** The absolute data folder. */
  dataDir: string;
  ledger: Ledger;
  /** The dispatcher of this process while it holds the dispatcher lease (its status and manual retries). */
  dispatcher: OutboxControl;
  /** Settlement and reconciliation, on demand (POST /jobs/...) and nightly. */
  jobs: Jobs;
}

/** Internal bodies are a retry or a job request: a few fields. */
const BODY_BYTES_MAX = 16 * 1024;

/** The express app of ledger-service, for index.ts and for supertest. */
export function createApp(deps: LedgerServiceDeps): Express {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const document = ledgerServiceOpenApi();
  app.use(contractCheck('ledger-service', document));
  app.use(correlation(logger), requestLog(logger), inputGate());
  app.use(healthRoutes({
    service: 'ledger-service',
    ready: readinessProbe({
      folders: Object.fromEntries(['ledger', 'outbox', 'settlement', 'reports'].map((name) => [name, path.join(deps.dataDir, name)])),
      journals: { ledger: deps.ledger },
    }),
  }));
  app.get('/openapi.json', (_req, res) => void res.json(document));
  app.use(jsonBody({ limit: BODY_BYTES_MAX }));

  const internal = requireToken('x-internal-token', config.INTERNAL_TOKEN, 'internal_token_invalid');
  app.use(['/internal', '/outbox'], internal);
  app.use(outboxRoutes(deps.dispatcher));

  app.use('/jobs', internal);
  app.use(deps.jobs.router);

  app.use(notFound());
  app.use(errorHandler(logger));
  return app;
}
