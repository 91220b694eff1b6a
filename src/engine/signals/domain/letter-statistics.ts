import { LETTER_TRIGRAM_SCALE, LETTER_TRIGRAMS_BASE64 } from './letter-trigrams.data';

/*
 * Is a registrable label text or a machine's draw? People name domains with words (English,
 * romaji, pinyin), names and abbreviations; generators draw letters and digits at random
 * (`ggdnjtf`, `xjqkzv`, `a8f3k2l9`) or string syllables into pseudo-words. A letter-trigram model
 * of natural text, compared with a generator that draws every letter alike, says how much likelier
 * one is than the other.
 */

/** Index 0 is the word boundary, 1–26 the letters a–z. */
const SYMBOLS = 27;
/** The uniform generator: each letter 1/26, and it stops after any letter with chance 1/8. */
const UNIFORM_LETTER = Math.log(1 / 26);
const UNIFORM_END = Math.log(1 / 8);

function letterIndex(code: number): number {
  return code - 96;
}

/**
 * Letter-trigram model of natural label text, trained on English words (SCOWL ≤ 35) and the
 * romaji readings of IPADIC's nouns by src/knowledge/build/build-letter-model.ts; the table ships
 * in letter-trigrams.data.ts.
 */
export class LetterTrigramModel {
  private constructor(private readonly logProbability: Float64Array) {}

  /** A model from a table of −ln P(c | a b) in 1/scale nat, 27³ cells. */
  static fromTable(cells: Uint8Array, scale: number): LetterTrigramModel {
    if (cells.length !== SYMBOLS * SYMBOLS * SYMBOLS) throw new Error(`letter-trigram table has ${cells.length} cells, expected ${SYMBOLS ** 3}`);
    const logProbability = new Float64Array(cells.length);
    for (let i = 0; i < cells.length; i++) logProbability[i] = -cells[i]! / scale;
    return new LetterTrigramModel(logProbability);
  }

  /**
   * Log-likelihood ratio (nats) of a run of letters a–z as natural text against random letters:
   * positive when it reads like words, strongly negative for `ggdnjtf` or `xjqkzv`.
   */
  naturalness(letters: string): number {
    let first = 0;
    let second = 0;
    let ratio = 0;
    for (let i = 0; i < letters.length; i++) {
      const current = letterIndex(letters.charCodeAt(i));
      ratio += this.logProbability[(first * SYMBOLS + second) * SYMBOLS + current]! - UNIFORM_LETTER;
      first = second;
      second = current;
    }
    return ratio + this.logProbability[(first * SYMBOLS + second) * SYMBOLS]! - UNIFORM_END;
  }
}

let shipped: LetterTrigramModel | undefined;

/** The shipped model, decoded once per process. */
export function letterModel(): LetterTrigramModel {
  shipped ??= LetterTrigramModel.fromTable(Uint8Array.from(atob(LETTER_TRIGRAMS_BASE64), (char) => char.charCodeAt(0)), LETTER_TRIGRAM_SCALE);
  return shipped;
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
  let hasDigit = false;
  for (let i = 0; i < part.length && !hasDigit; i++) hasDigit = part.charCodeAt(i) >= 48 && part.charCodeAt(i) <= 57;
  // Most parts have no digit: their letters are the part itself (no copy made letter by letter).
  if (!hasDigit) return { letters: part, digits: 0, letterDigitSwitches: 0, innerDigitRuns: 0 };
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
