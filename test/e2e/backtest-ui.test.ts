import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { createLogger } from '../../src/app/observability/logger';
import { WorkerRuntime } from '../../src/app/queue/worker-runtime';
import { ReviewerDirectory } from '../../src/app/review/reviewers';
import { defaultSignalRegistry } from '../../src/engine';
import { DEFAULT_RULES_DIR, loadRuleSet } from '../../src/screening/rules-directory';
import { launchBrowser, screenshot, signInToReview } from '../support/browser';
import { heavierCombosquatRules, labelApplications, screenSignups } from '../support/backtest-fixtures';
import { bundleOf } from '../support/rule-bundles';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, openDatabase, startApi, type RunningApi, type TestClient } from '../support/service';
import { PATIENCE_MS } from '../support/patience';

const PASSWORD = 'correct horse battery';
// The admin's backtest page in headless Chromium, against the real api, worker, PostgreSQL and Redis.
describe('backtest page in a browser', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let worker: WorkerRuntime;
  let db: DataSource;
  let client: TestClient;
  let work: string;
  const ids: Record<string, string> = {};
  const contexts: BrowserContext[] = [];

  const signIn = async (login: string): Promise<Page> => {
    const context = await launchBrowser(mkdtempSync(path.join(work, 'chromium-')));
    contexts.push(context);
    return signInToReview(context, api.baseUrl, login, PASSWORD);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    work = mkdtempSync(path.join(tmpdir(), 'shinsa-backtest-ui-'));
    config = testConfig(database.url, { SHINSA_RATE_LIMIT_PER_MINUTE: '1000', SHINSA_REVIEW_SECURE_COOKIE: 'false' });
    api = await startApi(config);
    worker = new WorkerRuntime(config, createLogger('silent', 'test-worker'));
    await worker.start();
    db = await openDatabase(config);
    client = await addClient(db, config);
    for (const [domain, answer] of Object.entries(await screenSignups(api.baseUrl, client, 'bte2e'))) ids[domain] = answer.id;
    await labelApplications(db, [[ids['smbc-card-login.jp']!, 'fraud'], [ids['kyoto-ramen.jp']!, 'legitimate']]);
    await new ReviewerDirectory(db).add({ login: 'arai', role: 'admin', displayName: 'ARAI', password: PASSWORD }, 'test');
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await worker?.stop();
    await api?.close();
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('an admin uploads a rules bundle, the worker runs it, and the page shows the matrix, the figures and the movers', async () => {
    // The candidate: combosquats weigh twice as much (60 instead of 30).
    const candidate = heavierCombosquatRules(path.join(work, 'candidate'));
    const version = loadRuleSet(candidate, defaultSignalRegistry()).version;

    const page = await signIn('arai');
    await Promise.all([page.waitForURL(`${api.baseUrl}/review/backtests`), page.click('nav a[href="/review/backtests"]')]);
    await page.setInputFiles('form.backtest-bundle input[name=bundle]', { name: 'combosquat-60.tar.gz', mimeType: 'application/gzip', buffer: await bundleOf(candidate) });
    await Promise.all([page.waitForURL(/\/review\/backtests\/[0-9a-f-]{36}$/), page.click('form.backtest-bundle button[type=submit]')]);
    const runId = page.url().split('/').pop()!;

    // The page refreshes itself until the worker is done.
    await page.waitForSelector('[data-field=state][data-state=done]', { timeout: PATIENCE_MS });
    expect(await page.locator('dl.summary').first().innerText()).toContain(version);
    expect(await page.locator('dl.summary').first().innerText()).toContain('combosquat-60.tar.gz');
    const cell = (actual: string, next: string) => page.locator(`table.matrix td[data-actual=${actual}][data-candidate=${next}]`).innerText();
    // smbc-card-login.jp and rakuten-card-secure.com: review 30 → hold 60; amazon-co-jp-login.com stays hold; two stay allow.
    expect(await cell('review', 'hold')).toBe('2');
    expect(await cell('review', 'review')).toBe('0');
    expect(await cell('allow', 'allow')).toBe('2');
    expect(await cell('hold', 'hold')).toBe('1');
    expect(await page.locator('[data-field=replayed]').innerText()).toBe('5');
    const candidateRow = page.locator('table.figures tr[data-version=candidate]');
    expect(await candidateRow.locator('[data-figure=fraudCaught]').innerText()).toBe('1');
    expect(await candidateRow.locator('[data-figure=legitimateFlagged]').innerText()).toBe('0');
    expect(await candidateRow.locator('[data-figure=precision]').innerText()).toBe('100.0%');
    expect(await candidateRow.locator('[data-figure=recall]').innerText()).toBe('100.0%');
    expect(await candidateRow.locator('[data-figure=hold]').innerText()).toBe('3');
    expect(await page.locator('table.queue-load tbody tr').count()).toBe(1);
    const smbc = page.locator(`table.moves tr[data-application-id="${ids['smbc-card-login.jp']}"]`);
    expect(await smbc.innerText()).toMatch(/BRAND_COMBOSQUAT 30 → 60/);
    await screenshot(page, 'backtest-run');

    // The application's id links to its case page.
    await Promise.all([page.waitForURL(/\/review\/cases\/[0-9a-f-]{36}$/), smbc.locator('a').click()]);
    expect(await page.locator('h1').innerText()).toContain('smbc-card-login.jp');

    // In Japanese, and listed on the backtest page.
    await page.goto(`${api.baseUrl}/review/backtests/${runId}?lang=ja`);
    expect(await page.locator('h2').first().innerText()).toBe('判定の変化');
    await page.goto(`${api.baseUrl}/review/backtests`);
    expect(await page.locator(`table.backtests tr[data-run-id="${runId}"]`).innerText()).toContain('完了');
    await screenshot(page, 'backtests');
    const views = await db.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'backtest.viewed' AND subject_id = $1 AND actor = 'arai'`, [runId]);
    expect(Number(views[0].n)).toBeGreaterThanOrEqual(2);
  });

  it('a broken bundle is refused on the page with the file and key, and nothing is queued', async () => {
    const broken = path.join(work, 'broken');
    cpSync(DEFAULT_RULES_DIR, broken, { recursive: true });
    writeFileSync(path.join(broken, 'outcomes.yaml'), 'thresholds: { review: 25, hold: 50 }\n');
    const runs = Number((await db.query('SELECT count(*) AS n FROM backtest_runs'))[0].n);
    const page = await signIn('arai');
    await page.goto(`${api.baseUrl}/review/backtests?lang=en`);
    await page.setInputFiles('form.backtest-bundle input[name=bundle]', { name: 'broken.tar.gz', mimeType: 'application/gzip', buffer: await bundleOf(broken) });
    const [response] = await Promise.all([page.waitForResponse((candidate) => candidate.request().method() === 'POST'), page.click('form.backtest-bundle button[type=submit]')]);
    expect(response.status()).toBe(422);
    expect(await page.locator('[role=alert]').innerText()).toContain('broken.tar.gz: outcomes.yaml: thresholds.deny');
    expect(Number((await db.query('SELECT count(*) AS n FROM backtest_runs'))[0].n)).toBe(runs);
  });
});
