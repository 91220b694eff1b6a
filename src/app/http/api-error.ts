import { CodedError } from '../../engine/errors';
import type { FieldError } from '../../engine';

/** Why a request was refused. The HTTP status is chosen only at the edge (problem.ts). */
export enum ApiErrorCode {
  Unauthenticated = 'UNAUTHENTICATED',
  RateLimited = 'RATE_LIMITED',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  MissingIdempotencyKey = 'MISSING_IDEMPOTENCY_KEY',
  InvalidJson = 'INVALID_JSON',
  InvalidApplication = 'INVALID_APPLICATION',
  IdempotencyConflict = 'IDEMPOTENCY_CONFLICT',
  NotFound = 'NOT_FOUND',
  Forbidden = 'FORBIDDEN',
  /** The action does not fit the current state (a case claimed by someone else, already decided). */
  Conflict = 'CONFLICT',
  BadRequest = 'BAD_REQUEST',
  Unavailable = 'UNAVAILABLE',
  Internal = 'INTERNAL',
}

export class ApiError extends CodedError<ApiErrorCode> {
  constructor(
    code: ApiErrorCode,
    message: string,
    readonly details: { readonly errors?: readonly FieldError[]; readonly retryAfterSeconds?: number } = {},
  ) {
    super(code, message);
  }
}

/** Errors that mean PostgreSQL cannot be reached or is going away: answer 503, accept nothing. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const candidate = error as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  if (!candidate || typeof candidate !== 'object') return false;
  if (candidate.driverError && candidate.driverError !== error && isDatabaseUnavailable(candidate.driverError)) return true;
  const code = typeof candidate.code === 'string' ? candidate.code : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300'].includes(code)) return true;
  if (code.startsWith('08')) return true;
  const message = typeof candidate.message === 'string' ? candidate.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED|the database system is (starting up|shutting down)|terminating connection/i.test(message);
}
