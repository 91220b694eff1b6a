import { createHash, randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backtest, type BacktestReport } from '../../src/app/backtest/backtest';
import { BacktestRuns } from '../../src/app/backtest/backtest-runs';
import { ShadowComparison } from '../../src/app/backtest/shadow';
import type { AppConfig } from '../../src/app/config/config';
import { SubjectRequests } from '../../src/app/retention/subject-requests';
import { MasterKeys } from '../../src/app/crypto/secret-box';
import { AuditLog } from '../../src/app/review/audit-log';
import { driverPool } from '../../src/app/database/data-source';
import { createLogger } from '../../src/app/observability/logger';
import { backtestJobId, JobName, QueueName, redisConnection, type BacktestRunJob } from '../../src/app/queue/queues';
import { WorkerRuntime } from '../../src/app/queue/worker-runtime';
import { ReviewerDirectory } from '../../src/app/review/reviewers';
import { defaultSignalRegistry, ScreeningEngine } from '../../src/engine';
import { loadKnowledge } from '../../src/knowledge';
import { DEFAULT_RULES_DIR, loadRuleSet } from '../../src/screening/rules-directory';
import { heavierCombosquatRules, labelApplications, screenSignups } from '../support/backtest-fixtures';
import { bundleOf, tarGz, type BundleEntry } from '../support/rule-bundles';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, openDatabase, startApi, submitReviewLogin, waitFor, type RunningApi, type TestClient } from '../support/service';

const PASSWORD = 'correct horse battery';

interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

// Real parts: the api on a port, a worker (BullMQ on Redis), PostgreSQL; bundles packed with tar-stream.
describe('backtests in the review UI', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let worker: WorkerRuntime;
  let db: DataSource;
  let client: TestClient;
  let candidates: string;
  const ids: Record<string, string> = {};
  const sessions: Record<string, Session> = {};

  const candidateDir = (): string => path.join(candidates, 'heavier-combosquat');

  const signIn = async (login: string): Promise<Session> => {
    const response = await submitReviewLogin(api.baseUrl, login, PASSWORD);
    expect(response.status).toBe(303);
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('shinsa_session='))!.split(';')[0]!;
    const queue = await fetch(`${api.baseUrl}/review`, { headers: { cookie } });
    return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(await queue.text())![1]! };
  };

  const postForm = (session: Session, route: string, fields: Record<string, string>): Promise<Response> =>
    fetch(`${api.baseUrl}/review/backtests/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
      body: new URLSearchParams({ _csrf: session.csrf, since: '', until: '', ...fields }).toString(),
      redirect: 'manual',
    });

  const upload = (session: Session, bytes: Buffer, fileName = 'candidate.tar.gz', fields: Record<string, string> = {}): Promise<Response> => {
    const body = new FormData();
    body.set('_csrf', session.csrf);
    for (const [name, value] of Object.entries({ since: '', until: '', ...fields })) body.set(name, value);
    body.set('bundle', new Blob([bytes], { type: 'application/gzip' }), fileName);
    return fetch(`${api.baseUrl}/review/backtests/bundle`, { method: 'POST', headers: { cookie: session.cookie }, body, redirect: 'manual' });
  };

  /** The run a request was redirected to, once the worker has finished it. */
  const finishedRun = async (response: Response): Promise<{ id: string; state: string; report: BacktestReport | null; error: string | null; source: string; source_name: string; bundle_sha256: string | null; bundle: Buffer | null; candidate_version: string; progress: string; total: string | null }> => {
    expect(response.status, await response.clone().text()).toBe(303);
    const id = /^\/review\/backtests\/([0-9a-f-]{36})$/.exec(response.headers.get('location') ?? '')![1]!;
    return waitFor(async () => {
      const [row] = await db.query('SELECT * FROM backtest_runs WHERE id = $1', [id]);
      return row && (row.state === 'done' || row.state === 'failed') ? row : undefined;
    }, `backtest run ${id}`);
  };

  const runCount = async (): Promise<number> => Number((await db.query('SELECT count(*) AS n FROM backtest_runs'))[0].n);
  /** A page's text as a person reads it: tags dropped, entities decoded, spaces collapsed. */
  const pageText = (body: string): string =>
    body
      .replace(/<[^>]+>/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ');

  beforeAll(async () => {
    database = await createTestDatabase();
    // Candidates: combosquats weigh twice as much; and one whose thresholds lack deny.
    candidates = mkdtempSync(path.join(tmpdir(), 'shinsa-candidates-'));
    heavierCombosquatRules(candidateDir());
    cpSync(DEFAULT_RULES_DIR, path.join(candidates, 'no-deny'), { recursive: true });
    writeFileSync(path.join(candidates, 'no-deny', 'outcomes.yaml'), 'thresholds: { review: 25, hold: 50 }\n');
    mkdirSync(path.join(candidates, 'not a valid name'));
    // Shadow mode scores every screening with the heavier-combosquat candidate as well.
    config = testConfig(database.url, { SHINSA_RATE_LIMIT_PER_MINUTE: '1000', SHINSA_REVIEW_SECURE_COOKIE: 'false', SHINSA_RULES_CANDIDATES_DIR: candidates, SHINSA_SHADOW_RULES_DIR: candidateDir() });
    api = await startApi(config);
    worker = new WorkerRuntime(config, createLogger('silent', 'test-worker'));
    await worker.start();
    db = await openDatabase(config);
    client = await addClient(db, config);
    for (const [domain, answer] of Object.entries(await screenSignups(api.baseUrl, client, 'btui'))) ids[domain] = answer.id;
    await labelApplications(db, [[ids['smbc-card-login.jp']!, 'fraud'], [ids['sato-hanako.jp']!, 'legitimate'], [ids['rakuten-card-secure.com']!, 'fraud']]);
    const directory = new ReviewerDirectory(db);
    for (const [login, role] of [
      ['arai', 'admin'],
      ['aoki', 'reviewer'],
      ['chiba', 'lead'],
    ] as const) {
      await directory.add({ login, role, password: PASSWORD }, 'test');
      sessions[login] = await signIn(login);
    }
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
    if (candidates) rmSync(candidates, { recursive: true, force: true });
  });

  it('offers the deployed rules and the candidate directories, linked from the admin navigation', async () => {
    const response = await fetch(`${api.baseUrl}/review/backtests`, { headers: { cookie: sessions.arai!.cookie } });
    expect(response.status).toBe(200);
    const body = await response.text();
    const deployed = loadRuleSet(DEFAULT_RULES_DIR, defaultSignalRegistry()).version;
    expect(body).toContain(`<option value="@deployed">deployed rules — ${deployed.slice(0, 19)}…</option>`);
    expect(body).toContain('<option value="heavier-combosquat">');
    expect(body).toContain('<option value="no-deny">');
    expect(body).not.toContain('not a valid name');
    expect(body).toContain('enctype="multipart/form-data"');
    expect(body).toContain('<a href="/review/backtests">Backtests</a>');
    const reviewerPage = await (await fetch(`${api.baseUrl}/review`, { headers: { cookie: sessions.aoki!.cookie } })).text();
    expect(reviewerPage).not.toContain('/review/backtests');
  });

  it('a queued backtest of a candidate directory stores the report Backtest.run returns, and shows it', async () => {
    const run = await finishedRun(await postForm(sessions.arai!, 'directory', { rules: 'heavier-combosquat' }));
    expect(run.error).toBeNull();
    expect(run.state).toBe('done');
    const engine = new ScreeningEngine(loadRuleSet(candidateDir(), defaultSignalRegistry()), loadKnowledge());
    const expected = await new Backtest(driverPool(db)).run(engine);
    expect({ ...run.report!, seconds: 0 }).toEqual({ ...expected, seconds: 0 });
    // Real figures: the two combosquats move from review (30) to hold (60); nothing else moves.
    expect(run.report).toMatchObject({ replayed: 5, skipped: 0, labelled: { fraud: 2, legitimate: 1 }, candidateVersion: engine.rules.version, matrix: { review: { hold: 2, review: 0 }, allow: { allow: 2 } } });
    expect(run.report!.actual).toMatchObject({ fraudCaught: 2, legitimateFlagged: 0, precision: 1, recall: 1 });
    expect(run).toMatchObject({ source: 'directory', source_name: 'heavier-combosquat', candidate_version: engine.rules.version, progress: '5', bundle: null });

    const page = await fetch(`${api.baseUrl}/review/backtests/${run.id}`, { headers: { cookie: sessions.arai!.cookie } });
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toMatch(/data-actual="review" data-candidate="hold">2</);
    expect(body).toMatch(/data-actual="allow" data-candidate="allow">2</);
    expect(body).toMatch(/<tr data-version="candidate">[\s\S]*?data-figure="fraudCaught">2<[\s\S]*?data-figure="precision">100\.0%</);
    const smbc = new RegExp(`<tr data-application-id="${ids['smbc-card-login.jp']}">[\\s\\S]*?</tr>`).exec(body)![0];
    const [smbcCase] = await db.query('SELECT id FROM cases WHERE application_id = $1', [ids['smbc-card-login.jp']]);
    expect(smbc).toContain(`<a href="/review/cases/${smbcCase.id}"><code>${ids['smbc-card-login.jp']}</code></a>`);
    expect(smbc).toContain('btui-1');
    expect(pageText(smbc)).toContain('BRAND_COMBOSQUAT 30 → 60');
    expect(body).not.toContain('http-equiv="refresh"');
  });

  it('an uploaded bundle of the same rules runs as the same candidate version, its bytes kept with the run', async () => {
    const bytes = await bundleOf(candidateDir());
    const run = await finishedRun(await upload(sessions.arai!, bytes, 'heavier-combosquat.tar.gz', { since: '2020-01-01' }));
    expect(run.state).toBe('done');
    const version = loadRuleSet(candidateDir(), defaultSignalRegistry()).version;
    expect(run).toMatchObject({ source: 'bundle', source_name: 'heavier-combosquat.tar.gz', candidate_version: version, bundle_sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(Buffer.compare(run.bundle!, bytes)).toBe(0);
    expect(run.report).toMatchObject({ replayed: 5, candidateVersion: version, matrix: { review: { hold: 2 } }, window: { since: '2019-12-31T15:00:00.000Z', until: null } });
  });

  it('a shadow comparison stores the report ShadowComparison.run returns: the same moves as the backtest of those rules', async () => {
    const version = loadRuleSet(candidateDir(), defaultSignalRegistry()).version;
    const page = await (await fetch(`${api.baseUrl}/review/backtests`, { headers: { cookie: sessions.arai!.cookie } })).text();
    expect(page).toContain(`<option value="${version}">`);
    const run = await finishedRun(await postForm(sessions.arai!, 'shadow', { version: '' }));
    expect(run.error).toBeNull();
    expect(run).toMatchObject({ state: 'done', source: 'shadow', source_name: version, candidate_version: version });
    const expected = await new ShadowComparison(driverPool(db)).run({ version });
    expect({ ...run.report!, seconds: 0 }).toEqual({ ...expected, seconds: 0 });
    expect(run.report).toMatchObject({ replayed: 5, candidateVersion: version, matrix: { review: { hold: 2 } }, candidate: { fraudCaught: 2, legitimateFlagged: 0 } });
    const view = await (await fetch(`${api.baseUrl}/review/backtests/${run.id}`, { headers: { cookie: sessions.arai!.cookie } })).text();
    expect(view).toMatch(/data-actual="review" data-candidate="hold">2</);
    // Its progress counts that version's stored results, not the applications of the window.
    expect(Number(run.total)).toBe(5);
    const runs = new BacktestRuns(db);
    expect(await runs.countWindow({ kind: 'shadow', candidateVersion: 'sha256:none', since: null, until: null })).toBe(0);
    expect(await runs.countWindow({ kind: 'backtest', candidateVersion: 'sha256:none', since: null, until: null })).toBe(5);
  });

  it('a subject export lists the backtest runs whose report names the person’s application', async () => {
    const runs: { id: string }[] = await db.query(`SELECT id FROM backtest_runs WHERE state = 'done' ORDER BY requested_at`);
    expect(runs.length).toBeGreaterThan(0);
    const exported = await new SubjectRequests(db, new MasterKeys(config.masterKey), new AuditLog(db)).export({ email: 'hanako.sato@btui1.example.ne.jp' }, 'privacy-officer');
    expect(exported.applications).toHaveLength(1);
    const mentions = (exported.applications[0] as { backtestMentions: { backtestRun: string }[] }).backtestMentions;
    expect(mentions.map((mention) => mention.backtestRun).sort()).toEqual(runs.map((run) => run.id).sort());
    // sato-hanako.jp's score did not move: no report names it.
    const bystander = await new SubjectRequests(db, new MasterKeys(config.masterKey), new AuditLog(db)).export({ email: 'hanako.sato@btui3.example.ne.jp' }, 'privacy-officer');
    expect((bystander.applications[0] as { backtestMentions: unknown[] }).backtestMentions).toEqual([]);
  });

  it('refuses a broken bundle on the page, naming the file and key, and queues nothing', async () => {
    const before = await runCount();
    const response = await upload(sessions.arai!, await bundleOf(path.join(candidates, 'no-deny')), 'no-deny.tar.gz');
    expect(response.status).toBe(422);
    const text = pageText(await response.text());
    expect(text).toContain('no-deny.tar.gz: outcomes.yaml: thresholds.deny');
    expect(text).toContain('Backtest an uploaded rules bundle');
    expect(await runCount()).toBe(before);
    // The same rules as a directory are refused the same way.
    const directory = await postForm(sessions.arai!, 'directory', { rules: 'no-deny' });
    expect(directory.status).toBe(422);
    expect(pageText(await directory.text())).toContain('no-deny/outcomes.yaml: thresholds.deny');
    expect(await runCount()).toBe(before);
  });

  it.each<[string, BundleEntry['header'], string]>([
    ['a ../ path', { name: '../outcomes.yaml' }, '../outcomes.yaml: refused: a path that leaves the rules directory (..)'],
    ['a symbolic link', { name: 'rules/lists/free-mail-domains.yaml', type: 'symlink', linkname: '/etc/passwd' }, 'rules/lists/free-mail-domains.yaml: refused: a symbolic link'],
    ['an absolute path', { name: '/etc/cron.d/shinsa.yaml' }, '/etc/cron.d/shinsa.yaml: refused: an absolute path'],
  ])('refuses a bundle with %s with a clear message', async (_what, header, message) => {
    const before = await runCount();
    const bytes = await tarGz([{ header: { name: 'rules/outcomes.yaml' }, content: readFileSync(path.join(DEFAULT_RULES_DIR, 'outcomes.yaml')) }, { header, content: header.type ? undefined : 'entries: []\n' }]);
    const response = await upload(sessions.arai!, bytes, 'evil.tar.gz');
    expect(response.status).toBe(422);
    expect(pageText(await response.text())).toContain(`bundle : evil.tar.gz: ${message}`);
    expect(await runCount()).toBe(before);
  });

  it('names the field of bad input: no file, not a gzip file, an unknown directory, a bad window', async () => {
    const noFile = await upload(sessions.arai!, Buffer.alloc(0), '');
    expect(noFile.status).toBe(422);
    expect(pageText(await noFile.text())).toContain('bundle : choose a .tar.gz of a rules directory');
    const notGzip = await upload(sessions.arai!, Buffer.from('thresholds: {}\n'), 'outcomes.yaml');
    expect(pageText(await notGzip.text())).toContain('bundle : outcomes.yaml: not a gzip file');
    const tooLarge = await upload(sessions.arai!, Buffer.alloc(1024 * 1024 + 1, 0x1f), 'huge.tar.gz');
    expect(tooLarge.status).toBe(422);
    expect(pageText(await tooLarge.text())).toContain('bundle : refused: larger than 1024 KiB');
    const unknown = await postForm(sessions.arai!, 'directory', { rules: '../../etc' });
    expect(unknown.status).toBe(422);
    expect(pageText(await unknown.text())).toContain('rules : no candidate rules directory named "../../etc"');
    const window = await postForm(sessions.arai!, 'directory', { rules: '@deployed', since: 'yesterday', until: '2020-01-01' });
    expect(window.status).toBe(422);
    expect(pageText(await window.text())).toContain('since : not a date: yesterday');
    const order = await postForm(sessions.arai!, 'directory', { rules: '@deployed', since: '2026-02-01', until: '2026-01-01' });
    expect(pageText(await order.text())).toContain('until : must be after since');
    const shadow = await postForm(sessions.arai!, 'shadow', { version: 'sha256:0000' });
    expect(shadow.status).toBe(422);
    expect(pageText(await shadow.text())).toContain('version : no stored shadow results for sha256:0000');
  });

  it('refuses reviewers and leads (403): the page, a request and a run', async () => {
    const before = await runCount();
    const [run] = await db.query('SELECT id FROM backtest_runs LIMIT 1');
    for (const login of ['aoki', 'chiba']) {
      const session = sessions[login]!;
      expect((await fetch(`${api.baseUrl}/review/backtests`, { headers: { cookie: session.cookie } })).status).toBe(403);
      expect((await fetch(`${api.baseUrl}/review/backtests/${run.id}`, { headers: { cookie: session.cookie } })).status).toBe(403);
      const request = await postForm(session, 'directory', { rules: '@deployed' });
      expect(request.status).toBe(403);
      expect(await request.text()).toContain('this page needs the admin role');
      expect((await upload(session, await bundleOf(candidateDir()))).status).toBe(403);
    }
    expect(await runCount()).toBe(before);
    const anonymous = await fetch(`${api.baseUrl}/review/backtests`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
  });

  it('writes requests, refusals and views to the audit log, and refuses a request without the CSRF token', async () => {
    const response = await postForm(sessions.arai!, 'directory', { rules: '@deployed', since: '2026-01-01' });
    const run = await finishedRun(response);
    await fetch(`${api.baseUrl}/review/backtests/${run.id}`, { headers: { cookie: sessions.arai!.cookie } });
    const entries: { action: string; actor: string; subject_id: string | null; detail: Record<string, unknown> }[] = await db.query(
      `SELECT action, actor, subject_id, detail FROM audit_log WHERE action LIKE 'backtest%' ORDER BY id`,
    );
    const requested = entries.find((entry) => entry.action === 'backtest.requested' && entry.subject_id === run.id)!;
    expect(requested).toMatchObject({ actor: 'arai', detail: { kind: 'backtest', source: 'deployed', candidateVersion: run.candidate_version, since: '2025-12-31T15:00:00.000Z', until: null } });
    expect(entries).toContainEqual(expect.objectContaining({ action: 'backtest.viewed', actor: 'arai', subject_id: run.id }));
    expect(entries).toContainEqual(expect.objectContaining({ action: 'backtests.viewed', actor: 'arai' }));
    expect(entries).toContainEqual(expect.objectContaining({ action: 'backtest.refused', actor: 'arai', detail: expect.objectContaining({ kind: 'bundle', code: 'BROKEN_RULES', name: 'evil.tar.gz' }) }));
    // Every bundle upload is in the log with its hash.
    const uploads = entries.filter((entry) => entry.action === 'backtest.requested' && entry.detail.source === 'bundle');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.detail.sha256).toMatch(/^[0-9a-f]{64}$/);

    const before = await runCount();
    const forged = await postForm({ ...sessions.arai!, csrf: 'forged' }, 'directory', { rules: '@deployed' });
    expect(forged.status).toBe(403);
    const forgedUpload = await upload({ ...sessions.arai!, csrf: 'forged' }, await bundleOf(candidateDir()));
    expect(forgedUpload.status).toBe(403);
    expect(await runCount()).toBe(before);
    expect(Number((await db.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'csrf.rejected' AND actor = 'arai' AND detail->>'route' = 'backtests'`))[0].n)).toBe(2);
  });

  it('a run whose directory changed after the request fails with a message saying so, and nothing else changed', async () => {
    const assessments = Number((await db.query('SELECT count(*) AS n FROM assessments'))[0].n);
    const cases = Number((await db.query('SELECT count(*) AS n FROM cases'))[0].n);
    // Stop the worker so the run waits, change the directory, then let a worker take it.
    await worker.stop();
    const response = await postForm(sessions.arai!, 'directory', { rules: 'heavier-combosquat' });
    const brand = path.join(candidateDir(), 'signals', 'brand.yaml');
    const original = readFileSync(brand, 'utf8');
    writeFileSync(brand, original.replace('points: 60', 'points: 61'));
    worker = new WorkerRuntime(config, createLogger('silent', 'test-worker'));
    await worker.start();
    try {
      const run = await finishedRun(response);
      expect(run.state).toBe('failed');
      // Failed before it read anything: the window was never counted.
      expect(run.total).toBeNull();
      expect(run.error).toMatch(/^the rules of heavier-combosquat changed since the request \(asked for sha256:[0-9a-f]{64}, now sha256:[0-9a-f]{64}\); request the backtest again$/);
      const page = await (await fetch(`${api.baseUrl}/review/backtests/${run.id}`, { headers: { cookie: sessions.arai!.cookie } })).text();
      expect(pageText(page)).toContain('The run failed: the rules of heavier-combosquat changed');
    } finally {
      writeFileSync(brand, original);
    }
    // Live decisions are untouched: no assessment, no case came of any backtest.
    expect(Number((await db.query('SELECT count(*) AS n FROM assessments'))[0].n)).toBe(assessments);
    expect(Number((await db.query('SELECT count(*) AS n FROM cases'))[0].n)).toBe(cases);
  });

  it('a replay that fails on every attempt leaves the run failed with the last error once the queue gives up', async () => {
    const [arai] = await db.query(`SELECT id FROM reviewers WHERE login = 'arai'`);
    const id = randomUUID();
    await new BacktestRuns(db).insert({ id, kind: 'backtest', requestedBy: arai.id, source: 'deployed', sourceName: 'deployed', bundle: null, candidateVersion: loadRuleSet(DEFAULT_RULES_DIR, defaultSignalRegistry()).version, since: null, until: null });
    // The replay reads the facts each assessment was decided with: without that column every attempt throws.
    await db.query('ALTER TABLE assessments RENAME COLUMN facts TO facts_hidden');
    const queue = new Queue(QueueName.Maintenance, { connection: redisConnection(config.redisUrl, { failFast: true }), prefix: config.queuePrefix });
    try {
      await queue.add(JobName.BacktestRun, { runId: id } satisfies BacktestRunJob, { jobId: backtestJobId(id), attempts: 2, backoff: { type: 'fixed', delay: 10 } });
      const run = await waitFor(async () => {
        const [row] = await db.query('SELECT state, error FROM backtest_runs WHERE id = $1', [id]);
        return row.state === 'failed' ? row : undefined;
      }, `backtest run ${id} failed`);
      expect(run.error).toMatch(/^the queue gave up on the run: .*facts/);
      const job = await queue.getJob(backtestJobId(id));
      expect(await job!.getState()).toBe('failed');
      expect(job!.attemptsMade).toBe(2);
    } finally {
      await queue.close();
      await db.query('ALTER TABLE assessments RENAME COLUMN facts_hidden TO facts');
    }
  });

  it('a run the queue gave up on (its worker died on every attempt) is failed; one that ended is left as it was', async () => {
    const sut = new BacktestRuns(db);
    const [done] = await db.query(`SELECT id FROM backtest_runs WHERE state = 'done' LIMIT 1`);
    expect(await sut.abandon(done.id, 'the queue gave up on the run: stalled')).toBe(false);
    expect((await db.query('SELECT state, error FROM backtest_runs WHERE id = $1', [done.id]))[0]).toEqual({ state: 'done', error: null });
    const [arai] = await db.query(`SELECT id FROM reviewers WHERE login = 'arai'`);
    const id = randomUUID();
    await sut.insert({ id, kind: 'backtest', requestedBy: arai.id, source: 'deployed', sourceName: 'deployed', bundle: null, candidateVersion: 'sha256:0', since: null, until: null });
    expect(await sut.abandon(id, 'the queue gave up on the run: job stalled more than allowable limit')).toBe(true);
    const page = await (await fetch(`${api.baseUrl}/review/backtests/${id}`, { headers: { cookie: sessions.arai!.cookie } })).text();
    expect(pageText(page)).toContain('The run failed: the queue gave up on the run: job stalled more than allowable limit');
    expect(page).not.toContain('http-equiv="refresh"');
  });
});
