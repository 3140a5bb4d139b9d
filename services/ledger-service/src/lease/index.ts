export { DispatcherLease, LEASE_LOCK_STALE_MS, parseLease, type LeaseChange, type LeaseLossReason, type LeaseOptions, type LeaseRecord, type LeaseRole, type LeaseState } from './dispatcherLease';
export { LEASE_CONFIG, leaseConfigProblems, type LeaseConfig } from './leaseConfig';
export { LeaseRunner, type LeaseRunnerDeps } from './leaseRunner';

/** Where the dispatcher lease lives in the data folder (its lock is `<file>.lock`). */
export const LEASE_FILE = 'ops/dispatcher.lease.json';
