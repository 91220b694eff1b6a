import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Failed logins per login name and per source address, counted in Redis (shared by every api
 * process; each process counts on its own while Redis is down). Past the limit, logins for that
 * name or from that address are refused until the window has passed — even with the right password.
 */
export class LoginThrottle {
  private readonly byLogin: RateLimiterRedis;
  private readonly byAddress: RateLimiterRedis;

  constructor(redis: Redis, keyPrefix: string, options: { perLogin?: number; perAddress?: number; windowSeconds?: number } = {}) {
    const windowSeconds = options.windowSeconds ?? 15 * 60;
    const make = (name: string, points: number): RateLimiterRedis =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${keyPrefix}:login-${name}`,
        points,
        duration: windowSeconds,
        insuranceLimiter: new RateLimiterMemory({ points, duration: windowSeconds }),
      });
    this.byLogin = make('name', options.perLogin ?? 10);
    this.byAddress = make('addr', options.perAddress ?? 50);
  }

  /** Seconds until another attempt is allowed, or undefined when it is allowed now. */
  async blockedFor(login: string, address: string): Promise<number | undefined> {
    const waits = await Promise.all(
      [
        [this.byLogin, login],
        [this.byAddress, address],
      ].map(async ([limiter, key]) => {
        const state = await (limiter as RateLimiterRedis).get(key as string).catch(() => null);
        return state && state.remainingPoints <= 0 ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : undefined;
      }),
    );
    const blocked = waits.filter((wait): wait is number => wait !== undefined);
    return blocked.length > 0 ? Math.max(...blocked) : undefined;
  }

  async failed(login: string, address: string): Promise<void> {
    for (const [limiter, key] of [
      [this.byLogin, login],
      [this.byAddress, address],
    ] as const) {
      await limiter.consume(key).catch((rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
      });
    }
  }

  async succeeded(login: string): Promise<void> {
    await this.byLogin.delete(login).catch(() => false);
  }
}
