import { describe, expect, it } from 'vitest';
import type { Application } from '../../../../src/engine';
import { placeholderAddressSignal } from '../../../../src/engine/signals/address/placeholder-address.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

type Address = NonNullable<NonNullable<Application['registrant']>['address']>;

describe(placeholderAddressSignal.name, () => {
  const run = (address: Address, organization?: { name: string }) =>
    runSignal(placeholderAddressSignal, anApplication({ registrant: { address, ...(organization ? { type: 'organization', organization } : {}) } }));
  const sut = (address: Address, organization?: { name: string }) => reasonsOf(run(address, organization));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(placeholderAddressSignal, anApplication()))).toEqual([]);
  });

  it.each([
    ['the usual fields', { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', line1: '千代田1-1' }],
    ['the prefecture in the city', { city: '東京都千代田区', line1: '千代田1-1' }],
    ['everything in line 1', { prefecture: null, city: null, line1: '東京都千代田区千代田1-1' }],
    ['番 and 号', { prefecture: '東京都', city: '千代田区', line1: '千代田1番1号' }],
    ['kanji numerals', { prefecture: '東京都', city: '千代田区', line1: '千代田一番一号' }],
    ['full-width digits and dashes', { prefecture: '東京都', city: '千代田区', line1: '千代田１－１' }],
    ['a building after the number', { prefecture: '東京都', city: '千代田区', line1: '千代田1-1 皇居' }],
  ])('reports the Imperial Palace written with %s', (_, address) => {
    const hits = run(address);
    expect(reasonsOf(hits)).toEqual(['ADDRESS_PLACEHOLDER']);
    expect(hits[0]?.detail).toContain('皇居');
  });

  it.each([
    ['霞ヶ関一丁目二番二号', '厚生労働省'],
    ['霞が関1丁目2番2号', '厚生労働省'],
    ['霞ケ関2-1-2', '総務省'],
    ['霞が関３－１－１', '国税庁'],
  ])('reports the ministry address %s (%s)', (line1, ministry) => {
    const hits = run({ prefecture: '東京都', city: '千代田区', line1 });
    expect(reasonsOf(hits)).toEqual(['ADDRESS_PLACEHOLDER']);
    expect(hits[0]?.detail).toContain(ministry);
  });

  it('reports landmarks outside 千代田区', () => {
    expect(sut({ prefecture: '大阪府', city: '大阪市中央区', line1: '大阪城1-1' })).toEqual(['ADDRESS_PLACEHOLDER']);
    expect(sut({ prefecture: '東京都', city: '港区', line1: '芝公園4丁目2番8号' })).toEqual(['ADDRESS_PLACEHOLDER']);
  });

  it.each([
    ['another number in the district', { prefecture: '東京都', city: '千代田区', line1: '霞が関1-2-3', line2: '霞が関ビル5F' }],
    ['a number that goes on', { prefecture: '東京都', city: '千代田区', line1: '千代田1-10' }],
    ['a longer house number', { prefecture: '東京都', city: '千代田区', line1: '霞が関1-2-25' }],
    ['丸の内, where companies are', { prefecture: '東京都', city: '千代田区', line1: '丸の内1-1-1' }],
    ['a landmark with tenants', { prefecture: '東京都', city: '墨田区', line1: '押上1-1-2', line2: '東京ソラマチ' }],
    ['the same street number in another city', { prefecture: '東京都', city: '八王子市', line1: '千代田1-1' }],
    ['a foreign address', { city: 'Chiyoda', line1: '千代田1-1', country: 'US' }],
  ])('stays quiet for %s', (_, address) => {
    expect(sut(address)).toEqual([]);
  });

  it('stays quiet for the institution at its own address', () => {
    expect(sut({ prefecture: '東京都', city: '千代田区', line1: '霞が関1-2-2' }, { name: '厚生労働省' })).toEqual([]);
    expect(sut({ prefecture: '東京都', city: '新宿区', line1: '西新宿2-8-1' }, { name: '東京都 デジタルサービス局' })).toEqual([]);
    expect(sut({ prefecture: '東京都', city: '千代田区', line1: '霞が関1-2-2' }, { name: '株式会社ミドリ精工' })).toEqual(['ADDRESS_PLACEHOLDER']);
  });
});
