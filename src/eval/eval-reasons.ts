/**
 * `npm run eval:reasons`: for the reasons that can punish normal behaviour (and the account
 * signals), how many legitimate applicants of each kind and how many campaign members each one
 * hits, on the streams of eval:linkage replayed through the real pipeline (src/app/replay), with
 * and without the registrar's `account` object.
 *
 *   npm run eval:reasons                          both streams, with and without accounts
 *   npm run eval:reasons -- --only tuning         one stream (tuning or check)
 *   npm run eval:reasons -- --write               also write fixtures/eval/reasons-report.txt
 *
 * Each run has its own scratch database (shinsa_eval_reasons_*_replay), dropped afterwards.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Replay, replayDatabase, type ReplayEvent } from '../app/replay/replay';
import { Screener } from '../screening/screener';
import { REPO_ROOT } from './domain-datasets';
import { figuresOf, summaryLines } from './linkage/report';
import { reasonSeparation, reasonSeparationLines } from './linkage/reason-separation';
import { CHECK_MIX, TUNING_MIX, generateStream, withoutAccount, type Truth } from './linkage/stream';

const SERVER = process.env.EVAL_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REPORT_FILE = path.join(REPO_ROOT, 'fixtures', 'eval', 'reasons-report.txt');

/** The reasons issue 16 found on honest applicants, the SMS reasons around them, and the account signals. */
export const WATCHED_REASONS = [
  'SMS_NUMBER_DIFFERS',
  'SMS_NUMBER_DIFFERS_NO_SMS_CONTACT',
  'SMS_REPEATED_ATTEMPTS',
  'DOMAIN_SERIES',
  'DOMAIN_SERIES_ACROSS_TLDS',
  'EMAIL_CARRIER_MAIL',
  'EMAIL_CARRIER_MAIL_FOR_ORGANIZATION',
  'EMAIL_FREE_MAIL_FOR_ORGANIZATION',
  'ORG_CORPORATE_NUMBER_MISSING',
  'DOMAIN_TLD_HIGH_RISK',
  'DOMAIN_TLD_OVERREPRESENTED',
  'ACCOUNT_ESTABLISHED',
  'ACCOUNT_IN_GOOD_STANDING',
  'ACCOUNT_NEW_MANY_NAMES',
  'ACCOUNT_RESELLER',
];

async function run(screener: Screener, name: string, database: string, events: readonly ReplayEvent[], truth: ReadonlyMap<string, Truth>): Promise<string[]> {
  const replay = await Replay.open({ database: replayDatabase({ serverUrl: SERVER, name: database }), masterKey: Buffer.alloc(32, 7), screener });
  try {
    const result = await replay.run(events, (done, total) => {
      if (done % 500 === 0 || done === total) process.stderr.write(`${name}: ${done}/${total} events\n`);
    });
    const threshold = screener.engine.rules.thresholds.review;
    return [
      name,
      '='.repeat(name.length),
      ...summaryLines([{ name, figures: figuresOf(result, truth, threshold) }]),
      '',
      ...reasonSeparationLines(reasonSeparation(result, truth, WATCHED_REASONS, threshold), truth),
    ];
  } finally {
    await replay.close();
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  if (only !== undefined && only !== 'tuning' && only !== 'check') throw new Error('--only must be tuning or check');
  const screener = new Screener();
  const pending: (() => Promise<string[]>)[] = [];
  for (const { stream, mix } of [
    { stream: 'tuning', mix: TUNING_MIX },
    { stream: 'check', mix: CHECK_MIX },
  ].filter(({ stream }) => !only || stream === only)) {
    const generated = generateStream(mix, screener.engine.rules.brands);
    pending.push(() => run(screener, `${stream} (seed ${mix.seed}), with accounts`, `shinsa_eval_reasons_${stream}_accounts_replay`, generated.events, generated.truth));
    pending.push(() => run(screener, `${stream} (seed ${mix.seed}), without accounts`, `shinsa_eval_reasons_${stream}_replay`, generated.events.map(withoutAccount), generated.truth));
  }
  const sections = await Promise.all(pending.map((section) => section()));
  const lines = [
    'shinsa reason separation (npm run eval:reasons)',
    `rules ${screener.engine.rules.version}; review threshold ${screener.engine.rules.thresholds.review}`,
    'The streams of eval:linkage, replayed on their own event times through the real pipeline. The rules may be tuned on the',
    'tuning stream; the check stream is for checking only.',
    ...sections.flatMap((section) => ['', ...section]),
  ];
  const report = `${lines.join('\n')}\n`;
  process.stdout.write(report);
  if (argv.includes('--write')) {
    writeFileSync(REPORT_FILE, report);
    process.stderr.write(`wrote ${path.relative(process.cwd(), REPORT_FILE)}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`eval:reasons failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
