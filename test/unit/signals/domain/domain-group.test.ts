import { describe, expect, it } from 'vitest';
import type { ScreeningFacts } from '../../../../src/engine';
import { findDomainSeries } from '../../../../src/engine/domain-series';
import { anApplication } from '../../../support/factories';
import { shippedEngine } from '../../../support/engine';

/**
 * The domain group through the shipped rules, for a bare name as `shinsa domains` screens it:
 * which reasons fire, with which points, and the score they make together.
 */
describe('domain signals with the shipped rules', () => {
  const screenName = (name: string, facts: ScreeningFacts = {}) => shippedEngine().screen({ externalId: name, product: 'domain', domain: { name } }, facts);
  const domainHits = (name: string, facts: ScreeningFacts = {}) =>
    screenName(name, facts)
      .hits.filter((hit) => hit.signal.startsWith('domain.'))
      .map((hit) => `${hit.reason} ${hit.points}`);
  const domainScore = (name: string, facts: ScreeningFacts = {}) =>
    screenName(name, facts)
      .hits.filter((hit) => hit.signal.startsWith('domain.'))
      .reduce((sum, hit) => sum + hit.points, 0);

  it('stays quiet on the clean default application', () => {
    expect(shippedEngine().screen(anApplication()).hits.filter((hit) => hit.signal.startsWith('domain.'))).toEqual([]);
  });

  it('brings a random label on a high-risk suffix to review', () => {
    expect(domainHits('ggdnjtf.cn')).toEqual(['DOMAIN_TLD_HIGH_RISK 15', 'DOMAIN_RANDOM_LABEL 18']);
    expect(domainScore('ggdnjtf.cn')).toBeGreaterThanOrEqual(25);
    expect(domainScore('xjqkzv.top')).toBeGreaterThanOrEqual(25);
    expect(domainScore('x7k2m9.top')).toBeGreaterThanOrEqual(25);
    expect(domainScore('rzhlfat.cn')).toBeGreaterThanOrEqual(25);
  });

  it('keeps an ordinary name on a cheap suffix below review', () => {
    for (const name of ['tokyo-ramen.xyz', 'sakura-flowers.shop', 'takahashi-shoten.top', 'zhangwei.cn', 'hanaya-kyoto.icu']) {
      expect(domainScore(name)).toBeLessThan(25);
    }
  });

  it('keeps one weak cue alone below review', () => {
    expect(domainScore('kzlskekzmnhg.com')).toBeLessThan(25);
    expect(domainScore('secure-login-jp-bank.com')).toBeLessThan(25);
    expect(domainScore('サ一ビス.com')).toBeLessThan(25);
    expect(domainScore('pаypal.com')).toBeLessThan(25);
  });

  it('brings the driect-sntpjpviewa series to review: a random part, and a counter across the batch', () => {
    const batch = ['driect-sntpjpviewa00.com', 'driect-sntpjpviewa01.com', 'driect-sntpjpviewa02.com', 'driect-sntpjpviewa03.com'];
    const domainSeries = findDomainSeries(batch).get('driect-sntpjpviewa02.com');
    expect(domainHits('driect-sntpjpviewa02.com')).toEqual(['DOMAIN_RANDOM_LABEL 18']);
    expect(domainHits('driect-sntpjpviewa02.com', { domainSeries })).toEqual(['DOMAIN_RANDOM_LABEL 18', 'DOMAIN_SERIES 12']);
  });

  it('brings a series on a high-risk suffix to review', () => {
    const batch = ['ekl1-neett1.top', 'ekl1-neett2.top', 'ekl1-neett3.top'];
    const domainSeries = findDomainSeries(batch).get('ekl1-neett2.top');
    expect(domainScore('ekl1-neett2.top', { domainSeries })).toBeGreaterThanOrEqual(25);
  });

  it('caps the group so that what a name shows reaches hold at most with brand evidence', () => {
    const batch = Array.from({ length: 5 }, (_, i) => `xjqkzv-ggdnjtf-lkjhg-qwrtp-${i}.top`);
    const domainSeries = findDomainSeries(batch).get(batch[0]!);
    const assessment = screenName(batch[0]!, { domainSeries });
    const domainTotal = assessment.hits.filter((hit) => hit.signal.startsWith('domain.')).reduce((sum, hit) => sum + hit.points, 0);
    expect(domainTotal).toBeGreaterThan(45);
    expect(assessment.hits.find((hit) => hit.reason === 'GROUP_CAP')?.detail).toBe(`domain signals total ${domainTotal}, capped at 45`);
  });

  it.each(['amazon.co.jp', 'www.amazon.co.jp', 'rakuten-bank.co.jp', 'amazon.cn', 'smbc-card.com'])('never scores %s, a protected brand’s own domain', (name) => {
    const owned = shippedEngine().rules.brands.ownerOf(screenName(name).externalId.replace(/^www\./, ''));
    expect(owned).toBeDefined();
    expect(domainHits(name)).toEqual([]);
  });
});
