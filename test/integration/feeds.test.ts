import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { MasterKeys } from '../../src/app/crypto/secret-box';
import { DomainImporter } from '../../src/app/domains/domain-importer';
import type { PortfolioEntry } from '../../src/app/domains/portfolio';
import { feedRulesOf } from '../../src/app/feeds/feed-cases';
import type { FeedDefinition } from '../../src/app/feeds/feed-config';
import { FeedIngest } from '../../src/app/feeds/feed-ingest';
import { CampaignSiblings } from '../../src/app/feeds/campaign-siblings';
import { FeedPuller, type PullSummary } from '../../src/app/feeds/feed-puller';
import { createLogger } from '../../src/app/observability/logger';
import { feedSchedulerId, JobName, QueueName, redisConnection } from '../../src/app/queue/queues';
import { WorkerRuntime } from '../../src/app/queue/worker-runtime';
import { AbuseReportService } from '../../src/app/review/abuse-reports';
import { AuditLog } from '../../src/app/review/audit-log';
import { ReviewerDirectory } from '../../src/app/review/reviewers';
import { Screener } from '../../src/screening/screener';
import { runShinsa, runShinsaAsync } from '../support/cli';
import { anUnlinkedApplication, aPortfolioRegistration } from '../support/factories';
import { createTestDatabase, TEST_MASTER_KEY, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, json, openDatabase, postScreening, startApi, waitFor, type RunningApi, type TestClient } from '../support/service';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'feeds');
const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));
const SIZE_LIMIT = 4096;
/** A JPCERT/CC-format feed of names nobody holds, that later changes its format. */
const CHANGING_FEED = Buffer.from('date,URL,description\n2023/12/01 10:00:00,https://changing-feedtest-a.jp/,Amazon\n2023/12/01 10:05:00,https://changing-feedtest-b.jp/x,Amazon\nnot,a,date\n');

/** The feed server: fixture feeds, an ETag that changes only with the content, and feeds that misbehave. */
class FeedServer {
  readonly requests: { path: string; ifNoneMatch: string | undefined; ifModifiedSince: string | undefined }[] = [];
  /** What /changing.csv serves now. */
  changing: Buffer = CHANGING_FEED;
  flakyFailures = 0;
  private server: Server | undefined;
  baseUrl = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => this.answer(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const route = new URL(request.url ?? '/', 'http://feeds.invalid').pathname;
    this.requests.push({ path: route, ifNoneMatch: request.headers['if-none-match'], ifModifiedSince: request.headers['if-modified-since'] });
    const serve = (body: Buffer, etag: string): void => {
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304, { etag }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', etag, 'last-modified': 'Wed, 27 Nov 2024 10:00:00 GMT' }).end(body);
    };
    switch (route) {
      case '/jpcert.csv':
        return serve(fixture('jpcert-phishurl.csv'), '"jpcert-v1"');
      case '/urlhaus.csv':
        return serve(fixture('urlhaus.csv'), '"urlhaus-v1"');
      case '/openphish.txt':
      case '/mirror/openphish.txt':
        return serve(fixture('openphish.txt'), '"openphish-v1"');
      case '/phishtank.json':
        return serve(fixture('phishtank.json'), '"phishtank-v1"');
      case '/changing.csv':
        return serve(this.changing, `"changing-${this.changing.length}"`);
      case '/error.txt':
        response.writeHead(500).end('internal error');
        return;
      case '/flaky.txt':
        // Two 503s, then the list: the pull's retries get it.
        if (this.flakyFailures < 2) {
          this.flakyFailures += 1;
          response.writeHead(503).end('busy');
          return;
        }
        return serve(fixture('plain.txt'), '"plain-v1"');
      case '/slow.txt':
        // Headers never come within the feed's timeout.
        setTimeout(() => response.writeHead(200).end('https://slow-feedtest.jp/\n'), 3000);
        return;
      case '/huge.txt': {
        // Ten times the size limit, streamed without a Content-Length.
        response.writeHead(200, { 'content-type': 'text/plain' });
        const line = Buffer.from('https://huge-feedtest.jp/'.padEnd(255, 'x') + '\n');
        for (let index = 0; index < (SIZE_LIMIT * 10) / line.length; index += 1) response.write(line);
        response.end();
        return;
      }
      default:
        response.writeHead(404).end();
    }
  }
}

/** An imported registration of client A (the importer's shape: no signup, SMS or card). */
const registration = aPortfolioRegistration;

// Real parts: PostgreSQL (this file's database), Redis, the api and the worker, and an HTTP server serving the feeds.
describe('threat feeds', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let db: DataSource;
  let api: RunningApi;
  let server: FeedServer;
  let puller: FeedPuller;
  let clientA: TestClient;
  let clientB: TestClient;
  let paypalApplication: string;
  let siblingApplication: string;
  const feedsFile = path.join(tmpdir(), `shinsa-feeds-${process.pid}-${Date.now()}.yaml`);
  const pulls: Record<string, PullSummary> = {};
  const feed = (name: string): FeedDefinition => config.feeds.find((candidate) => candidate.name === name)!;
  const rows = async (sql: string, params: unknown[] = []): Promise<any[]> => db.query(sql, params);

  beforeAll(async () => {
    server = new FeedServer();
    await server.start();
    const feeds: Record<string, unknown>[] = [
      { name: 'jpcert', url: `${server.baseUrl}/jpcert.csv`, format: 'jpcert-phishurl', trust: 'trusted', schedule: '17 3 1 1 *' },
      { name: 'urlhaus', url: `${server.baseUrl}/urlhaus.csv`, format: 'urlhaus-csv', trust: 'untrusted', schedule: '0 3 1 1 *' },
      { name: 'openphish', url: `${server.baseUrl}/openphish.txt`, format: 'openphish-text', trust: 'untrusted', schedule: '0 3 1 1 *' },
      { name: 'phishtank', url: `${server.baseUrl}/phishtank.json`, format: 'phishtank-json', trust: 'untrusted', schedule: '0 3 1 1 *' },
      { name: 'changing', url: `${server.baseUrl}/changing.csv`, format: 'jpcert-phishurl', trust: 'untrusted', schedule: '0 3 1 1 *' },
      { name: 'broken', url: `${server.baseUrl}/error.txt`, format: 'plain', trust: 'untrusted', schedule: '0 3 1 1 *', attempts: 2 },
      { name: 'flaky', url: `${server.baseUrl}/flaky.txt`, format: 'plain', trust: 'untrusted', schedule: '0 3 1 1 *' },
      { name: 'slow', url: `${server.baseUrl}/slow.txt`, format: 'openphish-text', trust: 'untrusted', schedule: '0 3 1 1 *', timeoutSeconds: 1, attempts: 1 },
      { name: 'huge', url: `${server.baseUrl}/huge.txt`, format: 'openphish-text', trust: 'untrusted', schedule: '0 3 1 1 *', maxBytes: SIZE_LIMIT },
    ];
    writeFileSync(feedsFile, JSON.stringify({ feeds }));
    database = await createTestDatabase();
    config = testConfig(database.url, { SHINSA_FEEDS_FILE: feedsFile, SHINSA_RATE_LIMIT_PER_MINUTE: '1000' });
    db = await openDatabase(config);
    api = await startApi(config);
    clientA = await addClient(db, config);
    clientB = await addClient(db, config);

    // Client A's portfolio; workers.dev and bit.ly are listed to show that shared platforms never match.
    const portfolio: PortfolioEntry[] = [
      { line: 1, record: { domain: 'mufg-secure-feedtest.jp', body: registration('mufg-secure-feedtest.jp', 1), registeredOn: null, expiresOn: null, status: 'Active' } },
      { line: 2, record: { domain: 'aeon-feedtest.com', body: registration('aeon-feedtest.com', 2), registeredOn: null, expiresOn: null, status: 'clientHold (suspended for abuse)' } },
      { line: 3, record: { domain: 'workers.dev', body: registration('workers.dev', 3), registeredOn: null, expiresOn: null, status: 'Active' } },
      { line: 4, record: { domain: 'bit.ly', body: registration('bit.ly', 4), registeredOn: null, expiresOn: null, status: 'Active' } },
      { line: 5, record: { domain: 'phish-feedtest-one.jp', body: registration('phish-feedtest-one.jp', 5), registeredOn: null, expiresOn: null, status: 'Active' } },
    ];
    async function* entries(): AsyncGenerator<PortfolioEntry> {
      yield* portfolio;
    }
    await new DomainImporter(db).import(entries(), { clientId: clientA.id });
    // Client B applied for the names OpenPhish and URLhaus will list.
    const screened = async (domain: string, serial: number): Promise<string> => {
      const response = await postScreening(api.baseUrl, clientB, JSON.stringify(anUnlinkedApplication('feeds', serial, { domain: { name: domain } })));
      expect(response.status).toBe(200);
      return (await json(response)).id;
    };
    paypalApplication = await screened('secure-paypal-feedtest.com', 1);
    // Client A's later signup with the phone and e-mail of its imported mufg-secure-feedtest.jp.
    const mufg = registration('mufg-secure-feedtest.jp', 1);
    const sibling = anUnlinkedApplication('feeds', 3, { domain: { name: 'hanako-flowers.jp' }, registrant: { phone: mufg.registrant!.phone, email: mufg.registrant!.email } });
    const siblingAnswer = await json(await postScreening(api.baseUrl, clientA, JSON.stringify(sibling)));
    expect(siblingAnswer.caseId).toBeNull();
    siblingApplication = siblingAnswer.id;
    await screened('malware-drop-feedtest.jp', 2);

    puller = new FeedPuller(db, new FeedIngest(db, feedRulesOf(new Screener().engine.rules), new MasterKeys(config.masterKey)), { timeZone: 'Asia/Tokyo', backoffMs: 10 });
    for (const definition of config.feeds) pulls[definition.name] = await puller.pull(definition, 'manual');
  });

  afterAll(async () => {
    await api?.close();
    await db?.destroy();
    await server?.stop();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  it('records every pull; a 500, a timeout and a feed ten times its size limit fail alone while the others are read', async () => {
    expect(pulls.jpcert).toMatchObject({ status: 'ok', httpStatus: 200, entries: 11, new: 8, seen: 0, bad: 3 });
    expect(pulls.urlhaus).toMatchObject({ status: 'ok', entries: 6, new: 4, bad: 2 });
    expect(pulls.openphish).toMatchObject({ status: 'ok', entries: 6, new: 4, seen: 1, bad: 1 });
    expect(pulls.phishtank).toMatchObject({ status: 'ok', entries: 4, new: 2, bad: 2 });
    expect(pulls.broken).toMatchObject({ status: 'failed', httpStatus: 500, attempts: 2, error: 'HTTP 500', entries: 0 });
    expect(pulls.flaky).toMatchObject({ status: 'ok', attempts: 3, new: 3, bad: 1 });
    expect(pulls.slow).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringContaining('within 1 s') });
    expect(pulls.huge).toMatchObject({ status: 'failed', error: expect.stringContaining('too large'), entries: 0 });
    // Reading stopped at the limit, long before the end.
    expect(pulls.huge!.bytes).toBeLessThan(SIZE_LIMIT * 10);
    const recorded = await rows(`SELECT feed, status, entries, new_entries, seen_entries, bad_entries, bytes, finished_at IS NOT NULL AS finished FROM feed_pulls ORDER BY feed`);
    expect(recorded).toHaveLength(9);
    expect(recorded.every((row) => row.finished)).toBe(true);
    expect(recorded.find((row) => row.feed === 'jpcert')).toMatchObject({ status: 'ok', entries: 11, new_entries: 8, seen_entries: 0, bad_entries: 3, bytes: String(fixture('jpcert-phishurl.csv').length) });
    expect(await rows(`SELECT count(*)::int AS n FROM feed_entries WHERE feed = 'huge' OR feed = 'slow' OR feed = 'broken'`)).toEqual([{ n: 0 }]);
  });

  it('a trusted feed confirms at once: one report per domain, a fraud label, the case raised to deny with its SLA, abuse.confirmed to the holder only', async () => {
    const [report, ...others] = await rows(`SELECT id, client_id, state, feed, brand, url, category, application_id, decided_by FROM abuse_reports WHERE domain = 'mufg-secure-feedtest.jp'`);
    expect(others).toHaveLength(0);
    expect(report).toMatchObject({ client_id: clientA.id, state: 'confirmed', feed: 'jpcert', brand: '三菱UFJ銀行', url: 'https://login.mufg-secure-feedtest.jp/signin', category: 'phishing', decided_by: 'feed:jpcert' });
    // Both URLs on the domain are matches; the second is evidence for the same report.
    expect((await rows(`SELECT result FROM feed_matches WHERE abuse_report_id = $1 ORDER BY id`, [report.id])).map((row) => row.result)).toEqual(['confirmed', 'attached']);
    const [label] = await rows(`SELECT verdict, source, abuse_report_id, evidence_url FROM labels WHERE application_id = $1`, [report.application_id]);
    expect(label).toEqual({ verdict: 'fraud', source: 'feed:jpcert', abuse_report_id: report.id, evidence_url: report.url });
    // The imported domain got an application record with its hashed details, which the label marks.
    expect((await rows(`SELECT count(*)::int AS n FROM attribute_labels WHERE application_id = $1`, [report.application_id]))[0].n).toBeGreaterThan(3);
    const [reviewCase] = await rows(`SELECT c.id, c.state, c.outcome, extract(epoch FROM c.due_at - c.created_at) / 3600 AS hours FROM cases c WHERE c.application_id = $1`, [report.application_id]);
    expect(reviewCase).toMatchObject({ state: 'open', outcome: 'deny' });
    expect(Number(reviewCase.hours)).toBe(24);
    const [match] = await rows(`SELECT case_id, cased_at IS NOT NULL AS cased FROM feed_matches WHERE abuse_report_id = $1 AND result = 'confirmed'`, [report.id]);
    expect(match).toEqual({ case_id: reviewCase.id, cased: true });
    const callbacks = await rows(`SELECT client_id, payload FROM outbox WHERE topic = 'abuse.confirmed'`);
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]).toMatchObject({ client_id: clientA.id, payload: { abuseReportId: report.id, domain: 'mufg-secure-feedtest.jp', url: report.url, brand: '三菱UFJ銀行', source: 'feed:jpcert', category: 'phishing' } });
    // The label's propagation is queued like any label's.
    expect(await rows(`SELECT count(*)::int AS n FROM outbox WHERE topic = 'label.created' AND aggregate_id = $1`, [report.application_id])).toEqual([{ n: 1 }]);
  });

  it("the campaign view lists what shares the matched domain's details; the lead's action opens a hold case for each", async () => {
    const [matched] = await rows(`SELECT c.id, c.application_id FROM cases c JOIN applications a ON a.id = c.application_id WHERE a.domain_name = 'mufg-secure-feedtest.jp'`);
    const screener = new Screener();
    const audit = new AuditLog(db);
    const campaigns = new CampaignSiblings(db, feedRulesOf(screener.engine.rules), audit);
    expect((await campaigns.matchesOf(matched.application_id)).map((match) => match.url)).toEqual(['https://mufg-secure-feedtest.jp/other?x=1', 'https://login.mufg-secure-feedtest.jp/signin']);
    const siblings = await campaigns.of(matched.application_id);
    expect(siblings).toEqual([expect.objectContaining({ applicationId: siblingApplication, domain: 'hanako-flowers.jp', shares: expect.arrayContaining(['email', 'phone']), active: false, caseId: null })]);
    const directory = new ReviewerDirectory(db);
    const { reviewer } = await directory.add({ login: 'campaign-reviewer', role: 'reviewer' }, 'test');
    await expect(campaigns.openCases(reviewer, matched.id)).rejects.toThrow('lead');
    const { reviewer: lead } = await directory.add({ login: 'campaign-lead', role: 'lead' }, 'test');
    expect(await campaigns.openCases(lead, matched.id)).toEqual({ siblings: 1, opened: 1, raised: 0, skipped: 0 });
    const [opened] = await rows(`SELECT outcome, state, extract(epoch FROM due_at - created_at) / 3600 AS hours FROM cases WHERE application_id = $1`, [siblingApplication]);
    expect(opened).toMatchObject({ outcome: 'hold', state: 'open' });
    expect(Number(opened.hours)).toBe(24);
    // Again: the sibling's case is open at hold already.
    expect(await campaigns.openCases(lead, matched.id)).toEqual({ siblings: 1, opened: 0, raised: 0, skipped: 1 });
  });

  it('a domain the registrar already suspended is recorded (confirmed, labelled) but no case is opened and no callback sent', async () => {
    const [report] = await rows(`SELECT id, state, application_id FROM abuse_reports WHERE domain = 'aeon-feedtest.com'`);
    expect(report.state).toBe('confirmed');
    expect(await rows(`SELECT result FROM feed_matches WHERE abuse_report_id = $1`, [report.id])).toEqual([{ result: 'suspended' }]);
    expect(await rows(`SELECT count(*)::int AS n FROM cases WHERE application_id = $1`, [report.application_id])).toEqual([{ n: 0 }]);
    expect(await rows(`SELECT count(*)::int AS n FROM labels WHERE application_id = $1`, [report.application_id])).toEqual([{ n: 1 }]);
  });

  it('shared platforms and private suffixes never match, even when a portfolio holds their apex', async () => {
    expect(await rows(`SELECT domain FROM abuse_reports WHERE domain IN ('workers.dev', 'bit.ly', 'github.io', 'web.app', 'duckdns.org')`)).toEqual([]);
    const outcomes = await rows(`SELECT registrable_domain, outcome FROM feed_entries WHERE registrable_domain IN ('workers.dev', 'bit.ly') ORDER BY 1`);
    expect(outcomes).toEqual([
      { registrable_domain: 'bit.ly', outcome: 'shared_platform' },
      { registrable_domain: 'workers.dev', outcome: 'private_suffix' },
    ]);
  });

  it("an untrusted feed's match waits for a reviewer, for the holder only; confirming it raises the case as a trusted feed does", async () => {
    const [report] = await rows(`SELECT id, client_id, state, application_id FROM abuse_reports WHERE domain = 'secure-paypal-feedtest.com'`);
    expect(report).toMatchObject({ client_id: clientB.id, state: 'pending', application_id: paypalApplication });
    expect(await rows(`SELECT count(*)::int AS n FROM labels WHERE application_id = $1`, [paypalApplication])).toEqual([{ n: 0 }]);
    const { reviewer } = await new ReviewerDirectory(db).add({ login: 'feeds-reviewer', role: 'reviewer' }, 'test');
    const reports = new AbuseReportService(db, new AuditLog(db), feedRulesOf(new Screener().engine.rules));
    const listed = (await reports.list(reviewer, { state: 'pending' }, '/review/abuse-reports')).find((view) => view.id === report.id);
    expect(listed).toMatchObject({ feed: 'openphish', reporter: {}, url: 'https://secure-paypal-feedtest.com/login' });
    await reports.decide(reviewer, report.id, 'confirm', 'the page is a PayPal kit');
    const [reviewCase] = await rows(`SELECT outcome, state FROM cases WHERE application_id = $1 AND state <> 'decided' ORDER BY created_at DESC LIMIT 1`, [paypalApplication]);
    expect(reviewCase).toEqual({ outcome: 'deny', state: 'open' });
    expect(await rows(`SELECT cased_at IS NOT NULL AS cased FROM feed_matches WHERE abuse_report_id = $1`, [report.id])).toEqual([{ cased: true }]);
    const callbacks = await rows(`SELECT client_id, payload FROM outbox WHERE topic = 'abuse.confirmed' AND aggregate_id = $1`, [paypalApplication]);
    expect(callbacks).toEqual([{ client_id: clientB.id, payload: expect.objectContaining({ abuseReportId: report.id, source: 'feed:openphish', brand: null, domain: 'secure-paypal-feedtest.com' }) }]);
  });

  it('pulls conditionally: an unchanged feed answers 304 and nothing is imported twice', async () => {
    const before = await rows(`SELECT count(*)::int AS n FROM abuse_reports`);
    const again = await puller.pull(feed('jpcert'), 'manual');
    expect(again).toMatchObject({ status: 'not_modified', httpStatus: 304, entries: 0 });
    const asked = server.requests.filter((request) => request.path === '/jpcert.csv');
    expect(asked.at(-1)).toMatchObject({ ifNoneMatch: '"jpcert-v1"', ifModifiedSince: 'Wed, 27 Nov 2024 10:00:00 GMT' });
    // Read again in full (a new URL), every entry is seen and nothing is new.
    const mirror = `${server.baseUrl}/mirror/openphish.txt`;
    const openphish = await puller.pull({ ...feed('openphish'), url: mirror, shownUrl: mirror }, 'manual');
    expect(openphish).toMatchObject({ status: 'ok', entries: 6, new: 0, seen: 5, bad: 1, matched: 0, reportsOpened: 0 });
    expect(await rows(`SELECT count(*)::int AS n FROM abuse_reports`)).toEqual(before);
  });

  it('a feed that changes format fails that pull alone; when it comes back nothing is imported twice', async () => {
    expect(pulls.changing).toMatchObject({ status: 'ok', entries: 3, new: 2, bad: 1 });
    server.changing = Buffer.from('<!doctype html><html><body>We moved! date;url;brand</body></html>\n');
    const changed = await puller.pull(feed('changing'), 'manual');
    expect(changed).toMatchObject({ status: 'failed', httpStatus: 200, entries: 0, error: expect.stringContaining("format: line 1: expected JPCERT/CC's header") });
    server.changing = Buffer.concat([CHANGING_FEED, Buffer.from('2023/12/06 10:00:00,https://brand-new-feedtest.jp/,Amazon\n')]);
    const back = await puller.pull(feed('changing'), 'manual');
    expect(back).toMatchObject({ status: 'ok', entries: 4, new: 1, seen: 2, bad: 1 });
    expect(await rows(`SELECT count(*)::int AS n FROM feed_entries WHERE feed = 'changing'`)).toEqual([{ n: 3 }]);
    expect((await rows(`SELECT status FROM feed_pulls WHERE feed = 'changing' ORDER BY started_at`)).map((row) => row.status)).toEqual(['ok', 'failed', 'ok']);
  });

  it('the worker schedules each configured feed as a job scheduler, drops schedules of removed feeds, and runs a queued pull', async () => {
    const queue = new Queue(QueueName.Feeds, { connection: redisConnection(config.redisUrl, { failFast: true }), prefix: config.queuePrefix });
    await queue.upsertJobScheduler(feedSchedulerId('removed-feed'), { pattern: '0 * * * *' }, { name: JobName.FeedPull, data: { feed: 'removed-feed', trigger: 'schedule' } });
    const worker = new WorkerRuntime(config, createLogger('silent', 'test-worker'));
    try {
      await worker.start();
      const schedulers = await waitFor(async () => {
        const found = await queue.getJobSchedulers();
        return found.length === config.feeds.length && !found.some((scheduler) => scheduler.key === feedSchedulerId('removed-feed')) ? found : undefined;
      }, 'the feed schedulers');
      expect(schedulers.find((scheduler) => scheduler.key === feedSchedulerId('jpcert'))).toMatchObject({ pattern: '17 3 1 1 *', tz: 'Asia/Tokyo' });
      const before = (await rows(`SELECT count(*)::int AS n FROM feed_pulls WHERE feed = 'phishtank'`))[0].n;
      await queue.add(JobName.FeedPull, { feed: 'phishtank', trigger: 'manual' });
      await waitFor(async () => ((await rows(`SELECT count(*)::int AS n FROM feed_pulls WHERE feed = 'phishtank' AND status <> 'running'`))[0].n > before ? true : undefined), 'the queued pull');
      const [last] = await rows(`SELECT trigger, status FROM feed_pulls WHERE feed = 'phishtank' ORDER BY started_at DESC LIMIT 1`);
      expect(last).toEqual({ trigger: 'manual', status: 'not_modified' });
    } finally {
      await worker.stop();
      await queue.close();
    }
  });

  it('shinsa feeds pull NAME pulls now, one JSON line per feed; a failed pull or an unknown name exits 2', async () => {
    const env = { DATABASE_URL: database.url, SHINSA_MASTER_KEY: TEST_MASTER_KEY, SHINSA_LOG_LEVEL: 'silent', SHINSA_FEEDS_FILE: feedsFile };
    // Not spawnSync: the feed server is in this process.
    const unchanged = await runShinsaAsync(['feeds', 'pull', 'jpcert'], { env });
    expect(unchanged.status).toBe(0);
    expect(unchanged.lines).toEqual([expect.objectContaining({ feed: 'jpcert', status: 'not_modified', httpStatus: 304 })]);
    const unknown = await runShinsaAsync(['feeds', 'pull', 'nope'], { env });
    expect(unknown).toMatchObject({ status: 2, stderr: expect.stringContaining('no feed named nope') });
    const [last] = await rows(`SELECT trigger, status FROM feed_pulls WHERE feed = 'jpcert' ORDER BY started_at DESC LIMIT 1`);
    expect(last).toEqual({ trigger: 'manual', status: 'not_modified' });
  });

  it('shinsa feeds import reads a file without configuration: a JSON summary, bad lines by FILE:LINE, exit 2', async () => {
    const env = { DATABASE_URL: database.url, SHINSA_MASTER_KEY: TEST_MASTER_KEY, SHINSA_LOG_LEVEL: 'silent', SHINSA_FEEDS_FILE: undefined };
    const file = path.join(FIXTURES, 'plain.txt');
    const run = runShinsa(['feeds', 'import', file, '--format', 'plain', '--trust', 'trusted', '--name', 'local-blocklist'], { env });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${file}:5: host "bad..domain"`);
    // The untrusted 'flaky' feed (the same list) left a pending report: this trusted source confirms it.
    expect(run.lines[0]).toMatchObject({ feed: 'local-blocklist', status: 'ok', entries: 4, new: 3, seen: 0, bad: 1, matched: 1, reportsOpened: 0, labels: 1 });
    const [report, ...more] = await rows(`SELECT id, state, feed, client_id, decided_by FROM abuse_reports WHERE domain = 'phish-feedtest-one.jp'`);
    expect(more).toHaveLength(0);
    expect(report).toMatchObject({ state: 'confirmed', feed: 'flaky', client_id: clientA.id, decided_by: 'feed:local-blocklist' });
    expect((await rows(`SELECT feed, result FROM feed_matches WHERE abuse_report_id = $1 ORDER BY id`, [report.id])).map((row) => `${row.feed}:${row.result}`)).toEqual(['flaky:reported', 'local-blocklist:confirmed']);
    const rerun = runShinsa(['feeds', 'import', file, '--format', 'plain', '--name', 'local-blocklist'], { env });
    expect(rerun.lines[0]).toMatchObject({ entries: 4, new: 0, seen: 3, bad: 1, matched: 0, reportsOpened: 0 });
    expect(runShinsa(['feeds', 'import', file, '--format', 'csv'], { env })).toMatchObject({ status: 2, stderr: expect.stringContaining('--format must be one of') });
    expect(await rows(`SELECT trigger, source FROM feed_pulls WHERE feed = 'local-blocklist' ORDER BY started_at`)).toEqual([
      { trigger: 'import', source: `file:${file}` },
      { trigger: 'import', source: `file:${file}` },
    ]);
  });
});
