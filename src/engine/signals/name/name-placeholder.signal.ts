import type { RuleList } from '../../signal';
import { defineSignal, type SignalHit } from '../../signal';
import { romajiKey } from './hepburn';
import { toKatakanaText } from './registrant-name';

const LATIN_TEXT = /^[\p{Script=Latin}\s.,'’_-]+$/u;
const PART_SEPARATORS = /[\s・=,._'’-]+/u;
const DIGITS = /^\p{Nd}+$/u;
/** One to three characters repeated three times or more: あああ, xxxx, ababab. */
const REPEATED = /^(.{1,3})\1{2,}$/u;
/** Every run along a keyboard row or in alphabetical order (4+), or in gojūon order (5+: ウエオカ is 植岡), either way. */
const RUNS: ReadonlySet<string> = new Set(
  (
    [
      ['qwertyuiop', 4],
      ['asdfghjkl', 4],
      ['zxcvbnm', 4],
      ['abcdefghijklmnopqrstuvwxyz', 4],
      ['1234567890', 4],
      ['アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン', 5],
    ] as const
  ).flatMap(([sequence, minimum]) =>
    [sequence, [...sequence].reverse().join('')].flatMap((ordered) => {
      const runs: string[] = [];
      for (let start = 0; start < ordered.length; start++) {
        for (let end = start + minimum; end <= ordered.length; end++) runs.push(ordered.slice(start, end));
      }
      return runs;
    }),
  ),
);

interface NameParts {
  /** Lower-case, katakana, split at separators: for the patterns. */
  readonly raw: readonly string[];
  /** The same with romaji folded (Tarou → taro): for the list. */
  readonly folded: readonly string[];
}

function partsOf(text: string): NameParts {
  const normalised = toKatakanaText(text.normalize('NFKC').toLowerCase());
  const raw = normalised.split(PART_SEPARATORS).filter((part) => part !== '');
  const folded = LATIN_TEXT.test(normalised) ? raw.map(romajiKey).filter((part) => part !== '') : raw;
  return { raw, folded };
}

const listKeys = new WeakMap<RuleList, ReadonlySet<string>>();

/** List entries as keys: separators removed, kana in katakana, romaji folded. */
function placeholderKeys(list: RuleList): ReadonlySet<string> {
  let keys = listKeys.get(list);
  if (!keys) {
    keys = new Set(list.entries.map((entry) => partsOf(entry).folded.join('')).filter((key) => key !== ''));
    listKeys.set(list, keys);
  }
  return keys;
}

/** The whole name in written order or reversed (romaji is often given-name first), or one of its parts. */
function isListed(parts: readonly string[], samples: ReadonlySet<string>): boolean {
  if (samples.has(parts.join(''))) return true;
  if (parts.length < 2) return false;
  return samples.has([...parts].reverse().join('')) || parts.some((part) => samples.has(part));
}

function patternOf(form: string): string | undefined {
  if (DIGITS.test(form)) return 'is only digits';
  // Cheap test first: a repetition has its first character again within three places.
  const again = form.length >= 3 ? form.indexOf(form[0]!, 1) : -1;
  if (again >= 1 && again <= 3 && REPEATED.test(form)) return 'is one character or syllable repeated';
  if (RUNS.has(form)) return 'is a keyboard or alphabet run';
  return undefined;
}

function placeholderPattern(parts: readonly string[]): string | undefined {
  const whole = patternOf(parts.join(''));
  if (whole !== undefined || parts.length < 2) return whole;
  for (const part of parts) {
    const pattern = patternOf(part);
    if (pattern !== undefined) return pattern;
  }
  return undefined;
}

/**
 * Sample and placeholder names (山田太郎, テスト, test, 名無し) from `rules/lists/placeholder-names`,
 * whole or as the surname or given name, in any script and name order; and names that are digits,
 * one character repeated, or a keyboard or alphabet run (qwerty, asdf, abcd, アイウエオ). Nobody
 * registers a domain they mean to keep under such a name.
 */
export const namePlaceholderSignal = defineSignal({
  name: 'name.placeholder',
  requires: 'registrant',
  reasons: ['NAME_PLACEHOLDER'],
  lists: ['placeholder-names'],
  evaluate({ application, list }): SignalHit[] {
    const name = application.registrant?.name;
    if (!name) return [];
    const samples = placeholderKeys(list('placeholder-names'));
    for (const field of ['kanji', 'kana', 'romaji'] as const) {
      const text = name[field];
      if (!text) continue;
      const parts = partsOf(text);
      if (isListed(parts.folded, samples)) return [{ reason: 'NAME_PLACEHOLDER', detail: `the ${field} name is a sample or placeholder name` }];
      const pattern = placeholderPattern(parts.raw);
      if (pattern !== undefined) return [{ reason: 'NAME_PLACEHOLDER', detail: `the ${field} name ${pattern}` }];
    }
    return [];
  },
});
