import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { Backtest } from '../app/backtest/backtest';
import { ShadowComparison } from '../app/backtest/shadow';
import { loadConfig } from '../app/config/config';
import { ensureDatabase } from '../app/database/ensure-database';
import { runMigrations } from '../app/database/migrate';
import { LATEST_VERDICT } from '../app/labels/latest-verdict';
import { defaultSignalRegistry, ScreeningEngine } from '../engine';
import { loadKnowledge } from '../knowledge';
import { DEFAULT_RULES_DIR, loadRuleSet } from '../screening/rules-directory';
import { peakRssMiB } from './bench-support';

/*
 * npm run bench:backtest — issue 8: `shinsa backtest` streams ≥ 1M stored applications within
 * minutes. Loads BENCH_APPLICATIONS applications with deciding assessments and stored facts (in
 * SQL, reused on later runs), then replays them under a candidate rule set (the shipped rules with
 * combosquats weighed twice), beside the floor of reading the same rows in the same pages; and
 * compares a shadow period of the same size (shadow results stored in SQL) with the decisions.
 */

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 1_000_000);
const DATABASE_URL = process.env.BENCH_BACKTEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/shinsa_bench_backtest';
const log = (message: string): void => void process.stdout.write(`${message}\n`);

async function load(): Promise<void> {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    const present = Number((await db.query('SELECT count(*) AS n FROM applications')).rows[0].n);
    if (present >= APPLICATIONS) {
      log(`history: reusing ${present.toLocaleString('en')} stored applications`);
      return;
    }
    const started = Date.now();
    await db.query(`INSERT INTO api_clients (id, name, key_id, created_at) VALUES ('00000000-0000-4000-8000-000000000001', 'bench', 'key_bench', now()) ON CONFLICT DO NOTHING`);
    const words = `ARRAY['sakura','tanaka','yamada','kyoto','osaka','shop','design','clinic','smbc-card-login','amazon-co-jp','rakuten-card','office','garden','print']`;
    for (let from = present + 1; from <= APPLICATIONS; from += 50_000) {
      const to = Math.min(APPLICATIONS, from + 49_999);
      await db.query('BEGIN');
      await db.query(
        `INSERT INTO applications (id, client_id, external_id, product, domain_name, received_at, body)
         SELECT md5('bt' || i)::uuid, '00000000-0000-4000-8000-000000000001', 'bt-' || i, 'domain', d, t,
                jsonb_build_object('externalId', 'bt-' || i, 'product', 'domain', 'domain', jsonb_build_object('name', d),
                  'registrant', jsonb_build_object('type', 'individual', 'name', jsonb_build_object('kanji', (ARRAY['佐藤 花子','鈴木 太郎','田中 陽菜','山本 蓮'])[1 + i % 4]),
                    'email', 'user' || i || '@example' || (i % 50) || '.ne.jp', 'phone', '+81 90-' || (1000 + i % 9000) || '-' || (1000 + (i * 7) % 9000),
                    'address', jsonb_build_object('postalCode', '100-0001', 'prefecture', '東京都', 'city', '千代田区', 'line1', '千代田' || (i % 9 + 1) || '-1', 'country', 'JP')))
           FROM generate_series($1::int, $2::int) AS i,
                LATERAL (SELECT (${words})[1 + i % 14] || '-' || i || '.jp' AS d, now() - make_interval(secs => ($3::int - i) * 2.5) AS t) x`,
        [from, to, APPLICATIONS],
      );
      await db.query(
        `INSERT INTO assessments (id, application_id, trigger, rules_version, outcome, score, hits, facts, created_at)
         SELECT md5('bt-a' || i)::uuid, md5('bt' || i)::uuid, 'intake', 'sha256:bench', CASE WHEN i % 14 IN (8, 9, 10) THEN 'review' ELSE 'allow' END,
                CASE WHEN i % 14 IN (8, 9, 10) THEN 30 ELSE 0 END,
                CASE WHEN i % 14 IN (8, 9, 10) THEN '[{"signal":"brand.combosquat","points":30,"reason":"BRAND_COMBOSQUAT","detail":"bench"}]'::jsonb ELSE '[]'::jsonb END,
                jsonb_build_object('linkage', jsonb_build_object('attributes', CASE WHEN i % 97 = 0 THEN jsonb_build_array(jsonb_build_object('kind', 'phone', 'earlier', jsonb_build_object('hour', 0, 'day', 1, 'month', 3), 'linked', '[]'::jsonb, 'fraudLabels', '[]'::jsonb)) ELSE '[]'::jsonb END)),
                now() - make_interval(secs => ($3::int - i) * 2.5)
           FROM generate_series($1::int, $2::int) AS i`,
        [from, to, APPLICATIONS],
      );
      await db.query(`INSERT INTO labels (id, application_id, verdict, source, created_at) SELECT md5('bt-l' || i)::uuid, md5('bt' || i)::uuid, CASE WHEN i % 14 IN (8, 9) THEN 'fraud' ELSE 'legitimate' END, 'bench', now() FROM generate_series($1::int, $2::int) AS i WHERE i % 50 = 0`, [from, to]);
      await db.query('COMMIT');
    }
    await db.query('VACUUM ANALYZE applications, assessments, labels');
    log(`history: loaded ${(APPLICATIONS - present).toLocaleString('en')} applications in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await loadShadow(db);
    await db.end();
  }
}

/** A shadow rule set's results for every stored application: combosquats at 60 points (hold). */
async function loadShadow(db: Client): Promise<void> {
  const present = Number((await db.query(`SELECT count(*) AS n FROM shadow_assessments WHERE rules_version = 'sha256:bench-shadow'`)).rows[0].n);
  if (present > 0) return;
  const started = Date.now();
  await db.query(
    `INSERT INTO shadow_assessments (application_id, rules_version, outcome, score, hits, received_at)
     SELECT s.application_id, 'sha256:bench-shadow', CASE WHEN s.score >= 30 THEN 'hold' ELSE s.outcome END, s.score * 2,
            CASE WHEN s.score >= 30 THEN '[{"signal":"brand.combosquat","points":60,"reason":"BRAND_COMBOSQUAT","detail":"bench"}]'::jsonb ELSE s.hits END, a.received_at
       FROM assessments s JOIN applications a ON a.id = s.application_id`,
  );
  await db.query('VACUUM ANALYZE shadow_assessments');
  log(`shadow: stored results for every application in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function main(): Promise<void> {
  await ensureDatabase(DATABASE_URL);
  await runMigrations(loadConfig({ DATABASE_URL, SHINSA_MASTER_KEY: 'd'.repeat(64) }));
  await load();
  const pool = new Pool({ connectionString: DATABASE_URL, max: 2 });

  // The floor: the same rows in the same pages, nothing replayed.
  let started = Date.now();
  let read = 0;
  const reader = await pool.connect();
  await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  await reader.query(
    `DECLARE floor NO SCROLL CURSOR FOR
     SELECT a.id, a.received_at, a.body, s.outcome, s.score, s.hits, s.facts,
            ${LATEST_VERDICT} AS verdict
       FROM applications a
       LEFT JOIN LATERAL (SELECT outcome, score, hits, facts FROM assessments WHERE application_id = a.id ORDER BY created_at, id LIMIT 1) s ON true
      ORDER BY a.received_at, a.id`,
  );
  for (;;) {
    const { rows } = await reader.query('FETCH 5000 FROM floor');
    if (rows.length === 0) break;
    read += rows.length;
  }
  await reader.query('COMMIT');
  reader.release();
  const floor = (Date.now() - started) / 1000;

  const candidateDir = mkdtempSync(path.join(tmpdir(), 'shinsa-bench-candidate-'));
  cpSync(DEFAULT_RULES_DIR, candidateDir, { recursive: true });
  const brand = path.join(candidateDir, 'signals', 'brand.yaml');
  writeFileSync(brand, readFileSync(brand, 'utf8').replace(/BRAND_COMBOSQUAT:\n(\s+)points: 30/, 'BRAND_COMBOSQUAT:\n$1points: 60'));
  const engine = new ScreeningEngine(loadRuleSet(candidateDir, defaultSignalRegistry()), loadKnowledge());
  rmSync(candidateDir, { recursive: true, force: true });
  started = Date.now();
  const report = await new Backtest(pool).run(engine);
  const seconds = (Date.now() - started) / 1000;
  const backtestRss = peakRssMiB();
  started = Date.now();
  const shadow = await new ShadowComparison(pool).run({ version: 'sha256:bench-shadow' });
  const shadowSeconds = (Date.now() - started) / 1000;
  await pool.end();

  log('');
  log('| run | applications | wall time | rate |');
  log('|---|---|---|---|');
  log(`| floor: read the same rows through the cursor | ${read.toLocaleString('en')} | ${floor.toFixed(0)} s | ${Math.round(read / floor).toLocaleString('en')}/s |`);
  log(`| backtest (replay + compare) | ${report.replayed.toLocaleString('en')} | ${seconds.toFixed(0)} s | ${Math.round(report.replayed / seconds).toLocaleString('en')}/s |`);
  log(`| shadow comparison (stored results) | ${shadow.replayed.toLocaleString('en')} | ${shadowSeconds.toFixed(0)} s | ${Math.round(shadow.replayed / shadowSeconds).toLocaleString('en')}/s |`);
  log('');
  log(`peak RSS after the backtest ${backtestRss.toFixed(0)} MiB, at the end ${peakRssMiB().toFixed(0)} MiB; shadow review → hold ${shadow.matrix.review.hold.toLocaleString('en')}`);
  log(`backtest: review → hold ${report.matrix.review.hold.toLocaleString('en')}, allow → review ${report.matrix.allow.review.toLocaleString('en')}; recall ${((report.candidate.recall ?? 0) * 100).toFixed(1)}% (deciding ${((report.actual.recall ?? 0) * 100).toFixed(1)}%)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
