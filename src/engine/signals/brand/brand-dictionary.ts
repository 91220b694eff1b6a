import type { Brand, BrandCatalogue } from '../../rules/brand-catalogue';
import type { RuleList } from '../../signal';
import { BRAND_OWNER_LISTS } from '../brand-owners';
import { confusableSkeleton } from './skeleton';

/** Lists the brand dictionary is built from. */
const BRAND_LISTS = ['brand-affixes', 'brand-homonyms', 'brand-ordinary-words'] as const;
/** Lists every brand signal reads through its findings (declare them in each signal's `lists`). */
export const BRAND_SIGNAL_LISTS = [...BRAND_LISTS, ...BRAND_OWNER_LISTS] as const;

/**
 * Second-level labels of 属性型 .jp names and the words that spell a suffix (`co-jp`, `com`): they
 * join brand names in lookalikes (`amazon-co-jp`) and are affix words by construction.
 */
export const JP_SECOND_LEVEL = ['co', 'ne', 'or', 'go', 'ac', 'ad', 'ed', 'gr', 'lg'] as const;
/**
 * Words that spell part of a domain name's suffix: affixes by construction, but they say nothing
 * about intent on their own. A 属性型 second level counts only with its `jp` (`cojp`, `co-jp`):
 * alone, `co`, `ne` or `ed` would split ordinary words (`edline`, `visane`).
 */
const SUFFIX_WORDS: readonly (readonly [string, string])[] = [
  ...JP_SECOND_LEVEL.map((level) => [`${level}jp`, `${level}.jp`] as const),
  ['com', 'com'],
  ['net', 'net'],
  ['www', 'www'],
];

export interface BrandTerm {
  readonly brand: Brand;
  /** Letters and digits only, as matched in a label (`ekinet` for `eki-net`). */
  readonly text: string;
  /** `token`: counts anywhere in a label and by typo distance; `abbreviation`: whole tokens only. */
  readonly kind: 'token' | 'abbreviation';
  /** Also an ordinary word or name (`line`, `apple`, `yamato`): counts only next to an affix word. */
  readonly ordinaryWord: boolean;
}

/** One word of the dictionary, with everything it can be. */
export interface DictionaryEntry {
  readonly text: string;
  readonly terms: BrandTerm[];
  affix: boolean;
  homonym: boolean;
  /** The suffix a word spells, with its dots (`co.jp` for `cojp`), for suffix imitation. */
  domainPart: string;
  /** A 属性型 suffix (`co.jp`, `ne.jp`…) spelled as one word. */
  jpSuffix: boolean;
  /** Spells part of a suffix (`co`, `com`, `www`): an affix, but not a meaningful one. */
  suffixWord: boolean;
  /** A word that may stand beside a brand abbreviation: an affix or a brand term. */
  cover: boolean;
  /** A cover word that is not a suffix word (`pay`, `login`, `jp`, a brand term). */
  meaningful: boolean;
}

/** Symbols of a trie edge: a–z are 0–25, 0–9 are 26–35; anything else has no edge. */
export const TRIE_WIDTH = 36;

/** Trie symbol of each ASCII code (-1: no edge). */
export const TRIE_SYMBOLS = new Int8Array(128).fill(-1);
for (let code = 0x61; code <= 0x7a; code++) TRIE_SYMBOLS[code] = code - 0x61;
for (let code = 0x30; code <= 0x39; code++) TRIE_SYMBOLS[code] = code - 0x30 + 26;

function trieSymbol(code: number): number {
  return code < 128 ? TRIE_SYMBOLS[code]! : -1;
}

/** Bits of `WordTrie.kinds`: what an entry is, readable without touching the entry object. */
export const WORD_COVER = 1;
export const WORD_MEANINGFUL = 2;
export const WORD_AFFIX = 4;
export const WORD_HOMONYM = 8;
export const WORD_BRAND = 16;
export const WORD_JP_SUFFIX = 32;

/**
 * The dictionary's words as a trie in flat arrays (state × symbol → state; 0 = no edge, the root
 * is state 0), so reading a label costs array reads rather than map look-ups.
 */
export interface WordTrie {
  readonly next: Int32Array;
  /** Index into `entries` of the word ending at a state, or -1. */
  readonly entryOf: Int32Array;
  readonly entries: readonly DictionaryEntry[];
  /** WORD_* bits of each entry, by index. */
  readonly kinds: Uint8Array;
}

class TrieBuilder {
  private readonly next: number[] = new Array<number>(TRIE_WIDTH).fill(0);
  private readonly entryOf: number[] = [-1];
  private readonly entries: DictionaryEntry[] = [];

  entryAt(text: string): DictionaryEntry {
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const symbol = trieSymbol(text.charCodeAt(i));
      if (symbol < 0) throw new Error(`dictionary word "${text}" has a character outside a-z0-9`);
      let child = this.next[state * TRIE_WIDTH + symbol]!;
      if (child === 0) {
        child = this.entryOf.length;
        this.entryOf.push(-1);
        for (let k = 0; k < TRIE_WIDTH; k++) this.next.push(0);
        this.next[state * TRIE_WIDTH + symbol] = child;
      }
      state = child;
    }
    if (this.entryOf[state] === -1) {
      this.entryOf[state] = this.entries.length;
      this.entries.push({ text, terms: [], affix: false, homonym: false, domainPart: text, jpSuffix: false, suffixWord: false, cover: false, meaningful: false });
    }
    return this.entries[this.entryOf[state]!]!;
  }

  build(): WordTrie {
    const kinds = new Uint8Array(this.entries.length);
    this.entries.forEach((entry, index) => {
      entry.cover = entry.affix || entry.terms.length > 0;
      entry.meaningful = entry.cover && !entry.suffixWord;
      kinds[index] =
        (entry.cover ? WORD_COVER : 0) |
        (entry.meaningful ? WORD_MEANINGFUL : 0) |
        (entry.affix ? WORD_AFFIX : 0) |
        (entry.homonym ? WORD_HOMONYM : 0) |
        (entry.terms.length > 0 ? WORD_BRAND : 0) |
        (entry.jpSuffix ? WORD_JP_SUFFIX : 0);
    });
    return { next: Int32Array.from(this.next), entryOf: Int32Array.from(this.entryOf), entries: this.entries, kinds };
  }
}

interface JapaneseBrandName {
  readonly brand: Brand;
  readonly name: string;
  readonly skeleton: string;
}

/** Everything the brand signals look up, built once per rule set. */
export interface BrandDictionary {
  /** Brand terms, affix words and homonyms, by their letters. */
  readonly plain: WordTrie;
  /** The same words by their confusable skeletons. */
  readonly skeleton: WordTrie;
  readonly terms: readonly BrandTerm[];
  /** Plain texts of every dictionary word: never read as a typo of a brand. */
  readonly words: ReadonlySet<string>;
  readonly japanese: readonly JapaneseBrandName[];
  /** Owned domains with their first label as matched (`ekinet.com`), to the owning brand's id. */
  readonly ownedSpellings: ReadonlyMap<string, string>;
}

/** Lower-case letters and digits of a spelling: what a label is matched against. */
function termText(spelling: string): string {
  return spelling.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function buildDictionary(catalogue: BrandCatalogue, affixes: RuleList, homonyms: RuleList, ordinary: RuleList): BrandDictionary {
  const plain = new TrieBuilder();
  const skeleton = new TrieBuilder();
  const terms: BrandTerm[] = [];
  const words = new Set<string>();
  const ordinaryWords = new Set(ordinary.entries.map(termText));

  const add = (text: string, update: (entry: DictionaryEntry) => void) => {
    if (text === '') return;
    words.add(text);
    update(plain.entryAt(text));
    update(skeleton.entryAt(confusableSkeleton(text)));
  };

  for (const brand of catalogue.brands) {
    const seen = new Set<string>();
    for (const [kind, spellings] of [
      ['token', brand.tokens],
      ['abbreviation', brand.abbreviations],
    ] as const) {
      for (const spelling of spellings) {
        const text = termText(spelling);
        if (seen.has(text)) continue;
        seen.add(text);
        const term: BrandTerm = { brand, text, kind, ordinaryWord: ordinaryWords.has(text) };
        terms.push(term);
        add(text, (entry) => entry.terms.push(term));
      }
    }
  }
  for (const word of affixes.entries) {
    add(termText(word), (entry) => {
      entry.affix = true;
    });
  }
  for (const [word, domainPart] of SUFFIX_WORDS) {
    add(word, (entry) => {
      entry.affix = true;
      entry.suffixWord = true;
      entry.domainPart = domainPart;
      entry.jpSuffix = domainPart.endsWith('.jp');
    });
  }
  for (const word of homonyms.entries) {
    add(termText(word), (entry) => {
      entry.homonym = true;
    });
  }

  const japanese = catalogue.brands.flatMap((brand) =>
    brand.japanese.map((name) => {
      const lower = name.toLowerCase();
      return { brand, name: lower, skeleton: confusableSkeleton(lower) };
    }),
  );
  const ownedSpellings = new Map<string, string>();
  for (const brand of catalogue.brands) {
    for (const domain of brand.owned) {
      const dot = domain.indexOf('.');
      ownedSpellings.set(`${termText(domain.slice(0, dot))}${domain.slice(dot)}`, brand.id);
    }
  }
  return { plain: plain.build(), skeleton: skeleton.build(), terms, words, japanese, ownedSpellings };
}

const cache = new WeakMap<BrandCatalogue, BrandDictionary>();

/**
 * The dictionary of a rule set's brands and brand lists, built on first use and kept with the
 * catalogue: a rule set compiles its brands and lists together, so a new list comes with a new
 * catalogue.
 */
export function brandDictionary(catalogue: BrandCatalogue, list: (name: string) => RuleList): BrandDictionary {
  let dictionary = cache.get(catalogue);
  if (!dictionary) {
    const [affixes, homonyms, ordinary] = BRAND_LISTS.map((name) => list(name));
    dictionary = buildDictionary(catalogue, affixes!, homonyms!, ordinary!);
    cache.set(catalogue, dictionary);
  }
  return dictionary;
}
