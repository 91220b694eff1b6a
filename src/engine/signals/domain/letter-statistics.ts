import type { RuleList } from '../../signal';

/*
 * Is a registrable label text or a machine's draw? People name domains with words (English,
 * romaji, pinyin), names and abbreviations; generators draw letters and digits at random
 * (`ggdnjtf`, `xjqkzv`, `a8f3k2l9`). A letter-bigram model of natural text, compared with a
 * generator that draws every letter alike, says how much likelier one is than the other.
 */

/** Index 0 is the word boundary, 1–26 the letters a–z. */
const SYMBOLS = 27;
/** Added to every bigram count, so that an unseen pair is rare rather than impossible. */
const SMOOTHING = 0.1;
/** Share of romaji in the mixture (the rest is English): Japanese labels are often romaji. */
const ROMAJI_WEIGHT = 0.3;
/** The uniform generator: each letter 1/26, and it stops after any letter with chance 1/8. */
const UNIFORM_LETTER = Math.log(1 / 26);
const UNIFORM_END = Math.log(1 / 8);

const ROMAJI_SYLLABLES: readonly string[] = [
  ...'aiueo',
  ...[...'kgsztdnhbpmr'].flatMap((consonant) => [...'aiueo'].map((vowel) => consonant + vowel)),
  ...['shi', 'chi', 'tsu', 'fu', 'ji', 'ya', 'yu', 'yo', 'wa', 'n'],
  ...['ky', 'gy', 'sh', 'ch', 'j', 'ny', 'hy', 'by', 'py', 'my', 'ry'].flatMap((onset) => ['a', 'u', 'o'].map((vowel) => onset + vowel)),
];

/** Pseudo-words of two or three syllables: enough to teach the model romaji's letter pairs. */
function romajiPseudoWords(): string[] {
  const words: string[] = [];
  for (const first of ROMAJI_SYLLABLES) {
    for (const second of ROMAJI_SYLLABLES) words.push(first + second, `${first}${second}a`, `${first}${second}o`);
  }
  return words;
}

function letterIndex(code: number): number {
  return code - 96;
}

function bigramCounts(words: Iterable<string>): Float64Array {
  const counts = new Float64Array(SYMBOLS * SYMBOLS);
  for (const word of words) {
    let previous = 0;
    for (let i = 0; i < word.length; i++) {
      const current = letterIndex(word.charCodeAt(i));
      if (current < 1 || current > 26) {
        previous = 0;
        continue;
      }
      counts[previous * SYMBOLS + current]! += 1;
      previous = current;
    }
    counts[previous * SYMBOLS]! += 1;
  }
  return counts;
}

function rowTotals(counts: Float64Array): Float64Array {
  const totals = new Float64Array(SYMBOLS);
  for (let row = 0; row < SYMBOLS; row++) {
    for (let column = 0; column < SYMBOLS; column++) totals[row]! += counts[row * SYMBOLS + column]!;
  }
  return totals;
}

/** Letter-bigram model of natural label text: English words mixed with romaji. */
export class LetterBigramModel {
  private constructor(private readonly logProbability: Float64Array) {}

  static fromWords(englishWords: Iterable<string>): LetterBigramModel {
    const english = bigramCounts(englishWords);
    const romaji = bigramCounts(romajiPseudoWords());
    const englishTotals = rowTotals(english);
    const romajiTotals = rowTotals(romaji);
    const logProbability = new Float64Array(SYMBOLS * SYMBOLS);
    for (let row = 0; row < SYMBOLS; row++) {
      for (let column = 0; column < SYMBOLS; column++) {
        const cell = row * SYMBOLS + column;
        const fromEnglish = (english[cell]! + SMOOTHING) / (englishTotals[row]! + SMOOTHING * SYMBOLS);
        const fromRomaji = (romaji[cell]! + SMOOTHING) / (romajiTotals[row]! + SMOOTHING * SYMBOLS);
        logProbability[cell] = Math.log((1 - ROMAJI_WEIGHT) * fromEnglish + ROMAJI_WEIGHT * fromRomaji);
      }
    }
    return new LetterBigramModel(logProbability);
  }

  /**
   * Log-likelihood ratio (nats) of a run of letters a–z as natural text against random letters:
   * positive when it reads like words, strongly negative for `ggdnjtf` (≈ −24) or `xjqkzv`.
   */
  naturalness(letters: string): number {
    let previous = 0;
    let ratio = 0;
    for (let i = 0; i < letters.length; i++) {
      const current = letterIndex(letters.charCodeAt(i));
      ratio += this.logProbability[previous * SYMBOLS + current]! - UNIFORM_LETTER;
      previous = current;
    }
    return ratio + this.logProbability[previous * SYMBOLS]! - UNIFORM_END;
  }
}

const models = new WeakMap<RuleList, LetterBigramModel>();

/** The model trained on a word list, built once per loaded list. */
export function letterModelOf(words: RuleList): LetterBigramModel {
  let model = models.get(words);
  if (!model) {
    model = LetterBigramModel.fromWords(words.entries);
    models.set(words, model);
  }
  return model;
}

/** Hepburn, kunrei and wāpuro morae, as in names and words (`shinnosuke`, `kyoto`, `ryokan`, `tsutsumi`). */
const ROMAJI_MORA = [
  '(?:ky|gy|sh|sy|ch|ty|cy|ny|hy|by|py|my|ry|zy|jy|dy)[auo]',
  '(?:sh|ch|j)[aiueo]',
  'ts[auieo]',
  'f[aiueo]',
  'v[aiueo]',
  '[kgsztdnhbpmr][aiueo]',
  'y[auoe]',
  'w[aoie]',
  '[aiueo]',
  'n(?![aiueoy])',
  'm(?=[bpm])',
  '(?<=o)h(?![aiueoy])',
  '(?:k(?=k)|s(?=s)|t(?=t)|p(?=p)|g(?=g)|z(?=z)|d(?=d)|b(?=b)|h(?=h)|f(?=f)|j(?=j)|c(?=ch)|t(?=ch))',
].join('|');
const ROMAJI_WORD = new RegExp(`^(?:${ROMAJI_MORA})+$`);

/** Hanyu pinyin syllables without tones (initial + final), as in Chinese names and brands. */
const PINYIN_SYLLABLE = '(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|er|ia|ie|iu|ua|uo|ui|ue|a|o|e|i|u|v)';
const PINYIN_WORD = new RegExp(`^(?:${PINYIN_SYLLABLE})+$`);

/** True when the letters split wholly into romaji morae or pinyin syllables. */
export function isSyllabicWord(letters: string): boolean {
  return ROMAJI_WORD.test(letters) || PINYIN_WORD.test(letters);
}

export interface LabelPartShape {
  /** The part's letters with its digits taken out (`x7jn6h8` → `xjnh`). */
  readonly letters: string;
  readonly digits: number;
  /** Switches between a letter and a digit (`a8f3k2l9` has 7, `sato1985` has 1). */
  readonly letterDigitSwitches: number;
  /** Runs of digits with letters on both sides (`m1006ka` has 1, `card0003` none). */
  readonly innerDigitRuns: number;
}

/** Letters, digits and their alternation in one hyphen-separated part of a label. */
export function labelPartShape(part: string): LabelPartShape {
  let letters = '';
  let digits = 0;
  let switches = 0;
  let innerDigitRuns = 0;
  let previousIsDigit: boolean | undefined;
  let seenLetter = false;
  let pendingDigitRun = false;
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i);
    const isDigit = code >= 48 && code <= 57;
    if (previousIsDigit !== undefined && previousIsDigit !== isDigit) switches++;
    previousIsDigit = isDigit;
    if (isDigit) {
      digits++;
      if (seenLetter) pendingDigitRun = true;
    } else {
      letters += part[i];
      seenLetter = true;
      if (pendingDigitRun) innerDigitRuns++;
      pendingDigitRun = false;
    }
  }
  return { letters, digits, letterDigitSwitches: switches, innerDigitRuns };
}

const HEX_STRING = /^[0-9a-f]+$/;

/** A long hexadecimal string with digits and letters interleaved: a hash or token, not a name. */
export function isHexToken(part: string, minLength: number): boolean {
  if (part.length < minLength || !HEX_STRING.test(part)) return false;
  const shape = labelPartShape(part);
  return shape.digits >= 4 && shape.letters.length >= 4 && shape.letterDigitSwitches >= 4;
}
