import { describe, expect, it } from 'vitest';
import { levenshtein, phishingCatcherScore, roundHalfEven, shannonEntropy, unconfuse, withoutPublicSuffix } from '../../../src/eval/phishing-catcher';

// Expected scores worked out by hand from catch_phishing.py's score_domain (commit 823cc8b); the
// same names were also run through the Python itself (tld 0.13.2) and gave the same numbers.
describe(phishingCatcherScore.name, () => {
  const sut = phishingCatcherScore;

  it('scores the registrable label with a leading dot: paypal.com → ".paypal"', () => {
    // entropy(".paypal") = 3/7·log2 7 + 4/7·log2 3.5 = 2.236 → 22; "paypal" 70 + "pay" 20.
    expect(sut('paypal.com')).toBe(112);
  });

  it('adds every keyword found: secure-login-paypal.com', () => {
    // entropy(".secure-login-paypal"): 10 characters once, 5 twice in 20 → 3.822 → 38;
    // "login" 25 + "secure" 10 + "paypal" 70 + "pay" 20.
    expect(sut('secure-login-paypal.com')).toBe(163);
  });

  it("replaces '1' with 'l' before matching keywords (confusables.py maps ASCII '1')", () => {
    // entropy(".goog1e") is taken before the replacement: 2.236 → 22; then "google" 60.
    expect(sut('goog1e.com')).toBe(82);
  });

  it('adds 70 for a word at Levenshtein distance 1 from a keyword worth ≥ 70', () => {
    // ".netflx": 7 distinct characters → log2 7 = 2.807 → 28; distance("netflx", "netflix") = 1.
    expect(sut('netflx.com')).toBe(98);
  });

  it('adds 3 per hyphen from 4 hyphens on', () => {
    // ".a-b-c-d-e": six characters once, "-" four times in 10 → 2.522 → 25; 4 × 3.
    expect(sut('a-b-c-d-e.com')).toBe(37);
  });

  it('adds 20 for a suspicious TLD and 10 when the first word is com/net/org', () => {
    // ".tk" 20; "com.evil": 8 distinct characters → 3 bits → 30; first word "com" 10.
    expect(sut('com.evil.tk')).toBe(60);
  });

  it('adds 3 per dot from 3 dots on', () => {
    // ".tk" 20; "a.b.c.d": 4/7·log2 7 + 3/7·log2(7/3) = 2.128 → 21; 3 dots × 3.
    expect(sut('a.b.c.d.tk')).toBe(50);
  });

  it('strips a leading "*." as for wildcard certificates', () => {
    expect(sut('*.paypal.com')).toBe(sut('paypal.com'));
  });

  it("rounds entropy × 10 half to even, as Python 3's round does", () => {
    // ".aabbccx": probabilities 1/4, 1/4, 1/4, 1/8, 1/8 → exactly 2.25 → 22.5 → 22.
    expect(sut('aabbccx.com')).toBe(22);
  });

  it('keeps a name that is itself a public suffix whole: blogspot.com → ".blogspot.com"', () => {
    // 13 characters: "o" 3, "." 2, eight once → 3.181 → 32; no keyword, 2 dots.
    expect(sut('blogspot.com')).toBe(32);
  });

  it('leaves a name with an unknown TLD as it is (get_tld finds nothing)', () => {
    // "foo.invalidtldx": 7 characters once, 4 twice in 15 → 3.374 → 34.
    expect(sut('foo.invalidtldx')).toBe(34);
  });

  it('lower-cases the name first, as the certstream callback does', () => {
    expect(sut('PayPal.COM')).toBe(112);
  });
});

describe('phishing_catcher helpers', () => {
  it('computes Shannon entropy in bits', () => {
    expect(shannonEntropy('aabb')).toBe(1);
    expect(shannonEntropy('abcdefgh')).toBe(3);
  });

  it('rounds half to even', () => {
    expect([22.5, 23.5, 22.4999, 22.51].map(roundHalfEven)).toEqual([22, 24, 22, 23]);
  });

  it('counts edits without transpositions', () => {
    expect(levenshtein('paypal', 'paypol')).toBe(1);
    expect(levenshtein('paypal', 'papyal')).toBe(2);
    expect(levenshtein('', 'gmail')).toBe(5);
  });

  it('drops the public suffix, private suffixes included, as the tld package does', () => {
    expect(withoutPublicSuffix('paypal.com')).toBe('.paypal');
    expect(withoutPublicSuffix('login.paypal.co.jp')).toBe('login.paypal');
    expect(withoutPublicSuffix('victim.github.io')).toBe('.victim');
    expect(withoutPublicSuffix('example.invalidtldx')).toBeUndefined();
  });

  it('decodes a leading IDN label and maps look-alike characters', () => {
    // xn--pple-43d is "аpple" with a Cyrillic а (U+0430), which confusables.py maps to "a".
    expect(unconfuse('xn--pple-43d.example')).toBe('apple.example');
    // A label that does not start the string is not decoded (the Python checks startswith).
    expect(unconfuse('.xn--pple-43d')).toBe('.xn--pple-43d');
    expect(unconfuse('|ogin')).toBe('login');
  });
});
