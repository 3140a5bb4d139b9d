import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PayrailError } from '@payrail/core';
import { JournalLock } from '@payrail/journal';
import type { Logger } from '@payrail/service-kit';
import type { GatewayDeps } from '../common/deps';
import { DEMO_MERCHANT_ID, type Merchant } from './merchantStore';

/** A merchant's bucket in `gateway/rate_limits.json`, shared by every gateway process on the data folder. */
interface SharedBucket {
  tokens: number;
  updated_ms: number;
  capacity: number;
}

interface RateLimitsFile {
  window_ms: number;
  merchants: Record<string, SharedBucket>;
}

/** A process leases this share of a merchant's capacity at a time (at least one request). */
const SLICES_PER_CAPACITY = 50;

/**
 * A token bucket per merchant (`capacity` requests, refilled evenly over `window_ms`) shared by every
 * gateway process on the data folder: the buckets live in `gateway/rate_limits.json`, and a process
 * leases a slice of its merchant's tokens at a time (capacity / 50, at least 1) under the file's lock,
 * then spends them without touching the file. Accuracy: a slice is used within one window or dropped,
 * so with N processes a merchant gets at most N slices more than its bucket holds in a burst, and at
 * worst N slices fewer (leased by one process while another is refused): 2 % of the limit per process.
 * The file is not money: a process that cannot lock or read it lets the request through and logs.
 */
export class RateLimiter {
  private readonly local = new Map<string, { tokens: number; leased_ms: number }>();
  private readonly leasing = new Map<string, Promise<number>>();
  private readonly lock: JournalLock;
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly window_ms: number,
    private readonly logger: Pick<Logger, 'warn'> = { warn() {} },
  ) {
    this.file = path.join(dataDir, 'gateway', 'rate_limits.json');
    this.lock = new JournalLock(path.join(dataDir, 'gateway', '.rate_limits'), { wait_ms_max: 2_000 });
  }

  /** Takes one token; resolves 0 when allowed, else the seconds until one is available. */
  async take(merchant: string, capacity: number, now = Date.now()): Promise<number> {
    if (this.spend(merchant, now)) return 0;
    let leased = this.leasing.get(merchant);
    if (leased === undefined) {
      leased = this.lease(merchant, capacity, now).finally(() => this.leasing.delete(merchant));
      this.leasing.set(merchant, leased);
    }
    const retryAfter = await leased;
    return this.spend(merchant, Date.now()) ? 0 : Math.max(1, retryAfter);
  }

  private spend(merchant: string, now: number): boolean {
    const slice = this.local.get(merchant);
    if (slice === undefined || slice.tokens < 1 || now - slice.leased_ms >= this.window_ms) return false;
    slice.tokens -= 1;
    return true;
  }

  /** Under the file's lock: refills the merchant's shared bucket and moves a slice of it to this process. */
  private async lease(merchant: string, capacity: number, now: number): Promise<number> {
    try {
      await this.lock.acquire();
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'rate limits: cannot lock gateway/rate_limits.json; the request goes through');
      this.local.set(merchant, { tokens: 1, leased_ms: now });
      return 0;
    }
    try {
      const limits = this.read();
      const refill_per_ms = capacity / this.window_ms;
      const bucket = limits.merchants[merchant] ?? { tokens: capacity, updated_ms: now, capacity };
      bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.updated_ms) * refill_per_ms);
      bucket.updated_ms = now;
      bucket.capacity = capacity;
      const granted = Math.min(Math.floor(bucket.tokens), Math.max(1, Math.ceil(capacity / SLICES_PER_CAPACITY)));
      bucket.tokens -= granted;
      limits.merchants[merchant] = bucket;
      limits.window_ms = this.window_ms;
      if (this.lock.stillHeld()) this.write(limits);
      this.local.set(merchant, { tokens: granted, leased_ms: now });
      return granted >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / refill_per_ms / 1000);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'rate limits: gateway/rate_limits.json could not be updated; the request goes through');
      this.local.set(merchant, { tokens: 1, leased_ms: now });
      return 0;
    } finally {
      this.lock.releaseQuietly();
    }
  }

  /** The shared buckets; a file that does not parse (edited by hand, say) starts every bucket full again. */
  private read(): RateLimitsFile {
    const empty = (): RateLimitsFile => ({ window_ms: this.window_ms, merchants: {} });
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return empty();
      throw error;
    }
    try {
      const limits = JSON.parse(text) as RateLimitsFile;
      return typeof limits === 'object' && limits !== null && typeof limits.merchants === 'object' && limits.merchants !== null ? limits : empty();
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'rate limits: gateway/rate_limits.json is not valid JSON; every bucket starts full');
      return empty();
    }
  }

  /**
   * Replaces the file by rename (a reader sees the old buckets or the new ones), without fsync: after a
   * power loss a bucket may be back where it was a moment before, which costs a few requests, not money.
   */
  private write(limits: RateLimitsFile): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(limits, null, 2)}\n`);
    renameSync(temporary, this.file);
  }
}

/** The merchant's rate limit (its own, the demo merchant's, or the default): null while within it, else the 429 to answer. */
export async function rateLimited(deps: Pick<GatewayDeps, 'config' | 'rateLimiter'>, merchant: Merchant): Promise<PayrailError | null> {
  const capacity = merchant.rate_limit_requests ?? (merchant.id === DEMO_MERCHANT_ID ? deps.config.DEMO_RATE_LIMIT_REQUESTS : deps.config.RATE_LIMIT_REQUESTS);
  const retryAfter = await deps.rateLimiter.take(merchant.id, capacity);
  return retryAfter > 0 ? new PayrailError('rate_limited', `Rate limit of ${capacity} requests per ${deps.config.RATE_LIMIT_WINDOW_MS / 1000} s reached.`, { details: { retry_after_s: retryAfter } }) : null;
}
