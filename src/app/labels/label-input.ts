import { z } from 'zod';
import { UUID_PATTERN } from '../database/uuid';

const uuid = z.string().regex(UUID_PATTERN, 'must be a UUID');
const httpUrl = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');
const domainName = z.string().trim().min(1).max(253).regex(/^[^\s/@]+\.[^\s/@]+$/, 'must be a domain name');

/** `POST /v1/labels`: a verdict on one application, or on every application for a domain. */
export const labelSchema = z
  .strictObject({
    applicationId: uuid.optional().describe('One of your applications (the `id` of the webhook’s answer); give this or `domain`'),
    domain: domainName.optional().describe('A domain: labels your applications for it of the last two years (the 20 newest); give this or `applicationId`'),
    verdict: z.enum(['fraud', 'legitimate']).describe('`fraud`, or `legitimate` to correct an earlier fraud label (the latest verdict wins)'),
    source: z.string().trim().min(1).max(100).describe('Who or what decided, for the record: `abuse-desk`, `chargeback`…'),
    evidenceUrl: httpUrl.optional().describe('A link to the evidence (an http(s) URL)'),
    note: z.string().max(2000).optional().describe('Free text for the reviewers'),
  })
  .refine((label) => (label.applicationId === undefined) !== (label.domain === undefined), { message: 'give exactly one of applicationId and domain', path: ['applicationId'] })
  .meta({ id: 'Label', description: 'The body of `POST /v1/labels`: exactly one of `applicationId` and `domain`' });

export type LabelInput = z.infer<typeof labelSchema>;

/** `POST /v1/abuse-reports`: a report about a domain, stored until a reviewer confirms or dismisses it. */
export const abuseReportSchema = z.strictObject({
  domain: domainName.describe('The abused domain'),
  category: z.enum(['phishing', 'malware', 'spam', 'fraud', 'other']).describe('What it is abused for'),
  url: httpUrl.optional().describe('The abusive URL (an http(s) URL)'),
  reporter: z
    .strictObject({
      name: z.string().trim().min(1).max(200).optional().describe('The reporter’s name'),
      email: z.string().trim().max(320).optional().describe('The reporter’s e-mail address'),
      organization: z.string().trim().max(200).optional().describe('The reporter’s organisation'),
    })
    .describe('Who reported it (kept for the reviewers; never passed to the domain’s holder)'),
  reportedAt: z.iso.datetime({ offset: true }).optional().describe('When the abuse was seen (default: now)'),
  note: z.string().max(2000).optional().describe('Free text for the reviewers'),
}).meta({ id: 'AbuseReport', description: 'The body of `POST /v1/abuse-reports`' });

export type AbuseReportInput = z.infer<typeof abuseReportSchema>;
