import { defineSignal, type SignalHit } from '../../signal';
import { screenedDomainName } from './screened-name';

const HIGH_RISK = 'high-risk-tlds';
const ELEVATED_RISK = 'elevated-risk-tlds';
const MODERATE_RISK = 'moderate-risk-tlds';
const LEGACY_GTLDS = 'legacy-gtlds';

const TIERS = [
  [HIGH_RISK, 'DOMAIN_TLD_HIGH_RISK', 'a suffix with a high share of phishing domains'],
  [ELEVATED_RISK, 'DOMAIN_TLD_ELEVATED_RISK', 'a suffix over-represented among phishing domains and rare among ordinary ones'],
  [MODERATE_RISK, 'DOMAIN_TLD_MODERATE_RISK', 'a suffix over-represented among phishing domains'],
] as const;

/** A top-level domain of three or more ASCII letters (not `xn--`): a generic one, legacy or new. */
const GENERIC_TLD = /^[a-z]{3,}$/;

/**
 * The public suffix the name is registered under, against the risk tiers in `rules/lists/`
 * (measured on JPCERT/CC's 2019–2022 phishing domains against the benign lists by
 * `npm run knowledge:tld-risk`; the tables are in the lists). The most specific listed suffix
 * decides, so `com.cn` (moderate) overrides `cn` (high). A new gTLD (not in the legacy list, not a
 * country code) that no tier lists is reported too: campaigns move to new cheap gTLDs faster than
 * a table measured on past years can follow.
 */
export const tldRiskSignal = defineSignal({
  name: 'domain.tld_risk',
  reasons: ['DOMAIN_TLD_HIGH_RISK', 'DOMAIN_TLD_ELEVATED_RISK', 'DOMAIN_TLD_MODERATE_RISK', 'DOMAIN_TLD_NEW_GTLD'],
  lists: [HIGH_RISK, ELEVATED_RISK, MODERATE_RISK, LEGACY_GTLDS],
  usesBrands: true,
  evaluate(context): SignalHit[] {
    const name = screenedDomainName(context);
    if (!name) return [];
    // com.cn, then cn.
    for (let suffix = name.publicSuffix; ; ) {
      for (const [list, reason, what] of TIERS) {
        if (context.list(list).has(suffix)) return [{ reason, detail: `registered under .${suffix}, ${what}` }];
      }
      const dot = suffix.indexOf('.');
      if (dot < 0) break;
      suffix = suffix.slice(dot + 1);
    }
    const tld = name.publicSuffix.slice(name.publicSuffix.lastIndexOf('.') + 1);
    if (GENERIC_TLD.test(tld) && !context.list(LEGACY_GTLDS).has(tld)) {
      return [{ reason: 'DOMAIN_TLD_NEW_GTLD', detail: `registered under .${tld}, a new generic TLD that the measured risk tiers do not list` }];
    }
    return [];
  },
});
