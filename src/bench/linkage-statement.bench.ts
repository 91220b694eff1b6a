import { createHash } from 'node:crypto';
import { Client, Pool } from 'pg';
import { loadConfig } from '../app/config/config';
import { ensureDatabase } from '../app/database/ensure-database';
import { runMigrations } from '../app/database/migrate';
import { DEFAULT_LINKAGE_SETTINGS, LinkageLookup, type HashedAttribute, type LinkageQuery } from '../app/linkage/linkage-lookup';
import { seededRandom } from './bench-support';

/*
 * npm run bench:linkage-statement — the identity-aware linkage look-up (issue 16) against the
 * statement it replaced, on the same seeded database in the same run: 1,000,000 stored
 * applications with 17 attribute rows each (identity and household keys included), values shared
 * the way real ones are (a phone by one or two, a mail domain by thousands), read in batches of 16
 * as the webhook sends them. The two statements alternate batch by batch, so load from other
 * processes on the machine falls on both alike; EXPLAIN (ANALYZE, BUFFERS) of one batch each.
 */

const STORED = Number(process.env.BENCH_STORED ?? 1_000_000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 300);
const BATCH = 16;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/shinsa_bench_linkage';

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** Attribute kinds of the seeded history: how many distinct values each has (value = i mod modulus). */
const SEEDED: readonly { kind: string; tag: string; modulus: number }[] = [
  { kind: 'phone', tag: '', modulus: 900_000 },
  { kind: 'phone_block', tag: '', modulus: 5_000 },
  { kind: 'sms_phone', tag: '', modulus: 900_000 },
  { kind: 'email', tag: '', modulus: 950_000 },
  { kind: 'email_domain', tag: '', modulus: 300 },
  { kind: 'address', tag: '', modulus: 600_000 },
  { kind: 'postal_code', tag: '', modulus: 100_000 },
  { kind: 'name', tag: '', modulus: 400_000 },
  { kind: 'ip_prefix', tag: '', modulus: 200_000 },
  { kind: 'asn', tag: '', modulus: 500 },
  { kind: 'registrable_domain', tag: '', modulus: 1_000_000 },
  { kind: 'payment_fingerprint', tag: '', modulus: 800_000 },
  { kind: 'device', tag: '', modulus: 850_000 },
  { kind: 'identity', tag: 'tel', modulus: 900_000 },
  { kind: 'identity', tag: 'mail', modulus: 950_000 },
  { kind: 'identity', tag: 'street', modulus: 600_000 },
  { kind: 'household', tag: '', modulus: 600_000 },
];

const hashOf = (kind: string, tag: string, value: number): Buffer => createHash('sha256').update(`${kind}${tag}${value}`).digest();

/** The kinds each statement's rules look up (the shipped rules before and after issue 16). */
const BASELINE_KINDS = ['phone', 'sms_phone', 'email', 'address', 'corporate_number', 'payment_fingerprint', 'nameservers', 'phone_block', 'name', 'organization', 'ip_prefix', 'email_domain', 'asn', 'device'];
const IDENTITY_AWARE_KINDS = ['phone', 'sms_phone', 'email', 'address', 'payment_fingerprint', 'email_domain', 'nameservers', 'device', 'ip_prefix', 'phone_block', 'corporate_number'];

async function seed(): Promise<void> {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    const present: number = (await db.query('SELECT count(*)::int AS n FROM applications')).rows[0].n;
    if (present >= STORED) {
      log(`history: reusing ${present.toLocaleString('en')} stored applications`);
      return;
    }
    const clientId = '00000000-0000-4000-8000-00000000b0b0';
    await db.query(`INSERT INTO api_clients (id, name, key_id) VALUES ($1, 'bench', 'bench') ON CONFLICT DO NOTHING`, [clientId]);
    const started = Date.now();
    const chunk = 50_000;
    const values = SEEDED.map((entry) => `('${entry.kind}', '${entry.tag}', ${entry.modulus})`).join(', ');
    for (let from = present + 1; from <= STORED; from += chunk) {
      const to = Math.min(STORED, from + chunk - 1);
      await db.query('BEGIN');
      await db.query(
        `INSERT INTO applications (id, client_id, external_id, product, domain_name, received_at, body)
         SELECT md5('app' || i)::uuid, $3, 'bulk-' || i, 'domain', 'shop-' || i || '.jp', now() - make_interval(secs => (${STORED} - i) * 2.5), '{}'::jsonb
           FROM generate_series($1::int, $2::int) AS i`,
        [from, to, clientId],
      );
      await db.query(
        `INSERT INTO attributes (application_id, kind, value_hash, observed_at)
         SELECT md5('app' || i)::uuid, k.kind, sha256(convert_to(k.kind || k.tag || (i % k.modulus), 'UTF8')), now() - make_interval(secs => (${STORED} - i) * 2.5)
           FROM generate_series($1::int, $2::int) AS i CROSS JOIN (VALUES ${values}) AS k(kind, tag, modulus)`,
        [from, to],
      );
      // A fraud label on one application in a thousand, on all its attributes (as a label stores them).
      await db.query(
        `INSERT INTO attribute_labels (kind, value_hash, application_id, verdict, labelled_at)
         SELECT kind, value_hash, application_id, 'fraud', observed_at + interval '1 day' FROM attributes
          WHERE application_id IN (SELECT md5('app' || i)::uuid FROM generate_series($1::int, $2::int) AS i WHERE i % 1000 = 0)`,
        [from, to],
      );
      await db.query('COMMIT');
      process.stdout.write(`\rhistory: ${to.toLocaleString('en')} / ${STORED.toLocaleString('en')} applications (${Math.round((to - present) / ((Date.now() - started) / 1000)).toLocaleString('en')}/s)   `);
    }
    process.stdout.write('\n');
    await db.query('VACUUM ANALYZE');
  } finally {
    await db.end();
  }
}

/** One application's look-up, as the webhook would send it: the values of a random stored application. */
function queryFor(random: () => number, kinds: readonly string[], withIdentity: boolean): LinkageQuery {
  const i = 1 + Math.floor(random() * STORED);
  const attributes: HashedAttribute[] = SEEDED.filter((entry) => entry.tag === '' && kinds.includes(entry.kind)).map((entry) => ({ kind: entry.kind, hash: hashOf(entry.kind, entry.tag, i % entry.modulus) }));
  const identityKeys: HashedAttribute[] = withIdentity ? SEEDED.filter((entry) => entry.kind === 'identity' || entry.kind === 'household').map((entry) => ({ kind: entry.kind, hash: hashOf(entry.kind, entry.tag, i % entry.modulus) })) : [];
  return { attributes, identityKeys, phoneNumbers: [String(819000000000 + (i % 900_000))], domainName: `shop-${i}.jp`, asOf: new Date(), self: null };
}
/** The statement before issue 16 (src/app/linkage/linkage-lookup.ts at 134790a), the baseline. */
const BASELINE_FACTS = `
  WITH given AS MATERIALIZED (
    SELECT g.owner::int AS owner, g.as_of, g.self, g.prefix, g.next
      FROM unnest($4::timestamptz[], $5::uuid[], $8::text[], $9::text[]) WITH ORDINALITY AS g(as_of, self, prefix, next, owner)
  )
  SELECT given.owner,
    (SELECT coalesce(json_agg(json_build_object('k', k.kind, 'h', recent.hour, 'd', recent.day, 'm', recent.month, 'l', recent.linked, 'f', labelled.fraud)), '[]'::json)
       FROM unnest($1::int[], $2::text[], $3::bytea[]) AS k(owner, kind, hash)
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE sharer.observed_at > given.as_of - interval '1 hour')::int AS hour,
                count(*) FILTER (WHERE sharer.observed_at > given.as_of - interval '24 hours')::int AS day,
                count(*)::int AS month,
                (array_agg(sharer.application_id ORDER BY sharer.observed_at DESC))[1:5] AS linked
           FROM (SELECT a.application_id, a.observed_at FROM attributes a
                  WHERE a.kind = k.kind AND a.value_hash = k.hash AND a.observed_at > given.as_of - interval '30 days' AND a.observed_at <= given.as_of
                    AND a.application_id IS DISTINCT FROM given.self
                  ORDER BY a.observed_at DESC LIMIT 51) sharer
       ) recent
       CROSS JOIN LATERAL (
         SELECT json_agg(json_build_object('a', l.application_id, 'h', extract(epoch FROM (given.as_of - l.labelled_at)) / 3600)) AS fraud
           FROM (SELECT application_id, labelled_at FROM attribute_labels l
                  WHERE l.kind = k.kind AND l.value_hash = k.hash AND l.verdict = 'fraud' AND l.labelled_at <= given.as_of AND l.application_id IS DISTINCT FROM given.self
                  ORDER BY l.labelled_at DESC LIMIT 20) l
       ) labelled
      WHERE k.owner = given.owner AND (recent.month > 0 OR labelled.fraud IS NOT NULL)) AS attributes,
    (SELECT coalesce(json_agg(json_build_object('a', nearby.application_id, 'd', nearby.distance)), '[]'::json)
       FROM (SELECT near.application_id, min(near.distance) AS distance
               FROM unnest($10::int[], $11::bigint[]) AS phone(owner, number)
               CROSS JOIN LATERAL (
                 SELECT p.application_id, abs(p.number - phone.number) AS distance FROM phone_numbers p
                  WHERE p.number BETWEEN phone.number - $6::bigint AND phone.number + $6::bigint AND p.number <> phone.number
                    AND p.observed_at > given.as_of - make_interval(hours => $7::int) AND p.observed_at <= given.as_of AND p.application_id IS DISTINCT FROM given.self
                  LIMIT 50) near
              WHERE phone.owner = given.owner
              GROUP BY near.application_id) nearby) AS phones,
    (SELECT coalesce(json_agg(recent.domain_name), '[]'::json)
       FROM (SELECT domain_name FROM applications
              WHERE domain_name ~>=~ given.prefix AND domain_name ~<~ given.next AND received_at > given.as_of - make_interval(days => $12::int)
                AND received_at <= given.as_of
              LIMIT 50) recent) AS names
    FROM given`;

function baselineValues(queries: readonly LinkageQuery[]): unknown[] {
  const prefixes = queries.map((query) => (query.domainName ? query.domainName.slice(0, 6) : ''));
  const nexts = prefixes.map((prefix) => (prefix ? `${prefix.slice(0, -1)}${String.fromCodePoint(prefix.codePointAt(prefix.length - 1)! + 1)}` : ''));
  const settings = DEFAULT_LINKAGE_SETTINGS;
  return [
    queries.flatMap((query, index) => query.attributes.map(() => index + 1)),
    queries.flatMap((query) => query.attributes.map((attribute) => attribute.kind)),
    queries.flatMap((query) => query.attributes.map((attribute) => attribute.hash)),
    queries.map((query) => query.asOf),
    queries.map((query) => query.self),
    settings.phoneSpan,
    settings.phoneWindowHours,
    prefixes,
    nexts,
    queries.flatMap((query, index) => query.phoneNumbers.map(() => index + 1)),
    queries.flatMap((query) => query.phoneNumbers),
    settings.seriesWindowDays,
  ];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(label: string, latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return `${label.padEnd(40)} ${mean.toFixed(2).padStart(7)}  ${percentile(sorted, 50).toFixed(2).padStart(7)}  ${percentile(sorted, 95).toFixed(2).padStart(7)}  ${percentile(sorted, 99).toFixed(2).padStart(7)}`;
}

/** Execution time and shared buffers of one batch, from EXPLAIN (ANALYZE, BUFFERS). */
async function explain(pool: Pool, text: string, values: unknown[]): Promise<string> {
  const { rows } = await pool.query<{ 'QUERY PLAN': { 'Execution Time': number; 'Planning Time': number; Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }[] }>({ text: `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`, values });
  const plan = rows[0]!['QUERY PLAN'][0]!;
  return `execution ${plan['Execution Time'].toFixed(2)} ms, planning ${plan['Planning Time'].toFixed(2)} ms, buffers hit ${plan.Plan['Shared Hit Blocks']} read ${plan.Plan['Shared Read Blocks']}`;
}

async function main(): Promise<void> {
  log(`shinsa bench:linkage-statement — ${STORED.toLocaleString('en')} stored applications, ${BATCHES} batches of ${BATCH} per statement, node ${process.version}`);
  const config = loadConfig({ DATABASE_URL, SHINSA_MASTER_KEY: 'b'.repeat(64) });
  if (await ensureDatabase(DATABASE_URL)) log('created database');
  await runMigrations(config);
  await seed();
  const pool = new Pool({ connectionString: DATABASE_URL, max: 2 });
  // One statement per batch, as the webhook's batcher sends them (maxBatch 16).
  const lookup = new LinkageLookup(() => pool, DEFAULT_LINKAGE_SETTINGS, { maxBatch: BATCH, maxInFlight: 1, retryAlone: () => false });
  const random = seededRandom(7);
  const baseline: number[] = [];
  const identityAware: number[] = [];
  let sampleBaseline: unknown[] = [];
  let sampleIdentityAware: LinkageQuery[] = [];
  // Warm both (plans and cache) before measuring.
  for (let round = -20; round < BATCHES; round += 1) {
    const old = Array.from({ length: BATCH }, () => queryFor(random, BASELINE_KINDS, false));
    const values = baselineValues(old);
    let started = performance.now();
    await pool.query({ name: 'bench_baseline_linkage', text: BASELINE_FACTS, values });
    if (round >= 0) baseline.push(performance.now() - started);
    const fresh = Array.from({ length: BATCH }, () => queryFor(random, IDENTITY_AWARE_KINDS, true));
    started = performance.now();
    await Promise.all(fresh.map((query) => lookup.factsFor(query)));
    if (round >= 0) identityAware.push(performance.now() - started);
    sampleBaseline = values;
    sampleIdentityAware = fresh;
  }
  log(`${'statement, per batch of 16 (ms)'.padEnd(40)} ${'mean'.padStart(7)}  ${'p50'.padStart(7)}  ${'p95'.padStart(7)}  ${'p99'.padStart(7)}`);
  log(summary('before issue 16 (baseline)', baseline));
  log(summary('identity-aware', identityAware));
  const ratio = (p: number) => percentile([...identityAware].sort((a, b) => a - b), p) / percentile([...baseline].sort((a, b) => a - b), p);
  log(`identity-aware / baseline: p50 ×${ratio(50).toFixed(2)}, p99 ×${ratio(99).toFixed(2)}`);
  log(`EXPLAIN ANALYZE, one batch of 16 — baseline: ${await explain(pool, BASELINE_FACTS, sampleBaseline)}`);
  const explained = await explainIdentityAware(pool, sampleIdentityAware);
  log(`EXPLAIN ANALYZE, one batch of 16 — identity-aware: ${explained}`);
  await pool.end();
}

/** The identity-aware statement's text and values, as LinkageLookup sends them (captured from a pool stand-in). */
async function explainIdentityAware(pool: Pool, queries: readonly LinkageQuery[]): Promise<string> {
  let captured: { text: string; values: unknown[] } | undefined;
  const recorder = { query: async (config: { text: string; values: unknown[] }) => { captured = config; throw new Error('captured'); } } as unknown as Pool;
  const lookup = new LinkageLookup(() => recorder, DEFAULT_LINKAGE_SETTINGS, { maxBatch: BATCH, maxInFlight: 1, retryAlone: () => false });
  await Promise.allSettled(queries.map((query) => lookup.factsFor(query)));
  if (!captured) throw new Error('the look-up sent no statement');
  return explain(pool, captured.text, captured.values);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
