import type { DomainName } from '../../domain-name';
import type { SignalContext, SignalHit } from '../../signal';
import { nameBaseRatesSchema, type NameBaseRates, type RateScope } from './name-base-rates';

const NAME_BASE_RATES = 'name-base-rates';
/** The list that tells legacy gTLDs from new ones, for the base rates' tiers. */
export const LEGACY_GTLDS = 'legacy-gtlds';
/** The fitted table a signal that weighs a name feature by its base rates declares. */
export const WEIGHED_BY_BASE_RATES = { [NAME_BASE_RATES]: nameBaseRatesSchema } as const;

type BaseRatesContext = Pick<SignalContext<unknown>, 'fitted' | 'list'>;

/** Where the base rates weighing this name come from, or undefined under a suffix they do not measure. */
export function rateScopeOf(context: BaseRatesContext, name: DomainName): RateScope | undefined {
  return (context.fitted(NAME_BASE_RATES) as NameBaseRates).scopeOf(name.publicSuffix, context.list(LEGACY_GTLDS));
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
