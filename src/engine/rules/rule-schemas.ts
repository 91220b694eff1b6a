import { z } from 'zod';
import type { RuleIssue } from '../errors';
import { OUTCOMES } from '../outcome';
import { hasValidCheckDigit, normalizeCorporateNumber } from '../signals/organization/corporate-number';
import { EKYC_CONDITIONS } from './rule-set-types';

// The schemas of the rule files (one per kind of file), and their errors as rule issues.

const points = z.number().int().min(-100).max(100);
const description = z.string().min(1).optional();
const reasonCode = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'reason codes are UPPER_SNAKE_CASE');

const reasonEntrySchema = z.union([
  points,
  z.strictObject({ points, description }),
  z.strictObject({ pointsPerNat: z.number().positive().max(100), maxPoints: z.number().int().min(0).max(100), description }),
]);

export const groupFileSchema = z.strictObject({
  description,
  cap: z.number().int().positive().optional(),
  signals: z.record(
    z.string(),
    z.strictObject({
      description,
      params: z.record(z.string(), z.unknown()).optional(),
      reasons: z.record(z.string(), reasonEntrySchema),
    }),
  ),
});

export const outcomesFileSchema = z.strictObject({
  description,
  thresholds: z.strictObject({ review: z.number().int().min(1), hold: z.number().int().min(1), deny: z.number().int().min(1) }),
  ceilings: z
    .array(
      z.strictObject({
        id: reasonCode,
        description,
        whenOnlyGroups: z.array(z.string().min(1)).min(1),
        maxOutcome: z.enum(OUTCOMES),
      }),
    )
    .default([]),
});

export const compositesFileSchema = z.strictObject({
  description,
  composites: z.record(z.string(), z.strictObject({ description, group: z.string().min(1).optional(), when: z.string().min(1), points })),
});

export const listFileSchema = z.strictObject({
  description,
  source: z.string().min(1).optional(),
  licence: z.string().min(1).optional(),
  entries: z.array(z.union([z.string().min(1), z.number()])),
});

/** `fitted/<name>.yaml`. */
export const FITTED_FILE = /^fitted\/([a-z][a-z0-9_-]*)\.ya?ml$/;
/** A fitted table: what it was measured on and how to regenerate it, then its numbers (checked by the signal's schema). */
export const fittedFileSchema = z.looseObject({ description, source: z.string().min(1), licence: z.string().min(1) });

const bilingual = z.strictObject({ en: z.string().min(1), ja: z.string().min(1) });
const hours = z.number().positive().max(24 * 30);
const decisionReason = z.strictObject({ en: z.string().min(1), ja: z.string().min(1), ekyc: z.enum(EKYC_CONDITIONS).optional() });

export const reviewFileSchema = z.strictObject({
  description,
  slaHours: z.strictObject({ review: hours, hold: hours, deny: hours }),
  claimLeaseMinutes: z.number().int().min(1).max(24 * 60),
  decisionReasons: z.strictObject({
    approve: z.record(reasonCode, decisionReason).refine((entries) => Object.keys(entries).length > 0, 'at least one reason'),
    reject: z.record(reasonCode, decisionReason).refine((entries) => Object.keys(entries).length > 0, 'at least one reason'),
  }),
  ekycMethods: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'method ids are lower_snake_case'), bilingual).refine((entries) => Object.keys(entries).length > 0, 'at least one method'),
});

export const reasonTextsFileSchema = z.strictObject({ description, reasons: z.record(reasonCode, z.string().min(1)) });
export const hitDetailsFileSchema = z.strictObject({
  description,
  /** Phrases inside a detail's groups (kind words, counts, linked-application lists), translated in order. */
  terms: z.array(z.strictObject({ en: z.string().min(1), ja: z.string() })).default([]),
  details: z.record(
    reasonCode,
    z
      .array(
        z.strictObject({
          en: z.string().min(1),
          ja: z.string().min(1),
          example: z.string().min(1),
          /** Groups ($n) made of the signals' own words, which `terms` translate (never a name, domain or address). */
          translate: z.array(z.number().int().min(1).max(9)).default([]),
        }),
      )
      .min(1),
  ),
});

const asciiToken = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case ASCII letters, digits and hyphens');
const registrableDomain = z.string().regex(/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]{2,}$/, 'a lower-case ASCII domain name');

export const brandsFileSchema = z.strictObject({
  description,
  brands: z.record(
    z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'brand ids are lower-case ASCII'),
    z.strictObject({
      display: z.string().min(1),
      description,
      tokens: z.array(asciiToken).default([]),
      abbreviations: z.array(asciiToken).default([]),
      japanese: z.array(z.string().min(1)).default([]),
      owned: z.array(registrableDomain).min(1, 'a brand needs at least one owned domain'),
      owners: z
        .array(
          z.strictObject({
            name: z.string().min(1),
            kana: z.string().regex(/^[\u30a0-\u30ff\uff66-\uff9f・ 　]+$/u, 'katakana only').optional(),
            en: z.string().min(1).optional(),
            corporateNumber: z
              .string()
              .refine((raw) => normalizeCorporateNumber(raw) !== undefined, 'a corporate number is 13 digits')
              .refine((raw) => {
                const number = normalizeCorporateNumber(raw);
                return number === undefined || hasValidCheckDigit(number);
              }, 'fails the corporate number check digit')
              .optional(),
          }),
        )
        .default([]),
      organizationWords: z.array(z.string().min(2)).default([]),
    }),
  ),
});

export function issuesFromZod(file: string, error: z.ZodError, prefix = ''): RuleIssue[] {
  return error.issues.flatMap((issue) => {
    const key = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((unknown) => ({ file, key: key ? `${key}.${unknown}` : unknown, message: 'unknown key' }));
    }
    if (issue.code === 'invalid_key') {
      // A bad record key: say what is wrong with it, not only that it is.
      return [{ file, key, message: `bad key: ${issue.issues.map((inner) => inner.message).join('; ')}` }];
    }
    return [{ file, key, message: issue.message }];
  });
}
