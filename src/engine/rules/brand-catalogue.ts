/**
 * The protected brands as the rules describe them (rules/brands.yaml). Its own module: the signals
 * read it and the rule set builds it, so neither has to import the other for it.
 */

/** A protected brand (rules/brands.yaml): how it is written, and the domains it owns. */
export interface Brand {
  readonly id: string;
  readonly display: string;
  /** ASCII tokens that name the brand in a label (romanisations, spellings): `amazon`, `rakuten`. */
  readonly tokens: readonly string[];
  /** Short forms that count only as whole tokens (`au`, `nta`, `smbc`), never by edit distance. */
  readonly abbreviations: readonly string[];
  /** Japanese names as they appear in IDN labels: `アマゾン`, `楽天`, `国税庁`. */
  readonly japanese: readonly string[];
  /** Registrable domains the brand owns: never flagged. */
  readonly owned: readonly string[];
  /** The organisations that own the brand (the company and its group): their own registrations are not lookalikes. */
  readonly owners: readonly BrandOwner[];
  /**
   * Words that, in an organisation's name, claim to belong to the brand's group (`楽天`, `Rakuten`,
   * `三井住友カード`): an organisation named with one that is not among the owners is a made-up affiliate.
   */
  readonly organizationWords: readonly string[];
}

/** One organisation of a brand's owning group, as `rules/brands.yaml` names it. */
export interface BrandOwner {
  /** The registered name (商号), in kanji or kana as registered: `楽天グループ株式会社`. */
  readonly name: string;
  /** The name's reading in katakana, without the corporate form: `ラクテングループ`. */
  readonly kana: string | undefined;
  /** The English name the organisation uses: `Rakuten Group, Inc.`. */
  readonly en: string | undefined;
  /** The corporate number (法人番号), only where a source states it. */
  readonly corporateNumber: string | undefined;
}

export interface BrandCatalogue {
  readonly brands: readonly Brand[];
  /** The brand that owns a registrable domain (ASCII), if any. */
  ownerOf(registrableDomain: string): Brand | undefined;
}
