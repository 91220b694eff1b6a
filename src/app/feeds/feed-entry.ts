import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { getDomain } from 'tldts';
import { parseDomainName, privateSuffixOf, type FeedPolicy } from '../../engine';
import type { FeedRecord } from './feed-formats';

/**
 * What a new entry became. `matched`/`unmatched` are decided against the portfolios; the others
 * never match a registrant: a host on a Public Suffix List private suffix or a shared platform, or
 * an IP address.
 */
export const ENTRY_OUTCOMES = ['matched', 'unmatched', 'shared_platform', 'private_suffix', 'ip'] as const;
export type EntryOutcome = (typeof ENTRY_OUTCOMES)[number];

/** A readable entry, reduced to what matching needs. */
export interface FeedEntry {
  /** SHA-256 of the normalised URL (or `host:` and the host for a bare name): the entry's identity in its feed. */
  readonly hash: Buffer;
  readonly url: string | null;
  /** ASCII, lower case. */
  readonly host: string;
  /** The registrable domain (ICANN section), when the host has one that could be a registration. */
  readonly registrableDomain: string | null;
  /** Why it can never match, when it cannot. */
  readonly excluded: Exclude<EntryOutcome, 'matched' | 'unmatched'> | null;
  readonly listedAt: Date | null;
  readonly brand: string | null;
}

const URL_PROTOCOLS = new Set(['http:', 'https:']);
/** Text kept from a feed (brands, URLs) is bounded: a feed cannot fill the database through one field. */
const MAX_URL = 4000;
const MAX_BRAND = 200;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Reduces a record to its host and registrable domain with the WHATWG URL parser and the engine's
 * domain parsing (UTS #46, the ICANN section of the PSL), and says whether it can ever match a
 * registrant. Returns the reason when the record is not a usable entry.
 */
export function entryOf(record: FeedRecord, policy: Pick<FeedPolicy, 'sharedPlatforms'>): FeedEntry | { readonly error: string } {
  let host: string;
  let url: string | null = null;
  if (record.url !== null) {
    if (record.url.length > MAX_URL) return { error: `url: longer than ${MAX_URL} characters` };
    let parsed: URL;
    try {
      parsed = new URL(record.url);
    } catch {
      return { error: `url: not a URL: ${JSON.stringify(record.url.slice(0, 100))}` };
    }
    if (!URL_PROTOCOLS.has(parsed.protocol)) return { error: `url: not an http(s) URL: ${JSON.stringify(record.url.slice(0, 100))}` };
    parsed.hash = '';
    url = parsed.href;
    host = parsed.hostname;
  } else {
    host = (record.host ?? '').trim();
  }
  const brand = record.brand === null ? null : record.brand.slice(0, MAX_BRAND);
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIP(bare) !== 0) {
    return { hash: sha256(url ?? `host:${bare}`), url, host: bare.toLowerCase(), registrableDomain: null, excluded: 'ip', listedAt: record.listedAt, brand };
  }
  const name = hostName(host);
  if ('reason' in name) return { error: `host ${JSON.stringify(host.slice(0, 100))}: ${name.reason}` };
  const { ascii, registrableDomain } = name;
  const excluded = privateSuffixOf(ascii) !== undefined ? 'private_suffix' : policy.sharedPlatforms.has(registrableDomain) ? 'shared_platform' : null;
  return { hash: sha256(url ?? `host:${ascii}`), url, host: ascii, registrableDomain, excluded, listedAt: record.listedAt, brand };
}

/**
 * The host in ASCII and its registrable domain. Phishing hosts often carry labels no registry
 * would sell but resolvers accept (`www_amazon.co.jp.api.example.top`): when the whole host is not
 * a valid hostname, its registrable domain alone is judged, as that is what a registrar holds.
 */
function hostName(host: string): { readonly ascii: string; readonly registrableDomain: string } | { readonly reason: string } {
  const whole = parseDomainName(host);
  if (whole.ok) return { ascii: whole.name.ascii, registrableDomain: whole.name.registrableDomain };
  const registrable = getDomain(host, { allowPrivateDomains: false, validateHostname: false });
  const alone = registrable && registrable !== host ? parseDomainName(registrable) : undefined;
  return alone?.ok ? { ascii: host.toLowerCase(), registrableDomain: alone.name.registrableDomain } : { reason: whole.reason };
}
