import {
  TRIE_SYMBOLS,
  TRIE_WIDTH,
  WORD_AFFIX,
  WORD_BRAND,
  WORD_COVER,
  WORD_HOMONYM,
  WORD_JP_SUFFIX,
  WORD_MEANINGFUL,
  type BrandTerm,
  type DictionaryEntry,
  type WordTrie,
} from './brand-dictionary';

/** A brand term found in a label, at [start, end) of the label's text. */
export interface BrandOccurrence {
  readonly term: BrandTerm;
  readonly start: number;
  readonly end: number;
  /**
   * A brand token inside a longer word of the homonym list (`amazon` in `amazonas`): the word
   * makes it an ordinary word, which still counts beside affix words or as a weak cue, not nothing.
   * Always present, so every occurrence has one object shape (V8 then never meets a new one mid-run).
   */
  readonly insideWord: boolean;
}

/** What a domain label says about brands, read once and shared by the brand signals. */
export interface LabelAnalysis {
  /** Letters and digits of the label: hyphens dropped, any other character breaks words. */
  readonly text: string;
  /** Brand terms that count: tokens anywhere, abbreviations only as whole words; last, tokens inside a homonym (`insideWord`). */
  readonly matches: readonly BrandOccurrence[];
  /** Abbreviations of four letters or more fused with unknown letters at a chunk edge (`smbccv`, `mufgj`); never ordinary words. */
  readonly fused: readonly BrandOccurrence[];
  /** Affix words that stand as words of the label (login, secure, card, jp…), in order. */
  readonly affixes: readonly string[];
  /** Affix words other than the suffix-spelling ones (com, net, www, co, ne…). */
  readonly meaningfulAffixes: readonly string[];
  /** A 属性型 suffix spelled inside the label (`co-jp`), if any. */
  readonly jpSuffix: string | undefined;
  /** A brand name followed by the rest of one of its own domains (`amazon-co-jp` → amazon.co.jp). */
  readonly ownedDomainSpelled: { readonly occurrence: BrandOccurrence; readonly domain: string } | undefined;
  /** Parts of the label that may be a misspelt brand name: hyphen-separated chunks, the same without affix words at their ends, the whole label. */
  readonly typoCandidates: readonly string[];
}

const MAX_FOLLOWING_WORDS = 3;

/*
 * Every analysis is written as a literal with the same fields in the same order (no spread of a
 * template): one object shape, so the brand signals' optimised code never meets a new one mid-run.
 * Its empty lists are emptied arrays of objects: a literal `[]` has V8's small-integer array shape
 * while a filled list has another, and a label with its first fused abbreviation long after
 * start-up stopped the optimised code of every signal that reads one.
 */
const NO_MATCHES: readonly BrandOccurrence[] = emptyArrayOfObjects();
const NO_WORDS: readonly string[] = emptyArrayOfObjects();

/** An empty array with the elements kind of one that holds objects or strings (kinds never go back). */
function emptyArrayOfObjects<T>(): T[] {
  const array: unknown[] = [{}];
  array.pop();
  return array as T[];
}
/** The analysis of a label that names no brand, in the one field order every analysis has. */
function brandless(text: string, typoCandidates: readonly string[]): LabelAnalysis {
  return { text, matches: NO_MATCHES, fused: NO_MATCHES, affixes: NO_WORDS, meaningfulAffixes: NO_WORDS, jpSuffix: undefined, ownedDomainSpelled: undefined, typoCandidates };
}
const NOTHING: LabelAnalysis = brandless('', NO_WORDS);

/*
 * Scratch space for one label at a time (the engine is synchronous and a label is read to the end
 * before the next): word occurrences and per-position flags, grown on demand, never handed out.
 */
let occurrenceStart = new Int32Array(256);
let occurrenceEnd = new Int32Array(256);
let occurrenceEntry = new Int32Array(256);
let occurrenceKind = new Uint8Array(256);
let firstAt = new Int32Array(128);
let flags = new Uint8Array(128 * 6);

const BOUNDARY = 0;
const HARD = 1;
const REACH = 2;
const COREACH = 3;
const ANCHOR_LEFT = 4;
const ANCHOR_RIGHT = 5;

/** Letters and digits of a label with its word boundaries (in `flags`). */
function compact(label: string): string {
  const size = label.length + 2;
  if (firstAt.length < size) {
    firstAt = new Int32Array(size * 2);
    flags = new Uint8Array(size * 2 * 6);
  }
  const stride = firstAt.length;
  flags.fill(0, 0, stride * 6);
  let text = '';
  let pendingHard = true;
  let previousClass = 0;
  let runStart = 0;
  for (let i = 0; i < label.length; i++) {
    const code = label.charCodeAt(i);
    const charClass = code >= 0x61 && code <= 0x7a ? 1 : code >= 0x30 && code <= 0x39 ? 2 : 0;
    if (charClass === 0) {
      if (i > runStart) text += label.slice(runStart, i);
      runStart = i + 1;
      pendingHard = true;
      continue;
    }
    const position = text.length + (i - runStart);
    if (pendingHard) {
      flags[HARD * stride + position] = 1;
      flags[BOUNDARY * stride + position] = 1;
    } else if (charClass !== previousClass) {
      flags[BOUNDARY * stride + position] = 1;
    }
    previousClass = charClass;
    pendingHard = false;
  }
  if (label.length > runStart) text += label.slice(runStart);
  flags[BOUNDARY * stride] = flags[HARD * stride] = 1;
  flags[BOUNDARY * stride + text.length] = flags[HARD * stride + text.length] = 1;
  return text;
}

/**
 * Reads a label (lower-case; a Unicode label's non-ASCII characters act as separators) against
 * the brand dictionary. Abbreviations count only where the label splits into known words around
 * them (`aupay`, `my-jcb-card`, never `beauty` or `rental`); a homonym that contains a match
 * (`oricon` around `orico`) cancels it. `brandsOnly`: only the matches are wanted (a second
 * reading of the same label), so a label without brand words is not read further.
 */
export function analyseLabel(label: string, trie: WordTrie, owned: ReadonlyMap<string, string>, brandsOnly = false): LabelAnalysis {
  const text = compact(label);
  const n = text.length;
  const stride = firstAt.length;
  const { next, entryOf, entries, kinds } = trie;

  // Every dictionary word at every position, in order of start.
  let count = 0;
  let brandWords = 0; // brand terms and spelled .jp suffixes
  for (let i = 0; i < n; i++) {
    let state = 0;
    for (let j = i; j < n; j++) {
      const symbol = TRIE_SYMBOLS[text.charCodeAt(j)]!;
      if (symbol < 0) break;
      state = next[state * TRIE_WIDTH + symbol]!;
      if (state === 0) break;
      const entry = entryOf[state]!;
      if (entry >= 0) {
        if (count === occurrenceStart.length) growOccurrences();
        occurrenceStart[count] = i;
        occurrenceEnd[count] = j + 1;
        occurrenceEntry[count] = entry;
        occurrenceKind[count] = kinds[entry]!;
        brandWords += kinds[entry]! & (WORD_BRAND | WORD_JP_SUFFIX);
        count++;
      }
    }
  }
  // Most labels name no brand (nor spell a .jp suffix): what is left to say is which parts might be a misspelt one.
  if (brandWords === 0) return brandsOnly ? NOTHING : brandless(text, typoCandidates(text, NO_MATCHES, { count: 0, entries }));
  const words: Words = { count, entries };
  for (let i = n + 1, k = count; i >= 0; i--) {
    while (k > 0 && occurrenceStart[k - 1]! >= i) k--;
    firstAt[i] = k;
  }

  // reach: from a boundary to here through known words only; coreach: from here to a boundary.
  const reach = REACH * stride;
  const coreach = COREACH * stride;
  const boundary = BOUNDARY * stride;
  for (let i = 0; i <= n; i++) {
    if (flags[boundary + i]) flags[reach + i] = 1;
    if (!flags[reach + i]) continue;
    for (let k = firstAt[i]!; k < count && occurrenceStart[k] === i; k++) if (occurrenceKind[k]! & WORD_COVER) flags[reach + occurrenceEnd[k]!] = 1;
  }
  for (let i = n; i >= 0; i--) {
    if (flags[boundary + i]) {
      flags[coreach + i] = 1;
      continue;
    }
    for (let k = firstAt[i]!; k < count && occurrenceStart[k] === i; k++) {
      if (occurrenceKind[k]! & WORD_COVER && flags[coreach + occurrenceEnd[k]!]) {
        flags[coreach + i] = 1;
        break;
      }
    }
  }

  const matches: BrandOccurrence[] = [];
  // Made only when one is found (rare), else NO_MATCHES: a literal `[]` never filled keeps the
  // small-integer shape until the first fill anywhere changes it mid-run.
  let fused: BrandOccurrence[] | undefined;
  let insideWords: BrandOccurrence[] | undefined;
  for (let k = 0; k < count; k++) {
    if (!(occurrenceKind[k]! & WORD_BRAND)) continue;
    const entry = entries[occurrenceEntry[k]!]!;
    const start = occurrenceStart[k]!;
    const end = occurrenceEnd[k]!;
    if (insideHomonym(start, end, words)) {
      // Added after the affixes are read: the homonym is one word, so nothing inside it anchors an affix.
      for (const term of entry.terms) if (term.kind === 'token') (insideWords ??= []).push({ term, start, end, insideWord: true });
      continue;
    }
    const stands = abbreviationStands(start, end, words);
    for (const term of entry.terms) {
      if (term.kind === 'token' || stands) matches.push({ term, start, end, insideWord: false });
      else if (!term.ordinaryWord && fusedAtEdge(start, end)) (fused ??= []).push({ term, start, end, insideWord: false });
    }
  }

  // Anchors: where a word may begin or end next to known words or a brand token.
  const anchorLeft = ANCHOR_LEFT * stride;
  const anchorRight = ANCHOR_RIGHT * stride;
  flags.copyWithin(anchorLeft, reach, reach + n + 1);
  flags.copyWithin(anchorRight, coreach, coreach + n + 1);
  for (const match of matches) {
    flags[anchorLeft + match.end] = 1;
    flags[anchorRight + match.start] = 1;
  }
  const affixes: string[] = [];
  const meaningfulAffixes: string[] = [];
  let jpSuffix: string | undefined;
  for (let k = 0; k < count; k++) {
    const kind = occurrenceKind[k]!;
    if (!(kind & (WORD_AFFIX | WORD_JP_SUFFIX))) continue;
    const entry = entries[occurrenceEntry[k]!]!;
    const start = occurrenceStart[k]!;
    const end = occurrenceEnd[k]!;
    // Glued, `cojp` is rare enough in ordinary words to count anywhere (`mercariicojp`); with a
    // hyphen before `jp` its first half must be a word of its own (`x-co-jp`, not `taco-jp`).
    if (kind & WORD_JP_SUFFIX && jpSuffix === undefined && (!flags[HARD * stride + start + 2] || flags[HARD * stride + start] || flags[anchorLeft + start])) {
      jpSuffix = entry.domainPart.replace('.', '-');
    }
    if (!(kind & WORD_AFFIX) || affixes.includes(entry.text)) continue;
    if (overlapsAny(matches, start, end) || (fused && overlapsAny(fused, start, end)) || (insideWords && overlapsAny(insideWords, start, end))) continue;
    if ((flags[anchorLeft + start] && flags[anchorRight + end]) || end - start >= 5) {
      affixes.push(entry.text);
      if (kind & WORD_MEANINGFUL) meaningfulAffixes.push(entry.text);
    }
  }

  if (insideWords) matches.push(...insideWords);
  return {
    text,
    matches,
    fused: fused ?? NO_MATCHES,
    affixes,
    meaningfulAffixes,
    jpSuffix,
    ownedDomainSpelled: ownedDomainSpelled(matches, owned, words),
    typoCandidates: typoCandidates(text, matches, words),
  };
}

interface Words {
  readonly count: number;
  readonly entries: readonly DictionaryEntry[];
}

function growOccurrences(): void {
  const grow = (from: Int32Array) => {
    const to = new Int32Array(from.length * 2);
    to.set(from);
    return to;
  };
  occurrenceStart = grow(occurrenceStart);
  occurrenceEnd = grow(occurrenceEnd);
  occurrenceEntry = grow(occurrenceEntry);
  const kinds = new Uint8Array(occurrenceKind.length * 2);
  kinds.set(occurrenceKind);
  occurrenceKind = kinds;
}

const entryAt = (words: Words, k: number) => words.entries[occurrenceEntry[k]!]!;

function overlapsAny(occurrences: readonly BrandOccurrence[], start: number, end: number): boolean {
  for (const occurrence of occurrences) if (occurrence.start < end && start < occurrence.end) return true;
  return false;
}

function insideHomonym(start: number, end: number, words: Words): boolean {
  for (let k = 0; k < words.count && occurrenceStart[k]! <= start; k++) {
    if (occurrenceKind[k]! & WORD_HOMONYM && occurrenceEnd[k]! >= end && occurrenceEnd[k]! - occurrenceStart[k]! > end - start && !crossesHyphen(occurrenceStart[k]!, occurrenceEnd[k]!)) return true;
  }
  return false;
}

/** A word read across a hyphen is no word of the label (`amazon-asia` does not spell `amazonas`). */
function crossesHyphen(start: number, end: number): boolean {
  const hard = HARD * firstAt.length;
  for (let i = start + 1; i < end; i++) if (flags[hard + i]) return true;
  return false;
}

/**
 * An abbreviation counts when the label splits into known words on both sides of it. One of two
 * letters (`au`, `ja`) inside a chunk needs meaningful words beside it, not suffix words
 * (`aupay`, `myau`, but not `jane` = ja + ne or `janet` = ja + net).
 */
function abbreviationStands(start: number, end: number, words: Words): boolean {
  const stride = firstAt.length;
  if (!flags[REACH * stride + start] || !flags[COREACH * stride + end]) return false;
  if (end - start > 2) return true;
  let leftOk = flags[BOUNDARY * stride + start] === 1;
  for (let k = 0; !leftOk && k < words.count && occurrenceStart[k]! < start; k++) {
    leftOk = occurrenceEnd[k] === start && (occurrenceKind[k]! & WORD_MEANINGFUL) !== 0 && flags[REACH * stride + occurrenceStart[k]!] === 1;
  }
  let rightOk = flags[BOUNDARY * stride + end] === 1;
  for (let k = firstAt[end]!; !rightOk && k < words.count && occurrenceStart[k] === end; k++) {
    rightOk = (occurrenceKind[k]! & WORD_MEANINGFUL) !== 0 && flags[COREACH * stride + occurrenceEnd[k]!] === 1;
  }
  return leftOk && rightOk;
}

/** Shorter abbreviations end too many ordinary words when fused (`lenta`, `manta` for nta; `sbito` for sbi). */
const FUSED_MIN_LENGTH = 4;

/** At a chunk edge (start or end of a hyphen/digit-separated part), four letters or more. */
function fusedAtEdge(start: number, end: number): boolean {
  const stride = firstAt.length;
  return end - start >= FUSED_MIN_LENGTH && (flags[BOUNDARY * stride + start] === 1 || flags[BOUNDARY * stride + end] === 1);
}

/** `amazon-co-jp`, `amazonjp`, `mercari-jp`: a brand name followed by the rest of a domain the brand owns. */
function ownedDomainSpelled(matches: readonly BrandOccurrence[], owned: ReadonlyMap<string, string>, words: Words): LabelAnalysis['ownedDomainSpelled'] {
  if (owned.size === 0) return undefined;
  for (const occurrence of matches) {
    const domain = followOwned(occurrence.term.text, occurrence.end, 0, occurrence.term.brand.id, owned, words);
    if (domain) return { occurrence, domain };
  }
  return undefined;
}

function followOwned(spelled: string, position: number, depth: number, brandId: string, owned: ReadonlyMap<string, string>, words: Words): string | undefined {
  if (depth >= MAX_FOLLOWING_WORDS) return undefined;
  for (let k = firstAt[position]!; k < words.count && occurrenceStart[k] === position; k++) {
    if (!(occurrenceKind[k]! & WORD_AFFIX)) continue;
    const entry = entryAt(words, k);
    const domain = `${spelled}.${entry.domainPart}`;
    if (owned.get(domain) === brandId) return domain;
    const longer = followOwned(domain, occurrenceEnd[k]!, depth + 1, brandId, owned, words);
    if (longer) return longer;
  }
  return undefined;
}

/** Is the word at k an affix that is not also a brand term (those are never peeled off)? */
const peelable = (k: number) => (occurrenceKind[k]! & (WORD_AFFIX | WORD_BRAND)) === WORD_AFFIX;

function typoCandidates(text: string, matches: readonly BrandOccurrence[], words: Words): string[] {
  const stride = firstAt.length;
  const candidates: string[] = [];
  const add = (from: number, to: number) => {
    if (to - from < 4) return;
    for (const match of matches) if (match.start >= from && match.end <= to) return;
    const candidate = text.slice(from, to);
    if (!candidates.includes(candidate)) candidates.push(candidate);
  };
  let chunks = 0;
  for (let a = 0; a < text.length; ) {
    let b = a + 1;
    while (b < text.length && !flags[HARD * stride + b]) b++;
    add(a, b);
    chunks++;
    // The chunk without affix words at its ends (`rakutemcard` → `rakutem`).
    let left = a;
    let right = b;
    for (let peeled = true; peeled; ) {
      peeled = false;
      let longest = left;
      for (let k = firstAt[left]!; k < words.count && occurrenceStart[k] === left; k++) {
        if (peelable(k) && right - occurrenceEnd[k]! >= 4) longest = Math.max(longest, occurrenceEnd[k]!);
      }
      if (longest > left) {
        left = longest;
        peeled = true;
      }
      let shortest = right;
      for (let k = firstAt[left]!; k < words.count && occurrenceStart[k]! < right; k++) {
        if (occurrenceEnd[k] === right && peelable(k) && occurrenceStart[k]! - left >= 4) shortest = Math.min(shortest, occurrenceStart[k]!);
      }
      if (shortest < right) {
        right = shortest;
        peeled = true;
      }
    }
    if (left !== a || right !== b) add(left, right);
    a = b;
  }
  if (chunks > 1) add(0, text.length);
  return candidates;
}
