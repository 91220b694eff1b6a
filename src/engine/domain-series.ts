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

function letterCount(text: string, from = 0, to = text.length): number {
  let letters = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122) letters++;
  }
  return letters;
}

/** The templates a label can fit; each is hashed without being built, and built only for a series. */
const enum Shape {
  Counter,
  LastSegment,
  FirstSegment,
  Tail,
  Label,
}

/** The text of a template (for a `tlds` template, the bare label). */
function templateText(shape: Shape, label: string, suffix: string, options: Required<DomainSeriesOptions>): string {
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

/*
 * Two independent 32-bit hashes (FNV-1a and a multiplicative one) of a text fed piece by piece, so
 * a template is hashed as it would be spelt without building the string. `hashOut` holds the result.
 */
const hashOut = new Int32Array(2);
let hashA = 0;
let hashB = 0;
let hashLength = 0;

function hashStart(salt: number): void {
  hashA = 0x811c9dc5 ^ salt;
  hashB = 0x9747b28c + salt;
  hashLength = 0;
}

function hashCode(code: number): void {
  hashA = Math.imul(hashA ^ code, 0x01000193);
  hashB = Math.imul(hashB + code, 0x5bd1e995);
  hashB ^= hashB >>> 15;
  hashLength++;
}

function hashSpan(text: string, from = 0, to = text.length): void {
  for (let i = from; i < to; i++) hashCode(text.charCodeAt(i));
}

function hashEnd(): void {
  hashOut[0] = hashA ^ (hashA >>> 16);
  hashOut[1] = hashB ^ Math.imul(hashLength, 0x85ebca6b);
}

function hashText(text: string, salt: number): void {
  hashStart(salt);
  hashSpan(text);
  hashEnd();
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
function templatesOf(label: string, suffix: string, options: Required<DomainSeriesOptions>, add: (kind: SeriesKind, shape: Shape) => void): void {
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

/** Puts `value` into the sorted `values`, keeping at most `cap` of the smallest. */
function insertSorted(values: string[], value: string, cap: number): void {
  if (values.length >= cap && value >= values[cap - 1]!) return;
  let at = values.length;
  while (at > 0 && values[at - 1]! > value) at--;
  values.splice(at, 0, value);
  if (values.length > cap) values.length = cap;
}

function isLetter(code: number): boolean {
  return code >= 97 && code <= 122;
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
  const { keys, keyDomains, factsOfDomain } = bucketSeries(names, options, true);
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
  const { entryDomains, factsOfDomain } = bucketSeries(names, options, false);
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

/**
 * An open-addressing table from a 64-bit key (two 32-bit halves) to a small integer, in typed
 * arrays: half a million template keys cost no objects for the collector to trace, where a
 * Map<string, number> kept every template string alive to the end of the batch.
 */
class KeyTable {
  private high: Int32Array;
  private low: Int32Array;
  /** Value + 1; 0 marks an empty slot. */
  private values: Int32Array;
  private count = 0;

  /** Sized for `expected` keys without growing. */
  constructor(expected: number) {
    let capacity = 1 << 10;
    while (capacity < expected * 2) capacity *= 2;
    this.high = new Int32Array(capacity);
    this.low = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
  }

  /** The value under the key, or -1; `same` tells apart keys that share a hash (when given). */
  get(high: number, low: number, same?: (value: number) => boolean): number {
    const mask = this.values.length - 1;
    for (let slot = (low ^ Math.imul(high, 0x27d4eb2d)) & mask; ; slot = (slot + 1) & mask) {
      const stored = this.values[slot]!;
      if (stored === 0) return -1;
      if (this.high[slot] === high && this.low[slot] === low && (!same || same(stored - 1))) return stored - 1;
    }
  }

  set(high: number, low: number, value: number): void {
    if ((this.count + 1) * 2 > this.values.length) this.grow();
    this.place(high, low, value + 1);
    this.count++;
  }

  private place(high: number, low: number, stored: number): void {
    const mask = this.values.length - 1;
    let slot = (low ^ Math.imul(high, 0x27d4eb2d)) & mask;
    while (this.values[slot] !== 0) slot = (slot + 1) & mask;
    this.high[slot] = high;
    this.low[slot] = low;
    this.values[slot] = stored;
  }

  private grow(): void {
    const { high, low, values } = this;
    this.high = new Int32Array(values.length * 2);
    this.low = new Int32Array(values.length * 2);
    this.values = new Int32Array(values.length * 2);
    for (let slot = 0; slot < values.length; slot++) if (values[slot] !== 0) this.place(high[slot]!, low[slot]!, values[slot]!);
  }
}

/** `keyed`: also list the result's keys (findDomainSeries); answers by position need none. */
function bucketSeries(names: readonly (string | DomainName)[], options: DomainSeriesOptions, keyed: boolean): BucketedSeries {
  const settings: Required<DomainSeriesOptions> = { ...DEFAULTS, ...options };
  // Buckets are keyed by a 64-bit hash of their template in a typed-array table; a template's text
  // is kept only once its bucket is a series (two templates sharing 64 bits in one batch is a
  // chance of about one in 10^8 for a million templates). Each domain's buckets are a flat list.
  // About two templates per name (the label on any suffix, and one other for many).
  const bucketOf = new KeyTable(names.length * 2);
  /** A bucket's template (for a `tlds` bucket the label alone), kept once the bucket is big enough. */
  const templates: (string | undefined)[] = [];
  const kinds: SeriesKind[] = [];
  let sizes = new Int32Array(1024);
  const domains: string[] = [];
  const domainIndex = new KeyTable(names.length);
  let fitted = new Int32Array(4096);
  let fittedLength = 0;
  const fittedStart: number[] = [];
  // The result's keys in the order first given, each with its domain. A parsed name's key is its
  // registrable domain, so only names given as text need a map of their own.
  const keys: string[] = [];
  const keyDomains: number[] = [];
  const domainOfText = new Map<string, number>();
  const keyedByDomain: boolean[] = [];

  let currentLabel = '';
  let currentSuffix = '';
  let currentDomain = '';
  const isCurrentDomain = (known: number) => domains[known] === currentDomain;
  const add = (kind: SeriesKind, shape: Shape) => {
    let bucket = bucketOf.get(hashOut[0]!, hashOut[1]!);
    if (bucket < 0) {
      bucket = kinds.length;
      bucketOf.set(hashOut[0]!, hashOut[1]!, bucket);
      templates.push(undefined);
      kinds.push(kind);
      if (bucket >= sizes.length) {
        const grown = new Int32Array(sizes.length * 2);
        grown.set(sizes);
        sizes = grown;
      }
    }
    sizes[bucket]! += 1;
    if (sizes[bucket] === settings.minMembers) templates[bucket] = templateText(shape, currentLabel, currentSuffix, settings);
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
    hashText(registrableDomain, 2);
    currentDomain = registrableDomain;
    let index = domainIndex.get(hashOut[0]!, hashOut[1]!, isCurrentDomain);
    if (index < 0) {
      index = domains.length;
      domainIndex.set(hashOut[0]!, hashOut[1]!, index);
      domains.push(registrableDomain);
      if (keyed) keyedByDomain.push(false);
      fittedStart.push(fittedLength);
      currentLabel = label;
      currentSuffix = publicSuffix;
      templatesOf(label, publicSuffix, settings, add);
    }
    entryDomains[entryIndex] = index;
    if (typeof entry === 'string') {
      domainOfText.set(entry, index);
      if (!keyed) continue;
      keys.push(entry);
      keyDomains.push(index);
    } else if (keyed && !keyedByDomain[index]) {
      keyedByDomain[index] = true;
      keys.push(registrableDomain);
      keyDomains.push(index);
    }
  }
  fittedStart.push(fittedLength);

  // Each domain's series: its largest bucket that is big enough (ties: the kind listed first).
  const chosen = new Int32Array(domains.length).fill(-1);
  const membersOf: (string[] | undefined)[] = new Array(kinds.length);
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
  // The first members of each chosen bucket in sorted order (a bucket's members are every domain
  // that fits it): enough to name up to maxListedMembers others for any member.
  const listed = settings.maxListedMembers + 1;
  for (let index = 0; index < domains.length; index++) {
    for (let at = fittedStart[index]!; at < fittedStart[index + 1]!; at++) {
      const members = membersOf[fitted[at]!];
      if (members) insertSorted(members, domains[index]!, listed);
    }
  }

  // One facts object per name, but the list of others and the template are shared by the names
  // that are not among a bucket's first members (most of a large series).
  const factsOf: (DomainSeriesFacts | undefined)[] = new Array(domains.length);
  const sharedOthers: (readonly string[] | undefined)[] = new Array(kinds.length);
  const templateOf: (string | undefined)[] = new Array(kinds.length);
  const factsOfDomain = (index: number): DomainSeriesFacts | undefined => {
    if (index < 0) return undefined;
    const bucket = chosen[index]!;
    if (bucket < 0) return undefined;
    let facts = factsOf[index];
    if (!facts) {
      const domain = domains[index]!;
      const members = membersOf[bucket]!;
      const others = members.includes(domain)
        ? members.filter((member) => member !== domain).slice(0, settings.maxListedMembers)
        : (sharedOthers[bucket] ??= members.slice(0, settings.maxListedMembers));
      const template = (templateOf[bucket] ??= kinds[bucket] === 'tlds' ? `${templates[bucket]}.*` : templates[bucket]!);
      facts = { template, kind: kinds[bucket]!, size: sizes[bucket]!, members: others };
      factsOf[index] = facts;
    }
    return facts;
  };
  return { keys, keyDomains, entryDomains, factsOfDomain };
}
