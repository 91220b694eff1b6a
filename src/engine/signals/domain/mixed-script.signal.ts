import { defineSignal, type SignalHit } from '../../signal';
import { screenedDomainName } from './screened-name';

/** Scripts told apart in a label; characters of other scripts count as `Other`, Common ones (digits, `-`, `ー`) not at all. */
const SCRIPTS: readonly [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Han', /\p{Script=Han}/u],
  ['Hiragana', /\p{Script=Hiragana}/u],
  ['Katakana', /\p{Script=Katakana}/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Bopomofo', /\p{Script=Bopomofo}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
];
const COMMON = /[\p{Script=Common}\p{Script=Inherited}]/u;

/** Script sets UTS #39 accepts in one label (its "highly restrictive" CJK sets), each with Latin. */
const CJK_SETS: readonly ReadonlySet<string>[] = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];
/** Scripts whose letters pass for Latin ones: never accepted beside Latin (UTS #39 "moderately restrictive"). */
const LATIN_LOOKALIKE_SCRIPTS = new Set(['Cyrillic', 'Greek', 'Armenian']);

/** Lower-case Cyrillic and Greek letters that render as Latin ones (UTS #39 confusables). */
const LATIN_LOOKALIKES = new Set([...'асԁеһіјӏорԛѕԝхуүɡьαοινρυϲϳκ']);

/** Kanji and hiragana that pass for katakana inside a katakana word: サ一ビス, ア力ウント, へルプ. */
const KATAKANA_LOOKALIKES: ReadonlyMap<string, string> = new Map([
  ['工', 'エ'], ['口', 'ロ'], ['力', 'カ'], ['夕', 'タ'], ['卜', 'ト'], ['二', 'ニ'], ['八', 'ハ'], ['一', 'ー'],
  ['へ', 'ヘ'], ['べ', 'ベ'], ['ぺ', 'ペ'],
]);
const KATAKANA = /[\p{Script=Katakana}ー]/u;

/** Scripts of the characters met so far (a label's characters are tested against up to 15 patterns each). */
const MAX_KNOWN_CHARACTERS = 10_000;
const knownScripts = new Map<string, string | undefined>();

function scriptOf(char: string): string | undefined {
  if (knownScripts.has(char)) return knownScripts.get(char);
  const script = testedScriptOf(char);
  if (knownScripts.size < MAX_KNOWN_CHARACTERS) knownScripts.set(char, script);
  return script;
}

function testedScriptOf(char: string): string | undefined {
  if (COMMON.test(char)) return undefined;
  for (const [script, pattern] of SCRIPTS) if (pattern.test(char)) return script;
  return 'Other';
}

function acceptedMix(scripts: ReadonlySet<string>): boolean {
  if (scripts.size <= 1) return true;
  if (CJK_SETS.some((set) => [...scripts].every((script) => set.has(script)))) return true;
  // Latin with one other script that does not imitate Latin (e.g. Latin + Thai).
  return scripts.size === 2 && scripts.has('Latin') && ![...scripts].some((script) => LATIN_LOOKALIKE_SCRIPTS.has(script));
}

/**
 * Scripts inside one IDN label: Latin mixed with Cyrillic or Greek (`pаypal` with a Cyrillic а),
 * a label written wholly in Cyrillic or Greek letters that look Latin (`аррӏе`), and a kanji or
 * hiragana that passes for katakana inside a katakana word (`サ一ビス` with the kanji 一). Japanese
 * labels legitimately mix kanji, hiragana, katakana and Latin, and that alone is not reported.
 */
export const mixedScriptSignal = defineSignal({
  name: 'domain.mixed_script',
  reasons: ['DOMAIN_MIXED_SCRIPT', 'DOMAIN_CONFUSABLE_SCRIPT', 'DOMAIN_KATAKANA_LOOKALIKE'],
  usesBrands: true,
  evaluate(context): SignalHit[] {
    const name = screenedDomainName(context);
    if (!name?.isIdn) return [];
    const chars = [...name.labelUnicode];
    const scripts = new Set<string>();
    for (const char of chars) {
      const script = scriptOf(char);
      if (script) scripts.add(script);
    }
    if (!acceptedMix(scripts)) {
      return [{ reason: 'DOMAIN_MIXED_SCRIPT', detail: `the label "${name.labelUnicode}" mixes ${[...scripts].join(' and ')} letters` }];
    }
    const letters = chars.filter((char) => scriptOf(char) !== undefined);
    if (letters.length >= 2 && (scripts.has('Cyrillic') || scripts.has('Greek')) && letters.every((char) => LATIN_LOOKALIKES.has(char))) {
      return [{ reason: 'DOMAIN_CONFUSABLE_SCRIPT', detail: `the label "${name.labelUnicode}" is written in ${[...scripts].join(' and ')} letters that all look Latin` }];
    }
    for (let i = 0; i < chars.length; i++) {
      const lookalike = KATAKANA_LOOKALIKES.get(chars[i]!);
      if (!lookalike) continue;
      const neighbours = [chars[i - 1], chars[i + 1]].filter((char): char is string => char !== undefined && char !== '-');
      if (neighbours.length > 0 && neighbours.every((char) => KATAKANA.test(char))) {
        return [{ reason: 'DOMAIN_KATAKANA_LOOKALIKE', detail: `"${chars[i]}" stands among katakana in "${name.labelUnicode}", where it reads as the katakana "${lookalike}"` }];
      }
    }
    return [];
  },
});
