import { describe, expect, it } from 'vitest';
import { canBeJapaneseRomaji, kanaKey, katakanaReadingsOf, katakanaToRomaji, romajiKey, unvoicedKey } from '../../../../src/engine/signals/name/hepburn';

describe('hepburn', () => {
  describe('romajiKey', () => {
    it.each([
      [['Sato', 'Satou', 'Satoh', 'Satō', 'SATOO', 'Satô'], 'sato'],
      [['Ono', 'Oono', 'Ohno', 'Ōno'], 'ono'],
      [['Homma', 'Honma'], 'honma'],
      [['Shota', 'Shouta', 'Syouta', 'Syota', 'Shōta'], 'shota'],
      [['Tsuyoshi', 'Tuyosi'], 'tsuyoshi'],
      [['Junichi', "Jun'ichi", 'Jun-ichi', 'Zyun-iti'], 'junichi'],
      [['Yuki', 'Yuuki', 'Yūki'], 'yuki'],
      [['Fujita', 'Huzita'], 'fujita'],
      [['Matcha', 'Maccha'], 'matcha'],
      [['Kouro', 'Kōro', 'Kouurou'], 'koro'],
    ])('folds %j to %s', (spellings, key) => {
      for (const spelling of spellings) expect(romajiKey(spelling)).toBe(key);
    });

    it('keeps different names apart', () => {
      expect(romajiKey('Sato')).not.toBe(romajiKey('Saito'));
      expect(romajiKey('Kato')).not.toBe(romajiKey('Goto'));
      expect(romajiKey('Hattori')).not.toBe(romajiKey('Hatori'));
    });
  });

  describe(katakanaToRomaji.name, () => {
    it.each([
      ['サトウ', 'satou'],
      ['ジュンイチロウ', 'junichirou'],
      ['ハットリ', 'hattori'],
      ['マッチャ', 'matcha'],
      ['キョウコ', 'kyouko'],
      ['コーヘイ', 'koohei'],
      ['ヂ', 'ji'],
    ])('romanises %s as %s', (katakana, romaji) => {
      expect(katakanaToRomaji(katakana)).toBe(romaji);
    });

    it('gives kana and romaji of one name the same key', () => {
      expect(kanaKey('イトウ')).toBe(romajiKey('Itoh'));
      expect(kanaKey('ホンマ')).toBe(romajiKey('Homma'));
      expect(kanaKey('シンイチ')).toBe(romajiKey("Shin'ichi"));
    });
  });

  describe(canBeJapaneseRomaji.name, () => {
    it.each(['Hanako', 'Sato', 'Satoh', 'Homma', 'Shin-ichi', 'Tsuyoshi', 'Syouta', 'Hattori', 'Matchi', 'Ōno', 'K.', 'Ken', 'Jun', 'Kyoko', 'Fumiko', 'Mitsue'])(
      'accepts %s',
      (word) => {
        expect(canBeJapaneseRomaji(word)).toBe(true);
      },
    );

    it.each(['Lee', 'Smith', 'Wang', 'Wei', 'Wong', 'Quinn', 'Xavier', 'Victor', 'Carl', 'Yin', 'Yeon', 'Wu', 'Fabio', 'Chen', 'Kim', 'Nguyen', 'Brown'])(
      'rejects %s',
      (word) => {
        expect(canBeJapaneseRomaji(word)).toBe(false);
      },
    );
  });

  describe(katakanaReadingsOf.name, () => {
    it('spells out the vowel lengths and syllabic n the romaji leaves open', () => {
      expect(katakanaReadingsOf('Ichiro')).toEqual(expect.arrayContaining(['イチロ', 'イチロウ']));
      expect(katakanaReadingsOf('Shinichi')).toEqual(expect.arrayContaining(['シニチ', 'シンイチ']));
      expect(katakanaReadingsOf('Satoh')).toContain('サトウ');
      expect(katakanaReadingsOf('Homma')).toContain('ホンマ');
    });

    it('gives nothing for words no kana spells', () => {
      expect(katakanaReadingsOf('Smith')).toEqual([]);
    });
  });

  it('ignores voicing in unvoicedKey (rendaku)', () => {
    expect(unvoicedKey(romajiKey('Yamazaki'))).toBe(unvoicedKey(romajiKey('Yamasaki')));
    expect(unvoicedKey(romajiKey('Nakajima'))).toBe(unvoicedKey(romajiKey('Nakashima')));
  });
});
