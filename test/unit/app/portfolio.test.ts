import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat, readPortfolio, whoisPieces, type PortfolioEntry } from '../../../src/app/domains/portfolio';
import { parseJprsWhois, whoisBoundaryOf } from '../../../src/app/domains/whois-jprs';

const directory = mkdtempSync(path.join(tmpdir(), 'shinsa-portfolio-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function exportFile(name: string, lines: readonly string[]): string {
  const file = path.join(directory, name);
  writeFileSync(file, lines.join('\n'));
  return file;
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

/** Three records as a registrar's tool may print them: full-width brackets, ％ and colons throughout. */
const FULL_WIDTH_EXPORT = [
  '［ JPRS データベースはネットワーク管理の目的にのみ利用できます。 ］', // 1
  'Domain Information：［ドメイン情報］', // 2
  '［Domain Name］                  FIRST-EXAMPLE.JP', // 3
  '［登録者名］                     佐藤 花子', // 4
  '［状態］                         Active', // 5
  '', // 6
  '％ 次のレコード', // 7
  'a．［ドメイン名］               SECOND-EXAMPLE.CO.JP', // 8
  'g．［組織名］                   例示商事株式会社', // 9
  '［状態］                         Connected (2026/03/31)', // 10
  'Domain Information：', // 11
  '［Domain Name］                  THIRD-EXAMPLE.JP', // 12
  '［登録者名］                     田中 太郎', // 13
];

describe(whoisPieces.name, () => {
  it('cuts a full-width export at the parser boundaries, one record per piece', async () => {
    const pieces = await all(whoisPieces(FULL_WIDTH_EXPORT));
    expect(pieces.map((piece) => piece.firstLine)).toEqual([1, 7, 11]);
    expect(pieces.map((piece) => parseJprsWhois(piece.lines.join('\n')).records.map((record) => record.domain))).toEqual([['first-example.jp'], ['second-example.co.jp'], ['third-example.jp']]);
  });

  it('keeps an indented "Domain Information:" inside its record, as the parser reads it: a continuation', async () => {
    const lines = [
      'Domain Information: [ドメイン情報]',
      '[Domain Name]                   FIRST-EXAMPLE.JP',
      '[登録者名]                      佐藤 花子',
      'Contact Information: [公開連絡窓口]',
      '[住所]                          東京都千代田区例示町1-2-3',
      '                                Domain Information: ビル4階',
      '[状態]                          Active',
      '[Domain Name]                   SECOND-EXAMPLE.JP',
      '[状態]                          Active',
    ];
    expect(whoisBoundaryOf(lines[5]!)).toBeNull();
    const pieces = await all(whoisPieces(lines));
    expect(pieces.map((piece) => piece.firstLine)).toEqual([1, 8]);

    const read = await all(readPortfolio(exportFile('indented.txt', lines)));
    const whole = parseJprsWhois(lines.join('\n'));
    expect(whole.errors).toEqual([]);
    expect(read.map((entry: PortfolioEntry) => ('record' in entry ? [entry.line, entry.record.domain, entry.record.status] : [entry.line, entry.error]))).toEqual(
      whole.records.map((record) => [record.line, record.domain, record.status]),
    );
    expect(whole.records[0]!.contact?.address).toBe('東京都千代田区例示町1-2-3\nDomain Information: ビル4階');
  });

  it('reads a full-width export file into the records the parser finds in it whole, at the same lines', async () => {
    const read = await all(readPortfolio(exportFile('full-width.txt', FULL_WIDTH_EXPORT)));
    const whole = parseJprsWhois(FULL_WIDTH_EXPORT.join('\n'));
    expect(read.map((entry) => ('record' in entry ? [entry.line, entry.record.domain] : [entry.line, entry.error]))).toEqual(whole.records.map((record) => [record.line, record.domain]));
    expect(read).toHaveLength(3);
  });
});

describe(detectFormat.name, () => {
  it('knows a WHOIS export by its first line in full-width too', () => {
    expect(detectFormat('export', '［ JPRS データベース ］')).toBe('whois');
    expect(detectFormat('export', '％ comment')).toBe('whois');
    expect(detectFormat('export', 'a．［ドメイン名］ EXAMPLE.CO.JP')).toBe('whois');
    expect(detectFormat('export', 'Domain Information: [ドメイン情報]')).toBe('whois');
    expect(detectFormat('export', 'domain,email')).toBe('csv');
  });
});
