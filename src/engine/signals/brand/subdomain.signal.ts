import { defineSignal, type SignalHit } from '../../signal';
import { BRAND_SIGNAL_LISTS } from './brand-dictionary';
import { brandFindings, brandNames, countedMatches, distinctBrands } from './brand-findings';

/** A brand's name in a subdomain label of someone else's domain (`amazon.co.jp.example.com`, `rakuten-login.example.net`). */
export const brandSubdomainSignal = defineSignal({
  name: 'brand.subdomain',
  reasons: ['BRAND_IN_SUBDOMAIN'],
  lists: BRAND_SIGNAL_LISTS,
  usesBrands: true,
  evaluate(context): SignalHit[] {
    const findings = brandFindings(context);
    if (!findings || findings.subdomains.length === 0) return [];
    const brands = distinctBrands(findings.subdomains.flatMap(({ analysis }) => countedMatches(analysis).map((match) => match.term)));
    if (findings.subdomainOwnedDomain && !brands.includes(findings.subdomainOwnedDomain.brand)) brands.push(findings.subdomainOwnedDomain.brand);
    if (brands.length === 0) return [];
    return [{ reason: 'BRAND_IN_SUBDOMAIN', detail: `a subdomain of ${findings.name.registrableDomain} names ${brandNames(brands)}` }];
  },
});
