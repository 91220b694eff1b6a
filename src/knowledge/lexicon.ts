import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { Lexicon } from '../engine';

const LEXICON_FILE = path.join(__dirname, 'data', 'lexicon.txt.gz');

/** Bits of the filter in front of the word set (a power of two): 512 KiB, about 18 bits a word. */
const FILTER_BITS = 1 << 22;

/** FNV-1a over a word's characters, as a bit of the filter. */
function filterBit(word: string): number {
  let hash = 0x811c9dc5;
  for (let at = 0; at < word.length; at++) hash = Math.imul(hash ^ word.charCodeAt(at), 0x01000193);
  return (hash >>> 0) & (FILTER_BITS - 1);
}

/** The words, and one bit per word's hash in front of them. */
interface LoadedLexicon {
  readonly words: ReadonlySet<string>;
  readonly filter: Uint8Array;
}

function readLexicon(file: string): LoadedLexicon {
  const words = new Set(zlib.gunzipSync(fs.readFileSync(file)).toString('latin1').split('\n'));
  const filter = new Uint8Array(FILTER_BITS >>> 3);
  for (const word of words) {
    const bit = filterBit(word);
    filter[bit >>> 3]! |= 1 << (bit & 7);
  }
  return { words, filter };
}

/**
 * The lexicon built by `npm run knowledge:lexicon` (SCOWL 10–35 English words and IPADIC noun
 * readings in romaji, four letters or more), read on the first question: only a label with an
 * ordinary-word brand beside another part, or with an account word (`login`, `member`), asks one,
 * so a run without such names never loads it (about 15–20 MB once loaded).
 */
export function loadLexicon(file: string = LEXICON_FILE): Lexicon {
  let lexicon: LoadedLexicon | undefined;
  return {
    has(word) {
      const { words, filter } = (lexicon ??= readLexicon(file));
      // Most questions are about letters that are no word (`akur` inside `sakuradental`), and a
      // look-up in the large set misses the CPU caches several times over: the word's bit, clear
      // for about 19 in 20 of those, answers them first (a word of the lexicon always has its bit).
      const bit = filterBit(word);
      return (filter[bit >>> 3]! & (1 << (bit & 7))) !== 0 && words.has(word);
    },
  };
}
