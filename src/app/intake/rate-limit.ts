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

/**
 * Failed authentications per source address, counted in Redis (in memory per process while Redis
 * is down). Past the limit an address gets 429 before any look-up, so guessing key ids or secrets
 * costs the database nothing and the guesser a minute per batch.
 */
export class FailedAuthThrottle {
  private readonly limiter: RateLimiterRedis;

  constructor(redis: Redis, failuresPerMinute: number, keyPrefix: string) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${keyPrefix}:auth-fail`,
      points: failuresPerMinute,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ points: failuresPerMinute, duration: 60 }),
    });
  }

  /** Seconds until the address may try again, or undefined when it may now. */
  async blockedFor(address: string): Promise<number | undefined> {
    const state = await this.limiter.get(address).catch(() => null);
    return state && state.remainingPoints <= 0 ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : undefined;
  }

  async failed(address: string): Promise<void> {
    await this.limiter.consume(address).catch(() => undefined);
  }
}
