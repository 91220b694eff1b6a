import { defineSignal, type SignalHit } from '../../signal';
import { katakanaReadingsOf } from './hepburn';
import { registrantNameOf, romajiReadsAs, toKatakanaText } from './registrant-name';

const HAN = /\p{Script=Han}/u;

/**
 * A name presented as Japanese, looked up in the IPADIC person-name dictionary (≈13k surnames,
 * ≈19k given names with readings). A name counts as known if its written form or its reading (kana,
 * or failing that the romaji) is known, because IPADIC (2007) lacks many recent given names (陽菜,
 * 陽翔) but knows their readings (ヒナ, ハルト); the list `recent-given-names` fills in names and
 * readings it lacks altogether (悠真/ユウマ, 紬/ツムギ).
 *
 * The JANOG45 BoF pattern: WHOIS of a phishing domain shows a common Japanese surname with a given
 * name rarely seen in Japan. "Common" is membership of the curated list `common-surnames` (the ~100
 * most frequent surnames), not merely a known surname, because the pattern is someone reaching for
 * the most ordinary surname there is. Only kanji given names count for it: a katakana given name is
 * an openly foreign name (a Japanese national of mixed heritage), not the pattern.
 */
export const nameDictionarySignal = defineSignal({
  name: 'name.dictionary',
  requires: 'registrant',
  reasons: ['NAME_SURNAME_UNKNOWN', 'NAME_GIVEN_NAME_UNKNOWN', 'NAME_COMMON_SURNAME_UNUSUAL_GIVEN_NAME'],
  lists: ['common-surnames', 'recent-given-names'],
  evaluate({ view, knowledge, list }): SignalHit[] {
    const profile = registrantNameOf(view, knowledge);
    if (!profile?.claimsJapaneseName) return [];
    const { kanji, kana, romaji } = profile;
    const { names } = knowledge;
    const written = kanji ?? kana;
    if (!written) return [];
    const { surname, givenName } = written;
    if (surname === undefined) {
      return [{ reason: 'NAME_SURNAME_UNKNOWN', detail: 'the name does not start with any surname in the name dictionary' }];
    }

    const hits: SignalHit[] = [];
    const surnameReadings = names.surnameReadings(surname);
    const surnameKnown =
      surnameReadings !== undefined ||
      (written !== kana && kana?.surname !== undefined && names.isSurnameReading(kana.surname)) ||
      (!kana && romaji !== undefined && romaji.tokens.some((token) => katakanaReadingsOf(token).some((reading) => names.isSurnameReading(reading))));
    if (!surnameKnown) {
      hits.push({ reason: 'NAME_SURNAME_UNKNOWN', detail: 'the surname is not in the name dictionary, in writing or reading' });
    }

    if (givenName === undefined) return hits;
    const recent = list('recent-given-names');
    const isGivenReading = (katakana: string) => names.isGivenNameReading(katakana) || recent.has(katakana);
    const givenKnown =
      names.givenNameReadings(givenName) !== undefined ||
      recent.has(toKatakanaText(givenName)) ||
      (written !== kana && kana?.givenName !== undefined && isGivenReading(kana.givenName)) ||
      (!kana &&
        romaji !== undefined &&
        romaji.tokens.some(
          (token, index) =>
            !(surnameReadings && romajiReadsAs(romaji.keys[index]!, surnameReadings)) && katakanaReadingsOf(token).some(isGivenReading),
        ));
    if (givenKnown) return hits;
    if (surnameReadings && HAN.test(givenName) && list('common-surnames').has(surname.toLowerCase())) {
      hits.push({
        reason: 'NAME_COMMON_SURNAME_UNUSUAL_GIVEN_NAME',
        detail: 'one of the most common surnames with a kanji given name the name dictionary knows neither in writing nor in reading',
      });
    } else {
      hits.push({ reason: 'NAME_GIVEN_NAME_UNKNOWN', detail: 'the given name is not in the name dictionary, in writing or reading' });
    }
    return hits;
  },
});
