import { describe, expect, it } from 'vitest';
import { nameKanjiSignal } from '../../../../src/engine/signals/name/name-kanji.signal';
import { reasonsOf, runSignal } from '../../../support/engine';
import { anApplication } from '../../../support/factories';

describe(nameKanjiSignal.name, () => {
  const sut = (kanji?: string, kana?: string, romaji?: string) =>
    runSignal(nameKanjiSignal, anApplication({ registrant: { name: { kanji, kana, romaji } } }));

  describe('NAME_GIVEN_NAME_NON_NAME_KANJI', () => {
    it('reports given-name kanji outside jōyō and jinmeiyō, naming them', () => {
      expect(sut('田中 俊杰', undefined, undefined)).toEqual([
        { reason: 'NAME_GIVEN_NAME_NON_NAME_KANJI', detail: 'the given name uses 杰, outside the jōyō and jinmeiyō kanji allowed in Japanese given names' },
      ]);
      expect(reasonsOf(sut('田中俊杰', 'タナカ シュンケツ', undefined))).toEqual(['NAME_GIVEN_NAME_NON_NAME_KANJI']);
    });

    it.each([
      ['佐藤 花子', 'サトウ ハナコ'],
      ['佐々木 菜々子', 'ササキ ナナコ'],
      ['草彅 剛', 'クサナギ ツヨシ'],
      ['髙橋 一生', 'タカハシ イッセイ'],
      ['山﨑 賢人', 'ヤマザキ ケント'],
      ['広瀬 すず', 'ヒロセ スズ'],
      ['宇多田 ヒカル', 'ウタダ ヒカル'],
      ['佐藤 凜', 'サトウ リン'],
    ])('accepts %s: surnames may use any kanji, given names kana and 々', (kanji, kana) => {
      expect(sut(kanji, kana, undefined)).toEqual([]);
    });

    it('does not judge a name presented as foreign', () => {
      expect(reasonsOf(sut('金 英洙', 'キム ヨンス', 'Kim Youngsoo'))).toEqual([]);
    });
  });

  describe('NAME_SIMPLIFIED_CHINESE', () => {
    it('reports simplified-only characters anywhere in the kanji name, naming them', () => {
      expect(sut('王 伟', 'ワン ウェイ', 'Wang Wei')).toEqual([
        { reason: 'NAME_SIMPLIFIED_CHINESE', detail: 'the kanji name uses simplified Chinese 伟, not used in Japanese' },
      ]);
      expect(reasonsOf(sut('张 华', undefined, 'Zhang Hua'))).toEqual(['NAME_SIMPLIFIED_CHINESE']);
    });

    it('reports both when a name presented as Japanese uses them', () => {
      expect(reasonsOf(sut('田中 伟杰', undefined, undefined))).toEqual(['NAME_GIVEN_NAME_NON_NAME_KANJI', 'NAME_SIMPLIFIED_CHINESE']);
    });

    it('counts a simplified character once, not also as a non-name kanji', () => {
      expect(sut('田中 华子', 'タナカ ハナコ', undefined)).toEqual([
        { reason: 'NAME_SIMPLIFIED_CHINESE', detail: 'the kanji name uses simplified Chinese 华, not used in Japanese' },
      ]);
    });

    it('accepts traditional and Japanese forms', () => {
      expect(sut('王 偉', undefined, undefined)).toEqual([]);
      expect(sut('東 華子', 'アズマ ハナコ', undefined)).toEqual([]);
    });
  });

  it('says nothing about a name without kanji', () => {
    expect(sut(undefined, 'サトウ ハナコ', 'Hanako Sato')).toEqual([]);
    expect(sut('ジョン スミス', 'ジョン スミス', 'John Smith')).toEqual([]);
  });
});
