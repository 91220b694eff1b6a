import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KanjiSets } from '../../../src/engine/knowledge';
import { loadKanjiSets } from '../../../src/knowledge/kanji';

const kanjiFile = path.join(__dirname, '../../../src/knowledge/data/name-kanji.json');

describe(loadKanjiSets.name, () => {
  let sut: KanjiSets;

  beforeAll(() => {
    sut = loadKanjiSets();
  });

  describe('the bundled data', () => {
    const data = JSON.parse(fs.readFileSync(kanjiFile, 'utf8')) as Record<'joyo' | 'jinmeiyo' | 'simplifiedOnly', string[]>;

    it('has the 2136 jōyō and 863 jinmeiyō kanji, 2999 distinct', () => {
      expect(new Set(data.joyo).size).toBe(2136);
      expect(new Set(data.jinmeiyo).size).toBe(863);
      expect(new Set([...data.joyo, ...data.jinmeiyo]).size).toBe(2999);
    });

    it('keeps simplified-only characters out of the name kanji', () => {
      const nameKanji = [...data.joyo, ...data.jinmeiyo];
      expect(nameKanji.filter((char) => sut.isSimplifiedOnly(char))).toEqual([]);
      expect(data.simplifiedOnly.filter((char) => sut.isNameKanji(char))).toEqual([]);
    });
  });

  describe('isNameKanji', () => {
    it.each([...'佐藤花子太郎国学広沢辺斉竜陽菜翔'])('accepts the jōyō/jinmeiyō kanji %s', (char) => {
      expect(sut.isNameKanji(char)).toBe(true);
    });

    it.each([...'亞惠廣齊龍渾'])('accepts the jinmeiyō kanji %s', (char) => {
      expect(sut.isNameKanji(char)).toBe(true);
    });

    // Old forms found in surnames (澤田, 渡邊, 齋藤) are not allowed in given names.
    it.each([...'澤邊齋'])('rejects the surname-only old form %s', (char) => {
      expect(sut.isNameKanji(char)).toBe(false);
    });

    it('accepts the permitted variants of jōyō kanji', () => {
      expect([...'𠮟叱剝剥塡填頰頬'].filter((char) => !sut.isNameKanji(char))).toEqual([]);
    });

    it('accepts a compatibility ideograph as its unified form', () => {
      expect(sut.isNameKanji('\uFA19')).toBe(true);
    });

    it('accepts the iteration mark 々 (奈々, 佐々木)', () => {
      expect(sut.isNameKanji('々')).toBe(true);
    });

    it.each([...'东马杰〆ア'])('rejects %s', (char) => {
      expect(sut.isNameKanji(char)).toBe(false);
    });
  });

  describe('isSimplifiedOnly', () => {
    it.each([...'东马华丽龙门书车爱伟刘张陈杨赵吴'])('flags %s', (char) => {
      expect(sut.isSimplifiedOnly(char)).toBe(true);
    });

    it.each([...'佐藤花子太郎国学広沢辺斉竜'])('does not flag the Japanese kanji %s', (char) => {
      expect(sut.isSimplifiedOnly(char)).toBe(false);
    });

    // 杰 is simplified Chinese for 傑 but also a JIS X 0208 level-2 kanji; only characters outside
    // JIS X 0208 are flagged, so Japanese text never trips this.
    it('does not flag 杰, which is in JIS X 0208', () => {
      expect(sut.isSimplifiedOnly('杰')).toBe(false);
    });

    it('does not flag kana or Latin letters', () => {
      expect(sut.isSimplifiedOnly('あ')).toBe(false);
      expect(sut.isSimplifiedOnly('A')).toBe(false);
    });
  });
});
