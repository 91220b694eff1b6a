import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '../contract/responses';
import { ApiError, ApiErrorCode } from './api-error';

const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The HTTP status and title of each code (docs/API.md's table of error codes is made from it). */
export const PROBLEM_STATUS: Readonly<Record<ApiErrorCode, { readonly status: number; readonly title: string }>> = {
  [ApiErrorCode.Unauthenticated]: { status: 401, title: 'Unauthenticated' },
  [ApiErrorCode.RateLimited]: { status: 429, title: 'Too many requests' },
  [ApiErrorCode.UnsupportedMediaType]: { status: 415, title: 'Unsupported media type' },
  [ApiErrorCode.PayloadTooLarge]: { status: 413, title: 'Payload too large' },
  [ApiErrorCode.MissingIdempotencyKey]: { status: 400, title: 'Idempotency-Key required' },
  [ApiErrorCode.InvalidJson]: { status: 400, title: 'Malformed JSON' },
  [ApiErrorCode.InvalidApplication]: { status: 422, title: 'Invalid application' },
  [ApiErrorCode.IdempotencyConflict]: { status: 409, title: 'Idempotency-Key reused with a different body' },
  [ApiErrorCode.NotFound]: { status: 404, title: 'Not found' },
  [ApiErrorCode.Forbidden]: { status: 403, title: 'Forbidden' },
  [ApiErrorCode.Conflict]: { status: 409, title: 'Conflict with the current state' },
  [ApiErrorCode.BadRequest]: { status: 400, title: 'Bad request' },
  [ApiErrorCode.Unavailable]: { status: 503, title: 'Service unavailable' },
  [ApiErrorCode.Internal]: { status: 500, title: 'Internal error' },
};

export function problemFor(error: ApiError, request?: FastifyRequest): Problem {
  const { status, title } = PROBLEM_STATUS[error.code];
  return {
    type: `https://shinsa.invalid/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
    title,
    status,
    detail: error.message,
    code: error.code,
    ...(request ? { instance: request.url.split('?')[0], requestId: String(request.id) } : {}),
    ...(error.details.errors ? { errors: [...error.details.errors] } : {}),
  };
}

export function sendProblem(reply: FastifyReply, error: ApiError, request?: FastifyRequest): FastifyReply {
  const problem = problemFor(error, request);
  if (error.details.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(error.details.retryAfterSeconds))));
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** Fastify's own errors (body too large, content type, malformed framing) as ApiErrors. */
export function fromFastifyError(error: { code?: string; statusCode?: number; message?: string }): ApiError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(ApiErrorCode.PayloadTooLarge, 'the request body exceeds the size limit');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? new ApiError(ApiErrorCode.UnsupportedMediaType, 'send the body as application/json')
        : new ApiError(ApiErrorCode.BadRequest, 'the Content-Length does not match the body');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(ApiErrorCode.InvalidJson, 'the body is empty');
    default:
      if (error.statusCode === 404) return new ApiError(ApiErrorCode.NotFound, 'no such route');
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return new ApiError(ApiErrorCode.BadRequest, error.message ?? 'bad request');
      }
      return undefined;
  }
}
