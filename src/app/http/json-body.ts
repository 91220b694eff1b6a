import type { z } from 'zod';
import { fieldErrorsOf } from '../../engine';
import { ApiError, ApiErrorCode } from './api-error';

/** A request body as JSON, validated by `schema`; 400 for broken JSON, 422 naming each bad field. */
export function parseJsonBody<T>(rawBody: Buffer, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(rawBody.toString('utf8'));
  } catch (error) {
    throw new ApiError(ApiErrorCode.InvalidJson, `the body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const errors = fieldErrorsOf(parsed.error);
    throw new ApiError(ApiErrorCode.InvalidApplication, `${errors.length} invalid field(s): ${errors.map((error) => error.field).join(', ')}`, { errors });
  }
  return parsed.data;
}
