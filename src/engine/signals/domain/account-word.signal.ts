import type { Lexicon } from '../../knowledge';
import { defineSignal, type SignalHit } from '../../signal';
import { screenedDomainName } from './screened-name';

const ACCOUNT_WORDS = 'account-words';
/** Endings that keep a covering word the account word itself (`updates`, `verified`, `logins`). */
const INFLECTIONS = new Set(['', 's', 'es', 'd', 'ed', 'ing', 'er', 'ers']);
/** How far a covering lexicon word may reach beyond the account word on either side. */
const MAX_REACH = 10;
/** The lexicon lists words of four letters or more. */
const MIN_LEXICON_WORD = 4;

/**
 * A word of signing in, account upkeep or payment (`rules/lists/account-words.yaml`: login,
 * account, verify, update, member, access, wallet…) in the label: `update-account.cyou`,
 * `users-login.ga`, `safeaccesspage.xyz`. Phishing names carry these words without a brand as
 * often as with one. A word inside a longer ordinary word does not count (`remember`, `authority`,
 * `accessories`: the lexicon knows the longer word). Noted without points: ordinary services use
 * these words too (`windowsupdate.com`, `routerlogin.net`); under a suffix of a risk tier or an
 * unmeasured new gTLD the composite ACCOUNT_WORD_ON_RISKY_SUFFIX counts it.
 */
export const accountWordSignal = defineSignal({
  name: 'domain.account_word',
  reasons: ['DOMAIN_ACCOUNT_WORD'],
  lists: [ACCOUNT_WORDS],
  usesBrands: true,
  evaluate(context): SignalHit[] {
    const name = screenedDomainName(context);
    if (!name || name.isIdn) return [];
    const { label } = name;
    for (const word of context.list(ACCOUNT_WORDS).entries) {
      for (let at = label.indexOf(word); at >= 0; at = label.indexOf(word, at + 1)) {
        if (!insideLongerWord(label, at, word, context.knowledge.lexicon)) {
          return [{ reason: 'DOMAIN_ACCOUNT_WORD', detail: `"${word}" in ${name.registrableDomain}, a word of signing in or account upkeep` }];
        }
      }
    }
    return [];
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
