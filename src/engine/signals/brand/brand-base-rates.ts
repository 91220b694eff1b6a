import { z } from 'zod';
import type { AnySignal, SignalContext, SignalHit } from '../../signal';
import { oneIn, SUFFIX_TIERS, suffixTier, type SuffixTier } from '../domain/name-base-rates';
import { screenedDomainName } from '../domain/screened-name';
import { LEGACY_GTLDS } from '../domain/weighed-feature';

/*
 * How often each brand reason occurs among real new registrations and among phishing
 * registrations, per tier of suffix: rules/fitted/brand-base-rates.yaml, counted by
 * `npm run knowledge:name-evidence`. Brand names are in honest names too (`gmailbackup`,
 * `amazonsellerhelp`, `applepie`): a brand hit weighs as much as it is likelier among phishing
 * registrations than among new ones where the name is registered, so `amazon-tool.com` weighs less
 * than `amazon-tool.top`, and a brand with affix words (BRAND_COMBOSQUAT) more than a brand alone.
 * Only the gTLD tiers are measured: under a country code (.jp, .cn…) a brand hit gives its full points.
 */

const BRAND_BASE_RATES = 'brand-base-rates';

const count = z.number().int().min(0);
const pair = z.tuple([count, count]);

const brandBaseRatesFileSchema = z.looseObject({
  /** Names counted (the tuning parts of the data). */
  totals: z.strictObject({ registrations: count.min(1), phishing: count.min(1) }),
  /** Names per tier: `[new registrations, phishing registrations]`. */
  tiers: z.strictObject({ legacy: pair, new: pair, 'country-code': pair }),
  /** Pseudo-counts of the reason's rate over all tiers blended into a tier's. */
  priorStrength: z.strictObject({ registrations: z.number().positive(), phishing: z.number().positive() }),
  /**
   * Per reason code and form of the label (`BRAND_IN_LABEL/hyphen`: the label has a hyphen;
   * `/joined`: it has none) and tier, `[new registrations, phishing registrations]` with such a hit.
   */
  reasons: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*\/(hyphen|joined)$/), z.strictObject({ legacy: pair, new: pair, 'country-code': pair })),
});

/** One brand reason's weight where a name is registered. */
interface BrandReasonRates {
  /** ln( P(reason | phishing registrations) / P(reason | new registrations) ). */
  readonly evidence: number;
  /** "1 in 800 new registrations on the legacy gTLDs have such a name, 1 in 30 phishing registrations there". */
  readonly explanation: string;
}

/**
 * The form of a label the brand base rates tell apart: with a hyphen (`amazon-tool`, where phishing
 * names are: 374 of the 2019–2022 phishing registrations on legacy gTLDs with BRAND_IN_LABEL against
 * 46 new registrations) or joined (`amazonbrandlaunch`, `gmailbackup`: 129 against 131).
 */
export type LabelForm = 'hyphen' | 'joined';

export const labelForm = (label: string): LabelForm => (label.includes('-') ? 'hyphen' : 'joined');

const FORM_WORDS: Readonly<Record<LabelForm, string>> = { hyphen: 'with a hyphen', joined: 'without a hyphen' };

/** Evidence (nats) of a hit the base rates do not measure: beyond any reason's maxPoints, so it gives them all. */
export const UNMEASURED_EVIDENCE = 100;

const TIER_WORDS: Readonly<Record<SuffixTier, string>> = { legacy: 'on the legacy gTLDs', new: 'on the new gTLDs', 'country-code': 'on country codes' };

/** The compiled brand base rates. */
class BrandBaseRates {
  /** By reason code (without the form), then form and tier: no key is built per hit. */
  private readonly rates = new Map<string, Partial<Record<LabelForm, Record<SuffixTier, BrandReasonRates>>>>();

  constructor(file: z.infer<typeof brandBaseRatesFileSchema>) {
    const { totals, tiers, priorStrength } = file;
    for (const [reasonAndForm, counts] of Object.entries(file.reasons)) {
      const [reason, form] = reasonAndForm.split('/') as [string, LabelForm];
      const sum = (side: 0 | 1) => SUFFIX_TIERS.reduce((total, tier) => total + counts[tier][side], 0);
      const overall = { registrations: (sum(0) + 0.5) / (totals.registrations + 1), phishing: (sum(1) + 0.5) / (totals.phishing + 1) };
      const shares = new Map(
        SUFFIX_TIERS.map((tier) => [
          tier,
          {
            registrations: (counts[tier][0] + priorStrength.registrations * overall.registrations) / (tiers[tier][0] + priorStrength.registrations),
            phishing: (counts[tier][1] + priorStrength.phishing * overall.phishing) / (tiers[tier][1] + priorStrength.phishing),
          },
        ]),
      );
      const weighed = (tier: 'legacy' | 'new'): BrandReasonRates => {
        const share = shares.get(tier)!;
        const where = TIER_WORDS[tier];
        return {
          evidence: Math.log(share.phishing / share.registrations),
          explanation: `${oneIn(share.registrations)} new registrations ${where} have such a name ${FORM_WORDS[form]}, ${oneIn(share.phishing)} phishing registrations ${where}`,
        };
      };
      const forms = this.rates.get(reason) ?? {};
      forms[form] = {
        legacy: weighed('legacy'),
        new: weighed('new'),
        // The sample holds few country-code registrations (none of .jp or .cn), and the country codes'
        // phishing registrations are mostly .cn draws without a brand: brand hits there are not
        // weighed by these counts and give their full points.
        'country-code': { evidence: UNMEASURED_EVIDENCE, explanation: 'full points, as the sample holds no new registrations under country codes to weigh it by' },
      };
      this.rates.set(reason, forms);
    }
  }

  /**
   * The rates of `reason` in a label of `form` under a suffix of `tier`; those of the other form where
   * the sample never met this one (BRAND_WORD_WITH_OWN_NAME without a hyphen); undefined for a reason
   * never counted.
   */
  of(reason: string, form: LabelForm, tier: SuffixTier): BrandReasonRates | undefined {
    const forms = this.rates.get(reason);
    return (forms?.[form] ?? forms?.[form === 'hyphen' ? 'joined' : 'hyphen'])?.[tier];
  }
}

/** `rules/fitted/brand-base-rates.yaml`, compiled. */
export const brandBaseRatesSchema = brandBaseRatesFileSchema.transform((file) => new BrandBaseRates(file));

/**
 * The brand signal, its hits weighed by their base rates: each hit carries the log of how much
 * likelier such a hit is among the phishing registrations than among the new registrations of the
 * name's tier of suffix, and says both shares. A reason the table never counted weighs nothing.
 * Whether a reason's points follow the evidence (`pointsPerNat`) or stay fixed is the rules' choice.
 */
export function weighedByBrandBaseRates(signal: AnySignal): AnySignal {
  return {
    ...signal,
    lists: [...new Set([...(signal.lists ?? []), LEGACY_GTLDS])],
    fitted: { ...signal.fitted, [BRAND_BASE_RATES]: brandBaseRatesSchema },
    evidenceReasons: signal.reasons,
    evaluate(context: SignalContext<unknown>): readonly SignalHit[] {
      const hits = signal.evaluate(context);
      if (hits.length === 0) return hits;
      const name = screenedDomainName(context);
      const tier = name ? suffixTier(name.publicSuffix, context.list(LEGACY_GTLDS)) : 'country-code';
      const form = labelForm(name?.label ?? '');
      const table = context.fitted(BRAND_BASE_RATES) as BrandBaseRates;
      return hits.map((hit) => {
        const rates = table.of(hit.reason, form, tier);
        if (!rates) return { reason: hit.reason, evidence: 0, detail: `${hit.detail}; never seen in the base rates, so it weighs nothing by them` };
        return { reason: hit.reason, evidence: rates.evidence, detail: `${hit.detail}: ${rates.explanation}` };
      });
    },
  };
}
