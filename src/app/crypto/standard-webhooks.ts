import { createHmac, randomBytes } from 'node:crypto';

/**
 * Outgoing callbacks follow the Standard Webhooks specification (standardwebhooks.com), so a
 * registrar verifies them with the standard libraries (PHP, Python, Go, Java, Ruby, Node…):
 * `webhook-id`, `webhook-timestamp` (unix seconds) and
 * `webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, the key being the
 * base64 part of the endpoint's `whsec_` secret. During a rotation every active secret signs,
 * separated by spaces.
 */
const WebhookHeader = {
  Id: 'webhook-id',
  Timestamp: 'webhook-timestamp',
  Signature: 'webhook-signature',
} as const;

const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** `v1,<base64 HMAC>` for one secret. */
function webhookSignature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The three headers of one delivery attempt, signed with every active secret. */
export function webhookHeaders(secrets: readonly string[], id: string, body: string, timestampSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    [WebhookHeader.Id]: id,
    [WebhookHeader.Timestamp]: String(timestampSeconds),
    [WebhookHeader.Signature]: secrets.map((secret) => webhookSignature(secret, id, timestampSeconds, body)).join(' '),
  };
}
