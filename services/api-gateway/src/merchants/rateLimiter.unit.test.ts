import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir } from '@payrail/testing';
import { RateLimiter } from './rateLimiter';

describe('RateLimiter: one bucket per merchant in gateway/rate_limits.json, leased in slices', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDataDir('rate-limits')));
  afterEach(() => cleanup());

  async function allowed(limiter: RateLimiter, merchant: string, capacity: number, n: number, now: number): Promise<number> {
    let count = 0;
    for (let i = 0; i < n; i++) if ((await limiter.take(merchant, capacity, now)) === 0) count += 1;
    return count;
  }

  it('holds the limit across two limiters on one folder (two processes), exactly when a slice is one request', async () => {
    const now = Date.now();
    const a = new RateLimiter(dir, 60_000);
    const b = new RateLimiter(dir, 60_000);
    let total = 0;
    for (let i = 0; i < 15; i++) total += (await allowed(a, 'm_1', 10, 1, now)) + (await allowed(b, 'm_1', 10, 1, now));
    expect(total).toBe(10);
    const file = JSON.parse(readFileSync(path.join(dir, 'gateway', 'rate_limits.json'), 'utf8'));
    expect(file.merchants.m_1).toMatchObject({ capacity: 10 });
    expect(file.merchants.m_1.tokens).toBeLessThan(1);
  });

  it('with larger slices, never more than the capacity in a burst, and at most one slice per limiter fewer', async () => {
    const now = Date.now();
    const limiters = [new RateLimiter(dir, 60_000), new RateLimiter(dir, 60_000), new RateLimiter(dir, 60_000)];
    const counts = await Promise.all(limiters.map((limiter) => allowed(limiter, 'm_2', 500, 400, now)));
    const total = counts.reduce((sum, n) => sum + n, 0);
    // A slice is 500 / 50 = 10 requests.
    expect(total).toBeLessThanOrEqual(500);
    expect(total).toBeGreaterThanOrEqual(500 - 3 * 10);
  });

  it('answers the seconds until the next token when the bucket is empty, and refills with time', async () => {
    const limiter = new RateLimiter(dir, 60_000);
    const now = Date.now();
    expect(await allowed(limiter, 'm_3', 2, 2, now)).toBe(2);
    expect(await limiter.take('m_3', 2, now)).toBeGreaterThanOrEqual(1);
    // Another process, a minute later: the bucket is full again.
    expect(await allowed(new RateLimiter(dir, 60_000), 'm_3', 2, 2, now + 60_000)).toBe(2);
  });

  it('lets requests through when the file is not JSON, and starts the bucket full again', async () => {
    const limiter = new RateLimiter(dir, 60_000);
    const now = Date.now();
    await allowed(limiter, 'm_4', 3, 3, now);
    writeFileSync(path.join(dir, 'gateway', 'rate_limits.json'), '{ not json');
    expect(await allowed(new RateLimiter(dir, 60_000), 'm_4', 3, 3, now)).toBe(3);
  });
});
