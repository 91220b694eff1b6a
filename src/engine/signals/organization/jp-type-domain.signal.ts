import { defineSignal, type SignalHit } from '../../signal';

/**
 * 属性型 .jp names whose registrant must be an organisation (JPRS eligibility): co (a registered
 * company), or (a specified legal entity), ac (universities), ed (schools, nurseries), ad (JPNIC
 * members), gr (an unincorporated group of people, not one person). ne.jp may be held by a person
 * who provides a network service, so it is not here.
 */
const ORGANISATION_ONLY = new Set(['co', 'or', 'ac', 'ed', 'ad', 'gr']);

/**
 * Types whose eligible holders all have a corporate number. ac/ed bodies may be schools run by a
 * municipality (the municipality has the number, not the school), so only co and or.
 */
const CORPORATE_NUMBER_REQUIRED = new Set(['co', 'or']);

/** Government only: go.jp for ministries and agencies, lg.jp for local governments (via J-LIS). */
const GOVERNMENT = new Set(['go', 'lg']);

/** 属性型 .jp names applied for by someone who cannot hold them. */
export const jpTypeDomainSignal = defineSignal({
  name: 'organization.jp_type_domain',
  requires: 'registrant',
  reasons: ['ORG_JP_TYPE_DOMAIN_BY_INDIVIDUAL', 'ORG_JP_TYPE_DOMAIN_WITHOUT_CORPORATE_NUMBER', 'ORG_JP_GOVERNMENT_DOMAIN'],
  evaluate({ application, view }): SignalHit[] {
    const registrant = application.registrant;
    // Who applied is the question: a bare name (`shinsa domains`, a rescan of held names) says nothing.
    if (!registrant) return [];
    const jpType = view.domain?.jpType;
    if (!jpType) return [];
    if (GOVERNMENT.has(jpType)) {
      return [{ reason: 'ORG_JP_GOVERNMENT_DOMAIN', detail: `${jpType}.jp names are for government bodies only and are not sold through ordinary registrars` }];
    }
    if (!view.isOrganization) {
      const claimsPerson = registrant.type === 'individual' || Boolean(registrant.name?.kanji || registrant.name?.kana || registrant.name?.romaji);
      return claimsPerson && ORGANISATION_ONLY.has(jpType)
        ? [{ reason: 'ORG_JP_TYPE_DOMAIN_BY_INDIVIDUAL', detail: `an individual applied for a ${jpType}.jp name, which only an organisation can hold` }]
        : [];
    }
    const corporateNumber = registrant.organization?.corporateNumber;
    // A malformed number is reported by organization.corporate_number; here only its absence counts.
    if (CORPORATE_NUMBER_REQUIRED.has(jpType) && (corporateNumber == null || corporateNumber.trim() === '')) {
      return [{ reason: 'ORG_JP_TYPE_DOMAIN_WITHOUT_CORPORATE_NUMBER', detail: `${jpType}.jp name for an organisation that gave no corporate number (法人番号)` }];
    }
    return [];
  },
});
