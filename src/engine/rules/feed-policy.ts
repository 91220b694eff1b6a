import { z } from 'zod';
import { parseDomainName } from '../domain-name';
import type { RuleIssue } from '../errors';
import { OUTCOMES, type Outcome } from '../outcome';

/**
 * What the threat-feed loop needs from `rules/feeds.yaml`: the shared platforms whose hosts are
 * never a registrant's (on top of the Public Suffix List's private section), the portfolio statuses
 * that mean the registrar already suspended a domain, and the outcomes of the cases it opens.
 */
export interface FeedPolicy {
  /** Registrable domains (ICANN section) of shared platforms and URL shorteners, with why. */
  readonly sharedPlatforms: ReadonlyMap<string, string>;
  /** Lower-case words; a portfolio status containing one means the domain is already suspended. */
  readonly suspendedStatuses: readonly string[];
  /** The outcome (and so the SLA) of the case a confirmed feed report raises. */
  readonly confirmedCaseOutcome: Exclude<Outcome, 'allow'>;
  /** The outcome of the cases a lead opens for a feed-matched domain's campaign siblings. */
  readonly siblingCaseOutcome: Exclude<Outcome, 'allow'>;
}

const caseOutcome = z.enum(OUTCOMES.filter((outcome): outcome is Exclude<Outcome, 'allow'> => outcome !== 'allow') as [Exclude<Outcome, 'allow'>, ...Exclude<Outcome, 'allow'>[]]);

export const feedsFileSchema = z.strictObject({
  description: z.string().min(1).optional(),
  sharedPlatforms: z.strictObject({
    description: z.string().min(1).optional(),
    source: z.string().min(1),
    licence: z.string().min(1),
    domains: z.record(z.string(), z.string().min(1, 'say what the platform is')),
  }),
  suspendedStatuses: z.array(z.string().trim().min(1)).min(1),
  confirmedCaseOutcome: caseOutcome,
  siblingCaseOutcome: caseOutcome,
});

/** The policy of a parsed `feeds.yaml`, or the problems that keep it from being one. */
export function feedPolicyOf(file: string, data: z.infer<typeof feedsFileSchema>): { policy: FeedPolicy; issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  const sharedPlatforms = new Map<string, string>();
  for (const [domain, why] of Object.entries(data.sharedPlatforms.domains)) {
    const parsed = parseDomainName(domain);
    if (!parsed.ok || parsed.name.registrableDomain !== domain) {
      issues.push({ file, key: `sharedPlatforms.domains.${domain}`, message: 'not a lower-case registrable domain (ICANN section of the Public Suffix List)' });
      continue;
    }
    sharedPlatforms.set(domain, why);
  }
  return {
    policy: {
      sharedPlatforms,
      suspendedStatuses: [...new Set(data.suspendedStatuses.map((status) => status.toLowerCase()))],
      confirmedCaseOutcome: data.confirmedCaseOutcome,
      siblingCaseOutcome: data.siblingCaseOutcome,
    },
    issues,
  };
}
