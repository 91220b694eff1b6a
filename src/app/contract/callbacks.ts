import { z } from 'zod';
import { ABUSE_CATEGORIES } from '../feeds/feed-formats';
import { OutboxTopic } from '../intake/screening-response';
import { instant, outcomeSchema, uuid } from './responses';

/**
 * The callbacks shinsa POSTs to a client's callback URL, defined once: the outbox's producers are
 * typed by these schemas (`CallbackData`), the OpenAPI document publishes them under `webhooks`,
 * and docs/API.md lists them. Every callback is a Standard Webhooks message
 * `{"type", "timestamp", "data"}`; `data` depends on `type`.
 */

const category = z.enum(ABUSE_CATEGORIES).describe('What the domain is abused for');

const screeningAssessed = z
  .object({
    applicationId: uuid.describe('The application (the `id` of the webhook’s answer)'),
    externalId: z.string().describe('Your id of the application'),
    revision: z.int().min(1).describe('The revision assessed'),
    outcome: outcomeSchema,
    score: z.int().describe('The score'),
    rulesVersion: z.string().describe('The rule set that made the assessment'),
    caseId: uuid.nullable().describe('The open review case, if any: wait for `case.decided`'),
    reasons: z.array(z.string()).describe('The hits’ reason codes (the details are in `GET /v1/screenings/{id}`)'),
  })
  .meta({ id: 'ScreeningAssessedData', description: 'Sent for every accepted screening (the same assessment the webhook answered with), for a back end that processes answers asynchronously' });

const screeningReassessed = z
  .object({
    applicationId: uuid.describe('The application re-screened'),
    externalId: z.string().describe('Your id of the application'),
    trigger: z
      .string()
      .describe('What re-screened it: `label:<labelId>` for a label on one of your own applications, `label` for one on another client’s (its id is not yours to know), `rescan` for the nightly rescan'),
    outcome: outcomeSchema,
    previousOutcome: outcomeSchema.nullable().describe('The outcome before; null when the application had no assessment'),
    score: z.int().describe('The new score'),
    rulesVersion: z.string().describe('The rule set that made the new assessment'),
    caseId: uuid.nullable().describe('The case opened or raised because the outcome got worse, else null'),
    reasons: z.array(z.string()).describe('The new hits’ reason codes'),
    domain: z.string().optional().describe('Rescan only: the active domain re-screened'),
    runId: z.string().optional().describe('Rescan only: the rescan run'),
  })
  .meta({ id: 'ScreeningReassessedData', description: 'A later assessment changed the outcome or the reasons: a fraud label on an application sharing details with this one, or the nightly rescan of active domains' });

/** What every callback about a review case names first. */
const caseReference = {
  caseId: uuid.describe('The review case'),
  applicationId: uuid.describe('The application'),
  externalId: z.string().describe('Your id of the application'),
  domain: z.string().nullable().describe('The application’s domain name, if it had one'),
};

/** What every callback about an abuse report of one of your domains names first. */
const abuseReference = {
  abuseReportId: uuid.describe('The abuse report'),
  applicationId: uuid.describe('Your application for the domain'),
  externalId: z.string().nullable().describe('Your id of that application'),
  domain: z.string().describe('The reported domain'),
  category,
};

const caseDecided = z
  .object({
    ...caseReference,
    decision: z.enum(['approved', 'rejected']).describe('Activate (`approved`) or refuse (`rejected`)'),
    reasonCode: z.string().describe('The reviewer’s reason, one of the decision reasons of `rules/review.yaml` (see "Decision reasons")'),
    reason: z.string().describe('The reason’s English text'),
    decidedAt: instant.describe('When the reviewer decided'),
  })
  .meta({ id: 'CaseDecidedData', description: 'A reviewer decided the case: activate or refuse the registration' });

const ekycRequested = z
  .object({
    ...caseReference,
    ekycRequestId: uuid.describe('The eKYC request: the vendor reports its result under this id'),
    method: z.string().describe('The eKYC method asked for, one of `rules/review.yaml`’s eKYC methods (see "eKYC methods")'),
    verificationUrl: z.string().describe('The link to send the applicant to (the eKYC vendor’s page)'),
  })
  .meta({ id: 'EkycRequestedData', description: 'A reviewer asked for an identity check: send the applicant the verification link; a `case.decided` follows once the vendor reports and a reviewer decides' });

const abuseReported = z
  .object({
    ...abuseReference,
    url: z.string().nullable().describe('The abusive URL, if the reporter gave one'),
    reportedAt: instant.describe('When the reporter says the abuse was seen'),
  })
  .meta({ id: 'AbuseReportedData', description: 'Another client reported abuse of your domain: your abuse desk can act before a reviewer confirms it (the reporter is never named)' });

const abuseConfirmed = z
  .object({
    ...abuseReference,
    url: z.string().nullable().describe('The abusive URL, if known'),
    brand: z.string().nullable().optional().describe('Threat-feed reports only: the brand the feed says is imitated'),
    source: z.string().optional().describe('Threat-feed reports only: `feed:<name>`'),
    confirmedAt: instant.describe('When a reviewer (or a trusted feed) confirmed it'),
  })
  .meta({ id: 'AbuseConfirmedData', description: 'A reviewer or a trusted threat feed confirmed abuse of your domain: act on it (suspend, take down). The application now carries a fraud label' });

/** The data of each callback type, in the order docs/API.md lists them. */
const CALLBACK_DATA = {
  [OutboxTopic.ScreeningAssessed]: screeningAssessed,
  [OutboxTopic.ScreeningReassessed]: screeningReassessed,
  [OutboxTopic.EkycRequested]: ekycRequested,
  [OutboxTopic.CaseDecided]: caseDecided,
  [OutboxTopic.AbuseReported]: abuseReported,
  [OutboxTopic.AbuseConfirmed]: abuseConfirmed,
} as const;

export type CallbackType = keyof typeof CALLBACK_DATA;
export type CallbackData<T extends CallbackType> = z.infer<(typeof CALLBACK_DATA)[T]>;

/** A Standard Webhooks message's body for one callback type; its schema id is the data's with `Callback` for `Data`. */
function envelope<T extends CallbackType>(type: T) {
  const data = CALLBACK_DATA[type];
  const id = String(z.globalRegistry.get(data)?.id).replace(/Data$/, 'Callback');
  return z
    .object({
      type: z.literal(type).describe('The callback type'),
      timestamp: instant.describe('When the event happened (the same on every delivery attempt; `webhook-timestamp` is the attempt’s)'),
      data,
    })
    .meta({ id, description: `The body of a \`${type}\` callback` });
}

export const CALLBACK_TYPES = Object.keys(CALLBACK_DATA) as CallbackType[];

/** The body schema of each callback type. */
export const CALLBACK_SCHEMAS: { readonly [T in CallbackType]: ReturnType<typeof envelope<T>> } = Object.fromEntries(CALLBACK_TYPES.map((type) => [type, envelope(type)])) as never;

/** Events of the outbox that never leave shinsa: the worker's own jobs. */
interface InternalPayloads {
  [OutboxTopic.LabelCreated]: { readonly labelId: string; readonly applicationId: string; readonly verdict: 'fraud' | 'legitimate' };
  [OutboxTopic.AbuseReportReceived]: { readonly abuseReportId: string };
}

/** What an outbox event of each topic carries: a callback's data, or an internal job's input. */
export type OutboxPayload<T extends OutboxTopic> = T extends CallbackType ? CallbackData<T> : T extends keyof InternalPayloads ? InternalPayloads[T] : never;
