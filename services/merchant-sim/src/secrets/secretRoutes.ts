import { PayrailError } from '@payrail/core';
import { Router } from 'express';
import type { Logger } from 'pino';
import { inputChecker, refuse } from '../http/checkInput';
import { envParam } from '../webhooks/webhookEnvs';
import { SECRETS_PER_ENV_MAX, secretsMapProblem, type SecretStore } from './SecretStore';

export const checkBody = inputChecker({
  type: 'object',
  additionalProperties: false,
  required: ['secrets'],
  properties: { secrets: { type: 'array', minItems: 1, maxItems: SECRETS_PER_ENV_MAX, uniqueItems: true, items: { type: 'string' } } },
});

/**
 * `GET /admin/secrets` (counts and fingerprints only) and `PUT /admin/secrets/:env` `{secrets: ["whsec_..."]}`:
 * the gateway pushes an endpoint's secrets when it registers it or rotates its secret. Never echoes a secret.
 */
export function secretRoutes(secrets: SecretStore, logger: Logger): Router {
  const router = Router();
  router.get('/admin/secrets', (_req, res) => {
    res.json({ object: 'secrets', data: secrets.summary() });
  });
  router.put('/admin/secrets/:env', async (req, res) => {
    const env = envParam(req.params.env);
    refuse(checkBody(req.body ?? {}));
    const list = (req.body as { secrets: string[] }).secrets;
    const problem = secretsMapProblem({ [env]: list });
    if (problem !== null) throw new PayrailError('parameter_invalid', `secrets: ${problem}.`, { param: 'secrets' });
    await secrets.set(env, list);
    const summary = secrets.summary()[env];
    logger.info({ env, count: summary.count, fingerprints: summary.fingerprints, correlation_id: req.correlationId }, 'endpoint secrets replaced');
    res.json({ env, ...summary });
  });
  return router;
}
