import { z } from 'zod';
import type { Lexicon } from '../../knowledge';
import { defineSignal, type SignalHit } from '../../signal';
import { labelNamesBrand } from '../brand/brand-findings';
import { screenedDomainName } from './screened-name';
import { BASE_RATE_LISTS, weighedFeatureHit, WEIGHED_BY_BASE_RATES } from './weighed-feature';

export const ACCOUNT_WORDS = 'account-words';
/** The base-rate feature this signal weighs. */
export const ACCOUNT_WORD_FEATURE = 'account-word';
/** Endings that keep a covering word the account word itself (`updates`, `verified`, `logins`). */
const INFLECTIONS = new Set(['', 's', 'es', 'd', 'ed', 'ing', 'er', 'ers']);
/** How far a covering lexicon word may reach beyond the account word on either side. */
const MAX_REACH = 10;
/** The lexicon lists words of four letters or more. */
const MIN_LEXICON_WORD = 4;

/** One pattern per list of words, matching any of them: one test instead of an indexOf per word. */
const anyOfPatterns = new WeakMap<readonly string[], RegExp>();

/** Whether one of the words occurs anywhere in the label (most labels hold none). */
function holdsAnyOf(label: string, words: readonly string[]): boolean {
  let pattern = anyOfPatterns.get(words);
  if (!pattern) {
    pattern = new RegExp(words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
    anyOfPatterns.set(words, pattern);
  }
  return pattern.test(label);
}

/**
 * The first word of signing in, account upkeep or payment (`rules/lists/account-words.yaml`: login,
 * account, verify, update, member, access, wallet…) in an ASCII label that is not inside a longer
 * ordinary word (`remember`, `authority`, `accessories`: the lexicon knows the longer word).
 */
export function accountWordIn(label: string, words: readonly string[], lexicon: Lexicon): string | undefined {
  if (!holdsAnyOf(label, words)) return undefined;
  for (const word of words) {
    for (let at = label.indexOf(word); at >= 0; at = label.indexOf(word, at + 1)) {
      if (!insideLongerWord(label, at, word, lexicon)) return word;
    }
  }
  return undefined;
}

/**
 * The label with every account word accountWordIn would find taken out, and the hyphens left at
 * its ends or doubled tidied away (`windowsupdate` → `windows`, `update-account` → ``): what the
 * label says beside its account words, so that the letter evidence does not count them again.
 */
export function withoutAccountWords(label: string, words: readonly string[], lexicon: Lexicon): string {
  if (!holdsAnyOf(label, words)) return label;
  let rest = label;
  for (const word of words) {
    for (let at = rest.indexOf(word); at >= 0; at = rest.indexOf(word, at)) {
      if (insideLongerWord(rest, at, word, lexicon)) at += 1;
      else rest = rest.slice(0, at) + rest.slice(at + word.length);
    }
  }
  return rest === label ? label : rest.replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * A word of signing in, account upkeep or payment in the label (accountWordIn): `update-account.cyou`,
 * `users-login.ga`, `safeaccesspage.xyz`. Phishing names carry these words without a brand as
 * often as with one, and ordinary services use them too (`windowsupdate.com`, `routerlogin.net`):
 * the word weighs as much as it is likelier among the phishing registrations of the suffix than
 * among its new registrations (rules/fitted/name-base-rates.yaml). Beside a protected brand's name
 * the word is the combosquat's (BRAND_COMBOSQUAT), not counted again here.
 */
export const accountWordSignal = defineSignal({
  name: 'domain.account_word',
  reasons: ['DOMAIN_ACCOUNT_WORD'],
  evidenceReasons: ['DOMAIN_ACCOUNT_WORD'],
  lists: [ACCOUNT_WORDS, ...BASE_RATE_LISTS],
  fitted: WEIGHED_BY_BASE_RATES,
  usesBrands: true,
  params: z.strictObject({
    /** Evidence (nats) under a suffix the base rates do not measure (a country code). */
    unmeasuredEvidence: z.number().min(0).default(1),
  }),
  evaluate(context): SignalHit[] {
    const name = screenedDomainName(context);
    if (!name || name.isIdn || labelNamesBrand(context)) return [];
    const word = accountWordIn(name.label, context.list(ACCOUNT_WORDS).entries, context.knowledge.lexicon);
    if (word === undefined) return [];
    const what = `"${word}" in ${name.registrableDomain}, a word of signing in or account upkeep`;
    return [weighedFeatureHit(context, name, 'DOMAIN_ACCOUNT_WORD', ACCOUNT_WORD_FEATURE, what, context.params.unmeasuredEvidence)];
  },
});

/**
 * True when the occurrence of `word` at `at` lies inside a longer word the lexicon knows, within
 * the same run of letters: `remember` (member), `authority` (auth), `accessories` (access). A
 * longer word that is the account word with an inflection (`updates`, `verified`) does not hide it.
 */
export function insideLongerWord(label: string, at: number, word: string, lexicon: Lexicon): boolean {
  const end = at + word.length;
  let runStart = at;
  while (runStart > 0 && isLetter(label.charCodeAt(runStart - 1))) runStart -= 1;
  let runEnd = end;
  while (runEnd < label.length && isLetter(label.charCodeAt(runEnd))) runEnd += 1;
  for (let from = Math.max(runStart, at - MAX_REACH); from <= at; from += 1) {
    for (let to = end; to <= Math.min(runEnd, end + MAX_REACH); to += 1) {
      if ((from === at && to === end) || to - from < MIN_LEXICON_WORD) continue;
      const candidate = label.slice(from, to);
      if (!lexicon.has(candidate)) continue;
      if (from === at && INFLECTIONS.has(candidate.slice(word.length))) continue;
      return true;
    }
  }
  return false;
}

function isLetter(code: number): boolean {
  return code >= 97 && code <= 122;
}
