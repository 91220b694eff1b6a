import { z } from 'zod';

/*
 * Do a label's letters look more like a phishing registration's than like an honest one's? Two
 * letter-trigram models answer it: one of the labels phishing domains were registered with, one
 * of honest labels (new registrations, and English and romaji words). Their log-ratio over the
 * label is its "phishing likeness" in nats. The models are fitted tables
 * (rules/fitted/label-letters.yaml, npm run knowledge:name-evidence); this file reads and applies
 * them, and the build step uses the same symbols and training to write them.
 */

/** Symbols of a label: 0 the boundary, 1–26 the letters a–z, 27 any digit, 28 the hyphen. */
export const LETTER_SYMBOLS = 29;
const DIGIT = 27;
const HYPHEN = 28;
/** Tables hold −ln P in 1/LETTER_TABLE_SCALE nat steps, one byte a cell. */
export const LETTER_TABLE_SCALE = 16;
const CELLS = LETTER_SYMBOLS * LETTER_SYMBOLS * LETTER_SYMBOLS;

/** The symbol of one character code of an ASCII label (letters, digits, hyphen). */
function letterSymbol(code: number): number {
  if (code >= 97 && code <= 122) return code - 96;
  if (code >= 48 && code <= 57) return DIGIT;
  if (code === 45) return HYPHEN;
  throw new Error(`not a character of an ASCII label: ${String.fromCharCode(code)}`);
}

/** Cell of P(next | first second) in a table. */
function letterCell(first: number, second: number, next: number): number {
  return (first * LETTER_SYMBOLS + second) * LETTER_SYMBOLS + next;
}

/**
 * Counts of symbol trigrams (with the boundary before and after each label) of a set of labels,
 * and of their bigram and unigram tails, for {@link trainLetterTable}.
 */
export function countLetterTrigrams(labels: Iterable<string>, weight = 1): { unigram: Float64Array; bigram: Float64Array; trigram: Float64Array } {
  const unigram = new Float64Array(LETTER_SYMBOLS);
  const bigram = new Float64Array(LETTER_SYMBOLS * LETTER_SYMBOLS);
  const trigram = new Float64Array(CELLS);
  for (const label of labels) {
    let first = 0;
    let second = 0;
    for (let i = 0; i <= label.length; i++) {
      const next = i < label.length ? letterSymbol(label.charCodeAt(i)) : 0;
      unigram[next]! += weight;
      bigram[second * LETTER_SYMBOLS + next]! += weight;
      trigram[letterCell(first, second, next)]! += weight;
      first = second;
      second = next;
    }
  }
  return { unigram, bigram, trigram };
}

/**
 * A table of −ln P(next | first second) from trigram counts: each order backs off to the one below
 * with a Dirichlet prior of `concentration` pseudo-counts (uniform below unigrams), quantised to
 * 1/LETTER_TABLE_SCALE nat and capped at 255 steps.
 */
export function trainLetterTable(counts: ReturnType<typeof countLetterTrigrams>, concentration: number): Uint8Array {
  const { unigram, bigram, trigram } = counts;
  const table = new Uint8Array(CELLS);
  let total = 0;
  for (const count of unigram) total += count;
  const p1 = Float64Array.from(unigram, (count) => (count + concentration / LETTER_SYMBOLS) / (total + concentration));
  for (let second = 0; second < LETTER_SYMBOLS; second++) {
    let secondTotal = 0;
    for (let next = 0; next < LETTER_SYMBOLS; next++) secondTotal += bigram[second * LETTER_SYMBOLS + next]!;
    const p2 = new Float64Array(LETTER_SYMBOLS);
    for (let next = 0; next < LETTER_SYMBOLS; next++) p2[next] = (bigram[second * LETTER_SYMBOLS + next]! + concentration * p1[next]!) / (secondTotal + concentration);
    for (let first = 0; first < LETTER_SYMBOLS; first++) {
      let contextTotal = 0;
      for (let next = 0; next < LETTER_SYMBOLS; next++) contextTotal += trigram[letterCell(first, second, next)]!;
      for (let next = 0; next < LETTER_SYMBOLS; next++) {
        const p3 = (trigram[letterCell(first, second, next)]! + concentration * p2[next]!) / (contextTotal + concentration);
        table[letterCell(first, second, next)] = Math.min(255, Math.round(-Math.log(p3) * LETTER_TABLE_SCALE));
      }
    }
  }
  return table;
}

/** The three letter models and how the honest one mixes registrations with words. */
export class LabelLetterModels {
  private readonly logRegistrations: number;
  private readonly logWords: number;

  constructor(
    private readonly phishing: Uint8Array,
    private readonly registrations: Uint8Array,
    private readonly words: Uint8Array,
    /** Weight of the word model in the honest mixture; the registration model has the rest. */
    wordsWeight: number,
  ) {
    this.logRegistrations = Math.log(1 - wordsWeight);
    this.logWords = Math.log(wordsWeight);
  }

  /**
   * How much likelier the label (ASCII letters, digits, hyphens) is as a phishing registration's
   * than as an honest one, in nats: ln P(label | phishing) − ln(w·P(label | words) + (1−w)·P(label | new registrations)).
   * Positive for `qkvbig`, negative for `tokyo-bakery` or `28811239`.
   */
  phishingLikeness(label: string): number {
    // The three costs in one pass over the label (whole table steps: the sums are exact in any order).
    let phishingCost = 0;
    let registrationsCost = 0;
    let wordsCost = 0;
    let first = 0;
    let second = 0;
    for (let i = 0; i <= label.length; i++) {
      const next = i < label.length ? letterSymbol(label.charCodeAt(i)) : 0;
      const cell = letterCell(first, second, next);
      phishingCost += this.phishing[cell]!;
      registrationsCost += this.registrations[cell]!;
      wordsCost += this.words[cell]!;
      first = second;
      second = next;
    }
    const phishing = -phishingCost / LETTER_TABLE_SCALE;
    const registrations = this.logRegistrations - registrationsCost / LETTER_TABLE_SCALE;
    const words = this.logWords - wordsCost / LETTER_TABLE_SCALE;
    const top = Math.max(registrations, words);
    return phishing - (top + Math.log(Math.exp(registrations - top) + Math.exp(words - top)));
  }
}

const base64Table = z
  .string()
  .transform((text, context) => {
    let binary: string;
    try {
      binary = atob(text.replace(/\s+/g, ''));
    } catch {
      context.addIssue({ code: 'custom', message: 'not base64' });
      return z.NEVER;
    }
    const bytes = new Uint8Array(binary.length);
    for (let at = 0; at < binary.length; at++) bytes[at] = binary.charCodeAt(at);
    if (bytes.length !== CELLS) {
      context.addIssue({ code: 'custom', message: `a table of ${CELLS} cells (base64 of one byte each), got ${bytes.length}` });
      return z.NEVER;
    }
    return bytes;
  });

/** `rules/fitted/label-letters.yaml`: the three tables and the mixture weight. */
export const labelLettersSchema = z
  .looseObject({
    scale: z.literal(LETTER_TABLE_SCALE),
    wordsWeight: z.number().gt(0).lt(1),
    tables: z.strictObject({ phishing: base64Table, registrations: base64Table, words: base64Table }),
  })
  .transform((file) => new LabelLetterModels(file.tables.phishing, file.tables.registrations, file.tables.words, file.wordsWeight));
