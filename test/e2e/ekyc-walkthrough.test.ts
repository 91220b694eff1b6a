import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page, Response } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { createLogger } from '../../src/app/observability/logger';
import { WorkerRuntime } from '../../src/app/queue/worker-runtime';
import { ReviewerDirectory } from '../../src/app/review/reviewers';
import { launchBrowser, screenshot, signInToReview } from '../support/browser';
import { anUnlinkedApplication } from '../support/factories';
import { CallbackReceiver, type ReceivedCallback } from '../support/faults';
import { PATIENCE_MS } from '../support/patience';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, json, openDatabase, postScreening, startApi, type RunningApi, type TestClient } from '../support/service';

const PASSWORD = 'correct horse battery';

/** A port nobody listens on now: the simulated vendor's links name the api's own address. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// The whole eKYC walk-through as `shinsa up` runs it in development (SHINSA_ENV=development, no
// vendor configured): real api, worker, PostgreSQL, Redis and headless Chromium; the vendor is
// shinsa's simulated page, which calls the real signed callback.
describe('eKYC walk-through in development, in a browser, in Japanese and English', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let worker: WorkerRuntime;
  let db: DataSource;
  let client: TestClient;
  let receiver: CallbackReceiver;
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  let serial = 0;

  const screen = async (overrides: Parameters<typeof anUnlinkedApplication>[2]): Promise<{ id: string; caseId: string }> => {
    serial += 1;
    const response = await postScreening(api.baseUrl, client, JSON.stringify(anUnlinkedApplication('walk', serial, overrides)));
    const body = await json(response);
    expect(body.caseId, `${body.outcome}`).toEqual(expect.any(String));
    return { id: body.id, caseId: body.caseId };
  };

  const browser = async (): Promise<BrowserContext> => {
    const profile = mkdtempSync(path.join(tmpdir(), 'shinsa-chromium-'));
    profiles.push(profile);
    const context = await launchBrowser(profile);
    contexts.push(context);
    return context;
  };

  const callbackOf = async (type: string, caseId: string): Promise<Record<string, any>> => {
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      const found = receiver.requests.map((request: ReceivedCallback) => JSON.parse(request.body)).find((body) => body.type === type && body.data.caseId === caseId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type} callback for ${caseId}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  /** Every response the page gets that is a 4xx or 5xx (the favicon included). */
  const failures = (page: Page): string[] => {
    const seen: string[] = [];
    page.on('response', (response: Response) => {
      if (response.status() >= 400) seen.push(`${response.status()} ${response.url()}`);
    });
    return seen;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await CallbackReceiver.start();
    config = testConfig(database.url, { SHINSA_ENV: 'development', PORT: String(await freePort()), SHINSA_RATE_LIMIT_PER_MINUTE: '1000', SHINSA_RELAY_INTERVAL_MS: '100' });
    expect(config.ekycSimulator).toBe(true);
    api = await startApi(config);
    worker = new WorkerRuntime(config, createLogger('silent', 'test-worker'));
    await worker.start();
    db = await openDatabase(config);
    client = await addClient(db, config, receiver.url);
    await db.query(`UPDATE api_clients SET name = 'example-registrar' WHERE key_id = $1`, [client.keyId]);
    for (const login of ['aoki', 'doi']) await new ReviewerDirectory(db).add({ login, role: 'lead', displayName: login.toUpperCase(), password: PASSWORD }, 'test');
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
    await worker?.stop();
    await api?.close();
    await receiver?.close();
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  for (const lang of ['ja', 'en'] as const) {
    it(`${lang}: request eKYC, the applicant passes on the vendor page, the case is back in the queue, approve with EKYC_VERIFIED`, async () => {
      // An earlier application that verified the same SMS number under another name: the case page shows it beside this one.
      const sms = `+8180${String(40000000 + serial * 1111).slice(0, 8)}`;
      await screen({ domain: { name: `mufg-card-login-${lang}.jp` }, registrant: { name: { kanji: '鈴木 一郎', kana: 'スズキ イチロウ' } }, verification: { sms: { number: sms } } });
      const target = await screen({ domain: { name: `smbc-card-login-${lang}.jp` }, registrant: { name: { kanji: '佐藤 花子', kana: 'サトウ ハナコ' } }, verification: { sms: { number: sms } } });

      const reviewer = await signInToReview(await browser(), api.baseUrl, 'aoki', PASSWORD);
      const reviewerFailures = failures(reviewer);
      await reviewer.goto(`${api.baseUrl}/review/cases/${target.caseId}?lang=${lang}`);
      await Promise.all([reviewer.waitForLoadState('load'), reviewer.click('form.claim button')]);
      // eKYC reasons are not offered before an eKYC.
      expect(await reviewer.locator('form.decide.approve select[name=reasonCode] option[value=EKYC_VERIFIED]').count()).toBe(0);
      expect(await reviewer.locator('table.compare td[data-likeness=same]').count()).toBeGreaterThan(0);
      expect(await reviewer.locator('table.compare').innerText()).toContain('鈴木 一郎');
      await reviewer.selectOption('form.ekyc select[name=method]', 'mynumber_card_ic');
      await Promise.all([reviewer.waitForLoadState('load'), reviewer.click('form.ekyc button')]);
      expect(await reviewer.locator('[data-field=state] .badge').innerText()).toBe(lang === 'ja' ? 'eKYC 待ち' : 'waiting for eKYC');

      // The registrar is told the link to show the applicant: shinsa's simulated vendor.
      const requested = await callbackOf('ekyc.requested', target.caseId);
      const link: string = requested.data.verificationUrl;
      expect(link.startsWith(`${api.baseUrl}/dev/ekyc/${requested.data.ekycRequestId}`)).toBe(true);
      expect(await reviewer.locator('a.verification-link').getAttribute('href')).toBe(link);

      // The applicant, in a browser of their own, passes.
      const applicant = (await browser()).pages()[0] ?? (await (await browser()).newPage());
      const applicantFailures = failures(applicant);
      await applicant.goto(`${link}&lang=${lang}`);
      expect(await applicant.locator('h1').innerText()).toBe(lang === 'ja' ? 'eKYC ベンダー（シミュレーション）' : 'Simulated eKYC vendor');
      await screenshot(applicant, `ekyc-vendor-${lang}`, { fullPage: false });
      await Promise.all([applicant.waitForURL(/sent=passed/), applicant.click('button[data-result=passed]')]);
      expect(await applicant.locator('[data-sent=passed]').innerText()).toContain('200');

      // Back in the queue, open, with the result; the reviewer claims it and approves with EKYC_VERIFIED.
      await reviewer.goto(`${api.baseUrl}/review?lang=${lang}`);
      const row = reviewer.locator(`#queue tbody tr[data-case-id="${target.caseId}"]`);
      expect(await row.locator('.badge').first().innerText()).toBe(lang === 'ja' ? '未着手' : 'open');
      expect(await row.innerText()).toContain(lang === 'ja' ? '合格' : 'passed');
      await screenshot(reviewer, `review-queue-${lang}`, { fullPage: false });
      await reviewer.goto(`${api.baseUrl}/review/cases/${target.caseId}`);
      expect(await reviewer.locator('section.ekyc tr[data-ekyc-state=passed]').count()).toBe(1);
      await Promise.all([reviewer.waitForLoadState('load'), reviewer.click('form.claim button')]);
      expect(await reviewer.locator('form.decide.approve select[name=reasonCode] option[value=EKYC_VERIFIED]').count()).toBe(1);
      expect(await reviewer.locator('form.decide.reject select[name=reasonCode] option[value=EKYC_FAILED]').count()).toBe(0);
      await screenshot(reviewer, `review-case-${lang}`);
      await reviewer.selectOption('form.decide.approve select[name=reasonCode]', 'EKYC_VERIFIED');
      await reviewer.fill('form.decide.approve textarea[name=note]', 'IC chip read, all checks passed');
      await Promise.all([reviewer.waitForLoadState('load'), reviewer.click('form.decide.approve button')]);
      // The shared SMS number made it a hold: approving it is a proposal another lead confirms (four eyes).
      expect(await reviewer.locator('[data-field=state] .badge').innerText()).toBe(lang === 'ja' ? 'エスカレーション' : 'escalated');
      const second = await signInToReview(await browser(), api.baseUrl, 'doi', PASSWORD);
      await second.goto(`${api.baseUrl}/review/cases/${target.caseId}?lang=${lang}`);
      await second.selectOption('form.decide.approve select[name=reasonCode]', 'EKYC_VERIFIED');
      await second.fill('form.decide.approve textarea[name=note]', 'agreed: chip and checks passed');
      await Promise.all([second.waitForLoadState('load'), second.click('form.decide.approve button')]);
      expect(await second.locator('[data-field=state] .badge').innerText()).toBe(lang === 'ja' ? '決定済み' : 'decided');
      const timeline = await second.locator('section.timeline').innerText();
      expect(timeline).toContain(lang === 'ja' ? 'eKYC の結果：合格' : 'eKYC result: passed');
      expect(timeline).not.toMatch(/[{}]|leaseUntil/);
      expect((await callbackOf('case.decided', target.caseId)).data).toMatchObject({ decision: 'approved', reasonCode: 'EKYC_VERIFIED' });

      await reviewer.goto(`${api.baseUrl}/review/metrics`);
      expect(await reviewer.locator('[data-metric=median]').innerText()).toMatch(lang === 'ja' ? /^\d+ 分$/ : /^\d+ min$/);
      await screenshot(reviewer, `review-metrics-${lang}`, { fullPage: false });
      expect(reviewerFailures).toEqual([]);
      expect(applicantFailures).toEqual([]);
    });
  }

  it('keeps state and outcome badges on one line from 1,280 to 1,920 px, and serves /favicon.ico', async () => {
    await screen({ domain: { name: 'rakuten-card-secure.com' } });
    const page = await signInToReview(await browser(), api.baseUrl, 'aoki', PASSWORD);
    for (const width of [1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${api.baseUrl}/review?lang=ja&state=all`);
      const heights = await page.locator('#queue tbody .badge').evaluateAll((badges) =>
        badges.map((badge) => {
          const style = badge.ownerDocument.defaultView!.getComputedStyle(badge);
          return { height: badge.getBoundingClientRect().height, line: parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5 };
        }),
      );
      expect(heights.length).toBeGreaterThan(2);
      for (const { height, line } of heights) expect(height, `at ${width} px`).toBeLessThanOrEqual(line * 1.2);
    }
    const icon = await page.request.get(`${api.baseUrl}/favicon.ico`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toContain('image/svg+xml');
  });
});
