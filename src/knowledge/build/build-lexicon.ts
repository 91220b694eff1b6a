/**
 * Build step (run by hand, output committed): the lexicon of known words that brand.combosquat
 * asks whether a part beside an ordinary-word brand is a word at all (`aplus-tutoring`) or made up
 * (`aplus-netoian`). Written to `src/knowledge/data/lexicon.txt.gz`, one word a line, gzipped.
 *
 *   npm run knowledge:lexicon
 *
 * The words the letter-trigram model is trained on (natural-words.ts): SCOWL sizes 10–35 English
 * words and the romaji readings of IPADIC's nouns (common nouns, place, person and organisation
 * names), of four letters or more (shorter parts are judged otherwise). None from the evaluation data.
 * Each reading is also listed as a label spells it in Hepburn without long vowels (キョウト is read
 * `kyouto`, a label says `kyoto`; トウキョウ `tokyo`, オオサカ `osaka`: the name signals' romajiKey)
 * and with m before b, p and m (`shimbashi` beside `shinbashi`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { romajiKey } from '../../engine/signals/name/hepburn';
import { englishWords, romajiReadings } from './natural-words';

const MIN_LETTERS = 4;
const outFile = path.join(__dirname, '..', 'data', 'lexicon.txt.gz');

const english = englishWords();
const romaji = romajiReadings();
const spellings = romaji.flatMap((reading) => {
  const forms = [reading, romajiKey(reading)];
  return [...forms, ...forms.map((form) => form.replace(/n(?=[bpm])/g, 'm'))];
});
const words = [...new Set([...english, ...spellings])].filter((word) => /^[a-z]+$/.test(word) && word.length >= MIN_LETTERS).sort();
fs.writeFileSync(outFile, zlib.gzipSync(`${words.join('\n')}\n`, { level: 9 }));
console.log(`wrote ${path.relative(process.cwd(), outFile)}: ${words.length} words (${english.length} English, ${romaji.length} romaji readings before the length cut)`);
