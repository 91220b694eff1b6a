import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { createLogger } from '../../src/app/observability/logger';
import { WorkerRuntime } from '../../src/app/queue/worker-runtime';
import { ReviewerDirectory } from '../../src/app/review/reviewers';
import { ReviewBrowsers, screenshot } from '../support/browser';
import { anUnlinkedApplication } from '../support/factories';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, json, openDatabase, postScreening, startApi, waitFor, type RunningApi, type TestClient } from '../support/service';

const PASSWORD = 'correct horse battery';
const FEED = readFileSync(path.resolve(__dirname, '..', '..', 'fixtures', 'feeds', 'jpcert-phishurl.csv'));

// The Feeds page and a feed-matched case's campaign view in headless Chromium, against the real
// api, worker, PostgreSQL and Redis, with the feed served by a local HTTP server.
describe('threat feeds in the reviewer UI', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let worker: WorkerRuntime;
  let db: DataSource;
  let client: TestClient;
  let feedServer: Server;
  const feedsFile = path.join(tmpdir(), `shinsa-feeds-ui-${process.pid}-${Date.now()}.yaml`);
  const browsers = new ReviewBrowsers(() => api.baseUrl, PASSWORD);
  const signIn = (login: string): Promise<Page> => browsers.signIn(login);
  const siblings: string[] = [];

  beforeAll(async () => {
    feedServer = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/csv', etag: '"v1"' }).end(FEED));
    await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/phishurl/{yyyy}{mm}.csv`;
    writeFileSync(feedsFile, `feeds:\n  - name: jpcert\n    url: ${url}\n    format: jpcert-phishurl\n    trust: trusted\n    schedule: "0 3 1 1 *"\n`);
    database = await createTestDatabase();
    config = testConfig(database.url, { SHINSA_RATE_LIMIT_PER_MINUTE: '1000', SHINSA_REVIEW_SECURE_COOKIE: 'false', SHINSA_FEEDS_FILE: feedsFile });
    api = await startApi(config);
    worker = new WorkerRuntime(config, createLogger('silent', 'test-worker'));
    await worker.start();
    db = await openDatabase(config);
    client = await addClient(db, config);
    await db.query(`UPDATE api_clients SET name = 'example-registrar' WHERE key_id = $1`, [client.keyId]);
    const directory = new ReviewerDirectory(db);
    for (const [login, role] of [
      ['eda', 'admin'],
      ['chiba', 'lead'],
    ] as const) {
      await directory.add({ login, role, displayName: login.toUpperCase(), password: PASSWORD }, 'test');
    }
    // The domain JPCERT/CC will list and two siblings registered with the same card and device.
    const campaign = { payment: { fingerprint: 'sha256:campaign-card' }, signup: { deviceId: 'device-campaign-7' } };
    for (const [serial, domain] of [
      [1, 'mufg-secure-feedtest.jp'],
      [2, 'mufg-support-feedtest.jp'],
      [3, 'mufg-help-feedtest.com'],
    ] as const) {
      const response = await postScreening(api.baseUrl, client, JSON.stringify(anUnlinkedApplication('feedui', serial, { domain: { name: domain }, ...campaign })));
      expect(response.status).toBe(200);
      if (serial > 1) siblings.push((await json(response)).id);
    }
  }, 60_000);

  afterAll(async () => {
    await browsers.close();
    await worker?.stop();
    await api?.close();
    await db?.destroy();
    feedServer?.close();
    rmSync(feedsFile, { force: true });
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  it('an admin pulls a feed from the Feeds page and reads the pull history and matches, in English and Japanese', async () => {
    const page = await signIn('eda');
    await page.click('nav a[href="/review/feeds"]');
    expect(await page.textContent('h1')).toBe('Feeds');
    const row = page.locator('tr[data-feed="jpcert"]');
    expect(await row.textContent()).toContain('/phishurl/{yyyy}{mm}.csv');
    await Promise.all([page.waitForURL(/\/review\/feeds\?queued=jpcert/), row.locator('button').click()]);
    expect(await page.textContent('p.notice')).toContain('Pull of jpcert queued');
    // The worker pulls it: reload until the history shows the pull.
    await waitFor(async () => {
      await page.reload();
      return (await page.locator('table.pulls tr[data-pull-id]').count()) > 0 && !(await page.locator('table.pulls').textContent())?.includes('running') ? true : undefined;
    }, 'the pull in the history');
    const history = await page.locator('table.pulls tbody tr').first().textContent();
    expect(history).toContain('ok');
    expect(history).toContain('manual');
    expect(await page.locator('table.matches').textContent()).toContain('mufg-secure-feedtest.jp');
    await screenshot(page, 'feeds');
    await page.goto(`${api.baseUrl}/review/feeds?lang=ja`);
    expect(await page.textContent('h1')).toBe('脅威フィード');
    expect(await page.textContent('main')).toContain('取得履歴');
    expect(await page.locator('table.matches').textContent()).toContain('確認済み');

    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    expect(metrics).toContain('shinsa_feed_entries{feed="jpcert",outcome="new"} 8');
    expect(metrics).toContain('shinsa_feed_entries{feed="jpcert",outcome="bad"} 3');
    expect(metrics).toMatch(/shinsa_feed_matches\{feed="jpcert",result="confirmed"\} 1/);
    expect(metrics).toMatch(/shinsa_feed_entry_to_case_seconds\{feed="jpcert",quantile="0.5"\} \d/);
  });

  it("a lead sees the feed-matched domain's campaign on its case and opens cases for every sibling at once", async () => {
    const [matched] = await db.query(`SELECT c.id FROM cases c JOIN applications a ON a.id = c.application_id WHERE a.domain_name = 'mufg-secure-feedtest.jp' AND c.outcome = 'deny'`);
    const page = await signIn('chiba');
    const forbidden = await page.goto(`${api.baseUrl}/review/feeds`);
    expect(forbidden?.status()).toBe(403);
    await page.goto(`${api.baseUrl}/review/cases/${matched.id}?lang=en`);
    const section = page.locator('section.feed-campaign');
    expect(await section.locator('table.feed-matches').textContent()).toContain('https://login.mufg-secure-feedtest.jp/signin');
    const listed = await section.locator('table.siblings tr[data-sibling]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-sibling')));
    expect(listed.sort()).toEqual([...siblings].sort());
    expect(await section.locator('table.siblings').textContent()).toContain('payment_fingerprint');
    await Promise.all([page.waitForURL(/campaign=2\./), section.locator('form.campaign-cases button').click()]);
    // The label's propagation may have reached the siblings already (then their cases are left as they are).
    const notice = /Campaign: (\d) case\(s\) opened, (\d) raised, (\d) left as they were/.exec((await page.textContent('section.feed-campaign p.notice')) ?? '');
    expect(notice).not.toBeNull();
    expect(Number(notice![1]) + Number(notice![2]) + Number(notice![3])).toBe(2);
    const cases = await db.query(`SELECT DISTINCT ON (application_id) application_id, outcome, state FROM cases WHERE application_id = ANY($1::uuid[]) ORDER BY application_id, created_at DESC`, [siblings]);
    expect(cases).toHaveLength(2);
    for (const row of cases) {
      expect(['hold', 'deny']).toContain(row.outcome);
      expect(row.state).not.toBe('decided');
    }
    const [audit] = await db.query(`SELECT actor, detail FROM audit_log WHERE action = 'campaign.cases_opened'`);
    expect(audit).toMatchObject({ actor: 'chiba', detail: { siblings: 2, skipped: Number(notice![3]) } });
    await page.goto(`${api.baseUrl}/review/cases/${matched.id}?lang=ja`);
    expect(await page.textContent('section.feed-campaign h2')).toBe('脅威フィードの掲載');
  });
});
