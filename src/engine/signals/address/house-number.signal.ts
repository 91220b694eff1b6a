import { defineSignal, type SignalHit } from '../../signal';
import { isJapaneseAddress } from './japanese-address';

/**
 * A house number in any of the usual notations: digits (full- or half-width, "1-1", "1番地"), kanji
 * numerals with a unit (一丁目, 二番, 三号, 十二番地, 一の一), 番地 / 番外地 on its own, or the
 * numbered blocks of Hokkaido's grid towns and Iwate's 地割 (北一条西, 東四線, 第二地割), which
 * KEN_ALL itself gives as the town name.
 */
const HOUSE_NUMBER = /[0-9０-９]|[一二三四五六七八九十百千〇]+(?:丁目|番|号|条|線|地割|の[一二三四五六七八九十])|番地|番外地/u;

/**
 * Line 1 of a Japanese address names a street or district but no house number ("千代田"):
 * typed to get through a form, or copied from a map. Weak on its own: some people write the
 * number in line 2 or leave it to the building name.
 */
export const houseNumberSignal = defineSignal({
  name: 'address.house_number',
  requires: 'registrant',
  reasons: ['ADDRESS_NO_HOUSE_NUMBER'],
  evaluate({ application }): SignalHit[] {
    const address = application.registrant?.address;
    if (!address?.line1 || !isJapaneseAddress(address)) return [];
    if (HOUSE_NUMBER.test(address.line1) || (address.line2 && HOUSE_NUMBER.test(address.line2))) return [];
    return [{ reason: 'ADDRESS_NO_HOUSE_NUMBER', detail: 'line 1 of the address has no house number (no digits, 番地, or kanji numerals with 丁目/番/号)' }];
  },
});
