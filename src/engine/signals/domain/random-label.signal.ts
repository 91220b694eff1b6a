import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { labelLettersSchema, type LabelLetterModels } from './label-letters';
import { isHexToken, isSyllabicWord, labelPartShape, letterModel } from './letter-statistics';
import type { DomainName } from '../../domain-name';
import type { Lexicon } from '../../knowledge';
import { ACCOUNT_WORDS, withoutAccountWords } from './account-word.signal';
import { withoutJpToken } from './jp-token.signal';
import { labelNamesBrand } from '../brand/brand-findings';
import { screenedDomainName } from './screened-name';
import { BASE_RATE_LISTS, rateScopeOf, WEIGHED_BY_BASE_RATES } from './weighed-feature';

const LABEL_LETTERS = 'label-letters';

export const randomLabelParams = z.strictObject({
  /** Parts shorter than this (letters and digits) are not judged: abbreviations live there. */
  minPartLength: z.number().int().min(3).default(5),
  /** Evidence (nats) for a random label: random letters beyond doubt. */
  randomEvidence: z.number().positive().default(16),
  /** Evidence (nats) for an improbable label: letters in an order text seldom uses. */
  improbableEvidence: z.number().positive().default(4),
  /** Evidence added per run of digits between letters (`m1006ka`, `x7jn6h8`). */
  innerDigitRunEvidence: z.number().min(0).default(4),
  /** Letter↔digit switches within one part for a digit mix (`x7k2m9` has 5, `web2shop` 2). */
  minLetterDigitSwitches: z.number().int().min(2).default(3),
  /** A hexadecimal part at least this long, with ≥ 4 digits and ≥ 4 letters interleaved, is a hash. */
  minHexLength: z.number().int().min(8).default(16),
  /**
   * Bounds (nats) of the bands of phishing likeness a label falls in; the base rates are counted per
   * shape and band (`random/9-12`). Changing them needs the base rates counted again.
   */
  likenessBands: z.array(z.number()).min(1).default([3, 6, 9, 12, 16]),
  /**
   * Bounds (characters, hyphens not counted) of the bands of label length the base rates are also
   * counted per (`random/9-12/len<6`): a short label is common among honest registrations on new
   * gTLDs and rare on legacy ones, and a long random draw reads otherwise than a short one.
   * Changing them needs the base rates counted again.
   */
  lengthBands: z.array(z.number().int().positive()).min(1).default([6, 9]),
  /**
   * Evidence (nats) of a random, digit-mix or improbable label under a suffix whose base rates the
   * sample cannot measure (a country code such as .cn): a fixed, weak weight.
   */
  unmeasuredEvidence: z.number().min(0).default(1),
});
export type RandomLabelParams = z.infer<typeof randomLabelParams>;

/** What a label looks like, as the base rates count it. */
export type LabelShape = 'random' | 'digit-mix' | 'improbable' | 'plain';

export interface LabelReading {
  readonly shape: LabelShape;
  /** The part that decided the shape (the whole label for `plain`). */
  readonly part: string;
  /** Why, in words (`looks machine-generated (randomness 31.2, threshold 16)`). */
  readonly why: string;
}

/**
 * The shape of a registrable label: drawn by a machine (`ggdnjtf`, `xjqkzv`, a hex hash),
 * letters and digits alternating (`a8f3k2l9`), letters in an order text seldom uses (`epsceerd`),
 * or plain. Each hyphen-separated part is weighed against a letter-trigram model of English and
 * romaji (how many nats likelier its letters are as random draws than as text) and by how often it
 * switches between letters and digits; romaji and pinyin words (`takahashi`, `zhangwei`) are text and
 * short parts (`jtb`, `nhk`) are skipped. The strongest part decides.
 */
export function readLabel(label: string, params: RandomLabelParams): LabelReading {
  const model = letterModel();
  let strongest: { evidence: number; part: string; innerDigitRuns: number } | undefined;
  let mixed: { switches: number; part: string } | undefined;
  // The hyphen-separated parts, without splitting the label (most have no hyphen).
  for (let from = 0, to: number; from <= label.length; from = to + 1) {
    to = label.indexOf('-', from);
    if (to < 0) to = label.length;
    if (to - from < params.minPartLength) continue;
    const part = from === 0 && to === label.length ? label : label.slice(from, to);
    if (isHexToken(part, params.minHexLength)) {
      return { shape: 'random', part, why: `is a ${part.length}-character hexadecimal string (a hash or token), not a name` };
    }
    const shape = labelPartShape(part);
    let evidence = shape.innerDigitRuns * params.innerDigitRunEvidence;
    if (shape.letters.length >= 3) {
      // Letters that read as text add nothing, so only the others are matched against the syllable patterns (the dearer test).
      const unnaturalness = -model.naturalness(shape.letters);
      if (unnaturalness > 0 && !isSyllabicWord(shape.letters)) evidence += unnaturalness;
    }
    if (!strongest || evidence > strongest.evidence) strongest = { evidence, part, innerDigitRuns: shape.innerDigitRuns };
    if (shape.letterDigitSwitches >= params.minLetterDigitSwitches && (!mixed || shape.letterDigitSwitches > mixed.switches)) {
      mixed = { switches: shape.letterDigitSwitches, part };
    }
  }
  const measure = (found: { evidence: number; innerDigitRuns: number }, threshold: number) =>
    `randomness ${found.evidence.toFixed(1)}${found.innerDigitRuns > 0 ? ` with ${found.innerDigitRuns} digit run${found.innerDigitRuns > 1 ? 's' : ''} between letters` : ''}, threshold ${threshold}`;
  if (strongest && strongest.evidence >= params.randomEvidence) {
    return { shape: 'random', part: strongest.part, why: `looks machine-generated: random draws are far likelier than English or romaji to spell it (${measure(strongest, params.randomEvidence)})` };
  }
  if (mixed) return { shape: 'digit-mix', part: mixed.part, why: `alternates letters and digits ${mixed.switches} times` };
  if (strongest && strongest.evidence >= params.improbableEvidence) {
    return { shape: 'improbable', part: strongest.part, why: `has letters in an order English and romaji seldom use (${measure(strongest, params.improbableEvidence)})` };
  }
  return { shape: 'plain', part: label, why: '' };
}

/** Where a value falls among band bounds: 0 below the first, bounds.length from the last on. */
function bandIndex(value: number, bounds: readonly number[]): number {
  let at = 0;
  while (at < bounds.length && !(value < bounds[at]!)) at++;
  return at;
}

/** The name of each band of some bounds, as the base rates name them: `<3`, `3-6`, …, `16+`. */
function bandNames(bounds: readonly number[]): string[] {
  return Array.from({ length: bounds.length + 1 }, (_, at) => (at === 0 ? `<${bounds[0]}` : at === bounds.length ? `${bounds[at - 1]}+` : `${bounds[at - 1]}-${bounds[at]}`));
}

/** The band of phishing likeness a value falls in, as the base rates name it: `<3`, `3-6`, …, `16+`. */
export function likenessBand(likeness: number, bounds: readonly number[]): string {
  return bandNames(bounds)[bandIndex(likeness, bounds)]!;
}

/** The band of length a label text falls in, as the base rates name it: `len<6`, `len6-9`, `len9+`. */
export function lengthBand(labelText: string, bounds: readonly number[]): string {
  return `len${likenessBand(charactersOf(labelText), bounds)}`;
}

const SHAPES: readonly LabelShape[] = ['random', 'digit-mix', 'improbable', 'plain'];

/**
 * The base-rate keys of one rule set's bands, each made once: built per label, a key was several
 * new strings, and a new string to hash for the look-up of its rates.
 */
class FeatureKeys {
  private readonly likenessNames: readonly string[];
  private readonly lengthNames: readonly string[];
  private readonly keys: (string | undefined)[] = [];

  constructor(private readonly params: Pick<RandomLabelParams, 'likenessBands' | 'lengthBands'>) {
    this.likenessNames = bandNames(params.likenessBands);
    this.lengthNames = bandNames(params.lengthBands);
  }

  key(shape: LabelShape, likeness: number, labelText: string): string {
    const likenessAt = bandIndex(likeness, this.params.likenessBands);
    const lengthAt = bandIndex(charactersOf(labelText), this.params.lengthBands);
    const at = (SHAPES.indexOf(shape) * this.likenessNames.length + likenessAt) * this.lengthNames.length + lengthAt;
    return (this.keys[at] ??= `${shape}/${this.likenessNames[likenessAt]!}/len${this.lengthNames[lengthAt]!}`);
  }
}

const featureKeys = new WeakMap<RandomLabelParams, FeatureKeys>();

/** Letters and digits of a label text (its hyphens not counted). */
function charactersOf(labelText: string): number {
  let characters = 0;
  for (let at = 0; at < labelText.length; at++) if (labelText.charCodeAt(at) !== 45) characters++;
  return characters;
}

/**
 * What the label says beside the words other signals weigh: without its account words
 * (DOMAIN_ACCOUNT_WORD) and its jp token (DOMAIN_JP_IN_LABEL), so that their evidence is not
 * counted twice (`jp-update` → ``, `windowsupdate` → `windows`).
 */
export function labelTextOf(name: DomainName, accountWords: readonly string[], lexicon: Lexicon): string {
  return withoutAccountWords(withoutJpToken(name, name.label), accountWords, lexicon);
}

/**
 * A label of fewer than `minPartLength` letters and digits (`qvc`, `w3`, `uc`, `wcpo`) is too short
 * for its letters to say anything: popular short names and short random draws spell alike, and new
 * registrations hold few short names only because most are taken. Its likeness is not read (0).
 */
export function isTooShortToRead(labelText: string, params: Pick<RandomLabelParams, 'minPartLength'>): boolean {
  let characters = 0;
  for (let at = 0; at < labelText.length && characters < params.minPartLength; at++) if (labelText.charCodeAt(at) !== 45) characters++;
  return characters < params.minPartLength;
}

/**
 * The base-rate key of a label: its shape, its band of phishing likeness and its band of length
 * (`random/9-12/len6-9`), read on what it says beside the words other signals weigh (labelTextOf).
 */
export function labelFeature(labelText: string, params: RandomLabelParams, letters: LabelLetterModels): { reading: LabelReading; likeness: number; key: string } {
  const reading = readLabel(labelText, params);
  const likeness = isTooShortToRead(labelText, params) ? 0 : letters.phishingLikeness(labelText);
  let keys = featureKeys.get(params);
  if (!keys) featureKeys.set(params, (keys = new FeatureKeys(params)));
  return { reading, likeness, key: keys.key(reading.shape, likeness, labelText) };
}

/** Letters of a label no lexicon word covers that still leave it made of words (`tv`guide, world`now`). */
const MAX_LETTERS_OUTSIDE_WORDS = 3;

/** Scratch rows of isMadeOfWords (the engine is synchronous: one label at a time), grown on demand. */
let fewestOutside = new Int32Array(64);
let wordsUpTo = new Int32Array(64);

function isLowerLetter(code: number): boolean {
  return code >= 97 && code <= 122;
}

/**
 * Whether the label is made of words: its letters, apart from at most MAX_LETTERS_OUTSIDE_WORDS, fall
 * in words the lexicon knows (English words and romaji readings of four letters or more), and at least
 * one such word is in it (`worldnow`, `tvguide`, `gardenofwords`, `hanaya-kyoto`). Digits and hyphens
 * separate words and count for nothing. A person chose such a name; its letters say nothing about
 * who registered it, however they read to the letter models. Pinyin and random draws are not words.
 */
export function isMadeOfWords(labelText: string, lexicon: Lexicon): boolean {
  if (fewestOutside.length <= labelText.length) {
    fewestOutside = new Int32Array(labelText.length + 1);
    wordsUpTo = new Int32Array(labelText.length + 1);
  }
  let outside = 0;
  let words = 0;
  // Each run of letters a–z on its own: fewestOutside[i], the fewest letters outside words in
  // run[0, i); wordsUpTo[i], the words of that reading.
  for (let runStart = 0; runStart < labelText.length; ) {
    if (!isLowerLetter(labelText.charCodeAt(runStart))) {
      runStart++;
      continue;
    }
    let runEnd = runStart + 1;
    while (runEnd < labelText.length && isLowerLetter(labelText.charCodeAt(runEnd))) runEnd++;
    const length = runEnd - runStart;
    fewestOutside[0] = 0;
    wordsUpTo[0] = 0;
    for (let end = 1; end <= length; end++) {
      fewestOutside[end] = fewestOutside[end - 1]! + 1;
      wordsUpTo[end] = wordsUpTo[end - 1]!;
      for (let start = end - 4; start >= 0; start--) {
        if (fewestOutside[start]! < fewestOutside[end]! && lexicon.has(labelText.slice(runStart + start, runStart + end))) {
          fewestOutside[end] = fewestOutside[start]!;
          wordsUpTo[end] = wordsUpTo[start]! + 1;
        }
      }
    }
    outside += fewestOutside[length]!;
    words += wordsUpTo[length]!;
    if (outside > MAX_LETTERS_OUTSIDE_WORDS) return false;
    runStart = runEnd;
  }
  return words > 0;
}

const REASONS: Readonly<Record<LabelShape, string>> = {
  random: 'DOMAIN_RANDOM_LABEL',
  'digit-mix': 'DOMAIN_DIGIT_MIX',
  improbable: 'DOMAIN_IMPROBABLE_LABEL',
  plain: 'DOMAIN_PHISHING_LIKE_LABEL',
};

/**
 * The registrable label, weighed by how often labels like it occur among the new registrations and
 * the phishing registrations of its suffix (rules/fitted/name-base-rates.yaml). "Like it" is its
 * shape (machine-drawn, a digit mix, improbable letters, or plain: {@link readLabel}) together with
 * its phishing likeness: how much likelier its letters are in the labels phishing domains were
 * registered with than in honest labels (rules/fitted/label-letters.yaml). The evidence is the log
 * of the ratio of the two shares, so `qkvbig.top` weighs much where honest .top registrants seldom
 * pick such labels, and a random label weighs little on a suffix where they often do. A plain label
 * label is reported only where labels like it are likelier among the phishing registrations of the
 * suffix than among its new registrations; a random, digit-mix or improbable label under a suffix
 * the sample does not hold (a country code) gets a fixed, weak weight. A label that names a protected
 * brand is the brand signals' to weigh (labelNamesBrand): its letters are not counted again here.
 */
export const randomLabelSignal = defineSignal({
  name: 'domain.random_label',
  reasons: ['DOMAIN_RANDOM_LABEL', 'DOMAIN_DIGIT_MIX', 'DOMAIN_IMPROBABLE_LABEL', 'DOMAIN_PHISHING_LIKE_LABEL'],
  evidenceReasons: ['DOMAIN_RANDOM_LABEL', 'DOMAIN_DIGIT_MIX', 'DOMAIN_IMPROBABLE_LABEL', 'DOMAIN_PHISHING_LIKE_LABEL'],
  fitted: { [LABEL_LETTERS]: labelLettersSchema, ...WEIGHED_BY_BASE_RATES },
  lists: [...BASE_RATE_LISTS, ACCOUNT_WORDS],
  usesBrands: true,
  params: randomLabelParams,
  evaluate(context): SignalHit[] {
    const name = screenedDomainName(context);
    if (!name || name.isIdn || labelNamesBrand(context)) return [];
    const { params } = context;
    const letters = context.fitted(LABEL_LETTERS) as LabelLetterModels;
    const labelText = labelTextOf(name, context.list(ACCOUNT_WORDS).entries, context.knowledge.lexicon);
    const { reading, likeness, key } = labelFeature(labelText, params, letters);
    const reason = REASONS[reading.shape];
    const scope = rateScopeOf(context, name);
    const rates = scope?.feature(key);
    // Reported where it makes the name likelier phishing (or where the base rates cannot say).
    if (rates ? rates.evidence <= 0 : reading.shape === 'plain') return [];
    // A plain or improbable label made of words is a name a person chose: its letters are not held against it.
    if ((reading.shape === 'plain' || reading.shape === 'improbable') && isMadeOfWords(labelText, context.knowledge.lexicon)) return [];
    const characters = charactersOf(labelText);
    const label = `${labelText === name.label ? `the label "${name.label}"` : `the label "${name.label}" apart from its account words and jp`} (${characters} character${characters === 1 ? '' : 's'})`;
    const what = reading.shape === 'plain' ? label : `the label part "${reading.part}" ${reading.why}; ${label}`;
    const reads = likeness >= 0 ? `${likeness.toFixed(1)} nats likelier as a phishing label than an honest one` : `${(-likeness).toFixed(1)} nats likelier as an honest label than a phishing one`;
    if (!rates) {
      return [{ reason, evidence: params.unmeasuredEvidence, detail: `${what} reads ${reads}; new registrations under .${name.publicSuffix} are not in the sample the base rates were counted on, so this weighs little` }];
    }
    return [{ reason, evidence: rates.evidence, detail: `${what} reads ${reads}: ${rates.explanation}` }];
  },
});
