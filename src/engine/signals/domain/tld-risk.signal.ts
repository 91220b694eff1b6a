import { defineSignal, type SignalHit } from '../../signal';
import { screenedDomainName } from './screened-name';

const HIGH_RISK = 'high-risk-tlds';
const ELEVATED_RISK = 'elevated-risk-tlds';

/**
 * The public suffix the name is registered under, against the risk tiers in `rules/lists/`
 * (measured on JPCERT/CC's 2019–2022 phishing domains against the benign lists; the tables are in
 * the lists). The most specific listed suffix decides, so `com.cn` (elevated) overrides `cn` (high).
 */
export const tldRiskSignal = defineSignal({
  name: 'domain.tld_risk',
  reasons: ['DOMAIN_TLD_HIGH_RISK', 'DOMAIN_TLD_ELEVATED_RISK'],
  lists: [HIGH_RISK, ELEVATED_RISK],
  usesBrands: true,
  evaluate(context): SignalHit[] {
    const name = screenedDomainName(context);
    if (!name) return [];
    const high = context.list(HIGH_RISK);
    const elevated = context.list(ELEVATED_RISK);
    // com.cn, then cn.
    for (let suffix = name.publicSuffix; ; ) {
      if (high.has(suffix)) return [{ reason: 'DOMAIN_TLD_HIGH_RISK', detail: `registered under .${suffix}, a suffix with a high share of phishing domains` }];
      if (elevated.has(suffix)) return [{ reason: 'DOMAIN_TLD_ELEVATED_RISK', detail: `registered under .${suffix}, a suffix over-represented among phishing domains` }];
      const dot = suffix.indexOf('.');
      if (dot < 0) return [];
      suffix = suffix.slice(dot + 1);
    }
  },
});
