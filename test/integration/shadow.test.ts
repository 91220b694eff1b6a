import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShadowComparison } from '../../src/app/backtest/shadow';
import { createApi } from '../../src/app/api/create-api';
import type { AppConfig } from '../../src/app/config/config';
import { MasterKeys } from '../../src/app/crypto/secret-box';
import { driverPool } from '../../src/app/database/data-source';
import { createLogger } from '../../src/app/observability/logger';
import { SubjectRequests } from '../../src/app/retention/subject-requests';
import { AuditLog } from '../../src/app/review/audit-log';
import { DEFAULT_RULES_DIR } from '../../src/screening/rules-directory';
import { heavierCombosquatRules, labelApplications, screenSignups } from '../support/backtest-fixtures';
import { runShinsa, timeoutForProcesses } from '../support/cli';
import { anApplication } from '../support/factories';
import { createTestDatabase, TEST_MASTER_KEY, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, getScreening, json, openDatabase, postScreening, startApi, type RunningApi, type TestClient } from '../support/service';

/**
 * The backtest's signups, with weak name evidence as the fifth: an account word under a suffix
 * over-represented among phishing registrations (about 15 points: allowed at 25, reviewed at 10).
 */
const SHADOW_DOMAINS = ['smbc-card-login.jp', 'rakuten-card-secure.com', 'sato-hanako.jp', 'kyoto-ramen.jp', 'kyoto-ramen-login.top'];

// Real parts: an api with a shadow rule set, screening into PostgreSQL; the comparison read back from there.
describe('shadow mode', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let client: TestClient;
  let shadowDir: string;
  const ids: Record<string, string> = {};
  const responses: Record<string, any> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    // The shadow rules: combosquats weigh twice as much, and review starts at 10 points instead of 25.
    shadowDir = heavierCombosquatRules(mkdtempSync(path.join(tmpdir(), 'shinsa-shadow-')), { reviewAt: 10 });
    config = testConfig(database.url, { SHINSA_RATE_LIMIT_PER_MINUTE: '1000', SHINSA_SHADOW_RULES_DIR: shadowDir });
    api = await startApi(config);
    db = await openDatabase(config);
    client = await addClient(db, config);
    Object.assign(responses, await screenSignups(api.baseUrl, client, 'sh', SHADOW_DOMAINS));
    for (const [domain, answer] of Object.entries(responses)) ids[domain] = answer.id;
    await labelApplications(db, [[ids['smbc-card-login.jp']!, 'fraud'], [ids['sato-hanako.jp']!, 'legitimate']]);
  });

  afterAll(async () => {
    if (shadowDir) rmSync(shadowDir, { recursive: true, force: true });
    await api?.close();
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  it('stores the shadow result of every screening, apart from the decision', async () => {
    const rows: { application_id: string; rules_version: string; outcome: string; score: number }[] = await db.query('SELECT application_id, rules_version, outcome, score FROM shadow_assessments');
    expect(rows).toHaveLength(5);
    const smbc = rows.find((row) => row.application_id === ids['smbc-card-login.jp'])!;
    expect(smbc).toMatchObject({ outcome: 'hold', score: 60 });
    expect(smbc.rules_version).not.toBe(responses['smbc-card-login.jp'].rulesVersion);
    // One assessment per application, the deciding one.
    const [{ count }] = await db.query('SELECT count(*)::int AS count FROM assessments');
    expect(count).toBe(5);
  });

  it('acts on nothing: the answer, the stored assessment, the case and the callback are the deciding rules’ alone', async () => {
    const decided = responses['smbc-card-login.jp'];
    expect(decided).toMatchObject({ outcome: 'review', score: 30 });
    expect(decided.hits.find((hit: { reason: string }) => hit.reason === 'BRAND_COMBOSQUAT').points).toBe(30);
    expect(await json(await getScreening(api.baseUrl, client, decided.id))).toMatchObject({ outcome: 'review', score: 30, rulesVersion: decided.rulesVersion });
    const cases: { application_id: string; outcome: string }[] = await db.query('SELECT application_id, outcome FROM cases');
    expect(cases.find((row) => row.application_id === decided.id)?.outcome).toBe('review');
    const outbox: { payload: { outcome: string; score: number } }[] = await db.query('SELECT payload FROM outbox WHERE aggregate_id = $1', [decided.id]);
    expect(outbox.map((row) => row.payload)).toEqual([expect.objectContaining({ outcome: 'review', score: 30 })]);
    // Whatever the shadow rules sent to review where the deciding rules allowed has no case.
    const shadowOnly: { application_id: string }[] = await db.query(
      `SELECT sh.application_id FROM shadow_assessments sh JOIN assessments s USING (application_id) WHERE s.outcome = 'allow' AND sh.outcome <> 'allow'`,
    );
    expect(shadowOnly.length).toBeGreaterThan(0);
    const [{ count }] = await db.query('SELECT count(*)::int AS count FROM cases WHERE application_id = ANY($1::uuid[])', [shadowOnly.map((row) => row.application_id)]);
    expect(count).toBe(0);
  });

  it('a retried request stores no second shadow result', async () => {
    const application = anApplication({ externalId: 'sh-retry', domain: { name: 'aeon-card-verify.com' } });
    const key = randomUUID();
    const first = await json(await postScreening(api.baseUrl, client, JSON.stringify(application), { idempotencyKey: key }));
    const again = await json(await postScreening(api.baseUrl, client, JSON.stringify(application), { idempotencyKey: key }));
    expect(again).toEqual(first);
    const [{ count }] = await db.query('SELECT count(*)::int AS count FROM shadow_assessments WHERE application_id = $1', [first.id]);
    expect(count).toBe(1);
    await db.query('DELETE FROM shadow_assessments WHERE application_id = $1', [first.id]);
  });

  it('compares the shadow period with the deciding rules: matrix, labelled figures, queue, movers', async () => {
    const comparison = new ShadowComparison(driverPool(db));
    const [version, ...others] = await comparison.versions();
    expect(others).toEqual([]);
    expect(version).toMatchObject({ count: 5 });
    const report = await comparison.run();
    expect(report).toMatchObject({ candidateVersion: version!.version, replayed: 5, skipped: 0, labelled: { fraud: 1, legitimate: 1 } });
    expect(report.matrix.review.hold).toBe(2);
    expect(report.actual).toMatchObject({ fraudCaught: 1, recall: 1 });
    expect(report.candidate).toMatchObject({ fraudCaught: 1, recall: 1 });
    const smbc = report.topMoves.find((move) => move.domain === 'smbc-card-login.jp')!;
    expect(smbc).toMatchObject({ actual: { outcome: 'review', score: 30 }, candidate: { outcome: 'hold', score: 60 }, moved: [{ reason: 'BRAND_COMBOSQUAT', actual: 30, candidate: 60 }] });
    const load = report.queueLoad.reduce((sum, day) => ({ actual: sum.actual + day.actual, candidate: sum.candidate + day.candidate }), { actual: 0, candidate: 0 });
    expect(load.actual).toBe(2);
    // kyoto-ramen-login.top (weak name evidence, about 15 points) is allowed at 25 and would be reviewed at 10.
    expect(report.matrix.allow.review).toBe(1);
    expect(load.candidate).toBe(3);
    // The window and the version select.
    expect((await comparison.run({ since: new Date(Date.now() + 3_600_000) })).replayed).toBe(0);
    await expect(comparison.run({ version: 'no-such-version' })).rejects.toThrow(/no shadow results for rules version no-such-version; stored versions: /);
  });

  it('counts shadow screenings and agreement in /metrics', async () => {
    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    // Six stored screenings (the retry counts once): three combosquats held, one allowed TLD reviewed, two agreeing allows.
    expect(metrics).toMatch(/shinsa_shadow_screenings_total\{outcome="hold",agrees="false"\} 3\n/);
    expect(metrics).toMatch(/shinsa_shadow_screenings_total\{outcome="review",agrees="false"\} 1\n/);
    expect(metrics).toMatch(/shinsa_shadow_screenings_total\{outcome="allow",agrees="true"\} 2\n/);
    expect(metrics).not.toMatch(/shinsa_shadow_failures_total [1-9]/);
  });

  it('a subject export includes the shadow results', async () => {
    const exported = await new SubjectRequests(db, new MasterKeys(config.masterKey), new AuditLog(db)).export({ email: 'hanako.sato@sh1.example.ne.jp' }, 'privacy-officer');
    expect(exported.applications).toHaveLength(1);
    expect((exported.applications[0] as { shadowAssessments: unknown[] }).shadowAssessments).toEqual([expect.objectContaining({ outcome: 'hold', score: 60 })]);
  });

  it('the CLI prints the comparison, lists versions, and refuses an unknown version with exit 2', () => {
    const env = { DATABASE_URL: database.url, SHINSA_MASTER_KEY: TEST_MASTER_KEY, SHINSA_LOG_LEVEL: 'silent' };
    const run = (args: string[]) => runShinsa(['shadow', ...args], { env });
    const text = run([]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('outcome changes (rows: the deciding rules, columns: the shadow)');
    expect(text.stdout).toContain('BRAND_COMBOSQUAT 30→60');
    expect(JSON.parse(run(['--json']).stdout)).toMatchObject({ replayed: 5, matrix: { review: { hold: 2 } } });
    expect(run(['--list']).stdout).toMatch(/^\S+ {2}5 screenings {2}\d{4}-/);
    const unknown = run(['--version', 'nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no shadow results for rules version nope');
  }, timeoutForProcesses(4));

  it('a broken shadow rules directory stops the api at boot, naming the setting and the file', async () => {
    const broken = mkdtempSync(path.join(tmpdir(), 'shinsa-shadow-broken-'));
    try {
      cpSync(DEFAULT_RULES_DIR, broken, { recursive: true });
      writeFileSync(path.join(broken, 'outcomes.yaml'), 'thresholds: { review: 25, hold: 50 }\n');
      await expect(createApi({ ...config, shadowRulesDir: broken }, createLogger('silent', 'test-api'))).rejects.toThrow(/SHINSA_SHADOW_RULES_DIR: .*outcomes\.yaml/s);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
