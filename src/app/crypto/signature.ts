import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of the signing scheme (DESIGN §3.3), shared by the webhook and the callbacks. */
export const SignatureHeader = {
  KeyId: 'x-shinsa-key-id',
  Timestamp: 'x-shinsa-timestamp',
  Signature: 'x-shinsa-signature',
} as const;

const SIGNATURE_PATTERN = /^v1=([0-9a-f]{64})$/;

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. */
export function signPayload(secret: string, timestamp: number | string, body: Buffer | string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `v1=${mac}`;
}

/** Headers for a signed request: what a client sends to the webhook, what shinsa sends back. */
export function signedHeaders(keyId: string, secret: string, body: Buffer | string, nowSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    [SignatureHeader.KeyId]: keyId,
    [SignatureHeader.Timestamp]: String(nowSeconds),
    [SignatureHeader.Signature]: signPayload(secret, nowSeconds, body),
  };
}

export interface SignatureCheck {
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly body: Buffer;
  readonly secrets: readonly string[];
  readonly nowSeconds: number;
  readonly toleranceSeconds: number;
}

/**
 * True when the timestamp is within the window and the signature matches one of the client's
 * active secrets (two during a rotation). Every secret is compared, in constant time, so the time
 * taken says nothing about which part failed.
 */
export function verifySignature(check: SignatureCheck): boolean {
  const timestamp = check.timestamp ?? '';
  const match = SIGNATURE_PATTERN.exec(check.signature ?? '');
  const fresh = /^\d{1,12}$/.test(timestamp) && Math.abs(check.nowSeconds - Number(timestamp)) <= check.toleranceSeconds;
  const given = Buffer.from(match?.[1] ?? '0'.repeat(64), 'hex');
  let matched = false;
  for (const secret of check.secrets) {
    const expected = Buffer.from(signPayload(secret, timestamp, check.body).slice(3), 'hex');
    if (timingSafeEqual(expected, given)) matched = true;
  }
  return fresh && match !== null && matched;
}
