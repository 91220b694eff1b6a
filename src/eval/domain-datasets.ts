import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseHostname } from 'tldts';
import { parseDomainName } from '../engine/domain-name';
import { parseCsvWithHeader } from './csv-records';
import { sharedPlatformOf } from './shared-platforms';

/** The repository root, from both `src/eval` and `dist/eval`. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** `../shared/data` beside the repository. */
export const DEFAULT_DATA_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'data');

const PHISHING_YEARS = [2019, 2020, 2021, 2022, 2023] as const;

/** One registrable domain of the phishing set, in the first year its URLs appear. */
export interface PhishingDomain {
  readonly registrableDomain: string;
  readonly year: number;
  /** Impersonated brands (the CSV's description column), in order of first appearance. */
  readonly brands: readonly string[];
  /** URLs of that year on this registrable domain. */
  readonly urls: number;
}

/** What happened to one year's URLs on the way to registrable domains. */
interface PhishingYearCounts {
  readonly year: number;
  /** Data rows (URLs) in the year's CSVs. */
  readonly urls: number;
  readonly blankDates: number;
  /** The URL has no parseable host. */
  readonly badUrls: number;
  readonly ipHosts: number;
  /** The registrable domain is a shared platform or shortener (shared-platforms.ts). */
  readonly sharedPlatform: number;
  /** The host is under a PSL private suffix not already counted as a shared platform. */
  readonly privateSuffix: number;
  /** The host has no registrable domain under an ICANN suffix. */
  readonly noRegistrableDomain: number;
  /** Registrable domains first seen this year: the rows of the evaluation. */
  readonly domains: number;
  /** Registrable domains of this year already counted in an earlier year. */
  readonly seenInEarlierYear: number;
}

export interface PhishingDataset {
  readonly domains: readonly PhishingDomain[];
  readonly counts: readonly PhishingYearCounts[];
  /** URLs dropped per shared platform, across years. */
  readonly platformUrls: ReadonlyMap<string, number>;
}

/** A CSV of one month: its year and its text. */
export interface PhishingCsv {
  readonly year: number;
  readonly name: string;
  readonly text: string;
}

type HostVerdict =
  | { readonly kind: 'domain'; readonly registrableDomain: string }
  | { readonly kind: 'badUrl' | 'ip' | 'privateSuffix' | 'noRegistrableDomain' }
  | { readonly kind: 'sharedPlatform'; readonly platform: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

function hostOf(url: string): string | undefined {
  const trimmed = url.trim();
  try {
    // A few entries lack the scheme (`www.example.top/login`).
    return new URL(SCHEME.test(trimmed) ? trimmed : `http://${trimmed}`).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** Classifies a phishing URL's host: a registration we should score, or why not. */
export function classifyPhishingUrl(url: string): HostVerdict {
  const host = hostOf(url);
  if (host === undefined) return { kind: 'badUrl' };
  if (host.startsWith('[')) return { kind: 'ip' };
  const withPrivate = parseHostname(host, { allowPrivateDomains: true });
  if (withPrivate.isIp) return { kind: 'ip' };
  const icann = parseHostname(host, { allowPrivateDomains: false });
  const parsed = icann.domain && icann.isIcann ? parseDomainName(icann.domain) : undefined;
  if (parsed?.ok) {
    const platform = sharedPlatformOf(parsed.name.registrableDomain);
    if (platform !== undefined) return { kind: 'sharedPlatform', platform: parsed.name.registrableDomain };
  }
  if (withPrivate.isPrivate) return { kind: 'privateSuffix' };
  if (!parsed?.ok) return { kind: 'noRegistrableDomain' };
  return { kind: 'domain', registrableDomain: parsed.name.registrableDomain };
}

/**
 * Builds the phishing set from JPCERT/CC's monthly CSVs (`date,URL,description`): per year, the
 * registrable domains (ICANN) of the URLs, without IP hosts, shared platforms and PSL private
 * suffixes; one row per registrable domain, in the first year it appears. Years come from the
 * files, not from the date column (a few dates are blank).
 */
export function buildPhishingDataset(csvs: readonly PhishingCsv[]): PhishingDataset {
  const ordered = [...csvs].sort((a, b) => a.year - b.year || a.name.localeCompare(b.name));
  const years = [...new Set(ordered.map((csv) => csv.year))];
  const seen = new Set<string>();
  const domains: PhishingDomain[] = [];
  const counts: PhishingYearCounts[] = [];
  const platformUrls = new Map<string, number>();

  for (const year of years) {
    const tally = { urls: 0, blankDates: 0, badUrls: 0, ipHosts: 0, sharedPlatform: 0, privateSuffix: 0, noRegistrableDomain: 0 };
    const yearDomains = new Map<string, { brands: string[]; urls: number }>();
    for (const csv of ordered.filter((file) => file.year === year)) {
      const { header, rows } = parseCsvWithHeader(csv.text);
      for (const column of ['date', 'URL', 'description']) {
        if (!header.includes(column)) throw new Error(`${csv.name}: no "${column}" column (header: ${header.join(',')})`);
      }
      for (const row of rows) {
        tally.urls += 1;
        if (row.date!.trim() === '') tally.blankDates += 1;
        const verdict = classifyPhishingUrl(row.URL!);
        switch (verdict.kind) {
          case 'badUrl':
            tally.badUrls += 1;
            break;
          case 'ip':
            tally.ipHosts += 1;
            break;
          case 'sharedPlatform':
            tally.sharedPlatform += 1;
            platformUrls.set(verdict.platform, (platformUrls.get(verdict.platform) ?? 0) + 1);
            break;
          case 'privateSuffix':
            tally.privateSuffix += 1;
            break;
          case 'noRegistrableDomain':
            tally.noRegistrableDomain += 1;
            break;
          case 'domain': {
            const entry = yearDomains.get(verdict.registrableDomain) ?? { brands: [], urls: 0 };
            const brand = row.description!.trim();
            if (brand !== '' && !entry.brands.includes(brand)) entry.brands.push(brand);
            entry.urls += 1;
            yearDomains.set(verdict.registrableDomain, entry);
            break;
          }
        }
      }
    }
    let seenInEarlierYear = 0;
    let added = 0;
    for (const [registrableDomain, entry] of yearDomains) {
      if (seen.has(registrableDomain)) {
        seenInEarlierYear += 1;
        continue;
      }
      seen.add(registrableDomain);
      domains.push({ registrableDomain, year, brands: entry.brands, urls: entry.urls });
      added += 1;
    }
    counts.push({ year, ...tally, domains: added, seenInEarlierYear });
  }
  return { domains, counts, platformUrls };
}

/** A benign list: one domain per line, reduced to registrable domains without duplicates. */
export interface BenignList {
  readonly name: string;
  readonly lines: number;
  /** Lines that are not a domain name with a registrable domain. */
  readonly invalid: number;
  /** Lines whose registrable domain an earlier line already gave. */
  readonly duplicates: number;
  readonly domains: readonly string[];
}

/**
 * One entry per registrable domain from a text of one name a line: `entryOf` reads a line (undefined
 * when it is no name), and the first line of each registrable domain wins. Blank lines and `#`
 * comments are skipped.
 */
function readRegistrableLines<T extends { readonly registrableDomain: string }>(text: string, entryOf: (line: string) => T | undefined) {
  const entries: T[] = [];
  const seen = new Set<string>();
  let lines = 0;
  let invalid = 0;
  let duplicates = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    lines += 1;
    const entry = entryOf(line);
    if (!entry) invalid += 1;
    else if (seen.has(entry.registrableDomain)) duplicates += 1;
    else {
      seen.add(entry.registrableDomain);
      entries.push(entry);
    }
  }
  return { lines, invalid, duplicates, entries };
}

export function buildBenignList(name: string, text: string): BenignList {
  const { entries, ...counts } = readRegistrableLines(text, (line) => {
    const parsed = parseDomainName(line);
    return parsed.ok ? { registrableDomain: parsed.name.registrableDomain } : undefined;
  });
  return { name, ...counts, domains: entries.map((entry) => entry.registrableDomain) };
}

export const BENIGN_FILES = [
  { name: 'opendns-top', file: 'benign/opendns-top-domains.txt' },
  { name: 'opendns-random', file: 'benign/opendns-random-domains.dev.txt' },
] as const;

/** Established Japanese names, nothing of which may be flagged. */
const JAPANESE_FILES = [
  { name: 'jp-local-government', file: 'nrd/jp-local-government.txt' },
  { name: 'jp-universities', file: 'nrd/jp-universities.txt' },
] as const;

/** The sample of new registrations (`domain<TAB>first-seen day`); evaluation only, never shipped. */
const NEW_REGISTRATIONS_FILE = 'nrd/shreshta-nrd-2024-gtld-300k.tsv';
/**
 * New registrations first seen before this day are the tuning part (the base rates are counted on
 * them); from it on, the validation part (thresholds and model choices are checked on it).
 */
export const NEW_REGISTRATIONS_VALIDATION_FROM = '2024-06-01';
/** Phishing years the base rates and tiers are counted on; later years are the check. */
export const PHISHING_TUNING_YEARS = [2019, 2020, 2021, 2022] as const;

/** One new registration of the sample, on the day the feed first saw it. */
export interface NewRegistration {
  readonly registrableDomain: string;
  /** `YYYY-MM-DD`. */
  readonly day: string;
}

export interface NewRegistrationSample {
  readonly lines: number;
  /** Lines that are not `domain<TAB>YYYY-MM-DD` with a registrable domain (e.g. `_dmarc`-like labels). */
  readonly invalid: number;
  /** Lines whose registrable domain an earlier line already gave. */
  readonly duplicates: number;
  readonly registrations: readonly NewRegistration[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function buildNewRegistrationSample(text: string): NewRegistrationSample {
  const { entries, ...counts } = readRegistrableLines(text, (line): NewRegistration | undefined => {
    const [domain = '', day = ''] = line.split('\t');
    const parsed = parseDomainName(domain);
    return parsed.ok && DAY.test(day.trim()) ? { registrableDomain: parsed.name.registrableDomain, day: day.trim() } : undefined;
  });
  return { ...counts, registrations: entries };
}

function readDataFile(dataDir: string, file: string): string {
  const filePath = path.join(dataDir, file);
  if (!existsSync(filePath)) throw new Error(`evaluation data not found: ${filePath} is missing (pass --data DIR, the folder holding jpcert-phishurl/, benign/ and nrd/)`);
  return readFileSync(filePath, 'utf8');
}

/** The monthly JPCERT/CC CSVs of the given years (`jpcert-phishurl/YYYY/*.csv`); no other year's folder is opened. */
export function readPhishingCsvs(dataDir: string, years: readonly number[]): PhishingCsv[] {
  const phishingDir = path.join(dataDir, 'jpcert-phishurl');
  if (!statSync(phishingDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`evaluation data not found: ${phishingDir} is missing (pass --data DIR, the folder holding jpcert-phishurl/, benign/ and nrd/)`);
  }
  const csvs: PhishingCsv[] = [];
  for (const year of years) {
    const yearDir = path.join(phishingDir, String(year));
    if (!existsSync(yearDir)) throw new Error(`evaluation data not found: ${yearDir} is missing`);
    for (const file of readdirSync(yearDir).filter((name) => name.endsWith('.csv')).sort()) {
      csvs.push({ year, name: `${year}/${file}`, text: readFileSync(path.join(yearDir, file), 'utf8') });
    }
  }
  return csvs;
}

/** The sample of new registrations in the shared data directory. */
export function readNewRegistrations(dataDir: string): NewRegistrationSample {
  return buildNewRegistrationSample(readDataFile(dataDir, NEW_REGISTRATIONS_FILE));
}

export interface EvaluationData {
  readonly dataDir: string;
  readonly phishing: PhishingDataset;
  /** The OpenDNS lists (2014). */
  readonly benign: readonly BenignList[];
  /** Japanese local-government and university domains. */
  readonly japanese: readonly BenignList[];
  readonly newRegistrations: NewRegistrationSample;
}

/** Reads the phishing CSVs, the benign and Japanese lists and the new-registration sample from the shared data directory. */
export function loadEvaluationData(dataDir: string = DEFAULT_DATA_DIR): EvaluationData {
  const lists = (files: readonly { name: string; file: string }[]) => files.map(({ name, file }) => buildBenignList(name, readDataFile(dataDir, file)));
  return {
    dataDir,
    phishing: buildPhishingDataset(readPhishingCsvs(dataDir, PHISHING_YEARS)),
    benign: lists(BENIGN_FILES),
    japanese: lists(JAPANESE_FILES),
    newRegistrations: readNewRegistrations(dataDir),
  };
}
