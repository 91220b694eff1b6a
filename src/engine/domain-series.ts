import { parseDomainName, type DomainName } from './domain-name';
import type { DomainSeriesFacts } from './facts';

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

/** Ways a series varies, in the order they are preferred when a name fits several equally well. */
type SeriesKind = NonNullable<DomainSeriesFacts['kind']>;
const KIND_ORDER: readonly SeriesKind[] = ['counter', 'segment', 'tail', 'tlds'];

const DIGIT_RUNS = /[0-9]+/g;
const LETTER_TAIL = /[a-z]$/;

function letterCount(text: string): number {
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122) letters++;
  }
  return letters;
}

/**
 * Templates a registrable label fits, each with its varying part as `*`: the label with its digit
 * runs starred (a counter), with a short first or last hyphen segment starred, with its last
 * letters starred, and the label itself on any public suffix. Names of one template share it, so
 * the template is the bucket key; a counter and a varying tail that give the same template
 * (`mistoreos*.top`) are one bucket. The label-on-any-suffix template (`label.*`) is given as the
 * bare label: every name has one, and no other template ends in `.*`.
 */
function templatesOf(label: string, suffix: string, options: Required<DomainSeriesOptions>, add: (kind: SeriesKind, template: string) => void): void {
  if (!label.startsWith('xn--')) {
    const counter = label.replace(DIGIT_RUNS, '*');
    if (counter !== label && letterCount(counter) >= options.minFixedLetters) add('counter', `${counter}.${suffix}`);

    const firstHyphen = label.indexOf('-');
    if (firstHyphen >= 0) {
      const lastHyphen = label.lastIndexOf('-');
      if (label.length - lastHyphen - 1 <= options.maxVaryingSegment) {
        const fixed = label.slice(0, lastHyphen);
        if (letterCount(fixed) >= options.minFixedLetters) add('segment', `${fixed}-*.${suffix}`);
      }
      if (firstHyphen <= options.maxVaryingSegment) {
        const fixed = label.slice(firstHyphen + 1);
        if (letterCount(fixed) >= options.minFixedLetters) add('segment', `*-${fixed}.${suffix}`);
      }
    }

    // The last few letters vary (`mistoreoszx`, `mistoreoszq`): bucket on the letters before them.
    const stem = label.slice(0, label.length - options.maxVaryingTail);
    if (LETTER_TAIL.test(label) && LETTER_TAIL.test(stem) && letterCount(stem) >= options.minFixedLetters + 2 && letterCount(label.slice(stem.length)) === options.maxVaryingTail) {
      add('tail', `${stem}*.${suffix}`);
    }
  }
  add('tlds', label);
}

/**
 * Finds names of a batch that were made from one template: a counter (`driect-sntpjpviewa00.com`
 * … `03.com`), a short varying segment (`amazon-jp-a1.top`, `amazon-jp-b2.top`), a short varying
 * tail of letters, or the same label on several public suffixes. Works on registrable domains
 * (ICANN section); names that are not hostnames are ignored. Linear in the batch: every name is
 * bucketed under each template it fits and the buckets are counted, with no comparison of names
 * with each other.
 *
 * Names may be given as text or already parsed (the CLI has parsed them: no second parse).
 * Returns, for each given name that belongs to a series (keyed by the name exactly as given, or by
 * the registrable domain of a parsed name), the
 * template with the varying part as `*`, the kind of variation, the series' size and a few other
 * members. A name that fits several series is put in the largest.
 */
export function findDomainSeries(names: readonly (string | DomainName)[], options: DomainSeriesOptions = {}): Map<string, DomainSeriesFacts> {
  const { keys, keyDomains, factsOfDomain } = bucketSeries(names, options);
  const result = new Map<string, DomainSeriesFacts>();
  for (let at = 0; at < keys.length; at++) {
    const facts = factsOfDomain(keyDomains[at]!);
    if (facts) result.set(keys[at]!, facts);
  }
  return result;
}

/**
 * {@link findDomainSeries} for parsed names, answered by position: the series of each given name
 * (undefined when it is in none), so a caller that screens the names in order needs no look-up.
 */
export function findDomainSeriesOfEach(names: readonly DomainName[], options: DomainSeriesOptions = {}): (DomainSeriesFacts | undefined)[] {
  const { entryDomains, factsOfDomain } = bucketSeries(names, options);
  const series = new Array<DomainSeriesFacts | undefined>(names.length);
  for (let at = 0; at < names.length; at++) series[at] = factsOfDomain(entryDomains[at]!);
  return series;
}

/** What both forms need: each name's domain, the result's keys in order, and a domain's series. */
interface BucketedSeries {
  /** Keys in the order first given (the name as text, or a parsed name's registrable domain), each with its domain. */
  readonly keys: readonly string[];
  readonly keyDomains: readonly number[];
  /** The domain of each given name, -1 for text that is not a hostname. */
  readonly entryDomains: Int32Array;
  factsOfDomain(index: number): DomainSeriesFacts | undefined;
}

function bucketSeries(names: readonly (string | DomainName)[], options: DomainSeriesOptions): BucketedSeries {
  const settings: Required<DomainSeriesOptions> = { ...DEFAULTS, ...options };
  // Buckets as parallel arrays (one entry per template), and each domain's buckets as a flat list:
  // a batch of 200,000 names makes about half a million buckets, almost all of one name.
  const bucketOf = new Map<string, number>();
  const bucketOfLabel = new Map<string, number>();
  /** Each bucket's template, for a `tlds` bucket the label alone. */
  const templates: string[] = [];
  const kinds: SeriesKind[] = [];
  let sizes = new Int32Array(1024);
  const domains: string[] = [];
  const domainIndex = new Map<string, number>();
  let fitted = new Int32Array(4096);
  let fittedLength = 0;
  const fittedStart: number[] = [];
  // The result's keys in the order first given, each with its domain. A parsed name's key is its
  // registrable domain, so only names given as text need a map of their own.
  const keys: string[] = [];
  const keyDomains: number[] = [];
  const domainOfText = new Map<string, number>();
  const keyedByDomain: boolean[] = [];

  const add = (kind: SeriesKind, template: string) => {
    const buckets = kind === 'tlds' ? bucketOfLabel : bucketOf;
    let bucket = buckets.get(template);
    if (bucket === undefined) {
      bucket = templates.length;
      buckets.set(template, bucket);
      templates.push(template);
      kinds.push(kind);
      if (bucket >= sizes.length) {
        const grown = new Int32Array(sizes.length * 2);
        grown.set(sizes);
        sizes = grown;
      }
    }
    sizes[bucket]! += 1;
    if (fittedLength >= fitted.length) {
      const grown = new Int32Array(fitted.length * 2);
      grown.set(fitted);
      fitted = grown;
    }
    fitted[fittedLength++] = bucket;
  };

  const entryDomains = new Int32Array(names.length).fill(-1);
  for (let entryIndex = 0; entryIndex < names.length; entryIndex++) {
    const entry = names[entryIndex]!;
    let domainName: DomainName;
    if (typeof entry === 'string') {
      const known = domainOfText.get(entry);
      if (known !== undefined) {
        entryDomains[entryIndex] = known;
        continue;
      }
      const parsed = parseDomainName(entry);
      if (!parsed.ok) continue;
      domainName = parsed.name;
    } else {
      domainName = entry;
    }
    const { registrableDomain, label, publicSuffix } = domainName;
    let index = domainIndex.get(registrableDomain);
    if (index === undefined) {
      index = domains.length;
      domainIndex.set(registrableDomain, index);
      domains.push(registrableDomain);
      keyedByDomain.push(false);
      fittedStart.push(fittedLength);
      templatesOf(label, publicSuffix, settings, add);
    }
    entryDomains[entryIndex] = index;
    if (typeof entry === 'string') {
      domainOfText.set(entry, index);
      keys.push(entry);
      keyDomains.push(index);
    } else if (!keyedByDomain[index]) {
      keyedByDomain[index] = true;
      keys.push(registrableDomain);
      keyDomains.push(index);
    }
  }
  fittedStart.push(fittedLength);

  // Each domain's series: its largest bucket that is big enough (ties: the kind listed first).
  const chosen = new Int32Array(domains.length).fill(-1);
  const membersOf: (string[] | undefined)[] = new Array(templates.length);
  for (let index = 0; index < domains.length; index++) {
    let best = -1;
    for (let at = fittedStart[index]!; at < fittedStart[index + 1]!; at++) {
      const bucket = fitted[at]!;
      const size = sizes[bucket]!;
      if (size < settings.minMembers) continue;
      if (best < 0 || size > sizes[best]! || (size === sizes[best]! && KIND_ORDER.indexOf(kinds[bucket]!) < KIND_ORDER.indexOf(kinds[best]!))) best = bucket;
    }
    chosen[index] = best;
    if (best >= 0) membersOf[best] ??= [];
  }
  // Members of the chosen buckets (a bucket's members are every domain that fits it).
  for (let index = 0; index < domains.length; index++) {
    for (let at = fittedStart[index]!; at < fittedStart[index + 1]!; at++) membersOf[fitted[at]!]?.push(domains[index]!);
  }
  for (const members of membersOf) members?.sort();

  const factsOf: (DomainSeriesFacts | undefined)[] = new Array(domains.length);
  const factsOfDomain = (index: number): DomainSeriesFacts | undefined => {
    if (index < 0) return undefined;
    const bucket = chosen[index]!;
    if (bucket < 0) return undefined;
    let facts = factsOf[index];
    if (!facts) {
      const domain = domains[index]!;
      const others: string[] = [];
      for (const member of membersOf[bucket]!) {
        if (others.length >= settings.maxListedMembers) break;
        if (member !== domain) others.push(member);
      }
      const template = kinds[bucket] === 'tlds' ? `${templates[bucket]}.*` : templates[bucket]!;
      facts = { template, kind: kinds[bucket]!, size: sizes[bucket]!, members: others };
      factsOf[index] = facts;
    }
    return facts;
  };
  return { keys, keyDomains, entryDomains, factsOfDomain };
}
