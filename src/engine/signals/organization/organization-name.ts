import { toRomaji } from 'wanakana';
import type { OrganizationMarkers } from '../organization-markers';

/*
 * Comparing an organisation's name with its domain's registrable label. Names arrive in kanji,
 * kana or English; labels are ASCII. Kana is romanised (wanakana) and both sides are folded to a
 * loose phonetic key, because katakana loanwords and their English spellings differ
 * (サイバーエージェント "saibaaeejento" ↔ "cyberagent"). The comparison is deliberately lenient:
 * it should only say "unrelated" when nothing at all is shared.
 */

const EN_CONNECTORS = new Set(['the', 'and', 'of', '&']);
const EN_GENERIC_WORDS = new Set(['holdings', 'hd', 'group', 'japan', 'nippon', 'nihon', 'international', 'global']);
const JA_GENERIC_WORDS = /ジャパン|インターナショナル|グローバル|本社|支社|支店/g;

const KANJI = /[\u3400-\u9fff\uf900-\ufaff]/;
const LATIN_RUNS = /[a-z0-9]+/g;
/** Kana runs, split at ・ and spaces so エヌ・ティ・ティ・ドコモ gives separate words. */
const KANA_RUNS = /[\u3041-\u3096\u30a1-\u30fa\u30fc]+/g;

/** Latin letters spelt in katakana, as in ディー・エヌ・エー (DeNA) or エイチ・アイ・エス (HIS). */
const LETTER_NAMES: ReadonlyMap<string, string> = new Map([
  ['エー', 'a'], ['エイ', 'a'], ['ビー', 'b'], ['シー', 'c'], ['ディー', 'd'], ['ディ', 'd'], ['イー', 'e'], ['エフ', 'f'],
  ['ジー', 'g'], ['エイチ', 'h'], ['エッチ', 'h'], ['アイ', 'i'], ['ジェー', 'j'], ['ジェイ', 'j'], ['ケー', 'k'], ['ケイ', 'k'],
  ['エル', 'l'], ['エム', 'm'], ['エヌ', 'n'], ['オー', 'o'], ['ピー', 'p'], ['キュー', 'q'], ['アール', 'r'], ['エス', 's'],
  ['ティー', 't'], ['ティ', 't'], ['テイ', 't'], ['ユー', 'u'], ['ブイ', 'v'], ['ヴイ', 'v'], ['ダブリュー', 'w'], ['エックス', 'x'],
  ['ワイ', 'y'], ['ゼット', 'z'], ['ゼッド', 'z'],
]);

/** What one form of the name offers for comparison with a label. */
export interface NameForms {
  /** Lower-case ASCII words (English words, romanised kana), corporate forms and generic words removed. */
  readonly words: readonly string[];
  /** Initials of a name of two words or more ("ntt"), if any. */
  readonly initials?: string | undefined;
  /**
   * True when this form is wholly comparable with an ASCII label: an English name, or a Japanese
   * name without kanji (kanji cannot be read reliably, so such a name can only confirm a match).
   */
  readonly comparable: boolean;
}

export interface JapaneseNameForms extends NameForms {
  /** The name without corporate forms and spaces, for comparison with a Japanese (IDN) label. */
  readonly core: string;
}

/** Words and initials of an English (or romanised) organisation name. */
export function englishNameForms(nameEn: string, markers: OrganizationMarkers): NameForms {
  // Whole words with dots ignored, so "Co., Ltd." and "K. K." are recognised as forms.
  const tokens = nameEn.normalize('NFKC').toLowerCase().split(/[\s,]+/).map((token) => token.replace(/\./g, ''));
  const allWords: string[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token === '' || markers.isLatinMarker(token) || EN_CONNECTORS.has(token)) continue;
    const next = tokens[index + 1];
    if (next !== undefined && markers.isLatinMarker(token + next)) {
      index++;
      continue;
    }
    for (const word of token.match(LATIN_RUNS) ?? []) if (!markers.isLatinMarker(word) && !EN_CONNECTORS.has(word)) allWords.push(word);
  }
  const words = allWords.filter((word) => !EN_GENERIC_WORDS.has(word));
  return { words, initials: allWords.length >= 2 ? allWords.map((word) => word[0]).join('') : undefined, comparable: words.length > 0 };
}

/** Latin words, romanised kana words and spelt-out initials of a Japanese organisation name. */
export function japaneseNameForms(name: string, markers: OrganizationMarkers): JapaneseNameForms {
  const core = markers.stripJapanese(name.normalize('NFKC').toLowerCase());
  const stripped = core.replace(JA_GENERIC_WORDS, ' ');
  const words: string[] = [];
  for (const word of stripped.match(LATIN_RUNS) ?? []) {
    if (!markers.isLatinMarker(word) && !EN_CONNECTORS.has(word) && !EN_GENERIC_WORDS.has(word)) words.push(word);
  }
  let letters = '';
  for (const run of stripped.match(KANA_RUNS) ?? []) {
    const letter = LETTER_NAMES.get(run);
    if (letter) {
      letters += letter;
      continue;
    }
    if (letters.length >= 2) words.push(letters);
    letters = '';
    const romaji = toRomaji(run).replace(/[^a-z]/g, '');
    if (romaji.length >= 2) words.push(romaji);
  }
  if (letters.length >= 2) words.push(letters);
  return { words, core: core.replace(/\s+/g, ''), comparable: words.length > 0 && !KANJI.test(stripped) };
}

/**
 * A loose phonetic key: English spelling and Hepburn romaji folded towards each other
 * (c/k/q, l/r, v/b, f/h, z/s, ge/je, ph/f, x/ks, y as a vowel → i).
 */
function phoneticKey(text: string): string {
  return text
    .replace(/tch/g, 'ch')
    .replace(/ch/g, 'C')
    .replace(/sh/g, 'S')
    .replace(/ph/g, 'f')
    .replace(/th/g, 's')
    .replace(/ck/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/[cq]/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/v/g, 'b')
    .replace(/l/g, 'r')
    .replace(/f/g, 'h')
    .replace(/z/g, 's')
    .replace(/g(?=[eiy])/g, 'j')
    .replace(/y(?![aeiou])/g, 'i')
    .replace(/C/g, 'c')
    .replace(/S/g, 's');
}

/** Consonant skeleton of a phonetic key: vowels and h dropped, repeats collapsed. */
function consonantSkeleton(key: string): string {
  return key.replace(/[aeiouh]/g, '').replace(/(.)\1+/g, '$1');
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Skeletons at least this similar (1 − distance / longer length) count as the same name. */
const SKELETON_SIMILARITY = 0.6;

function soundsAlike(labelSkeleton: string, word: string): boolean {
  const skeleton = consonantSkeleton(phoneticKey(word));
  if (skeleton === '' || labelSkeleton === '') return false;
  if (skeleton === labelSkeleton) return true;
  const shorter = skeleton.length <= labelSkeleton.length ? skeleton : labelSkeleton;
  const longer = shorter === skeleton ? labelSkeleton : skeleton;
  if (shorter.length >= 3 ? longer.includes(shorter) : shorter.length === 2 && longer.startsWith(shorter)) return true;
  return shorter.length >= 2 && 1 - editDistance(skeleton, labelSkeleton) / longer.length >= SKELETON_SIMILARITY;
}

/** True when an ASCII registrable label shares something with the name: a word, initials, or a sound. */
export function labelSharesName(label: string, forms: NameForms): boolean {
  const flat = label.replace(/-/g, '');
  const segments = label.split(/[-0-9]+/).filter((segment) => segment.length >= 2);
  const joinedWords = forms.words.join('');
  if (forms.initials && (segments.includes(forms.initials) || (forms.initials.length >= 3 && flat.startsWith(forms.initials)))) return true;
  for (const segment of segments) {
    if (segment.length >= 3 && joinedWords.includes(segment)) return true;
  }
  const labelSkeleton = consonantSkeleton(phoneticKey(flat.replace(/[0-9]/g, '')));
  for (const word of forms.words) {
    if (word.length >= 3 ? flat.includes(word) : segments.includes(word)) return true;
    if (soundsAlike(labelSkeleton, word)) return true;
  }
  return false;
}

/** True when a Japanese (IDN) label and the Japanese name share two consecutive characters. */
export function japaneseLabelSharesName(unicodeLabel: string, japaneseCore: string): boolean {
  const label = unicodeLabel.normalize('NFKC');
  for (let index = 0; index + 2 <= label.length; index++) {
    if (japaneseCore.includes(label.slice(index, index + 2))) return true;
  }
  return label.length === 1 && japaneseCore.includes(label);
}
