// SPDX-License-Identifier: GPL-3.0-only
/**
 * phishing_catcher's domain scoring (github.com/x0rz/phishing_catcher, Copyright (c) 2017 @x0rz,
 * GNU GPL v3), reimplemented for the evaluation's comparison row only; the product never uses it.
 * A translation of `score_domain` in catch_phishing.py at commit
 * 823cc8b695e5bf3fed00b268c528b64353392278, with the data of phishing-catcher-data.ts.
 *
 * What the Python does, step by step (reproduced below in the same order):
 *  1. +20 for each `tlds` entry the name ends with (plain string `endswith`, before anything else).
 *  2. strip a leading `*.` (wildcard certificates).
 *  3. drop the public suffix with the `tld` package (`get_tld(..., fix_protocol=True)`, which
 *     searches the ICANN AND private sections of the PSL): `domain = subdomain + '.' + label`, so
 *     a registrable domain without subdomain becomes `.label` (leading dot included), and a name
 *     that is itself a suffix becomes `.name`. When the package finds no suffix (an unknown TLD)
 *     `res` is None, the AttributeError is swallowed and the name is left as it is.
 *  4. + round(Shannon entropy of that string × 10) (Python 3 `round`: half to even).
 *  5. `unconfuse`: if the string starts with `xn--`, IDNA-decode it; then replace every character
 *     found in the confusables table (this includes ASCII '1' and '|' → 'l').
 *  6. split on `\W+`; +10 if the first word is com, net or org.
 *  7. + the weight of every keyword that occurs as a substring.
 *  8. +70 for every (word, keyword ≥ 70 points) pair at Levenshtein distance exactly 1, words
 *     `email`, `mail` and `cloud` excepted.
 *  9. if no `xn--` and at least 4 '-': + 3 × count of '-'.
 * 10. if at least 3 '.': + 3 × count of '.'.
 * The certstream callback lower-cases the name first and adds 10 when the certificate comes from
 * Let's Encrypt; there is no certificate here, so that bonus is never added. Its reporting
 * thresholds: ≥ 65 "Potential", ≥ 80 "Likely", ≥ 90 "Suspicious" (≥ 100 shown in bold).
 *
 * Checked against the Python itself: score_domain run verbatim under Python 3.11 with tld 0.13.2
 * and Levenshtein 0.27 (python-Levenshtein's successor) gives the same score as this file for
 * every name of the evaluation (110,172 phishing and benign registrable domains), for the unit
 * tests' examples and for IDN names that reach the decoding branch. (A version of the
 * repository's requirements.txt pins tld==0.7.9, which we could not install; the package's
 * 2018 source differs from 0.13 only for a name that is itself a suffix, handled as 0.13 does.)
 * Remaining differences, which the evaluation's inputs never reach: the PSL snapshot is tldts's,
 * not the `tld` package's (they agree on every evaluation name); IDNA decoding of a name that
 * still starts with `xn--` after step 3 uses Node's UTS #46 decoder rather than Python's IDNA
 * 2003 codec, and a label that fails to decode is left as is where Python would raise.
 */
import { domainToUnicode } from 'node:url';
import { parse as parseHostname } from 'tldts';
import { CONFUSABLES, SUSPICIOUS_KEYWORDS, SUSPICIOUS_TLDS } from './phishing-catcher-data';

/** Reporting thresholds of catch_phishing.py's callback. */
export const PHISHING_CATCHER_THRESHOLDS = { potential: 65, likely: 80, suspicious: 90 } as const;

const STRONG_KEYWORDS = SUSPICIOUS_KEYWORDS.filter(([, points]) => points >= 70).map(([keyword]) => keyword);
const GENERIC_WORDS = new Set(['email', 'mail', 'cloud']);
const FAKE_SUFFIX_WORDS = new Set(['com', 'net', 'org']);
/** Python 3's `re.split("\W+", …)` on str: a word character is alphanumeric (Unicode) or '_'. */
const NON_WORD = /[^\p{L}\p{N}_]+/u;

/** Python's `round()` on a float: to nearest, ties to even. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** catch_phishing.py's `entropy`: Shannon entropy over characters, summed in first-seen order. */
export function shannonEntropy(text: string): number {
  const characters = Array.from(text);
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let sum = 0;
  for (const count of counts.values()) {
    const probability = count / characters.length;
    sum += (probability * Math.log(probability)) / Math.log(2.0);
  }
  return -sum;
}

/** Levenshtein distance over code points (python-Levenshtein's `distance` on str). */
export function levenshtein(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const substitution = previous[j - 1]! + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length]!;
}

/** The `tld` package's `subdomain + '.' + domain`, or undefined where `get_tld` finds no suffix. */
export function withoutPublicSuffix(domain: string): string | undefined {
  const parsed = parseHostname(domain, { allowPrivateDomains: true, extractHostname: false });
  // tldts falls back to the last label for unknown TLDs; the `tld` package fails instead.
  if (!parsed.publicSuffix || !(parsed.isIcann || parsed.isPrivate)) return undefined;
  const parts = domain.split('.');
  const suffixLength = parsed.publicSuffix.split('.').length;
  // A name that is itself a suffix (`blogspot.com`, `co.jp`): the package's Result has an empty
  // subdomain and the whole name as its domain (tld 0.13; older releases kept the first label).
  if (parts.length <= suffixLength) return `.${domain}`;
  const split = parts.length - suffixLength;
  return `${parts.slice(0, split - 1).join('.')}.${parts[split - 1]}`;
}

/** confusables.py's `unconfuse`. */
export function unconfuse(domain: string): string {
  let text = domain;
  if (text.startsWith('xn--')) {
    text = text
      .split('.')
      .map((label) => (label.startsWith('xn--') ? domainToUnicode(label) || label : label))
      .join('.');
  }
  let result = '';
  for (const character of text) result += CONFUSABLES.get(character) ?? character;
  return result;
}

function occurrences(text: string, character: string): number {
  let count = 0;
  for (let index = text.indexOf(character); index !== -1; index = text.indexOf(character, index + 1)) count += 1;
  return count;
}

/** catch_phishing.py's `score_domain` applied to `domain.lower()`, as its certstream callback does. */
export function phishingCatcherScore(name: string): number {
  let domain = name.toLowerCase();
  let score = 0;
  for (const tld of SUSPICIOUS_TLDS) if (domain.endsWith(tld)) score += 20;

  if (domain.startsWith('*.')) domain = domain.slice(2);
  domain = withoutPublicSuffix(domain) ?? domain;

  score += roundHalfEven(shannonEntropy(domain) * 10);

  domain = unconfuse(domain);
  const words = domain.split(NON_WORD);
  if (FAKE_SUFFIX_WORDS.has(words[0]!)) score += 10;

  for (const [keyword, points] of SUSPICIOUS_KEYWORDS) if (domain.includes(keyword)) score += points;

  for (const keyword of STRONG_KEYWORDS) {
    for (const word of words) {
      if (!GENERIC_WORDS.has(word) && levenshtein(word, keyword) === 1) score += 70;
    }
  }

  if (!domain.includes('xn--') && occurrences(domain, '-') >= 4) score += occurrences(domain, '-') * 3;
  if (occurrences(domain, '.') >= 3) score += occurrences(domain, '.') * 3;
  return score;
}
