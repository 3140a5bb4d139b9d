import { COMMON_CONFIG, ConfigError, LEDGER_SHARDS_CONFIG, SERVICE_URL_CONFIG, loadConfig, type Config } from '@payrail/service-kit';
import { fernetEncrypt } from '@payrail/core';
import { JOBS_CONFIG, jobsConfigProblems } from './jobs/jobsConfig';
import { LEASE_CONFIG, leaseConfigProblems } from './lease/leaseConfig';
import { RETRY_SCHEDULE_DEFAULT, parseRetrySchedule } from './outbox/retrySchedule';

export const LEDGER_CONFIG = {
  ...COMMON_CONFIG,
  ...SERVICE_URL_CONFIG,
  ...LEDGER_SHARDS_CONFIG,
  ...JOBS_CONFIG,
  ...LEASE_CONFIG,
  WEBHOOK_SECRET_KEY: {
    type: 'string',
    pattern: '^[A-Za-z0-9_-]{43}=$',
    secret: true,
    // The same sandbox default as the gateway's (api-gateway/src/webhooks/webhookConfig.ts): both must agree.
    default: 'JB7-HgGtdoRPf1KWaMluti3IWtsC5qwfBJn6xSpgHeY=',
    description: 'the Fernet key endpoint signing secrets are encrypted with; the same value as the gateway',
  },
  WEBHOOK_TIMEOUT_MS: { type: 'duration_ms', minimum: 10, maximum: 120_000, default: 15_000, description: 'how long an endpoint has to answer 2xx before the attempt counts as failed' },
  WEBHOOK_RETRY_SCHEDULE: { type: 'string', default: RETRY_SCHEDULE_DEFAULT, description: 'delays before each attempt (units ms, s, m, h, d); the first counts from the event, the last failure goes to the dead-letter queue' },
  WEBHOOK_JITTER_PCT: { type: 'integer', minimum: 0, maximum: 50, default: 10, description: 'each retry delay is moved at random by up to this percentage' },
  WEBHOOK_RETRY_AFTER_MAX_MS: { type: 'duration_ms', default: 36_000_000, description: 'the longest Retry-After (on 429 and 503) that is honoured' },
  WEBHOOK_CONCURRENCY_PER_ENDPOINT: { type: 'integer', minimum: 1, maximum: 256, default: 32, description: 'attempts in flight to one endpoint (started in ledger order); 1 makes deliveries to an endpoint strictly sequential' },
  WEBHOOK_CONCURRENCY_TOTAL: { type: 'integer', minimum: 1, maximum: 4_096, default: 256, description: 'attempts in flight to all endpoints together' },
  // File-system events wake the tailers, but the watcher drops a change that follows another within
  // 5 ms; this poll (one fstat per stream) bounds how late such an append is seen.
  TAIL_POLL_MS: { type: 'duration_ms', minimum: 5, maximum: 60_000, default: 20, description: 'how often the ledger and endpoint files are checked for appends besides file-system events' },
} as const;

export interface LedgerServiceConfig extends Config<typeof LEDGER_CONFIG> {
  /** WEBHOOK_RETRY_SCHEDULE, parsed: the delay before each attempt, in milliseconds. */
  readonly retrySchedule_ms: readonly number[];
}

/** Loads and validates ledger-service's configuration; throws a ConfigError naming every bad variable. */
export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerServiceConfig {
  const config = loadConfig(LEDGER_CONFIG, env);
  const problems: string[] = [];
  let retrySchedule_ms: number[] = [];
  try {
    retrySchedule_ms = parseRetrySchedule(config.WEBHOOK_RETRY_SCHEDULE);
  } catch (error) {
    problems.push(`WEBHOOK_RETRY_SCHEDULE=${JSON.stringify(config.WEBHOOK_RETRY_SCHEDULE)} is not valid: ${(error as Error).message}. Fix it in .env or the environment.`);
  }
  try {
    fernetEncrypt(config.WEBHOOK_SECRET_KEY, 'probe');
  } catch {
    problems.push('WEBHOOK_SECRET_KEY is not a Fernet key: expected base64url of 32 bytes (44 characters ending in =). Fix it in .env or the environment.');
  }
  problems.push(...jobsConfigProblems(config), ...leaseConfigProblems(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({ ...config, retrySchedule_ms: Object.freeze(retrySchedule_ms) });
}
