import { defineSignal, type SignalHit } from '../../signal';
import { kanaKey, katakanaReadingsOf, romajiKey, unvoicedKey } from './hepburn';
import { looksForeignTranscription, registrantNameOf, romajiReadsAs } from './registrant-name';

/** One romaji word against one kana part; an initial ("H.") matches any part starting with it. */
function sameWord(romajiWordKey: string, kanaPartKey: string): boolean {
  return romajiWordKey.length === 1 ? kanaPartKey.startsWith(romajiWordKey) : romajiWordKey === kanaPartKey;
}

function sameWords(romajiKeys: readonly string[], kanaKeys: readonly string[]): boolean {
  if (romajiKeys.length === kanaKeys.length) return romajiKeys.every((key, index) => sameWord(key, kanaKeys[index]!));
  // Split differently (サトウハナコ / Hanako Sato): compare the whole, folded again across the joins.
  return romajiKey(romajiKeys.join('')) === romajiKey(kanaKeys.join(''));
}

/** Kana compared by reading: long vowels, ー and voicing ignored (シュー = シュウ, ヤマサキ = ヤマザキ). */
function sameReading(a: string, b: string): boolean {
  return unvoicedKey(kanaKey(a)) === unvoicedKey(kanaKey(b));
}

/**
 * The three forms of the name are one person's name: the romaji spells the kana (in either order:
 * romaji is often given-name first), and the kana reads the kanji. A registrant assembling an
 * identity from pieces, or a form filled in by a script, gets these out of step.
 *
 * Kanji readings come from the dictionary and are judged only on the surname: given names may be
 * read almost any way (名乗り), surnames are stable. Even then the kana must itself be a known
 * surname reading, so a rare reading missing from the dictionary is not called a mismatch.
 */
export const nameReadingsSignal = defineSignal({
  name: 'name.readings',
  requires: 'registrant',
  reasons: ['NAME_KANA_ROMAJI_MISMATCH', 'NAME_KANJI_KANA_MISMATCH', 'NAME_KANJI_ROMAJI_MISMATCH'],
  evaluate({ view, knowledge }): SignalHit[] {
    const profile = registrantNameOf(view, knowledge);
    if (!profile) return [];
    const { kanji, kana, romaji } = profile;
    const { names } = knowledge;
    const hits: SignalHit[] = [];

    // Foreign names: the romaji is the original spelling, not a romanisation of the kana.
    if (kana && romaji && !kana.foreign && romaji.japaneseRomaji) {
      const kanaKeys = kana.parts.map(kanaKey);
      if (!sameWords(romaji.keys, kanaKeys) && !sameWords([...romaji.keys].reverse(), kanaKeys)) {
        hits.push({ reason: 'NAME_KANA_ROMAJI_MISMATCH', detail: 'the romaji name does not spell the kana name, in either name order' });
      }
    }

    // A katakana surname in the kanji field (ウォーラステイン 貴美男) is read as written: nothing to check.
    const readings = kanji?.hasHan && kanji.surname !== undefined && !looksForeignTranscription(kanji.surname) ? kanji.surnameReadings : undefined;
    if (readings && kana?.surname && !looksForeignTranscription(kana.surname)) {
      const kanaSurname = kana.surname;
      if (!readings.some((reading) => sameReading(reading, kanaSurname)) && names.isSurnameReading(kanaSurname)) {
        hits.push({ reason: 'NAME_KANJI_KANA_MISMATCH', detail: 'the kana surname is the reading of another surname, not of the kanji surname' });
      }
    }

    if (readings && !kana && romaji?.japaneseRomaji && romaji.tokens.length >= 2) {
      const readsSurname = romaji.keys.some((key) => romajiReadsAs(key, readings));
      if (!readsSurname && romaji.tokens.some((token) => katakanaReadingsOf(token).some((reading) => names.isSurnameReading(reading)))) {
        hits.push({ reason: 'NAME_KANJI_ROMAJI_MISMATCH', detail: 'no romaji word reads as the kanji surname; one reads as another surname' });
      }
    }
    return hits;
  },
});
