import { defineSignal, type RuleList, type SignalHit } from '../../signal';
import { letterModel } from '../domain/letter-statistics';
import { BRAND_LISTS } from './brand-dictionary';
import { brandFindings, brandNames, countedMatches, distinctBrands } from './brand-findings';
import type { BrandOccurrence } from './label-analysis';

const WORDS = 'english-words';
/** Letters a part needs before the letter model may call it a word (`ta`, `apq`, `gf` are tags). */
const MIN_MODEL_WORD = 4;

/**
 * A protected brand's name inside the registrable label of a domain the brand does not own:
 * with affix words (`smbc-card-login`, `rakutencojpmember`), alone or with unrecognised text
 * (`vpass-smbc`, `rakutenxyz`, `amazon.xyz`), an abbreviation fused with a few letters
 * (`smbccv`, `mufgj`), or a brand name that is also an ordinary word: beside other words
 * (`line-drawing`, `au-pair`) weak on its own, beside a meaningless tag (`au-apq`, `jibun-ta`,
 * `line112`) as strong as a brand name, because that is how campaigns mint names from one word.
 */
export const brandCombosquatSignal = defineSignal({
  name: 'brand.combosquat',
  reasons: ['BRAND_COMBOSQUAT', 'BRAND_IN_LABEL', 'BRAND_ABBREVIATION_FUSED', 'BRAND_WORD_WITH_TAG', 'BRAND_WORD_IN_LABEL'],
  lists: [...BRAND_LISTS, WORDS],
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
      const tag = findings.name.isIdn ? undefined : meaninglessTag(findings.name.label, label.matches, context.list(WORDS));
      if (tag !== undefined) {
        return [{ reason: 'BRAND_WORD_WITH_TAG', detail: `${domain} joins the word "${label.matches[0]!.term.text}", also ${brandNames(ordinary)}'s name, with "${tag}", which is no word` }];
      }
      return [{ reason: 'BRAND_WORD_IN_LABEL', detail: `${domain} has the word "${label.matches[0]!.term.text}", also ${brandNames(ordinary)}'s name` }];
    }
    return [];
  },
});

/**
 * The first part of the label, outside the brand words, that is no word: digits, a fragment of
 * one to three letters that is not an English word (`apq`, `ta`, `gf`), or longer letters the
 * letter model does not read as text (`acseonm`). Undefined when every other part is a word
 * (`line-drawing`, `au-pair`, `yamato-clinic`) or nothing else is there (`soumu`).
 */
export function meaninglessTag(label: string, matches: readonly BrandOccurrence[], words: RuleList): string | undefined {
  let position = 0; // in the label's letters and digits, as the matches count
  let part = '';
  let digits = '';
  const isWord = (letters: string) => (letters.length >= 3 && words.has(letters)) || (letters.length >= MIN_MODEL_WORD && letterModel().naturalness(letters) >= 0);
  const inMatch = (at: number) => matches.some((match) => at >= match.start && at < match.end);
  for (let i = 0; i <= label.length; i++) {
    const code = i < label.length ? label.charCodeAt(i) : 45;
    const isLetter = code >= 0x61 && code <= 0x7a;
    const isDigit = code >= 0x30 && code <= 0x39;
    const matched = (isLetter || isDigit) && inMatch(position);
    if (isLetter && !matched) part += label[i];
    else if (part !== '') {
      if (!isWord(part)) return part;
      part = '';
    }
    if (isDigit && !matched) digits += label[i];
    if (isLetter || isDigit) position++;
  }
  return digits === '' ? undefined : digits;
}
