import { describe, expect, it } from 'vitest';
import { backtest, isNewGtld, measureSuffixes } from '../../../src/knowledge/build/build-tld-risk';

const LEGACY = new Set(['com', 'net', 'org', 'info', 'asia']);

/** `count` phishing rows of one year under a suffix. */
const rows = (suffix: string, count: number, year = 2020) => Array.from({ length: count }, (_, index) => ({ registrableDomain: `p${suffix.replace(/\./g, '')}${year}x${index}.${suffix}`, year }));
const benignOn = (suffix: string, count: number) => Array.from({ length: count }, (_, index) => `b${index}.${suffix}`);

describe('build-tld-risk', () => {
  it('tells new gTLDs from legacy gTLDs, country codes and IDN TLDs', () => {
    expect(isNewGtld('cfd', LEGACY)).toBe(true);
    expect(isNewGtld('shop', LEGACY)).toBe(true);
    expect(isNewGtld('com', LEGACY)).toBe(false);
    expect(isNewGtld('asia', LEGACY)).toBe(false);
    expect(isNewGtld('cn', LEGACY)).toBe(false);
    expect(isNewGtld('com.cn', LEGACY)).toBe(false);
    expect(isNewGtld('xn--tckwe', LEGACY)).toBe(false);
  });

  it('puts a suffix in the tier its phishing share and likelihood ratio earn, and never a .jp suffix', () => {
    // 20,000 phishing domains, 10,000 benign ones: top 2% (LR 400), work 0.2% (LR 40), cc 0.5% (LR 4.8).
    const phishing = [...rows('top', 400), ...rows('work', 40), ...rows('cc', 100), ...rows('co.jp', 200), ...rows('jp', 200), ...rows('com', 19060)];
    const benign = [...benignOn('cc', 10), ...benignOn('com', 9990)];
    const tiers = Object.fromEntries(measureSuffixes(phishing, benign, [2020]).map((risk) => [risk.suffix, risk.tier]));
    expect(tiers).toEqual({ top: 'high', work: 'elevated', cc: 'moderate', 'co.jp': undefined, jp: undefined, com: undefined });
  });

  it('reports per-year shares and the likelihood ratio with 0.5 added to the benign count', () => {
    const phishing = [...rows('top', 30, 2020), ...rows('top', 10, 2021), ...rows('com', 60, 2020)];
    const [top] = measureSuffixes(phishing, benignOn('com', 100), [2020, 2021]).filter((risk) => risk.suffix === 'top');
    expect(top!.perYear).toEqual([(100 * 30) / 90, 100]);
    expect(top!.likelihoodRatio).toBeCloseTo(0.4 / (0.5 / 100));
  });

  it('backtests tiers measured on earlier years against the next year, counting unmeasured new gTLDs apart', () => {
    const phishing = [...rows('top', 50, 2020), ...rows('com', 950, 2020), ...rows('top', 10, 2021), ...rows('cfd', 20, 2021), ...rows('com', 70, 2021)];
    const [trial] = backtest(phishing, benignOn('com', 1000), [2020, 2021], LEGACY);
    expect(trial).toEqual({ year: 2021, trainedOn: [2020], domains: 100, counts: { high: 10, elevated: 0, moderate: 0, newGtld: 20, other: 70 } });
  });
});
