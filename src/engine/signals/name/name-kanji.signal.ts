import { defineSignal, type SignalHit } from '../../signal';
import { registrantNameOf } from './registrant-name';

const HAN = /\p{Script=Han}/u;

function distinct(chars: readonly string[]): string {
  return [...new Set(chars)].join(' ');
}

/**
 * The characters of a kanji name. A Japanese national's given name may only use jōyō and jinmeiyō
 * kanji (戸籍法 50条; kana and 々 are allowed too), so other kanji in a name presented as Japanese
 * do not fit. Simplified-only Chinese characters (伟, 东, 华) do not exist in Japanese writing at
 * all: a Chinese national legitimately has them, but in a name otherwise presented as Japanese they
 * show who typed it.
 */
export const nameKanjiSignal = defineSignal({
  name: 'name.kanji',
  requires: 'registrant',
  reasons: ['NAME_GIVEN_NAME_NON_NAME_KANJI', 'NAME_SIMPLIFIED_CHINESE'],
  evaluate({ view, knowledge }): SignalHit[] {
    const profile = registrantNameOf(view, knowledge);
    const kanji = profile?.kanji;
    if (!profile || !kanji?.hasHan) return [];
    const kanjiSets = knowledge.kanji;
    const hits: SignalHit[] = [];

    if (profile.claimsJapaneseName && kanji.givenName !== undefined) {
      // Simplified-only characters are reported once, as NAME_SIMPLIFIED_CHINESE below.
      const outside = Array.from(kanji.givenName).filter((char) => HAN.test(char) && !kanjiSets.isNameKanji(char) && !kanjiSets.isSimplifiedOnly(char));
      if (outside.length > 0) {
        hits.push({
          reason: 'NAME_GIVEN_NAME_NON_NAME_KANJI',
          detail: `the given name uses ${distinct(outside)}, outside the jōyō and jinmeiyō kanji allowed in Japanese given names`,
        });
      }
    }

    const simplified = Array.from(kanji.text).filter((char) => kanjiSets.isSimplifiedOnly(char));
    if (simplified.length > 0) {
      hits.push({ reason: 'NAME_SIMPLIFIED_CHINESE', detail: `the kanji name uses simplified Chinese ${distinct(simplified)}, not used in Japanese` });
    }
    return hits;
  },
});
