/**
 * Static reference data the signals consult. The engine only sees these interfaces; the loaders
 * that read the bundled files live in `src/knowledge` (outside the engine, because they do I/O).
 */

/** Japanese person names from IPADIC (名詞,固有名詞,人名,姓 / 名), with katakana readings. */
export interface NameDictionary {
  /** Katakana readings of a surname written in kanji (or kana), or undefined if unknown. */
  surnameReadings(written: string): readonly string[] | undefined;
  /** Katakana readings of a given name written in kanji (or kana), or undefined if unknown. */
  givenNameReadings(written: string): readonly string[] | undefined;
  /** True if some known surname is read this way (katakana). */
  isSurnameReading(katakana: string): boolean;
  /** True if some known given name is read this way (katakana). */
  isGivenNameReading(katakana: string): boolean;
}

/** Character sets for names. */
export interface KanjiSets {
  /** Jōyō or jinmeiyō kanji (including their permitted variants): allowed in a Japanese given name. */
  isNameKanji(char: string): boolean;
  /** A simplified Chinese character that is not used in Japanese (e.g. 东, 马, 华). */
  isSimplifiedOnly(char: string): boolean;
}

export interface PostalPlace {
  readonly prefecture: string;
  readonly city: string;
  /** Town area (大字・町域) as in KEN_ALL, may be empty. */
  readonly town: string;
}

/** Japan Post KEN_ALL: residential postal codes (no business codes). */
export interface PostalDirectory {
  /** Places for a 7-digit postal code (digits only), or an empty array if the code does not exist. */
  lookup(postalCode7: string): readonly PostalPlace[];
  /** True if the name is one of the 47 prefectures (e.g. 東京都, 北海道). */
  isPrefecture(name: string): boolean;
}

/** Disposable (throw-away) e-mail domains from the bundled lists. */
export interface DisposableEmailDomains {
  /** The list names that contain the domain (empty if none). */
  listsContaining(domain: string): readonly string[];
}

/** Hosting / datacenter networks from the bundled lists (not the curated Japanese list in rules/). */
export interface DatacenterNetworks {
  isDatacenterAsn(asn: number): boolean;
}

/** Words known to be words: common English words and the romaji readings of Japanese nouns and names. */
export interface Lexicon {
  /** True for a known word (lower-case ASCII letters; the lexicon holds words of four letters or more). */
  has(word: string): boolean;
}

export interface Knowledge {
  readonly names: NameDictionary;
  readonly kanji: KanjiSets;
  readonly postal: PostalDirectory;
  readonly disposableEmail: DisposableEmailDomains;
  readonly datacenters: DatacenterNetworks;
  readonly lexicon: Lexicon;
}
