import { COMMON_CONFIG, ConfigError, loadConfig, SERVICE_URL_CONFIG, type Config } from '@payrail/service-kit';
import cron from 'node-cron';
import { parseFaultSettings, type FaultSettings } from './faults/faultSettings';

/** Every variable provider-sim reads, with its default. */
export const PROVIDER_SIM_CONFIG = {
  ...COMMON_CONFIG,
  ...SERVICE_URL_CONFIG,
  ADMIN_TOKEN: { type: 'string', minLength: 16, secret: true, description: 'the token admin routes expect in X-Admin-Token' },
  PROVIDER_A_WEBHOOK_SECRET: {
    type: 'string',
    minLength: 16,
    secret: true,
    description: "providerA's webhook signing secret (Stripe-Signature), shared with the gateway",
  },
  PROVIDER_B_HMAC_KEY: {
    type: 'string',
    pattern: '^([0-9A-Fa-f]{2}){16,64}$',
    secret: true,
    description: "providerB's notification HMAC key, hex (32 to 128 digits), shared with the gateway",
  },
  PROVIDER_TIMEOUT_MS: {
    type: 'duration_ms',
    default: 30_000,
    maximum: 600_000,
    description: 'how long a timed-out processor call (timeout fault or timeout card) waits before it answers',
  },
  PROVIDER_SIMULATED_DELAY_MS: {
    type: 'duration_ms',
    default: 2_000,
    maximum: 600_000,
    description: "how long an authorization scripted processing_delay (the gateway's simulate) holds its successful answer; keep it under the gateway's PROCESSOR_TIMEOUT_MS for a slow success, not a timeout",
  },
  PROVIDER_DISPUTE_DELAY_MS: { type: 'duration_ms', default: 2_000, description: 'how long after capture the dispute test card opens its dispute' },
  PROVIDER_DISPUTE_AUTO_OUTCOME: {
    type: 'enum',
    values: ['none', 'won', 'lost'],
    default: 'none',
    description: 'how open disputes close by themselves (none: only POST /admin/disputes/{reference}/resolve closes them)',
  },
  PROVIDER_DISPUTE_AUTO_DELAY_MS: { type: 'duration_ms', default: 5_000, description: 'how long after opening a dispute closes by itself' },
  PIX_AUTO_PAY_MS: {
    type: 'duration_ms',
    default: 0,
    maximum: 86_400_000,
    description: 'how long after its creation a Pix charge pays itself, as if its payer scanned it (0: never; POST /admin/pix/{txid}/pay pays)',
  },
  PROVIDER_WEBHOOK_RETRY_SCHEDULE_MS: {
    type: 'string',
    pattern: '^\\d{1,9}(,\\d{1,9}){0,15}$',
    default: '1000,5000,30000,120000,600000,1800000',
    description: 'the waits before each webhook retry, comma-separated milliseconds (one retry per entry)',
  },
  PROVIDER_WEBHOOK_TIMEOUT_MS: { type: 'duration_ms', default: 10_000, minimum: 100, description: 'how long one webhook delivery attempt may take' },
  PROVIDER_FAULTS: { type: 'string', default: '{}', description: 'initial failure injection, JSON in the shape of PUT /admin/faults' },
  FAULT_SEED: { type: 'integer', default: 1, minimum: 0, maximum: 4_294_967_295, description: 'the seed of the failure-injection random streams' },
  SETTLEMENT_BANK_CRON: {
    type: 'string',
    default: '30 1 * * *',
    description: 'when (UTC, node-cron syntax) the bank settlement file of the previous day is written',
  },
} as const;

export type ProviderSimConfig = Config<typeof PROVIDER_SIM_CONFIG> & {
  readonly faults: FaultSettings;
  readonly webhook_retry_schedule_ms: readonly number[];
};

/** Loads and checks the configuration; a ConfigError names every variable to fix. */
export function loadProviderSimConfig(env: NodeJS.ProcessEnv = process.env): ProviderSimConfig {
  const config = loadConfig(PROVIDER_SIM_CONFIG, env);
  const problems: string[] = [];
  let faults: FaultSettings | null = null;
  try {
    faults = parseFaultSettings(config.PROVIDER_FAULTS, config.FAULT_SEED);
  } catch (error) {
    problems.push(`PROVIDER_FAULTS is not valid: ${(error as Error).message}. Fix it in .env (JSON in the shape of PUT /admin/faults).`);
  }
  if (!cron.validate(config.SETTLEMENT_BANK_CRON)) {
    problems.push(`SETTLEMENT_BANK_CRON=${JSON.stringify(config.SETTLEMENT_BANK_CRON)} is not a cron expression node-cron accepts, such as "30 1 * * *".`);
  }
  if (problems.length > 0 || faults === null) throw new ConfigError(problems);
  return Object.freeze({
    ...config,
    faults,
    webhook_retry_schedule_ms: Object.freeze(config.PROVIDER_WEBHOOK_RETRY_SCHEDULE_MS.split(',').map(Number)),
  });
}
