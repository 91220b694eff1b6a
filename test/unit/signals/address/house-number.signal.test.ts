import { describe, expect, it } from 'vitest';
import { houseNumberSignal } from '../../../../src/engine/signals/address/house-number.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(houseNumberSignal.name, () => {
  const sut = (line1: string | undefined, extra: { line2?: string; country?: string } = {}) =>
    reasonsOf(runSignal(houseNumberSignal, anApplication({ registrant: { address: { line1, ...extra } } })));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(houseNumberSignal, anApplication()))).toEqual([]);
  });

  it.each(['千代田', '梅田', 'みなとみらい', '字北', '中区山下町'])('reports %s as having no house number', (line1) => {
    expect(sut(line1)).toEqual(['ADDRESS_NO_HOUSE_NUMBER']);
  });

  it.each([
    '千代田1-1',
    '梅田１－１－３',
    '霞が関一丁目2番2号',
    '千代田一の一',
    '大字神田二番地',
    '字東山番外地',
    '北一条西',
    '東四線',
    '第二地割',
    '1-1 Chiyoda',
  ])('accepts %s', (line1) => {
    expect(sut(line1)).toEqual([]);
  });

  it('accepts a number given in line 2', () => {
    expect(sut('千代田', { line2: '1-1 千代田ハイツ101' })).toEqual([]);
  });

  it('says nothing without line 1 or for a foreign address', () => {
    expect(sut(undefined)).toEqual([]);
    expect(sut('Rosebank Cottage', { country: 'GB' })).toEqual([]);
  });
});
