import { createReadStream, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { ClientDirectory } from '../app/clients/client-directory';
import { loadConfig } from '../app/config/config';
import { MasterKeys } from '../app/crypto/secret-box';
import { createDataSource } from '../app/database/data-source';
import { ensureDatabase } from '../app/database/ensure-database';
import { runMigrations } from '../app/database/migrate';
import { feedRulesOf } from '../app/feeds/feed-cases';
import { entryOf } from '../app/feeds/feed-entry';
import { parseFeed } from '../app/feeds/feed-formats';
import { FeedIngest } from '../app/feeds/feed-ingest';
import { FeedPuller } from '../app/feeds/feed-puller';
import { Screener } from '../screening/screener';
import { peakRssMiB, seededRandom } from './bench-support';
import { query } from '../app/database/query';

/*
 * npm run bench:feeds — issue 20: a month of JPCERT/CC's phishing URL list (~10,000 URLs) against a
 * portfolio of 1,750,000 active domains and 1,000,000 applications: parse + match ≤ 10 s, peak RSS
 * ≤ 512 MiB, beside the time to simply read the file in the same run. The portfolio is generated
 * in SQL once (reused while its sizes match); one in a hundred of the month's registrable domains is
 * planted in it (half as imported active domains, half as applications), so the matches go the
 * whole way: reports, labels, cases and callbacks, as a trusted feed's do.
 */

const ACTIVE = Number(process.env.BENCH_ACTIVE_DOMAINS ?? 1_750_000);
const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 1_000_000);
const DATABASE_URL = process.env.BENCH_FEEDS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/shinsa_bench_feeds';
const root = path.resolve(__dirname, '..', '..');
/** JPCERT/CC's June 2023 (10,581 URLs) from `../shared/data` beside the repository, or BENCH_FEED_FILE. */
const MONTH = process.env.BENCH_FEED_FILE ?? path.resolve(root, '..', 'shared', 'data', 'jpcert-phishurl', '2023', '202306.csv');

const log = (message: string): void => void process.stdout.write(`${message}\n`);
const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;

/** Without the shared data, a month in JPCERT/CC's format: 10,000 URLs on 4,000 registrable domains. */
function monthFile(): string {
  if (existsSync(MONTH)) return MONTH;
  log(`${MONTH} not found (set BENCH_FEED_FILE to a JPCERT/CC month): using a generated month in its format`);
  const file = path.join(root, '.bench', 'feeds-month.csv');
  if (existsSync(file)) return file;
  mkdirSync(path.dirname(file), { recursive: true });
  const random = seededRandom(202306);
  const lines = ['date,URL,description'];
  for (let index = 0; index < 10_000; index += 1) {
    const domain = `phish-${Math.floor(random() * 4000)}-bench.${['cn', 'top', 'xyz', 'shop', 'com'][index % 5]}`;
    lines.push(`2023/06/${String(1 + (index % 28)).padStart(2, '0')} 10:00:00,https://www.${domain}/login/${index},Amazon`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function portfolio(db: Client, clientId: string): Promise<void> {
  const { rows } = await db.query(`SELECT (SELECT count(*) FROM active_domains WHERE source = 'import' AND domain LIKE 'bench-%')::int AS active, (SELECT count(*) FROM applications WHERE external_id LIKE 'bench-app-%')::int AS applications`);
  if (rows[0].active === ACTIVE && rows[0].applications === APPLICATIONS) return;
  const started = process.hrtime.bigint();
  await db.query(`TRUNCATE active_domains, applications CASCADE`);
  await db.query(
    `INSERT INTO active_domains (domain, client_id, source, body, status, created_at, updated_at)
     SELECT name, $1, 'import', jsonb_build_object('externalId', 'import:' || name, 'product', 'domain', 'domain', jsonb_build_object('name', name)), 'Active', now(), now()
       FROM (SELECT 'bench-' || g || '-' || substr(md5(g::text), 1, 6) || '.jp' AS name FROM generate_series(1, $2::int) g) names`,
    [clientId, ACTIVE],
  );
  await db.query(
    `INSERT INTO applications (id, client_id, external_id, product, domain_name, received_at, body)
     SELECT gen_random_uuid(), $1, 'bench-app-' || g, 'domain', 'apply-' || g || '-' || substr(md5(g::text), 1, 6) || '.com', now() - (g % 700) * interval '1 day', '{}'::jsonb
       FROM generate_series(1, $2::int) g`,
    [clientId, APPLICATIONS],
  );
  await db.query('VACUUM ANALYZE active_domains');
  await db.query('VACUUM ANALYZE applications');
  log(`portfolio generated: ${ACTIVE.toLocaleString('en')} active domains, ${APPLICATIONS.toLocaleString('en')} applications (${seconds(started).toFixed(0)} s)`);
}

/** One in a hundred of the month's registrable domains, held: half imported, half applied for. */
async function plant(db: Client, clientId: string, domains: readonly string[]): Promise<number> {
  await db.query(`TRUNCATE feed_matches, feed_entries, feed_pulls, abuse_reports, labels, attribute_labels, case_events, cases, outbox CASCADE`);
  await db.query(`DELETE FROM attributes WHERE application_id IN (SELECT id FROM applications WHERE external_id LIKE 'planted:%' OR external_id LIKE 'import:%')`);
  await db.query(`UPDATE active_domains SET application_id = NULL WHERE application_id IS NOT NULL`);
  await db.query(`DELETE FROM applications WHERE external_id LIKE 'planted:%' OR external_id LIKE 'import:%'`);
  await db.query(`DELETE FROM active_domains WHERE source = 'import' AND domain NOT LIKE 'bench-%'`);
  const planted = domains.filter((_, index) => index % 100 === 0);
  const imported = planted.filter((_, index) => index % 2 === 0);
  const applied = planted.filter((_, index) => index % 2 === 1);
  await db.query(
    `INSERT INTO active_domains (domain, client_id, source, body, status, created_at, updated_at)
     SELECT name, $1, 'import', jsonb_build_object('externalId', 'import:' || name, 'product', 'domain', 'domain', jsonb_build_object('name', name),
              'registrant', jsonb_build_object('type', 'individual', 'email', 'owner@' || name, 'phone', '+81 90-1234-' || lpad((ordinality % 10000)::text, 4, '0'))), 'Active', now(), now()
       FROM unnest($2::text[]) WITH ORDINALITY AS n(name, ordinality)`,
    [clientId, imported],
  );
  await db.query(
    `INSERT INTO applications (id, client_id, external_id, product, domain_name, received_at, body)
     SELECT gen_random_uuid(), $1, 'planted:' || name, 'domain', name, now() - interval '3 days', '{}'::jsonb FROM unnest($2::text[]) AS n(name)`,
    [clientId, applied],
  );
  return planted.length;
}

async function main(): Promise<void> {
  const env = { ...process.env, DATABASE_URL, SHINSA_MASTER_KEY: 'f'.repeat(64), SHINSA_LOG_LEVEL: 'warn', SHINSA_FEEDS_FILE: '' };
  const config = loadConfig(env);
  await ensureDatabase(DATABASE_URL);
  await runMigrations(config);
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const dataSource = await createDataSource({ ...config, dbPoolSize: 2 }, 'bench-feeds', 0).initialize();
  const clients = new ClientDirectory(dataSource, new MasterKeys(config.masterKey));
  const [existing] = await query<{ id: string }>(dataSource, `SELECT id FROM api_clients WHERE name = 'bench-registrar'`);
  const clientId = existing?.id ?? (await clients.add('bench-registrar', null)).id;
  await portfolio(db, clientId);

  const file = monthFile();
  const rules = feedRulesOf(new Screener().engine.rules);

  // The floor: read the file, nothing else.
  let started = process.hrtime.bigint();
  let bytes = 0;
  for await (const chunk of createReadStream(file)) bytes += (chunk as Buffer).length;
  const readSeconds = seconds(started);
  const lines = readFileSync(file, 'utf8').split('\n').length - 2;

  // Parsing alone: csv-parse, the URL parser and the engine's domain parsing.
  started = process.hrtime.bigint();
  const domains = new Set<string>();
  let parsed = 0;
  for await (const line of parseFeed('jpcert-phishurl', createReadStream(file))) {
    if ('error' in line) continue;
    const entry = entryOf(line.record, rules.feeds);
    parsed += 1;
    if (!('error' in entry) && entry.excluded === null && entry.registrableDomain) domains.add(entry.registrableDomain);
  }
  const parseSeconds = seconds(started);
  const planted = await plant(db, clientId, [...domains].sort());
  await db.query('ANALYZE');

  const puller = new FeedPuller(dataSource, new FeedIngest(dataSource, rules, new MasterKeys(config.masterKey)), { timeZone: 'Asia/Tokyo', backoffMs: 2000 });
  const source = { name: 'jpcert-bench', trust: 'trusted' as const, category: 'phishing' as const, format: 'jpcert-phishurl' as const };
  const run = async () => {
    const input = createReadStream(file);
    const from = process.hrtime.bigint();
    const summary = await puller.importFile(source, file, input, () => input.bytesRead, () => undefined);
    return { summary, seconds: seconds(from) };
  };
  const first = await run();
  const again = await run();
  const rss = peakRssMiB();
  await dataSource.destroy();
  await db.end();

  log('');
  log(`feed: ${path.basename(file)}, ${lines.toLocaleString('en')} lines, ${(bytes / 1024).toFixed(0)} KiB; portfolio: ${ACTIVE.toLocaleString('en')} active domains + ${APPLICATIONS.toLocaleString('en')} applications; ${planted} of its ${domains.size.toLocaleString('en')} registrable domains planted`);
  log('');
  log('| step | seconds | entries/s | entries | new | seen | bad | matched | reports | labels |');
  log('|---|---|---|---|---|---|---|---|---|---|');
  log(`| baseline: read the file | ${readSeconds.toFixed(3)} | | | | | | | | |`);
  log(`| parse only (csv-parse, URL, engine domain parsing) | ${parseSeconds.toFixed(3)} | ${Math.round(parsed / parseSeconds).toLocaleString('en')} | ${parsed.toLocaleString('en')} | | | | | | |`);
  for (const [name, result] of [
    ['parse + match, first pull (all new, trusted: reports, labels, cases, callbacks)', first],
    ['parse + match, same file again (all seen)', again],
  ] as const) {
    const s = result.summary;
    log(`| ${name} | ${result.seconds.toFixed(3)} | ${Math.round(s.entries / result.seconds).toLocaleString('en')} | ${s.entries.toLocaleString('en')} | ${s.new.toLocaleString('en')} | ${s.seen.toLocaleString('en')} | ${s.bad} | ${s.matched} | ${s.reportsOpened} | ${s.labels} |`);
  }
  log('');
  log(`peak RSS of this process: ${rss.toFixed(0)} MiB`);
  log(`Target (issue 20): parse + match ≤ 10 s, peak RSS ≤ 512 MiB: ${first.seconds <= 10 && rss <= 512 ? 'met' : 'NOT met'} (${first.seconds.toFixed(1)} s, ${rss.toFixed(0)} MiB).`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
