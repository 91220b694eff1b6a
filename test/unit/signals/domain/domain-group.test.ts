import { describe, expect, it } from 'vitest';
import type { ScreeningFacts } from '../../../../src/engine';
import { findDomainSeries } from '../../../../src/engine/domain-series';
import { anApplication } from '../../../support/factories';
import { shippedEngine } from '../../../support/engine';

/**
 * The domain group through the shipped rules, for a bare name as `shinsa domains` screens it:
 * which reasons fire, and the score they make together. Points follow the base rates of
 * rules/fitted/name-base-rates.yaml, so these tests name the policy, not exact numbers.
 */
describe('domain signals with the shipped rules', () => {
  const screenName = (name: string, facts: ScreeningFacts = {}) => shippedEngine().screen({ externalId: name, product: 'domain', domain: { name } }, facts);
  const domainHits = (name: string, facts: ScreeningFacts = {}) => screenName(name, facts).hits.filter((hit) => hit.signal.startsWith('domain.'));
  const domainReasons = (name: string, facts: ScreeningFacts = {}) => domainHits(name, facts).map((hit) => hit.reason);
  const domainScore = (name: string, facts: ScreeningFacts = {}) => domainHits(name, facts).reduce((sum, hit) => sum + hit.points, 0);

  it('stays quiet on the clean default application', () => {
    expect(domainHits(anApplication().domain!.name)).toEqual([]);
    expect(shippedEngine().screen(anApplication()).hits.filter((hit) => hit.signal.startsWith('domain.'))).toEqual([]);
  });

  it('brings a label rare among honest registrations of its suffix and common among its phishing ones to review', () => {
    for (const name of ['qkvbig.top', 'kzlskekzmnhg.com', 'xqzvb.cfd']) expect(screenName(name).outcome).toBe('review');
    expect(domainHits('qkvbig.top').find((hit) => hit.reason === 'DOMAIN_RANDOM_LABEL')?.detail).toMatch(/: (?:fewer than )?1 in [\d,]+ new \.top registrations look like this, 1 in \d+ phishing \.top registrations$/);
  });

  it('keeps ordinary names on cheap suffixes, romaji and English, below review', () => {
    for (const name of ['tokyo-ramen.xyz', 'sakura-flowers.shop', 'takahashi-shoten.top', 'hanaya-kyoto.icu', 'yamada-koumuten.com', 'zhangwei.cn', 'windowsupdate.com', 'routerlogin.net']) {
      expect(domainScore(name)).toBeLessThan(25);
    }
  });

  it('treats a cheap suffix and a random label as a score input: under a country code the sample does not measure, they stay below review', () => {
    expect(domainReasons('ggdnjtf.cn')).toEqual(['DOMAIN_TLD_HIGH_RISK', 'DOMAIN_RANDOM_LABEL']);
    expect(domainScore('ggdnjtf.cn')).toBeLessThan(25);
    expect(domainHits('ggdnjtf.cn')[1]?.detail).toMatch(/counted as 2 nats at most, as honest registrations under \.cn are not measured$/);
  });

  it('gives a suffix at most 8 points, however over-represented among phishing', () => {
    const suffix = domainHits('tokyo-ramen.icu').find((hit) => hit.reason === 'DOMAIN_TLD_OVERREPRESENTED');
    expect(suffix?.points).toBe(8);
    expect(suffix?.detail).toMatch(/^registered under \.icu: 1 in \d+ phishing registrations are on \.icu, against 1 in [\d,]+ new registrations$/);
    expect(domainReasons('example.com')).toEqual([]);
  });

  it('does not count an account word or jp twice: the letters are read without them', () => {
    const hits = domainHits('jp-update.com');
    expect(hits.map((hit) => hit.reason)).toEqual(['DOMAIN_JP_IN_LABEL', 'DOMAIN_ACCOUNT_WORD']);
    expect(domainReasons('windowsupdate.com')).toEqual(['DOMAIN_ACCOUNT_WORD']);
  });

  it('counts a series as 4 points: a score input, not a reason for review by itself', () => {
    const batch = ['driect-sntpjpviewa00.com', 'driect-sntpjpviewa01.com', 'driect-sntpjpviewa02.com', 'driect-sntpjpviewa03.com'];
    const domainSeries = findDomainSeries(batch).get('driect-sntpjpviewa02.com');
    const alone = domainScore('driect-sntpjpviewa02.com');
    expect(domainHits('driect-sntpjpviewa02.com', { domainSeries }).find((hit) => hit.reason === 'DOMAIN_SERIES')?.points).toBe(4);
    expect(domainScore('driect-sntpjpviewa02.com', { domainSeries })).toBe(alone + 4);
  });

  it('caps the group at 45, so that what a name shows reaches hold only with brand evidence', () => {
    const heavy = ['xkqzvbnw-jp-login-qwrtpzx-vbnmkl.icu', 'jp-xkqzvbnw-qkvbig-login-zxqwv.top', 'secure-login-jp-xkqzvbnw.icu'];
    const capped = heavy.map((name) => screenName(name)).filter((assessment) => assessment.hits.some((hit) => hit.reason === 'GROUP_CAP'));
    expect(capped.length).toBeGreaterThan(0);
    for (const assessment of capped) {
      const domainTotal = assessment.hits.filter((hit) => hit.signal.startsWith('domain.')).reduce((sum, hit) => sum + hit.points, 0);
      expect(assessment.hits.find((hit) => hit.reason === 'GROUP_CAP')?.detail).toBe(`domain signals total ${domainTotal}, capped at 45`);
      expect(assessment.score).toBe(45);
      expect(assessment.outcome).toBe('review');
    }
  });

  it.each(['amazon.co.jp', 'www.amazon.co.jp', 'rakuten-bank.co.jp', 'amazon.cn', 'smbc-card.com'])('never scores %s, a protected brand’s own domain', (name) => {
    const owned = shippedEngine().rules.brands.ownerOf(name.replace(/^www\./, ''));
    expect(owned).toBeDefined();
    expect(domainHits(name)).toEqual([]);
  });
});
