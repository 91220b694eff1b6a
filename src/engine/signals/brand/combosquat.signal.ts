import { z } from 'zod';
import type { Lexicon } from '../../knowledge';
import { defineSignal, type RuleList, type SignalHit } from '../../signal';
import { letterModel } from '../domain/letter-statistics';
import { BRAND_SIGNAL_LISTS, type BrandDictionary, type BrandTerm } from './brand-dictionary';
import { brandFindings, brandNames, countedMatches, distinctBrands } from './brand-findings';
import { editDistanceWithin } from './edit-distance';
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
 * `line112`) as strong as a brand name, because that is how campaigns mint names from one word;
 * beside a made-up word that no lexicon knows (`aplus-netoian`, `saison-citara`) as strong too.
 */
export const brandCombosquatSignal = defineSignal({
  name: 'brand.combosquat',
  reasons: [
    'BRAND_COMBOSQUAT',
    'BRAND_IN_LABEL',
    'BRAND_ABBREVIATION_FUSED',
    'BRAND_WORD_WITH_OWN_NAME',
    'BRAND_WORD_WITH_TAG',
    'BRAND_WORD_WITH_MADE_UP_WORD',
    'BRAND_WORD_IN_LABEL',
    'BRAND_INSIDE_WORD',
  ],
  lists: [...BRAND_SIGNAL_LISTS, WORDS],
  usesBrands: true,
  params: z.strictObject({
    /** Letters a part beside an ordinary-word brand needs before a lexicon miss makes it a made-up word. */
    minMadeUpWord: z.number().int().min(4).default(5),
    /**
     * Romaji endings of Japanese shop and company names (屋 ya, 堂 do, 館 kan, 社 sha…): a known word
     * with one of them is a name, not a made-up word (`ishidaya`, `studiodo`, `musickan`).
     */
    nameEndings: z.array(z.string().regex(/^[a-z]+$/, 'must be lower-case romaji letters')).default([]),
  }),
  evaluate(context): SignalHit[] {
    const findings = brandFindings(context);
    if (!findings) return [];
    const { label } = findings;
    const domain = findings.name.registrableDomain;
    const words = [...label.meaningfulAffixes, ...(label.jpSuffix && !label.meaningfulAffixes.includes('jp') ? [label.jpSuffix] : [])];
    const counted = countedMatches(label, findings.jpTail !== undefined);
    // A loop, not a spread of a `map` result (see suffix-imitation.signal.ts).
    const named: BrandTerm[] = [];
    for (const match of counted) named.push(match.term);
    if (words.length > 0) for (const match of label.fused) named.push(match.term);
    const brands = distinctBrands(named);
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
      const ownName = misspeltOwnName(label.text, label.matches, findings.dictionary);
      if (ownName) {
        return [{ reason: 'BRAND_WORD_WITH_OWN_NAME', detail: `${domain} joins the word "${ownName.match.term.text}", also ${ownName.match.term.brand.display}'s name, with "${ownName.rest}", a misspelling of the brand's "${ownName.token}"` }];
      }
      const words = label.matches.filter((match) => !match.insideWord);
      // Only an ASCII label with a brand word standing as a word has a rest to read for tags and made-up words.
      const readsRest = !findings.name.isIdn && words.length > 0;
      const tag = readsRest ? meaninglessTag(findings.name.label, words, context.list(WORDS)) : undefined;
      if (tag !== undefined) {
        return [{ reason: 'BRAND_WORD_WITH_TAG', detail: `${domain} joins the word "${label.matches[0]!.term.text}", also ${brandNames(ordinary)}'s name, with "${tag}", which is no word` }];
      }
      const madeUp = readsRest ? madeUpWord(findings.name.label, words, context.knowledge.lexicon, context.params.minMadeUpWord, context.params.nameEndings) : undefined;
      if (madeUp !== undefined) {
        return [{ reason: 'BRAND_WORD_WITH_MADE_UP_WORD', detail: `${domain} joins the word "${words[0]!.term.text}", also ${brandNames(distinctBrands(words.map((match) => match.term)))}'s name, with "${madeUp}", a word no lexicon knows` }];
      }
      if (words.length === 0) {
        return [{ reason: 'BRAND_INSIDE_WORD', detail: `${domain} has "${label.matches[0]!.term.text}", ${brandNames(ordinary)}'s name, inside a longer word` }];
      }
      return [{ reason: 'BRAND_WORD_IN_LABEL', detail: `${domain} has the word "${words[0]!.term.text}", also ${brandNames(distinctBrands(words.map((match) => match.term)))}'s name` }];
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
function meaninglessTag(label: string, matches: readonly BrandOccurrence[], words: RuleList): string | undefined {
  let digits = '';
  const isWord = (letters: string) => (letters.length >= 3 && words.has(letters)) || (letters.length >= MIN_MODEL_WORD && letterModel().naturalness(letters) >= 0);
  const tag = firstRunOutsideMatches(label, matches, (run, isDigits) => {
    if (isDigits) digits += run;
    return !isDigits && !isWord(run);
  });
  return tag ?? (digits === '' ? undefined : digits);
}

/**
 * The first run of letters outside the brand words, `minLetters` long or longer, that the lexicon
 * (common English words, romaji readings of Japanese nouns and names) does not know, alone, as
 * two known words run together (`drawingbook`) or as a known word with a Japanese name ending
 * (`ishidaya`, `designsha`): `netoian`, `citara`, `thestermin`. Undefined when every such run is a
 * word (`aplus-tutoring`, `sagawa-shoten`, `mizuho-takahashi`, `yamato-ishidaya`).
 */
function madeUpWord(label: string, matches: readonly BrandOccurrence[], lexicon: Lexicon, minLetters: number, nameEndings: readonly string[] = []): string | undefined {
  return firstRunOutsideMatches(label, matches, (run, isDigits) => !isDigits && run.length >= minLetters && !isKnownWord(run, lexicon, nameEndings));
}

const OTHER = 0;
const LETTERS = 1;
const DIGITS = 2;

/**
 * Hands `visit` each run of letters and each run of digits of the label that lies outside the brand
 * matches, in order, and returns the first run it accepts. Positions count the label's letters and
 * digits only, as the matches do (they index label-analysis.ts's compact() text); any other
 * character, or a matched letter or digit, ends a run.
 */
function firstRunOutsideMatches(label: string, matches: readonly BrandOccurrence[], visit: (run: string, isDigits: boolean) => boolean): string | undefined {
  let position = 0;
  let runKind = OTHER;
  let runStart = 0;
  for (let i = 0; i <= label.length; i++) {
    const code = i < label.length ? label.charCodeAt(i) : 45; // a hyphen past the end ends the last run
    const kind = code >= 0x61 && code <= 0x7a ? LETTERS : code >= 0x30 && code <= 0x39 ? DIGITS : OTHER;
    const outside = kind !== OTHER && !inMatch(matches, position) ? kind : OTHER;
    if (outside !== runKind) {
      if (runKind !== OTHER) {
        const run = label.slice(runStart, i);
        if (visit(run, runKind === DIGITS)) return run;
      }
      runKind = outside;
      runStart = i;
    }
    if (kind !== OTHER) position++;
  }
  return undefined;
}

function inMatch(matches: readonly BrandOccurrence[], at: number): boolean {
  for (let k = 0; k < matches.length; k++) if (at >= matches[k]!.start && at < matches[k]!.end) return true;
  return false;
}

/** Shortest word of a compound that the lexicon holds (it lists words of four letters or more). */
const MIN_COMPOUND_PART = 4;

function isKnownWord(letters: string, lexicon: Lexicon, nameEndings: readonly string[]): boolean {
  if (lexicon.has(letters)) return true;
  for (let cut = MIN_COMPOUND_PART; cut <= letters.length - MIN_COMPOUND_PART; cut++) {
    if (lexicon.has(letters.slice(0, cut)) && lexicon.has(letters.slice(cut))) return true;
  }
  for (const ending of nameEndings) {
    const stem = letters.length - ending.length;
    if (stem >= MIN_COMPOUND_PART && letters.endsWith(ending) && lexicon.has(letters.slice(0, stem))) return true;
  }
  return false;
}

/** Shortest rest of a brand name that may be recognised misspelt (`bank` of `mizuhobank`). */
const MIN_OWN_NAME = 4;

/**
 * An ordinary-word brand name (`mizuho`, `aplus`, `etc`) beside the rest of the label, when that rest
 * is a misspelling of the same brand's longer name: `mizuho-back` (mizuho + bank), `etc-meisal` and
 * `etc-maiesa` (etc + meisai), `nets-aplus` and `netaetion-aplus` (NET STATION *APLUS). The brand
 * word and its own name together leave no ordinary reading. The rest resembles the name when it is
 * a truncation of it (four letters or more), within one edit (two from eight letters), or holds the
 * same letters in another order (same first letter, length within two, ¾ of the letters shared).
 */
function misspeltOwnName(
  text: string,
  matches: readonly BrandOccurrence[],
  dictionary: Pick<BrandDictionary, 'terms'>,
): { match: BrandOccurrence; rest: string; token: string } | undefined {
  for (const match of matches) {
    const rest = (text.slice(0, match.start) + text.slice(match.end)).replace(/[0-9]/g, '');
    if (rest.length < MIN_OWN_NAME) continue;
    const word = match.term.text;
    for (const term of dictionary.terms) {
      if (term.brand !== match.term.brand || term.kind !== 'token' || term.text === word) continue;
      const name = term.text.startsWith(word) ? term.text.slice(word.length) : term.text.endsWith(word) ? term.text.slice(0, -word.length) : term.text;
      if (name.length >= MIN_OWN_NAME && resembles(rest, name)) return { match, rest, token: term.text };
    }
  }
  return undefined;
}

function resembles(rest: string, name: string): boolean {
  if (rest === name || name.startsWith(rest)) return true;
  const edits = name.length >= 8 ? 2 : 1;
  if (editDistanceWithin(rest, name, edits) <= edits) return true;
  if (rest.charCodeAt(0) !== name.charCodeAt(0) || Math.abs(rest.length - name.length) > 2) return false;
  const counts = new Int8Array(26);
  for (let i = 0; i < name.length; i++) counts[name.charCodeAt(i) - 97]! += 1;
  let shared = 0;
  for (let i = 0; i < rest.length; i++) {
    const letter = rest.charCodeAt(i) - 97;
    if (letter >= 0 && letter < 26 && counts[letter]! > 0) {
      counts[letter]! -= 1;
      shared++;
    }
  }
  return shared * 4 >= Math.max(rest.length, name.length) * 3;
}
