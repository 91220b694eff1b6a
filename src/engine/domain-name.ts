import { domainToASCII, domainToUnicode } from 'node:url';
import { parse as parseHostname } from 'tldts';

/**
 * A requested domain name, normalised: UTS #46 (Node's `url.domainToASCII`), the registrable
 * domain under the ICANN section of the Public Suffix List (`tldts`; private suffixes such as
 * github.io are not suffixes here: a registrar sells what is under an ICANN suffix), and the
 * Unicode form of IDN labels.
 */
export interface DomainName {
  /** The name as given, trimmed. */
  readonly input: string;
  /** Lower-case ASCII (punycode) form without a trailing dot. */
  readonly ascii: string;
  /** Unicode form (IDN labels decoded). */
  readonly unicode: string;
  /** Registrable domain in ASCII, e.g. `example.co.jp`. */
  readonly registrableDomain: string;
  /** ICANN public suffix, e.g. `co.jp`, `net.cn`, `com`. */
  readonly publicSuffix: string;
  /** Top-level domain (last label) in ASCII. */
  readonly tld: string;
  /** The registrable label in ASCII: `example` in www.example.co.jp. */
  readonly label: string;
  /** The registrable label in Unicode (differs from `label` for IDN labels). */
  readonly labelUnicode: string;
  /** Labels left of the registrable domain (ASCII), possibly empty. */
  readonly subdomainLabels: readonly string[];
  /** True when the registrable label is an IDN (`xn--…`). */
  readonly isIdn: boolean;
}

export type DomainNameResult = { readonly ok: true; readonly name: DomainName } | { readonly ok: false; readonly reason: string };

const MAX_LENGTH = 253;
const TLDTS_OPTIONS = { allowPrivateDomains: false, validateHostname: true } as const;
/** The subdomain labels of the many names without any (shared: a parsed name is kept for a whole batch). */
const NO_LABELS: readonly string[] = [];
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** Every label a LABEL: one test of the whole name, no split, for the many names that pass. */
const LABELS = /^(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)*(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/**
 * ASCII letters, digits and hyphens, no A-label (`xn--`), the last label starting with a letter:
 * UTS #46 only lower-cases such a name, and the URL host parser sees no IPv4 number in it, so
 * most names skip `domainToASCII` and `domainToUnicode`.
 */
const PLAIN_ASCII_NAME = /^(?:(?!xn--)[a-z0-9-]+\.)*(?!xn--)[a-z][a-z0-9-]*$/i;

/** Distinct suffixes kept as one string each: a batch keeps every parsed name, most on a few suffixes. */
const MAX_SHARED_SUFFIXES = 10_000;
const sharedSuffixes = new Map<string, string>();

/** The one kept string equal to `suffix` (the given one while the table is full). */
function sharedSuffix(suffix: string): string {
  const known = sharedSuffixes.get(suffix);
  if (known !== undefined) return known;
  if (sharedSuffixes.size < MAX_SHARED_SUFFIXES) sharedSuffixes.set(suffix, suffix);
  return suffix;
}

/** Normalises a domain name, or says in a few words why it is not a registrable hostname. */
export function parseDomainName(raw: string): DomainNameResult {
  const input = raw.trim();
  if (input === '') return { ok: false, reason: 'empty' };
  const withoutRoot = input.endsWith('.') ? input.slice(0, -1) : input;
  if (withoutRoot.length > MAX_LENGTH) return { ok: false, reason: `longer than ${MAX_LENGTH} characters` };
  const plain = PLAIN_ASCII_NAME.test(withoutRoot);
  const ascii = plain ? withoutRoot.toLowerCase() : domainToASCII(withoutRoot).toLowerCase();
  if (ascii === '') return { ok: false, reason: 'not a valid internationalised domain name' };
  if (ascii.length > MAX_LENGTH) return { ok: false, reason: `longer than ${MAX_LENGTH} characters in ASCII form` };
  if (!LABELS.test(ascii)) {
    for (const label of ascii.split('.')) if (!LABEL.test(label)) return { ok: false, reason: `label "${label}" is not a valid hostname label` };
  }
  const parsed = parseHostname(ascii, TLDTS_OPTIONS);
  if (parsed.isIp) return { ok: false, reason: 'an IP address, not a domain name' };
  if (!parsed.domain || !parsed.publicSuffix || !parsed.domainWithoutSuffix || parsed.isIcann === false) {
    return { ok: false, reason: 'no registrable domain under a public suffix' };
  }
  const label = parsed.domainWithoutSuffix;
  const publicSuffix = sharedSuffix(parsed.publicSuffix);
  const lastDot = publicSuffix.lastIndexOf('.');
  return {
    ok: true,
    name: {
      input,
      ascii,
      unicode: plain ? ascii : domainToUnicode(ascii),
      registrableDomain: parsed.domain,
      publicSuffix,
      // The name's last label is its suffix's last label.
      tld: lastDot < 0 ? publicSuffix : sharedSuffix(publicSuffix.slice(lastDot + 1)),
      label,
      labelUnicode: label.startsWith('xn--') ? domainToUnicode(label) : label,
      subdomainLabels: parsed.subdomain ? parsed.subdomain.split('.') : NO_LABELS,
      isIdn: label.startsWith('xn--'),
    },
  };
}

const PRIVATE_OPTIONS = { allowPrivateDomains: true, validateHostname: false } as const;

/**
 * The Public Suffix List private-section suffix an ASCII host name sits under (`workers.dev`,
 * `github.io`, `duckdns.org`, `sakura.ne.jp`), if any: a host there is a platform's customer or
 * tenant, never a registration a registrar sold.
 */
export function privateSuffixOf(asciiHost: string): string | undefined {
  const parsed = parseHostname(asciiHost, PRIVATE_OPTIONS);
  return parsed.isPrivate ? (parsed.publicSuffix ?? undefined) : undefined;
}
