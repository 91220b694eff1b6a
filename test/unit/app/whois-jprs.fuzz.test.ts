import { readFileSync } from 'node:fs';
import { domainToASCII } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJprsWhois } from '../../../src/app/domains/whois-jprs';

// Fixed seed and run count, so a failure in CI is the same failure on a laptop.
const RUNS = { numRuns: 2_000, seed: 0x4a505253 } as const;

const FIXTURES = ['general-ja.txt', 'general-en.txt', 'attribute-ja.txt', 'attribute-en.txt', 'hidden-registrant.txt', 'idn.txt', 'export-mixed.txt'].map((name) =>
  readFileSync(`fixtures/whois/${name}`, 'utf8'),
);
const FIXTURE_LINES = FIXTURES.map((text) => text.split('\n'));

const KEYS = [
  '[Domain Name]', 'a. [Domain Name]', 'a. [ドメイン名]', '[登録者名]', '[Registrant]', 'f. [組織名]', 'g. [Organization]', 'k. [組織種別]',
  '[Name Server]', 'p. [ネームサーバ]', '[登録年月日]', '[Created on]', '[有効期限]', '[Expires on]', '[状態]', '[State]', '[最終更新]',
  '[Last Update]', '[接続年月日]', '[住所]', '[Postal Address]', '[名前]', '[Email]', '[署名鍵]', 'Domain Information:', 'Contact Information:',
  '[ JPRS DATABASE ]', '%', '',
];

/** Values near the edges of what the parser accepts: dates off by one, odd host names, privacy texts. */
const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${y}/${m}/${d}`),
  fc.tuple(fc.integer({ min: 1990, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 })).map(
    ([y, m, d, h, s]) => `${y}/${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')} ${h}:${s}:${s} (JST)`,
  ),
  fc.constantFrom('EXAMPLE.JP', '例え.JP', 'xn--r8jz45g.jp', 'Connected (2025/02/29)', 'Connected (2024/02/29)', 'REDACTED FOR PRIVACY', '', '　', 'ns1.example.net.', '-.jp', 'a'.repeat(64) + '.jp'),
);
const keyedLine = fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(' ', '   ', '\t', '　'), value).map(([key, gap, text]) => `${key}${gap}${text}`);
const anyLine = fc.oneof(keyedLine, fc.string({ unit: 'binary', maxLength: 60 }), value.map((text) => `                                ${text}`));

type Mutation = { kind: 'drop' | 'duplicate' | 'garble' | 'insert' | 'swap' | 'cut'; at: number; line: string; to: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('drop', 'duplicate', 'garble', 'insert', 'swap', 'cut'),
  at: fc.nat(),
  line: anyLine,
  to: fc.nat(),
});

function mutate(lines: readonly string[], mutations: readonly Mutation[]): string[] {
  const result = [...lines];
  for (const { kind, at, line, to } of mutations) {
    if (result.length === 0) result.push(line);
    const i = at % result.length;
    const j = to % result.length;
    if (kind === 'drop') result.splice(i, 1);
    else if (kind === 'duplicate') result.splice(i, 0, result[i]!);
    else if (kind === 'garble') result[i] = line;
    else if (kind === 'insert') result.splice(i, 0, line);
    else if (kind === 'swap') [result[i], result[j]] = [result[j]!, result[i]!];
    else result[i] = result[i]!.slice(0, to % (result[i]!.length + 1));
  }
  return result;
}

const mutatedFixture = fc
  .tuple(fc.nat({ max: FIXTURES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([index, mutations, newline]) => mutate(FIXTURE_LINES[index]!, mutations).join(newline));

const isIsoDate = (text: string): boolean => /^\d{4}-\d{2}-\d{2}$/u.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
const isJstTimestamp = (text: string): boolean =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/u.test(text) &&
  isIsoDate(text.slice(0, 10)) &&
  new Date(Date.parse(text) + 9 * 3_600_000).toISOString().slice(0, 19) === text.slice(0, 19);
const isAsciiHost = (text: string): boolean => /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/u.test(text) && domainToASCII(text) === text;

/** What every result must satisfy, whatever the input. */
function expectWellFormed(text: string): void {
  const lineCount = text.split(/\r\n|\r|\n/u).length;
  const sut = parseJprsWhois(text);
  let previous = 0;
  for (const record of sut.records) {
    expect(Number.isInteger(record.line) && record.line > previous && record.line <= lineCount).toBe(true);
    previous = record.line;
    expect(isAsciiHost(record.domain), record.domain).toBe(true);
    expect(record.nameservers.every(isAsciiHost)).toBe(true);
    for (const date of [record.createdOn, record.expiresOn]) expect(date === null || isIsoDate(date), String(date)).toBe(true);
    expect(record.updatedAt === null || isJstTimestamp(record.updatedAt), String(record.updatedAt)).toBe(true);
    for (const name of [record.registrantName, record.registrantNameEn]) expect(name === null || name.trim().length > 0).toBe(true);
  }
  for (const error of sut.errors) {
    expect(Number.isInteger(error.line) && error.line >= 1 && error.line <= lineCount, `${error.line} of ${lineCount}`).toBe(true);
    expect(error.message).toMatch(/^\[[^\]]+\]: /u);
  }
}

describe(`${parseJprsWhois.name} (property-based)`, () => {
  it('never throws on arbitrary text, and what it returns is well formed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.array(anyLine, { maxLength: 40 }).map((lines) => lines.join('\n'))), (text) => {
        expectWellFormed(text);
      }),
      RUNS,
    );
  });

  it('never throws on fixtures with lines dropped, duplicated, garbled, swapped or cut', () => {
    fc.assert(
      fc.property(mutatedFixture, (text) => {
        expectWellFormed(text);
      }),
      RUNS,
    );
  });

  it('finds in fixtures joined in any order exactly the records and errors it finds in each alone', () => {
    const alone = FIXTURES.map((text) => parseJprsWhois(text));
    fc.assert(
      fc.property(fc.array(fc.nat({ max: FIXTURES.length - 1 }), { minLength: 1, maxLength: 6 }), (order) => {
        const sut = parseJprsWhois(order.map((index) => FIXTURES[index]!).join(''));
        expect(sut.records.map((record) => record.domain)).toEqual(order.flatMap((index) => alone[index]!.records.map((record) => record.domain)));
        expect(sut.errors.map((error) => error.message)).toEqual(order.flatMap((index) => alone[index]!.errors.map((error) => error.message)));
      }),
      RUNS,
    );
  });
});
