import { describe, expect, it } from 'vitest';
import type { Brand } from '../../../src/engine';
import { BrandDescriptions, labelNamesBrand } from '../../../src/eval/brand-cases';
import { flagRateBySuffix, isValidationPart, lowestThresholdWithin, operatingPoint, screenByDay, suffixesLacking, thresholdsBelow, TRANSPLANT_BOUNDS, transplantedOnto, type ScoredDomain } from '../../../src/eval/domain-evaluation';
import { shippedEngine } from '../../support/engine';

const brand = (id: string, fields: Partial<Brand>): Brand => ({ id, display: id, tokens: [], abbreviations: [], japanese: [], owned: [`${id}.co.jp`], owners: [], organizationWords: [], ...fields });
const BRANDS = [
  brand('smbc', { tokens: ['vpass', 'smbccard'], abbreviations: ['smbc'], japanese: ['三井住友', '三井住友カード'] }),
  brand('au', { tokens: ['aupay'], abbreviations: ['au', 'kddi'], japanese: ['エーユー'] }),
  brand('jibunbank', { tokens: ['jibunbank'], abbreviations: ['jibun'], japanese: ['じぶん銀行'] }),
  brand('jreast', { tokens: ['eki-net', 'jreast'], abbreviations: ['jre'], japanese: ['えきねっと'] }),
  brand('jcom', { abbreviations: ['jcom'] }),
  brand('line', { tokens: ['linecorp'], abbreviations: ['line'] }),
];

describe(lowestThresholdWithin.name, () => {
  const scores = [0, 0, 0, 0, 0, 0, 10, 20, 30, 40];

  it('picks the lowest integer threshold whose false-positive share stays within the bound', () => {
    expect(lowestThresholdWithin(scores, 0.2)).toEqual({ threshold: 21, falsePositiveRate: 0.2 });
    expect(lowestThresholdWithin(scores, 0.25)).toEqual({ threshold: 21, falsePositiveRate: 0.2 });
    expect(lowestThresholdWithin(scores, 0.01)).toEqual({ threshold: 41, falsePositiveRate: 0 });
  });

  it('never picks a threshold that ties with a benign score it must exclude', () => {
    expect(lowestThresholdWithin([5, 5, 5, 0], 0.5)).toEqual({ threshold: 6, falsePositiveRate: 0 });
  });
});

describe(thresholdsBelow.name, () => {
  it('lists the ceiling, then each distinct lower score, highest first, up to the limit', () => {
    expect(thresholdsBelow([0, 33, 18, 15, 18, 25, 10, 15], 25, 10)).toEqual([25, 18, 15, 10, 0]);
    expect(thresholdsBelow([0, 33, 18, 15, 18, 25, 10, 15], 25, 3)).toEqual([25, 18, 15]);
  });

  it('lists only the ceiling when nothing scores below it', () => {
    expect(thresholdsBelow([30, 40], 25, 5)).toEqual([25]);
  });
});

describe(operatingPoint.name, () => {
  const scored = (registrableDomain: string, score: number): ScoredDomain => ({ registrableDomain, score, outcome: 'allow', reasons: [], phishingCatcher: 0, ownedBy: undefined, brandEvidence: false });
  it('chooses on both lists together and reports each list, and the threshold that keeps each within the bound', () => {
    const benign = [
      { name: 'top', domains: [scored('a.com', 30), scored('b.com', 0), scored('c.com', 0), scored('d.com', 0)] },
      { name: 'random', domains: [scored('e.com', 0), scored('f.com', 0), scored('g.com', 0), scored('h.com', 0)] },
    ];
    const sut = operatingPoint(0.125, benign, (domain) => domain.score);
    expect(sut).toMatchObject({ threshold: 1, falsePositiveRate: 0.125, thresholdEachList: 31 });
    expect(sut.perList).toEqual([
      { name: 'top', falsePositiveRate: 0.25, ownThreshold: 31 },
      { name: 'random', falsePositiveRate: 0, ownThreshold: 1 },
    ]);
  });
});

describe(screenByDay.name, () => {
  it('screens each first-seen day as one batch: a series shows only among names of the same day', () => {
    const series = ['driect-sntpjpviewa00.com', 'driect-sntpjpviewa01.com', 'driect-sntpjpviewa02.com'];
    const sameDay = screenByDay(shippedEngine(), series.map((registrableDomain) => ({ registrableDomain, day: '2024-06-02' })));
    const threeDays = screenByDay(shippedEngine(), series.map((registrableDomain, index) => ({ registrableDomain, day: `2024-06-0${index + 1}` })));
    expect(sameDay.every((domain) => domain.reasons.includes('DOMAIN_SERIES'))).toBe(true);
    expect(threeDays.some((domain) => domain.reasons.includes('DOMAIN_SERIES'))).toBe(false);
    expect(threeDays.map((domain) => domain.day)).toEqual(['2024-06-01', '2024-06-02', '2024-06-03']);
  });

  it('tells the validation part by its first-seen day', () => {
    expect(isValidationPart({ day: '2024-05-31' })).toBe(false);
    expect(isValidationPart({ day: '2024-06-01' })).toBe(true);
  });
});

describe(flagRateBySuffix.name, () => {
  const scored = (registrableDomain: string, score: number): ScoredDomain => ({ registrableDomain, score, outcome: 'allow', reasons: [], phishingCatcher: 0, ownedBy: undefined, brandEvidence: false });
  it('gives each suffix with enough names its share at or above the threshold, largest suffix first', () => {
    const domains = [scored('a.top', 30), scored('b.top', 0), scored('c.top', 25), scored('d.com', 40), scored('e.com', 0), scored('f.co.jp', 99)];
    expect(flagRateBySuffix(domains, 25, 2)).toEqual([
      { suffix: 'top', names: 3, flagged: 2 / 3 },
      { suffix: 'com', names: 2, flagged: 0.5 },
    ]);
  });
});

describe(BrandDescriptions.name, () => {
  const sut = new BrandDescriptions(BRANDS);

  it.each([
    ['三井住友カード', 'smbc'],
    ['Vpass', 'smbc'],
    ['au', 'au'],
    ['auじぶん銀行', 'jibunbank'],
    ['えきねっと', 'jreast'],
    ['J:COM', 'jcom'],
    ['LINE', 'line'],
  ])('maps %s to %s', (description, id) => {
    expect(sut.brandOf(description)?.id).toBe(id);
  });

  it('does not take a short form from inside a longer word', () => {
    expect(sut.brandOf('Online Banking')).toBeUndefined();
    expect(sut.brandOf('Saudi Post')).toBeUndefined();
  });
});

describe(labelNamesBrand.name, () => {
  const [smbc, au, , jreast] = BRANDS;

  it('finds a token anywhere, hyphens ignored', () => {
    expect(labelNamesBrand('vpass-login', 'vpass-login', smbc!)).toBe(true);
    expect(labelNamesBrand('ekinet-jp', 'ekinet-jp', jreast!)).toBe(true);
  });

  it('finds an abbreviation only as a whole hyphen- or digit-delimited segment', () => {
    expect(labelNamesBrand('au-pay-info', 'au-pay-info', au!)).toBe(true);
    expect(labelNamesBrand('au1234', 'au1234', au!)).toBe(true);
    expect(labelNamesBrand('sauna-tokyo', 'sauna-tokyo', au!)).toBe(false);
  });

  it('finds a Japanese name in an IDN label', () => {
    expect(labelNamesBrand('xn--eckwd4c7c', '三井住友カード-ログイン', smbc!)).toBe(true);
  });
});

describe(transplantedOnto.name, () => {
  const legacy = new Set(['com', 'net', 'org']);
  it("moves each distinct label of the validation part's new-gTLD names onto the suffix, keeping its first-seen day", () => {
    const registrations = [
      { registrableDomain: 'kagoya-bakery.shop', day: '2024-06-02' },
      { registrableDomain: 'kagoya-bakery.top', day: '2024-06-05' },
      { registrableDomain: 'old-name.xyz', day: '2024-05-31' },
      { registrableDomain: 'plain-shop.com', day: '2024-06-03' },
      { registrableDomain: 'xn--eckwd4c7c.shop', day: '2024-06-03' },
      { registrableDomain: 'art.shop', day: '2024-06-04' },
      { registrableDomain: 'qkvbig.top', day: '2024-06-04' },
    ];
    expect(transplantedOnto(registrations, 'cfd', legacy)).toEqual([
      { registrableDomain: 'kagoya-bakery.cfd', day: '2024-06-02' },
      { registrableDomain: 'art.cfd', day: '2024-06-04' },
      { registrableDomain: 'qkvbig.cfd', day: '2024-06-04' },
    ]);
  });

  it('leaves out a label that is a public suffix of its own under the new suffix (art.ml)', () => {
    expect(transplantedOnto([{ registrableDomain: 'art.shop', day: '2024-06-04' }, { registrableDomain: 'qkvbig.top', day: '2024-06-04' }], 'ml', legacy)).toEqual([
      { registrableDomain: 'qkvbig.ml', day: '2024-06-04' },
    ]);
  });
});

describe(suffixesLacking.name, () => {
  it('names the suffixes with many phishing registrations and few names in the sample, most phishing first', () => {
    const many = (suffix: string, count: number) => Array.from({ length: count }, (_, index) => ({ registrableDomain: `n${index}.${suffix}` }));
    const phishing = [...many('cn', TRANSPLANT_BOUNDS.phishing + 5), ...many('cfd', TRANSPLANT_BOUNDS.phishing), ...many('top', 900), ...many('rare', TRANSPLANT_BOUNDS.phishing - 1)];
    const sample = [...many('top', TRANSPLANT_BOUNDS.sampleNames), ...many('cfd', TRANSPLANT_BOUNDS.sampleNames - 1), ...many('com', 5_000)];
    expect(suffixesLacking(phishing, sample)).toEqual(['cn', 'cfd']);
  });
});
