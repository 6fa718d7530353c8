/**
 * Per-caller rate limit: one token bucket per token `sub`, in memory, so one noisy app cannot
 * starve the others. Over the limit a caller gets 429 with Retry-After.
 */
import type { RequestHandler } from 'express';
import { RateLimitedError } from '../domain/errors';

/** RateLimitSettings: refill rate per second and bucket size; perSecond 0 turns the limit off. */
export interface RateLimitSettings {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** MAX_CALLERS bounds memory: beyond it, buckets that have refilled completely are forgotten. */
const MAX_CALLERS = 10_000;

/** TokenBuckets holds one bucket per key; take() spends one token or says how long to wait. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly s: RateLimitSettings,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** take spends a token of key; it returns 0 when allowed, else the seconds until one is there. */
  take(key: string): number {
    const now = this.now();
    const b = this.refilled(this.buckets.get(key), now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.buckets.set(key, b);
      if (this.buckets.size > MAX_CALLERS) this.forgetIdle(now);
      return 0;
    }
    this.buckets.set(key, b);
    return Math.max(1, Math.ceil((1 - b.tokens) / this.s.perSecond));
  }

  private refilled(b: Bucket | undefined, now: number): Bucket {
    if (!b) return { tokens: this.s.burst, at: now };
    return { tokens: Math.min(this.s.burst, b.tokens + ((now - b.at) / 1000) * this.s.perSecond), at: now };
  }

  private forgetIdle(now: number): void {
    for (const [key, b] of this.buckets) {
      if (this.refilled(b, now).tokens >= this.s.burst) this.buckets.delete(key);
    }
  }
}

/** rateLimit limits each authenticated caller by its sub; it runs after authenticate. */
export function rateLimit(s: RateLimitSettings): RequestHandler {
  if (s.perSecond <= 0) return (_req, _res, next) => next();
  const buckets = new TokenBuckets(s);
  return (req, _res, next) => {
    const wait = buckets.take(req.caller?.sub ?? '');
    if (wait === 0) return next();
    next(new RateLimitedError(`too many requests for this caller: the limit is ${s.perSecond} per second with bursts of ${s.burst}; retry after ${wait} s`, wait));
  };
}
