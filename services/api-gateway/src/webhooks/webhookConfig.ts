import { fernetEncrypt } from '@payrail/core';
import { ConfigError, loadConfig, type Config } from '@payrail/service-kit';
import { GATEWAY_CONFIG } from '../config';

/**
 * The gateway's webhook settings. WEBHOOK_SECRET_KEY must be the same in ledger-service, which
 * decrypts the endpoint secrets to sign deliveries; its default is a sandbox key, published on purpose.
 */
export const WEBHOOK_CONFIG = {
  WEBHOOK_SECRET_KEY: {
    type: 'string',
    pattern: '^[A-Za-z0-9_-]{43}=$',
    secret: true,
    default: 'JB7-HgGtdoRPf1KWaMluti3IWtsC5qwfBJn6xSpgHeY=',
    description: 'the Fernet key (base64url of 32 bytes) endpoint signing secrets are encrypted with at rest; same value in ledger-service',
  },
  WEBHOOK_ROTATION_GRACE_MS: {
    type: 'duration_ms',
    maximum: 30 * 86_400_000,
    default: 86_400_000,
    description: 'how long the previous signing secret keeps signing after a rotation (expires_in_ms overrides it per call)',
  },
  /** Creations and rotations honour Idempotency-Key for as long as the rest of the API. */
  IDEMPOTENCY_TTL_MS: GATEWAY_CONFIG.IDEMPOTENCY_TTL_MS,
} as const;

export type WebhookConfig = Config<typeof WEBHOOK_CONFIG>;

/** Reads the webhook settings from `env`; a key Fernet refuses is reported like any bad variable. */
export function loadWebhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  const config = loadConfig(WEBHOOK_CONFIG, env);
  try {
    fernetEncrypt(config.WEBHOOK_SECRET_KEY, 'probe');
  } catch {
    throw new ConfigError(['WEBHOOK_SECRET_KEY is not a Fernet key: expected base64url of 32 bytes (44 characters ending in =). Fix it in .env or the environment.']);
  }
  return config;
}
