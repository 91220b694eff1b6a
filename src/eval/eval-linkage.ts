/**
 * `npm run eval:linkage`: is an honest customer told apart from a campaign, and how early?
 *
 *   npm run eval:linkage                       print the report
 *   npm run eval:linkage -- --write            also write fixtures/eval/linkage-report.txt
 *   npm run eval:linkage -- --only tuning      one stream only (tuning or check), for quick tuning
 *
 * Two generated months (src/eval/linkage/stream.ts) — a tuning stream and a check stream with
 * another seed, other sizes and another mix — of legitimate applicants of the kinds a Japanese
 * registrar has and fraud campaigns of nine shapes, each campaign labelled by an abuse desk a
 * few hours after its third member. Each is replayed on its own event times through the real
 * intake, labels, propagation and cases (src/app/replay, the code behind `shinsa replay`), in a
 * scratch PostgreSQL database (shinsa_eval_linkage_*_replay, dropped afterwards), with the
 * registrar's `account` object on every application when the contract takes one, and again
 * without it (a registrar may not send it).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseApplication } from '../engine';
import { Replay, replayDatabase, type ReplayEvent } from '../app/replay/replay';
import { Screener } from '../screening/screener';
import { REPO_ROOT } from './domain-datasets';
import { figuresOf, reportLines, summaryLines, type LinkageFigures } from './linkage/report';
import { CAMPAIGN_SHAPES, CHECK_MIX, LEGITIMATE_KINDS, TUNING_MIX, generateStream, withoutAccount, type StreamMix } from './linkage/stream';

const SERVER = process.env.EVAL_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REPORT_FILE = path.join(REPO_ROOT, 'fixtures', 'eval', 'linkage-report.txt');

/** Whether the application contract takes the `account` object (the account work may not be merged yet). */
function contractTakesAccounts(): boolean {
  const probe = { externalId: 'probe', product: 'domain', domain: { name: 'example.jp' }, account: { id: 'a1', openedAt: '2020-01-01T00:00:00Z', domainCount: 1, reseller: false } };
  return parseApplication(probe).ok;
}

interface Run {
  readonly name: string;
  readonly figures: LinkageFigures;
  readonly seconds: number;
  readonly applications: number;
}

async function replayStream(screener: Screener, name: string, database: string, events: readonly ReplayEvent[], truth: Parameters<typeof figuresOf>[1]): Promise<Run> {
  const started = Date.now();
  const replay = await Replay.open({ database: replayDatabase({ serverUrl: SERVER, name: database }), masterKey: Buffer.alloc(32, 7), screener });
  try {
    const result = await replay.run(events, (done, total) => {
      if (done % 500 === 0 || done === total) process.stderr.write(`${name}: ${done}/${total} events\n`);
    });
    return { name, figures: figuresOf(result, truth, screener.engine.rules.thresholds.review), seconds: (Date.now() - started) / 1000, applications: result.applications.length };
  } finally {
    await replay.close();
  }
}

function describeMix(mix: StreamMix, events: readonly ReplayEvent[], truth: ReadonlyMap<string, { kind: string; fraud: boolean }>): string {
  const counts = new Map<string, number>();
  for (const entry of truth.values()) counts.set(entry.kind, (counts.get(entry.kind) ?? 0) + 1);
  const legitimate = [...truth.values()].filter((entry) => !entry.fraud).length;
  const applications = events.filter((event) => event.kind === 'application').length;
  return [
    `${applications} applications (${legitimate} legitimate, ${applications - legitimate} in ${CAMPAIGN_SHAPES.length} campaigns of ${mix.campaignSize[0]}–${mix.campaignSize[1]}), ${events.length - applications} labels; seed ${mix.seed}`,
    `  legitimate: ${LEGITIMATE_KINDS.map(({ kind }) => `${kind} ${counts.get(kind) ?? 0}`).join(', ')}`,
    `  campaigns: ${CAMPAIGN_SHAPES.map(({ kind }) => `${kind} ${counts.get(kind) ?? 0}`).join(', ')}`,
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const write = argv.includes('--write');
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  if (only !== undefined && only !== 'tuning' && only !== 'check') throw new Error('--only must be tuning or check');
  const screener = new Screener();
  const accounts = contractTakesAccounts();
  const streams = [
    { stream: 'tuning', mix: TUNING_MIX },
    { stream: 'check', mix: CHECK_MIX },
  ].filter(({ stream }) => !only || stream === only);
  const descriptions: string[] = [];
  const pending: (() => Promise<Run>)[] = [];
  for (const { stream, mix } of streams) {
    const generated = generateStream(mix, screener.engine.rules.brands);
    descriptions.push(`${stream} (seed ${mix.seed}): ${describeMix(mix, generated.events, generated.truth)}`);
    const bare = generated.events.map(withoutAccount);
    if (accounts) pending.push(() => replayStream(screener, `${stream} (seed ${mix.seed}), with accounts`, `shinsa_eval_linkage_${stream}_accounts_replay`, generated.events, generated.truth));
    pending.push(() => replayStream(screener, `${stream} (seed ${mix.seed}), without accounts`, `shinsa_eval_linkage_${stream}_replay`, bare, generated.truth));
  }
  // The runs wait on PostgreSQL most of the time: side by side, each in its own database, they take little longer than one.
  const runs = await Promise.all(pending.map((run) => run()));

  const lines: string[] = [];
  lines.push('shinsa linkage evaluation (npm run eval:linkage)');
  lines.push(`rules ${screener.engine.rules.version}; review threshold ${screener.engine.rules.thresholds.review}`);
  lines.push(
    accounts
      ? 'accounts: every application carries the registrar `account` object in the "with accounts" runs, and none in the "without accounts" runs.'
      : 'accounts: NOT sent — the application contract does not take the `account` object yet; every run is without accounts.',
  );
  lines.push('Each stream is one generated month replayed on its own event times (src/app/replay, as `shinsa replay`) through the');
  lines.push("real intake, linkage look-ups, labels, propagation and cases in PostgreSQL. Each campaign's third member is labelled fraud");
  lines.push('by the abuse desk 2–6 h after it arrived. Flagged = outcome review or worse. The rules may be tuned on the tuning stream;');
  lines.push('the check stream (another seed, sizes and mix) is for checking only.');
  lines.push('');
  for (const description of descriptions) lines.push(description);
  lines.push('');
  lines.push('Summary');
  lines.push('=======');
  lines.push(...summaryLines(runs));
  for (const run of runs) {
    lines.push('');
    lines.push(run.name);
    lines.push('='.repeat(run.name.length));
    lines.push(...reportLines(run.figures));
  }
  lines.push('');
  lines.push('Legitimate kinds:');
  for (const { kind, description } of LEGITIMATE_KINDS) lines.push(`  ${kind}: ${description}`);
  lines.push('Campaign shapes:');
  for (const { kind, description } of CAMPAIGN_SHAPES) lines.push(`  ${kind}: ${description}`);
  const report = `${lines.join('\n')}\n`;
  process.stdout.write(report);
  process.stderr.write(`${runs.map((run) => `${run.name}: ${run.applications} applications in ${run.seconds.toFixed(0)} s`).join('\n')}\n`);
  if (write) {
    writeFileSync(REPORT_FILE, report);
    process.stderr.write(`wrote ${path.relative(process.cwd(), REPORT_FILE)}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`eval:linkage failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
