/**
 * Rate limiters (rate-limiter-flexible): counters in Redis when it is configured, so that every instance shares
 * them; in memory otherwise. While Redis cannot be reached, a Redis limiter falls back to an in-memory one
 * (per instance, the same limits), so logins and API calls keep working instead of failing with Redis.
 */
import type Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  /** Seconds a counter lives. */
  duration: number;
  /** Seconds a key stays blocked once over the limit (0: not blocked beyond the window). */
  blockDuration?: number;
}

export function rateLimiter(redis: Redis | null, opts: LimiterOptions): RateLimiterAbstract {
  const memory = new RateLimiterMemory(opts);
  return redis ? new RateLimiterRedis({ storeClient: redis, useRedisPackage: false, ...opts, insuranceLimiter: memory }) : memory;
}
