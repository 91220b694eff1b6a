import type { Brand } from '../engine';

const nfkcLower = (text: string): string => text.normalize('NFKC').toLowerCase();
const withoutHyphens = (text: string): string => text.replace(/-/g, '');

interface BrandNames {
  readonly brand: Brand;
  /** Distinctive spellings, hyphens removed: may occur anywhere. */
  readonly tokens: readonly string[];
  /** Short forms and the brand id, hyphens removed: whole words only. */
  readonly words: readonly string[];
  /** Japanese names (NFKC, lower-case). */
  readonly japanese: readonly string[];
}

/**
 * Maps JPCERT/CC's `description` column (the impersonated brand, written as the brand writes
 * itself: `Amazon`, `三井住友カード`, `Apple ID`, `NTT docomo`, `J:COM`) to a protected brand of
 * rules/brands.yaml. The longest name found wins (`auじぶん銀行` is じぶん銀行, not au).
 */
export class BrandDescriptions {
  private readonly names: readonly BrandNames[];
  private readonly cache = new Map<string, Brand | undefined>();

  constructor(brands: readonly Brand[]) {
    this.names = brands.map((brand) => ({
      brand,
      tokens: brand.tokens.map(withoutHyphens),
      words: [...brand.abbreviations.map(withoutHyphens), withoutHyphens(brand.id)],
      japanese: brand.japanese.map(nfkcLower),
    }));
  }

  brandOf(description: string): Brand | undefined {
    if (this.cache.has(description)) return this.cache.get(description);
    const normalised = nfkcLower(description);
    const compact = normalised.replace(/[^\p{L}\p{N}]/gu, '');
    const words = new Set(normalised.split(/[^a-z0-9]+/).filter(Boolean));
    let best: { brand: Brand; length: number } | undefined;
    const consider = (brand: Brand, name: string): void => {
      if (!best || name.length > best.length) best = { brand, length: name.length };
    };
    for (const names of this.names) {
      for (const token of names.tokens) if (compact.includes(token)) consider(names.brand, token);
      for (const word of names.words) if (words.has(word) || compact === word) consider(names.brand, word);
      for (const name of names.japanese) if (compact.includes(name)) consider(names.brand, name);
    }
    const brand = (best as { brand: Brand } | undefined)?.brand;
    this.cache.set(description, brand);
    return brand;
  }
}

/**
 * Whether a registrable label names the brand: one of its tokens anywhere (hyphens ignored, as the
 * brand list says), an abbreviation as a whole hyphen- or digit-delimited segment, or a Japanese
 * name inside an IDN label. This is the "brand-token case" of the evaluation.
 */
export function labelNamesBrand(label: string, labelUnicode: string, brand: Brand): boolean {
  const compact = withoutHyphens(label);
  if (brand.tokens.some((token) => compact.includes(withoutHyphens(token)))) return true;
  const segmented = `-${label.replace(/[0-9]+/g, '-')}-`;
  if (brand.abbreviations.some((abbreviation) => segmented.includes(`-${abbreviation}-`))) return true;
  const unicode = nfkcLower(labelUnicode);
  return brand.japanese.some((name) => unicode.includes(nfkcLower(name)));
}
