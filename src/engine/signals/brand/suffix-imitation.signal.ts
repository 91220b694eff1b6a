import type { Brand } from '../../rules/brand-catalogue';
import { defineSignal, type SignalHit } from '../../signal';
import { BRAND_SIGNAL_LISTS } from './brand-dictionary';
import { brandFindings, brandNames, countedMatches, distinctBrands } from './brand-findings';

/**
 * A name that imitates a public suffix: a brand followed by the rest of its own domain
 * (`amazon-co-jp.xyz`, `mercari-jp.com`), a brand with a spelled 属性型 suffix (`rakutencojp…`,
 * `epos-co.jp` for epos.co.jp), or a brand's domain in front of someone else's
 * (`smbc.co.jp.account-verify.com`). Without a brand, `co-jp` inside a name outside .jp is still a
 * Japanese-specific phishing cue.
 */
export const brandSuffixImitationSignal = defineSignal({
  name: 'brand.suffix_imitation',
  reasons: ['BRAND_SUFFIX_IMITATION', 'DOMAIN_JP_SUFFIX_IN_LABEL'],
  lists: BRAND_SIGNAL_LISTS,
  usesBrands: true,
  evaluate(context): SignalHit[] {
    const findings = brandFindings(context);
    if (!findings) return [];
    const { name, label } = findings;
    const domain = name.registrableDomain;

    // Gathered by loops into one array, not spread from `map` results: spreading them met array
    // shapes the warm-up had not shown, and the signal was deoptimised again and again mid-run.
    const labelNamed: { readonly brand: Brand }[] = [];
    for (const match of countedMatches(label, findings.jpTail !== undefined)) labelNamed.push(match.term);
    for (const match of label.fused) labelNamed.push(match.term);
    for (const match of findings.homoglyphs) labelNamed.push(match.term);
    for (const match of findings.japanese) labelNamed.push(match);
    const labelBrands = distinctBrands(labelNamed);
    const tail = findings.jpTail;
    if (labelBrands.length > 0) {
      const owned = label.ownedDomainSpelled;
      const imitation = owned
        ? `spells ${owned.domain}, ${owned.occurrence.term.brand.display}'s own domain`
        : label.jpSuffix
          ? `spells "${label.jpSuffix}" after ${brandNames(labelBrands)}'s name`
          : tail
            ? `reads as ${name.label.slice(0, -tail.length - 1)}.${tail}.jp with ${brandNames(labelBrands)}'s name`
            : undefined;
      if (imitation) return [{ reason: 'BRAND_SUFFIX_IMITATION', detail: `${domain} ${imitation}` }];
    }

    if (findings.subdomainOwnedDomain) {
      const { brand, domain: ownedDomain } = findings.subdomainOwnedDomain;
      return [{ reason: 'BRAND_SUFFIX_IMITATION', detail: `${name.ascii} puts ${ownedDomain}, ${brand.display}'s own domain, in front of ${domain}` }];
    }
    if (findings.subdomainJpSuffix) {
      const subdomainBrands = distinctBrands(findings.subdomains.flatMap(({ analysis }) => countedMatches(analysis).map((match) => match.term)));
      if (subdomainBrands.length > 0) {
        return [{ reason: 'BRAND_SUFFIX_IMITATION', detail: `${name.ascii} spells ${brandNames(subdomainBrands)}'s name with .${findings.subdomainJpSuffix} in front of ${domain}` }];
      }
    }

    // An owner spelling its own domain (rakuten-co-jp.com by Rakuten) imitates nobody.
    if (findings.ownBrandNamed) return [];
    const jpSuffix = name.tld !== 'jp' ? label.jpSuffix : undefined;
    if (jpSuffix) return [{ reason: 'DOMAIN_JP_SUFFIX_IN_LABEL', detail: `${domain} spells "${jpSuffix}" inside a name outside .jp` }];
    if (findings.subdomainJpSuffix) return [{ reason: 'DOMAIN_JP_SUFFIX_IN_LABEL', detail: `${name.ascii} puts .${findings.subdomainJpSuffix} in front of ${domain}` }];
    return [];
  },
});
