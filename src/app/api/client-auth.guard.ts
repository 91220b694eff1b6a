import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config';
import { ClientDirectory, type ActiveClient } from '../clients/client-directory';
import { SignatureHeader, verifySignature } from '../crypto/signature';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { ClientRateLimiter, FailedAuthThrottle } from '../intake/rate-limit';

export type AuthenticatedRequest = FastifyRequest & { client?: ActiveClient };

const EMPTY = Buffer.alloc(0);

/** Same answer for every failure: which part was wrong is not the caller's business. */
const UNAUTHENTICATED = 'the request signature could not be verified';

/** Key ids as `shinsa clients add` makes them, with room to spare; anything else is not looked up. */
const KEY_ID = /^[\x21-\x7e]{1,100}$/;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Verifies the `X-Shinsa-*` v2 signature over the request (method, path as sent, Idempotency-Key,
 * raw body), then the client's rate limit. An address with too many failures gets 429 before any
 * look-up; every failure is the same 401.
 */
@Injectable()
export class ClientAuthGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ClientDirectory) private readonly clients: ClientDirectory,
    @Inject(ClientRateLimiter) private readonly rateLimiter: ClientRateLimiter,
    @Inject(FailedAuthThrottle) private readonly failures: FailedAuthThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const address = request.ip;
    const wait = await this.failures.blockedFor(address);
    if (wait !== undefined) throw new ApiError(ApiErrorCode.RateLimited, 'too many failed authentications from this address', { retryAfterSeconds: wait });
    const keyId = header(request, SignatureHeader.KeyId);
    // A database outage here surfaces as itself; the exception filter answers 503.
    const client: ActiveClient | null = keyId !== undefined && KEY_ID.test(keyId) ? await this.clients.findActive(keyId) : null;
    const verified =
      client !== null &&
      verifySignature({
        timestamp: header(request, SignatureHeader.Timestamp),
        signature: header(request, SignatureHeader.Signature),
        request: { method: request.method, path: request.url, idempotencyKey: header(request, SignatureHeader.IdempotencyKey), body: Buffer.isBuffer(request.body) ? request.body : EMPTY },
        secrets: client.secrets,
        nowSeconds: Math.floor(Date.now() / 1000),
        toleranceSeconds: this.config.signatureToleranceSeconds,
      });
    if (!verified || client === null) {
      await this.failures.failed(address);
      throw new ApiError(ApiErrorCode.Unauthenticated, UNAUTHENTICATED);
    }
    const retryAfter = await this.rateLimiter.consume(client.id);
    if (retryAfter !== undefined) {
      throw new ApiError(ApiErrorCode.RateLimited, `rate limit of ${this.config.rateLimitPerMinute} requests per minute exceeded`, { retryAfterSeconds: retryAfter });
    }
    request.client = client;
    return true;
  }
}
