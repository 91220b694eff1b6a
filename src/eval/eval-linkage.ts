/**
 * `npm run eval:linkage`: does linkage catch campaigns, and at what cost to honest applicants?
 *
 *   npm run eval:linkage                 print the report
 *   npm run eval:linkage -- --write      also write fixtures/eval/linkage-report.txt
 *
 * A generated month — legitimate background, legitimate companies registering several names
 * with the same details, and six campaigns of different shapes — is replayed in time order
 * through the real intake (PostgreSQL, the linkage look-ups, the engine), each campaign's fifth
 * member is reported six hours after it arrived, the report becomes a fraud label, and the label
 * propagates. Every application is also screened without history, as the CLI would, for contrast.
 * Needs the local PostgreSQL; uses (and recreates) the database shinsa_eval_linkage.
 */
import { reviewPolicyOf } from '../app/review/case-service';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { outcomeRank, type Outcome } from '../engine';
import { ClientDirectory } from '../app/clients/client-directory';
import { loadConfig } from '../app/config/config';
import { MasterKeys } from '../app/crypto/secret-box';
import { createDataSource, driverPool } from '../app/database/data-source';
import { runMigrations } from '../app/database/migrate';
import { ClientView } from '../app/intake/client-view';
import { IntakeService } from '../app/intake/intake.service';
import { ScreeningStore } from '../app/intake/screening-store';
import { LabelsService } from '../app/labels/labels.service';
import { HistoryScreener } from '../app/linkage/history-screener';
import { LinkageLookup } from '../app/linkage/linkage-lookup';
import { LabelPropagation, Rescreener } from '../app/linkage/rescreener';
import { Screener } from '../screening/screener';
import { CAMPAIGNS, generateStream, type Truth } from './linkage/stream';

const SERVER = process.env.EVAL_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DATABASE = 'shinsa_eval_linkage';
const REPORT_FILE = path.resolve(__dirname, '..', '..', 'fixtures', 'eval', 'linkage-report.txt');
const SIZES = { background: 12_000, portfolios: 200, campaignSize: 40, seed: 20261127 };

const flagged = (outcome: Outcome): boolean => outcomeRank(outcome) >= outcomeRank('review');
const percent = (part: number, whole: number): string => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);

interface Screened {
  readonly id: string;
  readonly at: Date;
  readonly truth: Truth;
  readonly outcome: Outcome;
  readonly withoutHistory: Outcome;
}

async function main(): Promise<void> {
  const write = process.argv.includes('--write');
  const admin = new Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const config = loadConfig({ DATABASE_URL: `${SERVER}/${DATABASE}`, SHINSA_MASTER_KEY: 'e'.repeat(64) });
  await runMigrations(config);
  const dataSource = await createDataSource(config, 'shinsa-eval').initialize();
  const keys = new MasterKeys(config.masterKey);
  const { keyId } = await new ClientDirectory(dataSource, keys).add('evaluation', null);
  const client = (await new ClientDirectory(dataSource, keys).findActive(keyId))!;
  const screener = new Screener();
  const history = new HistoryScreener(screener, new LinkageLookup(() => driverPool(dataSource)), keys);
  const policy = reviewPolicyOf(screener.engine.rules);
  const intake = new IntakeService(history, new ScreeningStore(dataSource), policy, new ClientView(dataSource));
  const labels = new LabelsService(dataSource);
  const propagation = new LabelPropagation(dataSource, new Rescreener(dataSource, history, policy));

  const events = generateStream(SIZES);
  const screened = new Map<string, Screened>();
  const labelTimes = new Map<string, Date>();
  const propagated = new Map<string, { linked: number; changed: number; worsened: number }>();
  let done = 0;
  for (const event of events) {
    if (event.kind === 'application') {
      const body = Buffer.from(JSON.stringify(event.application));
      const result = await intake.screen(client.id, event.application.externalId, body, event.at);
      const withoutHistory = screener.engine.screen(event.application, screener.factsFor(event.application)).outcome;
      screened.set(event.application.externalId, { id: result.body.id, at: event.at, truth: event.truth, outcome: result.body.outcome, withoutHistory });
      done += 1;
      if (done % 1000 === 0) process.stderr.write(`\r${done.toLocaleString('en')} applications replayed`);
    } else {
      const reported = screened.get(event.externalId)!;
      const { body: label } = await labels.label(client.id, `eval-label-${reported.id}`, Buffer.from(JSON.stringify({ applicationId: reported.id, verdict: 'fraud', source: 'abuse-report' })), event.at);
      labelTimes.set(event.campaign, event.at);
      propagated.set(event.campaign, await propagation.propagate(label.labels[0]!.id, event.at));
    }
  }
  process.stderr.write('\n');

  // After propagation: the latest outcome of every application.
  const latest = new Map<string, Outcome>(
    (await dataSource.query(`SELECT DISTINCT ON (application_id) application_id::text AS id, outcome FROM assessments ORDER BY application_id, created_at DESC, id DESC`)).map(
      (row: { id: string; outcome: Outcome }) => [row.id, row.outcome],
    ),
  );
  await dataSource.destroy();

  const lines: string[] = [];
  const out = (line = ''): void => void lines.push(line);
  out('shinsa linkage evaluation (npm run eval:linkage)');
  out(`rules ${screener.engine.rules.version}`);
  out(`stream: ${SIZES.background.toLocaleString('en')} legitimate applicants, ${SIZES.portfolios} legitimate companies registering 3–8 names with the same details,`);
  out(`${CAMPAIGNS.length} campaigns of ${SIZES.campaignSize}; one generated month (seed ${SIZES.seed}), replayed in time order through the intake with PostgreSQL.`);
  out("Each campaign's 5th member is reported 6 h after it arrived; the report becomes a fraud label, which propagates.");
  out('Caught = outcome review or worse. "No history" screens the same application as the CLI does (no linkage facts).');
  out();
  out('1. Campaigns');
  out('============');
  const header = ['campaign', 'members', 'before label', 'caught', 'no history', 'after label', 'caught', 'no history', 'earlier members re-flagged'];
  const table: string[][] = [];
  for (const shape of CAMPAIGNS) {
    const members = [...screened.values()].filter((entry) => entry.truth.group === shape.name);
    const labelAt = labelTimes.get(shape.name)!;
    const before = members.filter((entry) => entry.at < labelAt);
    const after = members.filter((entry) => entry.at >= labelAt);
    const count = (entries: Screened[], outcome: (entry: Screened) => Outcome) => entries.filter((entry) => flagged(outcome(entry))).length;
    const reflagged = before.filter((entry) => !flagged(entry.outcome) && flagged(latest.get(entry.id)!)).length;
    const cells = [
      shape.name,
      String(members.length),
      String(before.length),
      `${count(before, (entry) => entry.outcome)} (${percent(count(before, (entry) => entry.outcome), before.length)})`,
      `${count(before, (entry) => entry.withoutHistory)}`,
      String(after.length),
      `${count(after, (entry) => entry.outcome)} (${percent(count(after, (entry) => entry.outcome), after.length)})`,
      `${count(after, (entry) => entry.withoutHistory)}`,
      `${reflagged} of ${before.filter((entry) => !flagged(entry.outcome)).length} not caught at intake`,
    ];
    table.push(cells);
  }
  const widths = header.map((cell, index) => Math.max(cell.length, ...table.map((row) => row[index]!.length)));
  out(header.map((cell, index) => cell.padEnd(widths[index]!)).join(' | ').trimEnd());
  out(widths.map((width) => '-'.repeat(width)).join(' | '));
  for (const row of table) out(row.map((cell, index) => cell.padEnd(widths[index]!)).join(' | ').trimEnd());
  out();
  for (const shape of CAMPAIGNS) out(`${shape.name}: ${shape.description}`);
  out();
  out('2. Legitimate applications (false positives)');
  out('============================================');
  for (const group of ['background', 'portfolio']) {
    const members = [...screened.values()].filter((entry) => entry.truth.group === group);
    const withHistory = members.filter((entry) => flagged(entry.outcome)).length;
    const withoutHistory = members.filter((entry) => flagged(entry.withoutHistory)).length;
    const afterPropagation = members.filter((entry) => flagged(latest.get(entry.id)!)).length;
    out(
      `${group.padEnd(10)} ${String(members.length).padStart(6)} applications: flagged at intake ${percent(withHistory, members.length)} (no history ${percent(withoutHistory, members.length)}), after all propagation ${percent(afterPropagation, members.length)}`,
    );
  }
  out();
  out('3. Propagation');
  out('==============');
  for (const shape of CAMPAIGNS) {
    const result = propagated.get(shape.name)!;
    out(`${shape.name.padEnd(17)} label linked ${result.linked} application(s), ${result.changed + result.worsened} re-assessed, ${result.worsened} worse (case opened or raised)`);
  }
  const report = `${lines.join('\n')}\n`;
  process.stdout.write(report);
  if (write) {
    writeFileSync(REPORT_FILE, report);
    process.stderr.write(`wrote ${path.relative(process.cwd(), REPORT_FILE)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`eval:linkage failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
