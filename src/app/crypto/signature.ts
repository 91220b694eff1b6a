import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of the request-signing scheme (docs/API.md, "Signing requests"). */
export const SignatureHeader = {
  KeyId: 'x-shinsa-key-id',
  Timestamp: 'x-shinsa-timestamp',
  Signature: 'x-shinsa-signature',
  IdempotencyKey: 'idempotency-key',
} as const;

const SIGNATURE_PATTERN = /^v2=([0-9a-f]{64})$/;

/** What a signature binds: the method, the path as sent (with its query), the Idempotency-Key and the exact body bytes. */
export interface SignedRequest {
  readonly method: string;
  /** The request target as sent, e.g. `/v1/screenings/0192…?x=1`. */
  readonly path: string;
  /** The Idempotency-Key header's value; absent is the empty string. */
  readonly idempotencyKey?: string | undefined;
  readonly body: Buffer | string;
}

/**
 * `v2=<hex HMAC-SHA256(secret, "<timestamp>\n<METHOD>\n<path with query>\n<Idempotency-Key or empty>\n<raw body>")>`:
 * a captured signature is good for nothing but the same request (same method, path, id, key and
 * body) within the timestamp's window.
 */
export function signRequest(secret: string, timestamp: number | string, request: SignedRequest): string {
  const mac = createHmac('sha256', secret)
    .update(`${timestamp}\n${request.method.toUpperCase()}\n${request.path}\n${request.idempotencyKey ?? ''}\n`)
    .update(request.body)
    .digest('hex');
  return `v2=${mac}`;
}

/** The signing headers of a request to shinsa (what a registrar sends; the tests and benches sign with it too). */
export function signedHeaders(keyId: string, secret: string, request: SignedRequest, nowSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    [SignatureHeader.KeyId]: keyId,
    [SignatureHeader.Timestamp]: String(nowSeconds),
    [SignatureHeader.Signature]: signRequest(secret, nowSeconds, request),
    ...(request.idempotencyKey ? { [SignatureHeader.IdempotencyKey]: request.idempotencyKey } : {}),
  };
}

export interface SignatureCheck {
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly request: SignedRequest;
  readonly secrets: readonly string[];
  readonly nowSeconds: number;
  readonly toleranceSeconds: number;
}

/**
 * True when the timestamp is within the window and the signature matches one of the secrets (two
 * during a rotation). Every secret is compared, in constant time, so the time taken says nothing
 * about which part failed.
 */
export function verifySignature(check: SignatureCheck): boolean {
  const timestamp = check.timestamp ?? '';
  const match = SIGNATURE_PATTERN.exec(check.signature ?? '');
  const fresh = /^\d{1,12}$/.test(timestamp) && Math.abs(check.nowSeconds - Number(timestamp)) <= check.toleranceSeconds;
  const given = Buffer.from(match?.[1] ?? '0'.repeat(64), 'hex');
  let matched = false;
  for (const secret of check.secrets) {
    const expected = Buffer.from(signRequest(secret, timestamp, check.request).slice(3), 'hex');
    if (timingSafeEqual(expected, given)) matched = true;
  }
  return fresh && match !== null && matched;
}
