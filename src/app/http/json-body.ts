import type { z } from 'zod';
import { parseContract } from '../../engine';
import { ApiError, ApiErrorCode } from './api-error';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * A request body as JSON, validated by `schema`: 400 for bytes that are not UTF-8 or not JSON,
 * 422 naming each bad field — text PostgreSQL cannot store included (NUL, lone surrogates,
 * non-characters), so it is refused here and never reaches the database.
 */
export function parseJsonBody<T>(rawBody: Buffer, schema: z.ZodType<T>): T {
  let text: string;
  try {
    text = UTF8.decode(rawBody);
  } catch {
    throw new ApiError(ApiErrorCode.InvalidJson, 'the body is not UTF-8 text');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError(ApiErrorCode.InvalidJson, `the body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = parseContract(schema, value);
  if (!parsed.ok) {
    throw new ApiError(ApiErrorCode.InvalidApplication, `${parsed.errors.length} invalid field(s): ${parsed.errors.map((error) => error.field).join(', ')}`, { errors: parsed.errors });
  }
  return parsed.value;
}
