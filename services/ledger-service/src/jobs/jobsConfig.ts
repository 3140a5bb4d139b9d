import { isTimeZone } from '@payrail/settlement';
import cron from 'node-cron';

/** The environment variables of the settlement and reconciliation jobs (merge into ledger-service's spec). */
export const JOBS_CONFIG = {
  SETTLEMENT_CRON: {
    type: 'string',
    default: '0 2 * * *',
    description: 'when (node-cron syntax, in SETTLEMENT_TIMEZONE) the previous business day is settled and reconciled',
  },
  SETTLEMENT_TIMEZONE: {
    type: 'string',
    default: 'UTC',
    description: 'the IANA time zone of business days: a payment belongs to the day of its capture there',
  },
  SETTLEMENT_CATCHUP_DAYS: {
    type: 'integer',
    minimum: 0,
    maximum: 31,
    default: 2,
    description: 'how many days before the previous one each nightly run also completes when not done yet (a missed night, a late bank file)',
  },
} as const;

export interface JobsConfig {
  readonly SETTLEMENT_CRON: string;
  readonly SETTLEMENT_TIMEZONE: string;
  readonly SETTLEMENT_CATCHUP_DAYS: number;
}

/** What the ajv spec cannot check: the cron expression and the time zone. Each problem names its variable and the fix. */
export function jobsConfigProblems(config: JobsConfig): string[] {
  const problems: string[] = [];
  if (!cron.validate(config.SETTLEMENT_CRON)) problems.push(`SETTLEMENT_CRON=${JSON.stringify(config.SETTLEMENT_CRON)} is not a cron expression node-cron accepts, such as "0 2 * * *".`);
  if (!isTimeZone(config.SETTLEMENT_TIMEZONE)) problems.push(`SETTLEMENT_TIMEZONE=${JSON.stringify(config.SETTLEMENT_TIMEZONE)} is not an IANA time zone, such as "UTC" or "Europe/Paris".`);
  return problems;
}
