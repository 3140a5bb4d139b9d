import { Router } from 'express';
import type { Logger } from 'pino';
import { inputChecker, refuse } from '../http/checkInput';
import { envParam } from '../webhooks/webhookEnvs';
import { API_KEY_PATTERN, type ApiKeyStore } from './ApiKeyStore';

export const checkApiKeyBody = inputChecker({
  type: 'object',
  additionalProperties: false,
  required: ['api_key'],
  properties: { api_key: { type: 'string', pattern: API_KEY_PATTERN.source, description: "the env's merchant account key at the gateway (sk_test_...)" } },
});

/**
 * `GET /admin/api-keys` (sources and prefixes only) and `PUT /admin/api-keys/:env {api_key}`: the
 * gateway account each env places its orders with. Never echoes a key.
 */
export function apiKeyRoutes(keys: ApiKeyStore, logger: Logger): Router {
  const router = Router();
  router.get('/admin/api-keys', (_req, res) => {
    res.json({ object: 'api_keys', data: keys.summary() });
  });
  router.put('/admin/api-keys/:env', async (req, res) => {
    const env = envParam(req.params.env);
    const problem = checkApiKeyBody(req.body ?? {});
    // The pattern's message would quote the key: name the field only.
    if (problem !== null) refuse({ ...problem, message: problem.code === 'parameter_invalid' ? "api_key must be a gateway secret key: 'sk_test_' and 8 to 128 letters, digits or '_'." : problem.message });
    await keys.set(env, (req.body as { api_key: string }).api_key);
    const summary = keys.summary()[env];
    logger.info({ env, prefix: summary.prefix, correlation_id: req.correlationId }, 'env API key replaced');
    res.json({ env, ...summary });
  });
  return router;
}
