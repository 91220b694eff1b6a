import type { ApplicationView } from '../../application-view';
import type { Knowledge, NameDictionary } from '../../knowledge';
import { canBeJapaneseRomaji, kanaKey, plainLetters, romajiKey, unvoicedKey } from './hepburn';

/*
 * The registrant's name in its three forms (kanji, kana, romaji), parsed once per screening and
 * shared by the name signals: split into surname and given name, kana turned into katakana, and a
 * judgement of whether the name is presented as a Japanese name at all. Dictionary checks only make
 * sense for the latter: a foreign resident's katakana transcription or pinyin is not a Japanese name
 * to look up.
 */

const HAN = /\p{Script=Han}/u;
/** Between surname and given name: spaces (NFKC turns U+3000 into one), ・ and = (foreign names). */
const PART_SEPARATORS = /[\s・=]+/u;
/** Kana that Japanese readings do not use but transcriptions of foreign names do. */
const FOREIGN_KANA = /[ァィゥェォヮヴー・=]/u;
/** ャュョ after anything but an i-row kana (デュ, テュ, フョ): foreign too. */
const FOREIGN_YOON = /(?:^|[^キシチニヒミリギジヂビピ])[ャュョ]/u;
const KANA_TEXT = /^[\p{Script=Hiragana}\p{Script=Katakana}ー・=\s]+$/u;
const ROMAJI_SEPARATORS = /[\s,]+/u;
const VOICING_MARKS = /[\u3099\u309a]/gu;
const HIRAGANA = /[\u3041-\u3096\u309d\u309e]/u;

interface WrittenName {
  /** NFKC text, separators kept. */
  readonly text: string;
  /** The parts the registrant separated (usually surname and given name). */
  readonly parts: readonly string[];
  /** Surname, from the separation or, if written as one word, from the dictionary. */
  readonly surname: string | undefined;
  readonly givenName: string | undefined;
}

interface KanjiName extends WrittenName {
  readonly hasHan: boolean;
  /** Dictionary readings of the surname (katakana), if the surname is known. */
  readonly surnameReadings: readonly string[] | undefined;
}

interface KanaName extends WrittenName {
  /** Looks like a katakana transcription of a foreign name (ー, small ァィゥェォ, ヴ, ・). */
  readonly foreign: boolean;
}

interface RomajiName {
  readonly text: string;
  readonly tokens: readonly string[];
  /** {@link romajiKey} of each token. */
  readonly keys: readonly string[];
  /** Every token can be the romanisation of a Japanese reading. */
  readonly japaneseRomaji: boolean;
}

export interface RegistrantNameProfile {
  readonly kanji: KanjiName | undefined;
  /** The kana field, or the kanji field when it holds only kana and the kana field is empty. */
  readonly kana: KanaName | undefined;
  readonly romaji: RomajiName | undefined;
  /**
   * The name is presented as a Japanese name: kanji read the Japanese way, or kana whose surname is
   * a Japanese surname reading. False for romaji alone, for foreign transcriptions (ジョン スミス with
   * "John Smith") and for Chinese names read in Chinese (王 伟 / ワン ウェイ / Wang Wei).
   */
  readonly claimsJapaneseName: boolean;
}

/** Hiragana → katakana (also ゝゞ → ヽヾ). */
export function toKatakanaText(text: string): string {
  if (!HIRAGANA.test(text)) return text;
  return text.replace(/[\u3041-\u3096\u309d\u309e]/gu, (char) => String.fromCodePoint(char.codePointAt(0)! + 0x60));
}

/** Katakana without voicing marks: ザキ and サキ compare equal (rendaku). */
function unvoicedKana(katakana: string): string {
  return katakana.normalize('NFD').replace(VOICING_MARKS, '').normalize('NFC');
}

export function looksForeignTranscription(katakana: string): boolean {
  return FOREIGN_KANA.test(katakana) || FOREIGN_YOON.test(katakana);
}

function cleanText(raw: string | null | undefined): string | undefined {
  const text = raw?.normalize('NFKC').trim();
  return text ? text : undefined;
}

function partsOf(text: string): string[] {
  return text.split(PART_SEPARATORS).filter((part) => part !== '');
}

/**
 * Splits a name written as one word: the longest known surname followed by a known given name, else
 * the whole word if it is a surname, else the longest known surname prefix. A surname whose reading
 * the registrant gave (kana surname, or a romaji word) wins over all of these: 南国重 is 南 国重 when
 * the romaji says Minami.
 */
function splitWrittenName(
  word: string,
  names: NameDictionary,
  readsAsGivenSurname: ((readings: readonly string[]) => boolean) | undefined,
): [string, string | undefined] | undefined {
  const chars = Array.from(word);
  let fallback: [string, string] | undefined;
  let bothKnown: [string, string] | undefined;
  for (let end = chars.length - 1; end >= 1; end--) {
    const surname = chars.slice(0, end).join('');
    const readings = names.surnameReadings(surname);
    if (!readings) continue;
    const given = chars.slice(end).join('');
    if (readsAsGivenSurname?.(readings)) return [surname, given];
    if (!bothKnown && names.givenNameReadings(given)) bothKnown = [surname, given];
    fallback ??= [surname, given];
  }
  if (bothKnown) return bothKnown;
  if (names.surnameReadings(word)) return [word, undefined];
  return fallback;
}

/** Surname first, the rest given name; one word written without a space is split by `splitOne`. */
function surnameAndGivenName(parts: readonly string[], splitOne: (word: string) => readonly [string, string | undefined] | undefined): [string | undefined, string | undefined] {
  if (parts.length >= 2) return [parts[0], parts.slice(1).join('')];
  if (parts.length === 1) {
    const split = splitOne(parts[0]!);
    return split ? [split[0], split[1]] : [undefined, undefined];
  }
  return [undefined, undefined];
}

function parseKanji(
  raw: string | null | undefined,
  names: NameDictionary,
  readsAsGivenSurname: ((readings: readonly string[]) => boolean) | undefined,
): KanjiName | undefined {
  const text = cleanText(raw);
  if (!text) return undefined;
  const parts = partsOf(text);
  const [surname, givenName] = surnameAndGivenName(parts, (word) => splitWrittenName(word, names, readsAsGivenSurname));
  return {
    text,
    parts,
    surname,
    givenName,
    hasHan: HAN.test(text),
    surnameReadings: surname === undefined ? undefined : names.surnameReadings(surname),
  };
}

/** Splits kana written as one word: after a reading of the kanji surname, else known surname + given-name readings. */
function splitKana(word: string, names: NameDictionary, surnameReadings: readonly string[] | undefined): [string, string] | undefined {
  const unvoicedWord = unvoicedKana(word);
  let best: string | undefined;
  for (const reading of surnameReadings ?? []) {
    if (reading.length < word.length && unvoicedWord.startsWith(unvoicedKana(reading)) && (best === undefined || reading.length > best.length)) {
      best = reading;
    }
  }
  if (best !== undefined) return [word.slice(0, best.length), word.slice(best.length)];
  for (let end = word.length - 1; end >= 1; end--) {
    const surname = word.slice(0, end);
    const given = word.slice(end);
    if (names.isSurnameReading(surname) && names.isGivenNameReading(given)) return [surname, given];
  }
  return undefined;
}

function parseKana(raw: string | null | undefined, names: NameDictionary, surnameReadings: readonly string[] | undefined): KanaName | undefined {
  const cleaned = cleanText(raw);
  if (!cleaned) return undefined;
  const text = toKatakanaText(cleaned);
  const parts = partsOf(text);
  const [surname, givenName] = surnameAndGivenName(parts, (word) => splitKana(word, names, surnameReadings));
  return { text, parts, surname, givenName, foreign: looksForeignTranscription(text) };
}

function parseRomaji(raw: string | null | undefined): RomajiName | undefined {
  const text = cleanText(raw);
  if (!text) return undefined;
  const tokens = text.split(ROMAJI_SEPARATORS).filter((token) => plainLetters(token) !== '');
  if (tokens.length === 0) return undefined;
  return { text, tokens, keys: tokens.map(romajiKey), japaneseRomaji: tokens.every(canBeJapaneseRomaji) };
}

/** True if the romaji surname is one of the readings (voicing ignored). */
export function romajiReadsAs(romajiKeyOfToken: string, readings: readonly string[]): boolean {
  const key = unvoicedKey(romajiKeyOfToken);
  return readings.some((reading) => unvoicedKey(kanaKey(reading)) === key);
}

function kanaReadsAsJapanese(kana: KanaName, kanji: KanjiName | undefined, names: NameDictionary): boolean {
  const surname = kana.surname;
  if (surname === undefined) return !kana.foreign;
  if (looksForeignTranscription(surname)) return false;
  if (kanji?.surnameReadings?.some((reading) => unvoicedKey(kanaKey(reading)) === unvoicedKey(kanaKey(surname)))) return true;
  return names.isSurnameReading(surname);
}

function claimsJapaneseName(kanji: KanjiName | undefined, kana: KanaName | undefined, romaji: RomajiName | undefined, names: NameDictionary): boolean {
  // Romaji of which no word can be Japanese (Kim Youngsoo, Chen Meiling) is a foreign name's own spelling.
  if (romaji && !romaji.tokens.some(canBeJapaneseRomaji)) return false;
  if (kanji?.hasHan) {
    if (kana) return kanaReadsAsJapanese(kana, kanji, names);
    if (romaji) {
      const readings = kanji.surnameReadings;
      return (readings !== undefined && romaji.keys.some((key) => romajiReadsAs(key, readings))) || romaji.japaneseRomaji;
    }
    return true;
  }
  if (!kana) return false;
  if (romaji && !romaji.japaneseRomaji) return false;
  return kanaReadsAsJapanese(kana, undefined, names);
}

function profileOf(view: ApplicationView, names: NameDictionary): RegistrantNameProfile | undefined {
  const name = view.application.registrant?.name;
  if (!name) return undefined;
  // The kana or romaji surname helps split a kanji name written as one word, and the kanji surname
  // helps split kana written as one word.
  const romaji = parseRomaji(name.romaji);
  const kanaHint = cleanText(name.kana);
  const kanaParts = kanaHint ? partsOf(toKatakanaText(kanaHint)) : [];
  const kanaSurname = kanaParts.length >= 2 ? kanaParts[0]! : undefined;
  const readsAsGivenSurname =
    kanaSurname !== undefined
      ? (readings: readonly string[]) => readings.some((reading) => unvoicedKana(reading) === unvoicedKana(kanaSurname))
      : romaji && !kanaHint
        ? (readings: readonly string[]) => romaji.keys.some((key) => romajiReadsAs(key, readings))
        : undefined;
  const kanji = parseKanji(name.kanji, names, readsAsGivenSurname);
  const kanjiAsKana = kanji && !kanji.hasHan && KANA_TEXT.test(kanji.text) ? kanji.text : undefined;
  const kana = parseKana(name.kana ?? kanjiAsKana, names, kanji?.surnameReadings);
  if (!kanji && !kana && !romaji) return undefined;
  return { kanji, kana, romaji, claimsJapaneseName: claimsJapaneseName(kanji, kana, romaji, names) };
}

const REGISTRANT_NAME = Symbol('registrant name profile');

/** The registrant's parsed name, computed once per screening and shared by the name signals. */
export function registrantNameOf(view: ApplicationView, knowledge: Knowledge): RegistrantNameProfile | undefined {
  return view.derived(REGISTRANT_NAME, () => profileOf(view, knowledge.names));
}
