import { parseDomainName, type DomainName } from './domain-name';
import type { DomainSeriesFacts } from './facts';
import { KeyTable } from './series/key-table';
import { KIND_ORDER, seriesSettings, templatesOf, templateText, type DomainSeriesOptions, type SeriesKind, type Shape } from './series/series-templates';
import { hashOut, hashText } from './series/template-hash';

// The templates a name fits (series/series-templates.ts), hashed without being built
// (series/template-hash.ts) into a typed-array table (series/key-table.ts).

/** Puts the domain at `index` into `indexes`, sorted by their domains, keeping at most `cap` of the first. */
function insertSorted(indexes: number[], index: number, domains: readonly string[], cap: number): void {
  const domain = domains[index]!;
  if (indexes.length >= cap && domain >= domains[indexes[cap - 1]!]!) return;
  let at = indexes.length;
  while (at > 0 && domains[indexes[at - 1]!]! > domain) at--;
  indexes.splice(at, 0, index);
  if (indexes.length > cap) indexes.length = cap;
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
 * {@link findDomainSeries} for parsed names, answered by position: the series of the name at a
 * position (undefined when it is in none), so a caller that screens the names in order needs no
 * look-up. Each answer is made when asked: a caller that screens a name and lets it go holds its
 * series no longer (made up front for a whole batch, they all lived to its end, and the collector
 * copied them into the old generation).
 */
export function findDomainSeriesOfEach(names: readonly DomainName[], options: DomainSeriesOptions = {}): (position: number) => DomainSeriesFacts | undefined {
  const { entryDomains, factsOfDomain } = bucketSeries(names, options, false);
  return (position) => factsOfDomain(entryDomains[position]!);
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

/** `keyed`: also list the result's keys (findDomainSeries); answers by position need none. */
function bucketSeries(names: readonly (string | DomainName)[], options: DomainSeriesOptions, keyed: boolean): BucketedSeries {
  const settings = seriesSettings(options);
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
  // A chosen bucket's first members by index in `domains`: whether a name is among them is then a
  // number compared, not a string (reading each member's text missed the CPU caches).
  const membersOf: (number[] | undefined)[] = new Array(kinds.length);
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
      if (members) insertSorted(members, index, domains, listed);
    }
  }

  // A new facts object each time asked (see findDomainSeriesOfEach), but the list of others and the
  // template are shared by the names that are not among a bucket's first members (most of a large series).
  const sharedOthers: (readonly string[] | undefined)[] = new Array(kinds.length);
  const templateOf: (string | undefined)[] = new Array(kinds.length);
  /** The domains of `members` other than the one at `except`, at most maxListedMembers of them. */
  const othersAmong = (members: readonly number[], except: number): string[] => {
    const others: string[] = [];
    for (let at = 0; at < members.length && others.length < settings.maxListedMembers; at++) {
      if (members[at] !== except) others.push(domains[members[at]!]!);
    }
    return others;
  };
  const factsOfDomain = (index: number): DomainSeriesFacts | undefined => {
    if (index < 0) return undefined;
    const bucket = chosen[index]!;
    if (bucket < 0) return undefined;
    const members = membersOf[bucket]!;
    const others = members.includes(index) ? othersAmong(members, index) : (sharedOthers[bucket] ??= othersAmong(members, -1));
    const template = (templateOf[bucket] ??= kinds[bucket] === 'tlds' ? `${templates[bucket]}.*` : templates[bucket]!);
    return { template, kind: kinds[bucket]!, size: sizes[bucket]!, members: others };
  };
  return { keys, keyDomains, entryDomains, factsOfDomain };
}
