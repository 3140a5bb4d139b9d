import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createLogger } from '@payrail/service-kit';
import { makeTempDataDir } from '@payrail/testing';
import * as lockfile from 'proper-lockfile';
import { DispatcherLease, parseLease, type LeaseChange, type LeaseOptions } from './dispatcherLease';
import { leaseConfigProblems } from './leaseConfig';

const logger = createLogger({ service: 'ledger-service', level: 'silent' });
const TTL_MS = 1_000;
const RENEW_MS = 200;

describe('the dispatcher lease (a real folder, one clock for every holder)', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;
  let clock: number;
  let leases: DispatcherLease[];
  let changes: Map<string, LeaseChange[]>;

  beforeEach(() => {
    ({ dir, cleanup } = makeTempDataDir('lease'));
    file = path.join(dir, 'ops', 'dispatcher.lease.json');
    clock = Date.parse('2026-03-02T10:00:00.000Z');
    leases = [];
    changes = new Map();
  });
  afterEach(async () => {
    await Promise.all(leases.map((l) => l.stop()));
    cleanup();
  });

  /** A holder on the test's clock (or the real one), its role changes kept under its name. */
  const lease = (holder: string, options: Partial<LeaseOptions> = {}): DispatcherLease => {
    changes.set(holder, []);
    const created = new DispatcherLease({ file, holder, ttl_ms: TTL_MS, renew_ms: RENEW_MS, logger, now: () => clock, onChange: (c) => changes.get(holder)?.push(c), ...options });
    leases.push(created);
    return created;
  };
  const onDisk = () => parseLease(readFileSync(file, 'utf8'));
  const advance = (ms: number): void => {
    clock += ms;
  };

  it('the first look takes a vacant lease with epoch 1; renewals keep the epoch and push the expiry', async () => {
    const a = lease('host-a/1/aa');
    await a.start();
    expect(a.held()).toBe(true);
    expect(onDisk()).toEqual({ holder: 'host-a/1/aa', epoch: 1, acquired_at: '2026-03-02T10:00:00.000Z', renewed_at: '2026-03-02T10:00:00.000Z', expires_at: '2026-03-02T10:00:01.000Z' });
    expect(changes.get('host-a/1/aa')).toEqual([{ role: 'active', epoch: 1 }]);

    advance(RENEW_MS);
    await a.check();
    expect(onDisk()).toMatchObject({ epoch: 1, acquired_at: '2026-03-02T10:00:00.000Z', renewed_at: '2026-03-02T10:00:00.200Z', expires_at: '2026-03-02T10:00:01.200Z' });
    expect(a.state()).toEqual({ role: 'active', self: 'host-a/1/aa', holder: 'host-a/1/aa', epoch: 1, expires_at: '2026-03-02T10:00:01.200Z' });
  });

  it('a standby waits while the lease is valid, and takes it over with the next epoch once it has expired', async () => {
    const a = lease('a');
    const b = lease('b');
    await a.check();
    await b.check();
    expect(b.held()).toBe(false);
    expect(b.state()).toMatchObject({ role: 'standby', holder: 'a', epoch: 1 });

    advance(TTL_MS - 1);
    await b.check();
    expect(b.held()).toBe(false); // 1 ms left: still a's

    advance(1);
    await b.check();
    expect(b.held()).toBe(true);
    expect(onDisk()).toMatchObject({ holder: 'b', epoch: 2, acquired_at: new Date(clock).toISOString() });
    expect(changes.get('b')).toEqual([{ role: 'active', epoch: 2 }]);
  });

  it('a holder that was paused past its margin stops acting at once, and on coming back sees the lease taken', async () => {
    const a = lease('a');
    const b = lease('b');
    await a.check();
    // a is "paused": it runs no pass while the clock moves on.
    advance(TTL_MS - RENEW_MS);
    expect(a.held()).toBe(false); // its margin is gone, before anyone may take over
    expect(a.heldAt(1)).toBe(false);
    advance(RENEW_MS);
    await b.check();
    expect(onDisk()).toMatchObject({ holder: 'b', epoch: 2 });

    // a comes back: its pass finds another holder and epoch, and it stands by without writing.
    await a.check();
    expect(a.held()).toBe(false);
    expect(a.state()).toMatchObject({ role: 'standby', holder: 'b', epoch: 2 });
    expect(changes.get('a')).toEqual([{ role: 'active', epoch: 1 }, { role: 'standby', epoch: 1, reason: 'taken_over' }]);
    expect(onDisk()).toMatchObject({ holder: 'b', epoch: 2 });
  });

  it('a holder that could not renew before its margin steps down instead of renewing late; the next taker gets a new epoch', async () => {
    const a = lease('a');
    await a.check();
    advance(TTL_MS - RENEW_MS + 1);
    await a.check();
    expect(changes.get('a')).toEqual([{ role: 'active', epoch: 1 }, { role: 'standby', epoch: 1, reason: 'not_renewed' }]);
    expect(onDisk()).toMatchObject({ holder: 'a', epoch: 1, renewed_at: '2026-03-02T10:00:00.000Z' }); // not renewed late
    advance(RENEW_MS);
    await a.check();
    expect(a.held()).toBe(true);
    expect(onDisk()).toMatchObject({ holder: 'a', epoch: 2 });
  });

  it('a release ends the lease now: a standby takes it over at once', async () => {
    const a = lease('a');
    const b = lease('b');
    await a.check();
    advance(100);
    await a.release();
    expect(onDisk()).toMatchObject({ holder: 'a', epoch: 1, renewed_at: '2026-03-02T10:00:00.100Z', expires_at: '2026-03-02T10:00:00.100Z' });
    expect(changes.get('a')?.at(-1)).toEqual({ role: 'standby', epoch: 1, reason: 'released' });
    await b.check();
    expect(onDisk()).toMatchObject({ holder: 'b', epoch: 2 });
  });

  it('of many holders looking at a vacant lease at once, exactly one takes it (the lock)', async () => {
    const many = Array.from({ length: 8 }, (_, i) => lease(`p${i}`));
    await Promise.all(many.map((l) => l.check()));
    expect(many.filter((l) => l.held())).toHaveLength(1);
    expect(onDisk()).toMatchObject({ epoch: 1 });
    const winner = onDisk()?.holder;
    expect([...changes.values()].flat()).toEqual([{ role: 'active', epoch: 1 }]);
    expect(changes.get(winner ?? '')).toHaveLength(1);
  });

  it('a lease file that does not hold a lease is taken over as vacant, epochs going on from the highest seen', async () => {
    const a = lease('a');
    const b = lease('b');
    await a.check(); // epoch 1
    advance(TTL_MS);
    await b.check(); // epoch 2
    advance(TTL_MS);
    await a.check(); // a sees b's lease: lost
    await a.check(); // b's has expired: epoch 3
    await b.check(); // b sees a's: lost
    expect(onDisk()).toMatchObject({ holder: 'a', epoch: 3 });
    writeFileSync(file, '{"holder": "a", "epo');
    await b.check();
    expect(onDisk()).toMatchObject({ holder: 'b', epoch: 4 });
    expect(parseLease('{"holder":"x","epoch":0,"acquired_at":"2026-03-02T10:00:00Z","renewed_at":"2026-03-02T10:00:00Z","expires_at":"2026-03-02T10:00:00Z"}')).toBeNull();
  });

  it('on the real clock: a holder whose renewals are blocked (the lock held elsewhere) stops before its lease expires', async () => {
    const a = lease('a', { now: Date.now, ttl_ms: 2_500, renew_ms: 300 });
    await a.start();
    const started = Date.now();
    const expires = Date.parse(onDisk()?.expires_at ?? '');
    const release = await lockfile.lock(file, { realpath: false, lockfilePath: `${file}.lock`, stale: 10_000, update: 1_000 });
    try {
      const deadline = Date.now() + 5_000;
      while ((changes.get('a') ?? []).length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const stoodDown = Date.now();
      expect(changes.get('a')).toEqual([{ role: 'active', epoch: 1 }, { role: 'standby', epoch: 1, reason: 'not_renewed' }]);
      // It stood down before the lease it held could expire (by up to one renewal earlier).
      expect(stoodDown).toBeLessThan(expires);
      expect(stoodDown - started).toBeGreaterThanOrEqual(2_500 - 300 - 400);
    } finally {
      await release();
    }
  });

  it('on the real clock: a started standby takes over within a few milliseconds of a release, not at its next poll', async () => {
    const a = lease('a', { now: Date.now, ttl_ms: 10_000, renew_ms: 2_000 });
    const b = lease('b', { now: Date.now, ttl_ms: 10_000, renew_ms: 2_000 });
    await a.start();
    await b.start();
    expect(b.held()).toBe(false);
    const released = Date.now();
    await a.release();
    const deadline = Date.now() + 1_500;
    while (!b.held() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(b.held()).toBe(true);
    expect(Date.now() - released).toBeLessThan(1_000); // its poll would have come after up to 2 s
    expect(onDisk()).toMatchObject({ holder: 'b', epoch: 2 });
  });

  it('refuses a TTL that leaves less than three renewals, or not more than the lock staleness and a renewal', () => {
    expect(leaseConfigProblems({ LEDGER_LEASE_TTL_MS: 10_000, LEDGER_LEASE_RENEW_MS: 2_000 })).toEqual([]);
    expect(leaseConfigProblems({ LEDGER_LEASE_TTL_MS: 3_000, LEDGER_LEASE_RENEW_MS: 500 })).toEqual([]);
    expect(leaseConfigProblems({ LEDGER_LEASE_TTL_MS: 5_000, LEDGER_LEASE_RENEW_MS: 2_000 })).toEqual([expect.stringContaining('LEDGER_LEASE_TTL_MS=5000 is too short for LEDGER_LEASE_RENEW_MS=2000: it must be at least 6000')]);
    expect(leaseConfigProblems({ LEDGER_LEASE_TTL_MS: 2_000, LEDGER_LEASE_RENEW_MS: 100 })).toEqual([expect.stringContaining('at least 2101')]);
  });
});
