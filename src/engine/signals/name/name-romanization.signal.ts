import { defineSignal, type SignalHit } from '../../signal';
import { canBeJapaneseRomaji } from './hepburn';
import { looksForeignTranscription, registrantNameOf } from './registrant-name';

/**
 * The romaji of a name presented as Japanese can be Hepburn (or kunrei, or a long-vowel spelling):
 * l, q, v, x, c outside ch, yi/ye/wu, consonant clusters and final consonants other than n never
 * come out of a Japanese reading. Says nothing about romaji alone, or about a name with an openly
 * foreign part (katakana with ー, small ァィゥェォ, ヴ or ・), whose romaji is its own spelling.
 */
export const nameRomanizationSignal = defineSignal({
  name: 'name.romanization',
  requires: 'registrant',
  reasons: ['NAME_ROMAJI_NOT_HEPBURN'],
  evaluate({ view, knowledge }): SignalHit[] {
    const profile = registrantNameOf(view, knowledge);
    if (!profile?.claimsJapaneseName || !profile.romaji || profile.romaji.japaneseRomaji) return [];
    if (profile.kana?.foreign || (profile.kanji && looksForeignTranscription(profile.kanji.text))) return [];
    const words = profile.romaji.tokens.filter((token) => !canBeJapaneseRomaji(token));
    return [
      {
        reason: 'NAME_ROMAJI_NOT_HEPBURN',
        detail: `the romaji ${words.map((word) => `"${word}"`).join(', ')} cannot romanise a Japanese reading, yet the name is given in Japanese script`,
      },
    ];
  },
});
