import { PayrailError } from '@payrail/core';
import type { GatewayDeps } from '../common/deps';
import { DEMO_MERCHANT_ID, type Merchant } from './merchantStore';

/**
 * A token bucket per merchant: `capacity` requests, refilled evenly over `window_ms`. Per process:
 * two gateway processes each allow the full rate (documented in the README).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updated_ms: number }>();

  constructor(private readonly window_ms: number) {}

  /** Takes one token; returns 0 when allowed, else the seconds until one is available. */
  take(merchant: string, capacity: number, now = Date.now()): number {
    const bucket = this.buckets.get(merchant) ?? { tokens: capacity, updated_ms: now };
    const refill_per_ms = capacity / this.window_ms;
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updated_ms) * refill_per_ms);
    bucket.updated_ms = now;
    this.buckets.set(merchant, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / refill_per_ms / 1000));
  }
}

/** The merchant's rate limit (its own, the demo merchant's, or the default): null while within it, else the 429 to answer. */
export function rateLimited(deps: Pick<GatewayDeps, 'config'>, limiter: RateLimiter, merchant: Merchant): PayrailError | null {
  const capacity = merchant.rate_limit_requests ?? (merchant.id === DEMO_MERCHANT_ID ? deps.config.DEMO_RATE_LIMIT_REQUESTS : deps.config.RATE_LIMIT_REQUESTS);
  const retryAfter = limiter.take(merchant.id, capacity);
  return retryAfter > 0 ? new PayrailError('rate_limited', `Rate limit of ${capacity} requests per ${deps.config.RATE_LIMIT_WINDOW_MS / 1000} s reached.`, { details: { retry_after_s: retryAfter } }) : null;
}
