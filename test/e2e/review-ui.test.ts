import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import type { BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { signRequest } from '../../src/app/crypto/signature';
import { EkycHeader } from '../../src/app/ekyc/generic-hmac';
import { createLogger } from '../../src/app/observability/logger';
import { JobName, QueueName, redisConnection } from '../../src/app/queue/queues';
import { WorkerRuntime } from '../../src/app/queue/worker-runtime';
import { DomainImporter } from '../../src/app/domains/domain-importer';
import { readPortfolio } from '../../src/app/domains/portfolio';
import { ReviewerDirectory } from '../../src/app/review/reviewers';
import { launchBrowser, signInToReview } from '../support/browser';
import { anUnlinkedApplication } from '../support/factories';
import { CallbackReceiver, type ReceivedCallback } from '../support/faults';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, json, openDatabase, postScreening, postSigned, startApi, type RunningApi, type TestClient } from '../support/service';
import { PATIENCE_MS } from '../support/patience';

const EKYC_SECRET = 'k'.repeat(40);
const PASSWORD = 'correct horse battery';
// The real UI in headless Chromium, against the real api, worker, PostgreSQL and Redis.
describe('reviewer UI in a browser', () => {
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

  const screen = async (domain: string): Promise<{ id: string; caseId: string; outcome: string }> => {
    serial += 1;
    const application = anUnlinkedApplication('ui', serial, { domain: { name: domain } });
    const response = await postScreening(api.baseUrl, client, JSON.stringify(application));
    const body = await json(response);
    expect(body.caseId, `${domain}: ${body.outcome}`).toEqual(expect.any(String));
    return { id: body.id, caseId: body.caseId, outcome: body.outcome };
  };

  const signIn = async (login: string): Promise<Page> => {
    const profile = mkdtempSync(path.join(tmpdir(), 'shinsa-chromium-'));
    profiles.push(profile);
    const context = await launchBrowser(profile);
    contexts.push(context);
    return signInToReview(context, api.baseUrl, login, PASSWORD);
  };

  const callbackOf = async (type: string, caseId: string | undefined, abuseReportId?: string): Promise<Record<string, any>> => {
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      const found = receiver.requests
        .map((request: ReceivedCallback) => JSON.parse(request.body))
        .find((body) => body.type === type && (caseId === undefined || body.data.caseId === caseId) && (abuseReportId === undefined || body.data.abuseReportId === abuseReportId));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type} callback for ${caseId ?? abuseReportId}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await CallbackReceiver.start();
    config = testConfig(database.url, {
      SHINSA_RATE_LIMIT_PER_MINUTE: '1000',
      SHINSA_EKYC_GENERIC_SECRET: EKYC_SECRET,
      SHINSA_EKYC_GENERIC_VERIFY_URL: 'https://ekyc.example/v/{request}',
      SHINSA_REVIEW_SECURE_COOKIE: 'false',
      SHINSA_RELAY_INTERVAL_MS: '100',
    });
    api = await startApi(config);
    worker = new WorkerRuntime(config, createLogger('silent', 'test-worker'));
    await worker.start();
    db = await openDatabase(config);
    client = await addClient(db, config, receiver.url);
    await db.query(`UPDATE api_clients SET name = 'example-registrar' WHERE key_id = $1`, [client.keyId]);
    const directory = new ReviewerDirectory(db);
    for (const [login, role] of [
      ['aoki', 'reviewer'],
      ['chiba', 'lead'],
      ['doi', 'lead'],
    ] as const) {
      await directory.add({ login, role, displayName: login.toUpperCase(), password: PASSWORD }, 'test');
    }
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

  it('log in, claim with the keyboard, open, request eKYC, receive the vendor result, decide, and the registrar hears of it', async () => {
    const later = await screen('smbc-card-login.jp');
    const first = await screen('rakuten-card-secure.com');
    await db.query(`UPDATE cases SET due_at = now() - interval '1 hour' WHERE id = $1`, [first.caseId]);
    await db.query(`UPDATE cases SET due_at = now() + interval '5 hours' WHERE id = $1`, [later.caseId]);
    const page = await signIn('aoki');

    // Queue: ordered by due time, the breached case first and marked.
    const rows = page.locator('#queue tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    expect(await rows.nth(0).getAttribute('data-case-id')).toBe(first.caseId);
    expect(await rows.nth(0).getAttribute('class')).toContain('breached');
    expect(Number(await page.locator('[data-count=breached]').innerText())).toBeGreaterThanOrEqual(1);

    // j moves down, k back up, c claims the selected row, Enter opens it.
    await page.keyboard.press('j');
    expect(await page.locator('#queue tbody tr.selected').getAttribute('data-case-id')).toBe(later.caseId);
    await page.keyboard.press('k');
    expect(await page.locator('#queue tbody tr.selected').getAttribute('data-case-id')).toBe(first.caseId);
    await Promise.all([page.waitForLoadState('load'), page.waitForURL(/\/review\?|\/review$/), page.keyboard.press('c')]);
    await expect.poll(async () => (await db.query('SELECT claimed_by FROM cases WHERE id = $1', [first.caseId]))[0].claimed_by).toBe('aoki');
    await page.locator(`#queue tbody tr[data-case-id="${first.caseId}"]`).click();
    await Promise.all([page.waitForURL(`${api.baseUrl}/review/cases/${first.caseId}`), page.keyboard.press('Enter')]);

    // The case page: every hit with its rule text, the personal data, the timeline.
    await expect.poll(() => page.locator('[data-field=state]').innerText()).toContain('claimed');
    const hits = page.locator('table.hits tbody tr');
    expect(await hits.count()).toBeGreaterThan(0);
    expect(await page.locator('table.hits').innerText()).toContain('BRAND_COMBOSQUAT');
    expect((await page.locator('table.hits td.rule').first().innerText()).length).toBeGreaterThan(10);
    expect(await page.locator('section.application').innerText()).toContain('hanako.sato@ui');
    expect(await page.locator('section.application').innerText()).toContain('126.200.');

    // Request eKYC (IC chip of the My Number card); the registrar gets the verification link.
    await page.selectOption('form.ekyc select[name=method]', 'mynumber_card_ic');
    await Promise.all([page.waitForLoadState('load'), page.click('form.ekyc button')]);
    await expect.poll(() => page.locator('[data-field=state]').innerText()).toContain('waiting for eKYC');
    const requested = await callbackOf('ekyc.requested', first.caseId);
    expect(requested.data).toMatchObject({ method: 'mynumber_card_ic', verificationUrl: expect.stringMatching(/^https:\/\/ekyc\.example\/v\//) });

    // The vendor calls back, signed; the case shows the result and is open for a decision.
    const result = JSON.stringify({ requestId: requested.data.ekycRequestId, vendorReference: 'IC-778', result: 'passed', checks: [{ check: 'name', passed: true }, { check: 'date_of_birth', passed: true }, { check: 'address', passed: true }], completedAt: new Date().toISOString() });
    const timestamp = Math.floor(Date.now() / 1000);
    const vendor = await fetch(`${api.baseUrl}/v1/ekyc/callbacks/generic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [EkycHeader.Timestamp]: String(timestamp), [EkycHeader.Signature]: signRequest(EKYC_SECRET, timestamp, { method: 'POST', path: '/v1/ekyc/callbacks/generic', body: result }) },
      body: result,
    });
    expect(vendor.status).toBe(200);
    await page.reload();
    expect(await page.locator('section.ekyc tr[data-ekyc-state=passed]').count()).toBe(1);
    expect(await page.locator('section.ekyc').innerText()).toContain('IC-778');

    // Claim again and approve: a review outcome needs one reviewer.
    await Promise.all([page.waitForLoadState('load'), page.click('form.claim button')]);
    await page.selectOption('form.decide.approve select[name=reasonCode]', 'EKYC_VERIFIED');
    await page.fill('form.decide.approve textarea[name=note]', 'IC chip read, all checks passed');
    await Promise.all([page.waitForLoadState('load'), page.click('form.decide.approve button')]);
    await expect.poll(() => page.locator('[data-field=state]').innerText()).toContain('decided');
    expect((await page.locator('section.timeline li[data-event]').evaluateAll((items) => items.map((item) => item.getAttribute('data-event')))).join(' ')).toMatch(/claimed.*ekyc_requested.*ekyc_result.*decided/);
    expect(await page.locator('section.timeline').innerText()).toContain('aoki approved (eKYC passed');

    const decided = await callbackOf('case.decided', first.caseId);
    expect(decided.data).toMatchObject({ decision: 'approved', reasonCode: 'EKYC_VERIFIED', applicationId: first.id });
    // Every view of the case's personal data is in the audit log.
    const views = await db.query(`SELECT actor, detail FROM audit_log WHERE action = 'case.viewed' AND subject_id = $1`, [first.id]);
    expect(views.length).toBeGreaterThanOrEqual(3);
    expect(views.every((row: { actor: string }) => row.actor === 'aoki')).toBe(true);
    const [label] = await db.query('SELECT verdict, reviewer FROM labels WHERE application_id = $1', [first.id]);
    expect(label).toEqual({ verdict: 'legitimate', reviewer: 'aoki' });
  });

  it('four eyes: a lead cannot confirm the approval they proposed; another lead can', async () => {
    const held = await screen('amazon-co-jp-login.com');
    expect(held.outcome).toBe('hold');
    const chiba = await signIn('chiba');
    await chiba.goto(`${api.baseUrl}/review/cases/${held.caseId}`);
    await Promise.all([chiba.waitForLoadState('load'), chiba.click('form.claim button')]);
    await chiba.selectOption('form.decide.approve select[name=reasonCode]', 'KNOWN_CUSTOMER');
    await chiba.fill('form.decide.approve textarea[name=note]', 'long-standing reseller');
    await Promise.all([chiba.waitForLoadState('load'), chiba.click('form.decide.approve button')]);
    await expect.poll(() => chiba.locator('[data-field=state]').innerText()).toContain('escalated');
    expect(await chiba.locator('.proposal').innerText()).toContain('chiba');

    await chiba.selectOption('form.decide.approve select[name=reasonCode]', 'KNOWN_CUSTOMER');
    await chiba.fill('form.decide.approve textarea[name=note]', 'approving my own proposal');
    const [refusal] = await Promise.all([chiba.waitForResponse((response) => response.request().method() === 'POST'), chiba.click('form.decide.approve button')]);
    expect(refusal.status()).toBe(403);
    expect(await chiba.locator('p.error').innerText()).toContain('four eyes');
    expect((await db.query('SELECT state FROM cases WHERE id = $1', [held.caseId]))[0].state).toBe('escalated');

    const doi = await signIn('doi');
    await doi.goto(`${api.baseUrl}/review/cases/${held.caseId}`);
    await doi.selectOption('form.decide.approve select[name=reasonCode]', 'KNOWN_CUSTOMER');
    await doi.fill('form.decide.approve textarea[name=note]', 'contract checked');
    await Promise.all([doi.waitForLoadState('load'), doi.click('form.decide.approve button')]);
    await expect.poll(() => doi.locator('[data-field=state]').innerText()).toContain('decided');
    const [event] = await db.query(`SELECT actor, data FROM case_events WHERE case_id = $1 AND type = 'decided'`, [held.caseId]);
    expect(event).toMatchObject({ actor: 'doi', data: { proposedBy: 'chiba', decision: 'approved' } });
  });

  it('an abuse report is confirmed from its page and becomes a fraud label', async () => {
    const reported = await screen('rakuten-card-login.net');
    const body = JSON.stringify({ domain: 'rakuten-card-login.net', category: 'phishing', url: 'https://rakuten-card-login.net/', reporter: { organization: 'JPCERT/CC (test)' } });
    const response = await postSigned(api.baseUrl, '/v1/abuse-reports', client, body);
    const { id } = await json(response);
    const page = await signIn('aoki');
    await page.click('nav a[href="/review/abuse-reports"]');
    const row = page.locator(`tr[data-report-id="${id}"]`);
    expect(await row.innerText()).toContain('JPCERT/CC (test)');
    await row.locator('input[name=note]').fill('phishing page confirmed');
    await Promise.all([page.waitForLoadState('load'), row.locator('button[value=confirm]').click()]);
    expect(await page.locator(`tr[data-report-id="${id}"]`).count()).toBe(0);
    await page.goto(`${api.baseUrl}/review/cases/${reported.caseId}`);
    expect(await page.locator('section.abuse').innerText()).toContain('phishing page confirmed');
    const [label] = await db.query('SELECT verdict, abuse_report_id FROM labels WHERE application_id = $1', [reported.id]);
    expect(label).toEqual({ verdict: 'fraud', abuse_report_id: id });
    expect((await callbackOf('abuse.confirmed', undefined, id)).data).toMatchObject({ domain: 'rakuten-card-login.net', applicationId: reported.id });
  });

  it('a rescan run on the workers shows on the rescan page with its changes and a CSV export', async () => {
    const clientId = client.id;
    await new DomainImporter(db).import(readPortfolio(path.resolve(__dirname, '..', '..', 'fixtures', 'portfolio', 'portfolio.jsonl')), { clientId });
    await db.query(`INSERT INTO active_domains (domain, client_id, source, body, created_at, updated_at) VALUES ('smbc-card-verify-login.jp', $1, 'import', $2, now(), now())`, [
      clientId,
      { externalId: 'import:smbc-card-verify-login.jp', product: 'domain', domain: { name: 'smbc-card-verify-login.jp' } },
    ]);
    const queue = new Queue(QueueName.Rescan, { connection: redisConnection(config.redisUrl, { failFast: true }), prefix: config.queuePrefix });
    await queue.add(JobName.RescanStart, { trigger: 'manual' }, { jobId: 'rescan-ui-test' });
    await queue.close();
    await expect.poll(async () => (await db.query(`SELECT state FROM rescan_runs WHERE job_id = 'rescan-ui-test'`))[0]?.state, { timeout: PATIENCE_MS }).toBe('finished');
    const [run] = await db.query(`SELECT id, changed FROM rescan_runs WHERE job_id = 'rescan-ui-test'`);
    expect(Number(run.changed)).toBeGreaterThanOrEqual(1);

    const page = await signIn('chiba');
    await page.click('nav a[href="/review/rescans"]');
    await Promise.all([page.waitForURL(`${api.baseUrl}/review/rescans/${run.id}`), page.click(`tr[data-run-id="${run.id}"] a`)]);
    const changes = await page.locator('table.changes').innerText();
    expect(changes).toContain('smbc-card-verify-login.jp');
    expect(changes).toContain('BRAND_COMBOSQUAT');
    const csv = await page.request.get(`${api.baseUrl}/review/rescans/${run.id}/changes.csv`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('domain,previous_outcome,outcome,previous_score,score,worsened,case_id,reasons');
    expect(lines.length).toBe(Number(run.changed) + 1);
    expect(lines.some((line) => line.startsWith('smbc-card-verify-login.jp,allow,'))).toBe(true);
  });

  it('refuses a post without the session’s CSRF token, audits it, and changes nothing', async () => {
    const target = await screen('smbc-card-verify.jp');
    const page = await signIn('aoki');
    const before = Number((await db.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'csrf.rejected'`))[0].n);
    // The browser's own cookies, a forged form: what a cross-site post would carry at best.
    const forged = await page.request.post(`${api.baseUrl}/review/cases/${target.caseId}/claim`, { form: { _csrf: 'forged-token' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('CSRF');
    const missing = await page.request.post(`${api.baseUrl}/review/cases/${target.caseId}/claim`, { form: { next: '/review' }, maxRedirects: 0 });
    expect(missing.status()).toBe(403);
    expect((await db.query('SELECT state, claimed_by FROM cases WHERE id = $1', [target.caseId]))[0]).toEqual({ state: 'open', claimed_by: null });
    expect(Number((await db.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'csrf.rejected' AND actor = 'aoki'`))[0].n)).toBe(before + 2);
    // Without a session at all, a post is sent to the login page.
    const anonymous = await fetch(`${api.baseUrl}/review/cases/${target.caseId}/claim`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=x', redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/review/login');
  });

  it('speaks Japanese, filters the queue, shows the metrics, and sets safe session cookies', async () => {
    const page = await signIn('chiba');
    const cookie = (await page.context().cookies()).find((entry) => entry.name === 'shinsa_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/review' });
    await page.goto(`${api.baseUrl}/review?lang=ja&outcome=hold&state=all`);
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await page.locator('h1').innerText()).toBe('キュー');
    const outcomes = await page.locator('#queue tbody tr td:nth-child(3)').allInnerTexts();
    expect(outcomes.length).toBeGreaterThan(0);
    expect(new Set(outcomes)).toEqual(new Set(['保留']));
    await page.goto(`${api.baseUrl}/review/metrics`);
    expect(await page.locator('h1').innerText()).toBe('指標');
    const decided = Number((await db.query(`SELECT count(*) AS n FROM cases WHERE state = 'decided'`))[0].n);
    expect(Number(await page.locator('[data-metric=decided]').innerText())).toBe(decided);
    const backlog = Number((await db.query(`SELECT count(*) AS n FROM cases WHERE state <> 'decided'`))[0].n);
    expect(Number(await page.locator('[data-metric=backlog]').innerText())).toBe(backlog);
    // A reviewer is not an admin: the accounts page is refused.
    const aoki = await signIn('aoki');
    const accounts = await aoki.goto(`${api.baseUrl}/review/accounts`);
    expect(accounts?.status()).toBe(403);
  });
});
