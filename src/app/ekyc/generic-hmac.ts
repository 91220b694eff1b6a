import { z } from 'zod';
import { verifySignature } from '../crypto/signature';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { parseJsonBody } from '../http/json-body';
import type { EkycResultInput } from '../review/case-types';
import type { EkycCallbackRequest, EkycProvider } from './provider';

/** Headers of the generic adapter's callbacks: the same v2 scheme as shinsa's own webhook, under the vendor's names. */
export const EkycHeader = {
  Timestamp: 'x-ekyc-timestamp',
  Signature: 'x-ekyc-signature',
} as const;

/** What a failed or passed check may be called. */
const EKYC_CHECKS = ['name', 'date_of_birth', 'address', 'document_valid', 'document_expired', 'chip_signature', 'certificate_revoked', 'liveness', 'face_match'] as const;

/**
 * The generic adapter's callback body. Strict: an unknown field (an image, a scan) is refused, so
 * nothing but the reference, the result and the checks is ever stored.
 */
export const genericCallbackSchema = z
  .strictObject({
    requestId: z.uuid({ message: 'must be the eKYC request id shinsa put in the verification link' }).describe('The eKYC request id shinsa put in the verification link'),
    vendorReference: z.string().trim().min(1).max(200).describe('The vendor’s own reference of the check'),
    result: z.enum(['passed', 'failed', 'cancelled', 'expired']).describe('The outcome of the check'),
    checks: z
      .array(z.strictObject({ check: z.enum(EKYC_CHECKS).describe('What was checked'), passed: z.boolean().describe('Whether it passed') }))
      .max(EKYC_CHECKS.length)
      .default([])
      .describe('The individual checks, for the reviewer'),
    completedAt: z.iso.datetime({ offset: true }).describe('When the check finished'),
  })
  .meta({ id: 'GenericEkycCallback', description: 'The body of the generic eKYC adapter’s result callback (strict: images and scans are refused, never stored)' });

/**
 * A vendor that signs JSON callbacks with a shared secret as shinsa's clients sign requests
 * (`x-ekyc-signature: v2=<hex HMAC-SHA256(secret, "<timestamp>\n<METHOD>\n<path>\n<Idempotency-Key or empty>\n<raw body>")>`,
 * `x-ekyc-timestamp: <unix seconds>`, 5-minute window),
 * and verifies applicants at a URL made from a template with `{request}` (and optionally
 * `{method}`) filled in.
 */
export class GenericHmacEkycProvider implements EkycProvider {
  readonly name = 'generic';

  constructor(
    private readonly settings: { readonly secret: string; readonly verifyUrl: string },
    private readonly toleranceSeconds = 300,
  ) {}

  verificationUrl(request: { readonly id: string; readonly method: string }): string {
    return this.settings.verifyUrl.replaceAll('{request}', encodeURIComponent(request.id)).replaceAll('{method}', encodeURIComponent(request.method));
  }

  parseCallback(request: EkycCallbackRequest, now: Date): EkycResultInput {
    const header = (name: string): string | undefined => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const authentic = verifySignature({
      timestamp: header(EkycHeader.Timestamp),
      signature: header(EkycHeader.Signature),
      request: { method: request.method, path: request.path, idempotencyKey: header('idempotency-key'), body: request.body },
      secrets: [this.settings.secret],
      nowSeconds: Math.floor(now.getTime() / 1000),
      toleranceSeconds: this.toleranceSeconds,
    });
    if (!authentic) throw new ApiError(ApiErrorCode.Unauthenticated, 'the callback signature could not be verified');
    const body = parseJsonBody(request.body, genericCallbackSchema);
    return { requestId: body.requestId.toLowerCase(), vendorReference: body.vendorReference, result: body.result, checks: body.checks, completedAt: new Date(body.completedAt) };
  }
}
