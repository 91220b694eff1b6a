import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShinsa } from '../support/cli';
import { createTestDatabase, TEST_MASTER_KEY, testConfig } from '../support/service-env';
import { addClient, openDatabase, type TestClient } from '../support/service';

type Format = 'csv' | 'jsonl' | 'whois';

const CSV_HEADER = 'domain,name_kanji,email,phone,registered_on,expires_on,status';
const csvRecord = (n: number): string => `fz-${n}.jp,山田 太郎,owner${n}@example.jp,090-1234-${String(1000 + (n % 9000)).padStart(4, '0')},2020-01-01,2027-01-01,Active`;
const jsonlRecord = (n: number): string =>
  JSON.stringify({ domain: `fz-${n}.jp`, registrant: { name: { kanji: '山田 太郎' }, email: `owner${n}@example.jp`, phone: '090-1234-5678' }, registeredOn: '2020-01-01', expiresOn: '2027-01-01', status: 'Active' });
const whoisRecord = (n: number): string =>
  [`Domain Information: [ドメイン情報]`, `[Domain Name]                   FZ-${n}.JP`, '', `[登録者名]                      山田 太郎`, `[Registrant]                    Taro Yamada`, '', `[Name Server]                   ns1.example.net`, '', `[登録年月日]                    2020/06/01`, `[有効期限]                      2027/06/30`, `[状態]                          Active`, ''].join('\n');

/** Shift_JIS bytes of 山田 (not UTF-8): what a Windows export read as UTF-8 looks like. */
const SHIFT_JIS = Buffer.from([0x8e, 0x52, 0x93, 0x63]);

/** One way to break a record, as a function of its text and a position in it. */
const MUTATIONS: Record<string, (text: string, at: number) => string | Buffer> = {
  nul: (text, at) => `${text.slice(0, at)}\u0000${text.slice(at)}`,
  bom: (text, at) => `${text.slice(0, at)}\ufeff${text.slice(at)}`,
  crlf: (text, at) => `${text.slice(0, at)}\r\n${text.slice(at)}`,
  shiftJis: (text, at) => Buffer.concat([Buffer.from(text.slice(0, at)), SHIFT_JIS, Buffer.from(text.slice(at))]),
  brokenQuote: (text, at) => `${text.slice(0, at)}"${text.slice(at)}`,
  fullWidthBrackets: (text) => text.replaceAll('[', '［').replaceAll(']', '］').replaceAll('{', '｛'),
  loneSurrogate: (text, at) => `${text.slice(0, at)}\\ud800${text.slice(at)}`,
  nonCharacter: (text, at) => `${text.slice(0, at)}\uffff${text.slice(at)}`,
  truncated: (text, at) => text.slice(0, at),
  year0000: (text) => text.replaceAll('2020', '0000'),
  doubled: (text, at) => `${text.slice(0, at)}${text.slice(at)}${text.slice(at)}`,
  bytes: (text, at) => Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3]), Buffer.from(text.slice(at))]),
};

const mutation = fc.record({ kind: fc.constantFrom(...Object.keys(MUTATIONS)), position: fc.double({ min: 0, max: 1, noNaN: true }), mutate: fc.boolean() });

/** A file of `count` records, each mutated or left alone as fast-check says, with the file's own variant (BOM, CRLF). */
function mutatedFile(format: Format, count: number, seed: number, variant: { bom: boolean; crlf: boolean }): { bytes: Buffer; mutated: number } {
  const choices = fc.sample(mutation, { numRuns: count, seed });
  const parts: Buffer[] = [];
  let mutated = 0;
  const separator = variant.crlf ? '\r\n' : '\n';
  if (variant.bom) parts.push(Buffer.from('\ufeff'));
  if (format === 'csv') parts.push(Buffer.from(`${CSV_HEADER}${separator}`));
  choices.forEach((choice, index) => {
    const n = seed * 10_000 + index;
    let text = format === 'csv' ? csvRecord(n) : format === 'jsonl' ? jsonlRecord(n) : whoisRecord(n);
    if (variant.crlf) text = text.replaceAll('\n', '\r\n');
    const record = choice.mutate ? MUTATIONS[choice.kind]!(text, Math.floor(choice.position * text.length)) : text;
    if (choice.mutate) mutated += 1;
    parts.push(Buffer.isBuffer(record) ? record : Buffer.from(record), Buffer.from(format === 'whois' ? `${separator}${separator}` : separator));
  });
  return { bytes: Buffer.concat(parts), mutated };
}

// Real PostgreSQL and the real CLI (a child process): what an operator runs.
describe('shinsa import-domains on broken files', () => {
  let database: { url: string; drop: () => Promise<void> };
  let db: DataSource;
  let client: TestClient;
  let scratch: string;
  let env: Record<string, string>;

  const file = (name: string, content: string | Buffer): string => {
    const target = path.join(scratch, name);
    writeFileSync(target, content);
    return target;
  };
  const run = (target: string, format?: Format) => runShinsa(['import-domains', target, '--client', client.keyId, ...(format ? ['--format', format] : [])], { env });
  const stored = async (domain: string): Promise<boolean> => (await db.query('SELECT 1 FROM active_domains WHERE domain = $1', [domain])).length === 1;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.url);
    db = await openDatabase(config);
    client = await addClient(db, config);
    scratch = mkdtempSync(path.join(tmpdir(), 'shinsa-import-fuzz-'));
    env = { DATABASE_URL: database.url, SHINSA_MASTER_KEY: TEST_MASTER_KEY, SHINSA_LOG_LEVEL: 'silent' };
  });

  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await db?.destroy();
    await database?.drop();
  });

  it('skips a record with a NUL in a CSV field, a JSONL string or a WHOIS record, reports it as FILE:LINE: field, and imports the others', async () => {
    const csv = file('nul.csv', `${CSV_HEADER}\nnul-a.jp,山田 太郎,a@example.jp,,,,\nnul-b.jp,山田\u0000太郎,b@example.jp,,,,\nnul-c.jp,,c@example.jp,,,,\n`);
    const result = run(csv);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${csv}:3: name_kanji: contains U+0000 (NUL); text must be Unicode without NUL, lone surrogates or non-characters\n`);
    expect(JSON.parse(result.stdout)).toMatchObject({ read: 3, inserted: 2, bad: 1 });
    expect([await stored('nul-a.jp'), await stored('nul-b.jp'), await stored('nul-c.jp')]).toEqual([true, false, true]);

    const jsonl = file('nul.jsonl', ['{"domain":"nul-d.jp","status":"ok"}', '{"domain":"nul-e.jp","registrant":{"email":"e\\u0000@example.jp"}}', '{"domain":"nul-f.jp","status":"\\ud800"}', '{"domain":"nul-g.jp"}'].join('\n'));
    const fromJsonl = run(jsonl);
    expect(fromJsonl.status).toBe(2);
    expect(fromJsonl.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(new RegExp(`^${jsonl}:2: registrant\\.email: contains U\\+0000`)), expect.stringMatching(new RegExp(`^${jsonl}:3: status: contains a lone surrogate`))]);
    expect([await stored('nul-d.jp'), await stored('nul-e.jp'), await stored('nul-g.jp')]).toEqual([true, false, true]);

    const whois = file('nul.whois', [whoisRecord(1), whoisRecord(2).replace('山田 太郎', '山田\u0000太郎'), whoisRecord(3)].join('\n'));
    const fromWhois = run(whois, 'whois');
    expect(fromWhois.status).toBe(2);
    expect(fromWhois.stderr).toMatch(new RegExp(`^${whois}:13: registrant\\.name\\.kanji: contains U\\+0000`));
    expect([await stored('fz-1.jp'), await stored('fz-2.jp'), await stored('fz-3.jp')]).toEqual([true, false, true]);
  });

  it('skips a record with a broken quote and reads on at the next line', async () => {
    const csv = file('quote.csv', `${CSV_HEADER}\nq-a.jp,"山田 太郎,a@example.jp,,,,\nq-b.jp,佐藤,b@example.jp,,,,\nq-c.jp,"鈴木 ""一郎""",c@example.jp,,,,\nq-d.jp,田中,d@example.jp,,,,,extra\nq-e.jp,"multi\nline",e@example.jp,,,,\n`);
    const result = run(csv);
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([`${csv}:2: a quoted field is never closed (a stray or missing quote)`, `${csv}:5: has 8 fields, the header 7 (a stray comma or quote?)`]);
    expect(JSON.parse(result.stdout)).toMatchObject({ read: 5, inserted: 3, bad: 2 });
    expect([await stored('q-a.jp'), await stored('q-b.jp'), await stored('q-c.jp'), await stored('q-d.jp'), await stored('q-e.jp')]).toEqual([false, true, true, false, true]);
  });

  it('refuses an ambiguous header and a file that yields no record, saying why (exit 2)', async () => {
    const twice = file('twice.csv', 'domain,status,Domain\ntwice-a.jp,ok,twice-b.jp\n');
    const ambiguous = run(twice);
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toContain('ambiguous header: domain named more than once');
    expect(await stored('twice-a.jp')).toBe(false);
    const fullWidth = run(file('width.csv', 'domain,ｄｏｍａｉｎ\nw.jp,x.jp\n'));
    expect(fullWidth.stderr).toContain('ambiguous header');

    const random = Buffer.from(fc.sample(fc.uint8Array({ minLength: 200 * 1024, maxLength: 200 * 1024 }), { numRuns: 1, seed: 15 })[0]!);
    const noise = run(file('noise.bin', random), 'whois');
    expect(noise.status).toBe(2);
    expect(noise.stderr).toMatch(/no record found in 204,800 bytes.*nothing was imported/);
    expect(run(file('empty.jsonl', '\n\n')).status).toBe(2);
  });

  it('reports a Shift_JIS record and a year 0000 by line instead of storing them', async () => {
    const bytes = Buffer.concat([Buffer.from(`${CSV_HEADER}\nsj-a.jp,`), SHIFT_JIS, Buffer.from(',a@example.jp,,,,\nsj-b.jp,,b@example.jp,,0000-01-01,,\nsj-c.jp,,c@example.jp,,,,\n')]);
    const target = file('sjis.csv', bytes);
    const result = run(target);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(new RegExp(`^${target}:2: name_kanji: is not UTF-8 text`)), expect.stringMatching(new RegExp(`^${target}:3: registered_on: must be a date`))]);
    expect(await stored('sj-c.jp')).toBe(true);
  });

  const figures: Record<string, { records: number; mutated: number; runs: number; exitCodes: Record<number, number>; inserted: number; bad: number }> = {};

  it.each(['csv', 'jsonl', 'whois'] as const)('never exits 1 on 2,000 mutated %s records: every bad one reported as FILE:LINE, the good ones imported', { timeout: 180_000 }, async (format) => {
    const tally = { records: 0, mutated: 0, runs: 0, exitCodes: {} as Record<number, number>, inserted: 0, bad: 0 };
    const variants = [
      { bom: false, crlf: false },
      { bom: true, crlf: false },
      { bom: false, crlf: true },
      { bom: true, crlf: true },
    ];
    for (const [index, variant] of variants.entries()) {
      const { bytes, mutated } = mutatedFile(format, 500, 2026 + index, variant);
      const target = file(`fuzz-${index}.${format}`, bytes);
      const result = run(target, format);
      tally.runs += 1;
      tally.records += 500;
      tally.mutated += mutated;
      tally.exitCodes[result.status ?? -1] = (tally.exitCodes[result.status ?? -1] ?? 0) + 1;
      expect(result.status === 0 || result.status === 2, `exit ${result.status}: ${result.stderr.slice(0, 2000)}`).toBe(true);
      expect(result.stderr).not.toMatch(/\n\s+at |Error:|INTERNAL/);
      for (const line of result.stderr.split('\n').filter(Boolean)) {
        expect(line).toMatch(new RegExp(`^${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: |^… and \\d+ more bad records$|no record found`));
      }
      if (result.stdout) {
        const summary = JSON.parse(result.stdout);
        tally.inserted += summary.inserted + summary.updated + summary.unchanged;
        tally.bad += summary.bad;
        expect(summary.inserted + summary.updated + summary.unchanged + summary.duplicates + summary.bad).toBe(summary.read);
      }
    }
    figures[format] = tally;
    // Most records came through: a mutation breaks its own record, not the file.
    expect(tally.inserted).toBeGreaterThan(tally.records - tally.mutated - 50);
    console.log(`import fuzz ${format}: ${JSON.stringify(tally)}`);
  });
});
