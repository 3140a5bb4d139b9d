import { COMMON_CONFIG, type Config, type ConfigSpec } from '@payrail/service-kit';

/** Every variable vault-service reads, with its default. */
export const VAULT_CONFIG = {
  ...COMMON_CONFIG,
  ADMIN_TOKEN: {
    type: 'string',
    minLength: 16,
    secret: true,
    description: 'the token that key rotation and key status (/keys) require as X-Admin-Token',
  },
  VAULT_REENCRYPT_BATCH: {
    type: 'integer',
    default: 100,
    minimum: 1,
    maximum: 1_000,
    description: 'the most cards the background re-encryption moves to the newest key per batch (one lock and fsync)',
  },
  VAULT_SNAPSHOT_INTERVAL_MS: {
    type: 'duration_ms',
    default: 1_000,
    minimum: 50,
    maximum: 60_000,
    description: 'the least time between two rewrites of vault/tokens.json and vault/encrypted_cards.json',
  },
} as const satisfies ConfigSpec;

export type VaultConfig = Config<typeof VAULT_CONFIG>;
