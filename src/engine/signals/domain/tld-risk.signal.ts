import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { screenedDomainName } from './screened-name';
import { BASE_RATE_LISTS, rateScopeOf, WEIGHED_BY_BASE_RATES } from './weighed-feature';

const HIGH_RISK = 'high-risk-tlds';
const ELEVATED_RISK = 'elevated-risk-tlds';
const MODERATE_RISK = 'moderate-risk-tlds';

const TIERS = [
  [HIGH_RISK, 'DOMAIN_TLD_HIGH_RISK', 'a suffix with a high share of phishing domains'],
  [ELEVATED_RISK, 'DOMAIN_TLD_ELEVATED_RISK', 'a suffix over-represented among phishing domains and rare among ordinary ones'],
  [MODERATE_RISK, 'DOMAIN_TLD_MODERATE_RISK', 'a suffix over-represented among phishing domains'],
] as const;

/**
 * The public suffix the name is registered under. Where the name base rates measure it (a gTLD,
 * alone or in its tier, or a country code the sample holds: rules/fitted/name-base-rates.yaml), it
 * weighs as much as its share of phishing registrations exceeds its share of new registrations
 * (DOMAIN_TLD_OVERREPRESENTED, reported from `minRatio` on). Elsewhere (country codes such as .cn,
 * .cc, com.cn that the sample does not hold) the older tiers in `rules/lists/` decide, measured on
 * the JPCERT/CC phishing domains against the OpenDNS lists (`npm run knowledge:tld-risk`); the most
 * specific listed suffix decides, so `com.cn` (moderate) overrides `cn` (high).
 */
export const tldRiskSignal = defineSignal({
  name: 'domain.tld_risk',
  reasons: ['DOMAIN_TLD_OVERREPRESENTED', 'DOMAIN_TLD_HIGH_RISK', 'DOMAIN_TLD_ELEVATED_RISK', 'DOMAIN_TLD_MODERATE_RISK'],
  evidenceReasons: ['DOMAIN_TLD_OVERREPRESENTED'],
  lists: [...BASE_RATE_LISTS],
  fitted: WEIGHED_BY_BASE_RATES,
  usesBrands: true,
  params: z.strictObject({
    /** Phishing share over new-registration share from which a measured suffix is reported. */
    minRatio: z.number().min(1).default(2),
  }),
  evaluate(context): SignalHit[] {
    const name = screenedDomainName(context);
    if (!name) return [];
    const scope = rateScopeOf(context, name);
    if (scope?.suffix) {
      const { suffix } = scope;
      if (suffix.evidence < Math.log(context.params.minRatio)) return [];
      return [{ reason: 'DOMAIN_TLD_OVERREPRESENTED', evidence: suffix.evidence, detail: `registered under .${name.publicSuffix}: ${suffix.explanation}` }];
    }
    // com.cn, then cn.
    for (let at = name.publicSuffix; ; ) {
      for (const [list, reason, what] of TIERS) {
        if (context.list(list).has(at)) return [{ reason, detail: `registered under .${at}, ${what} (a country code the name base rates do not measure)` }];
      }
      const dot = at.indexOf('.');
      if (dot < 0) return [];
      at = at.slice(dot + 1);
    }
  },
});
