import type { DomainSeriesFacts } from '../facts';
import { hashCode, hashEnd, hashSpan, hashStart, hashText } from './template-hash';

/** How {@link findDomainSeries} decides what a series is. */
export interface DomainSeriesOptions {
  /** Distinct registrable domains a template needs before it counts as a series. */
  readonly minMembers?: number;
  /** Letters a template keeps besides its varying part (`web*` is not a template, `driect-sntpjpviewa*` is). */
  readonly minFixedLetters?: number;
  /** Longest hyphen-separated segment that may be the varying part (`amazon-jp-a1`, `-b2`, `-c3`). */
  readonly maxVaryingSegment?: number;
  /** Trailing letters that may be the varying part (`mistoreoszx`, `mistoreoszq`). */
  readonly maxVaryingTail?: number;
  /** Members named in each name's facts (the series' size is reported apart). */
  readonly maxListedMembers?: number;
}

const DEFAULTS: Required<DomainSeriesOptions> = { minMembers: 3, minFixedLetters: 6, maxVaryingSegment: 3, maxVaryingTail: 2, maxListedMembers: 10 };

/**
 * The options with their defaults, written field by field rather than spread over DEFAULTS: V8
 * gives the first spread copy another object shape than later ones, so code optimised while one
 * batch was screened was thrown away at the start of the next.
 */
export function seriesSettings(options: DomainSeriesOptions): Required<DomainSeriesOptions> {
  return {
    minMembers: options.minMembers ?? DEFAULTS.minMembers,
    minFixedLetters: options.minFixedLetters ?? DEFAULTS.minFixedLetters,
    maxVaryingSegment: options.maxVaryingSegment ?? DEFAULTS.maxVaryingSegment,
    maxVaryingTail: options.maxVaryingTail ?? DEFAULTS.maxVaryingTail,
    maxListedMembers: options.maxListedMembers ?? DEFAULTS.maxListedMembers,
  };
}

/** Ways a series varies, in the order they are preferred when a name fits several equally well. */
export type SeriesKind = NonNullable<DomainSeriesFacts['kind']>;
export const KIND_ORDER: readonly SeriesKind[] = ['counter', 'segment', 'tail', 'tlds'];

const DIGIT_RUNS = /[0-9]+/g;
const LETTER_TAIL = /[a-z]$/;

function letterCount(text: string, from = 0, to = text.length): number {
  let letters = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122) letters++;
  }
  return letters;
}

/** The templates a label can fit; each is hashed without being built, and built only for a series. */
export const enum Shape {
  Counter,
  LastSegment,
  FirstSegment,
  Tail,
  Label,
}

/** The text of a template (for a `tlds` template, the bare label). */
export function templateText(shape: Shape, label: string, suffix: string, options: Required<DomainSeriesOptions>): string {
  switch (shape) {
    case Shape.Counter:
      return `${label.replace(DIGIT_RUNS, '*')}.${suffix}`;
    case Shape.LastSegment:
      return `${label.slice(0, label.lastIndexOf('-'))}-*.${suffix}`;
    case Shape.FirstSegment:
      return `*-${label.slice(label.indexOf('-') + 1)}.${suffix}`;
    case Shape.Tail:
      return `${label.slice(0, label.length - options.maxVaryingTail)}*.${suffix}`;
    case Shape.Label:
      return label;
  }
}

const STAR = 42;
const HYPHEN = 45;
const DOT = 46;

/**
 * Templates a registrable label fits, each with its varying part as `*`: the label with its digit
 * runs starred (a counter), with a short first or last hyphen segment starred, with its last
 * letters starred, and the label itself on any public suffix. Names of one template share it, so
 * the template is the bucket key; a counter and a varying tail that give the same template
 * (`mistoreos*.top`) are one bucket. The label-on-any-suffix template (`label.*`) is keyed by the
 * bare label apart from the others: every name has one, and no other template ends in `.*`.
 * `add` is called with each template's hash in `hashOut`.
 */
export function templatesOf(label: string, suffix: string, options: Required<DomainSeriesOptions>, add: (kind: SeriesKind, shape: Shape) => void): void {
  if (!label.startsWith('xn--')) {
    const letters = letterCount(label);
    let digits = false;
    for (let i = 0; i < label.length && !digits; i++) digits = label.charCodeAt(i) >= 48 && label.charCodeAt(i) <= 57;
    if (digits && letters >= options.minFixedLetters) {
      hashStart(0);
      let inDigits = false;
      for (let i = 0; i < label.length; i++) {
        const code = label.charCodeAt(i);
        const isDigit = code >= 48 && code <= 57;
        if (!isDigit) hashCode(code);
        else if (!inDigits) hashCode(STAR);
        inDigits = isDigit;
      }
      hashCode(DOT);
      hashSpan(suffix);
      hashEnd();
      add('counter', Shape.Counter);
    }

    const firstHyphen = label.indexOf('-');
    if (firstHyphen >= 0) {
      const lastHyphen = label.lastIndexOf('-');
      if (label.length - lastHyphen - 1 <= options.maxVaryingSegment && letterCount(label, 0, lastHyphen) >= options.minFixedLetters) {
        hashStart(0);
        hashSpan(label, 0, lastHyphen);
        hashCode(HYPHEN);
        hashCode(STAR);
        hashCode(DOT);
        hashSpan(suffix);
        hashEnd();
        add('segment', Shape.LastSegment);
      }
      if (firstHyphen <= options.maxVaryingSegment && letterCount(label, firstHyphen + 1) >= options.minFixedLetters) {
        hashStart(0);
        hashCode(STAR);
        hashCode(HYPHEN);
        hashSpan(label, firstHyphen + 1);
        hashCode(DOT);
        hashSpan(suffix);
        hashEnd();
        add('segment', Shape.FirstSegment);
      }
    }

    // The last few letters vary (`mistoreoszx`, `mistoreoszq`): bucket on the letters before them.
    const stemLength = label.length - options.maxVaryingTail;
    if (
      stemLength > 0 &&
      LETTER_TAIL.test(label) &&
      isLetter(label.charCodeAt(stemLength - 1)) &&
      letterCount(label, 0, stemLength) >= options.minFixedLetters + 2 &&
      letterCount(label, stemLength) === options.maxVaryingTail
    ) {
      hashStart(0);
      hashSpan(label, 0, stemLength);
      hashCode(STAR);
      hashCode(DOT);
      hashSpan(suffix);
      hashEnd();
      add('tail', Shape.Tail);
    }
  }
  hashText(label, 1);
  add('tlds', Shape.Label);
}

function isLetter(code: number): boolean {
  return code >= 97 && code <= 122;
}
