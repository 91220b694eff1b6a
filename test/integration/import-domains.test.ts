import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { DomainImporter } from '../../src/app/domains/domain-importer';
import { PortfolioFileError, readPortfolio } from '../../src/app/domains/portfolio';
import { runShinsa } from '../support/cli';
import { createTestDatabase, TEST_MASTER_KEY, testConfig } from '../support/service-env';
import { addClient, openDatabase, type TestClient } from '../support/service';

const root = path.resolve(__dirname, '..', '..');
const fixture = (name: string): string => path.join(root, 'fixtures', 'portfolio', name);

// Real PostgreSQL: COPY into a staging table, merged into active_domains.
describe('import-domains', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let db: DataSource;
  let importer: DomainImporter;
  let scratch: string;
  let client: TestClient;

  const load = async (file: string): Promise<{ report: Awaited<ReturnType<DomainImporter['import']>>; bad: string[] }> => {
    const bad: string[] = [];
    const report = await importer.import(readPortfolio(file), { clientId: client.id, onBad: (line, message) => bad.push(`${line}: ${message}`) });
    return { report, bad };
  };
  const stored = async (domain: string): Promise<Record<string, any>> =>
    (await db.query(`SELECT domain, source, body, to_char(registered_on, 'YYYY-MM-DD') AS registered_on, to_char(expires_on, 'YYYY-MM-DD') AS expires_on, status FROM active_domains WHERE domain = $1`, [domain]))[0];

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url);
    db = await openDatabase(config);
    importer = new DomainImporter(db);
    client = await addClient(db, config);
    scratch = mkdtempSync(path.join(tmpdir(), 'shinsa-import-'));
  });

  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await db?.destroy();
    await database?.drop();
  });

  it('loads a CSV export, reports each bad record by its line and keeps going', async () => {
    const { report, bad } = await load(fixture('portfolio.csv'));
    expect(report).toMatchObject({ read: 6, inserted: 3, updated: 0, unchanged: 0, duplicates: 0, bad: 3 });
    expect(bad).toEqual([
      expect.stringMatching(/^4: domain: /),
      expect.stringMatching(/^5: domain: /),
      '7: registered_on: must be a date (YYYY-MM-DD), got "2022-02-30"',
    ]);
    expect(await stored('sato-hanako.jp')).toEqual({
      domain: 'sato-hanako.jp',
      source: 'import',
      registered_on: '2021-04-01',
      expires_on: '2027-04-30',
      status: 'Active',
      body: {
        externalId: 'import:sato-hanako.jp',
        product: 'domain',
        domain: { name: 'sato-hanako.jp', nameservers: ['ns1.example.net', 'ns2.example.net'], registrar: 'r1' },
        registrant: {
          type: 'individual',
          name: { kanji: '佐藤 花子', kana: 'サトウ ハナコ', romaji: 'Hanako Sato' },
          email: 'hanako.sato@example.ne.jp',
          phone: '+81 90-1234-5678',
          address: { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', line1: '千代田1-1' },
        },
      },
    });
    expect((await stored('example-shop.co.jp')).expires_on).toBe('2026-10-31');
    expect((await stored('example-shop.co.jp')).body.registrant.organization).toEqual({ name: '株式会社例', corporateNumber: '1180301018771' });
    // An IDN is stored in its ASCII form.
    expect(await stored('xn--kanji--u53ep00u.jp')).toBeDefined();
  });

  it('is idempotent: the same file again changes nothing; changed records update, new ones insert', async () => {
    const again = await load(fixture('portfolio.csv'));
    expect(again.report).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, bad: 3 });
    const before = Number((await db.query('SELECT count(*) AS n FROM active_domains'))[0].n);

    const jsonl = await load(fixture('portfolio.jsonl'));
    expect(jsonl.bad).toEqual([expect.stringMatching(/^3: registrnt: unknown field/), expect.stringMatching(/^4: not valid JSON/)]);
    expect(jsonl.report).toMatchObject({ read: 5, inserted: 1, updated: 2, unchanged: 0, bad: 2 });
    expect(Number((await db.query('SELECT count(*) AS n FROM active_domains'))[0].n)).toBe(before + 1);
    expect((await stored('example-upper.jp')).domain).toBe('example-upper.jp');
    expect((await stored('example-shop.co.jp')).registered_on).toBeNull();
  });

  it('loads a JPRS WHOIS export of mixed forms, skipping the broken record by its line', async () => {
    const { report, bad } = await load(path.join(root, 'fixtures', 'whois', 'export-mixed.txt'));
    expect(report).toMatchObject({ read: 6, inserted: 5, bad: 1 });
    expect(bad).toEqual(['77: [有効期限]: not a date: 2025/13/45']);
    const cafe = await stored('example-cafe.jp');
    expect(cafe.body.registrant).toMatchObject({ type: 'organization', organization: { name: '例示カフェ合同会社', nameEn: 'Example Cafe LLC' }, email: 'web@example-cafe.jp', address: { postalCode: '600-0000', country: 'JP' } });
    expect(await stored('example.or.jp')).toMatchObject({ registered_on: '2010-08-02', expires_on: '2025-08-31', status: 'Connected (2025/08/31)' });
    // A record with every registrant field hidden or empty keeps only the domain.
    expect((await stored('example.osaka.jp')).body).toEqual({ externalId: 'import:example.osaka.jp', product: 'domain', domain: { name: 'example.osaka.jp', nameservers: ['ns1.example.net'] } });
    const again = await load(path.join(root, 'fixtures', 'whois', 'export-mixed.txt'));
    expect(again.report).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 });
  });

  it('lets the last record of a domain listed twice win', async () => {
    const file = path.join(scratch, 'twice.jsonl');
    writeFileSync(file, ['{"domain":"twice.jp","status":"first"}', '{"domain":"other.jp"}', '{"domain":"TWICE.jp","status":"second"}'].join('\n'));
    const { report } = await load(file);
    expect(report).toMatchObject({ read: 3, inserted: 2, duplicates: 1 });
    expect((await stored('twice.jp')).status).toBe('second');
  });

  it('refuses a CSV with an unknown column before importing anything', async () => {
    const file = path.join(scratch, 'typo.csv');
    writeFileSync(file, 'domain,expiry_date\nunknown-column.jp,2027-01-01\n');
    await expect(load(file)).rejects.toThrow(PortfolioFileError);
    await expect(load(file)).rejects.toThrow('line 1: unknown column(s) expiry_date');
    expect(await stored('unknown-column.jp')).toBeUndefined();
  });

  it('loads 20,000 records in one COPY and re-imports them without a change', async () => {
    const file = path.join(scratch, 'many.csv');
    const lines = ['domain,name_kanji,email,expires_on'];
    for (let index = 0; index < 20_000; index += 1) lines.push(`bulk-${index}.jp,山田 太郎,owner${index}@example.jp,2027-01-${String((index % 28) + 1).padStart(2, '0')}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const first = await load(file);
    expect(first.report).toMatchObject({ read: 20_000, inserted: 20_000, bad: 0 });
    const second = await load(file);
    expect(second.report).toMatchObject({ inserted: 0, updated: 0, unchanged: 20_000 });
    expect(Number((await db.query(`SELECT count(*) AS n FROM active_domains WHERE domain LIKE 'bulk-%'`))[0].n)).toBe(20_000);
  });

  it('the CLI prints bad records as FILE:LINE, a JSON summary, and exits 2 when some were bad', () => {
    const env = { DATABASE_URL: database.url, SHINSA_MASTER_KEY: TEST_MASTER_KEY, SHINSA_LOG_LEVEL: 'silent' };
    const result = runShinsa(['import-domains', fixture('portfolio.csv'), '--client', client.keyId], { env });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${fixture('portfolio.csv')}:7: registered_on: must be a date`);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ read: 6, inserted: 0, bad: 3 });
    expect(summary.updated + summary.unchanged).toBe(3);
    const missing = runShinsa(['import-domains', path.join(scratch, 'nope.csv'), '--client', client.keyId], { env });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read');
  });
});
