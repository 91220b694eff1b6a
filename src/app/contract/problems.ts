import { ApiErrorCode } from '../http/api-error';
import { PROBLEM_STATUS } from '../http/problem';

/** What each problem `code` means to a client (docs/API.md's table); a new code does not compile until it is explained here. */
const MEANING: Readonly<Record<ApiErrorCode, string>> = {
  [ApiErrorCode.Unauthenticated]:
    'The request signature could not be verified: a missing or unknown key id, a disabled client, a timestamp more than 5 minutes off, or a signature that does not match. Every cause gets the same answer; check the clock and what you sign',
  [ApiErrorCode.RateLimited]: 'Over the client’s requests per minute, or too many failed authentications from this address; wait for `Retry-After` seconds',
  [ApiErrorCode.UnsupportedMediaType]: 'The body is not `application/json`',
  [ApiErrorCode.PayloadTooLarge]: 'The body is larger than the limit (256 KiB unless the operator set `SHINSA_BODY_LIMIT_BYTES`)',
  [ApiErrorCode.MissingIdempotencyKey]: 'A signed write without an `Idempotency-Key` header',
  [ApiErrorCode.InvalidJson]: 'The body is empty, not UTF-8 or not JSON',
  [ApiErrorCode.InvalidApplication]:
    'The body breaks its contract (the application, a label, an abuse report, an eKYC result): `errors` names each bad field, unknown fields and text that cannot be stored (NUL, lone surrogates, non-characters) included',
  [ApiErrorCode.IdempotencyConflict]: 'The `Idempotency-Key` was already used for a different request; use a new key for a new request',
  [ApiErrorCode.NotFound]: 'No such thing for this client (another client’s applications are answered exactly as unknown ones), or no such route',
  [ApiErrorCode.Forbidden]: 'Reviewer UI only: the reviewer’s role does not allow the action',
  [ApiErrorCode.Conflict]: 'The action does not fit the current state: an eKYC request that already has another result (in the reviewer UI: a case claimed by someone else or already decided)',
  [ApiErrorCode.BadRequest]:
    'Malformed request: text that cannot be stored or percent-encoding that is not UTF-8 in the path or query (`errors` names the parameter), an `Idempotency-Key` that is not 1–255 visible ASCII characters, a `Content-Length` that does not match the body',
  [ApiErrorCode.Unavailable]: 'The database is unavailable: nothing was stored; retry after `Retry-After` seconds with the same `Idempotency-Key`',
  [ApiErrorCode.Internal]: 'A bug: nothing was stored; tell the operator the `requestId`',
};

export interface ProblemCode {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly title: string;
  readonly meaning: string;
}

/** Every problem code with its HTTP status, title and meaning, by status. */
export function problemCodes(): ProblemCode[] {
  return Object.values(ApiErrorCode)
    .map((code) => ({ code, ...PROBLEM_STATUS[code], meaning: MEANING[code] }))
    .sort((a, b) => a.status - b.status || a.code.localeCompare(b.code));
}
