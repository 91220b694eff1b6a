import { z } from 'zod';

/*
 * How often each feature of a name occurs among real new registrations and among phishing
 * registrations, per public suffix: rules/fitted/name-base-rates.yaml, counted by
 * `npm run knowledge:name-evidence`. A feature weighs as much as it is likelier among the phishing
 * registrations of the name's suffix than among its new registrations (a likelihood ratio), so a
 * random-looking label counts for little on a suffix where honest registrants use many of them
 * and for much where they seldom do.
 *
 * Suffixes with too few names in the sample share the counts of their tier (legacy gTLDs, new
 * gTLDs, country codes), blended in as prior pseudo-counts. Country codes the sample does not hold
 * (.cn, .jp and their second levels) have no measured base rate at all: their names' features
 * are not weighed here.
 */

/** Tiers of public suffixes, by their top-level domain. */
export const SUFFIX_TIERS = ['legacy', 'new', 'country-code'] as const;
export type SuffixTier = (typeof SUFFIX_TIERS)[number];

const count = z.number().int().min(0);
/**
 * How many names have each feature, as `"r p r p …"`: a pair per entry of `features`, the new
 * registrations first and the phishing registrations second (one string, fast to read).
 */
const countPairs = z.string().transform((text, context) => {
  const values = text.trim().split(/\s+/).map(Number);
  if (values.some((value) => !Number.isInteger(value) || value < 0) || values.length % 2 !== 0) {
    context.addIssue({ code: 'custom', message: 'pairs of whole numbers: new registrations, phishing registrations' });
    return z.NEVER;
  }
  return values;
});
const countsSchema = z.strictObject({ registrations: count, phishing: count, counts: countPairs });
const tierSchema = countsSchema.extend({ unlisted: z.strictObject({ registrations: count, phishing: count }) });

const baseRatesFileSchema = z
  .looseObject({
    /** The features counted, in the order of every `counts` string. */
    features: z.array(z.string().min(1)).min(1),
    /** Names counted (the tuning parts of the data). */
    totals: z.strictObject({ registrations: count.min(1), phishing: count.min(1) }),
    /** Pseudo-counts of the wider scope blended into a narrower one (suffix ← tier ← all). */
    priorStrength: z.strictObject({ registrations: z.number().positive(), phishing: z.number().positive() }),
    /** Counts of each tier together, and of its suffixes without a row of their own (`unlisted`). */
    tiers: z.strictObject({ legacy: tierSchema, new: tierSchema, 'country-code': tierSchema }),
    /** Suffixes with enough new registrations in the sample to be measured alone. */
    suffixes: z.record(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/), countsSchema.extend({ tier: z.enum(SUFFIX_TIERS) })),
  })
  .superRefine((file, context) => {
    const expected = file.features.length * 2;
    const check = (counts: number[], path: (string | number)[]) => {
      if (counts.length !== expected) context.addIssue({ code: 'custom', path: [...path, 'counts'], message: `${expected} numbers (a pair per feature), got ${counts.length}` });
    };
    for (const tier of SUFFIX_TIERS) check(file.tiers[tier].counts, ['tiers', tier]);
    for (const [suffix, row] of Object.entries(file.suffixes)) check(row.counts, ['suffixes', suffix]);
  });

/**
 * The tier of a public suffix, by its top-level domain: a legacy gTLD, a new gTLD (any other of
 * three or more ASCII letters), or a country code (two letters, or an IDN).
 */
export function suffixTier(publicSuffix: string, legacyTlds: { has(tld: string): boolean }): SuffixTier {
  const tld = publicSuffix.slice(publicSuffix.lastIndexOf('.') + 1);
  if (legacyTlds.has(tld)) return 'legacy';
  return tld.length >= 3 && /^[a-z]+$/.test(tld) ? 'new' : 'country-code';
}

/** One feature's rates where a name was registered. */
export interface FeatureRates {
  /** ln( P(feature | phishing registrations) / P(feature | new registrations) ). */
  readonly evidence: number;
  /** Share of the new registrations with the feature. */
  readonly registrations: number;
  /** Share of the phishing registrations with the feature. */
  readonly phishing: number;
  /** "1 in 40 new .top registrations look like this, 1 in 3 phishing .top registrations". */
  readonly explanation: string;
}

/** Where a name's base rates come from: its suffix's own counts, or its tier's. */
export interface RateScope {
  /** `.top`, or `the new gTLDs` for a suffix with few names in the sample. */
  readonly where: string;
  /**
   * The suffix's share of phishing registrations against its share of new registrations; its
   * explanation reads "1 in 11 phishing registrations are on .top, against 1 in 75 new registrations".
   * Undefined for a borrowed scope (a country code the sample does not hold): the suffix's own
   * share of new registrations is unknown there.
   */
  readonly suffix: FeatureRates | undefined;
  feature(key: string): FeatureRates | undefined;
}

interface Counts {
  readonly registrations: number;
  readonly phishing: number;
  readonly counts: readonly number[];
}

/** A share with half a name added either way, so that nothing is ever 0 or 1. */
const share = (part: number, whole: number): number => (part + 0.5) / (whole + 1);

function ratesOf(registrations: number, phishing: number, explanation: string): FeatureRates {
  return { evidence: Math.log(phishing / registrations), registrations, phishing, explanation };
}

/** Feature shares of a scope, each blended with the wider scope's share by `strength` pseudo-counts. */
function blendedShares(features: readonly string[], counts: Counts, wider: (key: string) => { registrations: number; phishing: number } | undefined, strength: { registrations: number; phishing: number }) {
  const shares = new Map<string, { registrations: number; phishing: number }>();
  for (let at = 0; at < features.length; at++) {
    const key = features[at]!;
    const registrations = counts.counts[2 * at]!;
    const phishing = counts.counts[2 * at + 1]!;
    const prior = wider(key);
    if (!prior) continue;
    shares.set(key, {
      registrations: (registrations + strength.registrations * prior.registrations) / (counts.registrations + strength.registrations),
      phishing: (phishing + strength.phishing * prior.phishing) / (counts.phishing + strength.phishing),
    });
  }
  return shares;
}

/** The compiled base rates: a scope per suffix, worked out once per suffix. */
export class NameBaseRates {
  private readonly scopes = new Map<string, RateScope | null>();
  private readonly tierFeatures = new Map<SuffixTier, Map<string, FeatureRates>>();
  private readonly tierShares = new Map<SuffixTier, Map<string, { registrations: number; phishing: number }>>();

  constructor(private readonly file: z.infer<typeof baseRatesFileSchema>) {
    const { totals, tiers, priorStrength, features } = file;
    const all = new Map<string, { registrations: number; phishing: number }>();
    for (const tier of SUFFIX_TIERS) {
      features.forEach((key, at) => {
        const sum = all.get(key) ?? { registrations: 0, phishing: 0 };
        all.set(key, { registrations: sum.registrations + tiers[tier].counts[2 * at]!, phishing: sum.phishing + tiers[tier].counts[2 * at + 1]! });
      });
    }
    const overall = (key: string) => {
      const sum = all.get(key);
      return sum && { registrations: share(sum.registrations, totals.registrations), phishing: share(sum.phishing, totals.phishing) };
    };
    for (const tier of SUFFIX_TIERS) {
      const shares = blendedShares(features, tiers[tier], overall, priorStrength);
      this.tierShares.set(tier, shares);
    }
  }

  /**
   * The scope whose base rates weigh a name under `publicSuffix` (ICANN, ASCII), or undefined when
   * the sample holds nothing like it (a country code without a row of its own, such as cn or co.jp).
   * `legacyTlds` tells legacy gTLDs from new ones (rules/lists/legacy-gtlds.yaml, as when counted);
   * answers are kept per suffix, so one rule set always passes the same list.
   */
  scopeOf(publicSuffix: string, legacyTlds: { has(tld: string): boolean }, borrows: (suffix: string) => boolean = () => false): RateScope | undefined {
    let scope = this.scopes.get(publicSuffix);
    if (scope === undefined) {
      scope = this.resolve(publicSuffix, legacyTlds) ?? (this.borrowsFor(publicSuffix, borrows) ? this.borrowedScope(publicSuffix) : undefined) ?? null;
      this.scopes.set(publicSuffix, scope);
    }
    return scope ?? undefined;
  }

  private resolve(publicSuffix: string, legacyTlds: { has(tld: string): boolean }): RateScope | undefined {
    const { totals, priorStrength } = this.file;
    const row = this.file.suffixes[publicSuffix];
    if (row) {
      const tierShares = this.tierShares.get(row.tier)!;
      const where = `.${publicSuffix}`;
      const features = featureRates(blendedShares(this.file.features, row, (key) => tierShares.get(key), priorStrength), `new ${where} registrations`, `phishing ${where} registrations`);
      return { where, suffix: suffixRates(share(row.registrations, totals.registrations), share(row.phishing, totals.phishing), where), feature: (key) => features.get(key) };
    }
    const tier = suffixTier(publicSuffix, legacyTlds);
    if (tier === 'country-code') return undefined;
    const where = TIER_NAMES[tier];
    let features = this.tierFeatures.get(tier);
    if (!features) this.tierFeatures.set(tier, (features = featureRates(this.tierShares.get(tier)!, `new registrations on ${where}`, `phishing registrations on ${where}`)));
    const { unlisted } = this.file.tiers[tier];
    const tierRates = features;
    return {
      where,
      suffix: suffixRates(share(unlisted.registrations, totals.registrations), share(unlisted.phishing, totals.phishing), `${where} with few names in the sample (.${publicSuffix} among them)`),
      feature: (key) => tierRates.get(key),
    };
  }

  /** Whether `publicSuffix` or a suffix above it (com.cn, then cn) is one the caller lets borrow rates. */
  private borrowsFor(publicSuffix: string, borrows: (suffix: string) => boolean): boolean {
    if (suffixTier(publicSuffix, { has: () => false }) !== 'country-code') return false;
    for (let at = publicSuffix; ; at = at.slice(at.indexOf('.') + 1)) {
      if (borrows(at)) return true;
      if (!at.includes('.')) return false;
    }
  }

  /**
   * A country code the sample does not hold but that holds many phishing registrations (.cn, .cc,
   * com.cn: the caller's risk lists). Its phishing side is measured: the country-code tier's
   * phishing registrations, most of them on these very suffixes. Its honest side is not: each
   * feature borrows the highest share any measured tier's new registrations have (legacy gTLDs, new
   * gTLDs, the country codes in the sample), so a label is weighed as if honest registrants there
   * drew such labels as often as they are drawn anywhere in the sample.
   */
  private borrowedScope(publicSuffix: string): RateScope {
    const phishingShares = this.tierShares.get('country-code')!;
    const shares = new Map<string, { registrations: number; phishing: number }>();
    for (const [key, { phishing }] of phishingShares) {
      const registrations = Math.max(...SUFFIX_TIERS.map((tier) => this.tierShares.get(tier)!.get(key)?.registrations ?? 0));
      shares.set(key, { registrations, phishing });
    }
    const where = `.${publicSuffix}`;
    const features = featureRates(shares, `new registrations (at most, in any part of the sample: none under ${where} is in it)`, 'phishing registrations on country codes');
    // Unmeasured honest side: never strong evidence, so the label and the suffix stay below review on their own.
    for (const [key, rates] of features) {
      if (rates.evidence > BORROWED_MAX_EVIDENCE) features.set(key, { ...rates, evidence: BORROWED_MAX_EVIDENCE, explanation: `${rates.explanation}; counted as ${BORROWED_MAX_EVIDENCE} nats at most, as honest registrations under ${where} are not measured` });
    }
    return { where, suffix: undefined, feature: (key) => features.get(key) };
  }

}

/**
 * The most a feature weighs (nats) in a borrowed scope: its honest side is a guess, so it is a score
 * input (14 points at 7 points per nat; with the suffix's 8, below review), never strong evidence.
 */
const BORROWED_MAX_EVIDENCE = 2;

const TIER_NAMES: Readonly<Record<SuffixTier, string>> = { legacy: 'the legacy gTLDs', new: 'the new gTLDs', 'country-code': 'the country codes' };

/** Each feature's rates, with its explanation in the words of the scope. */
function featureRates(shares: ReadonlyMap<string, { registrations: number; phishing: number }>, registrationsNoun: string, phishingNoun: string): Map<string, FeatureRates> {
  const features = new Map<string, FeatureRates>();
  for (const [key, { registrations, phishing }] of shares) {
    features.set(key, ratesOf(registrations, phishing, `${oneIn(registrations)} ${registrationsNoun} look like this, ${oneIn(phishing)} ${phishingNoun}`));
  }
  return features;
}

function suffixRates(registrations: number, phishing: number, where: string): FeatureRates {
  return ratesOf(registrations, phishing, `${oneIn(phishing)} phishing registrations are on ${where}, against ${oneIn(registrations)} new registrations`);
}

/** `rules/fitted/name-base-rates.yaml`, compiled. */
export const nameBaseRatesSchema = baseRatesFileSchema.transform((file) => new NameBaseRates(file));

/** "1 in 40" for a share under a half, "7 in 10" above, "fewer than 1 in 10,000" below that. */
export function oneIn(part: number): string {
  if (part >= 0.5) return `${Math.round(part * 10)} in 10`;
  if (part < 1 / 10_000) return 'fewer than 1 in 10,000';
  const whole = 1 / part;
  const rounded = whole < 20 ? Math.round(whole) : whole < 200 ? Math.round(whole / 5) * 5 : whole < 2000 ? Math.round(whole / 50) * 50 : Math.round(whole / 500) * 500;
  return `1 in ${String(rounded).replace(/\B(?=(\d{3})+$)/g, ',')}`;
}
