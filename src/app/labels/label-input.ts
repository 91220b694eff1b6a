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
    applicationId: uuid.optional(),
    domain: domainName.optional(),
    verdict: z.enum(['fraud', 'legitimate']),
    source: z.string().trim().min(1).max(100),
    evidenceUrl: httpUrl.optional(),
    note: z.string().max(2000).optional(),
  })
  .refine((label) => (label.applicationId === undefined) !== (label.domain === undefined), { message: 'give exactly one of applicationId and domain', path: ['applicationId'] });

export type LabelInput = z.infer<typeof labelSchema>;

/** `POST /v1/abuse-reports`: a report about a domain, stored until a reviewer confirms or dismisses it. */
export const abuseReportSchema = z.strictObject({
  domain: domainName,
  category: z.enum(['phishing', 'malware', 'spam', 'fraud', 'other']),
  url: httpUrl.optional(),
  reporter: z.strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    email: z.string().trim().max(320).optional(),
    organization: z.string().trim().max(200).optional(),
  }),
  reportedAt: z.iso.datetime({ offset: true }).optional(),
  note: z.string().max(2000).optional(),
});

export type AbuseReportInput = z.infer<typeof abuseReportSchema>;
