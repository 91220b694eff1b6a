import { defineSignal, type SignalHit } from '../../signal';
import { BRAND_SIGNAL_LISTS } from './brand-dictionary';
import { brandFindings, brandNames, distinctBrands } from './brand-findings';

/**
 * A brand's name written with look-alike characters: the label's confusable skeleton (TR39 plus
 * rn/m, vv/w, cl/d, 0/o, 1/l, 5/s) contains the name, the label itself does not (`nıfty`, Cyrillic
 * `аpple`, `rnercari`, `amaz0n`).
 */
export const brandHomoglyphSignal = defineSignal({
  name: 'brand.homoglyph',
  reasons: ['BRAND_HOMOGLYPH'],
  lists: BRAND_SIGNAL_LISTS,
  usesBrands: true,
  evaluate(context): SignalHit[] {
    const findings = brandFindings(context);
    if (!findings || findings.homoglyphs.length === 0) return [];
    const brands = distinctBrands(findings.homoglyphs.map((match) => match.term));
    return [{ reason: 'BRAND_HOMOGLYPH', detail: `${findings.name.unicode} writes ${brandNames(brands)}'s name with look-alike characters` }];
  },
});
