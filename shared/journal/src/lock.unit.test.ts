import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir } from '@payrail/testing';
import { JournalLock } from './lock';

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
