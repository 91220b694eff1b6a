import { readFileSync } from 'node:fs';
import type { DisposableEmailDomains } from '../engine/knowledge';

/** List names as reported in hits: the npm package each list comes from. */
export const DISPOSABLE_EMAIL_LISTS = {
  /** CC0; a copy of github.com/disposable-email-domains/disposable-email-domains (≈9k domains). */
  disposableEmailDomainsJs: 'disposable-email-domains-js',
  /** MIT; github.com/ivolo/disposable-email-domains (≈120k exact domains plus wildcard bases). */
  disposableEmailDomains: 'disposable-email-domains',
} as const;

interface DomainList {
  readonly name: string;
  readonly exact: ReadonlySet<string>;
  /** Bases whose subdomains are all disposable (`*.33mail.com`); the base itself only if in `exact`. */
  readonly wildcardBases: ReadonlySet<string>;
}

/**
 * Both lists hold lower-case ASCII domains, so the caller passes the domain part of the address
 * in ASCII (punycode) form. Matching is exact, plus any subdomain of a wildcard base; a subdomain
 * of an exact entry (x.mailinator.com) does not match.
 */
export function loadDisposableEmailDomains(): DisposableEmailDomains {
  const lists: DomainList[] = [
    {
      name: DISPOSABLE_EMAIL_LISTS.disposableEmailDomainsJs,
      // Read the data file directly: the package's isDisposableEmailDomain() rebuilds a Set per call.
      exact: new Set(readDomainArray('disposable-email-domains-js/dist/dict/disposable_email_blocklist.json')),
      wildcardBases: new Set(),
    },
    {
      name: DISPOSABLE_EMAIL_LISTS.disposableEmailDomains,
      exact: new Set(readDomainArray('disposable-email-domains/index.json')),
      wildcardBases: new Set(readDomainArray('disposable-email-domains/wildcard.json')),
    },
  ];

  return {
    listsContaining(domain: string): readonly string[] {
      const normalized = domain.trim().toLowerCase().replace(/\.$/, '');
      if (normalized === '') return [];
      const parents = parentDomains(normalized);
      return lists
        .filter((list) => list.exact.has(normalized) || parents.some((parent) => list.wildcardBases.has(parent)))
        .map((list) => list.name);
    },
  };
}

/** a.b.example.com → [b.example.com, example.com, com] */
function parentDomains(domain: string): string[] {
  const parents: string[] = [];
  for (let dot = domain.indexOf('.'); dot !== -1; dot = domain.indexOf('.', dot + 1)) {
    parents.push(domain.slice(dot + 1));
  }
  return parents;
}

function readDomainArray(packagePath: string): string[] {
  const file = require.resolve(packagePath);
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed) || !parsed.every((entry): entry is string => typeof entry === 'string')) {
    throw new Error(`${file}: expected a JSON array of domain strings`);
  }
  return parsed.map((entry) => entry.toLowerCase());
}
