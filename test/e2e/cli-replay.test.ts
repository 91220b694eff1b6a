import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShinsa, timeoutForProcesses } from '../support/cli';
import { TEST_MASTER_KEY, TEST_SERVER_URL, adminDatabaseUrl, createTestDatabase } from '../support/service-env';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'replay');
const SIGNUPS = path.join(FIXTURES, 'signups.jsonl');
const LABELS = path.join(FIXTURES, 'labels.jsonl');

interface ApplicationLine {
  type: 'application';
  externalId: string;
  id: string;
  receivedAt: string;
  first: { outcome: string; score: number; reasons: string[] };
  end: { outcome: string; score: number; reasons: string[] };
  alone: { outcome: string; score: number; reasons: string[] };
  labels: { verdict: string; labelledAt: string }[];
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

// The real CLI in a child process against the machine's PostgreSQL, on fixtures/replay.
describe('shinsa replay', () => {
  let database: { url: string; drop: () => Promise<void> };
  let lines: any[];

  beforeAll(async () => {
    database = await createTestDatabase();
    const run = runShinsa(['replay', SIGNUPS, '--labels', LABELS, '--database-url', database.url, '--json'], { env: { SHINSA_LOG_LEVEL: 'silent', SHINSA_MASTER_KEY: TEST_MASTER_KEY } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    lines = run.lines;
  }, timeoutForProcesses(1));

  afterAll(async () => {
    await database?.drop();
  });

  const application = (externalId: string): ApplicationLine => lines.find((line) => line.type === 'application' && line.externalId === externalId);

  it('holds or denies an application that arrives after the label because of LINKED_TO_FRAUD, and re-screens the campaign before it', () => {
    // ord-1009 arrives the day after ord-1005 was labelled, with its card and device.
    const after = application('ord-1009');
    expect(['hold', 'deny']).toContain(after.first.outcome);
    expect(after.first.reasons).toContain('LINKED_TO_FRAUD');
    expect(after.alone.reasons).not.toContain('LINKED_TO_FRAUD');
    // ord-1007 arrived before any label: the label's propagation re-screened it.
    const before = application('ord-1007');
    expect(before.first.reasons).not.toContain('LINKED_TO_FRAUD');
    expect(before.end.reasons).toContain('LINKED_TO_FRAUD');
    expect(before.labels).toEqual([]);
    expect(application('ord-1005').labels).toEqual([{ verdict: 'fraud', labelledAt: '2026-10-05T06:00:00.000Z' }]);
    // The second label names a domain: it labels that application.
    expect(application('ord-1006').labels).toEqual([{ verdict: 'fraud', labelledAt: '2026-10-05T07:30:00.000Z' }]);
  });

  it('judges history windows on the applications’ own times, not on when the replay ran', () => {
    // Three numbers of one SIM block within the hour: a bulk block. Three of a family's block, weeks apart: not.
    expect(application('ord-1007').first.reasons).toContain('LINKED_CONSECUTIVE_PHONES');
    expect(application('ord-1012').first.reasons).not.toContain('LINKED_CONSECUTIVE_PHONES');
    expect(application('ord-1008').first.reasons).not.toContain('LINKED_CONSECUTIVE_PHONES');
    // The first application of the month has no history to be linked to.
    expect(application('ord-1001').first.outcome).toBe('allow');
    expect(application('ord-1001').first.reasons.filter((reason) => reason.startsWith('LINKED_'))).toEqual([]);
  });

  it('stores everything at the events’ own times in the database it was given', async () => {
    const [stored] = await query<{ received_at: Date }>(database.url, 'SELECT received_at FROM applications WHERE external_id = $1', ['ord-1001']);
    expect(stored!.received_at.toISOString()).toBe('2026-10-01T01:12:00.000Z');
    const labels = await query<{ created_at: Date }>(database.url, 'SELECT created_at FROM labels ORDER BY created_at');
    expect(labels.map((label) => label.created_at.toISOString())).toEqual(['2026-10-05T06:00:00.000Z', '2026-10-05T07:30:00.000Z']);
    // Re-screenings by a label are dated at the label.
    const reassessed = await query<{ created_at: Date }>(
      database.url,
      `SELECT s.created_at FROM assessments s JOIN applications a ON a.id = s.application_id WHERE a.external_id = 'ord-1007' AND s.trigger LIKE 'label:%'`,
    );
    expect(reassessed.length).toBeGreaterThan(0);
    for (const row of reassessed) expect(['2026-10-05T06:00:00.000Z', '2026-10-05T07:30:00.000Z']).toContain(row.created_at.toISOString());
    const [cases] = await query<{ n: string }>(database.url, 'SELECT count(*) AS n FROM cases');
    expect(lines.at(-1)).toMatchObject({ type: 'summary', applications: 12, labels: 2, casesOpened: Number(cases!.n) });
  });

  it('prints the tables by default, in a scratch database it drops afterwards', { timeout: timeoutForProcesses(1) }, async () => {
    const scratch = (): Promise<{ datname: string }[]> => query(adminDatabaseUrl(), `SELECT datname FROM pg_database WHERE datname ~ '^shinsa_[0-9a-f]{12}_replay$'`);
    const existing = new Set((await scratch()).map((row) => row.datname));
    const run = runShinsa(['replay', SIGNUPS, '--labels', LABELS], { env: { SHINSA_LOG_LEVEL: 'silent', DATABASE_URL: `${TEST_SERVER_URL}/postgres`, SHINSA_MASTER_KEY: undefined } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('shinsa replay: 12 application(s) received 2026-10-01 10:12 – 2026-10-25 08:30 JST, 2 label(s)');
    expect(run.stdout).toMatch(/^first answer\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+ \(/m);
    expect(run.stdout).toMatch(/^LINKED_TO_FRAUD\s+\d+\s+\d+$/m);
    expect(run.stdout).toMatch(/^ord-1009\s+2026-10-06 09:00\s+(hold|deny) \d+/m);
    expect(run.stdout).toContain('scratch database (dropped)');
    expect((await scratch()).filter((row) => !existing.has(row.datname))).toEqual([]);
  });

  it('names every bad line and runs nothing (exit 2)', { timeout: timeoutForProcesses(1) }, () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'shinsa-replay-'));
    const [first, second] = readFileSync(SIGNUPS, 'utf8').split('\n');
    const { receivedAt: _receivedAt, ...withoutTime } = JSON.parse(second!);
    const badEmail = { ...JSON.parse(first!), externalId: 'bad-1', receivedAt: 'yesterday', registrant: { email: 7 } };
    const openedLater = { ...JSON.parse(second!), externalId: 'opened-later', account: { id: 'cust-1', openedAt: '2027-01-01T00:00:00+09:00', domainCount: 0, reseller: false } };
    writeFileSync(path.join(directory, 'signups.jsonl'), [first, JSON.stringify(withoutTime), JSON.stringify(badEmail), '{"externalId":', JSON.stringify(openedLater), ''].join('\n'));
    writeFileSync(
      path.join(directory, 'labels.jsonl'),
      [
        JSON.stringify({ externalId: 'ord-1001', verdict: 'fraud', labelledAt: '2026-09-30T00:00:00+09:00' }),
        JSON.stringify({ externalId: 'nobody', verdict: 'fraud', labelledAt: '2026-10-30T00:00:00+09:00' }),
        JSON.stringify({ externalId: 'ord-1001', domain: 'takahashi-misaki.jp', verdict: 'fraud', labelledAt: '2026-10-30T00:00:00+09:00' }),
        JSON.stringify({ domain: 'takahashi-misaki.jp', verdict: 'maybe', labelledAt: '2026-10-30T00:00:00+09:00' }),
        '',
      ].join('\n'),
    );
    const run = runShinsa(['replay', path.join(directory, 'signups.jsonl'), '--labels', path.join(directory, 'labels.jsonl')], { env: { SHINSA_LOG_LEVEL: 'silent', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' } });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const errors = run.stderr.split('\n');
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/signups\.jsonl:2: receivedAt: required/),
        expect.stringMatching(/signups\.jsonl:3: receivedAt: must be an ISO 8601 date-time/),
        expect.stringMatching(/signups\.jsonl:3: registrant\.email: /),
        expect.stringMatching(/signups\.jsonl:4: not valid JSON/),
        // An account opened after the application was received, judged on the line's own receivedAt.
        expect.stringMatching(/signups\.jsonl:5: account\.openedAt: in the future/),
        expect.stringMatching(/labels\.jsonl:1: labelledAt: 2026-09-30T00:00:00\+09:00 is before the application with externalId ord-1001 was received/),
        expect.stringMatching(/labels\.jsonl:2: externalId: no application in .*signups\.jsonl has externalId nobody/),
        expect.stringMatching(/labels\.jsonl:3: externalId: give exactly one of externalId and domain/),
        expect.stringMatching(/labels\.jsonl:4: verdict: /),
        expect.stringMatching(/error\(s\); nothing was replayed$/),
      ]),
    );
  });
});
