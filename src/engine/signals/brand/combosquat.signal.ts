import { defineSignal, type SignalHit } from '../../signal';
import { BRAND_LISTS } from './brand-dictionary';
import { brandFindings, brandNames, countedMatches, distinctBrands } from './brand-findings';

/**
 * A protected brand's name inside the registrable label of a domain the brand does not own:
 * with affix words (`smbc-card-login`, `rakutencojpmember`), alone or with unrecognised text
 * (`vpass-smbc`, `rakutenxyz`, `amazon.xyz`), an abbreviation fused with a few letters
 * (`smbccv`, `mufgj`), or a brand name that is also an ordinary word standing alone (`line6201`,
 * `aeon-kiss`: weak on its own).
 */
export const brandCombosquatSignal = defineSignal({
  name: 'brand.combosquat',
  reasons: ['BRAND_COMBOSQUAT', 'BRAND_IN_LABEL', 'BRAND_ABBREVIATION_FUSED', 'BRAND_WORD_IN_LABEL'],
  lists: BRAND_LISTS,
  usesBrands: true,
  evaluate(context): SignalHit[] {
    const findings = brandFindings(context);
    if (!findings) return [];
    const { label } = findings;
    const domain = findings.name.registrableDomain;
    const words = [...label.meaningfulAffixes, ...(label.jpSuffix && !label.meaningfulAffixes.includes('jp') ? [label.jpSuffix] : [])];
    const counted = countedMatches(label, findings.jpTail !== undefined);
    const brands = distinctBrands([...counted, ...(words.length > 0 ? label.fused : [])].map((match) => match.term));
    if (brands.length > 0 && words.length > 0) {
      return [{ reason: 'BRAND_COMBOSQUAT', detail: `${domain} joins ${brandNames(brands)}'s name with ${words.slice(0, 4).join(', ')}` }];
    }
    if (brands.length > 0) {
      return [{ reason: 'BRAND_IN_LABEL', detail: `${domain} carries ${brandNames(brands)}'s name but is not one of its domains` }];
    }
    if (label.fused.length > 0) {
      const [first] = label.fused;
      return [{ reason: 'BRAND_ABBREVIATION_FUSED', detail: `${domain} starts or ends with ${first!.term.brand.display}'s abbreviation "${first!.term.text}"` }];
    }
    const ordinary = distinctBrands(label.matches.map((match) => match.term));
    if (ordinary.length > 0) {
      return [{ reason: 'BRAND_WORD_IN_LABEL', detail: `${domain} has the word "${label.matches[0]!.term.text}", also ${brandNames(ordinary)}'s name` }];
    }
    return [];
  },
});
