import { defineSignal, type SignalHit } from '../../signal';
import { BRAND_SIGNAL_LISTS } from './brand-dictionary';
import { brandFindings, brandNames, distinctBrands } from './brand-findings';

/**
 * A brand's Japanese name in an IDN label (`アマゾン-ログイン.com`, `楽天カード.xyz`, `国税庁.top`),
 * also when written with look-alike kana or kanji (ロ for 口, カ for 力, 一 for ー, ヘ for へ).
 */
export const brandJapaneseNameSignal = defineSignal({
  name: 'brand.japanese_name',
  reasons: ['BRAND_JAPANESE_NAME'],
  lists: BRAND_SIGNAL_LISTS,
  usesBrands: true,
  evaluate(context): SignalHit[] {
    const findings = brandFindings(context);
    if (!findings || findings.japanese.length === 0) return [];
    const brands = distinctBrands(findings.japanese);
    const lookalike = findings.japanese.every((match) => match.lookalike);
    const how = lookalike ? ` in look-alike characters (${findings.japanese[0]!.name})` : '';
    return [{ reason: 'BRAND_JAPANESE_NAME', detail: `${findings.name.unicode} writes ${brandNames(brands)}'s Japanese name${how}` }];
  },
});
