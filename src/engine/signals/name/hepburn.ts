import { toRomaji } from 'wanakana';

/*
 * Romaji of Japanese names. People write Hepburn (passport style), but also long-vowel spellings
 * (Satou, Satoh, Satō, Sato), kunrei/nihon-shiki (Syouta, Tuyosi) and "m before b/p/m" (Homma,
 * Honma). Comparisons therefore fold every spelling of one reading to one key; the test for
 * "cannot be Hepburn" accepts all of these and rejects only what no Japanese mora produces.
 */

/** One mora as people romanise it: Hepburn plus kunrei/nihon-shiki and wāpuro spellings. */
const MORA = [
  '(?:ky|gy|sh|sy|ch|cy|ty|jy|zy|dy|ny|hy|by|py|my|ry|j)[auo]', // yōon: kyo, sha, ju, tya…
  '(?:sh|ch|j)i',
  '[kgsztdnhbpmr][aiueo]', // includes kunrei si, ti, tu, zi, di, du, hu
  'y[auo]',
  'w[ao]', // ゐ and ゑ of older names are romanised i and e (passport Hepburn); wi/we is pinyin (Wei)
  'fu',
  'tsu',
  '[aiueo]',
  'n(?![aiueoy])', // syllabic n
  'm(?=[bpm])', // syllabic n before b/p/m (Homma, Namba)
  '(?<=o)h(?![aiueoy])', // long o (Ohno, Satoh)
  '(?:k(?=k)|s(?=s)|t(?=t)|p(?=p)|g(?=g)|z(?=z)|d(?=d)|b(?=b)|h(?=h)|f(?=f)|j(?=j)|c(?=ch)|t(?=ch))', // sokuon
].join('|');

const JAPANESE_ROMAJI_WORD = new RegExp(`^(?:${MORA})+$`);
const COMBINING_MARKS = /\p{M}/gu;
const NOT_LETTER = /[^a-z]/g;
const ASCII_LETTERS = /^[A-Za-z]+$/;

/** Lower-case letters only: macrons and circumflexes dropped (ō → o), apostrophes, hyphens and dots removed. */
export function plainLetters(token: string): string {
  if (ASCII_LETTERS.test(token)) return token.toLowerCase();
  return token.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase().replace(NOT_LETTER, '');
}

/**
 * True when the word can be the romanisation of some Japanese reading. A single letter (an
 * initial) passes; l, q, v, x, c outside ch, yi/ye/wu/wi/we, fa/fi/fe/fo, she/che/je, final
 * consonants other than n/h, and consonant clusters do not.
 */
export function canBeJapaneseRomaji(token: string): boolean {
  const letters = plainLetters(token);
  if (letters.length <= 1) return true;
  return JAPANESE_ROMAJI_WORD.test(letters);
}

const REMEMBERED_KEYS = 20_000;

/**
 * Names repeat (佐藤, Hanako), so the keys of recent words are remembered. The memo is bounded
 * (cleared when full) and the function pure, so results never depend on what was seen before.
 */
function remembered(compute: (word: string) => string): (word: string) => string {
  const memo = new Map<string, string>();
  return (word) => {
    let key = memo.get(word);
    if (key === undefined) {
      if (memo.size >= REMEMBERED_KEYS) memo.clear();
      key = compute(word);
      memo.set(word, key);
    }
    return key;
  };
}

const KUNREI_TO_HEPBURN: Record<string, string> = {
  sy: 'sh', ty: 'ch', cy: 'ch', jy: 'j', zy: 'j', dy: 'j',
  si: 'shi', ti: 'chi', tu: 'tsu', zi: 'ji', di: 'ji', du: 'zu', hu: 'fu',
  cch: 'tch', m: 'n',
};
const KUNREI_SPELLINGS = /sy|[tcjzd]y|si|ti|tu|[zd]i|du|(?<![sc])hu|cch|m(?=[bpm])/g;
const LONG_VOWEL_SPELLINGS = /wo|oh(?![aiueoy])|ou|nn/g;
const LONG_VOWEL_KEYS: Record<string, string> = { wo: 'o', oh: 'o', ou: 'o', nn: 'n' };
const DOUBLED_VOWEL = /([aiueo])\1+/g;

/** Kunrei, nihon-shiki and wāpuro spellings → Hepburn; m before b/p/m → n. Vowel length is kept. */
function toHepburnSpelling(letters: string): string {
  return letters.replace(KUNREI_SPELLINGS, (spelling) => KUNREI_TO_HEPBURN[spelling]!);
}

/**
 * A comparison key for one romanised word: Hepburn spelling with every long vowel shortened
 * (ou, oo, oh, ō → o; uu → u; any doubled vowel → one) and n' / nn → n. Two spellings of one
 * reading get the same key; a few different readings do too (Ono/Oono), which errs towards "same".
 */
export const romajiKey = remembered((token: string): string => {
  let key = toHepburnSpelling(plainLetters(token));
  // Folding can make new long vowels (kouurou → kouro → koro): repeat until nothing changes.
  for (let previous = ''; previous !== key; ) {
    previous = key;
    key = key.replace(LONG_VOWEL_SPELLINGS, (spelling) => LONG_VOWEL_KEYS[spelling]!).replace(DOUBLED_VOWEL, '$1');
  }
  return key;
});

/*
 * Kana ↔ romaji tables, built once from wanakana's Hepburn (wanakana itself costs microseconds a
 * call, too slow for the engine's budget). Only plain kana and yōon (キャ, シュ, チョ…) are in them:
 * other small-vowel combinations are foreign transcriptions, which the name signals do not compare.
 */
const SMALL_Y = ['ャ', 'ュ', 'ョ'];
const KANA_TO_ROMAJI = new Map<string, string>();
const ROMAJI_TO_KANA = new Map<string, string>();
for (let code = 0x30a2; code <= 0x30f3; code++) {
  const kana = String.fromCodePoint(code);
  if ('ァィゥェォッャュョヮ'.includes(kana)) continue;
  const romaji = toRomaji(kana);
  if (!/^[a-z]+$/.test(romaji)) continue;
  KANA_TO_ROMAJI.set(kana, romaji);
  if (!ROMAJI_TO_KANA.has(romaji)) ROMAJI_TO_KANA.set(romaji, kana);
  for (const small of SMALL_Y) {
    const yoon = toRomaji(kana + small);
    if (/^[a-z]+$/.test(yoon) && yoon !== romaji + toRomaji(small)) {
      KANA_TO_ROMAJI.set(kana + small, yoon);
      if (!ROMAJI_TO_KANA.has(yoon)) ROMAJI_TO_KANA.set(yoon, kana + small);
    }
  }
}
const LONGEST_SYLLABLE = Math.max(...[...ROMAJI_TO_KANA.keys()].map((key) => key.length));

/** Hepburn romaji of katakana (ッ doubles the next consonant, ー repeats the vowel). Unknown characters are kept. */
export function katakanaToRomaji(katakana: string): string {
  let romaji = '';
  let doubled = false;
  for (let index = 0; index < katakana.length; index++) {
    const char = katakana[index]!;
    if (char === 'ッ') {
      doubled = true;
      continue;
    }
    if (char === 'ー') {
      romaji += /[aiueo]$/.exec(romaji)?.[0] ?? '';
      continue;
    }
    let syllable = KANA_TO_ROMAJI.get(char + (katakana[index + 1] ?? ''));
    if (syllable !== undefined) index++;
    else syllable = KANA_TO_ROMAJI.get(char) ?? char;
    if (doubled) romaji += syllable.startsWith('ch') ? 't' : /^[b-df-hj-mp-tv-z]/.test(syllable) ? syllable[0] : '';
    doubled = false;
    romaji += syllable;
  }
  return romaji;
}

/** Katakana of Hepburn romaji (longest syllable first; doubled consonant or tch → ッ; n' → ン), or undefined if it does not parse. */
function romajiToKatakana(romaji: string): string | undefined {
  let kana = '';
  let index = 0;
  while (index < romaji.length) {
    const char = romaji[index]!;
    const next = romaji[index + 1];
    if (char === "'") {
      index++;
    } else if ((char === next && !'aiueon'.includes(char)) || (char === 't' && next === 'c')) {
      kana += 'ッ';
      index++;
    } else if (char === 'n' && (next === undefined || !'aiueoy'.includes(next))) {
      kana += 'ン';
      index++;
    } else {
      let length = Math.min(LONGEST_SYLLABLE, romaji.length - index);
      while (length >= 1 && !ROMAJI_TO_KANA.has(romaji.slice(index, index + length))) length--;
      if (length === 0) return undefined;
      kana += ROMAJI_TO_KANA.get(romaji.slice(index, index + length))!;
      index += length;
    }
  }
  return kana;
}

/** The comparison key of a kana reading (Hepburn, then {@link romajiKey}). */
export const kanaKey = remembered((katakana: string): string => romajiKey(katakanaToRomaji(katakana)));

/** A key that also ignores voicing (rendaku: Yamasaki/Yamazaki, Nakashima/Nakajima). */
export function unvoicedKey(key: string): string {
  return key
    .replace(/j/g, 'sh')
    .replace(/g/g, 'k')
    .replace(/z/g, 's')
    .replace(/d/g, 't')
    .replace(/[bpf]/g, 'h');
}

const MAX_READING_CANDIDATES = 48;

/**
 * Katakana readings a romanised word may stand for, with the vowel lengths and syllabic n's the
 * romaji leaves open: "Ichiro" → イチロ, イチロウ, イチロオ; "Shinichi" → シニチ, シンイチ.
 * Used to look a romaji name up in the dictionary of readings.
 */
export function katakanaReadingsOf(token: string): string[] {
  let spellings = [''];
  const letters = toHepburnSpelling(plainLetters(token)).replace(/oh(?![aiueoy])/g, 'ou');
  for (let index = 0; index < letters.length; index++) {
    const letter = letters[index]!;
    const next = letters[index + 1];
    const nextIsVowel = next !== undefined && 'aiueo'.includes(next);
    let options = [letter];
    const previous = letters[index - 1];
    if (letter === 'o' && !nextIsVowel) options = ['o', 'ou', 'oo'];
    else if (letter === 'u' && !nextIsVowel && previous !== 'o') options = ['u', 'uu'];
    else if (letter === 'n' && (nextIsVowel || next === 'y') && previous !== undefined && 'aiueo'.includes(previous)) options = ['n', "n'"];
    const grown: string[] = [];
    for (const spelling of spellings) {
      for (const option of options) if (grown.length < MAX_READING_CANDIDATES) grown.push(spelling + option);
    }
    spellings = grown;
  }
  return spellings.map(romajiToKatakana).filter((kana): kana is string => kana !== undefined);
}
