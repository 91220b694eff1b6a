import type { DomainName } from '../../domain-name';
import type { Brand } from '../../rules/brand-catalogue';
import type { SignalContext } from '../../signal';
import { brandOwnerClaim } from '../brand-owners';
import { brandDictionary, JP_SECOND_LEVEL, type BrandDictionary } from './brand-dictionary';
import { analyseLabel, type BrandOccurrence, type LabelAnalysis } from './label-analysis';
import { confusableSkeleton } from './skeleton';

/** Suffixes under which only government bodies can register: nobody else can hold a lookalike there. */
const GOVERNMENT_SUFFIXES = new Set(['go.jp', 'lg.jp']);
const NON_ASCII = /[^\x00-\x7f]/;
const NO_OWNED = new Map<string, string>();
const JP_TAIL = /-(co|ne|or|go|ac)$/;

interface JapaneseNameMatch {
  readonly brand: Brand;
  readonly name: string;
  /** Matched only after folding look-alike kana and kanji (ロ/口, カ/力, ー/一…). */
  readonly lookalike: boolean;
}

interface SubdomainFinding {
  readonly label: string;
  readonly analysis: LabelAnalysis;
}

/** What the requested name says about protected brands; absent when a brand owns the name. */
export interface BrandFindings {
  readonly name: DomainName;
  readonly dictionary: BrandDictionary;
  /** The registrable label (its Unicode form for an IDN). */
  readonly label: LabelAnalysis;
  /** Brand terms that appear only in the label's confusable skeleton (`nıfty`, `rnercari`, `amaz0n`). */
  readonly homoglyphs: readonly BrandOccurrence[];
  readonly japanese: readonly JapaneseNameMatch[];
  readonly subdomains: readonly SubdomainFinding[];
  /** A brand's own domain spelled out in the subdomain labels (`amazon.co.jp.example.com`). */
  readonly subdomainOwnedDomain: { readonly brand: Brand; readonly domain: string } | undefined;
  /** A .jp label ending in a second-level label (`epos-co.jp` for epos.co.jp), if any. */
  readonly jpTail: string | undefined;
  /** The subdomain labels spell a 属性型 .jp suffix (`….co.jp.example.com`). */
  readonly subdomainJpSuffix: string | undefined;
  /**
   * Brands the registrant's organisation owns (rules/brands.yaml `owners`): they are left out of
   * everything above, so an owner's own brand, its typos and its spellings raise nothing.
   */
  readonly registrantBrands: readonly Brand[];
  /** The label names one of the registrant's own brands (what would have been a lookalike). */
  readonly ownBrandNamed: boolean;
}

const FINDINGS = Symbol('brand findings');

/**
 * Brand terms that count in an analysed label: ordinary words (`line`, `apple`) and tokens inside a
 * homonym (`amazonas`) only next to an affix word or a spelled suffix (`suffixSpelled` for one the
 * label alone does not show).
 */
export function countedMatches(analysis: LabelAnalysis, suffixSpelled = false): readonly BrandOccurrence[] {
  const context = suffixSpelled || analysis.meaningfulAffixes.length > 0 || analysis.jpSuffix !== undefined;
  return analysis.matches.filter((match) => (!match.term.ordinaryWord && !match.insideWord) || context || analysis.ownedDomainSpelled?.occurrence === match);
}

/** Distinct brands, in order of first appearance. */
export function distinctBrands(items: readonly { readonly brand: Brand }[]): Brand[] {
  const brands: Brand[] = [];
  for (const { brand } of items) if (!brands.includes(brand)) brands.push(brand);
  return brands;
}

export function brandNames(brands: readonly Brand[]): string {
  return brands.map((brand) => brand.display).join(' and ');
}

/**
 * The registrable label names a protected brand in a way the brand signals weigh: a counted brand
 * term, a fused abbreviation, a homoglyph or a Japanese brand name. The domain signals leave such
 * a label's letters, jp and account words to the brand signals (`amazon-co-jp-login` is a
 * combosquat, not also a phishing-like label with an account word). A label naming the registrant's
 * own brand is the owner's word, not random letters (`rakuten-fashion.shop` by Rakuten Group).
 */
export function labelNamesBrand(context: SignalContext<unknown>): boolean {
  const findings = brandFindings(context);
  if (!findings) return false;
  if (findings.ownBrandNamed) return true;
  return countedMatches(findings.label, findings.jpTail !== undefined).length > 0 || findings.label.fused.length > 0 || findings.homoglyphs.length > 0 || findings.japanese.length > 0;
}

/**
 * The brand reading of the requested name, computed by the first brand signal and shared with
 * the rest. Undefined when there is no parseable name, when a protected brand owns the
 * registrable domain, or when only government bodies can register under its suffix: then no
 * brand signal says anything.
 */
export function brandFindings(context: SignalContext<unknown>): BrandFindings | undefined {
  return context.view.derived(FINDINGS, () => computeFindings(context));
}

function computeFindings(context: SignalContext<unknown>): BrandFindings | undefined {
  const { view, brands, list } = context;
  const parsed = view.domainName;
  if (!parsed?.ok) return undefined;
  const name = parsed.name;
  if (brands.ownerOf(name.registrableDomain) || GOVERNMENT_SUFFIXES.has(name.publicSuffix)) return undefined;
  const registrantBrands = context.application.registrant?.organization ? brandOwnerClaim(context).owned : NO_BRANDS;
  const dictionary = brandDictionary(brands, list);

  const labelText = name.labelUnicode;
  const fullLabel = analyseLabel(labelText, dictionary.plain, dictionary.ownedSpellings);
  // The registrant's own brands are read like any other (so their names cover what they hold:
  // onlinesbi is State Bank of India's, not SBI's) and then left out.
  const label = registrantBrands.length > 0 ? withoutOwnBrands(fullLabel, registrantBrands) : fullLabel;

  let homoglyphs: BrandOccurrence[] = [];
  const japanese: JapaneseNameMatch[] = [];
  const skeleton = confusableSkeleton(labelText);
  if (skeleton !== labelText) {
    const plainBrands = new Set(label.matches.map((match) => match.term.brand));
    homoglyphs = analyseLabel(skeleton, dictionary.skeleton, NO_OWNED, true).matches.filter((match) => !match.insideWord && !plainBrands.has(match.term.brand) && !registrantBrands.includes(match.term.brand));
  }
  if (NON_ASCII.test(labelText)) {
    for (const { brand, name: japaneseName, skeleton: japaneseSkeleton } of dictionary.japanese) {
      if (japanese.some((match) => match.brand === brand) || registrantBrands.includes(brand)) continue;
      if (labelText.includes(japaneseName)) japanese.push({ brand, name: japaneseName, lookalike: false });
      else if (skeleton.includes(japaneseSkeleton)) japanese.push({ brand, name: japaneseName, lookalike: true });
    }
  }

  const subdomains: SubdomainFinding[] = [];
  for (const subdomain of name.subdomainLabels) {
    if (subdomain === 'www') continue;
    const text = subdomain.startsWith('xn--') ? unicodeLabel(name.unicode, name.subdomainLabels.indexOf(subdomain)) : subdomain;
    const analysis = analyseLabel(text, dictionary.plain, dictionary.ownedSpellings);
    subdomains.push({ label: subdomain, analysis: registrantBrands.length > 0 ? withoutOwnBrands(analysis, registrantBrands) : analysis });
  }

  const subdomainOwnedDomain = ownedDomainInLabels(name.subdomainLabels, brands);
  return {
    name,
    dictionary,
    label,
    homoglyphs,
    japanese,
    subdomains,
    subdomainOwnedDomain: subdomainOwnedDomain && registrantBrands.includes(subdomainOwnedDomain.brand) ? undefined : subdomainOwnedDomain,
    jpTail: name.publicSuffix === 'jp' ? JP_TAIL.exec(name.label)?.[1] : undefined,
    subdomainJpSuffix: jpSuffixInLabels(name.subdomainLabels),
    registrantBrands,
    ownBrandNamed: registrantBrands.length > 0 && namesOwnBrand(fullLabel, labelText, skeleton, registrantBrands, dictionary),
  };
}

const NO_BRANDS: readonly Brand[] = [];

/** The label names one of the brands: a term, a fused abbreviation or a Japanese name. */
function namesOwnBrand(analysis: LabelAnalysis, labelText: string, skeleton: string, owned: readonly Brand[], dictionary: BrandDictionary): boolean {
  if ([...analysis.matches, ...analysis.fused].some((match) => owned.includes(match.term.brand))) return true;
  return dictionary.japanese.some(({ brand, name, skeleton: japaneseSkeleton }) => owned.includes(brand) && (labelText.includes(name) || skeleton.includes(japaneseSkeleton)));
}

/** The analysis without the occurrences of some brands. */
function withoutOwnBrands(analysis: LabelAnalysis, owned: readonly Brand[]): LabelAnalysis {
  // Another brand's name inside the registrant's own (sbi inside onlinesbi) is part of its own name.
  const ownSpans = analysis.matches.filter((match) => owned.includes(match.term.brand));
  const others = (match: BrandOccurrence) => !owned.includes(match.term.brand) && !ownSpans.some((own) => own.start <= match.start && match.end <= own.end);
  const spelled = analysis.ownedDomainSpelled;
  // Written out field by field, in the order analyseLabel writes them: one object shape (label-analysis.ts).
  return {
    text: analysis.text,
    matches: analysis.matches.filter(others),
    fused: analysis.fused.filter(others),
    affixes: analysis.affixes,
    meaningfulAffixes: analysis.meaningfulAffixes,
    jpSuffix: analysis.jpSuffix,
    ownedDomainSpelled: spelled && others(spelled.occurrence) ? spelled : undefined,
    typoCandidates: analysis.typoCandidates,
  };
}
function unicodeLabel(unicodeName: string, index: number): string {
  return unicodeName.split('.')[index] ?? '';
}

/** `amazon.co.jp` inside `secure.amazon.co.jp.example.com`. */
function ownedDomainInLabels(labels: readonly string[], brands: SignalContext<unknown>['brands']): BrandFindings['subdomainOwnedDomain'] {
  for (let from = 0; from < labels.length - 1; from++) {
    for (let to = labels.length; to >= from + 2; to--) {
      const domain = labels.slice(from, to).join('.');
      const brand = brands.ownerOf(domain);
      if (brand) return { brand, domain };
    }
  }
  return undefined;
}

const SECOND_LEVEL: ReadonlySet<string> = new Set(JP_SECOND_LEVEL);

function jpSuffixInLabels(labels: readonly string[]): string | undefined {
  for (let i = 0; i + 1 < labels.length; i++) {
    if (SECOND_LEVEL.has(labels[i]!) && labels[i + 1] === 'jp') return `${labels[i]}.jp`;
  }
  return undefined;
}
