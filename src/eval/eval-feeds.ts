/**
 * `npm run eval:feeds`: JPCERT/CC's phishing URL list 2019–2023 replayed through the feed loop.
 *
 *   npm run eval:feeds                 print the report
 *   npm run eval:feeds -- --write      also write fixtures/eval/feeds-report.txt
 *
 * A registrar's portfolio is planted: some of the list's registrable domains (campaign heads), two
 * siblings per head that the list never names but that share the head's narrow details (phone,
 * custom e-mail domain, nameservers, street address), unrelated customers, and the apexes of the
 * shared platforms and private suffixes the list is full of. The 60 monthly files are replayed in
 * order, each day's entries pulled at the end of that day (JST) as a trusted feed, and on each night
 * after a label the rescan runs (as the worker's nightly job would). Reported: planted heads and
 * siblings that got a case, the time from an entry's date to its case, and matches on shared
 * platforms (must be 0). Needs the local PostgreSQL and ../shared/data; recreates shinsa_eval_feeds.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { Application } from '../engine';
import { ClientDirectory } from '../app/clients/client-directory';
import { loadConfig } from '../app/config/config';
import { MasterKeys } from '../app/crypto/secret-box';
import { createDataSource, driverPool } from '../app/database/data-source';
import { runMigrations } from '../app/database/migrate';
import { DomainImporter } from '../app/domains/domain-importer';
import type { PortfolioEntry } from '../app/domains/portfolio';
import { feedRulesOf } from '../app/feeds/feed-cases';
import { entryOf } from '../app/feeds/feed-entry';
import { parseFeed, type ParsedLine } from '../app/feeds/feed-formats';
import { FeedIngest } from '../app/feeds/feed-ingest';
import { HistoryScreener } from '../app/linkage/history-screener';
import { LinkageLookup } from '../app/linkage/linkage-lookup';
import { RescanService } from '../app/rescan/rescan-service';
import { reviewPolicyOf } from '../app/review/case-policy';
import { Screener } from '../screening/screener';
import { seededRandom } from '../bench/bench-support';
import { DEFAULT_DATA_DIR, REPO_ROOT } from './domain-datasets';
import { query } from '../app/database/query';

const SERVER = process.env.EVAL_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DATABASE = 'shinsa_eval_feeds';
const REPORT_FILE = path.resolve(REPO_ROOT, 'fixtures', 'eval', 'feeds-report.txt');
const SIZES = { heads: 100, siblingsPerHead: 2, customers: 400, seed: 20262020 };
/** Private-suffix apexes a registrar could hold but whose hosts are never its registrations. */
const PRIVATE_APEXES = ['workers.dev', 'pages.dev', 'web.app', 'firebaseapp.com', 'github.io', 'duckdns.org', 'herokuapp.com', 'netlify.app', 'vercel.app', 'blogspot.com', 'sakura.ne.jp', '000webhostapp.com'];

const JST = '+09:00';
const dayOf = (date: Date): string => new Date(date.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
const endOfDay = (day: string): Date => new Date(`${day}T23:59:00${JST}`);
const nightAfter = (day: string): Date => new Date(new Date(`${day}T03:00:00${JST}`).getTime() + 86_400_000);
const hours = (ms: number): string => `${(ms / 3_600_000).toFixed(1)} h`;
const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface Dated {
  readonly line: ParsedLine;
  readonly day: string;
}

/**
 * A registration as a JPRS export with the registrant's name hidden shows it: no name (a synthetic
 * name list would tie strangers together by name and measure that instead of the feeds).
 */
function registration(domain: string, details: { phone: string; email: string; nameservers: string[]; line1: string }): Application {
  return {
    externalId: `import:${domain}`,
    product: 'domain',
    domain: { name: domain, nameservers: details.nameservers },
    registrant: {
      type: 'individual',
      email: details.email,
      phone: details.phone,
      address: { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', line1: details.line1, country: 'JP' },
    },
  };
}

async function main(): Promise<void> {
  const write = process.argv.includes('--write');
  const dataDir = process.env.SHINSA_SHARED_DATA ?? DEFAULT_DATA_DIR;
  const admin = new Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const config = loadConfig({ DATABASE_URL: `${SERVER}/${DATABASE}`, SHINSA_MASTER_KEY: 'e'.repeat(64), SHINSA_LOG_LEVEL: 'warn' });
  await runMigrations(config);
  const dataSource = await createDataSource({ ...config, dbPoolSize: 4 }, 'shinsa-eval-feeds', 0).initialize();
  const keys = new MasterKeys(config.masterKey);
  const { id: clientId } = await new ClientDirectory(dataSource, keys).add('evaluation-registrar', null);
  const screener = new Screener();
  const rules = feedRulesOf(screener.engine.rules);

  // Every month's lines, with the day each is pulled (a line without a date: its month's first day).
  const months: { name: string; lines: Dated[] }[] = [];
  const firstListed = new Map<string, Date>();
  for (const year of ['2019', '2020', '2021', '2022', '2023']) {
    for (const file of readdirSync(path.join(dataDir, 'jpcert-phishurl', year)).filter((name) => /^\d{6}\.csv$/.test(name)).sort()) {
      const lines: Dated[] = [];
      const monthStart = `${file.slice(0, 4)}-${file.slice(4, 6)}-01`;
      for await (const line of parseFeed('jpcert-phishurl', readFileSync(path.join(dataDir, 'jpcert-phishurl', year, file)))) {
        const listedAt = 'record' in line ? line.record.listedAt : null;
        lines.push({ line, day: listedAt ? dayOf(listedAt) : monthStart });
        if (!('record' in line)) continue;
        const entry = entryOf(line.record, rules.feeds);
        if ('error' in entry) continue;
        if (entry.excluded === null && entry.registrableDomain && entry.listedAt && !firstListed.has(entry.registrableDomain)) firstListed.set(entry.registrableDomain, entry.listedAt);
      }
      months.push({ name: file.slice(0, 6), lines });
    }
  }

  // The portfolio: heads drawn from the listed domains, their siblings, other customers, platform apexes.
  const random = seededRandom(SIZES.seed);
  const candidates = [...firstListed.keys()].sort();
  const heads = new Set<string>();
  while (heads.size < SIZES.heads) heads.add(candidates[Math.floor(random() * candidates.length)]!);
  const siblingsOf = new Map<string, string[]>();
  const portfolio: PortfolioEntry[] = [];
  const add = (domain: string, body: Application): void => void portfolio.push({ line: portfolio.length + 1, record: { domain, body, registeredOn: null, expiresOn: null, status: 'Active' } });
  [...heads].forEach((head, campaign) => {
    const phone = `+81 90-${String(5000 + campaign).padStart(4, '0')}-${String(1000 + campaign * 7).slice(-4)}`;
    const details = (member: number) => ({ phone, email: `member${member}@camp${campaign}-mail.jp`, nameservers: [`ns1.camp${campaign}-dns.net`, `ns2.camp${campaign}-dns.net`], line1: `丸の内${campaign + 1}-${member + 1}` });
    add(head, registration(head, details(0)));
    const siblings = Array.from({ length: SIZES.siblingsPerHead }, (_, index) => `shop-camp${campaign}-${index + 1}.jp`);
    siblings.forEach((sibling, index) => add(sibling, registration(sibling, details(index + 1))));
    siblingsOf.set(head, siblings);
  });
  for (let index = 0; index < SIZES.customers; index += 1) {
    const domain = `customer-${index}-kobo.jp`;
    add(domain, registration(domain, { phone: `+81 80-${String(3000 + index).padStart(4, '0')}-${String(2000 + index * 3).slice(-4)}`, email: `info@customer${index}.example.jp`, nameservers: [`ns1.host${index}.example.net`], line1: `神田${index + 1}-1` }));
  }
  const platforms = [...new Set([...rules.feeds.sharedPlatforms.keys(), ...PRIVATE_APEXES])].filter((domain) => !heads.has(domain));
  for (const [index, domain] of platforms.entries()) add(domain, registration(domain, { phone: `+81 70-${String(4000 + index).padStart(4, '0')}-1234`, email: `admin@${domain}`, nameservers: [`ns1.${domain}`], line1: `港${index + 1}-1` }));
  async function* entries(): AsyncGenerator<PortfolioEntry> {
    yield* portfolio;
  }
  await new DomainImporter(dataSource).import(entries(), { clientId });

  const history = new HistoryScreener(screener, new LinkageLookup(() => driverPool(dataSource)), keys);
  const rescan = new RescanService(dataSource, history, reviewPolicyOf(screener.engine.rules), { chunkSize: 2000, concurrency: 4 });
  let rescans = 0;
  const runRescan = async (asOf: Date): Promise<void> => {
    rescans += 1;
    const { run, chunks } = await rescan.plan(`eval-${asOf.toISOString()}`, 'schedule');
    for (const chunk of chunks) await rescan.processChunk(run.id, chunk, asOf);
  };
  // The first night judges the portfolio as it is; what is flagged then is not the feeds' doing.
  await runRescan(new Date(`2019-01-01T03:00:00${JST}`));
  const [baseline] = await dataSource.query(`SELECT count(*)::int AS n FROM cases`);

  let clock = new Date(0);
  const ingest = new FeedIngest(dataSource, rules, keys, () => clock);
  const totals = { entries: 0, new: 0, seen: 0, bad: 0, matched: 0, reports: 0, labels: 0 };
  const started = Date.now();
  for (const month of months) {
    const pullId = (await dataSource.query(`INSERT INTO feed_pulls (id, feed, trigger, source, format, trust, status, started_at, finished_at) VALUES (gen_random_uuid(), 'jpcert', 'import', $1, 'jpcert-phishurl', 'trusted', 'ok', now(), now()) RETURNING id`, [`eval:${month.name}`]))[0].id;
    const days = [...new Set(month.lines.map((line) => line.day))].sort();
    for (const day of days) {
      clock = endOfDay(day);
      const summary = await ingest.ingest({ name: 'jpcert', trust: 'trusted', category: 'phishing' }, pullId, (async function* () {
        for (const line of month.lines) if (line.day === day) yield line.line;
      })());
      totals.entries += summary.entries;
      totals.new += summary.new;
      totals.seen += summary.seen;
      totals.bad += summary.bad;
      totals.matched += summary.matched;
      totals.reports += summary.reportsOpened;
      totals.labels += summary.labels;
      // That night's rescan picks the new labels up.
      if (summary.labels > 0) await runRescan(nightAfter(day));
    }
    process.stderr.write(`\r${month.name}: ${totals.entries.toLocaleString('en')} entries, ${totals.matched} matched, ${rescans} rescans`);
  }
  process.stderr.write('\n');
  const seconds = (Date.now() - started) / 1000;

  const casedAt = async (domains: readonly string[]): Promise<Map<string, Date>> => {
    const rows = await query<{ domain_name: string; first: Date }>(
      dataSource,
      `SELECT a.domain_name, min(c.created_at) AS first FROM cases c JOIN applications a ON a.id = c.application_id WHERE a.domain_name = ANY($1::text[]) AND c.created_at > $2 GROUP BY a.domain_name`,
      [domains, new Date(`2019-01-02T00:00:00${JST}`)],
    );
    return new Map(rows.map((row) => [row.domain_name, row.first]));
  };
  // A head's case is the one its feed match raised or opened.
  const headRows = await query<{ domain: string; cased_at: Date }>(dataSource, `SELECT domain, min(cased_at) AS cased_at FROM feed_matches WHERE cased_at IS NOT NULL AND domain = ANY($1::text[]) GROUP BY domain`, [[...heads]]);
  const headCases = new Map(headRows.map((row) => [row.domain, row.cased_at]));
  const allSiblings = [...siblingsOf.values()].flat();
  const siblingCases = await casedAt(allSiblings);
  const customerDomains = portfolio.map((entry) => ('record' in entry ? entry.record.domain : '')).filter((domain) => domain.startsWith('customer-'));
  const customerCases = await casedAt(customerDomains);
  const headDelays = [...headCases].map(([domain, at]) => at.getTime() - firstListed.get(domain)!.getTime());
  const siblingDelays = [...siblingsOf].flatMap(([head, siblings]) => siblings.filter((sibling) => siblingCases.has(sibling)).map((sibling) => siblingCases.get(sibling)!.getTime() - firstListed.get(head)!.getTime()));
  const [platformMatches] = await dataSource.query(`SELECT count(*)::int AS n FROM feed_matches WHERE domain = ANY($1::text[])`, [platforms]);
  const [platformReports] = await dataSource.query(`SELECT count(*)::int AS n FROM abuse_reports WHERE domain = ANY($1::text[])`, [platforms]);
  const excluded = await query<{ outcome: string; n: number }>(dataSource, `SELECT outcome, count(*)::int AS n FROM feed_entries GROUP BY outcome ORDER BY outcome`);
  const [reportsPerHead] = await dataSource.query(`SELECT max(n)::int AS most FROM (SELECT count(*) AS n FROM abuse_reports GROUP BY application_id) per`);
  const version = screener.engine.rules.version;
  await dataSource.destroy();

  const percent = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1)}%`;
  const lines = [
    `Threat-feed evaluation: JPCERT/CC phishing URL list 2019-01 … 2023-12 replayed through the feed loop (npm run eval:feeds)`,
    `rules ${version.slice(0, 19)}; ${months.length} monthly files; seed ${SIZES.seed}; replay ${seconds.toFixed(0)} s, ${rescans} rescans`,
    ``,
    `Portfolio planted (one registrar, imported as active domains):`,
    `  ${heads.size} campaign heads: registrable domains the list names, drawn at random from ${candidates.length.toLocaleString('en')}`,
    `  ${allSiblings.length} siblings (${SIZES.siblingsPerHead} per head) the list never names, sharing the head's phone, custom e-mail domain, nameservers and street address`,
    `  ${SIZES.customers} unrelated customers; ${platforms.length} shared-platform and private-suffix apexes (workers.dev, duckdns.org, bit.ly, github.io …)`,
    `Replay: each day's entries pulled at 23:59 JST that day as a trusted feed; the rescan runs at 03:00 JST the night after any day that produced a label.`,
    ``,
    `Entries: ${totals.entries.toLocaleString('en')} read, ${totals.new.toLocaleString('en')} new, ${totals.seen.toLocaleString('en')} seen before (listed again), ${totals.bad} bad; new entries by outcome: ${excluded.map((row) => `${row.outcome} ${row.n.toLocaleString('en')}`).join(', ')}`,
    `Matched entries ${totals.matched.toLocaleString('en')}; abuse reports ${totals.reports} (at most ${reportsPerHead.most ?? 0} per domain); fraud labels ${totals.labels}`,
    ``,
    `| planted | count | got a case | share | median entry → case | 90th percentile |`,
    `|---|---|---|---|---|---|`,
    `| heads (listed) | ${heads.size} | ${headCases.size} | ${percent(headCases.size, heads.size)} | ${headDelays.length ? hours(median(headDelays)!) : '—'} | ${headDelays.length ? hours([...headDelays].sort((a, b) => a - b)[Math.floor(headDelays.length * 0.9)]!) : '—'} |`,
    `| siblings (never listed) | ${allSiblings.length} | ${siblingCases.size} | ${percent(siblingCases.size, allSiblings.length)} | ${siblingDelays.length ? hours(median(siblingDelays)!) : '—'} | ${siblingDelays.length ? hours([...siblingDelays].sort((a, b) => a - b)[Math.floor(siblingDelays.length * 0.9)]!) : '—'} |`,
    `| unrelated customers | ${SIZES.customers} | ${customerCases.size} | ${percent(customerCases.size, SIZES.customers)} | | |`,
    `| shared-platform apexes | ${platforms.length} | matches ${platformMatches.n}, reports ${platformReports.n} | | | |`,
    ``,
    `Entry → case is measured from the entry's date in the list (JPCERT/CC's confirmation time) to the case, sibling times from their head's entry.`,
    `Cases are counted after the first night, whose rescan judged the portfolio on what its registrations show (${baseline.n} cases, before any feed entry);`,
    `an unrelated customer's case after it would be a false positive of the loop.`,
    `JPCERT/CC publishes the list monthly on GitHub: pulled from there, add the wait for the month's file (a median of about half a month) to the times above.`,
  ];
  const report = `${lines.join('\n')}\n`;
  process.stdout.write(report);
  if (write) writeFileSync(REPORT_FILE, report);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
