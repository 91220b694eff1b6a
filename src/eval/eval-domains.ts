/**
 * `npm run eval:domains`: how well the domain-name signals separate JPCERT/CC's phishing domains
 * from the OpenDNS benign lists, beside phishing_catcher's published scoring.
 *
 *   npm run eval:domains                   print the report
 *   npm run eval:domains -- --write        also write fixtures/eval/domains-report.txt
 *   npm run eval:domains -- --json         the numbers as JSON, for tooling
 *   npm run eval:domains -- --data DIR     another data folder (default ../shared/data)
 *   npm run eval:domains -- --rules DIR    another rules folder (default rules/)
 *
 * Every name is screened as `shinsa domains` screens it. The report has no timings or dates, so
 * the same rules and data give the same file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OUTCOMES } from '../engine';
import { Screener } from '../screening/screener';
import { DEFAULT_DATA_DIR, loadEvaluationData, REPO_ROOT, type EvaluationData } from './domain-datasets';
import {
  isFlagged,
  operatingPoint,
  outcomeShares,
  PHISHING_CATCHER_THRESHOLDS,
  scoreEvaluation,
  screenBatch,
  shareAtLeast,
  thresholdsBelow,
  type OperatingPoint,
  type ScoredDomain,
  type ScoredEvaluation,
  type ScoredPhishingDomain,
} from './domain-evaluation';

const TUNING_YEARS = [2019, 2020, 2021, 2022];
const HELD_OUT_YEARS = [2023];
const FALSE_POSITIVE_BOUNDS = [0.01, 0.001];
const REPORT_FILE = path.join(REPO_ROOT, 'fixtures', 'eval', 'domains-report.txt');
const LISTED = { missedCases: 40, benignFlagged: 30, unmapped: 20, reasons: 40, lowerThresholds: 14 };
/**
 * Suffixes the benign labels are moved onto, to see what the TLD tiers cost ordinary names there:
 * the 2014 benign lists hold almost no names on the new cheap TLDs, so they cannot say it. .top is
 * high-risk; .space is a new gTLD without a tier (DOMAIN_TLD_NEW_GTLD).
 */
const TRANSPLANT_SUFFIXES = ['top', 'space'];

interface Options {
  dataDir: string;
  rulesDir: string | undefined;
  json: boolean;
  write: boolean;
}

class UsageError extends Error {}

function parseArguments(argv: readonly string[]): Options {
  const options: Options = { dataDir: DEFAULT_DATA_DIR, rulesDir: undefined, json: false, write: false };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    const value = (): string => {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${argument} needs a directory`);
      index += 1;
      return next;
    };
    if (argument === '--data') options.dataDir = path.resolve(value());
    else if (argument === '--rules') options.rulesDir = path.resolve(value());
    else if (argument === '--json') options.json = true;
    else if (argument === '--write') options.write = true;
    else if (argument === '--help' || argument === '-h') throw new UsageError('usage: eval-domains [--data DIR] [--rules DIR] [--json] [--write]');
    else throw new UsageError(`unknown argument: ${argument}`);
  }
  return options;
}

interface Period {
  readonly label: string;
  readonly years: readonly number[];
}

function periodsOf(years: readonly number[]): Period[] {
  return [
    ...years.map((year) => ({ label: String(year), years: [year] })),
    { label: `${TUNING_YEARS[0]}–${TUNING_YEARS.at(-1)} tuning`, years: TUNING_YEARS },
    { label: `${HELD_OUT_YEARS[0]} held-out`, years: HELD_OUT_YEARS },
    { label: `${years[0]}–${years.at(-1)} all`, years },
  ];
}

/** Everything the report prints, as data (the `--json` output). */
function summarise(data: EvaluationData, scored: ScoredEvaluation, dataDirLabel: string, transplants: readonly Transplant[]) {
  const years = data.phishing.counts.map((counts) => counts.year);
  const periods = periodsOf(years);
  const inPeriod = (period: Period) => scored.phishing.filter((domain) => period.years.includes(domain.year));
  const shinsaScore = (domain: ScoredDomain) => domain.score;
  const catcherScore = (domain: ScoredDomain) => domain.phishingCatcher;
  const operatingPoints = {
    shinsa: FALSE_POSITIVE_BOUNDS.map((bound) => operatingPoint(bound, scored.benign, shinsaScore)),
    phishingCatcher: FALSE_POSITIVE_BOUNDS.map((bound) => operatingPoint(bound, scored.benign, catcherScore)),
  };
  const recallAt = (domains: readonly ScoredPhishingDomain[], point: OperatingPoint, scoreOf: (domain: ScoredDomain) => number) => ({
    combined: shareAtLeast(domains.map(scoreOf), point.threshold),
    eachList: shareAtLeast(domains.map(scoreOf), point.thresholdEachList),
  });
  const thresholds = Object.values(PHISHING_CATCHER_THRESHOLDS);

  return {
    rulesVersion: scored.rulesVersion,
    data: dataDirLabel,
    dataset: {
      phishing: data.phishing.counts,
      sharedPlatformUrls: Object.fromEntries([...data.phishing.platformUrls].sort((a, b) => b[1] - a[1])),
      benign: data.benign.map(({ domains, ...list }) => ({ ...list, domains: domains.length })),
    },
    phishing: periods.map((period) => {
      const domains = inPeriod(period);
      const cases = domains.filter((domain) => domain.namesImpersonatedBrand && !domain.ownedBy);
      const anyCases = domains.filter((domain) => domain.namesAnyBrand && !domain.ownedBy);
      return {
        period: period.label,
        years: period.years,
        outcomes: outcomeShares(domains),
        recall: {
          shinsa: operatingPoints.shinsa.map((point) => ({ bound: point.bound, ...recallAt(domains, point, shinsaScore) })),
          phishingCatcher: operatingPoints.phishingCatcher.map((point) => ({ bound: point.bound, ...recallAt(domains, point, catcherScore) })),
        },
        phishingCatcherAtThresholds: Object.fromEntries(thresholds.map((threshold) => [threshold, shareAtLeast(domains.map(catcherScore), threshold)])),
        brandTokenCases: {
          mappedToBrand: domains.filter((domain) => domain.brandId).length,
          cases: cases.length,
          flagged: cases.filter((domain) => isFlagged(domain.outcome)).length,
          anyBrandCases: anyCases.length,
          anyBrandFlagged: anyCases.filter((domain) => isFlagged(domain.outcome)).length,
          onOwnedDomains: domains.filter((domain) => domain.ownedBy).length,
        },
      };
    }),
    benign: scored.benign.map((list) => ({
      list: list.name,
      outcomes: outcomeShares(list.domains),
      phishingCatcherAtThresholds: Object.fromEntries(thresholds.map((threshold) => [threshold, shareAtLeast(list.domains.map(catcherScore), threshold)])),
    })),
    operatingPoints,
    lowerThresholds: lowerThresholds(scored, operatingPoints.shinsa[0]!.threshold),
    transplants,
    owned: {
      phishingRows: scored.phishing.filter((domain) => domain.ownedBy).map(({ registrableDomain, year, ownedBy, outcome }) => ({ registrableDomain, year, ownedBy, outcome })),
      screened: scored.owned.length,
      flagged: scored.owned.filter((domain) => isFlagged(domain.outcome)).map(({ registrableDomain, score, outcome, reasons }) => ({ registrableDomain, score, outcome, reasons })),
    },
    tuningAids: tuningAids(scored),
  };
}

/**
 * What lowering shinsa's threshold below the ≤ 1% operating point would cost and gain: the benign
 * share per list and the recall of the tuning years and of the held-out year at each lower
 * threshold where some name changes side. Read after the rules are fixed, like the recall rows.
 */
function lowerThresholds(scored: ScoredEvaluation, ceiling: number) {
  const tuning = scored.phishing.filter((domain) => TUNING_YEARS.includes(domain.year)).map((domain) => domain.score);
  const heldOut = scored.phishing.filter((domain) => HELD_OUT_YEARS.includes(domain.year)).map((domain) => domain.score);
  const benign = scored.benign.map((list) => ({ list: list.name, scores: list.domains.map((domain) => domain.score) }));
  const all = [...tuning, ...heldOut, ...benign.flatMap((list) => list.scores)];
  return thresholdsBelow(all, ceiling, LISTED.lowerThresholds).map((threshold) => ({
    threshold,
    benign: benign.map((list) => ({ list: list.list, falsePositiveRate: shareAtLeast(list.scores, threshold) })),
    recallTuning: shareAtLeast(tuning, threshold),
    recallHeldOut: shareAtLeast(heldOut, threshold),
  }));
}

interface Transplant {
  readonly list: string;
  readonly suffix: string;
  readonly domains: number;
  readonly flagged: number;
}

/** Each benign list's ASCII registrable labels moved onto each of TRANSPLANT_SUFFIXES, screened as one batch per list and suffix. */
function transplantBenign(engine: Screener['engine'], data: EvaluationData): Transplant[] {
  return data.benign.flatMap((list) =>
    TRANSPLANT_SUFFIXES.map((suffix) => {
      const labels = new Set<string>();
      for (const domain of list.domains) {
        const label = domain.slice(0, domain.indexOf('.'));
        if (!label.startsWith('xn--')) labels.add(label);
      }
      const scored = screenBatch(engine, [...labels].map((label) => `${label}.${suffix}`));
      return { list: list.name, suffix, domains: scored.length, flagged: scored.filter((domain) => isFlagged(domain.outcome)).length / Math.max(1, scored.length) };
    }),
  );
}

/** Lists for the people tuning the rules: 2019–2022 and the benign lists only, never 2023. */
function tuningAids(scored: ScoredEvaluation) {
  const tuning = scored.phishing.filter((domain) => TUNING_YEARS.includes(domain.year));
  const benign = scored.benign.flatMap((list) => list.domains.map((domain) => ({ ...domain, list: list.name })));
  const reasonCounts = new Map<string, { benign: number; phishing: number }>();
  const count = (domains: readonly ScoredDomain[], key: 'benign' | 'phishing') => {
    for (const domain of domains) {
      for (const reason of new Set(domain.reasons)) {
        const entry = reasonCounts.get(reason) ?? { benign: 0, phishing: 0 };
        entry[key] += 1;
        reasonCounts.set(reason, entry);
      }
    }
  };
  count(benign, 'benign');
  count(tuning, 'phishing');
  return {
    benignDomains: benign.length,
    tuningDomains: tuning.length,
    reasons: [...reasonCounts]
      .map(([reason, counts]) => ({ reason, ...counts }))
      .sort((a, b) => b.phishing - a.phishing || b.benign - a.benign || a.reason.localeCompare(b.reason))
      .slice(0, LISTED.reasons),
    missedBrandTokenCases: tuning
      .filter((domain) => domain.namesImpersonatedBrand && !domain.ownedBy && !isFlagged(domain.outcome))
      .map(({ registrableDomain, year, brandId, score, reasons }) => ({ registrableDomain, year, brand: brandId, score, reasons }))
      .sort((a, b) => a.registrableDomain.localeCompare(b.registrableDomain)),
    highestBenign: [...benign]
      .filter((domain) => domain.score > 0)
      .sort((a, b) => b.score - a.score || a.registrableDomain.localeCompare(b.registrableDomain))
      .slice(0, LISTED.benignFlagged)
      .map(({ registrableDomain, list, score, outcome, reasons }) => ({ registrableDomain, list, score, outcome, reasons })),
    unmappedDescriptions: [...scored.unmappedDescriptions]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, LISTED.unmapped)
      .map(([description, domains]) => ({ description, domains })),
  };
}

type Summary = ReturnType<typeof summarise>;

const pct = (value: number, digits = 1): string => `${(value * 100).toFixed(digits)}%`;
const int = (value: number): string => value.toLocaleString('en-US');

/** A plain-text table: first column left-aligned, the others right-aligned. */
function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function render(summary: Summary): string {
  const out: string[] = [];
  const section = (title: string) => out.push('', title, '='.repeat(title.length));
  out.push(
    'shinsa domain-name evaluation (npm run eval:domains)',
    `rules ${summary.rulesVersion}`,
    `data  ${summary.data}: JPCERT/CC phishing URLs 2019–2023, OpenDNS top and random lists`,
    'Each name is screened as `shinsa domains` screens it: the full engine on the registrable domain alone,',
    "with series facts found over the name's batch (one phishing year, or one benign list).",
    'Flagged = outcome review or worse (score ≥ 25). Rules are tuned on 2019–2022; 2023 is the held-out check.',
  );

  section('1. Data sets');
  const counts = summary.dataset.phishing;
  const sum = (key: keyof (typeof counts)[number]) => int(counts.reduce((total, row) => total + (row[key] as number), 0));
  out.push(
    'Phishing: URLs → registrable domains (ICANN section of the PSL), one row per domain in the first year it appears.',
    table(
      ['year', 'URLs', 'blank date', 'IP host', 'shared platform', 'PSL private', 'no ICANN domain', 'seen earlier', 'domains'],
      [
        ...counts.map((row) =>
          [row.year, row.urls, row.blankDates, row.ipHosts, row.sharedPlatform, row.privateSuffix, row.badUrls + row.noRegistrableDomain, row.seenInEarlierYear, row.domains].map((value, column) =>
            column === 0 ? String(value) : int(value),
          ),
        ),
        ['total', sum('urls'), sum('blankDates'), sum('ipHosts'), sum('sharedPlatform'), sum('privateSuffix'), int(counts.reduce((t, r) => t + r.badUrls + r.noRegistrableDomain, 0)), sum('seenInEarlierYear'), sum('domains')],
      ],
    ),
    '"seen earlier": registrable domains of the year already counted in an earlier year (not counted again).',
    `Shared platforms dropped (URLs): ${Object.entries(summary.dataset.sharedPlatformUrls)
      .slice(0, 12)
      .map(([platform, urls]) => `${platform} ${int(urls)}`)
      .join(', ')}, … (src/eval/shared-platforms.ts)`,
    '',
    table(
      ['benign list', 'lines', 'not a domain', 'duplicate domain', 'domains'],
      summary.dataset.benign.map((list) => [list.name, int(list.lines), int(list.invalid), int(list.duplicates), int(list.domains)]),
    ),
  );

  section('2. Outcomes (share of domains)');
  out.push(
    table(
      ['set', 'domains', ...OUTCOMES, 'flagged'],
      [
        ...summary.phishing.map((row) => [`phishing ${row.period}`, int(row.outcomes.count), ...OUTCOMES.map((outcome) => pct(row.outcomes.outcomes[outcome])), pct(row.outcomes.flagged)]),
        ...summary.benign.map((row) => [`benign ${row.list}`, int(row.outcomes.count), ...OUTCOMES.map((outcome) => pct(row.outcomes.outcomes[outcome], 2)), pct(row.outcomes.flagged, 2)]),
      ],
    ),
  );

  section('3. Recall at a false-positive bound');
  out.push(
    'The score threshold is the lowest whose false-positive rate on both benign lists together is within the',
    'bound (score ≥ threshold counts as detected); the last rows use the lowest threshold that keeps EACH list',
    'within the bound on its own. phishing_catcher is scored the same way on the same names.',
  );
  const points = [
    ...summary.operatingPoints.shinsa.map((point) => ({ who: 'shinsa', point })),
    ...summary.operatingPoints.phishingCatcher.map((point) => ({ who: 'phishing_catcher', point })),
  ];
  const headers = ['', ...points.map(({ who, point }) => `${who} ≤${pct(point.bound, point.bound < 0.01 ? 1 : 0)}`)];
  const recallOf = (row: Summary['phishing'][number], who: string, index: number) =>
    (who === 'shinsa' ? row.recall.shinsa : row.recall.phishingCatcher)[index % FALSE_POSITIVE_BOUNDS.length]!;
  out.push(
    table(headers, [
      ['threshold (score ≥)', ...points.map(({ point }) => String(point.threshold))],
      ['FP both lists', ...points.map(({ point }) => pct(point.falsePositiveRate, 2))],
      ...summary.benign.map((list, listIndex) => [`FP ${list.list}`, ...points.map(({ point }) => pct(point.perList[listIndex]!.falsePositiveRate, 2))]),
      ...summary.phishing.map((row) => [`recall ${row.period}`, ...points.map(({ who }, index) => pct(recallOf(row, who, index).combined))]),
      ['threshold, each list ≤ bound', ...points.map(({ point }) => String(point.thresholdEachList))],
      ...summary.phishing
        .filter((row) => /tuning|held-out/.test(row.period))
        .map((row) => [`recall ${row.period}, each list`, ...points.map(({ who }, index) => pct(recallOf(row, who, index).eachList))]),
    ]),
  );

  out.push(
    '',
    `Lower thresholds: what each would flag (the first row is the ≤ 1% operating point; a row for each lower`,
    'score some name has). Read after the rules were fixed, like the rows above; not used to choose them.',
    table(
      ['threshold (score ≥)', ...summary.benign.map((list) => `FP ${list.list}`), `recall ${TUNING_YEARS[0]}–${TUNING_YEARS.at(-1)}`, `recall ${HELD_OUT_YEARS.join(', ')}`],
      summary.lowerThresholds.map((row) => [
        String(row.threshold),
        ...row.benign.map((list) => pct(list.falsePositiveRate, 2)),
        pct(row.recallTuning),
        pct(row.recallHeldOut),
      ]),
    ),
  );

  out.push(
    '',
    'The benign lists date from 2014 and hold almost no names on the new cheap TLDs, so the rows above cannot',
    "say what the TLD tiers cost ordinary owners there. The same lists' labels moved onto other suffixes",
    '(.top: high-risk; .space: a new gTLD without a tier), share flagged:',
    table(
      ['benign labels', 'domains', 'flagged'],
      summary.transplants.map((row) => [`${row.list} on .${row.suffix}`, int(row.domains), pct(row.flagged, 2)]),
    ),
  );

  section("4. phishing_catcher at its own thresholds (≥ 65 potential, ≥ 80 likely, ≥ 90 suspicious)");
  const thresholds = Object.values(PHISHING_CATCHER_THRESHOLDS).map(String);
  out.push(
    'catch_phishing.py score_domain reimplemented (src/eval/phishing-catcher.ts); no +10 for a Let\'s Encrypt certificate.',
    table(
      ['set', ...thresholds.map((threshold) => `≥ ${threshold}`)],
      [
        ...summary.phishing.map((row) => [`phishing ${row.period}`, ...thresholds.map((threshold) => pct(row.phishingCatcherAtThresholds[threshold]!))]),
        ...summary.benign.map((row) => [`benign ${row.list}`, ...thresholds.map((threshold) => pct(row.phishingCatcherAtThresholds[threshold]!, 2))]),
      ],
    ),
  );

  section('5. Brand-token cases');
  out.push(
    "A case is a phishing domain whose registrable label names the impersonated brand (the CSV's description",
    'mapped to rules/brands.yaml): one of its tokens anywhere (hyphens ignored), an abbreviation as a whole',
    'hyphen/digit-delimited segment, or a Japanese name in an IDN label. Owned domains are not cases.',
    '"any brand": the label names any protected brand, whatever the description says.',
    table(
      ['period', 'domains', 'brand mapped', 'cases', 'flagged', 'share', 'any brand', 'flagged', 'share'],
      summary.phishing.map((row) => {
        const cases = row.brandTokenCases;
        const share = (flagged: number, total: number) => (total === 0 ? '–' : pct(flagged / total));
        return [
          row.period,
          int(row.outcomes.count),
          int(cases.mappedToBrand),
          int(cases.cases),
          int(cases.flagged),
          share(cases.flagged, cases.cases),
          int(cases.anyBrandCases),
          int(cases.anyBrandFlagged),
          share(cases.anyBrandFlagged, cases.anyBrandCases),
        ];
      }),
    ),
  );

  section('6. Owned domains');
  const all = summary.phishing.at(-1)!;
  out.push(
    `${int(summary.owned.screened)} owned domains of rules/brands.yaml screened as one batch: ${summary.owned.flagged.length} flagged (must be 0).`,
    ...summary.owned.flagged.map((domain) => `  FLAGGED ${domain.registrableDomain} score ${domain.score} ${domain.outcome}: ${domain.reasons.join(', ')}`),
    `${int(all.brandTokenCases.onOwnedDomains)} phishing rows (2019–2023) are on owned domains (abused, not registered by the phisher); never counted as cases:`,
    `  ${summary.owned.phishingRows.map((row) => `${row.registrableDomain} (${row.year}, ${row.ownedBy}, ${row.outcome})`).join(', ')}`,
  );

  const aids = summary.tuningAids;
  section('7. Tuning aids (2019–2022 and the benign lists only; nothing from 2023)');
  out.push(
    `Reason codes with points: domains they fired on (of ${int(aids.tuningDomains)} phishing 2019–2022 and ${int(aids.benignDomains)} benign).`,
    table(
      ['reason', 'phishing', 'share', 'benign', 'share'],
      aids.reasons.map((row) => [row.reason, int(row.phishing), pct(row.phishing / Math.max(1, aids.tuningDomains)), int(row.benign), pct(row.benign / Math.max(1, aids.benignDomains), 2)]),
    ),
    '',
    `Brand-token cases 2019–2022 not flagged: ${aids.missedBrandTokenCases.length}${aids.missedBrandTokenCases.length > LISTED.missedCases ? ` (first ${LISTED.missedCases})` : ''}`,
    ...aids.missedBrandTokenCases
      .slice(0, LISTED.missedCases)
      .map((domain) => `  ${domain.registrableDomain} (${domain.year}, ${domain.brand}) score ${domain.score}${domain.reasons.length ? `: ${domain.reasons.join(', ')}` : ''}`),
    '',
    `Highest-scoring benign domains (top ${LISTED.benignFlagged}):`,
    ...aids.highestBenign.map((domain) => `  ${domain.registrableDomain} (${domain.list}) score ${domain.score} ${domain.outcome}: ${domain.reasons.join(', ')}`),
    '',
    `Descriptions 2019–2022 that map to no protected brand (top ${LISTED.unmapped}, by domains):`,
    `  ${aids.unmappedDescriptions.map((entry) => `${entry.description} ${entry.domains}`).join(', ')}`,
  );
  return `${out.join('\n').trimStart()}\n`;
}

export function main(argv: readonly string[]): number {
  let options: Options;
  try {
    options = parseArguments(argv);
  } catch (error) {
    process.stderr.write(`eval-domains: ${(error as Error).message}\n`);
    return 2;
  }
  let data: EvaluationData;
  try {
    data = loadEvaluationData(options.dataDir);
  } catch (error) {
    process.stderr.write(`eval-domains: ${(error as Error).message}\n`);
    return 2;
  }
  const screener = new Screener(options.rulesDir ? { rulesDir: options.rulesDir } : {});
  const scored = scoreEvaluation(screener.engine, data, TUNING_YEARS);
  const relative = path.relative(REPO_ROOT, options.dataDir);
  const summary = summarise(data, scored, relative, transplantBenign(screener.engine, data));
  const report = render(summary);
  process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : report);
  if (options.write) {
    mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
    writeFileSync(REPORT_FILE, report);
    process.stderr.write(`wrote ${path.relative(REPO_ROOT, REPORT_FILE)}\n`);
  }
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
