import { defineSignal, type SignalHit } from '../../signal';
import type { PostalDirectory } from '../../knowledge';
import {
  foldPlaceName,
  isJapaneseAddress,
  leadingPrefecture,
  normalizePostalCode,
  placeMatchesMunicipality,
  POSTAL_CODE_7,
  resolvePrefecture,
  type RegistrantAddress,
} from './japanese-address';

/** A municipality at the start of line 1 when the city field is empty: "千代田区…", "横浜市中区…", "虻田郡…". */
const LEADING_MUNICIPALITY = /^[^\d]{1,10}?[市区郡]/u;

function hasMunicipality(address: RegistrantAddress, postal: PostalDirectory): boolean {
  if (address.city) return true;
  if (!address.line1) return false;
  let line1 = foldPlaceName(address.line1);
  const prefecture = leadingPrefecture(line1, postal);
  if (prefecture) line1 = line1.slice(prefecture.length);
  if (LEADING_MUNICIPALITY.test(line1)) return true;
  // Towns and villages (倶知安町…) are only told apart from town areas (山下町…) by the postal code.
  const code = address.postalCode ? normalizePostalCode(address.postalCode) : '';
  return POSTAL_CODE_7.test(code) && postal.lookup(code).some((place) => placeMatchesMunicipality(place, '', line1));
}

function hasPrefecture(address: RegistrantAddress, postal: PostalDirectory): boolean {
  if (address.prefecture) return true;
  return [address.city, address.line1].some((text) => text && leadingPrefecture(foldPlaceName(text), postal));
}

/**
 * The registrant's address is there and has the parts a postal address needs. Parts given in the
 * wrong field (prefecture inside the city, municipality inside line 1) count as given: forms differ.
 */
export const addressCompletenessSignal = defineSignal({
  name: 'address.completeness',
  requires: 'registrant',
  reasons: ['ADDRESS_MISSING', 'ADDRESS_INCOMPLETE', 'ADDRESS_PREFECTURE_UNKNOWN'],
  evaluate({ application, knowledge }): SignalHit[] {
    const registrant = application.registrant;
    if (!registrant) return [];
    const address = registrant.address;
    if (!address || (!address.postalCode && !address.prefecture && !address.city && !address.line1 && !address.line2)) {
      return [{ reason: 'ADDRESS_MISSING', detail: 'no registrant address given' }];
    }
    const { postal } = knowledge;
    const hits: SignalHit[] = [];
    const missing: string[] = [];
    if (isJapaneseAddress(address)) {
      if (!address.postalCode) missing.push('postal code');
      if (!hasPrefecture(address, postal)) missing.push('prefecture');
      if (!hasMunicipality(address, postal)) missing.push('city');
      if (!address.line1) missing.push('street address (line 1)');
      if (address.prefecture && !resolvePrefecture(address.prefecture, postal)) {
        const given = address.prefecture.length > 24 ? `${address.prefecture.slice(0, 24)}…` : address.prefecture;
        hits.push({ reason: 'ADDRESS_PREFECTURE_UNKNOWN', detail: `prefecture "${given}" is not one of Japan's 47 prefectures` });
      }
    } else if (!address.line1 && !address.line2) {
      // Foreign formats vary (no postal codes, no regions, city-states): only the street is required.
      missing.push('street address (line 1)');
    }
    if (missing.length > 0) hits.unshift({ reason: 'ADDRESS_INCOMPLETE', detail: `the address has no ${missing.join(', ')}` });
    return hits;
  },
});
