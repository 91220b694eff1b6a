/**
 * `npm run eval:domains`: how well the domain-name signals separate JPCERT/CC's phishing domains
 * from real new registrations (a 2024 sample, screened one first-seen day at a time and its
 * validation part at once), Japanese local-government and university domains and the OpenDNS lists,
 * beside phishing_catcher's published scoring.
 *
 *   npm run eval:domains                   print the report
 *   npm run eval:domains -- --write        also write fixtures/eval/domains-report.txt
 *   npm run eval:domains -- --json         the numbers as JSON, for tooling
 *   npm run eval:domains -- --data DIR     another data folder (default ../shared/data)
 *   npm run eval:domains -- --rules DIR    another rules folder (default rules/)
 *
 * Every name is screened as `shinsa domains` screens it. The report has no timings or dates, so
 * the same rules and data give the same file; it prints no name of the new-registration sample
 * (evaluation only, never copied into the repository).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OUTCOMES } from '../engine';
import { Screener } from '../screening/screener';
import { DEFAULT_DATA_DIR, loadEvaluationData, NEW_REGISTRATIONS_VALIDATION_FROM, PHISHING_TUNING_YEARS, REPO_ROOT, type EvaluationData } from './domain-datasets';
import {
  flagRateBySuffix,
  isFlagged,
  isValidationPart,
  lowestThresholdWithin,
  operatingPoint,
  outcomeShares,
  PHISHING_CATCHER_THRESHOLDS,
  scoreEvaluation,
  shareAtLeast,
  suffixOf,
  TRANSPLANT_BOUNDS,
  TRANSPLANT_COMPARISONS,
  type ScoredDomain,
  type ScoredEvaluation,
} from './domain-evaluation';

const TUNING_YEARS: readonly number[] = PHISHING_TUNING_YEARS;
const HELD_OUT_YEARS = [2023];
/** Bounds on the share of new registrations (validation part, screened by day) that may be flagged. */
const NEW_REGISTRATION_BOUNDS = [0.01, 0.005];
/** Bounds on the OpenDNS lists, kept from the first evaluation for comparison. */
const FALSE_POSITIVE_BOUNDS = [0.01, 0.001];
/** Thresholds of the per-threshold table (the shipped review threshold is added). */
const TABLE_THRESHOLDS = [10, 15, 18, 20, 22, 24, 26, 28, 30, 35, 40];
/** Suffixes with at least this many names in the new-registration sample get a row of their own. */
const SUFFIX_ROW_NAMES = 1000;
/** Suffixes with fewer names but at least this many in the validation part are checked as the tail. */
const TAIL_NAMES = 200;
const REPORT_FILE = path.join(REPO_ROOT, 'fixtures', 'eval', 'domains-report.txt');
const LISTED = { missedCases: 40, benignFlagged: 30, unmapped: 20, reasons: 40, recallSuffixes: 15 };

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

const scoresOf = (domains: readonly ScoredDomain[]) => domains.map((domain) => domain.score);

/** Suffixes with at least SUFFIX_ROW_NAMES names in the whole new-registration sample. */
function rowSuffixesOf(scored: ScoredEvaluation): Set<string> {
  return new Set(flagRateBySuffix(scored.newRegistrationsByDay, 0, SUFFIX_ROW_NAMES).map((row) => row.suffix));
}

/** What one threshold flags on every set: the rows of the per-threshold table. */
function atThreshold(scored: ScoredEvaluation, threshold: number, years: readonly number[], rowSuffixes: ReadonlySet<string>) {
  const validation = scored.newRegistrationsByDay.filter(isValidationPart);
  const tuning = scored.newRegistrationsByDay.filter((domain) => !isValidationPart(domain));
  const suffixes = flagRateBySuffix(validation, threshold, 0).filter((row) => rowSuffixes.has(row.suffix));
  const worst = [...suffixes].sort((a, b) => b.flagged - a.flagged || a.suffix.localeCompare(b.suffix))[0];
  return {
    threshold,
    newRegistrations: { validationByDay: shareAtLeast(scoresOf(validation), threshold), validationAtOnce: shareAtLeast(scoresOf(scored.validationAtOnce), threshold), tuningByDay: shareAtLeast(scoresOf(tuning), threshold) },
    worstSuffix: worst ? { suffix: worst.suffix, flagged: worst.flagged } : undefined,
    japanese: scored.japanese.map((list) => ({ list: list.name, flagged: list.domains.filter((domain) => domain.score >= threshold).length })),
    benign: scored.benign.map((list) => ({ list: list.name, flagged: shareAtLeast(scoresOf(list.domains), threshold) })),
    recall: [...years.map((year) => ({ period: String(year), years: [year] })), { period: 'tuning', years: TUNING_YEARS }].map(({ period, years: of }) => ({
      period,
      recall: shareAtLeast(scored.phishing.filter((domain) => of.includes(domain.year)).map((domain) => domain.score), threshold),
    })),
  };
}

/** Everything the report prints, as data (the `--json` output). Names of the new-registration sample are never in it. */
function summarise(data: EvaluationData, scored: ScoredEvaluation, dataDirLabel: string, reviewThreshold: number) {
  const years = data.phishing.counts.map((counts) => counts.year);
  const periods = periodsOf(years);
  const inPeriod = (period: Period) => scored.phishing.filter((domain) => period.years.includes(domain.year));
  const validation = scored.newRegistrationsByDay.filter(isValidationPart);
  const tuning = scored.newRegistrationsByDay.filter((domain) => !isValidationPart(domain));
  const shinsaScore = (domain: ScoredDomain) => domain.score;
  const catcherScore = (domain: ScoredDomain) => domain.phishingCatcher;
  const thresholds = Object.values(PHISHING_CATCHER_THRESHOLDS);
  const rowSuffixes = rowSuffixesOf(scored);

  // Operating points on the new registrations: the lowest threshold that flags at most the bound
  // of the validation part (screened by day).
  const newRegistrationPoints = NEW_REGISTRATION_BOUNDS.map((bound) => ({ bound, ...lowestThresholdWithin(scoresOf(validation), bound) }));
  const columns = [{ label: `shipped review (≥ ${reviewThreshold})`, threshold: reviewThreshold }, ...newRegistrationPoints.map((point) => ({ label: `new reg. ≤ ${(point.bound * 100).toFixed(1)}% (≥ ${point.threshold})`, threshold: point.threshold }))];

  const bySuffix = <T extends ScoredDomain>(domains: readonly T[]) => {
    const groups = new Map<string, T[]>();
    for (const domain of domains) {
      const suffix = suffixOf(domain.registrableDomain);
      if (!rowSuffixes.has(suffix)) continue;
      const group = groups.get(suffix) ?? [];
      group.push(domain);
      groups.set(suffix, group);
    }
    return (suffix: string): readonly T[] => groups.get(suffix) ?? [];
  };
  const groupsOf = { validation: bySuffix(validation), atOnce: bySuffix(scored.validationAtOnce), tuning: bySuffix(tuning), phishingTuning: bySuffix(scored.phishing.filter((domain) => TUNING_YEARS.includes(domain.year))), heldOut: bySuffix(scored.phishing.filter((domain) => HELD_OUT_YEARS.includes(domain.year))) };
  const suffixRows = flagRateBySuffix(scored.newRegistrationsByDay, reviewThreshold, SUFFIX_ROW_NAMES).map(({ suffix, names }) => {
    const shareOf = (domains: readonly ScoredDomain[]) => ({ names: domains.length, flagged: shareAtLeast(scoresOf(domains), reviewThreshold) });
    return {
      suffix,
      sampleNames: names,
      validationByDay: shareOf(groupsOf.validation(suffix)),
      validationAtOnce: shareOf(groupsOf.atOnce(suffix)),
      tuningByDay: shareOf(groupsOf.tuning(suffix)),
      phishingTuning: shareOf(groupsOf.phishingTuning(suffix)),
      phishingHeldOut: shareOf(groupsOf.heldOut(suffix)),
    };
  });
  const tail = flagRateBySuffix(validation, reviewThreshold, TAIL_NAMES)
    .filter((row) => !rowSuffixes.has(row.suffix))
    .sort((a, b) => b.flagged - a.flagged || a.suffix.localeCompare(b.suffix));

  const evidenceOf = (domains: readonly ScoredDomain[], threshold = reviewThreshold) => {
    const flagged = domains.filter((domain) => domain.score >= threshold);
    const reasons = new Map<string, number>();
    for (const domain of flagged) for (const reason of new Set(domain.reasons)) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    return {
      domains: domains.length,
      flagged: flagged.length,
      withBrandEvidence: flagged.filter((domain) => domain.brandEvidence).length,
      reasons: [...reasons].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 12).map(([reason, count]) => ({ reason, count })),
    };
  };
  const heldOut = scored.phishing.filter((domain) => HELD_OUT_YEARS.includes(domain.year));
  const recallBySuffix = flagRateBySuffix(heldOut, reviewThreshold, 0).slice(0, LISTED.recallSuffixes);
  // The held-out year at the lowest threshold that flags at most 1% of the validation part: where its recall comes from and where it misses.
  const operating = newRegistrationPoints[0]!.threshold;
  const formRows = (domains: readonly ScoredDomain[]) =>
    LABEL_FORMS.map((form) => {
      const ofForm = domains.filter((domain) => labelFormOf(domain.registrableDomain) === form);
      return { form, names: ofForm.length, flagged: ofForm.filter((domain) => domain.score >= operating).length };
    });
  const misses = heldOut.filter((domain) => domain.score < operating);
  const atOperatingPoint = {
    threshold: operating,
    evidence: evidenceOf(heldOut, operating),
    bySuffix: flagRateBySuffix(heldOut, operating, 0)
      .slice(0, LISTED.recallSuffixes)
      .map((row) => ({ ...row, missed: Math.round(row.names * (1 - row.flagged)) })),
    byForm: { heldOut: formRows(heldOut), newRegistrations: formRows(validation) },
    missedScores: MISSED_SCORE_BANDS.map(([from, to]) => ({ from, to: Math.min(to, operating - 1), names: misses.filter((domain) => domain.score >= from && domain.score <= to && domain.score < operating).length })).filter((band) => band.from < operating),
    missed: misses.length,
  };

  return {
    rulesVersion: scored.rulesVersion,
    data: dataDirLabel,
    reviewThreshold,
    dataset: {
      phishing: data.phishing.counts,
      sharedPlatformUrls: Object.fromEntries([...data.phishing.platformUrls].sort((a, b) => b[1] - a[1])),
      newRegistrations: {
        lines: data.newRegistrations.lines,
        invalid: data.newRegistrations.invalid,
        duplicates: data.newRegistrations.duplicates,
        tuning: tuning.length,
        validation: validation.length,
        days: { tuning: new Set(tuning.map((domain) => domain.day)).size, validation: new Set(validation.map((domain) => domain.day)).size },
      },
      lists: [...data.japanese, ...data.benign].map(({ domains, ...list }) => ({ ...list, domains: domains.length })),
    },
    operatingPoints: columns.map((column) => ({ ...column, ...atThreshold(scored, column.threshold, years, rowSuffixes), owned: scored.owned.filter((domain) => domain.score >= column.threshold).length })),
    thresholds: [...new Set([...TABLE_THRESHOLDS, reviewThreshold])].sort((a, b) => a - b).map((threshold) => atThreshold(scored, threshold, years, rowSuffixes)),
    suffixes: suffixRows,
    tail,
    evidence: { newRegistrations: evidenceOf(validation), heldOut: evidenceOf(heldOut), tuning: evidenceOf(scored.phishing.filter((domain) => TUNING_YEARS.includes(domain.year))), recallBySuffix },
    atOperatingPoint,
    outcomes: [
      ...periods.map((period) => ({ set: `phishing ${period.label}`, ...outcomeShares(inPeriod(period)) })),
      { set: 'new registrations, validation, by day', ...outcomeShares(validation) },
      { set: 'new registrations, validation, at once', ...outcomeShares(scored.validationAtOnce) },
      { set: 'new registrations, tuning, by day', ...outcomeShares(tuning) },
      ...[...scored.japanese, ...scored.benign].map((list) => ({ set: list.name, ...outcomeShares(list.domains) })),
    ],
    openDns: {
      points: FALSE_POSITIVE_BOUNDS.map((bound) => ({ bound, shinsa: operatingPoint(bound, scored.benign, shinsaScore), phishingCatcher: operatingPoint(bound, scored.benign, catcherScore) })),
    },
    phishingCatcher: {
      newRegistrationPoints: NEW_REGISTRATION_BOUNDS.map((bound) => ({ bound, ...lowestThresholdWithin(validation.map(catcherScore), bound) })),
      rows: [
        ...periods.map((period) => ({ set: `phishing ${period.label}`, scores: inPeriod(period).map(catcherScore) })),
        { set: 'new registrations, validation', scores: validation.map(catcherScore) },
        ...scored.benign.map((list) => ({ set: list.name, scores: list.domains.map(catcherScore) })),
      ].map(({ set, scores }) => ({ set, atThresholds: Object.fromEntries(thresholds.map((threshold) => [threshold, shareAtLeast(scores, threshold)])) })),
    },
    brandTokenCases: periods.map((period) => {
      const domains = inPeriod(period);
      const cases = domains.filter((domain) => domain.namesImpersonatedBrand && !domain.ownedBy);
      const anyCases = domains.filter((domain) => domain.namesAnyBrand && !domain.ownedBy);
      return {
        period: period.label,
        domains: domains.length,
        mappedToBrand: domains.filter((domain) => domain.brandId).length,
        cases: cases.length,
        flagged: cases.filter((domain) => isFlagged(domain.outcome)).length,
        anyBrandCases: anyCases.length,
        anyBrandFlagged: anyCases.filter((domain) => isFlagged(domain.outcome)).length,
        onOwnedDomains: domains.filter((domain) => domain.ownedBy).length,
      };
    }),
    owned: {
      phishingRows: scored.phishing.filter((domain) => domain.ownedBy).map(({ registrableDomain, year, ownedBy, outcome }) => ({ registrableDomain, year, ownedBy, outcome })),
      screened: scored.owned.length,
      flagged: scored.owned.filter((domain) => isFlagged(domain.outcome)).map(({ registrableDomain, score, outcome, reasons }) => ({ registrableDomain, score, outcome, reasons })),
    },
    japaneseFlagged: scored.japanese.flatMap((list) => list.domains.filter((domain) => isFlagged(domain.outcome)).map(({ registrableDomain, score, reasons }) => ({ list: list.name, registrableDomain, score, reasons }))),
    tuningAids: tuningAids(scored, tuning),
    transplanted: scored.transplanted.map(({ suffix, phishing, sampleNames, domains }) => ({
      suffix,
      sampleNames,
      phishing,
      names: domains.length,
      flagged: { shipped: shareAtLeast(scoresOf(domains), reviewThreshold), onePercent: shareAtLeast(scoresOf(domains), operating) },
    })),
  };
}

/** Lists for the people tuning the rules: 2019–2022, the tuning part of the new registrations (counts only) and the OpenDNS lists; never 2023 or the validation part. */
function tuningAids(scored: ScoredEvaluation, newRegistrations: readonly ScoredDomain[]) {
  const tuning = scored.phishing.filter((domain) => TUNING_YEARS.includes(domain.year));
  const benign = scored.benign.flatMap((list) => list.domains.map((domain) => ({ ...domain, list: list.name })));
  const reasonCounts = new Map<string, { registrations: number; phishing: number }>();
  const count = (domains: readonly ScoredDomain[], key: 'registrations' | 'phishing') => {
    for (const domain of domains) {
      for (const reason of new Set(domain.reasons)) {
        const entry = reasonCounts.get(reason) ?? { registrations: 0, phishing: 0 };
        entry[key] += 1;
        reasonCounts.set(reason, entry);
      }
    }
  };
  count(newRegistrations, 'registrations');
  count(tuning, 'phishing');
  return {
    registrations: newRegistrations.length,
    tuningDomains: tuning.length,
    reasons: [...reasonCounts]
      .map(([reason, counts]) => ({ reason, ...counts }))
      .sort((a, b) => b.phishing - a.phishing || b.registrations - a.registrations || a.reason.localeCompare(b.reason))
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

/** Forms of a registrable label, for the breakdown of recall and misses (section 11). */
const LABEL_FORMS = ['IDN (xn--)', 'digits only', 'with a hyphen', 'letters and digits', 'letters, 1–5', 'letters, 6–8', 'letters, 9–12', 'letters, 13+'] as const;

function labelFormOf(registrableDomain: string): (typeof LABEL_FORMS)[number] {
  const label = registrableDomain.slice(0, registrableDomain.indexOf('.'));
  if (label.startsWith('xn--')) return 'IDN (xn--)';
  if (/^[0-9]+$/.test(label)) return 'digits only';
  if (label.includes('-')) return 'with a hyphen';
  if (/[0-9]/.test(label)) return 'letters and digits';
  return label.length <= 5 ? 'letters, 1–5' : label.length <= 8 ? 'letters, 6–8' : label.length <= 12 ? 'letters, 9–12' : 'letters, 13+';
}

/** Bands of score the missed names are counted in (cut at the operating point). */
const MISSED_SCORE_BANDS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 7],
  [8, 8],
  [9, 13],
  [14, 100],
];

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
  const years = summary.dataset.phishing.map((row) => row.year);
  const counts = summary.dataset.newRegistrations;
  out.push(
    'shinsa domain-name evaluation (npm run eval:domains)',
    `rules ${summary.rulesVersion}`,
    `data  ${summary.data}: JPCERT/CC phishing URLs 2019–2023; a sample of new registrations (2024); Japanese local-government and`,
    '      university domains; OpenDNS top and random lists (2014)',
    'Each name is screened as `shinsa domains` screens it: the full engine on the registrable domain alone, with series',
    "facts found over the name's batch: one phishing year, one list, or one first-seen day of new registrations (and the",
    'whole validation part at once, where series across days show).',
    `Flagged = score ≥ threshold; the shipped review threshold is ${summary.reviewThreshold}.`,
    `Fitted on (rules/fitted/, npm run knowledge:name-evidence): phishing ${TUNING_YEARS[0]}–${TUNING_YEARS.at(-1)} and the new registrations first seen before`,
    `${NEW_REGISTRATIONS_VALIDATION_FROM} (tuning part). Points per nat, thresholds and model choices were chosen on the validation part: its new`,
    `registrations (first seen ${NEW_REGISTRATIONS_VALIDATION_FROM} on) and, since issue 17's third round (length bands), ${HELD_OUT_YEARS.join(', ')}'s recall too.`,
    'No name of the new-registration sample is printed.',
  );

  section('1. Data sets');
  const phishing = summary.dataset.phishing;
  const sum = (key: keyof (typeof phishing)[number]) => int(phishing.reduce((total, row) => total + (row[key] as number), 0));
  out.push(
    'Phishing: URLs → registrable domains (ICANN section of the PSL), one row per domain in the first year it appears.',
    table(
      ['year', 'URLs', 'blank date', 'IP host', 'shared platform', 'PSL private', 'no ICANN domain', 'seen earlier', 'domains'],
      [
        ...phishing.map((row) =>
          [row.year, row.urls, row.blankDates, row.ipHosts, row.sharedPlatform, row.privateSuffix, row.badUrls + row.noRegistrableDomain, row.seenInEarlierYear, row.domains].map((value, column) =>
            column === 0 ? String(value) : int(value),
          ),
        ),
        ['total', sum('urls'), sum('blankDates'), sum('ipHosts'), sum('sharedPlatform'), sum('privateSuffix'), int(phishing.reduce((t, r) => t + r.badUrls + r.noRegistrableDomain, 0)), sum('seenInEarlierYear'), sum('domains')],
      ],
    ),
    '"seen earlier": registrable domains of the year already counted in an earlier year (not counted again).',
    `Shared platforms dropped (URLs): ${Object.entries(summary.dataset.sharedPlatformUrls)
      .slice(0, 12)
      .map(([platform, urls]) => `${platform} ${int(urls)}`)
      .join(', ')}, … (src/eval/shared-platforms.ts)`,
    '',
    `New registrations (nrd/shreshta-nrd-2024-gtld-300k.tsv): ${int(counts.lines)} lines, ${int(counts.invalid)} not a registrable domain, ${int(counts.duplicates)} duplicates;`,
    `tuning part ${int(counts.tuning)} names over ${counts.days.tuning} days, validation part ${int(counts.validation)} names over ${counts.days.validation} days. Unlabelled: some are`,
    'malicious, so a share flagged is an upper bound on false positives.',
    '',
    table(
      ['list', 'lines', 'not a domain', 'duplicate domain', 'domains'],
      summary.dataset.lists.map((list) => [list.name, int(list.lines), int(list.invalid), int(list.duplicates), int(list.domains)]),
    ),
  );

  section('2. Operating points');
  const points = summary.operatingPoints;
  const recallRow = (period: string) => points.map((point) => pct(point.recall.find((row) => row.period === period)!.recall));
  out.push(
    'The shipped review threshold, and the lowest thresholds that flag at most 1% and 0.5% of the validation part of the',
    'new registrations (screened one first-seen day at a time).',
    table(
      ['', ...points.map((point) => point.label)],
      [
        ['new registrations, validation, by day', ...points.map((point) => pct(point.newRegistrations.validationByDay, 2))],
        ['new registrations, validation, at once', ...points.map((point) => pct(point.newRegistrations.validationAtOnce, 2))],
        ['new registrations, tuning, by day', ...points.map((point) => pct(point.newRegistrations.tuningByDay, 2))],
        [`worst suffix with ≥ ${int(SUFFIX_ROW_NAMES)} names`, ...points.map((point) => (point.worstSuffix ? `.${point.worstSuffix.suffix} ${pct(point.worstSuffix.flagged, 2)}` : '–'))],
        ...points[0]!.japanese.map((list, index) => [`${list.list} (flagged names)`, ...points.map((point) => String(point.japanese[index]!.flagged))]),
        ['owned brand domains (flagged names)', ...points.map((point) => String(point.owned))],
        ...points[0]!.benign.map((list, index) => [list.list, ...points.map((point) => pct(point.benign[index]!.flagged, 2))]),
        ...years.map((year) => [`recall ${year}`, ...recallRow(String(year))]),
        [`recall ${TUNING_YEARS[0]}–${TUNING_YEARS.at(-1)} (tuning)`, ...recallRow('tuning')],
      ],
    ),
  );

  section('3. Every threshold');
  out.push(
    'Share flagged at each threshold. New registrations: validation part by day / at once, tuning part by day; worst suffix',
    `among those with ≥ ${int(SUFFIX_ROW_NAMES)} names in the sample (validation part, by day); Japanese lists: names flagged.`,
    table(
      ['≥', 'val/day', 'val/once', 'tune/day', 'worst suffix', ...summary.thresholds[0]!.japanese.map((list) => list.list.replace('jp-', 'jp ')), ...summary.thresholds[0]!.benign.map((list) => list.list), ...years.map(String), 'tuning'],
      summary.thresholds.map((row) => [
        String(row.threshold),
        pct(row.newRegistrations.validationByDay, 2),
        pct(row.newRegistrations.validationAtOnce, 2),
        pct(row.newRegistrations.tuningByDay, 2),
        row.worstSuffix ? `.${row.worstSuffix.suffix} ${pct(row.worstSuffix.flagged, 1)}` : '–',
        ...row.japanese.map((list) => String(list.flagged)),
        ...row.benign.map((list) => pct(list.flagged, 1)),
        ...row.recall.map((entry) => pct(entry.recall)),
      ]),
    ),
  );

  section(`4. Per suffix, at the shipped threshold (≥ ${summary.reviewThreshold})`);
  out.push(
    `Suffixes with ≥ ${int(SUFFIX_ROW_NAMES)} names in the new-registration sample: share of new registrations flagged (validation part by day and at`,
    `once, tuning part by day) and recall on the phishing registrations of the suffix (${TUNING_YEARS[0]}–${TUNING_YEARS.at(-1)}, ${HELD_OUT_YEARS.join(', ')}).`,
    table(
      ['suffix', 'sample', 'val names', 'val/day', 'val/once', 'tune/day', `phish ${TUNING_YEARS[0]}–${String(TUNING_YEARS.at(-1)).slice(2)}`, 'recall', `phish ${HELD_OUT_YEARS.join(', ')}`, 'recall'],
      summary.suffixes.map((row) => [
        `.${row.suffix}`,
        int(row.sampleNames),
        int(row.validationByDay.names),
        pct(row.validationByDay.flagged, 2),
        pct(row.validationAtOnce.flagged, 2),
        pct(row.tuningByDay.flagged, 2),
        int(row.phishingTuning.names),
        row.phishingTuning.names ? pct(row.phishingTuning.flagged) : '–',
        int(row.phishingHeldOut.names),
        row.phishingHeldOut.names ? pct(row.phishingHeldOut.flagged) : '–',
      ]),
    ),
    '',
    `The tail: suffixes with fewer names in the sample but ≥ ${TAIL_NAMES} in the validation part, most flagged first:`,
    `  ${summary.tail.map((row) => `.${row.suffix} ${pct(row.flagged, 2)} of ${int(row.names)}`).join(', ') || '(none)'}`,
  );

  section(`5. What the flags rest on (≥ ${summary.reviewThreshold})`);
  const evidence = (label: string, entry: Summary['evidence']['heldOut']) => [
    `${label}: ${int(entry.flagged)} of ${int(entry.domains)} flagged (${pct(entry.flagged / Math.max(1, entry.domains), 2)}); with brand evidence ${int(entry.withBrandEvidence)}, on name evidence alone ${int(entry.flagged - entry.withBrandEvidence)}.`,
    `  reasons with points among them: ${entry.reasons.map((row) => `${row.reason} ${int(row.count)}`).join(', ')}`,
  ];
  out.push(
    ...evidence('New registrations, validation part (by day)', summary.evidence.newRegistrations),
    ...evidence(`Phishing ${TUNING_YEARS[0]}–${TUNING_YEARS.at(-1)}`, summary.evidence.tuning),
    ...evidence(`Phishing ${HELD_OUT_YEARS.join(', ')}`, summary.evidence.heldOut),
    `  ${HELD_OUT_YEARS.join(', ')} recall by suffix (largest suffixes): ${summary.evidence.recallBySuffix.map((row) => `.${row.suffix} ${pct(row.flagged)} of ${int(row.names)}`).join(', ')}`,
  );

  section('6. Outcomes (share of names)');
  out.push(
    table(
      ['set', 'names', ...OUTCOMES, 'flagged'],
      summary.outcomes.map((row) => [row.set, int(row.count), ...OUTCOMES.map((outcome) => pct(row.outcomes[outcome], 2)), pct(row.flagged, 2)]),
    ),
  );

  section('7. phishing_catcher, and the OpenDNS operating points of the first evaluation');
  const catcherThresholds = Object.values(PHISHING_CATCHER_THRESHOLDS).map(String);
  out.push(
    "catch_phishing.py score_domain reimplemented (src/eval/phishing-catcher.ts); no +10 for a Let's Encrypt certificate.",
    'At its own thresholds (≥ 65 potential, ≥ 80 likely, ≥ 90 suspicious):',
    table(
      ['set', ...catcherThresholds.map((threshold) => `≥ ${threshold}`)],
      summary.phishingCatcher.rows.map((row) => [row.set, ...catcherThresholds.map((threshold) => pct(row.atThresholds[threshold]!, 2))]),
    ),
    `At the new-registration bounds: ${summary.phishingCatcher.newRegistrationPoints.map((point) => `≤ ${pct(point.bound, 1)} needs ≥ ${point.threshold} (flags ${pct(point.falsePositiveRate, 2)})`).join('; ')}.`,
    '',
    'Lowest thresholds whose false-positive share on both OpenDNS lists together is within a bound (the first evaluation):',
    table(
      ['bound', 'shinsa threshold', 'top', 'random', 'phishing_catcher threshold', 'top', 'random'],
      summary.openDns.points.map(({ bound, shinsa, phishingCatcher }) => [
        pct(bound, 1),
        String(shinsa.threshold),
        pct(shinsa.perList[0]!.falsePositiveRate, 2),
        pct(shinsa.perList[1]!.falsePositiveRate, 2),
        String(phishingCatcher.threshold),
        pct(phishingCatcher.perList[0]!.falsePositiveRate, 2),
        pct(phishingCatcher.perList[1]!.falsePositiveRate, 2),
      ]),
    ),
  );

  section('8. Brand-token cases');
  out.push(
    "A case is a phishing domain whose registrable label names the impersonated brand (the CSV's description",
    'mapped to rules/brands.yaml): one of its tokens anywhere (hyphens ignored), an abbreviation as a whole',
    'hyphen/digit-delimited segment, or a Japanese name in an IDN label. Owned domains are not cases.',
    '"any brand": the label names any protected brand, whatever the description says. Flagged = review or worse.',
    table(
      ['period', 'domains', 'brand mapped', 'cases', 'flagged', 'share', 'any brand', 'flagged', 'share'],
      summary.brandTokenCases.map((row) => {
        const share = (flagged: number, total: number) => (total === 0 ? '–' : pct(flagged / total));
        return [row.period, int(row.domains), int(row.mappedToBrand), int(row.cases), int(row.flagged), share(row.flagged, row.cases), int(row.anyBrandCases), int(row.anyBrandFlagged), share(row.anyBrandFlagged, row.anyBrandCases)];
      }),
    ),
  );

  section('9. Owned domains and the Japanese lists');
  out.push(
    `${int(summary.owned.screened)} owned domains of rules/brands.yaml screened as one batch: ${summary.owned.flagged.length} flagged (must be 0).`,
    ...summary.owned.flagged.map((domain) => `  FLAGGED ${domain.registrableDomain} score ${domain.score} ${domain.outcome}: ${domain.reasons.join(', ')}`),
    `${int(summary.brandTokenCases.at(-1)!.onOwnedDomains)} phishing rows (2019–2023) are on owned domains (abused, not registered by the phisher); never counted as cases:`,
    `  ${summary.owned.phishingRows.map((row) => `${row.registrableDomain} (${row.year}, ${row.ownedBy}, ${row.outcome})`).join(', ')}`,
    `Japanese local-government and university domains flagged: ${summary.japaneseFlagged.length} (must be 0).`,
    ...summary.japaneseFlagged.map((domain) => `  FLAGGED ${domain.registrableDomain} (${domain.list}) score ${domain.score}: ${domain.reasons.join(', ')}`),
  );

  const at = summary.atOperatingPoint;
  section(`10. ${HELD_OUT_YEARS.join(', ')} at the new-registration ≤ 1% operating point (≥ ${at.threshold}): where the recall comes from, where it misses`);
  out.push(
    ...evidence(`Phishing ${HELD_OUT_YEARS.join(', ')} at ≥ ${at.threshold}`, at.evidence),
    '',
    'By suffix (largest):',
    table(
      ['suffix', 'names', 'flagged', 'recall', 'missed'],
      at.bySuffix.map((row) => [`.${row.suffix}`, int(row.names), int(row.names - row.missed), pct(row.flagged), int(row.missed)]),
    ),
    '',
    `By label form (the registrable label): ${HELD_OUT_YEARS.join(', ')} phishing and the validation part of the new registrations, names and share flagged.`,
    table(
      ['label form', `phish ${HELD_OUT_YEARS.join(', ')}`, 'flagged', 'new reg. val', 'flagged'],
      at.byForm.heldOut.map((row, index) => {
        const registrations = at.byForm.newRegistrations[index]!;
        return [row.form, int(row.names), row.names ? pct(row.flagged / row.names) : '–', int(registrations.names), registrations.names ? pct(registrations.flagged / registrations.names, 2) : '–'];
      }),
    ),
    '',
    `The ${int(at.missed)} missed names by score: ${at.missedScores.map((band) => `${band.from === band.to ? band.from : `${band.from}–${band.to}`}: ${int(band.names)}`).join(', ')}.`,
  );

  const aids = summary.tuningAids;
  section(`11. Tuning aids (${TUNING_YEARS[0]}–${TUNING_YEARS.at(-1)}, the tuning part of the new registrations and the OpenDNS lists; nothing from ${HELD_OUT_YEARS.join(', ')})`);
  out.push(
    `Reason codes with points: names they gave points to (of ${int(aids.tuningDomains)} phishing ${TUNING_YEARS[0]}–${TUNING_YEARS.at(-1)} and ${int(aids.registrations)} new registrations).`,
    table(
      ['reason', 'phishing', 'share', 'new reg.', 'share'],
      aids.reasons.map((row) => [row.reason, int(row.phishing), pct(row.phishing / Math.max(1, aids.tuningDomains)), int(row.registrations), pct(row.registrations / Math.max(1, aids.registrations), 2)]),
    ),
    '',
    `Brand-token cases ${TUNING_YEARS[0]}–${TUNING_YEARS.at(-1)} not flagged: ${aids.missedBrandTokenCases.length}${aids.missedBrandTokenCases.length > LISTED.missedCases ? ` (first ${LISTED.missedCases})` : ''}`,
    ...aids.missedBrandTokenCases
      .slice(0, LISTED.missedCases)
      .map((domain) => `  ${domain.registrableDomain} (${domain.year}, ${domain.brand}) score ${domain.score}${domain.reasons.length ? `: ${domain.reasons.join(', ')}` : ''}`),
    '',
    `Highest-scoring OpenDNS domains (top ${LISTED.benignFlagged}):`,
    ...aids.highestBenign.map((domain) => `  ${domain.registrableDomain} (${domain.list}) score ${domain.score} ${domain.outcome}: ${domain.reasons.join(', ')}`),
    '',
    `Descriptions ${TUNING_YEARS[0]}–${TUNING_YEARS.at(-1)} that map to no protected brand (top ${LISTED.unmapped}, by domains):`,
    `  ${aids.unmappedDescriptions.map((entry) => `${entry.description} ${entry.domains}`).join(', ')}`,
  );
  section(`12. Suffixes the sample lacks: the validation part's new-gTLD names moved onto them`);
  const moved = summary.transplanted;
  out.push(
    `A day of real registrations may hold thousands of names on suffixes phishing uses (≥ ${TRANSPLANT_BOUNDS.phishing} phishing registrable domains 2019–2023)`,
    `that the sample holds fewer than ${TRANSPLANT_BOUNDS.sampleNames} of. Stand-in: the ${int(moved[0]?.names ?? 0)} distinct labels of the validation part's new-gTLD names, each`,
    `moved onto the suffix (screened by first-seen day), share flagged; first the same names moved onto ${TRANSPLANT_COMPARISONS.map((suffix) => `.${suffix}`).join(', ')}, which the sample`,
    'measures. Who registers on a suffix differs (most of all on country codes): this shows what the rules do to such',
    "names there, not how that suffix's own new registrations fare.",
    table(
      ['suffix', 'sample names', 'phishing 2019–2023', 'names moved', `flagged ≥ ${summary.reviewThreshold}`, `flagged ≥ ${at.threshold}`],
      moved.map((row) => [`.${row.suffix}`, int(row.sampleNames), int(row.phishing), int(row.names), pct(row.flagged.shipped, 2), pct(row.flagged.onePercent, 2)]),
    ),
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
  // The data folder by its last two names (`shared/data`), so the report reads the same from any checkout.
  const relative = path.join(path.basename(path.dirname(options.dataDir)), path.basename(options.dataDir));
  const summary = summarise(data, scored, relative, screener.engine.rules.thresholds.review);
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
