import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NameDictionary } from '../engine/knowledge';

const NAMES_FILE = path.join(__dirname, 'data', 'ipadic-person-names.json');
const KANA_ONLY = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u;

type ReadingsByWritten = Record<string, string[]>;

interface NamesFile {
  readonly surnames: ReadingsByWritten;
  readonly givenNames: ReadingsByWritten;
}

/** NFKC (half-width katakana, full-width forms) and hiragana → katakana. */
function toKatakana(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u3041-\u3096\u309d\u309e]/gu, (char) => String.fromCodePoint(char.codePointAt(0)! + 0x60));
}

class PersonNames {
  private readonly byWritten: ReadonlyMap<string, readonly string[]>;
  private readonly readings: ReadonlySet<string>;

  constructor(entries: ReadingsByWritten) {
    this.byWritten = new Map(Object.entries(entries));
    this.readings = new Set(Object.values(entries).flat());
  }

  readingsOf(written: string): readonly string[] | undefined {
    const normalised = written.normalize('NFKC');
    const known = this.byWritten.get(normalised);
    if (known !== undefined || !KANA_ONLY.test(normalised)) return known;
    // A name written in kana is read as written: さとう is known if サトウ is a known reading.
    const katakana = toKatakana(normalised);
    return this.byWritten.get(katakana) ?? (this.readings.has(katakana) ? [katakana] : undefined);
  }

  isReading(reading: string): boolean {
    return this.readings.has(toKatakana(reading));
  }
}

function readNamesFile(): NamesFile {
  const parsed: unknown = JSON.parse(fs.readFileSync(NAMES_FILE, 'utf8'));
  const isTable = (value: unknown): value is ReadingsByWritten => typeof value === 'object' && value !== null;
  if (typeof parsed !== 'object' || parsed === null || !('surnames' in parsed) || !('givenNames' in parsed)) {
    throw new Error(`${NAMES_FILE}: expected { surnames, givenNames }`);
  }
  if (!isTable(parsed.surnames) || !isTable(parsed.givenNames)) {
    throw new Error(`${NAMES_FILE}: surnames and givenNames must be objects`);
  }
  return { surnames: parsed.surnames, givenNames: parsed.givenNames };
}

/**
 * IPADIC person names (mecab-ipadic-2.7.0-20070801, NAIST/ICOT licence in data/IPADIC-NOTICE.txt),
 * extracted by `build/extract-ja-names.ts`. Written forms and readings are looked up after NFKC;
 * readings may be given in hiragana or katakana.
 *
 * Known gap: IPADIC dates from 2007 and lacks many names popular since (陽菜, 陽翔, 結愛…), so an
 * unknown name is weak evidence on its own.
 */
export function loadNameDictionary(): NameDictionary {
  const file = readNamesFile();
  const surnames = new PersonNames(file.surnames);
  const givenNames = new PersonNames(file.givenNames);
  return {
    surnameReadings: (written) => surnames.readingsOf(written),
    givenNameReadings: (written) => givenNames.readingsOf(written),
    isSurnameReading: (katakana) => surnames.isReading(katakana),
    isGivenNameReading: (katakana) => givenNames.isReading(katakana),
  };
}
