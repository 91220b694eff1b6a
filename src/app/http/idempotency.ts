import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ApiError, ApiErrorCode } from './api-error';
import { query } from '../database/query';

/** An Idempotency-Key: 1–255 visible ASCII characters (a UUID is typical). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Every signed write takes an Idempotency-Key (docs/API.md, "Overview"): the signature binds it, so a captured request cannot be replayed as a new one. */
export function requireIdempotencyKey(key: string | undefined): string {
  if (key === undefined || key === '') {
    throw new ApiError(ApiErrorCode.MissingIdempotencyKey, 'send an Idempotency-Key header (a UUID per request) so retries are safe');
  }
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError(ApiErrorCode.BadRequest, 'Idempotency-Key must be 1–255 visible ASCII characters', { errors: [{ field: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' }] });
  }
  return key;
}

/** The answer stored under a key, if the request is the same one; a key reused for another request is a 409. */
export function storedAnswer<T>(earlier: { readonly requestHash: Buffer; readonly status: number; readonly body: T }, requestHash: Buffer): { status: number; body: T } {
  if (!earlier.requestHash.equals(requestHash)) {
    throw new ApiError(ApiErrorCode.IdempotencyConflict, 'this Idempotency-Key was used with a different request; use a new key for a new request');
  }
  return { status: earlier.status, body: earlier.body };
}

export interface IdempotentResult<T> {
  readonly body: T;
  readonly replayed: boolean;
}

/**
 * Runs a signed write once per (client, Idempotency-Key): the key is claimed in the write's own
 * transaction, so the write and its stored answer commit together; the same request again gets
 * the stored answer, another request under the key a 409. (The webhook's screenings claim their
 * keys in their own batched statement.)
 */
export async function writeOnce<T>(
  dataSource: DataSource,
  request: { readonly clientId: string; readonly key: string; readonly route: string; readonly body: Buffer; readonly status: number },
  write: (manager: EntityManager) => Promise<T>,
): Promise<IdempotentResult<T>> {
  const requestHash = createHash('sha256').update(`${request.route}\n`).update(request.body).digest();
  return dataSource.transaction(async (manager) => {
    const claimed = await query<unknown>(
      manager,
      `INSERT INTO idempotency_keys (client_id, key, request_hash, application_id, response_status, response_body, created_at) VALUES ($1, $2, $3, NULL, $4, '{}', now())
       ON CONFLICT DO NOTHING RETURNING 1`,
      [request.clientId, request.key, requestHash, request.status],
    );
    if (claimed.length === 0) {
      const [row] = await query<{ request_hash: Buffer; response_status: number; response_body: T }>(
        manager,
        'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE client_id = $1 AND key = $2',
        [request.clientId, request.key],
      );
      return { body: storedAnswer({ requestHash: row!.request_hash, status: row!.response_status, body: row!.response_body }, requestHash).body, replayed: true };
    }
    const body = await write(manager);
    await manager.query('UPDATE idempotency_keys SET response_body = $3 WHERE client_id = $1 AND key = $2', [request.clientId, request.key, JSON.stringify(body)]);
    return { body, replayed: false };
  });
}
