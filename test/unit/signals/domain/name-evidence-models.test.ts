import { describe, expect, it } from 'vitest';
import { countLetterTrigrams, LabelLetterModels, labelLettersSchema, LETTER_SYMBOLS, trainLetterTable } from '../../../../src/engine/signals/domain/label-letters';
import { nameBaseRatesSchema, oneIn, suffixTier, type NameBaseRates } from '../../../../src/engine/signals/domain/name-base-rates';
import { shippedEngine } from '../../../support/engine';

const LEGACY = new Set(['com', 'net', 'org']);

describe(LabelLetterModels.name, () => {
  const table = (labels: readonly string[]) => trainLetterTable(countLetterTrigrams(labels), 0.5);
  const phishing = table(['qkvbig', 'xjqkzv', 'zmlyhs', 'hvxtjx', 'wtrmov', 'fvzlph', 'ylukru', 'mgxetr']);
  const registrations = table(['bakery', 'flowers', 'studio', 'garden', 'coffee', 'travel', '2024sale', 'shop24']);
  const words = table(['tokyo', 'ramen', 'sakura', 'hanaya', 'kyoto', 'takahashi', 'shoten']);
  const sut = new LabelLetterModels(phishing, registrations, words, 0.3);

  it('reads a random-letter label as likelier phishing, a word label as likelier honest', () => {
    expect(sut.phishingLikeness('qzvbxk')).toBeGreaterThan(0);
    expect(sut.phishingLikeness('garden')).toBeLessThan(0);
    expect(sut.phishingLikeness('kyoto')).toBeLessThan(0);
  });

  it('reads digits and hyphens as symbols of their own', () => {
    expect(() => sut.phishingLikeness('shop-2024')).not.toThrow();
    expect(() => sut.phishingLikeness('Shop')).toThrow('not a character of an ASCII label: S');
  });

  it('is decoded from base64 tables of 29³ cells, and rejects a table of another size', () => {
    const encode = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    const file = { source: 's', licence: 'l', scale: 16, wordsWeight: 0.3, tables: { phishing: encode(phishing), registrations: encode(registrations), words: encode(words) } };
    expect(labelLettersSchema.parse(file).phishingLikeness('qzvbxk')).toBeCloseTo(sut.phishingLikeness('qzvbxk'), 10);
    expect(phishing.length).toBe(LETTER_SYMBOLS ** 3);
    const short = labelLettersSchema.safeParse({ ...file, tables: { ...file.tables, words: encode(words.slice(1)) } });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.message).toBe(`a table of ${LETTER_SYMBOLS ** 3} cells (base64 of one byte each), got ${LETTER_SYMBOLS ** 3 - 1}`);
  });
});

describe('NameBaseRates', () => {
  const file = {
    source: 's',
    licence: 'l',
    features: ['random', 'jp-token'],
    totals: { registrations: 10_000, phishing: 1_000 },
    priorStrength: { registrations: 100, phishing: 10 },
    tiers: {
      legacy: { registrations: 6_000, phishing: 300, unlisted: { registrations: 0, phishing: 0 }, counts: '60 30  6 15' },
      new: { registrations: 3_000, phishing: 400, unlisted: { registrations: 1_000, phishing: 200 }, counts: '300 200  3 20' },
      'country-code': { registrations: 1_000, phishing: 300, unlisted: { registrations: 0, phishing: 300 }, counts: '10 150  1 3' },
    },
    suffixes: {
      com: { tier: 'legacy', registrations: 6_000, phishing: 300, counts: '60 30  6 15' },
      top: { tier: 'new', registrations: 2_000, phishing: 200, counts: '400 120  2 10' },
    },
  };
  const sut: NameBaseRates = nameBaseRatesSchema.parse(file);

  it('weighs a feature by the log of its share among phishing over its share among new registrations, blended with the tier', () => {
    const random = sut.scopeOf('top', LEGACY)!.feature('random')!;
    // .top: 400 of 2,000 new registrations and 120 of 200 phishing ones, blended with the new-gTLD tier.
    expect(random.registrations).toBeCloseTo((400 + 100 * ((300 + 100 * ((370 + 0.5) / 10_001)) / 3_100)) / 2_100, 10);
    expect(random.evidence).toBeCloseTo(Math.log(random.phishing / random.registrations), 10);
    expect(random.explanation).toBe(`${oneIn(random.registrations)} new .top registrations look like this, ${oneIn(random.phishing)} phishing .top registrations`);
  });

  it('gives a gTLD without a row its tier, and says so', () => {
    const scope = sut.scopeOf('cfd', LEGACY)!;
    expect(scope.where).toBe('the new gTLDs');
    expect(scope.feature('jp-token')!.explanation).toMatch(/new registrations on the new gTLDs look like this, .* phishing registrations on the new gTLDs$/);
    expect(scope.suffix!.explanation).toMatch(/^1 in \d+ phishing registrations are on the new gTLDs with few names in the sample \(\.cfd among them\), against 1 in \d+ new registrations$/);
  });

  it('measures no country code without a row: the sample holds none of its registrations', () => {
    expect(sut.scopeOf('cn', LEGACY)).toBeUndefined();
    expect(sut.scopeOf('co.jp', LEGACY)).toBeUndefined();
    expect(sut.scopeOf('lg.jp', LEGACY)).toBeUndefined();
  });

  it('lets a country code the caller names borrow honest rates: the highest share of any tier, beside the country codes\' phishing share', () => {
    const onRiskList = (suffix: string) => suffix === 'cn';
    const scope = sut.scopeOf('com.cn', LEGACY, onRiskList)!;
    expect(scope.where).toBe('.com.cn');
    expect(scope.suffix).toBeUndefined();
    const random = scope.feature('random')!;
    // Honest side: the new-gTLD tier's share is the highest (300 of 3,000, blended with all tiers).
    const all = (60 + 300 + 10 + 0.5) / 10_001;
    expect(random.registrations).toBeCloseTo((300 + 100 * all) / (3_000 + 100), 10);
    // Phishing side: the country-code tier's (150 of 300).
    const allPhishing = (30 + 200 + 150 + 0.5) / 1_001;
    expect(random.phishing).toBeCloseTo((150 + 10 * allPhishing) / (300 + 10), 10);
    expect(random.explanation).toBe(`${oneIn(random.registrations)} new registrations (at most, in any part of the sample: none under .com.cn is in it) look like this, ${oneIn(random.phishing)} phishing registrations on country codes`);
    expect(sut.scopeOf('co.jp', LEGACY, onRiskList)).toBeUndefined();
    expect(sut.scopeOf('top', LEGACY, onRiskList)!.suffix).toBeDefined();
  });

  it('compares the suffix shares for the suffix itself', () => {
    const top = sut.scopeOf('top', LEGACY)!.suffix!;
    expect(top.evidence).toBeCloseTo(Math.log(((200 + 0.5) / 1_001) / ((2_000 + 0.5) / 10_001)), 10);
  });

  it('rejects counts that do not pair with the features, naming where', () => {
    const result = nameBaseRatesSchema.safeParse({ ...file, suffixes: { ...file.suffixes, top: { ...file.suffixes.top, counts: '1 2 3' } } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toContain('suffixes.top.counts: pairs of whole numbers: new registrations, phishing registrations');
  });

  it('tells legacy gTLDs, new gTLDs and country codes apart', () => {
    expect(suffixTier('com', LEGACY)).toBe('legacy');
    expect(suffixTier('shop', LEGACY)).toBe('new');
    expect(suffixTier('com.cn', LEGACY)).toBe('country-code');
    expect(suffixTier('xn--tckwe', LEGACY)).toBe('country-code');
  });

  it('writes shares as people read them', () => {
    expect(oneIn(0.7)).toBe('7 in 10');
    expect(oneIn(1 / 3)).toBe('1 in 3');
    expect(oneIn(1 / 187)).toBe('1 in 185');
    expect(oneIn(1 / 1_234)).toBe('1 in 1,250');
    expect(oneIn(1 / 4_321)).toBe('1 in 4,500');
    expect(oneIn(1e-6)).toBe('fewer than 1 in 10,000');
  });

  it('holds a row for every suffix with 200 or more new registrations in the shipped base rates, and none for .jp', () => {
    const rates = shippedEngine().rules.fitted.get('name-base-rates') as NameBaseRates;
    const legacy = shippedEngine().rules.lists.get('legacy-gtlds')!;
    for (const suffix of ['com', 'net', 'top', 'xyz', 'shop']) expect(rates.scopeOf(suffix, legacy)?.where).toBe(`.${suffix}`);
    expect(rates.scopeOf('jp', legacy)).toBeUndefined();
  });
});
