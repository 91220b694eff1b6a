import type { DomainName } from '../../domain-name';
import type { SignalContext, SignalHit } from '../../signal';
import { nameBaseRatesSchema, type NameBaseRates, type RateScope } from './name-base-rates';

const NAME_BASE_RATES = 'name-base-rates';
/** The list that tells legacy gTLDs from new ones, for the base rates' tiers. */
export const LEGACY_GTLDS = 'legacy-gtlds';
/**
 * Country codes on these lists (rules/lists/*-risk-tlds.yaml: .cn, .cc, com.cn, .tk…) are not in the
 * new-registration sample but hold a large share of the phishing registrations: their names'
 * features are weighed with borrowed honest rates (NameBaseRates.borrowedScope).
 */
const RISK_TLD_LISTS = ['high-risk-tlds', 'elevated-risk-tlds', 'moderate-risk-tlds'] as const;
/** The lists a signal that weighs a name feature by its base rates declares. */
export const BASE_RATE_LISTS = [LEGACY_GTLDS, ...RISK_TLD_LISTS] as const;
/** The fitted table a signal that weighs a name feature by its base rates declares. */
export const WEIGHED_BY_BASE_RATES = { [NAME_BASE_RATES]: nameBaseRatesSchema } as const;

type BaseRatesContext = Pick<SignalContext<unknown>, 'fitted' | 'list'>;

/** Where the base rates weighing this name come from, or undefined under a suffix they do not measure. */
export function rateScopeOf(context: BaseRatesContext, name: DomainName): RateScope | undefined {
  const onRiskList = (suffix: string) => RISK_TLD_LISTS.some((list) => context.list(list).has(suffix));
  return (context.fitted(NAME_BASE_RATES) as NameBaseRates).scopeOf(name.publicSuffix, context.list(LEGACY_GTLDS), onRiskList);
}

/**
 * A hit for a feature of the name (`jp-token`, `hyphen-chain`…), weighed by how often the new and
 * the phishing registrations of its suffix have it. Under a suffix the sample does not hold (a
 * country code), the feature gets `unmeasuredEvidence` nats and says why.
 */
export function weighedFeatureHit(
  context: BaseRatesContext,
  name: DomainName,
  reason: string,
  feature: string,
  what: string,
  unmeasuredEvidence: number,
): SignalHit {
  const scope = rateScopeOf(context, name);
  const rates = scope?.feature(feature);
  if (!scope || !rates) {
    return { reason, evidence: unmeasuredEvidence, detail: `${what}; new registrations under .${name.publicSuffix} are not in the sample the base rates were counted on, so this weighs little` };
  }
  return { reason, evidence: rates.evidence, detail: `${what}: ${rates.explanation}` };
}
