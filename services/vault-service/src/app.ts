import { contractCheck, correlation, errorHandler, healthRoutes, inputGate, jsonBody, notFound, requestLog, requireToken, type Logger, type Readiness } from '@payrail/service-kit';
import express, { type Express } from 'express';
import { vaultOpenApi } from './docs/openapi';
import { keyRoutes } from './keys/keyRoutes';
import type { KeyService } from './keys/keyService';
import { tokenRoutes } from './tokens/tokenRoutes';
import type { TokenService } from './tokens/tokenService';

export interface AppDeps {
  config: { INTERNAL_TOKEN: string; ADMIN_TOKEN: string };
  logger: Logger;
  tokens: TokenService;
  keys: KeyService;
  ready(): Promise<Readiness>;
}

/** The largest request body the vault reads: a card is a few hundred bytes. */
const BODY_BYTES_MAX = 16 * 1024;

/**
 * The vault's HTTP API. Every route but /health and /ready needs X-Internal-Token; the /keys routes
 * also need X-Admin-Token.
 */
export function createApp({ config, logger, tokens, keys, ready }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  const document = vaultOpenApi();
  app.use(contractCheck('vault-service', document));
  app.use(correlation(logger));
  app.use(requestLog(logger));
  app.use(inputGate());
  app.use(healthRoutes({ service: 'vault-service', ready }));
  app.get('/openapi.json', (_req, res) => void res.json(document));
  app.use(requireToken('x-internal-token', config.INTERNAL_TOKEN, 'internal_token_invalid'));
  app.use(jsonBody({ limit: BODY_BYTES_MAX }));
  app.use(tokenRoutes(tokens));
  app.use('/keys', requireToken('x-admin-token', config.ADMIN_TOKEN, 'admin_token_invalid'), keyRoutes(keys));
  app.use(notFound());
  app.use(errorHandler(logger));
  return app;
}
