import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backtest, type BacktestReport } from '../../src/app/backtest/backtest';
import type { AppConfig } from '../../src/app/config/config';
import { driverPool } from '../../src/app/database/data-source';
import { defaultSignalRegistry, ScreeningEngine } from '../../src/engine';
import { loadKnowledge } from '../../src/knowledge';
import { DEFAULT_RULES_DIR, loadRuleSet } from '../../src/screening/rules-directory';
import { heavierCombosquatRules, labelApplications, screenSignups } from '../support/backtest-fixtures';
import { runShinsa, timeoutForProcesses } from '../support/cli';
import { createTestDatabase, TEST_MASTER_KEY, testConfig } from '../support/service-env';
import { anUnlinkedApplication } from '../support/factories';
import { addClient, deleteQueueKeys, json, openDatabase, postScreening, startApi, type RunningApi, type TestClient } from '../support/service';

// Real parts: applications screened through the api into PostgreSQL, then replayed from there.
describe('backtest', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let client: TestClient;
  let candidateDir: string;
  const ids: Record<string, string> = {};

  const candidate = (): ScreeningEngine => new ScreeningEngine(loadRuleSet(candidateDir, defaultSignalRegistry()), loadKnowledge());

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url, { SHINSA_RATE_LIMIT_PER_MINUTE: '1000' });
    api = await startApi(config);
    db = await openDatabase(config);
    client = await addClient(db, config);
    for (const [domain, answer] of Object.entries(await screenSignups(api.baseUrl, client, 'bt'))) ids[domain] = answer.id;
    await labelApplications(db, [[ids['smbc-card-login.jp']!, 'fraud'], [ids['sato-hanako.jp']!, 'legitimate'], [ids['rakuten-card-secure.com']!, 'fraud']]);
    // The candidate: combosquats weigh twice as much.
    candidateDir = heavierCombosquatRules(mkdtempSync(path.join(tmpdir(), 'shinsa-candidate-')));
  });

  afterAll(async () => {
    if (candidateDir) rmSync(candidateDir, { recursive: true, force: true });
    await api?.close();
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  it('with the deciding rules as the candidate, nothing moves', async () => {
    const same = new ScreeningEngine(loadRuleSet(DEFAULT_RULES_DIR, defaultSignalRegistry()), loadKnowledge());
    const report = await new Backtest(driverPool(db)).run(same);
    expect(report.replayed).toBe(5);
    expect(report.topMoves).toEqual([]);
    for (const actual of ['allow', 'review', 'hold', 'deny'] as const) {
      for (const next of ['allow', 'review', 'hold', 'deny'] as const) if (actual !== next) expect(report.matrix[actual][next]).toBe(0);
    }
    expect(report.candidate.fraudCaught).toBe(report.actual.fraudCaught);
  });

  it('shows what a heavier combosquat weight would change: the matrix, precision and recall, the queue, the movers', async () => {
    const report: BacktestReport = await new Backtest(driverPool(db)).run(candidate());
    expect(report).toMatchObject({ replayed: 5, skipped: 0, labelled: { fraud: 2, legitimate: 1 } });
    expect(report.candidateVersion).not.toBe(report.actual.rulesVersions[0]);
    // The two combosquats at review (30 points) move to hold (60); the others stay.
    expect(report.matrix.review.hold).toBe(2);
    expect(report.matrix.allow.allow).toBe(2);
    expect(report.actual).toMatchObject({ fraudCaught: 2, legitimateFlagged: 0, precision: 1, recall: 1 });
    expect(report.candidate).toMatchObject({ fraudCaught: 2, legitimateFlagged: 0 });
    const movers = report.topMoves.map((move) => move.domain);
    expect(movers).toEqual(expect.arrayContaining(['smbc-card-login.jp', 'rakuten-card-secure.com', 'amazon-co-jp-login.com']));
    const smbc = report.topMoves.find((move) => move.domain === 'smbc-card-login.jp')!;
    expect(smbc).toMatchObject({ actual: { outcome: 'review', score: 30 }, candidate: { outcome: 'hold', score: 60 }, moved: [{ reason: 'BRAND_COMBOSQUAT', actual: 30, candidate: 60 }] });
    // Review and hold both open cases: the same load, shifted between them.
    expect(report.queueLoad).toHaveLength(1);
    expect(report.queueLoad[0]!.actual).toBe(report.queueLoad[0]!.candidate);
  });

  it('replays only the window asked for', async () => {
    const later = new Date(Date.now() + 3_600_000);
    expect((await new Backtest(driverPool(db)).run(candidate(), { since: later })).replayed).toBe(0);
    expect((await new Backtest(driverPool(db)).run(candidate(), { until: later })).replayed).toBe(5);
  });

  it('replays a revised application with the assessment of its current revision', async () => {
    const index = Object.keys(ids).indexOf('sato-hanako.jp');
    const revise = async (domain: string): Promise<void> => {
      const response = await postScreening(api.baseUrl, client, JSON.stringify(anUnlinkedApplication('bt', index + 1, { domain: { name: domain } })));
      expect((await json(response)).id).toBe(ids['sato-hanako.jp']);
    };
    await revise('smbc-card-login-secure.com');
    const same = new ScreeningEngine(loadRuleSet(DEFAULT_RULES_DIR, defaultSignalRegistry()), loadKnowledge());
    const report = await new Backtest(driverPool(db)).run(same);
    expect(report.replayed).toBe(5);
    expect(report.topMoves).toEqual([]);
    // Back as it was, for the tests after this one.
    await revise('sato-hanako.jp');
  });

  it('the CLI prints the report or JSON, and names a broken rules file with exit 2', () => {
    const env = { DATABASE_URL: database.url, SHINSA_MASTER_KEY: TEST_MASTER_KEY, SHINSA_LOG_LEVEL: 'silent' };
    const run = (args: string[]) => runShinsa(['backtest', ...args], { env });
    const text = run(['--rules', candidateDir]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('outcome changes');
    expect(text.stdout).toContain('BRAND_COMBOSQUAT 30→60');
    const asJson = run(['--rules', candidateDir, '--json', '--since', '2020-01-01']);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ replayed: 5, matrix: { review: { hold: 2 } } });
    writeFileSync(path.join(candidateDir, 'outcomes.yaml'), 'thresholds: { review: 25, hold: 50 }\n');
    const broken = run(['--rules', candidateDir]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('outcomes.yaml');
    expect(broken.stderr).toContain('thresholds.deny');
    const badDate = run(['--rules', DEFAULT_RULES_DIR, '--since', 'yesterday']);
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toContain('--since: not a date');
  }, timeoutForProcesses(4));
});
