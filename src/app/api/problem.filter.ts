import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ApiError, ApiErrorCode, isDatabaseUnavailable } from '../http/api-error';
import { fromFastifyError, sendProblem } from '../http/problem';

/** Turns every error into application/problem+json; the only place HTTP statuses are chosen. */
export function toApiError(error: unknown, logger: Logger, request?: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) return new ApiError(ApiErrorCode.NotFound, 'no such route');
    if (status === 413) return new ApiError(ApiErrorCode.PayloadTooLarge, 'the request body exceeds the size limit');
    if (status === 415) return new ApiError(ApiErrorCode.UnsupportedMediaType, 'send the body as application/json');
    if (status < 500) return new ApiError(ApiErrorCode.BadRequest, error.message);
  }
  const fastifyError = fromFastifyError(error as { code?: string; statusCode?: number; message?: string });
  if (fastifyError) return fastifyError;
  if (isDatabaseUnavailable(error)) return new ApiError(ApiErrorCode.Unavailable, 'the database is unavailable; nothing was stored, retry later', { retryAfterSeconds: 5 });
  logger.error({ err: error, requestId: request?.id }, 'unhandled error');
  return new ApiError(ApiErrorCode.Internal, 'an internal error occurred; nothing was stored');
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    sendProblem(http.getResponse<FastifyReply>(), toApiError(error, this.logger, request), request);
  }
}
