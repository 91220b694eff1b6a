import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ABUSE_CATEGORIES, DEFAULT_CATEGORY, FEED_FORMATS, type AbuseCategory, type FeedFormat } from './feed-formats';

/** @public — loaded through the CLI's lazy require. */
export const FEED_TRUST = ['trusted', 'untrusted'] as const;
export type FeedTrust = (typeof FEED_TRUST)[number];

/** One configured feed, its `${VARIABLE}`s filled from the environment. */
export interface FeedDefinition {
  readonly name: string;
  /** May contain `{yyyy}` and `{mm}`: the month `monthOffset` months from the pull, in the schedule's time zone. */
  readonly url: string;
  /** The URL as it may be shown and stored: from the file (secrets as their `${VARIABLE}`), without a query string. */
  readonly shownUrl: string;
  readonly format: FeedFormat;
  readonly trust: FeedTrust;
  /** Cron pattern (five fields), in SHINSA_RESCAN_TIMEZONE like the other scheduled jobs. */
  readonly schedule: string;
  readonly category: AbuseCategory;
  readonly monthOffset: number;
  /** Extra request headers (an API key); values may be secrets and are never logged. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Tries per pull: a network error, a timeout, a 429 or a 5xx is tried again (2 s, 4 s, …). */
  readonly attempts: number;
}

/** @public — loaded through the CLI's lazy require. */
export const FEED_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const limits = {
  timeoutSeconds: z.number().int().min(1).max(600),
  maxBytes: z.number().int().min(1024).max(2 * 1024 ** 3),
  attempts: z.number().int().min(1).max(10),
};

const feedSchema = z.strictObject({
  name: z.string().regex(FEED_NAME, 'lower-case letters, digits, ".", "_" and "-" (at most 64)'),
  url: z.string().min(1),
  format: z.enum(FEED_FORMATS),
  trust: z.enum(FEED_TRUST),
  schedule: z.string().regex(/^(\S+\s+){4}\S+$/, 'must be a cron pattern of five fields (minute hour day month weekday)'),
  category: z.enum(ABUSE_CATEGORIES).optional(),
  monthOffset: z.number().int().min(-12).max(0).default(0),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name'), z.string()).default({}),
  timeoutSeconds: limits.timeoutSeconds.optional(),
  maxBytes: limits.maxBytes.optional(),
  attempts: limits.attempts.optional(),
});

const feedsFileSchema = z.strictObject({
  defaults: z.strictObject({ timeoutSeconds: limits.timeoutSeconds.default(30), maxBytes: limits.maxBytes.default(64 * 1024 ** 2), attempts: limits.attempts.default(3) }).default({ timeoutSeconds: 30, maxBytes: 64 * 1024 ** 2, attempts: 3 }),
  feeds: z.array(feedSchema),
});

const VARIABLE = /\$\{([A-Z_][A-Z0-9_]*)\}/g;

/**
 * Reads and checks a feeds file (SHINSA_FEEDS_FILE): every problem at once, each naming its key
 * (`feeds[1].format`); values are never quoted, as `${VARIABLE}`s may hold secrets.
 */
export function loadFeedsFile(file: string, env: Readonly<Record<string, string | undefined>>): { feeds: FeedDefinition[]; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { feeds: [], problems: [`cannot read ${file}`] };
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    return { feeds: [], problems: [`not valid YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
  const parsed = feedsFileSchema.safeParse(data);
  if (!parsed.success) return { feeds: [], problems: parsed.error.issues.map((issue) => `${issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '')}: ${issue.message}`) };
  const problems: string[] = [];
  const names = new Set<string>();
  const feeds = parsed.data.feeds.map((feed, index): FeedDefinition => {
    const where = `feeds[${index}]`;
    if (names.has(feed.name)) problems.push(`${where}.name: ${feed.name} is listed twice`);
    names.add(feed.name);
    const fill = (value: string, key: string): string =>
      value.replace(VARIABLE, (_, variable: string) => {
        const found = env[variable];
        if (found === undefined || found === '') problems.push(`${where}.${key}: the environment variable ${variable} is not set`);
        return found ?? '';
      });
    const url = fill(feed.url, 'url');
    try {
      const parsedUrl = new URL(url.replaceAll('{yyyy}', '2000').replaceAll('{mm}', '01'));
      if (parsedUrl.protocol !== 'https:' && parsedUrl.protocol !== 'http:') problems.push(`${where}.url: must be an http(s) URL`);
    } catch {
      problems.push(`${where}.url: not a URL`);
    }
    return {
      name: feed.name,
      url,
      shownUrl: shownUrl(feed.url),
      format: feed.format,
      trust: feed.trust,
      schedule: feed.schedule,
      category: feed.category ?? DEFAULT_CATEGORY[feed.format],
      monthOffset: feed.monthOffset,
      headers: Object.fromEntries(Object.entries(feed.headers).map(([header, value]) => [header, fill(value, `headers.${header}`)])),
      timeoutMs: (feed.timeoutSeconds ?? parsed.data.defaults.timeoutSeconds) * 1000,
      maxBytes: feed.maxBytes ?? parsed.data.defaults.maxBytes,
      attempts: feed.attempts ?? parsed.data.defaults.attempts,
    };
  });
  return { feeds, problems };
}

/** The URL of a pull: `{yyyy}` and `{mm}` of the month `monthOffset` from `at` in the time zone. */
export function feedUrlAt(feed: Pick<FeedDefinition, 'url' | 'monthOffset'>, at: Date, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at).map((part) => [part.type, part.value]));
  const months = Number(parts.year) * 12 + (Number(parts.month) - 1) + feed.monthOffset;
  const year = String(Math.floor(months / 12));
  const month = String((months % 12) + 1).padStart(2, '0');
  return feed.url.replaceAll('{yyyy}', year).replaceAll('{mm}', month);
}

/** A URL as it may be shown and stored: no credentials, no query string (API keys travel there). */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url.replaceAll('${', '%24%7B').replaceAll('}', '%7D'));
    return decodeURIComponent(`${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search ? '?…' : ''}`);
  } catch {
    return '(not a URL)';
  }
}
