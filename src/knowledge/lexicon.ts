import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { Lexicon } from '../engine';

const LEXICON_FILE = path.join(__dirname, 'data', 'lexicon.txt.gz');

/**
 * The lexicon built by `npm run knowledge:lexicon` (SCOWL 10–35 English words and IPADIC noun
 * readings in romaji, four letters or more), read on the first question: only a label with an
 * ordinary-word brand beside another part, or with an account word (`login`, `member`), asks one,
 * so a run without such names never loads it (about 15–20 MB once loaded).
 */
export function loadLexicon(file: string = LEXICON_FILE): Lexicon {
  let words: Set<string> | undefined;
  return {
    has(word) {
      words ??= new Set(zlib.gunzipSync(fs.readFileSync(file)).toString('latin1').split('\n'));
      return words.has(word);
    },
  };
}
