import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config';
import { ClientDirectory, type ActiveClient } from '../clients/client-directory';
import { SignatureHeader, verifySignature } from '../crypto/signature';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { ClientRateLimiter } from '../intake/rate-limit';

export type AuthenticatedRequest = FastifyRequest & { client?: ActiveClient };

const EMPTY = Buffer.alloc(0);

/** Same answer for every failure: which part was wrong is not the caller's business. */
const UNAUTHENTICATED = 'the request signature could not be verified';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Verifies `X-Shinsa-*` signing headers on the raw body, then the client's rate limit. */
@Injectable()
export class ClientAuthGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ClientDirectory) private readonly clients: ClientDirectory,
    @Inject(ClientRateLimiter) private readonly rateLimiter: ClientRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const keyId = header(request, SignatureHeader.KeyId);
    if (!keyId || keyId.length > 100) throw new ApiError(ApiErrorCode.Unauthenticated, UNAUTHENTICATED);
    // A database outage here surfaces as itself; the exception filter answers 503.
    const client: ActiveClient | null = await this.clients.findActive(keyId);
    const body = Buffer.isBuffer(request.body) ? request.body : EMPTY;
    const verified =
      client !== null &&
      verifySignature({
        timestamp: header(request, SignatureHeader.Timestamp),
        signature: header(request, SignatureHeader.Signature),
        body,
        secrets: client.secrets,
        nowSeconds: Math.floor(Date.now() / 1000),
        toleranceSeconds: this.config.signatureToleranceSeconds,
      });
    if (!verified || client === null) throw new ApiError(ApiErrorCode.Unauthenticated, UNAUTHENTICATED);
    const retryAfter = await this.rateLimiter.consume(client.id);
    if (retryAfter !== undefined) {
      throw new ApiError(ApiErrorCode.RateLimited, `rate limit of ${this.config.rateLimitPerMinute} requests per minute exceeded`, { retryAfterSeconds: retryAfter });
    }
    request.client = client;
    return true;
  }
}
