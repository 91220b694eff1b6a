import type { Registrant } from '../../application';
import type { PostalDirectory, PostalPlace } from '../../knowledge';
import { prefectureFromRomaji } from './prefecture-names';

export type RegistrantAddress = NonNullable<Registrant['address']>;

/** No country means a Japanese address: the screened registrars' forms default to Japan. */
export function isJapaneseAddress(address: RegistrantAddress): boolean {
  return !address.country || address.country.toUpperCase() === 'JP';
}

// After NFKC, the dashes people type in a postal code: ASCII and Unicode hyphens and dashes, the
// minus sign, and the katakana long vowel mark an IME produces for "-" in kana mode.
const POSTAL_CODE_NOISE = /[\s〒\-‐‑‒–—―−ー﹣]/gu;
export const POSTAL_CODE_7 = /^\d{7}$/;

/** Full-width digits, 〒, dashes and spaces removed: "〒１００－０００１" → "1000001". Not checked. */
export function normalizePostalCode(raw: string): string {
  return raw.normalize('NFKC').replace(POSTAL_CODE_NOISE, '');
}

/** "1000001" → "100-0001", for details. */
export function formatPostalCode(code7: string): string {
  return `${code7.slice(0, 3)}-${code7.slice(3)}`;
}

const SMALL_KE = /[ヶケヵがガ]/g;

/**
 * Folds the spelling variants of Japanese place names so they compare equal: NFKC (full-width
 * digits and letters, half-width kana), no spaces, and ヶ/ケ/ヵ/が/ガ as one letter (霞ヶ関 = 霞が関,
 * 鎌ケ谷市 = 鎌ヶ谷市).
 */
export function foldPlaceName(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').replace(SMALL_KE, 'ケ');
}

const JAPANESE_SCRIPT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
const LATIN_LETTER = /[A-Za-z]/;

/** Written in Japanese script (kanji or kana), not in romaji. */
export function isJapaneseScript(text: string): boolean {
  return JAPANESE_SCRIPT.test(text);
}

/**
 * The prefecture a text names: an exact name (東京都), a name without its suffix (東京, 大阪,
 * 神奈川), or romaji (Tokyo, Osaka-fu). Undefined if it names none of the 47.
 */
export function resolvePrefecture(text: string, postal: PostalDirectory): string | undefined {
  const name = foldPlaceName(text);
  if (postal.isPrefecture(name)) return name;
  for (const suffix of ['都', '道', '府', '県']) {
    if (postal.isPrefecture(name + suffix)) return name + suffix;
  }
  if (LATIN_LETTER.test(name) && !isJapaneseScript(name)) return prefectureFromRomaji(name);
  return undefined;
}

/** The prefecture a (folded) text starts with, e.g. a city field "東京都千代田区". Names are 3 or 4 characters. */
export function leadingPrefecture(folded: string, postal: PostalDirectory): string | undefined {
  for (const length of [3, 4]) {
    const head = folded.slice(0, length);
    if (postal.isPrefecture(head)) return head;
  }
  return undefined;
}

/** The prefecture the registrant gave: the prefecture field, else the start of the city or line 1. */
export function statedPrefecture(address: RegistrantAddress, postal: PostalDirectory): string | undefined {
  if (address.prefecture) return resolvePrefecture(address.prefecture, postal);
  for (const text of [address.city, address.line1]) {
    const prefecture = text ? leadingPrefecture(foldPlaceName(text), postal) : undefined;
    if (prefecture) return prefecture;
  }
  return undefined;
}

/** 虻田郡倶知安町 → 倶知安町 (people often leave out the county). */
const COUNTY_PREFIX = /^.+?郡(?=.+[町村]$)/u;
/** 横浜市中区 → 横浜市 + 中区: a designated city and its ward. */
const DESIGNATED_CITY_WARD = /^(.+?市)(.+区)$/u;
/** A ward named at the start of the text after a designated city ("西区みなとみらい…"). */
const LEADING_WARD = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}ー]{1,4}?区/u;

/**
 * The registrant's city and street line are consistent with a KEN_ALL place's municipality.
 * KEN_ALL writes a designated city with its ward (横浜市中区) and a town with its county
 * (虻田郡倶知安町); registrants write "横浜市" and put "中区…" in line 1, or omit the ward or the
 * county, or put the municipality in line 1 or the prefecture in the city field. All of these match;
 * a different municipality, or a different ward of the same city, does not.
 */
export function placeMatchesMunicipality(place: PostalPlace, city: string, line1: string | undefined): boolean {
  let stated = foldPlaceName(city + (line1 ?? ''));
  const prefecture = foldPlaceName(place.prefecture);
  if (stated.startsWith(prefecture)) stated = stated.slice(prefecture.length);
  const municipality = foldPlaceName(place.city);
  if (stated.startsWith(municipality)) return true;
  const withoutCounty = municipality.replace(COUNTY_PREFIX, '');
  if (withoutCounty !== municipality && stated.startsWith(withoutCounty)) return true;
  const designated = DESIGNATED_CITY_WARD.exec(municipality);
  if (designated) {
    const [, cityName, ward] = designated as unknown as [string, string, string];
    if (stated.startsWith(cityName)) {
      // The ward left out ("横浜市" + "みなとみらい…") is fine; another ward of the city is not.
      const otherWard = LEADING_WARD.exec(stated.slice(cityName.length));
      return !otherWard || otherWard[0] === ward;
    }
    // The ward alone ("中区…"): ambiguous across cities but not contradicting the code.
    if (stated.startsWith(ward)) return true;
  }
  return false;
}
