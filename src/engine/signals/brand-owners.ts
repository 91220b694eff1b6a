import type { Brand, BrandCatalogue, BrandOwner } from '../rules/brand-catalogue';
import type { RuleList, SignalContext } from '../signal';
import { confusableSkeleton } from './brand/skeleton';
import { listedDomain, registrantEmailDomain } from './email/email-domain';
import { normalizeCorporateNumber } from './organization/corporate-number';

/*
 * Who owns the protected brands (rules/brands.yaml `owners`), and whether the registrant is one of
 * them. Shared by the brand signals (a registrant's own brand is no lookalike) and the organisation
 * signal that reports owner claims (a look-alike owner name, a made-up affiliate, a claim the
 * corporate number or the mailbox contradicts).
 */

/** The lists an owner claim reads: the legal forms stripped from names, and the shared mailboxes. */
export const BRAND_OWNER_LISTS = ['corporate-forms', 'free-mail-domains', 'carrier-mail-domains'] as const;

/** One organisation of one brand's owners. */
interface OwnerEntry {
  readonly brand: Brand;
  readonly owner: BrandOwner;
}

/** What the registrant's organisation says about the protected brands. */
export interface OwnerClaim {
  /** Brands the registrant owns, by its name or corporate number, and nothing contradicts it. */
  readonly owned: readonly Brand[];
  /** How the ownership was recognised, for details. */
  readonly recognisedBy: 'corporate number' | 'name' | undefined;
  /** The owner entry the registrant was recognised as (or claimed to be). */
  readonly entry: OwnerEntry | undefined;
  /** Names or numbers a brand owner while something says it is not that owner. */
  readonly contradiction: { readonly entry: OwnerEntry; readonly why: string } | undefined;
  /** The organisation's name is a look-alike spelling of an owner's name (not the name itself). */
  readonly lookalike: { readonly entry: OwnerEntry; readonly name: string } | undefined;
  /** The name carries a brand's group word but is none of its listed organisations. */
  readonly unlistedAffiliate: { readonly brand: Brand; readonly word: string; readonly name: string } | undefined;
}

const NO_CLAIM: OwnerClaim = { owned: [], recognisedBy: undefined, entry: undefined, contradiction: undefined, lookalike: undefined, unlistedAffiliate: undefined };

const KATAKANA_BEFORE = /(?<=[\u30a1-\u30fa])[-‐‑‒–—―−－ｰ]/gu;
const PUNCTUATION = /[\s.,，、。・･'’"“”「」()（）\-‐‑‒–—―−－]/gu;
const LATIN_WORD = /^[a-z0-9&]+$/;

interface FormMatcher {
  readonly japanese: RegExp;
  readonly latin: ReadonlySet<string>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const formMatchers = new WeakMap<RuleList, FormMatcher>();

function formMatcher(forms: RuleList): FormMatcher {
  let matcher = formMatchers.get(forms);
  if (!matcher) {
    const latin = new Set<string>();
    const japanese: string[] = [];
    for (const entry of forms.entries) {
      const form = entry.normalize('NFKC').toLowerCase();
      if (/^[a-z .]+$/.test(form)) latin.add(form.replace(/[ .]/g, ''));
      else japanese.push(form.replace(/\s+/g, ''));
    }
    const alternation = japanese.sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    matcher = { japanese: new RegExp(alternation === '' ? '(?!)' : alternation, 'gu'), latin };
    formMatchers.set(forms, matcher);
  }
  return matcher;
}

/**
 * An organisation's name in one comparable form: NFKC, lower case, legal forms removed wherever
 * they stand (株式会社楽天 = 楽天株式会社 = 楽天(株)), dashes after katakana as ー, and no spaces or
 * punctuation ("Rakuten Group, Inc." = "RAKUTEN GROUP INC" → "rakutengroup").
 */
export function organizationKey(name: string, forms: RuleList): string {
  const matcher = formMatcher(forms);
  const text = name.normalize('NFKC').toLowerCase().replace(KATAKANA_BEFORE, 'ー');
  // Latin forms are whole words ("co" in "Co., Ltd." but not in "Coincheck"); pairs run together count too (kabushiki kaisha).
  const words = text.replace(matcher.japanese, ' ').split(/[\s,，、]+/u).map((word) => word.replace(/\.$/, ''));
  const kept: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    const bare = word.replace(/\./g, '');
    if (LATIN_WORD.test(bare) && matcher.latin.has(bare)) continue;
    const next = words[index + 1]?.replace(/\./g, '');
    if (next !== undefined && LATIN_WORD.test(bare + next) && matcher.latin.has(bare + next)) {
      index++;
      continue;
    }
    kept.push(word);
  }
  return kept.join('').replace(PUNCTUATION, '');
}

const NO_FORMS: RuleList = { name: 'no forms', entries: [], has: () => false };

/**
 * The name states a legal person's form (株式会社, 合同会社, (株), K.K., Co., Ltd.…, or any 〜法人: NPO,
 * 医療, 学校…), so the organisation has a corporate number; a trade name without one (山田商店, Yamada
 * Design) may be a sole proprietor's, who has none.
 */
export function namesLegalPerson(name: string, forms: RuleList): boolean {
  return name.normalize('NFKC').includes('法人') || organizationKey(name, forms) !== organizationKey(name, NO_FORMS);
}

interface OwnerIndex {
  readonly byKey: ReadonlyMap<string, readonly OwnerEntry[]>;
  readonly bySkeleton: ReadonlyMap<string, readonly OwnerEntry[]>;
  readonly byNumber: ReadonlyMap<string, readonly OwnerEntry[]>;
  /** Group words of every brand, folded like names, with their skeletons. */
  readonly words: readonly { readonly brand: Brand; readonly word: string; readonly key: string; readonly latinWords: readonly string[] | undefined }[];
  /** True when any brand lists owners or group words: otherwise there is nothing to claim. */
  readonly any: boolean;
}

const indexes = new WeakMap<BrandCatalogue, { forms: RuleList; index: OwnerIndex }>();

function ownerIndex(catalogue: BrandCatalogue, forms: RuleList): OwnerIndex {
  const cached = indexes.get(catalogue);
  if (cached?.forms === forms) return cached.index;
  const byKey = new Map<string, OwnerEntry[]>();
  const bySkeleton = new Map<string, OwnerEntry[]>();
  const byNumber = new Map<string, OwnerEntry[]>();
  const put = (map: Map<string, OwnerEntry[]>, key: string, entry: OwnerEntry) => {
    if (key === '') return;
    const entries = map.get(key);
    if (!entries) map.set(key, [entry]);
    else if (!entries.some((other) => other.brand === entry.brand && other.owner === entry.owner)) entries.push(entry);
  };
  const words: OwnerIndex['words'][number][] = [];
  for (const brand of catalogue.brands) {
    for (const owner of brand.owners) {
      const entry = { brand, owner };
      for (const name of [owner.name, owner.kana, owner.en]) {
        if (!name) continue;
        const key = organizationKey(name, forms);
        put(byKey, key, entry);
        put(bySkeleton, confusableSkeleton(key), entry);
      }
      if (owner.corporateNumber) put(byNumber, owner.corporateNumber, entry);
    }
    for (const word of brand.organizationWords) {
      const key = organizationKey(word, forms);
      words.push({ brand, word, key, latinWords: /^[a-z0-9]+$/.test(key) ? latinWordsOf(word) : undefined });
    }
  }
  const index = { byKey, bySkeleton, byNumber, words, any: byKey.size > 0 || words.length > 0 };
  indexes.set(catalogue, { forms, index });
  return index;
}

const CLAIM = Symbol('brand owner claim');

/** The registrant organisation's relation to the protected brands' owners, computed once per screening. */
export function brandOwnerClaim(context: SignalContext<unknown>): OwnerClaim {
  return context.view.derived(CLAIM, () => computeClaim(context));
}

function computeClaim({ application, view, brands, list, knowledge }: SignalContext<unknown>): OwnerClaim {
  const organization = application.registrant?.organization;
  if (!organization) return NO_CLAIM;
  const forms = list('corporate-forms');
  const index = ownerIndex(brands, forms);
  if (!index.any) return NO_CLAIM;
  const { names, keys, rawNumber, number, named, numbered } = ownersMatching(index, organization, forms);

  if (named.length > 0 || numbered.length > 0) {
    const entry = named[0] ?? numbered[0]!;
    const why = contradiction(named, numbered, rawNumber, number, view, list, knowledge);
    if (why) return { ...NO_CLAIM, entry, contradiction: { entry, why } };
    const owned = unique(named.length > 0 ? named : numbered).map((item) => item.brand);
    return { ...NO_CLAIM, owned: [...new Set(owned)], entry, recognisedBy: numbered.length > 0 ? 'corporate number' : 'name' };
  }

  for (const [position, key] of keys.entries()) {
    const lookalike = index.bySkeleton.get(confusableSkeleton(key))?.[0];
    if (lookalike) return { ...NO_CLAIM, lookalike: { entry: lookalike, name: names[position]! } };
  }
  for (const [position, key] of keys.entries()) {
    const nameWords = latinWordsOf(names[position]!);
    for (const word of index.words) {
      // Latin words count as whole words (Amazon, not Amazonas); Japanese ones anywhere (楽天サポート).
      const claims = word.latinWords ? containsRun(nameWords, word.latinWords) : key.includes(word.key);
      if (claims) return { ...NO_CLAIM, unlistedAffiliate: { brand: word.brand, word: word.word, name: names[position]! } };
    }
  }
  return NO_CLAIM;
}

type Organization = { readonly name?: string | null; readonly nameEn?: string | null; readonly corporateNumber?: string | null };

/** The owners (rules/brands.yaml) an organisation's names and corporate number name, as the claim and the owner group both read them. */
function ownersMatching(index: OwnerIndex, organization: Organization, forms: RuleList) {
  const names = [organization.name, organization.nameEn].filter((name): name is string => !!name);
  const keys = names.map((name) => organizationKey(name, forms)).filter((key) => key !== '');
  const rawNumber = organization.corporateNumber?.trim() || undefined;
  const number = rawNumber === undefined ? undefined : normalizeCorporateNumber(rawNumber);
  const named = unique(keys.flatMap((key) => index.byKey.get(key) ?? []));
  const numbered = number === undefined ? [] : (index.byNumber.get(number) ?? []);
  return { names, keys, rawNumber, number, named, numbered };
}

function latinWordsOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().split(/[^a-z0-9]+/).filter((word) => word !== '');
}

/** `run` appears in `words` as consecutive words. */
function containsRun(words: readonly string[], run: readonly string[]): boolean {
  for (let start = 0; start + run.length <= words.length; start++) {
    if (run.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}

/**
 * Why the registrant is not the owner it names, or undefined: a corporate number that is not the
 * named organisation's (or is another group organisation's under this name), an owner's number
 * under a name none of its organisations has, or a mailbox anyone can open in a minute.
 */
function contradiction(
  named: readonly OwnerEntry[],
  numbered: readonly OwnerEntry[],
  rawNumber: string | undefined,
  number: string | undefined,
  view: SignalContext<unknown>['view'],
  list: (name: string) => RuleList,
  knowledge: SignalContext<unknown>['knowledge'],
): string | undefined {
  if (named.length > 0) {
    const listedNumbers = named.map((entry) => entry.owner.corporateNumber).filter((listed): listed is string => !!listed);
    if (rawNumber !== undefined && listedNumbers.length > 0 && (number === undefined || !listedNumbers.includes(number))) {
      return `its corporate number is not ${named[0]!.owner.name}'s (${listedNumbers[0]})`;
    }
    if (numbered.length > 0 && !numbered.some((entry) => named.some((other) => other.owner === entry.owner))) {
      return `its corporate number is ${numbered[0]!.owner.name}'s, another organisation's`;
    }
  } else if (view.application.registrant?.organization?.name || view.application.registrant?.organization?.nameEn) {
    return `its corporate number is ${numbered[0]!.owner.name}'s, but its name is none of that group's`;
  }
  const domain = registrantEmailDomain(view);
  const claimed = [...named, ...numbered].map((entry) => entry.brand);
  // A mail or carrier brand's own mailbox domain (docomo.ne.jp for NTT docomo, gmail.com for Google) is its own.
  if (domain && !claimed.some((brand) => brand.owned.some((owned) => domain === owned || domain.endsWith(`.${owned}`)))) {
    const shared = listedDomain(list('free-mail-domains'), domain) ?? listedDomain(list('carrier-mail-domains'), domain);
    if (shared) return `it gives a ${shared} mailbox, which anyone can open`;
    if (knowledge.disposableEmail.listsContaining(domain).length > 0) return `it gives a disposable mailbox (${domain})`;
  }
  return undefined;
}

function unique(entries: readonly OwnerEntry[]): OwnerEntry[] {
  const seen: OwnerEntry[] = [];
  for (const entry of entries) if (!seen.some((other) => other.brand === entry.brand && other.owner === entry.owner)) seen.push(entry);
  return seen;
}

/**
 * The brand whose owner group the registrant belongs to, for linkage: its organisation is one of
 * the brand's owners (rules/brands.yaml `owners`, group companies included), by name or corporate
 * number, the corporate number (when both are listed) is that owner's, and its mailbox is on one of
 * the brand's own domains — a claim a campaign can write but whose mail it does not receive. The
 * group's companies share the group's nameservers and mail domain by construction: related
 * registrants, not a campaign.
 */
export function brandOwnerGroupOf(
  catalogue: BrandCatalogue,
  forms: RuleList,
  organization: Organization | null | undefined,
  mailDomain: string | undefined,
): string | undefined {
  if (!organization || !mailDomain) return undefined;
  const index = ownerIndex(catalogue, forms);
  if (!index.any) return undefined;
  const { rawNumber, number, named, numbered } = ownersMatching(index, organization, forms);
  const candidates = named.length > 0 ? named : numbered;
  const domain = mailDomain.trim().toLowerCase().replace(/\.$/, '');
  const entry = candidates.find(
    ({ brand, owner }) =>
      (rawNumber === undefined || owner.corporateNumber === undefined || owner.corporateNumber === number) &&
      brand.owned.some((owned) => domain === owned || domain.endsWith(`.${owned}`)),
  );
  return entry?.brand.id;
}
