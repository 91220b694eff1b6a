import { defineSignal, type SignalHit } from '../../signal';
import { brandFindings } from '../brand/brand-findings';
import { BRAND_OWNER_LISTS, brandOwnerClaim } from '../brand-owners';

/**
 * The registrant's organisation and the owners of the protected brands (rules/brands.yaml
 * `owners`). A brand owner's own registrations are no lookalikes (the brand signals leave its
 * brands out); that is said with a zero-point hit when the domain names the brand, so a reviewer
 * sees why no brand hit fired. Claiming to be an owner is evidence when the claim is false: an
 * owner's name in look-alike characters, a group word on an organisation the group does not have
 * (楽天サポート株式会社), or an owner's name with another organisation's corporate number or a mailbox
 * anyone can open.
 */
export const brandOwnerSignal = defineSignal({
  name: 'organization.brand_owner',
  requires: 'registrant',
  usesBrands: true,
  lists: BRAND_OWNER_LISTS,
  reasons: ['ORG_OWNS_BRAND', 'ORG_BRAND_OWNER_LOOKALIKE', 'ORG_BRAND_AFFILIATE_UNLISTED', 'ORG_BRAND_OWNER_CLAIM_CONTRADICTED'],
  evaluate(context): SignalHit[] {
    if (!context.application.registrant?.organization) return [];
    const claim = brandOwnerClaim(context);
    if (claim.owned.length > 0) {
      if (!brandFindings(context)?.ownBrandNamed) return [];
      const brands = claim.owned.map((brand) => brand.display).join(' and ');
      const how = claim.recognisedBy === 'corporate number' ? `its corporate number ${claim.entry!.owner.corporateNumber}` : 'its name alone (no listed corporate number confirms it)';
      return [{ reason: 'ORG_OWNS_BRAND', detail: `the registrant is ${claim.entry!.owner.name}, an owner of ${brands}, recognised by ${how}: its own brand is no lookalike` }];
    }
    if (claim.contradiction) {
      const { entry, why } = claim.contradiction;
      return [{ reason: 'ORG_BRAND_OWNER_CLAIM_CONTRADICTED', detail: `the registrant names ${entry.owner.name} (an owner of ${entry.brand.display}), but ${why}` }];
    }
    if (claim.lookalike) {
      const { entry, name } = claim.lookalike;
      return [{ reason: 'ORG_BRAND_OWNER_LOOKALIKE', detail: `the organisation "${name}" is ${entry.owner.name} (an owner of ${entry.brand.display}) written with look-alike characters` }];
    }
    if (claim.unlistedAffiliate) {
      const { brand, word, name } = claim.unlistedAffiliate;
      return [{ reason: 'ORG_BRAND_AFFILIATE_UNLISTED', detail: `the organisation "${name}" carries "${word}", ${brand.display}'s group name, but is none of the group's listed organisations` }];
    }
    return [];
  },
});
