import unhomoglyph from 'unhomoglyph';

/*
 * Confusable skeletons (Unicode TR39 §4): two strings that look alike have the same skeleton.
 * TR39's data (via `unhomoglyph`) maps each confusable code point to a prototype; it has no
 * multi-letter sequences, so a small table adds the ones that matter in domain names (rn/m, vv/w,
 * cl/d) and the digits TR39 leaves alone in lower case (5/s). TR39 maps `m` to `rn`; the table turns
 * every `rn` back into `m`, so both spellings meet at `m` and a label without `rn` keeps its length.
 */

const COMBINING_MARKS = /\p{M}/gu;
const NON_ASCII = /[^\x00-\x7f]/;
/** Sequences TR39 does not map (or maps the other way), applied after the TR39 prototypes. */
const SEQUENCE_TABLE: readonly (readonly [RegExp, string])[] = [
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/cl/g, 'd'],
  [/0/g, 'o'],
  [/1/g, 'l'],
  [/5/g, 's'],
];

/**
 * Look-alike kana and kanji that TR39 does not map to one prototype (it does map カ/力, エ/工,
 * ロ/口, ニ/二, ハ/八, ト/卜, タ/夕, ヘ/へ and ー/一).
 */
const KANA_TABLE: ReadonlyMap<string, string> = new Map([
  ['オ', '才'],
  ['り', 'リ'],
  ['チ', '千'],
  ['メ', '乂'],
  ['ヒ', '匕'],
]);

/**
 * The sequence table in one pass over ASCII text, with the same result as applying its rows in
 * turn: no two rows share a character, and no replacement makes a sequence a later row maps.
 * Returns `text` itself when nothing changes (most labels).
 */
function asciiSequenceTable(text: string): string {
  let result = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    let replacement: string;
    let length = 2;
    if (code === 0x72 && next === 0x6e) replacement = 'm'; // rn
    else if (code === 0x76 && next === 0x76) replacement = 'w'; // vv
    else if (code === 0x63 && next === 0x6c) replacement = 'd'; // cl
    else {
      length = 1;
      if (code === 0x30) replacement = 'o';
      else if (code === 0x31) replacement = 'l';
      else if (code === 0x35) replacement = 's';
      else continue;
    }
    result += text.slice(copied, i) + replacement;
    i += length - 1;
    copied = i + 1;
  }
  return copied === 0 ? text : result + text.slice(copied);
}

function applySequenceTable(text: string): string {
  let result = text;
  for (const [pattern, replacement] of SEQUENCE_TABLE) result = result.replace(pattern, replacement);
  return result;
}

/**
 * The confusable skeleton of a (lower-case) domain label or word: NFD, TR39 prototypes, NFD,
 * combining marks removed, lower-cased, then the sequence table. Kana lose their voicing marks
 * (ド and ト meet), which is what a glance at a label does too.
 */
export function confusableSkeleton(text: string): string {
  if (!NON_ASCII.test(text)) {
    // Lower-case ASCII: TR39 only changes m (to rn, which the table turns back), 0 and 1.
    return asciiSequenceTable(text);
  }
  let mapped = unhomoglyph(text.normalize('NFD')).normalize('NFD').replace(COMBINING_MARKS, '');
  let folded = '';
  for (const char of mapped) folded += KANA_TABLE.get(char) ?? char;
  mapped = folded.toLowerCase();
  return applySequenceTable(mapped);
}
