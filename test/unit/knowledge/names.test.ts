import { beforeAll, describe, expect, it } from 'vitest';
import type { NameDictionary } from '../../../src/engine/knowledge';
import { loadNameDictionary } from '../../../src/knowledge/names';

describe(loadNameDictionary.name, () => {
  let sut: NameDictionary;

  beforeAll(() => {
    sut = loadNameDictionary();
  });

  it('loads well under a second', () => {
    const started = performance.now();
    loadNameDictionary();
    expect(performance.now() - started).toBeLessThan(1000);
  });

  describe('surnames', () => {
    it.each([
      ['佐藤', 'サトウ'],
      ['鈴木', 'スズキ'],
      ['高橋', 'タカハシ'],
      ['田中', 'タナカ'],
    ])('reads %s as %s', (written, reading) => {
      expect(sut.surnameReadings(written)).toContain(reading);
    });

    it('keeps every reading of a surname', () => {
      expect(sut.surnameReadings('高橋')).toEqual(['タカハシ', 'タカバシ']);
    });

    it('recognises a surname reading in katakana, hiragana or half-width katakana', () => {
      expect(sut.isSurnameReading('サトウ')).toBe(true);
      expect(sut.isSurnameReading('さとう')).toBe(true);
      expect(sut.isSurnameReading('ｻﾄｳ')).toBe(true);
    });

    it('reads a surname written in kana as itself', () => {
      expect(sut.surnameReadings('さとう')).toEqual(['サトウ']);
    });

    it('does not mix up surnames and given names', () => {
      expect(sut.surnameReadings('花子')).toBeUndefined();
      expect(sut.isSurnameReading('ハナコ')).toBe(false);
    });
  });

  describe('given names', () => {
    it.each([
      ['花子', 'ハナコ'],
      ['太郎', 'タロウ'],
      ['翔太', 'ショウタ'],
      ['結衣', 'ユイ'],
    ])('reads %s as %s', (written, reading) => {
      expect(sut.givenNameReadings(written)).toContain(reading);
    });

    it('recognises a given-name reading', () => {
      expect(sut.isGivenNameReading('ハナコ')).toBe(true);
      expect(sut.isGivenNameReading('はなこ')).toBe(true);
    });

    it('normalises a hiragana reading that IPADIC stores in hiragana (かほる)', () => {
      expect(sut.givenNameReadings('かほる')).toEqual(['カホル']);
    });

    // IPADIC dates from 2007: names popular since then are missing (a documented gap).
    it.each(['陽菜', '陽翔', '大翔'])('does not know the recent name %s', (written) => {
      expect(sut.givenNameReadings(written)).toBeUndefined();
    });
  });

  it.each(['xqzv', 'ヴョヴョヴョ', '鬱鬱鬱', ''])('knows nothing of %j', (nonsense) => {
    expect(sut.surnameReadings(nonsense)).toBeUndefined();
    expect(sut.givenNameReadings(nonsense)).toBeUndefined();
    expect(sut.isSurnameReading(nonsense)).toBe(false);
    expect(sut.isGivenNameReading(nonsense)).toBe(false);
  });

  it('does not treat romaji as a reading', () => {
    expect(sut.isSurnameReading('sato')).toBe(false);
    expect(sut.surnameReadings('sato')).toBeUndefined();
  });
});
