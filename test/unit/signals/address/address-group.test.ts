import { describe, expect, it } from 'vitest';
import { anApplication } from '../../../support/factories';
import { shippedEngine } from '../../../support/engine';

/** The address group through the shipped rules: which reasons fire, with which points. */
describe('address signals with the shipped rules', () => {
  const addressHits = (overrides: Parameters<typeof anApplication>[0]) =>
    shippedEngine()
      .screen(anApplication(overrides))
      .hits.filter((hit) => hit.signal.startsWith('address.'))
      .map((hit) => `${hit.reason} ${hit.points}`);

  it('stays quiet on the clean default application', () => {
    expect(addressHits({})).toEqual([]);
  });

  it('stays quiet on real-looking Japanese addresses', () => {
    expect(addressHits({ registrant: { address: { postalCode: '〒530-0001', prefecture: '大阪府', city: '大阪市北区', line1: '梅田1-1-3' } } })).toEqual([]);
    expect(addressHits({ registrant: { address: { postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', line1: '北一条西' } } })).toEqual([]);
    expect(addressHits({ registrant: { address: { postalCode: '220-0012', prefecture: '神奈川県', city: '横浜市西区', line1: 'みなとみらい2-2-1' } } })).toEqual([]);
    expect(addressHits({ registrant: { address: { postalCode: '900-0001', prefecture: '沖縄県', city: '那覇市', line1: '港町2-1-1' } } })).toEqual([]);
  });

  it('scores a foreign address with a borrowed Japanese code for a .jp name', () => {
    expect(addressHits({ registrant: { address: { postalCode: '518000', prefecture: 'Guangdong', city: 'Shenzhen', line1: 'Futian', country: 'CN' } } })).toEqual([
      'ADDRESS_NON_JP_FOR_JP_DOMAIN 20',
    ]);
  });

  it('scores an address whose code is from another prefecture and whose line has no number', () => {
    expect(addressHits({ registrant: { address: { postalCode: '100-0001', prefecture: '大阪府', city: '大阪市北区', line1: '梅田' } } })).toEqual([
      'POSTAL_CODE_PREFECTURE_MISMATCH 15',
      'ADDRESS_NO_HOUSE_NUMBER 4',
    ]);
  });
});
