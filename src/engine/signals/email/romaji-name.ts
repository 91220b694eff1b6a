import { toRomaji } from 'wanakana';
import type { RegistrantName } from '../../application';

const NON_ASCII = /[^\x00-\x7f]/;
const COMBINING_MARKS = /\p{M}/gu;
const NOT_LETTER = /[^a-z]/g;
/** shi → si, chi → ci; sya/sha, kyo → ko (lossy but the same on both sides). */
const H_OR_Y_AFTER_CONSONANT = /([sc])h|([b-df-hj-np-tv-xz])y/g;
/** tsu/tu, chi/ti, ji/zi, fu/hu, Shimbashi/Shinbashi, Ohno/Ono, Satou/Sato (m and oh keep their first letter). */
const VARIANT_SPELLING = /ts|[cjf]|m(?=[bp])|oh(?![aeiou])|ou/g;
const VARIANT_FOLD: Readonly<Record<string, string>> = { ts: 't', c: 't', j: 'z', f: 'h', m: 'n' };
const DOUBLED_LETTER = /([a-z])\1+/g;

/**
 * Folds romanisation variants to one spelling so that a name and a mailbox compare equal however
 * each was written: Hepburn / Kunrei / wāpuro (shi/si, chi/ti, tsu/tu, ji/zi, fu/hu, sha/sya),
 * long vowels (Satō, Satou, Satoh, Sato; Ōno, Oono, Ohno), m/n before b/p (Shimbashi, Shinbashi),
 * doubled letters and apostrophes (Jun'ichi). Lossy on purpose: it only ever makes more things match.
 */
export function foldRomaji(text: string): string {
  const ascii = NON_ASCII.test(text) ? text.normalize('NFKD').replace(COMBINING_MARKS, '') : text;
  return ascii
    .toLowerCase()
    .replace(NOT_LETTER, '')
    .replace(H_OR_Y_AFTER_CONSONANT, '$1$2')
    .replace(VARIANT_SPELLING, (match) => VARIANT_FOLD[match] ?? match.charAt(0))
    .replace(DOUBLED_LETTER, '$1');
}

const NAME_SEPARATORS = /[\s,.・･=＝/]+/gu;
const FIRST_LETTER = /^[a-z]/i;

export interface RomajiName {
  /** Name parts in folded romaji ("hanako", "sato"). */
  readonly parts: readonly string[];
  /** First letters of the parts as written and as folded (Chiyo → c and t). */
  readonly initials: ReadonlySet<string>;
}

/**
 * The registrant's name in romaji: the romaji name, else the kana name romanised with wanakana;
 * no parts when neither is given.
 */
export function romajiName(name: RegistrantName | null | undefined): RomajiName {
  const parts = new Set<string>();
  const initials = new Set<string>();
  const add = (text: string) => {
    for (const piece of text.split(NAME_SEPARATORS)) {
      const folded = foldRomaji(piece);
      if (folded.length < 2) continue;
      parts.add(folded);
      initials.add(folded[0]!);
      const written = FIRST_LETTER.exec(piece);
      if (written) initials.add(written[0].toLowerCase());
    }
  };
  if (name?.romaji) add(name.romaji);
  else if (name?.kana) add(toRomaji(name.kana.normalize('NFKC').replace(NAME_SEPARATORS, ' ')));
  return { parts: [...parts], initials };
}
