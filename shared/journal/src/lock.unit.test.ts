import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir, startNode, waitFor } from '@payrail/testing';
import { JournalLock } from './lock';

// The other process runs the compiled holder: `npm test` builds with `tsc -b` first.
const LOCK_HOLDER = path.resolve(__dirname, '../dist/testing/lockHolder.js');

describe('JournalLock', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDataDir('lock')));
  afterEach(() => cleanup());

  it('wakes a waiter when the holder releases, long before its pause between attempts ends', async () => {
    const target = path.join(dir, 'ledger', '.lock');
    const holder = new JournalLock(target);
    // A pause of up to 10 s between attempts: only the watch on the lock's folder can make the waiter quick.
    const waiter = new JournalLock(target, { retry_ms_max: 10_000 });
    await holder.acquire();
    let attempts = 0;
    const taken = waiter.acquire(() => (attempts += 1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(waiter.held).toBe(false);
    expect(existsSync(waiter.waitingPath)).toBe(true);
    expect(readFileSync(waiter.waitingPath, 'utf8')).toBe(`${process.pid}\n`);
    const released = performance.now();
    holder.releaseQuietly();
    await taken;
    expect(waiter.held).toBe(true);
    expect(performance.now() - released).toBeLessThan(1_000);
    // One attempt at once (the lock may have been freed before the watch started), then one per change.
    expect(attempts).toBeLessThanOrEqual(3);
    // The winner takes the waiting mark away.
    expect(existsSync(waiter.waitingPath)).toBe(false);
    waiter.releaseQuietly();
  });

  it('gives up after wait_ms_max with ELOCKED', async () => {
    const target = path.join(dir, '.lock');
    const holder = new JournalLock(target);
    const waiter = new JournalLock(target, { wait_ms_max: 200 });
    await holder.acquire();
    await expect(waiter.acquire()).rejects.toMatchObject({ code: 'ELOCKED' });
    expect(waiter.held).toBe(false);
    holder.releaseQuietly();
  });
});

describe('JournalLock fencing epochs', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDataDir('lock-epoch')));
  afterEach(() => cleanup());

  it('gives each holder an epoch one above the last, kept in <lock>.epoch', async () => {
    const target = path.join(dir, '.lock');
    const first = new JournalLock(target);
    const second = new JournalLock(target);
    await first.acquire();
    expect(first.epoch).toBe(1);
    expect(readFileSync(first.epochPath, 'utf8')).toBe('1\n');
    first.releaseQuietly();
    expect(first.epoch).toBe(0);
    await second.acquire();
    expect(second.epoch).toBe(2);
    second.releaseQuietly();
  });

  it('takes an epoch above the highest one read on the streams when the epoch file is gone', async () => {
    const target = path.join(dir, '.lock');
    const lock = new JournalLock(target);
    await lock.acquire(undefined, 41);
    expect(lock.epoch).toBe(42);
    lock.releaseQuietly();
    rmSync(lock.epochPath);
    await lock.acquire(undefined, 42);
    expect(lock.epoch).toBe(43);
    lock.releaseQuietly();
  });

  it('takes a valid epoch when the epoch file holds something else (edited by hand, or half a number)', async () => {
    const target = path.join(dir, '.lock');
    const lock = new JournalLock(target);
    for (const garbage of ['', 'seven\n', '-3\n', '1.5\n', '9007199254740993\n']) {
      writeFileSync(lock.epochPath, garbage);
      await lock.acquire(undefined, 4);
      expect(lock.epoch).toBe(5);
      expect(readFileSync(lock.epochPath, 'utf8')).toBe('5\n');
      expect(lock.stillHeld()).toBe(true);
      lock.releaseQuietly();
      expect(existsSync(lock.lockPath)).toBe(false);
    }
  });

  it('a holder whose stale lock was taken over learns it before its next write, and leaves the new holder\'s lock alone', async () => {
    const target = path.join(dir, '.lock');
    const lost: Error[] = [];
    const old = new JournalLock(target, { stale_ms: 2_000, update_ms: 1_000 }, (error) => lost.push(error));
    await old.acquire();
    expect(old.stillHeld()).toBe(true);
    // As if this holder had been stopped for 10 s: its lock folder's mtime is old, so another process takes it over.
    const past = new Date(Date.now() - 10_000);
    utimesSync(old.lockPath, past, past);
    const taker = startNode(LOCK_HOLDER, [target, '2000']);
    try {
      await waitFor(() => taker.lines.some((line) => line.startsWith('epoch ')), 10_000, 'the other process to take the lock over');
      expect(taker.lines).toContain(`epoch ${old.epoch + 1}`);
      // Before proper-lockfile's refresh timer notices anything, the epoch file tells the old holder.
      expect(old.held).toBe(true);
      expect(old.stillHeld()).toBe(false);
      expect(old.held).toBe(false);
      expect(old.compromised?.message).toMatch(/taken over: its epoch is 2, this holder's 1/);
      expect(lost).toHaveLength(1);
      // Its release, and proper-lockfile's timer for the old lock, leave the new holder's lock folder alone.
      old.releaseQuietly();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(existsSync(old.lockPath)).toBe(true);
      expect(lost).toHaveLength(1);
      taker.child.kill('SIGTERM');
      await waitFor(() => taker.lines.includes('released'), 10_000, 'the other process to release');
      expect(existsSync(old.lockPath)).toBe(false);
      // The old holder can take the lock again, with a new epoch.
      await old.acquire();
      expect(old.epoch).toBe(3);
      old.releaseQuietly();
    } finally {
      taker.child.kill('SIGKILL');
      await taker.exited;
    }
  });
});
