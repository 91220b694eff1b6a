import { describe, expect, it } from 'vitest';
import type { Application } from '../../../../src/engine';
import { addressCompletenessSignal } from '../../../../src/engine/signals/address/address-completeness.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

type Address = NonNullable<NonNullable<Application['registrant']>['address']>;

const withAddress = (address: Address) =>
  anApplication({ registrant: { address: { postalCode: undefined, prefecture: undefined, city: undefined, line1: undefined, country: undefined, ...address } } });

describe(addressCompletenessSignal.name, () => {
  const sut = (address: Address) => reasonsOf(runSignal(addressCompletenessSignal, withAddress(address)));
  const detailOf = (address: Address) => runSignal(addressCompletenessSignal, withAddress(address))[0]?.detail;

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(addressCompletenessSignal, anApplication()))).toEqual([]);
  });

  it('reports a registrant without an address, or with an empty one', () => {
    expect(reasonsOf(runSignal(addressCompletenessSignal, anApplication({ registrant: { address: undefined } })))).toEqual(['ADDRESS_MISSING']);
    expect(reasonsOf(runSignal(addressCompletenessSignal, anApplication({ registrant: { address: null } })))).toEqual(['ADDRESS_MISSING']);
    expect(sut({ country: 'JP' })).toEqual(['ADDRESS_MISSING']);
  });

  it('says nothing without a registrant', () => {
    expect(reasonsOf(runSignal(addressCompletenessSignal, anApplication({ registrant: undefined })))).toEqual([]);
  });

  it('names each missing part of a Japanese address', () => {
    expect(sut({ prefecture: '東京都', city: '千代田区', line1: '千代田1-1' })).toEqual(['ADDRESS_INCOMPLETE']);
    expect(detailOf({ prefecture: '東京都', city: '千代田区', line1: '千代田1-1' })).toBe('the address has no postal code');
    expect(detailOf({ postalCode: '100-0001', line1: '千代田1-1' })).toBe('the address has no prefecture, city');
    expect(detailOf({ postalCode: '100-0001', prefecture: '東京都', city: '千代田区' })).toBe('the address has no street address (line 1)');
  });

  it.each<[string, Address]>([
    ['the prefecture in the city field', { postalCode: '100-0001', city: '東京都千代田区', line1: '千代田1-1' }],
    ['everything in line 1', { postalCode: '100-0001', line1: '東京都千代田区千代田1-1' }],
    ['a designated city in line 1', { postalCode: '530-0001', prefecture: '大阪府', line1: '大阪市北区梅田1-1-3' }],
    ['a town (町) in line 1, confirmed by the postal code', { postalCode: '044-0001', prefecture: '北海道', line1: '倶知安町北1条東2丁目' }],
    ['a romaji address', { postalCode: '100-0001', prefecture: 'Tokyo', city: 'Chiyoda-ku', line1: '1-1 Chiyoda' }],
  ])('counts parts written in another field: %s', (_case, address) => {
    expect(sut(address)).toEqual([]);
  });

  it('does not take a town area in line 1 for the municipality', () => {
    expect(detailOf({ postalCode: '231-0023', prefecture: '神奈川県', line1: '山下町1' })).toBe('the address has no city');
  });

  it('requires only a street line of a foreign address', () => {
    expect(sut({ city: 'Singapore', line1: '1 Raffles Place', country: 'SG' })).toEqual([]);
    expect(sut({ line1: '1 Queen’s Road Central', country: 'HK' })).toEqual([]);
    expect(sut({ postalCode: '94103', city: 'San Francisco', country: 'US' })).toEqual(['ADDRESS_INCOMPLETE']);
  });

  it.each(['東京都', '東京', '大阪', '神奈川', '京都', 'Tokyo', 'Tokyo-to', 'Kyoto-fu', 'Hyogo Prefecture', 'Hyōgo', 'Kouchi', 'Ōita'])('accepts the prefecture %s', (prefecture) => {
    expect(sut({ postalCode: '100-0001', prefecture, city: '千代田区', line1: '千代田1-1' })).toEqual([]);
  });

  it.each(['東京府', 'Guangdong', '广东省', 'California', 'テスト', 'あああ'])('reports %s as no Japanese prefecture', (prefecture) => {
    expect(sut({ postalCode: '100-0001', prefecture, city: '千代田区', line1: '千代田1-1' })).toEqual(['ADDRESS_PREFECTURE_UNKNOWN']);
  });

  it('does not judge the region of a foreign address', () => {
    expect(sut({ postalCode: '510000', prefecture: 'Guangdong', city: 'Guangzhou', line1: '1 Tianhe Rd', country: 'CN' })).toEqual([]);
  });
});
