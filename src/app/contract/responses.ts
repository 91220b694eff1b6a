import { z } from 'zod';
import { OUTCOMES } from '../../engine';
import { ApiErrorCode } from '../http/api-error';

/**
 * What the api answers, defined once: the TypeScript types are inferred from these schemas and the
 * published OpenAPI document (/docs/openapi.json, docs/API.md) is generated from them, so the
 * answers, their types and their documentation cannot drift apart. Each schema has an `id` (its
 * name under `#/components/schemas/`), and every field a description: docs/API.md's generator
 * refuses a field without one.
 */

export const uuid = z.uuid();

/** An instant as the api writes it: ISO 8601 in UTC (`Date.toISOString()`). */
export const instant = z.iso.datetime();

export const outcomeSchema = z
  .enum(OUTCOMES)
  .meta({ id: 'Outcome', description: 'In order of severity: `allow` (activate), `review` (a person checks first, usually with eKYC), `hold` (do not activate; eKYC required), `deny` (refuse)' });

const hitSchema = z
  .object({
    signal: z.string().describe('The signal that fired, e.g. `phone.line-type`'),
    points: z.int().describe('What it added to the score (from the rules in force); negative for a cap (`GROUP_CAP`), 0 for an outcome ceiling'),
    reason: z.string().describe('A stable reason code, e.g. `PHONE_VOIP`: branch on this, not on the detail'),
    detail: z.string().describe("Human-readable explanation; names only this client's own applications and domains (linked ones of other clients are counted, never named)"),
  })
  .meta({ id: 'Hit', description: 'One reason that moved the score' });

export const assessmentSchema = z
  .object({
    id: uuid.describe('The application: the same for every revision (every submission of one externalId by one client)'),
    externalId: z.string().describe('Your id of the application, as sent'),
    revision: z.int().min(1).describe('1 for the first submission of the externalId, then 2, 3… for each later one (a revision of the same application)'),
    outcome: outcomeSchema,
    score: z.int().describe('The sum of the hits’ points; the outcome follows from it and the rules’ thresholds and ceilings'),
    rulesVersion: z.string().describe('`sha256:` and the content hash of the rule set that made the assessment'),
    caseId: uuid.nullable().describe("The application's open review case: while there is one, wait for the `case.decided` callback whatever the outcome"),
    receivedAt: instant.describe('When shinsa received this revision'),
    hits: z.array(hitSchema).describe('Every reason that moved the score or limited the outcome'),
  })
  .meta({ id: 'Assessment', description: 'The answer to `POST /v1/screenings` (and, with the label verdict beside it, `GET /v1/screenings/{id}`)' });

export type ScreeningResponse = z.infer<typeof assessmentSchema>;

const labelVerdictSchema = z
  .object({
    verdict: z.enum(['fraud', 'legitimate']).describe('The verdict of the newest label: a later label (a correction) replaces an earlier one'),
    source: z.string().describe('Where it came from: the `source` you sent with `POST /v1/labels`, `review:<reason code>` for a reviewer’s decision on its case, `abuse-report:<category>` for an abuse report a reviewer confirmed, `feed:<name>` for a threat feed'),
    labelledAt: instant.describe('When the label was recorded'),
  })
  .meta({ id: 'LabelVerdict', description: 'The newest label on the application' });

export type LabelVerdict = z.infer<typeof labelVerdictSchema>;

export const screeningSchema = assessmentSchema
  .extend({
    verdict: labelVerdictSchema
      .nullable()
      .describe(
        "The newest label on the application beside the assessment, null when it has none: the assessment is what the rules said, the verdict what you, this installation's reviewers or a feed established since (a fraud-labelled application can still show `allow`). Only labels about your own application: yours, and the reviewers' or feeds' on your case; never another client's",
      ),
  })
  .meta({ id: 'Screening', description: 'The answer to `GET /v1/screenings/{id}`: the latest assessment and the newest label' });

export type StoredScreeningResponse = z.infer<typeof screeningSchema>;

const fieldErrorSchema = z
  .object({
    field: z.string().describe('Dotted path of the bad field (`registrant.address.postalCode`), `(root)` for the body itself, or the header or parameter name'),
    message: z.string().describe('What is wrong with it'),
  })
  .meta({ id: 'FieldError', description: 'One bad field of a request' });

export const problemSchema = z
  .object({
    type: z.url().describe('`https://shinsa.invalid/problems/<code in lower case with dashes>`: identifies the problem type (not a page to fetch)'),
    title: z.string().describe('Short summary of the problem type'),
    status: z.int().min(400).max(599).describe('The HTTP status, repeated'),
    detail: z.string().describe('What went wrong with this request'),
    code: z.enum(ApiErrorCode).describe('Stable machine-readable code: branch on this (see "Error codes")'),
    instance: z.string().optional().describe('The request path, without its query'),
    requestId: z.string().optional().describe('The request id (also the `x-request-id` response header): quote it when asking the operator'),
    errors: z.array(fieldErrorSchema).optional().describe('Each bad field, for validation problems'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (`application/problem+json`)' });

export type Problem = z.infer<typeof problemSchema>;

export const labelResultSchema = z
  .object({
    labels: z
      .array(
        z.object({
          id: uuid.describe('The label'),
          applicationId: uuid.describe('The labelled application'),
        }),
      )
      .min(1)
      .describe('One label per labelled application (a domain can name several of your recent applications)'),
    verdict: z.enum(['fraud', 'legitimate']).describe('The verdict, as sent'),
  })
  .meta({ id: 'LabelResult', description: 'The answer to `POST /v1/labels`' });

export type LabelResult = z.infer<typeof labelResultSchema>;

export const abuseReportResultSchema = z
  .object({
    id: uuid.describe('The abuse report'),
    applicationId: uuid.nullable().describe("Your own recent application for the domain; null for a domain you do not hold (unknown, or another client's: that client is told, you are not)"),
    state: z.literal('pending').describe('Always `pending`: the report becomes a fraud label once a reviewer confirms it'),
  })
  .meta({ id: 'AbuseReportResult', description: 'The answer to `POST /v1/abuse-reports`' });

export type AbuseReportResult = z.infer<typeof abuseReportResultSchema>;

export const ekycCallbackResultSchema = z
  .object({
    caseId: uuid.describe('The review case the eKYC request belongs to'),
    recorded: z.boolean().describe('false for a repeat of a result already recorded (nothing changed)'),
  })
  .meta({ id: 'EkycCallbackResult', description: "The answer to an eKYC vendor's result callback" });

export const livenessSchema = z
  .object({ status: z.literal('ok').describe('The process is up') })
  .meta({ id: 'Liveness', description: 'The answer to `GET /healthz`' });

const dependency = z.enum(['up', 'down']);

export const readinessSchema = z
  .object({
    status: z.enum(['ready', 'not ready']).describe('`ready` when every check is `up`'),
    checks: z
      .object({
        database: dependency.describe('PostgreSQL answered within 1.5 s'),
        redis: dependency.describe('Redis answered within 1.5 s'),
      })
      .describe('Each dependency'),
  })
  .meta({ id: 'Readiness', description: 'The answer to `GET /readyz` (200 when ready, 503 when not)' });

/** Every schema of an answer, published under `#/components/schemas/` by its id. */
export const RESPONSE_SCHEMAS = [assessmentSchema, screeningSchema, labelVerdictSchema, problemSchema, labelResultSchema, abuseReportResultSchema, ekycCallbackResultSchema, livenessSchema, readinessSchema] as const;
