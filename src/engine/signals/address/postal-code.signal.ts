import { defineSignal, type SignalHit } from '../../signal';
import {
  formatPostalCode,
  isJapaneseAddress,
  isJapaneseScript,
  normalizePostalCode,
  placeMatchesMunicipality,
  POSTAL_CODE_7,
  statedPrefecture,
} from './japanese-address';

/**
 * A Japanese address's postal code against Japan Post's KEN_ALL: well-formed, known, and in the
 * prefecture and municipality the address names. Invented addresses often pair a real-looking
 * street with a code from somewhere else.
 */
export const postalCodeSignal = defineSignal({
  name: 'address.postal_code',
  requires: 'registrant',
  reasons: ['POSTAL_CODE_MALFORMED', 'POSTAL_CODE_UNKNOWN', 'POSTAL_CODE_PREFECTURE_MISMATCH', 'POSTAL_CODE_CITY_MISMATCH'],
  evaluate({ application, view, knowledge }): SignalHit[] {
    const address = application.registrant?.address;
    if (!address?.postalCode || !isJapaneseAddress(address)) return [];
    const code = normalizePostalCode(address.postalCode);
    if (code === '') return [];
    if (!POSTAL_CODE_7.test(code)) {
      return [{ reason: 'POSTAL_CODE_MALFORMED', detail: 'postal code is not a 7-digit Japanese postal code' }];
    }
    const { postal } = knowledge;
    const places = postal.lookup(code);
    if (places.length === 0) {
      // KEN_ALL has no 大口事業所 codes: worth saying when the registrant may own one.
      const note = view.isOrganization ? '; it may be an organisation\'s own business code, which KEN_ALL does not list' : '';
      return [{ reason: 'POSTAL_CODE_UNKNOWN', detail: `postal code ${formatPostalCode(code)} is not in Japan Post's residential list (KEN_ALL)${note}` }];
    }

    let candidates = places;
    const prefecture = statedPrefecture(address, postal);
    if (prefecture) {
      candidates = places.filter((place) => place.prefecture === prefecture);
      if (candidates.length === 0) {
        const actual = [...new Set(places.map((place) => place.prefecture))].join('/');
        return [{ reason: 'POSTAL_CODE_PREFECTURE_MISMATCH', detail: `the postal code belongs to ${actual}, but the address gives ${prefecture}` }];
      }
    }

    // Romaji cities ("Chiyoda-ku") cannot be compared with KEN_ALL's kanji.
    const city = address.city;
    if (city && isJapaneseScript(city) && !candidates.some((place) => placeMatchesMunicipality(place, city, address.line1 ?? undefined))) {
      const actual = [...new Set(candidates.map((place) => place.city))].join('/');
      return [{ reason: 'POSTAL_CODE_CITY_MISMATCH', detail: `the postal code belongs to ${actual}, not to the municipality the address gives` }];
    }
    return [];
  },
});
