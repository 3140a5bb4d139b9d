import { LEASE_LOCK_STALE_MS } from './dispatcherLease';

/** The environment variables of the dispatcher lease (merge into ledger-service's spec). */
export const LEASE_CONFIG = {
  LEDGER_LEASE_TTL_MS: {
    type: 'duration_ms',
    minimum: 1_000,
    maximum: 600_000,
    default: 10_000,
    description: 'how long the dispatcher lease (ops/dispatcher.lease.json) lasts unrenewed: a standby ledger-service takes over that long after the holder died',
  },
  LEDGER_LEASE_RENEW_MS: {
    type: 'duration_ms',
    minimum: 50,
    maximum: 60_000,
    default: 2_000,
    description: "how often the holder renews the lease and a standby looks at it; the holder stops this long before its lease expires, so hosts' clocks must agree to better than this",
  },
} as const;

export interface LeaseConfig {
  readonly LEDGER_LEASE_TTL_MS: number;
  readonly LEDGER_LEASE_RENEW_MS: number;
}

/** What the ajv spec cannot check: the TTL against the renewal interval and the lock's staleness. */
export function leaseConfigProblems(config: LeaseConfig): string[] {
  const { LEDGER_LEASE_TTL_MS: ttl, LEDGER_LEASE_RENEW_MS: renew } = config;
  const floor = Math.max(3 * renew, LEASE_LOCK_STALE_MS + renew + 1);
  if (ttl >= floor) return [];
  return [
    `LEDGER_LEASE_TTL_MS=${ttl} is too short for LEDGER_LEASE_RENEW_MS=${renew}: it must be at least ${floor} (three renewals, and more than the lease lock's ${LEASE_LOCK_STALE_MS} ms staleness plus one renewal). Raise LEDGER_LEASE_TTL_MS or lower LEDGER_LEASE_RENEW_MS.`,
  ];
}
