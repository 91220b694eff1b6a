import { describe, expect, it } from 'vitest';
import { anApplication } from '../../../support/factories';
import { shippedEngine } from '../../../support/engine';

/**
 * The brand group through the shipped rules, for a bare name as `shinsa domains` screens it: the
 * issue's examples that must reach review, and the names that must not get any brand hit.
 */
describe('brand signals with the shipped rules', () => {
  const screenName = (name: string) => shippedEngine().screen({ externalId: name, product: 'domain', domain: { name } });
  const brandHits = (name: string) => screenName(name).hits.filter((hit) => hit.signal.startsWith('brand.'));
  const brandScore = (name: string) => brandHits(name).reduce((sum, hit) => sum + hit.points, 0);

  it('stays quiet on the clean default application', () => {
    expect(shippedEngine().screen(anApplication()).hits.filter((hit) => hit.signal.startsWith('brand.'))).toEqual([]);
  });

  it.each([
    'smbc-card-login.jp',
    'rakutens-co-jp.com',
    'amazon-update-ab-jp.net.cn',
    'nıfty.com',
    'amazon-co-jp.xyz',
    'apple-id-verify.com',
    'vpass-smbc.top',
    'rnercari.com',
    'amaz0n.jp',
    'アマゾン-ログイン.com',
    '楽天カード.xyz',
    '国税庁.top',
    'mercarl.jp',
    'smbc.co.jp.account-verify.com',
  ])('sends %s to review or beyond on brand evidence alone', (name) => {
    expect(brandScore(name)).toBeGreaterThanOrEqual(25);
    expect(screenName(name).outcome).not.toBe('allow');
  });

  it('holds a brand combosquat that also spells the brand’s own suffix', () => {
    expect(brandHits('amazon-co-jp.xyz').map((hit) => hit.reason)).toEqual(['BRAND_COMBOSQUAT', 'BRAND_SUFFIX_IMITATION']);
    expect(brandScore('amazon-co-jp.xyz')).toBe(50);
    expect(screenName('rakutens-co-jp.com').outcome).toBe('hold');
  });

  it.each([
    'amazon.co.jp',
    'www.amazon.co.jp',
    'rakuten-bank.co.jp',
    'deviantart.com',
    'beauty-salon.jp',
    'rental-car.jp',
    'australia.com',
    'autumn.jp',
    'nta.go.jp',
    'sbisec.co.jp',
    'kddi.com',
    'japan.travel',
    'yamada-bakery.jp',
    'tokyo-ramen.com',
    'sato-hanako.jp',
    'tesco.com',
    'mizuno.jp',
  ])('gives %s no brand hit at all', (name) => {
    expect(brandHits(name)).toEqual([]);
  });

  it.each(['oricon.co.jp', 'amazonas.com', 'amazonas.cc'])('gives %s, a brand inside an ordinary word, no brand points', (name) => {
    expect(brandScore(name)).toBe(0);
    expect(screenName(name).outcome).toBe('allow');
  });

  // The suffix's points follow its fitted base rates, so the scores are checked against the review line.
  it.each(['soumu.cc', 'amazonasco.buzz'])('sends %s to review: a brand word or a brand inside a word under a risky suffix (composite)', (name) => {
    const assessment = screenName(name);
    expect(assessment.hits.map((hit) => hit.reason)).toContain('BRAND_WORD_ON_RISKY_SUFFIX');
    expect(assessment.score).toBeGreaterThanOrEqual(25);
    expect(assessment.outcome).toBe('review');
  });

  it.each(['soumu.com', 'aplus.com', 'line-drawing.jp'])('keeps %s, a brand word on an ordinary suffix, below review', (name) => {
    expect(screenName(name).hits.map((hit) => hit.reason)).not.toContain('BRAND_WORD_ON_RISKY_SUFFIX');
    expect(screenName(name).outcome).toBe('allow');
  });

  it('never flags a name under a domain a listed brand owns', () => {
    for (const brand of shippedEngine().rules.brands.brands) {
      for (const domain of brand.owned) {
        expect(brandHits(domain), domain).toEqual([]);
        expect(brandHits(`login.${domain}`), `login.${domain}`).toEqual([]);
      }
    }
  });

  it('caps the brand group below deny', () => {
    // Combosquat, suffix imitation, subdomain and Japanese name together exceed the cap.
    const hits = screenName('amazon.co.jp.amazon-co-jp-login.xyz').hits;
    const brandTotal = hits.filter((hit) => hit.signal.startsWith('brand.')).reduce((sum, hit) => sum + hit.points, 0);
    expect(brandTotal).toBeGreaterThan(60);
    expect(hits.find((hit) => hit.reason === 'GROUP_CAP' && hit.detail.startsWith('brand'))?.points).toBe(60 - brandTotal);
  });
});
