/**
 * Build step (run by hand, output committed): measures how risky each public suffix is from the
 * tuning years of the JPCERT/CC phishing data against the OpenDNS benign lists, and writes the
 * tiers `domain.tld_risk` reads: rules/lists/high-risk-tlds.yaml, elevated-risk-tlds.yaml and
 * moderate-risk-tlds.yaml (each with its table in its description). The signal reads them only for
 * suffixes the name base rates do not measure (country codes outside the new-registration sample:
 * rules/fitted/name-base-rates.yaml); a gTLD is weighed by its share of new registrations instead.
 *
 *   npm run knowledge:tld-risk [-- --data DIR]
 *
 * Only 2019–2022 is read (the CSV folders of later years are never opened): 2023 is the held-out
 * check of the evaluation. Rows are built exactly as `npm run eval:domains` builds them (one row per
 * registrable domain in the first year it appears, shared platforms and PSL private suffixes
 * dropped). For each suffix: phishing share p, benign share b (0.5 added to the benign count),
 * LR = p / b.
 *   high      p ≥ 0.3% and LR ≥ 10
 *   elevated  not high, p ≥ 0.05% (≥ 30 domains) and LR ≥ 10
 *   moderate  not high or elevated, p ≥ 0.05% (≥ 30 domains) and 2.5 ≤ LR < 10
 * .jp and its second levels are never listed (compromised Japanese sites make up much of their
 * phishing hosts, and a 2014 global list is no baseline for a Japanese registrar's .jp customers).
 * The backtest printed in elevated-risk-tlds.yaml shows why tiers measured on past years are not
 * enough for new gTLDs (each year, part of the phishing moved to new gTLDs the earlier years had not
 * measured); the name base rates weigh every gTLD, alone or in its tier.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseDomainName } from '../../engine/domain-name';
import { BENIGN_FILES, buildBenignList, buildPhishingDataset, DEFAULT_DATA_DIR, PHISHING_TUNING_YEARS, readPhishingCsvs, REPO_ROOT } from '../../eval/domain-datasets';

export const TUNING_YEARS = PHISHING_TUNING_YEARS;
const HIGH_SHARE = 0.003;
const LISTED_SHARE = 0.0005;
const LISTED_COUNT = 30;
const HIGH_LR = 10;
const MODERATE_LR = 2.5;
const BENIGN_PSEUDOCOUNT = 0.5;

/** Legacy generic TLDs (rules/lists/legacy-gtlds.yaml): any other ASCII TLD of 3+ letters is a new gTLD, as domain.tld_risk reads it. */
function legacyGtlds(): Set<string> {
  const list = parse(readFileSync(path.join(REPO_ROOT, 'rules', 'lists', 'legacy-gtlds.yaml'), 'utf8')) as { entries: string[] };
  return new Set(list.entries);
}

export function isNewGtld(suffix: string, legacy: ReadonlySet<string>): boolean {
  const top = suffix.slice(suffix.lastIndexOf('.') + 1);
  return top.length >= 3 && !top.startsWith('xn--') && !legacy.has(top) && /^[a-z]+$/.test(top);
}

export type Tier = 'high' | 'elevated' | 'moderate';

export interface SuffixRisk {
  readonly suffix: string;
  readonly phishing: number;
  readonly share: number;
  readonly perYear: readonly number[];
  readonly benign: number;
  readonly benignShare: number;
  readonly likelihoodRatio: number;
  readonly tier: Tier | undefined;
}

const JP = /(^|\.)jp$/;

/** Tiers of every suffix seen in the phishing rows, given the phishing and benign registrable domains. */
export function measureSuffixes(phishing: readonly { registrableDomain: string; year: number }[], benign: readonly string[], years: readonly number[]): SuffixRisk[] {
  const suffixOf = (domain: string) => {
    const parsed = parseDomainName(domain);
    return parsed.ok ? parsed.name.publicSuffix : undefined;
  };
  const phishingCounts = new Map<string, number[]>();
  for (const row of phishing) {
    const suffix = suffixOf(row.registrableDomain);
    if (!suffix) continue;
    let counts = phishingCounts.get(suffix);
    if (!counts) phishingCounts.set(suffix, (counts = years.map(() => 0)));
    counts[years.indexOf(row.year)]! += 1;
  }
  const benignCounts = new Map<string, number>();
  for (const domain of benign) {
    const suffix = suffixOf(domain);
    if (suffix) benignCounts.set(suffix, (benignCounts.get(suffix) ?? 0) + 1);
  }
  const yearTotals = years.map((year) => phishing.filter((row) => row.year === year).length);
  const total = phishing.length;
  const risks: SuffixRisk[] = [];
  for (const [suffix, counts] of phishingCounts) {
    const count = counts.reduce((sum, value) => sum + value, 0);
    const share = count / total;
    const benignCount = benignCounts.get(suffix) ?? 0;
    const benignShare = benignCount / benign.length;
    const likelihoodRatio = share / ((benignCount + BENIGN_PSEUDOCOUNT) / benign.length);
    let tier: Tier | undefined;
    if (!JP.test(suffix)) {
      if (share >= HIGH_SHARE && likelihoodRatio >= HIGH_LR) tier = 'high';
      else if (share >= LISTED_SHARE && count >= LISTED_COUNT && likelihoodRatio >= HIGH_LR) tier = 'elevated';
      else if (share >= LISTED_SHARE && count >= LISTED_COUNT && likelihoodRatio >= MODERATE_LR) tier = 'moderate';
    }
    risks.push({ suffix, phishing: count, share, perYear: counts.map((value, index) => (100 * value) / Math.max(1, yearTotals[index]!)), benign: benignCount, benignShare, likelihoodRatio, tier });
  }
  return risks.sort((a, b) => b.phishing - a.phishing || a.suffix.localeCompare(b.suffix));
}

function tierOf(suffix: string, tiers: ReadonlyMap<string, Tier>): Tier | undefined {
  for (let at = suffix; ; ) {
    const tier = tiers.get(at);
    if (tier) return tier;
    const dot = at.indexOf('.');
    if (dot < 0) return undefined;
    at = at.slice(dot + 1);
  }
}

/**
 * The backtest behind the new-gTLD rule: for each year after the first, tiers measured on the
 * years before it, and the share of that year's phishing domains in each tier, on a new gTLD with
 * no tier, and elsewhere.
 */
export function backtest(phishing: readonly { registrableDomain: string; year: number }[], benign: readonly string[], years: readonly number[], legacy: ReadonlySet<string>) {
  return years.slice(1).map((year, index) => {
    const earlier = years.slice(0, index + 1);
    const tiers = new Map<string, Tier>();
    for (const risk of measureSuffixes(phishing.filter((row) => earlier.includes(row.year)), benign, earlier)) if (risk.tier) tiers.set(risk.suffix, risk.tier);
    const rows = phishing.filter((row) => row.year === year);
    const counts = { high: 0, elevated: 0, moderate: 0, newGtld: 0, other: 0 };
    for (const row of rows) {
      const parsed = parseDomainName(row.registrableDomain);
      if (!parsed.ok) continue;
      const tier = tierOf(parsed.name.publicSuffix, tiers);
      if (tier) counts[tier] += 1;
      else if (isNewGtld(parsed.name.publicSuffix, legacy)) counts.newGtld += 1;
      else counts.other += 1;
    }
    return { year, trainedOn: earlier, domains: rows.length, counts };
  });
}

function readTuningData(dataDir: string) {
  const phishing = buildPhishingDataset(readPhishingCsvs(dataDir, TUNING_YEARS)).domains;
  const benignLists = BENIGN_FILES.map(({ name, file }) => buildBenignList(name, readFileSync(path.join(dataDir, file), 'utf8')));
  const benign = [...new Set(benignLists.flatMap((list) => list.domains))];
  return { phishing, benign };
}

const percent = (value: number, digits = 2) => `${(100 * value).toFixed(digits)}%`;

function table(risks: readonly SuffixRisk[]): string {
  const head = `    suffix          phish   share    ${TUNING_YEARS.map((year) => String(year)).join(' ')}  benign  share      LR`;
  const lines = risks.map((risk) => {
    const lr = risk.benign === 0 && risk.likelihoodRatio >= 100 ? '≥100' : risk.likelihoodRatio.toFixed(1);
    return `    .${risk.suffix.padEnd(14)} ${String(risk.phishing).padStart(5)}  ${percent(risk.share).padStart(6)}  ${risk.perYear.map((value) => value.toFixed(1).padStart(4)).join(' ')}  ${String(risk.benign).padStart(6)}  ${percent(risk.benignShare).padStart(5)}  ${lr.padStart(6)}`;
  });
  return [head, ...lines].join('\n');
}

function main(): void {
  const argv = process.argv.slice(2);
  const dataIndex = argv.indexOf('--data');
  const dataDir = dataIndex >= 0 ? path.resolve(argv[dataIndex + 1] ?? '') : DEFAULT_DATA_DIR;
  const { phishing, benign } = readTuningData(dataDir);
  const years = [...TUNING_YEARS];
  const legacy = legacyGtlds();
  const risks = measureSuffixes(phishing, benign, years);
  const method = `How the tiers were measured (npm run knowledge:tld-risk, src/knowledge/build/build-tld-risk.ts):
registrable domains of the JPCERT/CC phishing URL lists 2019–2022 (${phishing.length.toLocaleString('en')} domains, one row per
registrable domain in the year first seen; shared platforms, URL shorteners and PSL private
suffixes removed, as npm run eval:domains does) against the OpenDNS benign lists (top 10,000 and
random 5,000; ${benign.length.toLocaleString('en')} registrable domains). LR = phishing share / benign share, with ${BENIGN_PSEUDOCOUNT} added to
each benign count. High: phishing share ≥ ${percent(HIGH_SHARE, 1)} and LR ≥ ${HIGH_LR}. Elevated: not high, share ≥ ${percent(LISTED_SHARE)}
(≥ ${LISTED_COUNT} domains) and LR ≥ ${HIGH_LR}. Moderate: share ≥ ${percent(LISTED_SHARE)} (≥ ${LISTED_COUNT} domains) and ${MODERATE_LR} ≤ LR < ${HIGH_LR}.
.jp and its second-level suffixes are left out on purpose: many .jp phishing hosts are
compromised Japanese sites, and a global 2014 benign list is no baseline for a Japanese
registrar's .jp customers. The benign lists date from 2014, before most new gTLDs existed, so
their LR (≥ 100 where no benign domain was seen) is an upper bound. The 2023 data was not read.`;
  const source = 'Measured on ../shared/data/jpcert-phishurl/2019–2022 (JPCERT/CC phishurl-list, commit a6e6d82) and ../shared/data/benign/opendns-*.txt (OpenDNS public-domain-lists, public domain).';

  const trials = backtest(phishing, benign, years, legacy);
  const benignOnNewGtlds = benign.filter((domain) => {
    const parsed = parseDomainName(domain);
    return parsed.ok && isNewGtld(parsed.name.publicSuffix, legacy);
  }).length;
  const backtestText = [
    'Backtest of the tiers (tiers measured on the years before, applied to the next year; share of',
    "that year's phishing registrable domains per tier, on a new gTLD with no tier, and elsewhere):",
    '    year  trained on   domains    high  elevated  moderate  new gTLD, no tier   other',
    ...trials.map(({ year, trainedOn, domains, counts }) =>
      `    ${year}  ${(trainedOn.length > 1 ? `${trainedOn[0]}–${trainedOn.at(-1)}` : String(trainedOn[0])).padEnd(10)}  ${String(domains).padStart(7)}  ${percent(counts.high / domains, 1).padStart(6)}  ${percent(counts.elevated / domains, 1).padStart(8)}  ${percent(counts.moderate / domains, 1).padStart(8)}  ${percent(counts.newGtld / domains, 1).padStart(17)}  ${percent(counts.other / domains, 1).padStart(6)}`,
    ),
    'Each year part of the phishing moved to new gTLDs the earlier years had not measured (.bar, .cyou,',
    `.monster, .bond, .lol…). Benign domains on any new gTLD: ${benignOnNewGtlds} of ${benign.length.toLocaleString('en')} (the lists predate most of`,
    'them, so this says little about ordinary owners there). Hence every gTLD is weighed by its share of a sample',
    'of new registrations instead (rules/fitted/name-base-rates.yaml), and these tiers serve only the country codes',
    'that sample does not hold.',
  ].join('\n');

  const write = (tier: Tier, title: string, extra: string) => {
    const listed = risks.filter((risk) => risk.tier === tier);
    const description = `${title}\n\n${method}\n${extra}\nShare of all 2019–2022 phishing registrable domains (in total and per year) and of the benign lists:\n${table(listed)}\n`;
    const yaml = [
      'description: |',
      ...description.split('\n').map((line) => (line === '' ? '' : `  ${line}`)),
      'source: >',
      `  ${source}`,
      'entries:',
      ...listed.map((risk) => `  - ${risk.suffix}`),
      '',
    ].join('\n');
    const file = path.join(REPO_ROOT, 'rules', 'lists', `${tier}-risk-tlds.yaml`);
    writeFileSync(file, yaml.replace(/\n\n\n+/g, '\n\n'));
    console.log(`${path.relative(REPO_ROOT, file)}: ${listed.length} suffixes`);
  };
  const onlyFor = 'Read only for suffixes the name base rates do not measure\n(country codes such as .cn outside the new-registration sample); gTLDs listed here are weighed by\nrules/fitted/name-base-rates.yaml instead.';
  write('high', `Public suffixes (ICANN section) with high phishing risk, for domain.tld_risk (DOMAIN_TLD_HIGH_RISK). The\nmost specific listed suffix decides (com.cn is moderate although cn is high). ${onlyFor}`, '');
  write('elevated', `Public suffixes (ICANN section) with elevated phishing risk, for domain.tld_risk (DOMAIN_TLD_ELEVATED_RISK):\nfewer phishing domains than the high tier, but as rare on the benign lists. The most specific\nlisted suffix decides. ${onlyFor}`, `\n${backtestText}\n`);
  write('moderate', `Public suffixes (ICANN section) over-represented among phishing domains but also common on the\nbenign lists, for domain.tld_risk (DOMAIN_TLD_MODERATE_RISK). The most specific listed suffix\ndecides (com.cn is moderate although cn is high). ${onlyFor}`, '');
  console.log(backtestText);
}

if (require.main === module) main();
