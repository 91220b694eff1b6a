import { describe, expect, it } from 'vitest';
import type { Application } from '../../../../src/engine';
import { postalCodeSignal } from '../../../../src/engine/signals/address/postal-code.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

type Address = NonNullable<NonNullable<Application['registrant']>['address']>;

/** An application whose address is exactly this one (the default's fields removed). */
const withAddress = (address: Address) =>
  anApplication({ registrant: { address: { postalCode: undefined, prefecture: undefined, city: undefined, line1: undefined, country: undefined, ...address } } });

describe(postalCodeSignal.name, () => {
  const sut = (address: Address) => reasonsOf(runSignal(postalCodeSignal, withAddress(address)));
  const detailOf = (address: Address) => runSignal(postalCodeSignal, withAddress(address))[0]?.detail;

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(postalCodeSignal, anApplication()))).toEqual([]);
  });

  it.each<[string, Address]>([
    ['Osaka, designated-city ward in the city field', { postalCode: '〒530-0001', prefecture: '大阪府', city: '大阪市北区', line1: '梅田1-1-3' }],
    ['Sapporo', { postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', line1: '北一条西' }],
    ['Yokohama, ward in line 1', { postalCode: '220-0012', prefecture: '神奈川県', city: '横浜市', line1: '西区みなとみらい2-2-1' }],
    ['Yokohama, ward left out', { postalCode: '220-0012', prefecture: '神奈川県', city: '横浜市', line1: 'みなとみらい2-2-1' }],
    ['Yokohama, ward in the city field', { postalCode: '220-0012', prefecture: '神奈川県', city: '横浜市西区', line1: 'みなとみらい2-2-1' }],
    ['Naha', { postalCode: '900-0001', prefecture: '沖縄県', city: '那覇市', line1: '港町2-1-1' }],
    ['a town without its county', { postalCode: '044-0001', prefecture: '北海道', city: '倶知安町', line1: '北1条東2丁目' }],
    ['a town with its county', { postalCode: '044-0001', prefecture: '北海道', city: '虻田郡倶知安町', line1: '北1条東2丁目' }],
    ['the county in the city field, the town in line 1', { postalCode: '044-0001', prefecture: '北海道', city: '虻田郡', line1: '倶知安町北1条東2丁目' }],
    ['the prefecture repeated in the city field', { postalCode: '100-0001', prefecture: '東京都', city: '東京都千代田区', line1: '千代田1-1' }],
    ['the prefecture without 都', { postalCode: '100-0001', prefecture: '東京', city: '千代田区', line1: '千代田1-1' }],
    ['no prefecture field, the prefecture in the city', { postalCode: '100-0001', city: '東京都千代田区', line1: '千代田1-1' }],
    ['ヶ where KEN_ALL has ケ', { postalCode: '273-0101', prefecture: '千葉県', city: '鎌ヶ谷市', line1: '富岡1-1' }],
    ['ケ where KEN_ALL has ヶ', { postalCode: '253-0041', prefecture: '神奈川県', city: '茅ケ崎市', line1: '茅ヶ崎1-1' }],
    ['full-width and half-width forms', { postalCode: '２２０ー００１２', prefecture: '神奈川県', city: '横浜市　西区', line1: 'みなとみらい２－２－１' }],
    ['one code shared by two municipalities', { postalCode: '190-0100', prefecture: '東京都', city: '西多摩郡日の出町', line1: '大久野1' }],
    ['a romaji address', { postalCode: '100-0001', prefecture: 'Tokyo', city: 'Chiyoda-ku', line1: '1-1 Chiyoda' }],
    ['a romaji prefecture with suffix', { postalCode: '530-0001', prefecture: 'Osaka-fu', city: 'Osaka-shi Kita-ku', line1: '1-1-3 Umeda' }],
  ])('accepts %s', (_case, address) => {
    expect(sut(address)).toEqual([]);
  });

  it.each(['1000001', '100-0001', '１００－０００１', '〒100ー0001', '100−0001', '100‐0001', '100 0001'])('normalises %s to 100-0001', (postalCode) => {
    expect(sut({ postalCode, prefecture: '東京都', city: '千代田区', line1: '千代田1-1' })).toEqual([]);
    expect(sut({ postalCode, prefecture: '大阪府', city: '千代田区', line1: '千代田1-1' })).toEqual(['POSTAL_CODE_PREFECTURE_MISMATCH']);
  });

  it.each(['100-001', '1000-0011', '10000001', 'abc-defg', '100-00O1'])('reports %s as malformed', (postalCode) => {
    expect(sut({ postalCode, prefecture: '東京都', city: '千代田区', line1: '千代田1-1' })).toEqual(['POSTAL_CODE_MALFORMED']);
  });

  it('reports a 7-digit code that KEN_ALL does not have', () => {
    expect(sut({ postalCode: '999-9999', prefecture: '東京都', city: '千代田区', line1: '千代田1-1' })).toEqual(['POSTAL_CODE_UNKNOWN']);
    expect(detailOf({ postalCode: '999-9999', prefecture: '東京都', city: '千代田区', line1: '千代田1-1' })).toContain('999-9999');
  });

  it('notes for an organisation that an unknown code may be its business code', () => {
    const application = anApplication({ registrant: { type: 'organization', organization: { name: '宮内庁' }, address: { postalCode: '100-8111' } } });
    const hits = runSignal(postalCodeSignal, application);
    expect(reasonsOf(hits)).toEqual(['POSTAL_CODE_UNKNOWN']);
    expect(hits[0]?.detail).toContain('business code');
    expect(detailOf({ postalCode: '100-8111', prefecture: '東京都', city: '千代田区', line1: '千代田1-1' })).not.toContain('business code');
  });

  it('reports a code from another prefecture, naming both', () => {
    expect(sut({ postalCode: '100-0001', prefecture: '大阪府', city: '大阪市北区', line1: '梅田1-1-3' })).toEqual(['POSTAL_CODE_PREFECTURE_MISMATCH']);
    expect(detailOf({ postalCode: '100-0001', prefecture: '大阪府', city: '大阪市北区', line1: '梅田1-1-3' })).toBe(
      'the postal code belongs to 東京都, but the address gives 大阪府',
    );
  });

  it('reads the prefecture from the city field when the prefecture field is empty', () => {
    expect(sut({ postalCode: '100-0001', city: '大阪府大阪市北区', line1: '梅田1-1-3' })).toEqual(['POSTAL_CODE_PREFECTURE_MISMATCH']);
  });

  it('reports a romaji prefecture that differs from the code', () => {
    expect(sut({ postalCode: '100-0001', prefecture: 'Osaka', city: 'Chiyoda-ku', line1: '1-1 Chiyoda' })).toEqual(['POSTAL_CODE_PREFECTURE_MISMATCH']);
  });

  it('reports a code from another municipality of the same prefecture', () => {
    expect(sut({ postalCode: '150-0002', prefecture: '東京都', city: '千代田区', line1: '千代田1-1' })).toEqual(['POSTAL_CODE_CITY_MISMATCH']);
    expect(detailOf({ postalCode: '150-0002', prefecture: '東京都', city: '千代田区', line1: '千代田1-1' })).toContain('渋谷区');
  });

  it('reports another ward of the same designated city', () => {
    expect(sut({ postalCode: '220-0012', prefecture: '神奈川県', city: '横浜市', line1: '中区みなとみらい2-2-1' })).toEqual(['POSTAL_CODE_CITY_MISMATCH']);
    expect(sut({ postalCode: '220-0012', prefecture: '神奈川県', city: '横浜市中区', line1: 'みなとみらい2-2-1' })).toEqual(['POSTAL_CODE_CITY_MISMATCH']);
  });

  it('reports a town of another county', () => {
    expect(sut({ postalCode: '044-0001', prefecture: '北海道', city: 'ニセコ町', line1: '字曽我1' })).toEqual(['POSTAL_CODE_CITY_MISMATCH']);
  });

  it('does not judge the city of a romaji address', () => {
    expect(sut({ postalCode: '150-0002', prefecture: 'Tokyo', city: 'Chiyoda-ku', line1: '1-1 Chiyoda' })).toEqual([]);
  });

  it('says nothing without a postal code or for a foreign address', () => {
    expect(sut({ prefecture: '東京都', city: '千代田区', line1: '千代田1-1' })).toEqual([]);
    expect(sut({ postalCode: '94103', city: 'San Francisco', line1: '1 Market St', country: 'US' })).toEqual([]);
    expect(sut({ postalCode: '999-9999', city: 'Seoul', line1: '1 Sejong-daero', country: 'kr' })).toEqual([]);
  });
});
