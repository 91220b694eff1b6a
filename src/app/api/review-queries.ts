import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { z } from 'zod';
import type { FieldError } from '../../engine';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { CASE_STATES } from '../review/case-types';

/**
 * The query strings the review pages read, validated at the edge: a value outside its choices or
 * a parameter given twice is a 400 naming the parameter, not a cast that fails later. `lang` is not
 * here: it is a preference that falls back (pickLang), read the same way on error pages.
 */

/** One of `values`; an empty value (a select's "any") is the same as none. */
const choice = <const T extends readonly [string, ...string[]]>(values: T) => z.preprocess((value) => (value === '' ? undefined : value), z.enum(values).optional());

/** Four counts as the bulk and campaign actions put them in the redirect: `matched.decided.awaiting.skipped`. */
const counts = z
  .string()
  .regex(/^\d+\.\d+\.\d+\.\d+$/, 'four counts separated by dots')
  .transform((value) => value.split('.').map(Number) as [number, number, number, number])
  .optional();

export const loginQuery = z.object({ next: z.string().optional(), failed: z.string().optional() });

export const queueQuery = z.object({
  state: choice([...CASE_STATES, 'active', 'all']),
  outcome: choice(['review', 'hold', 'deny']),
  breached: z.string().optional(),
  signal: z.string().optional(),
  registrar: z.string().optional(),
});

export const caseQuery = z.object({ bulk: counts, campaign: counts });

export const abuseReportsQuery = z.object({ state: choice(['pending', 'confirmed', 'dismissed']) });

export const feedsQuery = z.object({ queued: z.string().optional() });

function queryErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ field: String(issue.path[0] ?? 'query'), message: issue.message }));
}

/** The request's query string parsed by `schema` (a 400 naming each bad parameter otherwise). */
export const ValidQuery = (schema: z.ZodType): ParameterDecorator => parsedQuery({ querySchema: schema });

// The schema goes in a wrapper of our own: Nest takes decorator data with a `transform` method (a zod
// schema has one) for a pipe, and `{ schema }` for its own Standard Schema check (errors not named our way).
const parsedQuery = createParamDecorator(({ querySchema }: { querySchema: z.ZodType }, context: ExecutionContext): unknown => {
  const parsed = querySchema.safeParse(context.switchToHttp().getRequest<{ query: unknown }>().query ?? {});
  if (parsed.success) return parsed.data;
  const errors = queryErrors(parsed.error);
  throw new ApiError(ApiErrorCode.BadRequest, `bad query parameter(s): ${errors.map((error) => `${error.field} (${error.message})`).join(', ')}`, { errors });
});
