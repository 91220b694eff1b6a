import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Requests per client per minute, counted in Redis so every api process shares one budget. When
 * Redis is unreachable each process falls back to its own in-memory budget: the webhook keeps
 * accepting (the outbox holds the work) and a client still cannot flood it.
 */
export class ClientRateLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(redis: Redis, pointsPerMinute: number, keyPrefix: string) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${keyPrefix}:rate`,
      points: pointsPerMinute,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ points: pointsPerMinute, duration: 60 }),
    });
  }

  /** Undefined when allowed; otherwise the seconds until the client may try again. */
  async consume(clientId: string): Promise<number | undefined> {
    try {
      await this.limiter.consume(clientId);
      return undefined;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection;
    }
  }
}
