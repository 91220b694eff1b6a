import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { ClientDirectory } from '../app/clients/client-directory';
import { loadConfig } from '../app/config/config';
import { MasterKeys } from '../app/crypto/secret-box';
import { createDataSource } from '../app/database/data-source';
import { ensureDatabase } from '../app/database/ensure-database';
import { runMigrations } from '../app/database/migrate';
import { DomainImporter } from '../app/domains/domain-importer';
import { readPortfolio } from '../app/domains/portfolio';
import { JobName, QueueName, redisConnection } from '../app/queue/queues';
import { peakRssMiB, seededRandom } from './bench-support';
import { deleteQueueKeys } from './queue-keys';

/*
 * npm run bench:rescan — DESIGN §7: the nightly rescan of 1.75M active domains (≈ all of .jp) in
 * ≤ 10 minutes with ≤ 1 GiB RSS per process. Generates a portfolio CSV with registrant data,
 * imports it with `shinsa import-domains`'s importer (and again, the idempotent path), reads the
 * same rows as fast as a client can (the physical floor), then runs a rescan on 1 and on 2 worker
 * processes (`shinsa worker`), each from the same starting state.
 */

const DOMAINS = Number(process.env.BENCH_DOMAINS ?? 1_750_000);
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const DATABASE_URL = process.env.BENCH_RESCAN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/shinsa_bench_rescan';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = 'benchrescan';
const MASTER_KEY = 'c'.repeat(64);
const root = path.resolve(__dirname, '..', '..');

const log = (message: string): void => void process.stdout.write(`${message}\n`);
const rate = (count: number, seconds: number): string => `${Math.round(count / seconds).toLocaleString('en')}/s`;

const WORDS = ['sakura', 'tanaka', 'yamada', 'kyoto', 'osaka', 'tokyo', 'hokkaido', 'ramen', 'sushi', 'design', 'clinic', 'dental', 'law', 'office', 'farm', 'bakery', 'garden', 'print', 'net', 'shop', 'studio', 'works', 'lab', 'care', 'home'];
const LOOKALIKES = ['smbc-card-login', 'amazon-co-jp-login', 'rakuten-card-secure', 'mufg-verify', 'aeon-card-support', 'etc-meisai-update', 'mercari-login-jp', 'jcb-card-secure'];
const SURNAMES = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤'];
const GIVEN = ['花子', '太郎', '陽菜', '蓮', '結衣', '湊', '美咲', '大翔', '葵', '悠真'];
const PLACES: readonly [string, string, string][] = [
  ['100-0001', '東京都', '千代田区'],
  ['530-0001', '大阪府', '大阪市北区'],
  ['600-8216', '京都府', '京都市下京区'],
  ['060-0001', '北海道', '札幌市中央区'],
  ['460-0008', '愛知県', '名古屋市中区'],
];

/** A portfolio CSV with registrant data: mostly ordinary names, one in 300 a brand lookalike. */
async function generate(file: string): Promise<void> {
  if (existsSync(file)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  const random = seededRandom(1750);
  const out = createWriteStream(file);
  out.write('domain,registrant_type,name_kanji,email,phone,postal_code,prefecture,city,address_line1,nameservers,expires_on\n');
  let batch = '';
  for (let index = 0; index < DOMAINS; index += 1) {
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const label = random() < 1 / 300 ? `${pick(LOOKALIKES)}-${index}` : `${pick(WORDS)}-${pick(WORDS)}-${index}`;
    const [postal, prefecture, city] = pick(PLACES);
    const phone = `+81 90-${String(1000 + Math.floor(random() * 9000))}-${String(1000 + Math.floor(random() * 9000))}`;
    batch += `${label}.jp,individual,${pick(SURNAMES)} ${pick(GIVEN)},owner${index}@example${index % 997}.ne.jp,${phone},${postal},${prefecture},${city},${1 + (index % 9)}-${1 + (index % 30)}-${1 + (index % 20)},ns1.host${index % 50}.example.net ns2.host${index % 50}.example.net,2027-${String(1 + (index % 12)).padStart(2, '0')}-28\n`;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const env = { ...process.env, DATABASE_URL, REDIS_URL, SHINSA_MASTER_KEY: MASTER_KEY, SHINSA_QUEUE_PREFIX: PREFIX, SHINSA_RESCAN_SCHEDULE: 'false', SHINSA_LOG_LEVEL: 'warn' };
  const config = loadConfig(env);
  const admin = new Client({ connectionString: new URL('/postgres', DATABASE_URL).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${new URL(DATABASE_URL).pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(DATABASE_URL);
  await runMigrations(config);
  const dataSource = await createDataSource({ ...config, dbPoolSize: 4 }, 'bench-rescan', 0).initialize();
  const { id: clientId } = await new ClientDirectory(dataSource, new MasterKeys(config.masterKey)).add('bench-registrar', null);

  const file = path.join(root, '.bench', `rescan-portfolio-${DOMAINS}.csv`);
  let started = Date.now();
  await generate(file);
  log(`portfolio: ${DOMAINS.toLocaleString('en')} domains, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB CSV (${((Date.now() - started) / 1000).toFixed(1)} s to generate or reuse)`);

  const importer = new DomainImporter(dataSource);
  const first = await importer.import(readPortfolio(file), { clientId });
  const again = await importer.import(readPortfolio(file), { clientId });
  log(`import:   ${first.inserted.toLocaleString('en')} inserted in ${first.seconds.toFixed(1)} s (${rate(first.read, first.seconds)}); re-import ${again.unchanged.toLocaleString('en')} unchanged in ${again.seconds.toFixed(1)} s (${rate(again.read, again.seconds)}); bad ${first.bad}`);
  await dataSource.query('VACUUM ANALYZE active_domains');

  // The floor: every row the rescan reads, read in the same keyset pages, nothing else done.
  const reader = new Client({ connectionString: DATABASE_URL });
  await reader.connect();
  started = Date.now();
  let after = 0;
  let read = 0;
  for (;;) {
    const { rows } = await reader.query('SELECT id, domain, client_id, application_id, body, last_outcome, last_score, last_hits FROM active_domains WHERE id > $1 ORDER BY id LIMIT 2000', [after]);
    if (rows.length === 0) break;
    read += rows.length;
    after = Number(rows.at(-1).id);
  }
  const floorSeconds = (Date.now() - started) / 1000;
  await reader.end();
  log(`floor:    read ${read.toLocaleString('en')} rows in ${floorSeconds.toFixed(1)} s (${rate(read, floorSeconds)})`);

  const results: string[] = [];
  for (const workers of WORKER_COUNTS) {
    await dataSource.query(`TRUNCATE rescan_results, rescan_failures, rescan_chunks, rescan_runs, callback_attempts, outbox, case_events, ekyc_requests, cases, labels, attribute_labels, assessments CASCADE`);
    await dataSource.query(`UPDATE active_domains SET last_outcome = NULL, last_score = NULL, last_hits = NULL, last_rules_version = NULL, last_changed_at = NULL, application_id = NULL`);
    await dataSource.query(`DELETE FROM applications`);
    await deleteQueueKeys(REDIS_URL, PREFIX);
    const children: ChildProcess[] = [];
    for (let index = 0; index < workers; index += 1) {
      children.push(spawn(process.execPath, [path.join(root, 'dist', 'cli', 'main.js'), 'worker'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] }));
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const queue = new Queue(QueueName.Rescan, { connection: redisConnection(REDIS_URL, { failFast: true }), prefix: PREFIX });
    const jobId = `bench-${workers}-${Date.now()}`;
    started = Date.now();
    await queue.add(JobName.RescanStart, { trigger: 'manual' }, { jobId });
    await queue.close();
    const peaks = children.map(() => 0);
    let run: { state: string; domains_seen: string; changed: string; new_cases: string; failures: string; chunks_total: number; chunks_done: number } | undefined;
    let lastReport = Date.now();
    for (;;) {
      children.forEach((child, index) => {
        if (child.pid && child.exitCode === null) peaks[index] = Math.max(peaks[index]!, peakRssMiB(child.pid));
      });
      [run] = await dataSource.query('SELECT * FROM rescan_runs WHERE job_id = $1', [jobId]);
      if (run?.state === 'finished') break;
      if (children.some((child) => child.exitCode !== null)) throw new Error('a worker exited during the run');
      if (Date.now() - lastReport > 30_000 && run) {
        log(`  … ${workers} worker(s): ${run.chunks_done}/${run.chunks_total} chunks, ${Number(run.domains_seen).toLocaleString('en')} domains, ${((Date.now() - started) / 1000).toFixed(0)} s`);
        lastReport = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const seconds = (Date.now() - started) / 1000;
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
    const seen = Number(run!.domains_seen);
    results.push(
      `| rescan, ${workers} worker process${workers > 1 ? 'es' : ''} | ${seen.toLocaleString('en')} | ${seconds.toFixed(0)} s (${(seconds / 60).toFixed(1)} min) | ${rate(seen, seconds)} | ${Number(run!.changed).toLocaleString('en')} | ${Number(run!.new_cases).toLocaleString('en')} | ${Number(run!.failures)} | ${peaks.map((peak) => `${peak.toFixed(0)} MiB`).join(', ')} |`,
    );
    log(results.at(-1)!);
  }
  await dataSource.destroy();

  log('');
  log(`| run | domains | wall time | rate | changed | new cases | failures | peak RSS per worker |`);
  log(`|---|---|---|---|---|---|---|---|`);
  log(`| import (COPY + merge) | ${first.read.toLocaleString('en')} | ${first.seconds.toFixed(0)} s | ${rate(first.read, first.seconds)} | | | ${first.bad} | |`);
  log(`| re-import (unchanged) | ${again.read.toLocaleString('en')} | ${again.seconds.toFixed(0)} s | ${rate(again.read, again.seconds)} | | | | |`);
  log(`| floor: read the rows in keyset pages | ${read.toLocaleString('en')} | ${floorSeconds.toFixed(0)} s | ${rate(read, floorSeconds)} | | | | |`);
  for (const line of results) log(line);
  log('');
  log(`Target (README, Benchmarks): ${DOMAINS.toLocaleString('en')} domains in ≤ 10 min (≥ ${rate(DOMAINS, 600)}) with ≤ 1 GiB RSS per process.`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
