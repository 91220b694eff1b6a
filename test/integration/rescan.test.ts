import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { MasterKeys } from '../../src/app/crypto/secret-box';
import { driverPool } from '../../src/app/database/data-source';
import { DomainImporter } from '../../src/app/domains/domain-importer';
import type { PortfolioEntry } from '../../src/app/domains/portfolio';
import { HistoryScreener } from '../../src/app/linkage/history-screener';
import { LinkageLookup } from '../../src/app/linkage/linkage-lookup';
import { RescanRuns } from '../../src/app/rescan/rescan-runs';
import { RescanService } from '../../src/app/rescan/rescan-service';
import { reviewPolicyOf } from '../../src/app/review/case-policy';
import type { Application } from '../../src/engine';
import { Screener } from '../../src/screening/screener';
import { Queue } from 'bullmq';
import { createLogger } from '../../src/app/observability/logger';
import { PURGE_SCHEDULER_ID, QueueName, RESCAN_SCHEDULER_ID, redisConnection } from '../../src/app/queue/queues';
import { WorkerRuntime } from '../../src/app/queue/worker-runtime';
import { spawnWorker, stopProcess } from '../support/faults';
import { aPortfolioRegistration } from '../support/factories';
import { createTestDatabase, testConfig, testEnvironment } from '../support/service-env';
import { addClient, deleteQueueKeys, openDatabase } from '../support/service';
import { PATIENCE_MS } from '../support/patience';

const root = path.resolve(__dirname, '..', '..');
const BENIGN = ['sato-hanako', 'tanaka-shoten', 'kyoto-ramen', 'hokkaido-farm', 'osaka-print', 'nagoya-dental', 'sapporo-bakery', 'kobe-design', 'sendai-law', 'fukuoka-garden'];

const body = aPortfolioRegistration;

async function* entries(records: readonly { domain: string; body: Application }[]): AsyncGenerator<PortfolioEntry> {
  let line = 0;
  for (const record of records) yield { line: ++line, record: { domain: record.domain, body: record.body, registeredOn: null, expiresOn: null, status: 'Active' } };
}

// Real PostgreSQL (and, for the worker test, Redis and two worker processes).
describe('nightly rescan', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let db: DataSource;
  let clientId: string;
  let service: RescanService;
  let runs: RescanRuns;
  let firstRunId: string;
  const portfolio: { domain: string; body: Application }[] = [];

  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await db.query(sql, params))[0].n);
  const runAll = async (jobId: string): Promise<string> => {
    const { run, chunks } = await service.plan(jobId, 'manual');
    for (const chunk of chunks) await service.processChunk(run.id, chunk);
    return run.id;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url);
    db = await openDatabase(config);
    clientId = (await addClient(db, config)).id;
    const screener = new Screener();
    const history = new HistoryScreener(screener, new LinkageLookup(() => driverPool(db)), new MasterKeys(config.masterKey));
    service = new RescanService(db, history, reviewPolicyOf(screener.engine.rules), { chunkSize: 7, concurrency: 4 });
    runs = new RescanRuns(db);
    for (let index = 0; index < 30; index += 1) {
      const domain = `${BENIGN[index % BENIGN.length]}-${index}.jp`;
      portfolio.push({ domain, body: body(domain, index) });
    }
    portfolio.push({ domain: 'smbc-card-login.jp', body: body('smbc-card-login.jp', 40) });
    portfolio.push({ domain: 'amazon-co-jp-login.com', body: body('amazon-co-jp-login.com', 41) });
    await new DomainImporter(db).import(entries(portfolio), { clientId });
  });

  afterAll(async () => {
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  it('plans keyset chunks over every active domain; a retried start job gets the same run', async () => {
    const jobId = `plan-${randomUUID()}`;
    const { run, chunks } = await service.plan(jobId, 'manual');
    expect(run).toMatchObject({ state: 'running', chunksTotal: 5, domainsTotal: 32, chunkSize: 7, rulesVersion: expect.stringMatching(/^sha256:/) });
    expect(chunks).toEqual([0, 1, 2, 3, 4]);
    const ranges: { first_id: string; last_id: string }[] = await db.query('SELECT first_id, last_id FROM rescan_chunks WHERE run_id = $1 ORDER BY chunk', [run.id]);
    for (let index = 1; index < ranges.length; index += 1) expect(Number(ranges[index]!.first_id)).toBeGreaterThan(Number(ranges[index - 1]!.last_id));
    const covered = await count(
      `SELECT count(*) AS n FROM active_domains d WHERE EXISTS (SELECT 1 FROM rescan_chunks c WHERE c.run_id = $1 AND d.id BETWEEN c.first_id AND c.last_id)`,
      [run.id],
    );
    expect(covered).toBe(32);
    await service.processChunk(run.id, 0);
    const again = await service.plan(jobId, 'manual');
    expect(again.run.id).toBe(run.id);
    expect(again.chunks).toEqual([1, 2, 3, 4]);
    for (const chunk of again.chunks) await service.processChunk(run.id, chunk);
    expect(await runs.find(run.id)).toMatchObject({ state: 'finished', chunksDone: 5, domainsSeen: 32, finishedAt: expect.any(Date) });
    firstRunId = run.id;
  });

  it('stores only what changed, opens one case per worsened domain (with an application for it) and tells the registrar', async () => {
    // The first judgement of an imported portfolio: the run of the test above.
    const runId = firstRunId;
    const run = (await runs.find(runId))!;
    const flagged = await db.query(`SELECT domain, outcome, worsened, case_id FROM rescan_results WHERE run_id = $1 ORDER BY domain`, [runId]);
    expect(flagged.map((row: { domain: string }) => row.domain)).toEqual(expect.arrayContaining(['amazon-co-jp-login.com', 'smbc-card-login.jp']));
    expect(run.changed).toBe(flagged.length);
    expect(run.changed).toBeLessThan(10);
    const withCases = flagged.filter((row: { case_id: string | null }) => row.case_id !== null);
    expect(run.newCases).toBe(withCases.length);
    const [amazon] = await db.query(
      `SELECT c.state, c.outcome, a.external_id, a.domain_name, d.application_id = a.id AS linked FROM rescan_results r JOIN cases c ON c.id = r.case_id JOIN applications a ON a.id = c.application_id JOIN active_domains d ON d.domain = r.domain WHERE r.run_id = $1 AND r.domain = 'amazon-co-jp-login.com'`,
      [runId],
    );
    expect(amazon).toEqual({ state: 'open', outcome: 'hold', external_id: 'import:amazon-co-jp-login.com', domain_name: 'amazon-co-jp-login.com', linked: true });
    const [callback] = await db.query(`SELECT o.payload FROM outbox o JOIN active_domains d ON d.application_id = o.aggregate_id WHERE d.domain = 'amazon-co-jp-login.com' AND o.topic = 'screening.reassessed'`);
    // The rescreener's shape, plus the domain and the run.
    expect(callback.payload).toEqual({
      applicationId: expect.any(String),
      externalId: 'import:amazon-co-jp-login.com',
      trigger: 'rescan',
      outcome: 'hold',
      previousOutcome: 'allow',
      score: expect.any(Number),
      rulesVersion: run.rulesVersion,
      caseId: expect.any(String),
      reasons: expect.arrayContaining(['BRAND_COMBOSQUAT']),
      domain: 'amazon-co-jp-login.com',
      runId,
    });

    // Each changed domain now carries the verdict its result records (stored for the chunk at once).
    expect(await count(`SELECT count(*) AS n FROM rescan_results r JOIN active_domains d ON d.id = r.domain_id WHERE r.run_id = $1 AND (d.last_outcome, d.last_score, d.last_hits, d.last_rules_version) IS DISTINCT FROM (r.outcome, r.score, r.hits, $2)`, [runId, run.rulesVersion])).toBe(0);

    // Nothing changed since: a second run stores nothing and opens nothing.
    const secondId = await runAll(`run-${randomUUID()}`);
    expect(await runs.find(secondId)).toMatchObject({ state: 'finished', domainsSeen: 32, changed: 0, newCases: 0, failures: 0 });
    expect(await count('SELECT count(*) AS n FROM rescan_results WHERE run_id = $1', [secondId])).toBe(0);

    // Worse details on a domain with an open case raise that case; they never open a second.
    await db.query(`UPDATE active_domains SET body = jsonb_set(body, '{registrant,email}', '"x7kq9z@mailinator.com"') WHERE domain = 'amazon-co-jp-login.com'`);
    await db.query(`UPDATE active_domains SET body = jsonb_set(body, '{registrant,email}', '"x7kq9z@mailinator.com"') WHERE domain = 'sato-hanako-0.jp'`);
    const thirdId = await runAll(`run-${randomUUID()}`);
    const third = await db.query(`SELECT domain, previous_outcome, outcome, worsened FROM rescan_results WHERE run_id = $1 ORDER BY domain`, [thirdId]);
    expect(third.map((row: { domain: string }) => row.domain)).toEqual(['amazon-co-jp-login.com', 'sato-hanako-0.jp']);
    expect(await count(`SELECT count(*) AS n FROM cases c JOIN active_domains d ON d.application_id = c.application_id WHERE d.domain = 'amazon-co-jp-login.com'`)).toBe(1);
    const events = await db.query(`SELECT e.type FROM case_events e JOIN cases c ON c.id = e.case_id JOIN active_domains d ON d.application_id = c.application_id WHERE d.domain = 'amazon-co-jp-login.com' ORDER BY e.id`);
    const amazonThird = third.find((row: { domain: string }) => row.domain === 'amazon-co-jp-login.com');
    expect(events.map((row: { type: string }) => row.type)).toEqual(amazonThird.worsened ? ['opened', 'raised'] : ['opened']);
  });

  it('stores a change that needs no case with its chunk: the verdict and the result, no assessment, case or callback', async () => {
    const improved = ['hokkaido-farm-3.jp', 'sendai-law-18.jp'];
    // As if the last run had judged them worse, with text that needs escaping in an array literal.
    const earlierHits = [{ reason: 'LINKED_TO_FRAUD', points: 40, detail: 'shares "phone" with a\\b, {labelled}' }];
    await db.query(`UPDATE active_domains SET last_outcome = 'review', last_score = 40, last_hits = $2 WHERE domain = ANY($1)`, [improved, JSON.stringify(earlierHits)]);
    const outboxBefore = await count('SELECT count(*) AS n FROM outbox');
    const runId = await runAll(`improved-${randomUUID()}`);
    const results = await db.query(
      `SELECT r.domain, r.previous_outcome, r.previous_score, r.outcome, r.worsened, r.case_id, (d.last_outcome, d.last_score, d.last_hits) IS NOT DISTINCT FROM (r.outcome, r.score, r.hits) AS stored
         FROM rescan_results r JOIN active_domains d ON d.id = r.domain_id WHERE r.run_id = $1 ORDER BY r.domain`,
      [runId],
    );
    expect(results).toEqual(improved.map((domain) => ({ domain, previous_outcome: 'review', previous_score: 40, outcome: 'allow', worsened: false, case_id: null, stored: true })));
    expect(await runs.find(runId)).toMatchObject({ changed: 2, newCases: 0 });
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(outboxBefore);
    expect(await count(`SELECT count(*) AS n FROM active_domains WHERE domain = ANY($1) AND application_id IS NOT NULL`, [improved])).toBe(0);
  });

  it('records a bad record against the run and finishes the chunk; a chunk run twice changes nothing more', async () => {
    await db.query(`UPDATE active_domains SET body = '{"domain": 42}' WHERE domain = 'kyoto-ramen-2.jp'`);
    const { run, chunks } = await service.plan(`bad-${randomUUID()}`, 'manual');
    const outcomes = [];
    for (const chunk of chunks) outcomes.push(await service.processChunk(run.id, chunk));
    expect(outcomes.reduce((sum, outcome) => sum + outcome.failures, 0)).toBe(1);
    const [failure] = await db.query('SELECT domain, error FROM rescan_failures WHERE run_id = $1', [run.id]);
    expect(failure.domain).toBe('kyoto-ramen-2.jp');
    expect(failure.error).toMatch(/^stored registration is not a valid application/);
    // Each bad field by its path, as the importer and the webhook name them.
    expect(failure.error).toMatch(/: externalId: .*; domain: /);
    expect(await runs.find(run.id)).toMatchObject({ state: 'finished', failures: 1, domainsSeen: 32 });
    expect(await service.processChunk(run.id, chunks[0]!)).toMatchObject({ status: 'already-done' });
    expect(await runs.find(run.id)).toMatchObject({ chunksDone: chunks.length, domainsSeen: 32 });
    const csv: string[] = [];
    for await (const line of runs.changesCsv(run.id)) csv.push(line);
    expect(csv[0]).toBe('domain,previous_outcome,outcome,previous_score,score,worsened,case_id,reasons\n');
    await db.query(`UPDATE active_domains SET body = $2 WHERE domain = $1`, ['kyoto-ramen-2.jp', portfolio[2]!.body]);
  });

  it('makes allowed and approved applications active domains, never rejected ones', async () => {
    const insert = async (domain: string, outcome: string, decision: string | null): Promise<void> => {
      const id = randomUUID();
      await db.query(`INSERT INTO applications (id, client_id, external_id, product, domain_name, received_at, body) VALUES ($1, $2, $3, 'domain', $4, now(), $5)`, [id, clientId, `wh-${domain}`, domain, body(domain, 90)]);
      await db.query(`INSERT INTO assessments (id, application_id, trigger, rules_version, outcome, score, hits, created_at) VALUES ($1, $2, 'intake', 'sha256:x', $3, 0, '[]', now())`, [randomUUID(), id, outcome]);
      if (decision) {
        await db.query(`INSERT INTO cases (id, application_id, client_id, state, outcome, score, due_at, created_at, updated_at, decision) VALUES ($1, $2, $3, 'decided', $4, 30, now(), now(), now(), $5)`, [randomUUID(), id, clientId, outcome, decision]);
      }
    };
    await insert('allowed-shop.jp', 'allow', null);
    await insert('approved-shop.jp', 'hold', 'approved');
    await insert('rejected-shop.jp', 'hold', 'rejected');
    await insert('pending-shop.jp', 'review', null);
    await service.plan(`activate-${randomUUID()}`, 'manual');
    const active = (await db.query(`SELECT domain, source FROM active_domains WHERE domain LIKE '%-shop.jp' ORDER BY domain`)) as { domain: string; source: string }[];
    expect(active).toEqual([
      { domain: 'allowed-shop.jp', source: 'application' },
      { domain: 'approved-shop.jp', source: 'application' },
    ]);
  });

  it('the worker schedules the nightly run at 03:00 Asia/Tokyo by default', async () => {
    const prefix = `${config.queuePrefix}s`;
    const worker = new WorkerRuntime(testConfig(database.url, { SHINSA_QUEUE_PREFIX: prefix, SHINSA_RESCAN_SCHEDULE: 'true' }), createLogger('silent', 'test-worker'));
    await worker.start();
    const queue = new Queue(QueueName.Rescan, { connection: redisConnection(config.redisUrl, { failFast: true }), prefix });
    try {
      await expect.poll(async () => (await queue.getJobScheduler(RESCAN_SCHEDULER_ID))?.pattern, { timeout: PATIENCE_MS }).toBe('0 3 * * *');
      const scheduler = await queue.getJobScheduler(RESCAN_SCHEDULER_ID);
      expect(scheduler).toMatchObject({ tz: 'Asia/Tokyo', name: 'rescan-start' });
      // 03:00 in Tokyo is 18:00 UTC.
      expect(new Date(scheduler!.next!).getUTCHours()).toBe(18);
      expect(new Date(scheduler!.next!).getUTCMinutes()).toBe(0);
    } finally {
      await queue.close();
      await worker.stop();
      await deleteQueueKeys(config.redisUrl, prefix);
    }
  });

  it('with the rescan schedule off, the worker still schedules the retention purge (04:30 Asia/Tokyo) and no rescan', async () => {
    const prefix = `${config.queuePrefix}p`;
    const worker = new WorkerRuntime(testConfig(database.url, { SHINSA_QUEUE_PREFIX: prefix, SHINSA_RESCAN_SCHEDULE: 'false' }), createLogger('silent', 'test-worker'));
    await worker.start();
    const connection = redisConnection(config.redisUrl, { failFast: true });
    const maintenance = new Queue(QueueName.Maintenance, { connection, prefix });
    const rescans = new Queue(QueueName.Rescan, { connection, prefix });
    try {
      await expect.poll(async () => (await maintenance.getJobScheduler(PURGE_SCHEDULER_ID))?.pattern, { timeout: PATIENCE_MS }).toBe('30 4 * * *');
      const scheduler = await maintenance.getJobScheduler(PURGE_SCHEDULER_ID);
      expect(scheduler).toMatchObject({ tz: 'Asia/Tokyo', name: 'retention-purge' });
      // 04:30 in Tokyo is 19:30 UTC.
      expect(new Date(scheduler!.next!).getUTCHours()).toBe(19);
      expect(new Date(scheduler!.next!).getUTCMinutes()).toBe(30);
      expect(await rescans.getJobScheduler(RESCAN_SCHEDULER_ID)).toBeUndefined();
    } finally {
      await maintenance.close();
      await rescans.close();
      await worker.stop();
      await deleteQueueKeys(config.redisUrl, prefix);
    }
  });

  it('two worker processes share a run; one killed mid-run loses no chunk and doubles no case', async () => {
    // New lookalikes in the portfolio: each should get exactly one case from this run.
    const lookalikes = Array.from({ length: 12 }, (_, index) => `rakuten-card-secure${index === 0 ? '' : `-${['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'][index - 1]}`}.com`);
    await new DomainImporter(db).import(entries(lookalikes.map((domain, index) => ({ domain, body: body(domain, 100 + index) }))), { clientId });
    const env = testEnvironment(database.url, { SHINSA_QUEUE_PREFIX: config.queuePrefix, SHINSA_RESCAN_CHUNK_SIZE: '3', SHINSA_WORKER_LOCK_MS: '2000', SHINSA_RELAY_INTERVAL_MS: '200' });
    const first = spawnWorker(env);
    const second = spawnWorker(env);
    try {
      const cli = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'rescan', '--now'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const exited = new Promise<number>((resolve) => cli.once('exit', (code) => resolve(code ?? 1)));
      // Kill one worker as soon as the run has started, whatever it is doing.
      const deadline = Date.now() + PATIENCE_MS;
      while (Date.now() < deadline && (await count(`SELECT count(*) AS n FROM rescan_chunks c JOIN rescan_runs r ON r.id = c.run_id WHERE r.job_id LIKE 'rescan-manual-%' AND c.done_at IS NOT NULL`)) < 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await stopProcess(first, 'SIGKILL');
      expect(await exited).toBe(0);
      const run = JSON.parse(stdout.trim().split('\n').at(-1)!);
      expect(run).toMatchObject({ state: 'finished', chunksTotal: Math.ceil(run.domainsTotal / 3), domainsSeen: run.domainsTotal, failures: 0 });
      expect(run.chunksDone).toBe(run.chunksTotal);
      expect(await count('SELECT count(*) AS n FROM rescan_chunks WHERE run_id = $1 AND done_at IS NULL', [run.id])).toBe(0);
      // Every worsened domain has exactly one open case.
      const doubled = await count(`SELECT count(*) AS n FROM (SELECT application_id FROM cases WHERE state <> 'decided' GROUP BY application_id HAVING count(*) > 1) d`);
      expect(doubled).toBe(0);
      expect(await count('SELECT count(*) AS n FROM rescan_results WHERE run_id = $1 AND case_id IS NOT NULL', [run.id])).toBe(run.newCases);
      const cased = await count(`SELECT count(*) AS n FROM cases c JOIN active_domains d ON d.application_id = c.application_id WHERE d.domain = ANY($1::text[])`, [lookalikes]);
      expect(cased).toBe(lookalikes.length);
      expect(run.newCases).toBe(lookalikes.length);
    } finally {
      await stopProcess(first, 'SIGKILL');
      await stopProcess(second);
    }
  });
});
