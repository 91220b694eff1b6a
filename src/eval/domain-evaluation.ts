import { screenDomainName } from '../cli/domains-command';
import { OUTCOMES, outcomeRank, parseDomainName, type Brand, type Outcome, type RuleSet, type ScreeningEngine } from '../engine';
import { findDomainSeries } from '../engine/domain-series';
import { suffixTier } from '../engine/signals/domain/name-base-rates';
import { BrandDescriptions, labelNamesBrand } from './brand-cases';
import { NEW_REGISTRATIONS_VALIDATION_FROM, type BenignList, type EvaluationData, type NewRegistration, type PhishingDomain } from './domain-datasets';
import { PHISHING_CATCHER_THRESHOLDS, phishingCatcherScore } from './phishing-catcher';

/** One screened name: shinsa's verdict and phishing_catcher's score. */
export interface ScoredDomain {
  readonly registrableDomain: string;
  readonly score: number;
  readonly outcome: Outcome;
  readonly reasons: readonly string[];
  readonly phishingCatcher: number;
  /** The brand that owns the registrable domain (rules/brands.yaml), if any. */
  readonly ownedBy: string | undefined;
  /** Some brand evidence gave points (a brand.* signal or a composite of brand reasons). */
  readonly brandEvidence: boolean;
}

/** A screened new registration of the sample, with the day the feed first saw it. */
export interface ScoredNewRegistration extends ScoredDomain {
  readonly day: string;
}

interface ScoredPhishingDomain extends ScoredDomain {
  readonly year: number;
  readonly brands: readonly string[];
  /** The impersonated brand's id, when the description maps to a protected brand. */
  readonly brandId: string | undefined;
  /** The label names the impersonated brand (labelNamesBrand). */
  readonly namesImpersonatedBrand: boolean;
  /** The label names any protected brand. */
  readonly namesAnyBrand: string | undefined;
}

/**
 * Screens a batch as `shinsa domains` does: series found over the whole batch, then each name
 * screened alone through the full engine (`screenDomainName`).
 */
function screenBatch(engine: ScreeningEngine, names: readonly string[]): ScoredDomain[] {
  const series = findDomainSeries(names);
  return names.map((name) => {
    const parsed = parseDomainName(name);
    if (!parsed.ok) throw new Error(`not a domain name in the evaluation set: ${name} (${parsed.reason})`);
    const domainSeries = series.get(name);
    const assessment = screenDomainName(engine, parsed.name, domainSeries ? { domainSeries } : {});
    const scoring = assessment.hits.filter((hit) => hit.points > 0);
    return {
      registrableDomain: assessment.registrableDomain,
      score: assessment.score,
      outcome: assessment.outcome,
      reasons: scoring.map((hit) => hit.reason),
      phishingCatcher: phishingCatcherScore(name),
      ownedBy: engine.rules.brands.ownerOf(assessment.registrableDomain)?.id,
      brandEvidence: scoring.some((hit) => hit.signal.startsWith('brand.') || hit.reason.startsWith('BRAND_')),
    };
  });
}

/**
 * New registrations screened as `shinsa domains` would screen a day of them: one batch per
 * first-seen day, so that names registered in series that day are found as such.
 */
export function screenByDay(engine: ScreeningEngine, registrations: readonly NewRegistration[]): ScoredNewRegistration[] {
  const byDay = new Map<string, string[]>();
  for (const { registrableDomain, day } of registrations) {
    const names = byDay.get(day) ?? [];
    names.push(registrableDomain);
    byDay.set(day, names);
  }
  return [...byDay].sort((a, b) => a[0].localeCompare(b[0])).flatMap(([day, names]) => screenBatch(engine, names).map((domain) => ({ ...domain, day })));
}

interface ScoredList {
  readonly name: string;
  readonly domains: readonly ScoredDomain[];
}

export interface ScoredEvaluation {
  readonly rulesVersion: string;
  readonly phishing: readonly ScoredPhishingDomain[];
  /** The OpenDNS lists. */
  readonly benign: readonly ScoredList[];
  /** Japanese local-government and university domains. */
  readonly japanese: readonly ScoredList[];
  /** The new-registration sample, screened one first-seen day at a time. */
  readonly newRegistrationsByDay: readonly ScoredNewRegistration[];
  /** Its validation part screened as one batch (series found across all of it). */
  readonly validationAtOnce: readonly ScoredDomain[];
  /** Every owned domain of rules/brands.yaml, screened as one batch. */
  readonly owned: readonly ScoredDomain[];
  /** The validation part's new-gTLD names moved onto suffixes the sample lacks (transplantedOnto). */
  readonly transplanted: readonly TransplantedSuffix[];
  /** Descriptions that map to no protected brand, with their domain counts (2019–2022). */
  readonly unmappedDescriptions: ReadonlyMap<string, number>;
}

export function scoreEvaluation(engine: ScreeningEngine, data: EvaluationData, tuningYears: readonly number[]): ScoredEvaluation {
  const rules: RuleSet = engine.rules;
  const descriptions = new BrandDescriptions(rules.brands.brands);
  const years = [...new Set(data.phishing.domains.map((domain) => domain.year))];
  const phishing: ScoredPhishingDomain[] = [];
  const unmappedDescriptions = new Map<string, number>();
  for (const year of years) {
    const rows = data.phishing.domains.filter((domain) => domain.year === year);
    const scored = screenBatch(engine, rows.map((row) => row.registrableDomain));
    rows.forEach((row, index) => {
      const brand = impersonatedBrand(row, descriptions);
      if (!brand && tuningYears.includes(year)) {
        for (const description of row.brands) unmappedDescriptions.set(description, (unmappedDescriptions.get(description) ?? 0) + 1);
      }
      const parsed = parseDomainName(row.registrableDomain);
      const name = parsed.ok ? parsed.name : undefined;
      const names = (candidate: Brand) => (name ? labelNamesBrand(name.label, name.labelUnicode, candidate) : false);
      phishing.push({
        ...scored[index]!,
        year,
        brands: row.brands,
        brandId: brand?.id,
        namesImpersonatedBrand: brand ? names(brand) : false,
        namesAnyBrand: rules.brands.brands.find(names)?.id,
      });
    });
  }
  const screenList = (list: BenignList): ScoredList => ({ name: list.name, domains: screenBatch(engine, list.domains) });
  const ownedNames = [...new Set(rules.brands.brands.flatMap((brand) => brand.owned))];
  const owned = screenBatch(engine, ownedNames.filter((domain) => parseDomainName(domain).ok));
  const { registrations } = data.newRegistrations;
  return {
    rulesVersion: rules.version,
    phishing,
    benign: data.benign.map(screenList),
    japanese: data.japanese.map(screenList),
    newRegistrationsByDay: screenByDay(engine, registrations),
    validationAtOnce: screenBatch(engine, registrations.filter(isValidationPart).map((registration) => registration.registrableDomain)),
    owned,
    unmappedDescriptions,
    transplanted: [...TRANSPLANT_COMPARISONS, ...suffixesLacking(data.phishing.domains, registrations)].map((suffix) => ({
      suffix,
      phishing: phishing.filter((domain) => suffixOf(domain.registrableDomain) === suffix).length,
      sampleNames: registrations.filter((registration) => suffixOf(registration.registrableDomain) === suffix).length,
      domains: screenByDay(engine, transplantedOnto(registrations, suffix, rules.lists.get('legacy-gtlds') ?? new Set<string>())),
    })),
  };
}

/** A suffix phishing registrations often use that the new-registration sample (nearly) lacks, with the sample's new-gTLD names moved onto it. */
interface TransplantedSuffix {
  readonly suffix: string;
  /** Phishing registrable domains on it, 2019–2023. */
  readonly phishing: number;
  /** Its names in the whole new-registration sample. */
  readonly sampleNames: number;
  readonly domains: readonly ScoredNewRegistration[];
}

/** Suffixes the sample measures, onto which the same names are moved for comparison. */
export const TRANSPLANT_COMPARISONS = ['top', 'xyz', 'shop'];

/** Phishing registrations (2019–2023) a suffix needs to be checked by transplanting, and the sample names it may have at most. */
export const TRANSPLANT_BOUNDS = { phishing: 300, sampleNames: 200 };

/**
 * Suffixes with at least TRANSPLANT_BOUNDS.phishing phishing registrations and fewer than
 * TRANSPLANT_BOUNDS.sampleNames names in the whole new-registration sample (.cfd, .cn, .tk…): a day
 * of real registrations may hold thousands of names there, which the sample cannot show.
 */
export function suffixesLacking(phishingDomains: readonly { readonly registrableDomain: string }[], registrations: readonly { readonly registrableDomain: string }[]): string[] {
  const countBySuffix = (domains: readonly { readonly registrableDomain: string }[]) => {
    const counts = new Map<string, number>();
    for (const { registrableDomain } of domains) counts.set(suffixOf(registrableDomain), (counts.get(suffixOf(registrableDomain)) ?? 0) + 1);
    return counts;
  };
  const phishing = countBySuffix(phishingDomains);
  const sample = countBySuffix(registrations);
  return [...phishing]
    .filter(([suffix, count]) => count >= TRANSPLANT_BOUNDS.phishing && (sample.get(suffix) ?? 0) < TRANSPLANT_BOUNDS.sampleNames)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([suffix]) => suffix);
}

/**
 * The validation part's names on new gTLDs (the legacy ones, .com and its kin, hold another
 * population of labels), each distinct label once with its first-seen day, moved onto `suffix`: how
 * the rules treat, on a suffix the sample cannot measure, the labels honest registrants pick on the
 * new gTLDs it does measure. A stand-in for a measurement, not one: who registers on a suffix
 * differs from suffix to suffix, most of all on country codes.
 */
export function transplantedOnto(registrations: readonly NewRegistration[], suffix: string, legacy: { has(tld: string): boolean }): NewRegistration[] {
  const seen = new Set<string>();
  const moved: NewRegistration[] = [];
  for (const registration of registrations) {
    if (!isValidationPart(registration)) continue;
    const from = suffixOf(registration.registrableDomain);
    if (suffixTier(from, legacy) !== 'new') continue;
    const label = registration.registrableDomain.slice(0, registration.registrableDomain.indexOf('.'));
    if (label.startsWith('xn--') || seen.has(label)) continue;
    seen.add(label);
    // Some labels are suffixes of their own under the new one (`art` under .ml): left out.
    const name = `${label}.${suffix}`;
    const parsed = parseDomainName(name);
    if (parsed.ok && parsed.name.registrableDomain === name) moved.push({ registrableDomain: name, day: registration.day });
  }
  return moved;
}

/** A new registration of the validation part (first seen from NEW_REGISTRATIONS_VALIDATION_FROM on). */
export const isValidationPart = (registration: { readonly day: string }): boolean => registration.day >= NEW_REGISTRATIONS_VALIDATION_FROM;

/** The public suffix of a registrable domain (everything after its first label). */
export const suffixOf = (registrableDomain: string): string => registrableDomain.slice(registrableDomain.indexOf('.') + 1);

/** Per public suffix: names and the share at or above a threshold, for suffixes with at least `minNames` names, largest first. */
export function flagRateBySuffix(domains: readonly ScoredDomain[], threshold: number, minNames: number): { suffix: string; names: number; flagged: number }[] {
  const bySuffix = new Map<string, { names: number; flagged: number }>();
  for (const domain of domains) {
    const suffix = suffixOf(domain.registrableDomain);
    const entry = bySuffix.get(suffix) ?? { names: 0, flagged: 0 };
    entry.names += 1;
    if (domain.score >= threshold) entry.flagged += 1;
    bySuffix.set(suffix, entry);
  }
  return [...bySuffix]
    .filter(([, entry]) => entry.names >= minNames)
    .map(([suffix, entry]) => ({ suffix, names: entry.names, flagged: entry.flagged / entry.names }))
    .sort((a, b) => b.names - a.names || a.suffix.localeCompare(b.suffix));
}

function impersonatedBrand(row: PhishingDomain, descriptions: BrandDescriptions): Brand | undefined {
  for (const description of row.brands) {
    const brand = descriptions.brandOf(description);
    if (brand) return brand;
  }
  return undefined;
}

export const isFlagged = (outcome: Outcome): boolean => outcomeRank(outcome) >= outcomeRank('review');

/** Share of outcomes and of flagged (≥ review). */
export interface OutcomeShares {
  readonly count: number;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  readonly flagged: number;
}

export function outcomeShares(domains: readonly ScoredDomain[]): OutcomeShares {
  const outcomes = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<Outcome, number>;
  for (const domain of domains) outcomes[domain.outcome] += 1;
  const count = domains.length;
  const share = (value: number) => (count === 0 ? 0 : value / count);
  return {
    count,
    outcomes: Object.fromEntries(OUTCOMES.map((outcome) => [outcome, share(outcomes[outcome])])) as Record<Outcome, number>,
    flagged: share(domains.filter((domain) => isFlagged(domain.outcome)).length),
  };
}

/** Share of scores at or above a threshold. */
export function shareAtLeast(scores: readonly number[], threshold: number): number {
  if (scores.length === 0) return 0;
  let count = 0;
  for (const score of scores) if (score >= threshold) count += 1;
  return count / scores.length;
}

/**
 * The lowest integer score threshold whose false-positive rate on the benign scores (share with
 * score ≥ threshold) is within the bound, and that rate. Scores are integers.
 */
export function lowestThresholdWithin(benignScores: readonly number[], maxFalsePositiveRate: number): { threshold: number; falsePositiveRate: number } {
  const sorted = [...benignScores].sort((a, b) => b - a);
  // At most `allowed` benign names may score at or above the threshold.
  const allowed = Math.floor(maxFalsePositiveRate * sorted.length + 1e-9);
  const threshold = allowed >= sorted.length ? (sorted.at(-1) ?? 0) : sorted[allowed]! + 1;
  return { threshold, falsePositiveRate: shareAtLeast(sorted, threshold) };
}

/**
 * The thresholds below `ceiling` at which some name changes side, highest first: each distinct score
 * under the ceiling is one, since a name scoring `s` is detected at every threshold ≤ `s`. At most
 * `limit` of them; `ceiling` itself comes first.
 */
export function thresholdsBelow(scores: readonly number[], ceiling: number, limit: number): number[] {
  const below = [...new Set(scores.filter((score) => score < ceiling))].sort((a, b) => b - a);
  return [ceiling, ...below].slice(0, Math.max(0, limit));
}

export interface OperatingPoint {
  /** The false-positive bound, e.g. 0.01. */
  readonly bound: number;
  /** Threshold chosen on both benign lists together. */
  readonly threshold: number;
  readonly falsePositiveRate: number;
  readonly perList: readonly { readonly name: string; readonly falsePositiveRate: number; readonly ownThreshold: number }[];
  /** The lowest threshold that keeps EACH list within the bound on its own. */
  readonly thresholdEachList: number;
}

/** Picks the thresholds for one score (shinsa's or phishing_catcher's) from the benign lists. */
export function operatingPoint(
  bound: number,
  benign: readonly { readonly name: string; readonly domains: readonly ScoredDomain[] }[],
  scoreOf: (domain: ScoredDomain) => number,
): OperatingPoint {
  const combined = new Map<string, number>();
  for (const list of benign) for (const domain of list.domains) combined.set(domain.registrableDomain, scoreOf(domain));
  const { threshold, falsePositiveRate } = lowestThresholdWithin([...combined.values()], bound);
  const perList = benign.map((list) => {
    const scores = list.domains.map(scoreOf);
    return { name: list.name, falsePositiveRate: shareAtLeast(scores, threshold), ownThreshold: lowestThresholdWithin(scores, bound).threshold };
  });
  return { bound, threshold, falsePositiveRate, perList, thresholdEachList: Math.max(...perList.map((list) => list.ownThreshold)) };
}

export { PHISHING_CATCHER_THRESHOLDS };
