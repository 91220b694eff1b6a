import { describe, expect, it } from 'vitest';
import { brandBaseRatesSchema, UNMEASURED_EVIDENCE } from '../../../../src/engine/signals/brand/brand-base-rates';
import { oneIn } from '../../../../src/engine/signals/domain/name-base-rates';
import { shippedEngine } from '../../../support/engine';

describe('BrandBaseRates', () => {
  const file = {
    source: 's',
    licence: 'l',
    totals: { registrations: 10_000, phishing: 1_000 },
    tiers: { legacy: [8_000, 400], new: [1_000, 300], 'country-code': [1_000, 300] },
    priorStrength: { registrations: 100, phishing: 10 },
    reasons: { 'BRAND_IN_LABEL/joined': { legacy: [40, 20], new: [2, 30], 'country-code': [0, 5] } },
  };
  const sut = brandBaseRatesSchema.parse(file);

  it('weighs a reason by the log of its phishing share over its new-registration share in the tier, blended with all tiers', () => {
    const overall = { registrations: (42 + 0.5) / 10_001, phishing: (55 + 0.5) / 1_001 };
    const registrations = (40 + 100 * overall.registrations) / (8_000 + 100);
    const phishing = (20 + 10 * overall.phishing) / (400 + 10);
    const legacy = sut.of('BRAND_IN_LABEL', 'joined', 'legacy')!;
    expect(legacy.evidence).toBeCloseTo(Math.log(phishing / registrations), 10);
    expect(legacy.explanation).toBe(`${oneIn(registrations)} new registrations on the legacy gTLDs have such a name without a hyphen, ${oneIn(phishing)} phishing registrations on the legacy gTLDs`);
    expect(sut.of('BRAND_IN_LABEL', 'joined', 'new')!.evidence).toBeGreaterThan(legacy.evidence);
  });

  it('does not weigh brand hits under a country code (the sample holds none of .jp or .cn): they give their full points', () => {
    expect(sut.of('BRAND_IN_LABEL', 'joined', 'country-code')!.evidence).toBe(UNMEASURED_EVIDENCE);
    expect(sut.of('BRAND_TYPOSQUAT', 'joined', 'legacy')).toBeUndefined();
  });

  it('rejects a count that is not a pair, naming where', () => {
    const broken = brandBaseRatesSchema.safeParse({ ...file, reasons: { 'BRAND_IN_LABEL/joined': { ...file.reasons['BRAND_IN_LABEL/joined'], legacy: [40] } } });
    expect(broken.success).toBe(false);
    expect(broken.error?.issues[0]?.path).toEqual(['reasons', 'BRAND_IN_LABEL/joined', 'legacy']);
  });
});

describe('brand hits with the shipped rules', () => {
  const brandHit = (name: string) => shippedEngine().screen({ externalId: name, product: 'domain', domain: { name } }).hits.find((hit) => hit.signal.startsWith('brand.'));

  it('gives a brand joined into a .com label fewer points than one set off by a hyphen, and says both shares', () => {
    const joined = brandHit('amazontool.com')!;
    const hyphen = brandHit('amazon-tool.com')!;
    expect(joined.reason).toBe('BRAND_IN_LABEL');
    expect(joined.points).toBeLessThan(hyphen.points);
    expect(joined.detail).toMatch(/: 1 in [\d,]+ new registrations on the legacy gTLDs have such a name without a hyphen, 1 in [\d,]+ phishing registrations on the legacy gTLDs$/);
  });

  it('keeps a brand with account words on a new gTLD at review on its own', () => {
    expect(shippedEngine().screen({ externalId: 'x', product: 'domain', domain: { name: 'apple-id-verify-login.top' } }).outcome).not.toBe('allow');
  });
});
