import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { ClientDirectory } from '../app/clients/client-directory';
import { loadConfig } from '../app/config/config';
import { MasterKeys } from '../app/crypto/secret-box';
import { signedHeaders } from '../app/crypto/signature';
import { createDataSource } from '../app/database/data-source';
import { ensureDatabase } from '../app/database/ensure-database';
import { runMigrations } from '../app/database/migrate';
import { Pool } from 'pg';
import type { AppConfig } from '../app/config/config';
import { extractAttributes } from '../app/linkage/attributes';
import { HistoryScreener } from '../app/linkage/history-screener';
import { LinkageLookup, hashAttributes } from '../app/linkage/linkage-lookup';
import type { Application } from '../engine';
import { Screener } from '../screening/screener';
import { seededRandom } from './bench-support';

/*
 * npm run bench:webhook — DESIGN §7: webhook p99 ≤ 50 ms at 200 req/s with 1,000,000 stored
 * applications; maximum throughput ≥ 60% of a bare route that inserts one row, measured in the
 * same run. The api and the baseline run as their own processes; autocannon drives both.
 */

const STORED = Number(process.env.BENCH_STORED ?? 1_000_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 20);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/shinsa_bench';
const MASTER_KEY = 'b'.repeat(64);
const root = path.resolve(__dirname, '..', '..');

function clientPool(): Pool {
  return new Pool({ connectionString: DATABASE_URL, max: 4 });
}

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** Bulk-loads the history in SQL, 50,000 applications per statement (not one by one over HTTP). */
async function loadHistory(clientId: string): Promise<void> {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query('SELECT count(*)::int AS n FROM applications');
    const present: number = rows[0].n;
    if (present >= STORED) {
      log(`history: reusing ${present.toLocaleString('en')} stored applications`);
      return;
    }
    const started = Date.now();
    const chunk = 50_000;
    for (let from = present + 1; from <= STORED; from += chunk) {
      const to = Math.min(STORED, from + chunk - 1);
      await db.query('BEGIN');
      await db.query(
        `INSERT INTO applications (id, client_id, external_id, product, domain_name, submitted_at, signup_ip, signup_port, signup_at, received_at, body)
         SELECT md5('app' || i)::uuid, $3, 'bulk-' || i, 'domain', 'shop-' || i || '.jp', t, '203.0.' || (i % 250) || '.' || (i % 200), 1024 + i % 60000, t, t,
                jsonb_build_object('externalId', 'bulk-' || i, 'product', 'domain', 'domain', jsonb_build_object('name', 'shop-' || i || '.jp'),
                  'registrant', jsonb_build_object('type', 'individual', 'email', 'user' || (i % 950000) || '@example.jp', 'phone', '090' || lpad((i % 900000)::text, 8, '0')))
           FROM generate_series($1::int, $2::int) AS i, LATERAL (SELECT now() - make_interval(secs => (${STORED} - i) * 2.5) AS t) AS at`,
        [from, to, clientId],
      );
      await db.query(
        `INSERT INTO assessments (id, application_id, trigger, rules_version, outcome, score, hits, created_at)
         SELECT md5('as' || i)::uuid, md5('app' || i)::uuid, 'intake', 'sha256:bench', CASE WHEN i % 10 = 0 THEN 'review' ELSE 'allow' END, CASE WHEN i % 10 = 0 THEN 30 ELSE 0 END, '[]'::jsonb,
                now() - make_interval(secs => (${STORED} - i) * 2.5)
           FROM generate_series($1::int, $2::int) AS i`,
        [from, to],
      );
      await db.query(
        `INSERT INTO attributes (application_id, kind, value_hash, observed_at)
         SELECT md5('app' || i)::uuid, k.kind, sha256(convert_to(k.kind || (i % k.modulus), 'UTF8')), now() - make_interval(secs => (${STORED} - i) * 2.5)
           FROM generate_series($1::int, $2::int) AS i
          CROSS JOIN (VALUES ('phone', 900000), ('phone_block', 5000), ('email', 950000), ('email_domain', 300), ('address', 600000),
                             ('postal_code', 100000), ('name', 400000), ('ip_prefix', 200000), ('asn', 500), ('registrable_domain', 1000000)) AS k(kind, modulus)`,
        [from, to],
      );
      await db.query(
        `INSERT INTO cases (id, application_id, client_id, state, outcome, score, due_at, created_at, updated_at)
         SELECT md5('case' || i)::uuid, md5('app' || i)::uuid, $3, 'decided', 'review', 30, t + interval '3 days', t, t
           FROM generate_series($1::int, $2::int) AS i, LATERAL (SELECT now() - make_interval(secs => (${STORED} - i) * 2.5) AS t) AS at
          WHERE i % 10 = 0`,
        [from, to, clientId],
      );
      await db.query(
        `INSERT INTO outbox (topic, client_id, aggregate_id, payload, created_at, dispatched_at, delivered_at, delivery_state)
         SELECT 'screening.assessed', $3, md5('app' || i)::uuid, '{}'::jsonb, t, t, t, 'delivered'
           FROM generate_series($1::int, $2::int) AS i, LATERAL (SELECT now() - make_interval(secs => (${STORED} - i) * 2.5) AS t) AS at`,
        [from, to, clientId],
      );
      await db.query('COMMIT');
      const rate = (to - present) / ((Date.now() - started) / 1000);
      process.stdout.write(`\rhistory: ${to.toLocaleString('en')} / ${STORED.toLocaleString('en')} applications (${Math.round(rate).toLocaleString('en')}/s)   `);
    }
    process.stdout.write('\n');
    // What autovacuum does to an insert-only table in steady state: statistics and the visibility
    // map (index-only scans for the linkage counts).
    await db.query('VACUUM ANALYZE');
  } finally {
    await db.end();
  }
}

/** Planted campaigns: 200 actors, each behind 50 stored applications sharing a phone block, an address, a card, a mail domain and a /24. */
const CAMPAIGNS = 200;
const CAMPAIGN_MEMBERS = 50;

interface PlantedCampaign {
  readonly phoneBlock: string;
  readonly line1: string;
  readonly card: string;
  readonly mailDomain: string;
  readonly network: string;
}

function campaignOf(index: number): PlantedCampaign {
  return {
    phoneBlock: `070${String(4000 + index).padStart(4, '0')}`,
    line1: `丸の内${1 + (index % 3)}-${1 + (index % 20)}-${index + 1}`,
    card: `sha256:planted-card-${index}`,
    mailDomain: `mbox${index}.example-mail.jp`,
    network: `45.${(index % 200) + 10}.${(index * 7) % 250}`,
  };
}

/** The details of one member of a campaign, as an application would give them. */
function campaignMember(campaign: PlantedCampaign, member: number, externalId: string): Application {
  return {
    externalId,
    product: 'domain',
    domain: { name: `${campaign.mailDomain.split('.')[0]}-shop${member}.com` },
    registrant: {
      type: 'individual',
      name: { kanji: '山田 花子', kana: 'ヤマダ ハナコ', romaji: 'Hanako Yamada' },
      email: `m${member}x${externalId.length}@${campaign.mailDomain}`,
      phone: `${campaign.phoneBlock}${String(member).padStart(4, '0')}`,
      address: { postalCode: '100-0005', prefecture: '東京都', city: '千代田区', line1: campaign.line1, country: 'JP' },
    },
    signup: { ip: `${campaign.network}.${1 + (member % 250)}`, port: 40000 + member },
    payment: { method: 'card', cardCountry: 'JP', fingerprint: campaign.card },
  };
}

/**
 * Plants the campaigns in the stored history with attribute hashes made exactly as the service
 * makes them, and a fraud label on every fifth member, so requests that reuse a campaign's details
 * find real sharers and real labels.
 */
async function plantCampaigns(clientId: string, keys: MasterKeys): Promise<void> {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    if ((await db.query(`SELECT 1 FROM applications WHERE external_id = 'planted-0-0'`)).rowCount) {
      log(`campaigns: reusing ${CAMPAIGNS} planted campaigns of ${CAMPAIGN_MEMBERS}`);
      return;
    }
    for (let index = 0; index < CAMPAIGNS; index += 1) {
      const campaign = campaignOf(index);
      const ids: string[] = [];
      const kinds: string[] = [];
      const hashes: Buffer[] = [];
      const owners: string[] = [];
      for (let member = 0; member < CAMPAIGN_MEMBERS; member += 1) {
        const id = randomUUID();
        ids.push(id);
        const application = campaignMember(campaign, member, `planted-${index}-${member}`);
        for (const attribute of hashAttributes(keys, extractAttributes(application, {}))) {
          kinds.push(attribute.kind);
          hashes.push(attribute.hash);
          owners.push(id);
        }
      }
      await db.query('BEGIN');
      await db.query(
        `INSERT INTO applications (id, client_id, external_id, product, domain_name, received_at, body)
         SELECT id, $2, 'planted-' || $3 || '-' || (ordinality - 1), 'domain', 'planted-' || $3 || '-' || ordinality || '.com', now() - make_interval(hours => ordinality::int), '{}'::jsonb
           FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ordinality)`,
        [ids, clientId, index],
      );
      await db.query(
        `INSERT INTO attributes (application_id, kind, value_hash, observed_at)
         SELECT owner, kind, hash, now() - interval '2 days' FROM unnest($1::uuid[], $2::text[], $3::bytea[]) AS t(owner, kind, hash)`,
        [owners, kinds, hashes],
      );
      await db.query(
        `INSERT INTO attribute_labels (kind, value_hash, application_id, verdict, labelled_at)
         SELECT DISTINCT ON (owner, kind, hash) kind, hash, owner, 'fraud', now() - interval '1 day'
           FROM unnest($1::uuid[], $2::text[], $3::bytea[]) AS t(owner, kind, hash)
          WHERE owner = ANY($4::uuid[])`,
        [owners, kinds, hashes, ids.filter((_, member) => member % 5 === 0)],
      );
      await db.query('COMMIT');
    }
    await db.query('VACUUM ANALYZE attributes');
    await db.query('VACUUM ANALYZE attribute_labels');
    log(`campaigns: planted ${CAMPAIGNS} campaigns of ${CAMPAIGN_MEMBERS} (fraud label on every fifth member)`);
  } finally {
    await db.end();
  }
}

function start(script: string[], env: Record<string, string>): ChildProcess {
  // BENCH_PROFILE_DIR: a V8 CPU profile of the api with linkage, for finding where its time goes.
  const profile = process.env.BENCH_PROFILE_DIR && script[1] === 'api' && env.SHINSA_LINKAGE === undefined ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  return spawn(process.execPath, [...profile, ...script], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become ready`);
}

interface Measured {
  readonly label: string;
  readonly requests: number;
  readonly seconds: number;
  readonly errors: number;
  readonly latencies: number[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function drive(label: string, url: string, makeRequest: () => { body: string; headers: Record<string, string> }, options: { rate?: number; connections: number; seconds: number }): Promise<Measured> {
  const latencies: number[] = [];
  let errors = 0;
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon({
    url,
    method: 'POST',
    connections: options.connections,
    duration: options.seconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (request: autocannon.Request) => {
          const { body, headers } = makeRequest();
          return { ...request, body, headers: { ...headers, 'content-type': 'application/json' } };
        },
      },
    ],
  }, (error, result) => (error ? fail(error) : finish(result)));
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode !== 200) errors += 1;
    latencies.push(responseTime);
  });
  const result = await done;
  errors += result.errors + result.timeouts;
  return { label, requests: latencies.length, seconds: result.duration, errors, latencies: latencies.sort((a, b) => a - b) };
}

/**
 * Open-loop load: requests leave on a Poisson schedule at `rate` per second whether or not
 * earlier ones have been answered, and each latency counts from its scheduled departure, so a
 * stall shows in the percentiles (no coordinated omission). autocannon's fixed rate sends each
 * connection's quota in a burst at the top of every second, which measures a burst, not a rate.
 */
async function driveOpenLoop(label: string, url: string, makeRequest: () => { body: string; headers: Record<string, string> }, rate: number, seconds: number): Promise<Measured> {
  const random = seededRandom(11);
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let departure = started;
  while (departure - started < seconds * 1000) {
    departure += (-Math.log(1 - random()) * 1000) / rate;
    const wait = departure - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const scheduled = departure;
    const { body, headers } = makeRequest();
    pending.push(
      fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })
        .then(async (response) => {
          await response.arrayBuffer();
          if (response.status !== 200) errors += 1;
        })
        .catch(() => {
          errors += 1;
        })
        .finally(() => {
          latencies.push(performance.now() - scheduled);
        }),
    );
  }
  await Promise.all(pending);
  return { label, requests: latencies.length, seconds: (performance.now() - started) / 1000, errors, latencies: latencies.sort((a, b) => a - b) };
}

/** The history look-up the webhook runs before screening, timed on its own over the same kind of applications. */
async function timeLookups(config: AppConfig, pool: Pool, makeRequest: () => { body: string }): Promise<number[]> {
  const history = new HistoryScreener(new Screener(), new LinkageLookup(() => pool), new MasterKeys(config.masterKey));
  const latencies: number[] = [];
  for (let index = 0; index < 2000; index += 1) {
    const application = JSON.parse(makeRequest().body) as Application;
    const inputs = history.inputsFor(application);
    const started = performance.now();
    await history.historyFor(inputs, { domainName: application.domain?.name ?? null, asOf: new Date(), self: null });
    latencies.push(performance.now() - started);
  }
  await pool.end();
  return latencies.sort((a, b) => a - b);
}

/** User and system CPU time of a process in ms (Linux /proc; clock ticks of 10 ms). */
function processCpu(pid: number): { user: number; system: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: (Number(fields[11]) * 1000) / 100, system: (Number(fields[12]) * 1000) / 100 };
  } catch {
    return { user: 0, system: 0 }; // the process has exited
  }
}

function processCpuMs(pid: number): number {
  const { user, system } = processCpu(pid);
  return user + system;
}

/** CPU ms of every PostgreSQL backend connected to the bench database, by pid. */
async function backendCpu(db: Client): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  return new Map(rows.map((row) => [row.pid, processCpuMs(row.pid)]));
}

interface CpuCost {
  readonly label: string;
  readonly requests: number;
  readonly serverMs: number;
  /** Of which in the kernel (loopback TCP to PostgreSQL, Redis and the client is charged here). */
  readonly serverSystemMs: number;
  readonly postgresMs: number;
  /** The whole Redis server (shared with anything else using it on this machine). */
  readonly redisMs: number;
  /** WAL written by the whole PostgreSQL server meanwhile (idem). */
  readonly walBytes: number;
}

async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return (seconds('used_cpu_sys') + seconds('used_cpu_user')) * 1000;
}

/**
 * CPU per request, less sensitive to other load on the machine than latency: a fixed number of
 * requests at a fixed concurrency, and the CPU time the server process and its PostgreSQL backends
 * used meanwhile (from /proc).
 */
async function cpuPerRequest(label: string, url: string, pid: number, makeRequest: () => { body: string; headers: Record<string, string> }, amount: number): Promise<CpuCost> {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const redis = new Redis(loadConfig({ SHINSA_MASTER_KEY: MASTER_KEY }).redisUrl);
  try {
    const redisBefore = await redisCpuMs(redis);
    const walBefore: string = (await db.query('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn;
    const serverBefore = processCpu(pid);
    const backendsBefore = await backendCpu(db);
    let errors = 0;
    await new Promise<void>((resolve, reject) => {
      const instance = autocannon({
        url,
        method: 'POST',
        connections: 8,
        amount,
        requests: [{ method: 'POST', setupRequest: (request: autocannon.Request) => { const { body, headers } = makeRequest(); return { ...request, body, headers: { ...headers, 'content-type': 'application/json' } }; } }],
      }, (error) => (error ? reject(error) : resolve()));
      instance.on('response', (_client: unknown, statusCode: number) => {
        if (statusCode !== 200) errors += 1;
      });
    });
    const serverAfter = processCpu(pid);
    const serverMs = serverAfter.user + serverAfter.system - serverBefore.user - serverBefore.system;
    const serverSystemMs = serverAfter.system - serverBefore.system;
    const redisMs = (await redisCpuMs(redis)) - redisBefore;
    const walBytes = Number((await db.query('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn) AS bytes', [walBefore])).rows[0].bytes);
    let postgresMs = 0;
    for (const [backend, after] of await backendCpu(db)) postgresMs += after - (backendsBefore.get(backend) ?? 0);
    if (errors > 0) log(`${label}: ${errors} of ${amount} requests failed`);
    return { label, requests: amount, serverMs, serverSystemMs, postgresMs, redisMs, walBytes };
  } finally {
    redis.disconnect();
    await db.end();
  }
}

function row(measured: Measured): string {
  const rate = measured.requests / measured.seconds;
  const l = measured.latencies;
  return `${measured.label.padEnd(36)} ${Math.round(rate).toString().padStart(7)}  ${percentile(l, 50).toFixed(1).padStart(7)}  ${percentile(l, 95).toFixed(1).padStart(7)}  ${percentile(l, 99).toFixed(1).padStart(7)}  ${String(measured.errors).padStart(6)}`;
}

async function main(): Promise<void> {
  log(`shinsa bench:webhook — ${STORED.toLocaleString('en')} stored applications, ${DURATION} s per run, node ${process.version}`);
  // A generous connect timeout: the machine is shared and three processes start at once.
  const env = { DATABASE_URL, SHINSA_MASTER_KEY: MASTER_KEY, SHINSA_DB_CONNECT_TIMEOUT_MS: '15000' };
  const config = loadConfig(env);
  if (await ensureDatabase(DATABASE_URL)) log('created database shinsa_bench');
  await runMigrations(config);
  const dataSource = await createDataSource(config, 'shinsa-bench').initialize();
  const directory = new ClientDirectory(dataSource, new MasterKeys(config.masterKey));
  const client = await directory.add(`bench-${randomUUID()}`, null);
  const { id: clientId } = (await directory.findActive(client.keyId))!;
  await dataSource.destroy();
  await loadHistory(clientId);
  await plantCampaigns(clientId, new MasterKeys(config.masterKey));

  const apiPort = 3900 + Math.floor(Math.random() * 50);
  const barePort = apiPort + 50;
  const api = start(['dist/cli/main.js', 'api'], { ...env, PORT: String(apiPort), SHINSA_LOG_LEVEL: 'warn', SHINSA_RATE_LIMIT_PER_MINUTE: '100000000', SHINSA_QUEUE_PREFIX: 'bench', SHINSA_MIGRATE_ON_START: 'false' });
  const bare = start(['dist/bench/bare-insert-server.js'], { DATABASE_URL, PORT: String(barePort) });
  const plainPort = barePort + 50;
  const plain = start(['dist/cli/main.js', 'api'], { ...env, PORT: String(plainPort), SHINSA_LINKAGE: 'false', SHINSA_LOG_LEVEL: 'warn', SHINSA_RATE_LIMIT_PER_MINUTE: '100000000', SHINSA_QUEUE_PREFIX: 'bench', SHINSA_MIGRATE_ON_START: 'false' });
  try {
    await Promise.all([waitReady(`http://127.0.0.1:${apiPort}`), waitReady(`http://127.0.0.1:${barePort}`), waitReady(`http://127.0.0.1:${plainPort}`)]);
    const random = seededRandom(7);
    let sequence = 0;
    // Applicants like the ones a registrar sees: diverse names and contacts, a quarter with fraud cues.
    const words = ['sakura', 'yamato', 'kawase', 'morino', 'hoshino', 'tsukimi', 'kazeno', 'ishida', 'kikuya', 'matsuya', 'takeda', 'torii', 'midori', 'akari', 'studio', 'design', 'works', 'clinic', 'salon', 'bakery', 'garden', 'office', 'craft', 'books', 'photo', 'music', 'travel', 'farm', 'kitchen', 'dental', 'school', 'market', 'hotel', 'camera'];
    const people: [string, string, string][] = [
      ['山田 花子', 'ヤマダ ハナコ', 'Hanako Yamada'],
      ['佐藤 一郎', 'サトウ イチロウ', 'Ichiro Sato'],
      ['鈴木 美咲', 'スズキ ミサキ', 'Misaki Suzuki'],
      ['高橋 健太', 'タカハシ ケンタ', 'Kenta Takahashi'],
      ['田中 陽子', 'タナカ ヨウコ', 'Yoko Tanaka'],
      ['伊藤 大輔', 'イトウ ダイスケ', 'Daisuke Ito'],
      ['渡辺 直美', 'ワタナベ ナオミ', 'Naomi Watanabe'],
      ['中村 翔太', 'ナカムラ ショウタ', 'Shota Nakamura'],
    ];
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const application = (): string => {
      sequence += 1;
      const n = Math.floor(random() * 1_000_000);
      // One request in ten comes from a planted campaign, reusing its details.
      if (random() < 0.1) return JSON.stringify(campaignMember(campaignOf(Math.floor(random() * CAMPAIGNS)), 1000 + (n % 9000), `bench-${sequence}-${n}`));
      const risky = random() < 0.25;
      const [kanji, kana, romaji] = pick(people);
      const [given, family] = romaji.toLowerCase().split(' ') as [string, string];
      const label = `${pick(words)}${pick(words)}-${family}${n % 1000}`;
      return JSON.stringify({
        externalId: `bench-${sequence}-${n}`,
        product: 'domain',
        domain: { name: risky ? `smbc-card-${pick(words)}${n % 100}.com` : `${label}.jp`, nameservers: pick([['ns1.example.net', 'ns2.example.net'], ['dns1.onamae.com', 'dns2.onamae.com']]), registrar: 'r1' },
        registrant: {
          type: 'individual',
          name: { kanji, kana, romaji },
          email: risky ? `x${n}q@mailinator.com` : `${given}.${family}${n}@gmail.com`,
          phone: `090${String(10_000_000 + ((n * 7919) % 89_999_999)).padStart(8, '0')}`,
          address: { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', line1: `千代田${1 + (n % 9)}-${1 + (n % 40)}-${1 + (n % 97)}`, country: 'JP' },
        },
        signup: { ip: `126.${n % 250}.${(n >> 8) % 250}.${1 + (n % 200)}`, port: 1024 + (n % 60000), at: new Date().toISOString() },
      });
    };
    const webhookRequest = () => {
      const body = application();
      return { body, headers: signedHeaders(client.keyId, client.secret, { method: 'POST', path: '/v1/screenings', idempotencyKey: randomUUID(), body }) };
    };
    const bareRequest = () => ({ body: application(), headers: {} });
    const webhookUrl = `http://127.0.0.1:${apiPort}/v1/screenings`;
    const bareUrl = `http://127.0.0.1:${barePort}/bare`;
    const plainUrl = `http://127.0.0.1:${plainPort}/v1/screenings`;

    log('warming up…');
    await drive('warm-up', webhookUrl, webhookRequest, { connections: 8, seconds: 5 });
    await drive('warm-up', bareUrl, bareRequest, { connections: 8, seconds: 5 });
    await drive('warm-up', plainUrl, webhookRequest, { connections: 8, seconds: 3 });

    const lookupLatencies = await timeLookups(config, clientPool(), webhookRequest);

    const cpuAmount = Number(process.env.BENCH_CPU_REQUESTS ?? 4000);
    const costs: CpuCost[] = [];
    // BENCH_CPU_TARGETS=webhook,plain,bare picks what is measured (e.g. while a profiler records one of them).
    const targets = new Set((process.env.BENCH_CPU_TARGETS ?? 'webhook,plain,bare').split(','));
    for (let round = 0; round < 2; round += 1) {
      if (targets.has('webhook')) costs.push(await cpuPerRequest('webhook', webhookUrl, api.pid!, webhookRequest, cpuAmount));
      if (targets.has('plain')) costs.push(await cpuPerRequest('webhook without linkage', plainUrl, plain.pid!, webhookRequest, cpuAmount));
      if (targets.has('bare')) costs.push(await cpuPerRequest('bare insert', bareUrl, bare.pid!, bareRequest, cpuAmount));
    }
    log('');
    log(`CPU per request (${cpuAmount} requests, 8 connections, two rounds): server process + PostgreSQL backends (+ Redis server; WAL of the server)`);
    for (const cost of costs) log(`${cost.label.padEnd(36)} ${(cost.serverMs / cost.requests).toFixed(2).padStart(6)} ms (kernel ${(cost.serverSystemMs / cost.requests).toFixed(2)}) + ${(cost.postgresMs / cost.requests).toFixed(2).padStart(6)} ms (+ ${(cost.redisMs / cost.requests).toFixed(2)} ms; ${(cost.walBytes / cost.requests / 1024).toFixed(1)} KiB WAL)`);
    if (process.env.BENCH_CPU_ONLY) return;

    const results: Measured[] = [];
    results.push(await driveOpenLoop('webhook @ 200 req/s open loop', webhookUrl, webhookRequest, 200, DURATION));
    results.push(await driveOpenLoop('bare insert @ 200 req/s open loop', bareUrl, bareRequest, 200, DURATION));
    results.push(await driveOpenLoop('webhook without linkage @ 200 open', plainUrl, webhookRequest, 200, DURATION));
    results.push(await drive('webhook @ 200 req/s autocannon', webhookUrl, webhookRequest, { rate: 200, connections: 16, seconds: DURATION }));
    results.push(await drive('bare insert @ 200 req/s autocannon', bareUrl, bareRequest, { rate: 200, connections: 16, seconds: DURATION }));
    results.push(await drive('webhook @ max', webhookUrl, webhookRequest, { connections: 32, seconds: DURATION }));
    results.push(await drive('bare insert @ max', bareUrl, bareRequest, { connections: 32, seconds: DURATION }));
    results.push(await drive('webhook without linkage @ max', plainUrl, webhookRequest, { connections: 32, seconds: DURATION }));

    log('');
    log(`${'run'.padEnd(36)} ${'req/s'.padStart(7)}  ${'p50 ms'.padStart(7)}  ${'p95 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}  ${'errors'.padStart(6)}`);
    for (const measured of results) log(row(measured));
    const [atRate, , , , , webhookMax, bareMax] = results as Measured[] as [Measured, Measured, Measured, Measured, Measured, Measured, Measured];
    const ratio = webhookMax.requests / webhookMax.seconds / (bareMax.requests / bareMax.seconds);
    log('');
    log(`linkage look-up alone (${lookupLatencies.length} applications, sequential): p50 ${percentile(lookupLatencies, 50).toFixed(2)} ms, p99 ${percentile(lookupLatencies, 99).toFixed(2)} ms`);
    log('latency counts from the scheduled departure (open loop) or from the send (autocannon); autocannon\'s fixed rate sends in bursts at each second.');
    log(`webhook p99 at 200 req/s (open loop): ${percentile(atRate.latencies, 99).toFixed(1)} ms (target ≤ 50 ms) — ${percentile(atRate.latencies, 99) <= 50 ? 'met' : 'NOT met'}`);
    log(`webhook max / bare insert max: ${(ratio * 100).toFixed(0)}% (target ≥ 60%) — ${ratio >= 0.6 ? 'met' : 'NOT met'}`);
  } finally {
    api.kill('SIGTERM');
    bare.kill('SIGTERM');
    plain.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:webhook failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
